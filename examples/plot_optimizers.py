"""
Optimizers and the learning-rate trap
=====================================

The lesson compiled its network with ``optimizer='AdaDelta'``. On Keras 3 that
line still runs, without an error or a warning, and the network then barely
learns. This page shows why: the string still names the Adadelta algorithm,
but no longer the learning rate the lesson relied on. It then trains the
network with the optimizer the lesson meant and with two other common choices,
Adam and stochastic gradient descent (SGD) with momentum, and compares how fast
each one learns.
"""

# %%
import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import inspect

import keras
import matplotlib.pyplot as plt
import numpy as np

from moons_tutorial.data import load_moons
from moons_tutorial.model import build_model
from moons_tutorial.plotting import plot_learning_curves
from moons_tutorial.training import train

print(f"Keras {keras.__version__} on the {keras.backend.backend()} backend")

# %%
# What the string means today
# ---------------------------
# ``compile`` turns an optimizer's name into an optimizer object with that
# optimizer's default settings. Here is what the lesson's string becomes:
string_model = build_model(optimizer="AdaDelta")
optimizer = string_model.optimizer
learning_rate = float(keras.ops.convert_to_numpy(optimizer.learning_rate))
print(f"'AdaDelta' -> {type(optimizer).__name__}")
print(f"learning rate: {learning_rate:g}")

# %%
# The source of that number is Keras's own documentation. The ``Adadelta``
# docstring of the installed Keras says, of its ``learning_rate`` argument:
docstring = keras.optimizers.Adadelta.__doc__
argument = docstring[docstring.index("learning_rate:") : docstring.index("rho:")]
print("\n".join(line.strip() for line in argument.strip().splitlines()))

default = inspect.signature(keras.optimizers.Adadelta).parameters["learning_rate"]
print(f"\nDefault in the signature: learning_rate={default.default}")

# %%
# In 2017 the lesson ran on Keras 2, whose optimizer was
# ``Adadelta(lr=1.0, rho=0.95, ...)``: a learning rate of 1.0 by default, the
# form of the original paper, and a docstring that said of ``lr``: "It is
# recommended to leave it at the default value." So the string ``'AdaDelta'``
# meant a learning rate of 1.0 then, and means the Keras 3 default printed
# above now. The algorithm is unchanged; the learning rate multiplies every
# step it takes, so every step is now smaller by that ratio.

# %%
# Four optimizers
# ---------------
# The lesson's string as Keras 3 reads it; Adadelta with the lesson's learning
# rate of 1.0, which is what :func:`~moons_tutorial.model.build_model` uses by
# default; Adam with its defaults, the usual first choice today; and SGD with
# momentum. No default learning rate suits SGD on every problem; we picked
# this one by hand, after trying a few values on this problem, and the curves
# below show that it works.
optimizers = {
    "'AdaDelta' (string)": "AdaDelta",
    "Adadelta(learning_rate=1.0)": keras.optimizers.Adadelta(learning_rate=1.0),
    "Adam()": keras.optimizers.Adam(),
    "SGD(learning_rate=0.1, momentum=0.9)": keras.optimizers.SGD(
        learning_rate=0.1, momentum=0.9
    ),
}

# %%
# Training
# --------
# The lesson's data, network, batches of 32 and 200 epochs, for each optimizer.
data = load_moons()
epochs = {name: 200 for name in optimizers}

histories = {}
results = {}
for name, choice in optimizers.items():
    keras.utils.set_random_seed(0)
    model = build_model(optimizer=choice)
    histories[name] = train(model, data, epochs=epochs[name])
    _, test_accuracy = model.evaluate(data.X_test, data.y_test, verbose=0)
    results[name] = {
        "learning rate": float(
            keras.ops.convert_to_numpy(model.optimizer.learning_rate)
        ),
        "epochs": epochs[name],
        "test accuracy": test_accuracy,
    }

# %%
# The final test accuracies
# -------------------------
# A network that guesses the majority class for every point would score:
majority = max(np.mean(data.y_test), 1 - np.mean(data.y_test))
print(f"Majority class: {majority:.3f}\n")

print(f"{'optimizer':<38} {'learning rate':>13} {'epochs':>6} {'test accuracy':>13}")
for name, result in results.items():
    print(
        f"{name:<38} {result['learning rate']:>13g} {result['epochs']:>6}"
        f" {result['test accuracy']:>13.3f}"
    )

# %%
# Validation accuracy, epoch by epoch
# -----------------------------------
# Each curve is the accuracy on the test half after every epoch of training.
string_name = "'AdaDelta' (string)"
others = [name for name in optimizers if name != string_name]
figure, ax = plt.subplots(figsize=(9, 5), layout="constrained")
plot_learning_curves(
    {
        name: {"validation": history.history["val_accuracy"]}
        for name, history in histories.items()
    },
    metric="validation accuracy",
    ax=ax,
)
ax.axhline(majority, color="grey", linestyle=":", label="majority class")
ax.legend(loc="center right")
ax.set_title(
    f"Test accuracy: {results[string_name]['test accuracy']:.1%} for the"
    f" 'AdaDelta' string after {epochs[string_name]} epochs,\n"
    f"{min(results[name]['test accuracy'] for name in others):.1%} or more for"
    f" the other three after {max(epochs[name] for name in others)}"
)
plt.show()

# %%
# The learning-rate trap
# ----------------------
# The lesson's string did not stop working: it quietly started meaning
# something else. The algorithm is the same and only the step size changed,
# but with steps that much smaller the lesson's 200 epochs leave the network
# not far from guessing. Nothing raises an error or a warning; only the
# learning curve shows it.
#
# Three habits avoid the trap. Pass an optimizer *object* with an explicit
# learning rate, such as ``keras.optimizers.Adadelta(learning_rate=1.0)``,
# rather than a name, so that a change of defaults cannot change your model.
# Look at the learning curves, not only at the final score. And when you port
# old code, read the docstring of each optimizer in the version you run, as
# above.
#
# Among the optimizers that learn, the differences are of speed: the curves
# above show how many epochs each needs to reach the accuracy it ends with.
