import base64
import gc
import re
import subprocess
import warnings

import imageio_ffmpeg
import keras
import matplotlib
import numpy as np
import pytest
from matplotlib.animation import FuncAnimation
from matplotlib.contour import ContourSet
from PIL import Image

from moons_tutorial.animation import animate_training, plot_snapshots
from moons_tutorial.model import build_model
from moons_tutorial.plotting import boundary_grid
from moons_tutorial.recording import BoundaryRecorder

EPOCHS = 4


@pytest.fixture(scope="module")
def recorder(data):
    """A recorder through a short seeded run of the lesson's network."""
    keras.utils.set_random_seed(0)
    recorder = BoundaryRecorder(*boundary_grid(n_points=15), epochs=[1, 2, EPOCHS])
    build_model().fit(
        data.X_train,
        data.y_train,
        epochs=EPOCHS,
        verbose=0,
        validation_data=(data.X_test, data.y_test),
        callbacks=[recorder],
    )
    return recorder


def filled_contours(ax):
    return [c for c in ax.collections if isinstance(c, ContourSet) and c.filled]


def test_small_multiples_share_one_scale_and_name_epoch_and_accuracy(recorder, data):
    figure = plot_snapshots(recorder, data.X_test, data.y_test, epochs=[1, EPOCHS])
    panels = [ax for ax in figure.axes if filled_contours(ax)]
    assert len(panels) == 2
    for ax, epoch in zip(panels, [1, EPOCHS], strict=True):
        accuracy = recorder.history["val_accuracy"][epoch - 1]
        assert ax.get_title() == f"Epoch {epoch}\ntest accuracy {accuracy:.1%}"
    # One colour scale: the same levels and limits in every panel, one colour bar.
    (first,), (second,) = (filled_contours(ax) for ax in panels)
    np.testing.assert_array_equal(first.levels, second.levels)
    assert first.get_clim() == second.get_clim() == (0.0, 1.0)
    colorbars = [ax for ax in figure.axes if ax not in panels]
    assert len(colorbars) == 1


def test_small_multiples_default_to_every_snapshot(recorder, data):
    figure = plot_snapshots(recorder, data.X_test, data.y_test, ncols=2)
    titles = [ax.get_title() for ax in figure.axes if ax.get_visible()]
    assert [t.split("\n")[0] for t in titles if t] == ["Epoch 1", "Epoch 2", "Epoch 4"]


def test_small_multiples_refuse_an_unrecorded_epoch(recorder, data):
    with pytest.raises(ValueError, match=r"epoch 3 was not recorded"):
        plot_snapshots(recorder, data.X_test, data.y_test, epochs=[1, 3])


def test_figures_need_a_recorder_that_went_through_fit(data):
    fresh = BoundaryRecorder(*boundary_grid(n_points=5), epochs=[1])
    with pytest.raises(ValueError, match="recorder holds no snapshots"):
        plot_snapshots(fresh, data.X_test, data.y_test)
    with pytest.raises(ValueError, match="recorder must be a BoundaryRecorder"):
        animate_training(object(), data.X_test, data.y_test)


def test_animation_draws_every_snapshot_and_follows_the_curve(recorder, data, tmp_path):
    animation = animate_training(recorder, data.X_test, data.y_test)
    assert isinstance(animation, FuncAnimation)
    # Pillow writes one GIF frame per recorded epoch.
    animation.save(tmp_path / "training.gif", writer="pillow")
    with Image.open(tmp_path / "training.gif") as gif:
        assert gif.n_frames == len(recorder.snapshots)

    # After the last frame: the last boundary, and the marker on its epoch.
    boundary_ax, curve_ax = animation._fig.axes
    accuracy = recorder.history["val_accuracy"][EPOCHS - 1]
    assert boundary_ax.get_title() == f"Epoch {EPOCHS}: test accuracy {accuracy:.1%}"
    marker = next(line for line in curve_ax.lines if line.get_marker() == "o")
    np.testing.assert_allclose(marker.get_xydata(), [[EPOCHS, accuracy]])
    labels = [t.get_text() for t in curve_ax.get_legend().get_texts()]
    assert labels == ["training", "test"]


def test_animation_is_an_html5_video_with_the_bundled_ffmpeg(recorder, data):
    animation = animate_training(recorder, data.X_test, data.y_test, interval=200)
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    with matplotlib.rc_context({"animation.ffmpeg_path": ffmpeg}):
        html = animation.to_html5_video()
    assert html.lstrip().startswith("<video")
    assert "http" not in html  # nothing to fetch from another host
    encoded = re.search(r'src="data:video/mp4;base64,([^"]+)"', html).group(1)
    video = base64.b64decode(encoded.replace("\n", ""))
    probe = subprocess.run(
        [ffmpeg, "-hide_banner", "-i", "-"],
        input=video,
        capture_output=True,
        check=False,
    ).stderr.decode()
    # Three frames, five a second: 0.6 seconds of h264.
    assert "Duration: 00:00:00.60" in probe, probe
    assert "h264" in probe


def test_an_animation_never_shown_leaves_no_warning(recorder, data):
    # A script has nowhere to show it: Matplotlib must not then warn, at exit,
    # that it was "deleted without rendering anything".
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        animation = animate_training(recorder, data.X_test, data.y_test)
        del animation
        gc.collect()
    assert not [str(w.message) for w in caught]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"epochs": [5]}, "epoch 5 was not recorded"),
        ({"epochs": []}, "epochs must name at least one recorded epoch"),
        ({"metric": "auc"}, "metric 'auc' was not logged"),
        ({"interval": 0}, "interval must be at least 1"),
        ({"X": np.zeros((3, 3))}, "X must have 2 columns"),
    ],
)
def test_animation_names_bad_arguments(recorder, data, arguments, message):
    kwargs = {"X": data.X_test, "y": data.y_test} | arguments
    with pytest.raises(ValueError, match=message):
        animate_training(recorder, **kwargs)
