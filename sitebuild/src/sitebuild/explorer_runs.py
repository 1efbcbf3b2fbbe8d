"""Train settings of the explorer's grid and record them: one worker process.

Run as ``python -m sitebuild.explorer_runs OUTPUT KEY [KEY ...]``: it imports
Keras once, trains each named setting (:mod:`sitebuild.explorer_grid`) with the
package's own :func:`~moons_tutorial.model.build_model` and
:func:`~moons_tutorial.training.train`, seeded, on the lesson's data at the
setting's noise, and writes to ``OUTPUT`` a JSON object with, per run, the
per-epoch losses and accuracies as Keras's ``History`` has them, the weights
at the recorded epochs, and the final test accuracy; and, per noise, the test
points and the Bayes-optimal accuracy on them. The build starts two of these
side by side (:mod:`sitebuild.explorer_data`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import random
import sys
from pathlib import Path
from typing import Any

import keras
import numpy as np

from moons_tutorial.bayes import BayesMoons
from moons_tutorial.data import MoonsData, add_product_feature, load_moons
from moons_tutorial.model import build_model
from moons_tutorial.training import train
from sitebuild.explorer_grid import (
    BATCH_SIZE,
    EPOCHS,
    RECORDED_EPOCHS,
    SEED,
    Setting,
    by_key,
)

# Float32 training noise is below the fourth significant digit.
SIGNIFICANT_DIGITS = 4
TEST_POINT_DECIMALS = 3


def rounded(values: Any) -> Any:
    """Return ``values`` as nested lists, each to four significant digits."""
    array = np.asarray(values, dtype=float)
    if array.ndim == 0:
        return float(f"{array:.{SIGNIFICANT_DIGITS}g}")
    return [rounded(value) for value in array]


class WeightRecorder(keras.callbacks.Callback):
    """Keep every layer's kernel and bias at chosen epochs of ``fit``.

    Epoch 0 is the initial weights, taken when training begins; epoch ``n``
    the weights after the ``n``-th pass over the data. It only reads the
    weights, so the run is the same with or without it.
    """

    def __init__(self, epochs: tuple[int, ...]) -> None:
        super().__init__()
        self.epochs = epochs
        self.snapshots: list[dict[str, Any]] = []

    def record(self, epoch: int) -> None:
        """Keep the weights the model has now, as those of ``epoch``."""
        layers = [layer.get_weights() for layer in self.model.layers]
        self.snapshots.append(
            {
                "epoch": epoch,
                "layers": [
                    {"kernel": rounded(kernel), "bias": rounded(bias)}
                    for kernel, bias in layers
                ],
            }
        )

    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:  # noqa: D102 (Keras's hook)
        self.snapshots = []
        if 0 in self.epochs:
            self.record(0)

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:  # noqa: D102 (Keras's hook)
        if epoch + 1 in self.epochs:
            self.record(epoch + 1)


def seed(value: int) -> None:
    """Seed the run as ``keras.utils.set_random_seed`` does, without TensorFlow.

    That function seeds TensorFlow too, and so imports it (seconds), whatever
    the backend. On JAX, Keras draws the initial weights from Python's
    generator and shuffles the batches with NumPy's: seeding those two gives
    the same run, the one a reader's script gets from ``set_random_seed``.
    """
    if keras.backend.backend() == "jax":
        random.seed(value)
        np.random.seed(value)  # noqa: NPY002 (the generator Keras shuffles with)
    else:
        keras.utils.set_random_seed(value)


def optimizer(name: str) -> str | keras.optimizers.Optimizer:
    """Return the optimizer a setting names, as the lesson's code would write it."""
    if name == "adadelta-1.0":
        return keras.optimizers.Adadelta(learning_rate=1.0)
    if name == "adadelta-string":
        return "AdaDelta"  # what the 2017 lesson wrote: Adadelta() on Keras 3
    if name == "adam":
        return keras.optimizers.Adam()
    raise ValueError(f"unknown optimizer {name!r}")


def with_product(data: MoonsData) -> MoonsData:
    """Return the same data with the product x1·x2 as a third input."""
    return dataclasses.replace(
        data,
        X_train=add_product_feature(data.X_train),
        X_test=add_product_feature(data.X_test),
    )


def run(setting: Setting) -> dict[str, Any]:
    """Train one setting; return its curves, snapshots and test accuracy."""
    data = load_moons(noise=setting.noise)
    if setting.product:
        data = with_product(data)
    seed(SEED)
    model = build_model(
        setting.hidden_units,
        n_features=setting.n_features,
        optimizer=optimizer(setting.optimizer),
    )
    recorder = WeightRecorder(RECORDED_EPOCHS)
    # No log_dir: the page needs no TensorBoard logs.
    history = train(
        model, data, epochs=EPOCHS, batch_size=BATCH_SIZE, callbacks=[recorder]
    )
    _, test_accuracy = model.evaluate(data.X_test, data.y_test, verbose=0)
    curves = ("loss", "val_loss", "accuracy", "val_accuracy")
    return {
        **{name: rounded(history.history[name]) for name in curves},
        "snapshots": recorder.snapshots,
        "test_accuracy": float(test_accuracy),
    }


def noise_data(noise: float) -> dict[str, Any]:
    """Return the test half at ``noise`` and the Bayes-optimal accuracy on it."""
    data = load_moons(noise=noise)
    bayes = BayesMoons.from_data(data)
    return {
        "x_test": np.round(data.X_test, TEST_POINT_DECIMALS).tolist(),
        "y_test": data.y_test.astype(int).tolist(),
        "bayes_accuracy": float(bayes.score(data.X_test, data.y_test)),
    }


def main(argv: list[str]) -> int:
    """Train the settings named in ``argv[1:]``; write them to ``argv[0]``."""
    output, *keys = argv
    settings = [by_key(key) for key in keys]
    # Libraries' messages go to stderr; stdout says only what was trained.
    with contextlib.redirect_stdout(sys.stderr):
        runs = {setting.key: run(setting) for setting in settings}
        data = {
            str(noise): noise_data(noise)
            for noise in sorted({setting.noise for setting in settings})
        }
    result = {
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "runs": runs,
        "data": data,
    }
    Path(output).write_text(json.dumps(result))
    print(f"trained {len(runs)} settings", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
