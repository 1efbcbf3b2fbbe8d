"""The script a reader downloads to repeat one run of the explorer.

Plain Keras and scikit-learn in the intro page's words, one script per setting,
written so that two settings' scripts differ only in the lines that make them
differ (the page marks those lines). Run on JAX, as the build trains, it
prints the same final test accuracy as the explorer shows for its setting: the
same data, seed, network, optimizer and ``fit`` arguments as
:mod:`sitebuild.explorer_runs`, which trains through the package's
``build_model`` and ``train``.
"""

from __future__ import annotations

from sitebuild.explorer_grid import BATCH_SIZE, EPOCHS, OPTIMIZERS, SEED, Setting

# The optimizer argument of compile(), as a reader would write it.
OPTIMIZER_CODE = {
    "adadelta-1.0": "keras.optimizers.Adadelta(learning_rate=1.0)",
    "adadelta-string": '"AdaDelta"',
    "adam": "keras.optimizers.Adam()",
}

HEADER = '''\
"""One run of the moons explorer, as plain Keras.

{description}

Trained on JAX by the site's build (Keras {keras_version}), this run ended
with a test accuracy of {test_accuracy:.3f}; run on JAX, this script prints
the same.
"""
'''

BODY = """\
import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras
import numpy as np
from keras.layers import Dense
from keras.models import Sequential
from sklearn.datasets import make_moons
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import scale

# The data: two moons, scaled, half of them kept for testing.
X, Y = make_moons(noise={noise}, random_state=0, n_samples=1000)
X = scale(X)
{product}X_train, X_test, Y_train, Y_test = train_test_split(X, Y, test_size=0.5, random_state=0)

# The network, from seeded initial weights.
keras.utils.set_random_seed({seed})
model = Sequential()
model.add(keras.Input(shape=({n_features},)))
{hidden}model.add(Dense(1, activation="sigmoid"))
model.compile(
    optimizer={optimizer},
    loss="binary_crossentropy",
    metrics=["accuracy"],
)

# On JAX, the site's build compiles training with most of XLA's optimisations
# off: for a network this small they take longer to compile than they save.
# They change the weights' last digits, so this asks for the same to get the
# same run.
if keras.backend.backend() == "jax":
    import jax

    jax.config.update("jax_disable_most_optimizations", True)

history = model.fit(
    X_train,
    Y_train,
    batch_size={batch_size},
    epochs={epochs},
    verbose=0,
    validation_data=(X_test, Y_test),
    validation_batch_size=len(X_test),
)

test_loss, test_accuracy = model.evaluate(X_test, Y_test, verbose=0)
print(f"Test loss: {{test_loss:.3f}}")
print(f"Test accuracy: {{test_accuracy:.3f}}")
"""

PRODUCT_LINE = "X = np.column_stack([X, X[:, 0] * X[:, 1]])  # the product x1·x2\n"


def describe(setting: Setting) -> str:
    """Describe the setting in words, for the script's docstring."""
    layers = "layer" if setting.layers == 1 else "layers"
    product = ", with the product x1·x2 as a third input" if setting.product else ""
    return (
        f"{setting.layers} hidden {layers} of {setting.units} units{product};"
        f" noise {setting.noise};\n{OPTIMIZERS[setting.optimizer]};"
        f" {EPOCHS} epochs in batches of {BATCH_SIZE}."
    )


def script(setting: Setting, test_accuracy: float, keras_version: str) -> str:
    """Return the runnable script of ``setting``, whose run ended at ``test_accuracy``."""
    hidden = f'model.add(Dense({setting.units}, activation="relu"))\n' * setting.layers
    header = HEADER.format(
        description=describe(setting),
        test_accuracy=test_accuracy,
        keras_version=keras_version,
    )
    body = BODY.format(
        noise=setting.noise,
        product=PRODUCT_LINE if setting.product else "",
        seed=SEED,
        n_features=setting.n_features,
        hidden=hidden,
        optimizer=OPTIMIZER_CODE[setting.optimizer],
        batch_size=BATCH_SIZE,
        epochs=EPOCHS,
    )
    return header + "\n" + body
