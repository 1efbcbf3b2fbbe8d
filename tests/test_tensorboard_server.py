"""The logs ``train`` writes open in a real TensorBoard, every run and epoch."""

import keras
import numpy as np
import pytest

from moons_tutorial.data import load_moons
from moons_tutorial.model import build_model
from moons_tutorial.training import RunFolderInUseWarning, train
from sitebuild.tensorboard_server import (
    check_runs_are_served,
    get_json,
    scalar_series,
    tensorboard,
)

EPOCHS = 4


@pytest.mark.slow
def test_a_second_run_into_the_same_folder_shows_as_a_run_of_its_own(tmp_path):
    data = load_moons(n_samples=200)
    root = tmp_path / "Graph"
    # The same folder twice, as a reader re-running the lesson's cell does; two
    # seeds, so that the two runs' numbers differ.
    keras.utils.set_random_seed(0)
    first = train(build_model(), data, epochs=EPOCHS, log_dir=root / "model_1")
    keras.utils.set_random_seed(1)
    with pytest.warns(RunFolderInUseWarning):
        second = train(build_model(), data, epochs=EPOCHS, log_dir=root / "model_1")
    assert second.log_dir == root / "model_1-2"

    with tensorboard(root) as url:
        # Two runs, one point per epoch each: the second did not add to the first.
        assert set(get_json(url, "data/runs")) == {
            f"{run}/{split}"
            for run in ("model_1", "model_1-2")
            for split in ("train", "validation")
        }
        check_runs_are_served(url, {"model_1": EPOCHS, "model_1-2": EPOCHS})
        for run, history in [("model_1", first), ("model_1-2", second)]:
            points = scalar_series(url, f"{run}/validation", "epoch_loss")
            served = [value for _, _, value in points]
            np.testing.assert_allclose(served, history.history["val_loss"], rtol=1e-6)
    assert first.history["val_loss"] != second.history["val_loss"]
