import io

import keras
import numpy as np
import pytest
from PIL import Image

from moons_tutorial.data import add_product_feature
from moons_tutorial.logs import event_files, read_events
from moons_tutorial.model import build_model
from moons_tutorial.plotting import boundary_grid, predict_on_grid
from moons_tutorial.recording import (
    IMAGE_FOLDER,
    IMAGE_TAG,
    BoundaryRecorder,
    boundary_image,
)

EPOCHS = 4


def fit(model, data, callbacks, epochs=EPOCHS):
    return model.fit(
        data.X_train,
        data.y_train,
        batch_size=32,
        epochs=epochs,
        verbose=0,
        validation_data=(data.X_test, data.y_test),
        validation_batch_size=len(data.X_test),
        callbacks=callbacks,
    )


@pytest.fixture
def grid():
    return boundary_grid(n_points=12)


def test_records_the_chosen_epochs_with_their_logs(data, seeded, grid):
    recorder = BoundaryRecorder(*grid, epochs=[3, 1])
    history = fit(build_model(), data, [recorder])

    assert recorder.epochs == (1, 3)
    assert [s.epoch for s in recorder.snapshots] == [1, 3]
    for snapshot in recorder.snapshots:
        assert snapshot.probabilities.shape == (12, 12)
        assert ((snapshot.probabilities >= 0) & (snapshot.probabilities <= 1)).all()
        for name, values in history.history.items():
            assert snapshot.logs[name] == pytest.approx(values[snapshot.epoch - 1])
    assert set(recorder.history) == set(history.history)
    for name, values in history.history.items():
        np.testing.assert_allclose(recorder.history[name], values)
    # The boundary moved between the two recorded epochs.
    first, third = (s.probabilities for s in recorder.snapshots)
    assert np.abs(first - third).max() > 1e-3


def test_last_snapshot_is_the_trained_networks_boundary(data, seeded, grid):
    recorder = BoundaryRecorder(*grid, epochs=[EPOCHS])
    model = build_model()
    fit(model, data, [recorder])
    np.testing.assert_allclose(
        recorder.snapshot(EPOCHS).probabilities,
        predict_on_grid(model, *grid),
        atol=1e-5,
    )


def test_costs_one_predict_per_recorded_epoch(data, seeded, grid):
    model = build_model()
    calls = []
    predict = model.predict

    def counting_predict(*args, **kwargs):
        calls.append(len(args[0]))
        return predict(*args, **kwargs)

    model.predict = counting_predict
    fit(model, data, [BoundaryRecorder(*grid, epochs=[1, 2, 4])])
    assert calls == [12 * 12] * 3


def test_training_is_the_same_with_or_without_the_recorder(data, grid):
    runs = []
    for callbacks in ([], [BoundaryRecorder(*grid, epochs=range(1, EPOCHS + 1))]):
        keras.utils.set_random_seed(0)
        runs.append(fit(build_model(), data, callbacks).history)
    for name in runs[0]:
        np.testing.assert_allclose(runs[0][name], runs[1][name], rtol=1e-6)


def test_a_second_fit_starts_a_new_record(data, seeded, grid):
    recorder = BoundaryRecorder(*grid, epochs=[1, 2])
    model = build_model()
    fit(model, data, [recorder], epochs=2)
    fit(model, data, [recorder], epochs=2)
    assert [s.epoch for s in recorder.snapshots] == [1, 2]
    assert len(recorder.history["loss"]) == 2


def test_records_through_a_feature_map(data, seeded, grid):
    recorder = BoundaryRecorder(*grid, epochs=[1], features=add_product_feature)
    model = build_model(n_features=3)
    X = add_product_feature(data.X_train)
    model.fit(X, data.y_train, epochs=1, verbose=0, callbacks=[recorder])
    np.testing.assert_allclose(
        recorder.snapshot(1).probabilities,
        predict_on_grid(model, *grid, features=add_product_feature),
        atol=1e-5,
    )
    assert set(recorder.snapshot(1).logs) == {"loss", "accuracy"}


def read_images(folder):
    """Yield (tag, step, PIL image) for every image summary under ``folder``."""
    for path in event_files(folder):
        for event in read_events(path):
            for value in event.summary.value:
                if value.metadata.plugin_data.plugin_name == "images":
                    width, height, png = value.tensor.string_val
                    image = Image.open(io.BytesIO(png))
                    assert image.size == (int(width), int(height))
                    yield value.tag, event.step, image


def test_writes_each_recorded_boundary_as_a_tensorboard_image(data, seeded, tmp_path):
    xx, yy = boundary_grid(n_points=10)
    recorder = BoundaryRecorder(xx, yy, epochs=[1, 3], log_dir=tmp_path / "model_1")
    fit(build_model(), data, [recorder], epochs=3)
    images = list(read_images(tmp_path / "model_1" / IMAGE_FOLDER))
    # Steps count epochs from 0, as Keras's TensorBoard callback logs them.
    assert [(tag, step) for tag, step, _ in images] == [(IMAGE_TAG, 0), (IMAGE_TAG, 2)]
    for (_, _, image), snapshot in zip(images, recorder.snapshots, strict=True):
        pixels = np.asarray(image.convert("RGB"))
        assert pixels.shape == (20, 20, 3)
        np.testing.assert_array_equal(pixels, boundary_image(snapshot.probabilities)[0])


def test_image_puts_the_second_coordinate_upwards():
    _, yy = boundary_grid(n_points=20)
    probabilities = 1 / (1 + np.exp(-8 * yy))  # class 1 above the x-axis
    image = boundary_image(probabilities, scale=3)[0].astype(int)
    assert image.shape == (60, 60, 3)
    red, blue = image[..., 0], image[..., 2]
    assert (red[0] > blue[0] + 50).all()  # the top row is class 1: red
    assert (blue[-1] > red[-1] + 50).all()  # the bottom row is class 0: blue
    np.testing.assert_array_equal(image[:, 0], image[:, -1])  # the same across


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"epochs": []}, "epochs must name at least one epoch"),
        ({"epochs": [0, 5]}, "epochs must be at least 1, got 0"),
        ({"epochs": [1.5]}, "epochs must be an integer"),
        ({"epochs": 5}, "epochs must be an iterable"),
        ({"xx": np.zeros(4)}, r"xx must be a 2-D grid"),
        ({"yy": np.zeros((3, 3))}, r"yy must have the shape of xx"),
        ({"features": "product"}, "features must be callable"),
    ],
)
def test_bad_arguments_are_named(arguments, message):
    xx, yy = boundary_grid(n_points=5)
    kwargs = {"xx": xx, "yy": yy, "epochs": [1]} | arguments
    with pytest.raises(ValueError, match=message):
        BoundaryRecorder(**kwargs)


def test_epochs_beyond_the_fit_are_named_when_it_starts(data, seeded, grid):
    recorder = BoundaryRecorder(*grid, epochs=[1, 5])
    with pytest.raises(ValueError, match="epochs must lie between 1 and the 2 epochs"):
        fit(build_model(), data, [recorder], epochs=2)


def test_asking_for_an_unrecorded_epoch_lists_the_recorded(data, seeded, grid):
    recorder = BoundaryRecorder(*grid, epochs=[1])
    fit(build_model(), data, [recorder], epochs=1)
    with pytest.raises(ValueError, match=r"epoch 2 was not recorded.*\[1\]"):
        recorder.snapshot(2)


def test_image_of_a_bad_grid_is_refused():
    with pytest.raises(ValueError, match="probabilities must be a 2-D grid"):
        boundary_image(np.zeros(4))
