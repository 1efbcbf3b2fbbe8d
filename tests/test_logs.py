import shutil

import numpy as np
import pytest

from moons_tutorial.logs import UnreadableEventFileWarning, read_scalars
from moons_tutorial.model import build_model
from moons_tutorial.training import train

EPOCHS = 3


@pytest.fixture(scope="module")
def log_root(tmp_path_factory, data):
    """Two real runs, as the lesson's Graph folder holds them."""
    import keras

    root = tmp_path_factory.mktemp("logs") / "Graph"
    histories = {}
    for run, units in [("model_1", (32,)), ("model_2", (8, 8))]:
        keras.utils.set_random_seed(0)
        histories[run] = train(
            build_model(units), data, epochs=EPOCHS, log_dir=root / run
        ).history
    return root, histories


def test_every_run_split_and_epoch_is_read(log_root):
    root, _ = log_root
    scalars = read_scalars(root)
    assert sorted(scalars) == ["model_1", "model_2"]
    for run in scalars:
        assert set(scalars[run]) == {"train", "validation"}
        for split in ("train", "validation"):
            for tag in ("epoch_loss", "epoch_accuracy"):
                steps, values = scalars[run][split][tag]
                np.testing.assert_array_equal(steps, np.arange(EPOCHS))
                assert values.shape == (EPOCHS,)


def test_values_are_what_keras_reported(log_root):
    root, histories = log_root
    scalars = read_scalars(root)
    for run, history in histories.items():
        np.testing.assert_allclose(
            scalars[run]["validation"]["epoch_accuracy"].values,
            history["val_accuracy"],
            rtol=1e-6,
        )
        np.testing.assert_allclose(
            scalars[run]["train"]["epoch_loss"].values, history["loss"], rtol=1e-6
        )


def test_one_run_folder_can_be_read_alone(log_root):
    root, _ = log_root
    assert list(read_scalars(root / "model_1")) == ["model_1"]


def test_curves_and_rows_give_plot_and_table_forms(log_root):
    root, _ = log_root
    scalars = read_scalars(root)
    curves = scalars.curves("epoch_accuracy")
    assert set(curves) == {"model_1", "model_2"}
    assert set(curves["model_1"]) == {"train", "validation"}
    rows = scalars.rows()
    assert (
        "model_1",
        "validation",
        "epoch_accuracy",
        0,
        float(curves["model_1"]["validation"][0]),
    ) in rows
    with pytest.raises(ValueError, match="epoch_accuracy"):
        scalars.curves("no_such_tag")


def test_missing_folder_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere"):
        read_scalars(tmp_path / "nowhere")


def test_folder_without_events_is_named(tmp_path):
    (tmp_path / "empty" / "train").mkdir(parents=True)
    with pytest.raises(FileNotFoundError, match="holds no TensorBoard event files"):
        read_scalars(tmp_path / "empty")


@pytest.mark.parametrize("damage", ["truncate", "corrupt"])
def test_damaged_file_is_named_and_other_runs_still_read(log_root, tmp_path, damage):
    root, _ = log_root
    copy = tmp_path / "Graph"
    shutil.copytree(root, copy)
    bad = next((copy / "model_2" / "validation").glob("events.out.tfevents.*"))
    content = bad.read_bytes()
    if damage == "truncate":
        bad.write_bytes(content[: len(content) - 7])
    else:
        bad.write_bytes(content[:60] + bytes(40) + content[100:])
    with pytest.warns(UnreadableEventFileWarning, match=bad.name):
        scalars = read_scalars(copy)
    assert list(scalars.unreadable) == [bad]
    assert len(scalars["model_1"]["validation"]["epoch_accuracy"].values) == EPOCHS
    assert len(scalars["model_2"]["train"]["epoch_accuracy"].values) == EPOCHS


def test_only_unreadable_files_is_an_error(tmp_path):
    (tmp_path / "run" / "train").mkdir(parents=True)
    (tmp_path / "run" / "train" / "events.out.tfevents.1.host").write_bytes(b"junk" * 9)
    with (
        pytest.warns(UnreadableEventFileWarning),
        pytest.raises(ValueError, match="no event file could be read"),
    ):
        read_scalars(tmp_path)
