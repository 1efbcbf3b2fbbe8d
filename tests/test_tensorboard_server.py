"""The logs ``train`` writes open in a real TensorBoard, every run and epoch."""

import keras
import numpy as np
import pytest

from moons_tutorial.data import load_moons
from moons_tutorial.model import build_model
from moons_tutorial.training import train
from tools.tensorboard_server import check_runs_are_served, scalar_series, tensorboard

EPOCHS = 4


@pytest.mark.slow
def test_tensorboard_serves_each_run_with_one_point_per_epoch(tmp_path):
    data = load_moons(n_samples=200)
    root = tmp_path / "Graph"
    histories = {}
    for run in ("model_1", "model_2"):
        keras.utils.set_random_seed(0)
        histories[run] = train(build_model(), data, epochs=EPOCHS, log_dir=root / run)
    # The same folder twice: the second run lands beside the first.
    assert histories["model_2"].log_dir == root / "model_2"

    with tensorboard(root) as url:
        check_runs_are_served(url, {"model_1": EPOCHS, "model_2": EPOCHS})
        served = [
            v for _, _, v in scalar_series(url, "model_1/validation", "epoch_accuracy")
        ]
        np.testing.assert_allclose(
            served, histories["model_1"].history["val_accuracy"], rtol=1e-6
        )
