"""Figures of a network learning: small multiples and an animation.

Both draw what a :class:`~moons_tutorial.recording.BoundaryRecorder` recorded
during one ``fit``, in the colours of
:func:`~moons_tutorial.plotting.plot_decision_boundary`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.animation import FuncAnimation
from matplotlib.collections import PathCollection
from matplotlib.contour import ContourSet
from matplotlib.figure import Figure

from ._validation import check_int, check_labels, check_points
from .plotting import plot_decision_boundary
from .recording import BoundaryRecorder, Snapshot

__all__ = ["animate_training", "plot_snapshots"]


def _check_recorder(recorder: object) -> BoundaryRecorder:
    if not isinstance(recorder, BoundaryRecorder):
        raise ValueError(
            f"recorder must be a BoundaryRecorder, got {type(recorder).__name__}"
        )
    if not recorder.snapshots:
        raise ValueError(
            "recorder holds no snapshots: pass it to model.fit(callbacks=[...]) first"
        )
    return recorder


def _chosen(recorder: BoundaryRecorder, epochs: Sequence[int] | None) -> list[Snapshot]:
    if epochs is None:
        return list(recorder.snapshots)
    chosen = [recorder.snapshot(epoch) for epoch in epochs]
    if not chosen:
        raise ValueError("epochs must name at least one recorded epoch, got none")
    return chosen


def _test_accuracy(snapshot: Snapshot, metric: str) -> float | None:
    return snapshot.logs.get(f"val_{metric}")


def plot_snapshots(
    recorder: BoundaryRecorder,
    X: np.ndarray,
    y: np.ndarray,
    epochs: Sequence[int] | None = None,
    ncols: int = 2,
    metric: str = "accuracy",
) -> Figure:
    """Draw the recorded boundary at several epochs, side by side.

    Every panel shares one colour scale (one colour bar serves them all) and
    is titled with its epoch and the epoch's validation ``metric``, which is
    the test accuracy when ``fit`` validated on the test points. The points are
    drawn smaller than in :func:`~moons_tutorial.plotting.plot_decision_boundary`,
    to suit the smaller panels.

    Parameters
    ----------
    recorder : BoundaryRecorder
        A recorder that has been through ``fit``.
    X : array-like of shape (n, 2)
        Points to draw on every panel, usually the test half.
    y : array-like of shape (n,)
        Their labels, 0 or 1.
    epochs : sequence of int, optional
        The recorded epochs to show, in the order given; all of them if omitted.
    ncols : int, default=2
        Panels per row. Two keep the figure narrow enough to read on a phone.
    metric : str, default="accuracy"
        The metric in the titles; its validation value (``"val_" + metric``)
        is shown when ``fit`` logged one.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, made through :mod:`matplotlib.pyplot`.

    Raises
    ------
    ValueError
        If the recorder recorded nothing, if an epoch was not recorded, or if
        ``X``, ``y`` or ``ncols`` are not valid.
    """
    import matplotlib.pyplot as plt

    recorder = _check_recorder(recorder)
    snapshots = _chosen(recorder, epochs)
    X = check_points("X", X)
    y = check_labels("y", y, n_samples=len(X))
    ncols = min(check_int("ncols", ncols, minimum=1), len(snapshots))
    nrows = math.ceil(len(snapshots) / ncols)

    figure, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(2.0 * ncols, 2.0 * nrows + 0.5),
        sharex=True,
        sharey=True,
        squeeze=False,
        layout="constrained",
    )
    for ax, snapshot in zip(axes.flat, snapshots, strict=False):
        accuracy = _test_accuracy(snapshot, metric)
        title = f"Epoch {snapshot.epoch}"
        if accuracy is not None:
            title += f"\ntest {metric} {accuracy:.1%}"
        plot_decision_boundary(
            recorder.xx,
            recorder.yy,
            snapshot.probabilities,
            X,
            y,
            ax=ax,
            colorbar=False,
        )
        ax.set_title(title, fontsize=10)
        ax.label_outer()
        for points in ax.collections:
            if isinstance(points, PathCollection):
                points.set_sizes([5])  # smaller points, for smaller panels
                points.set_linewidth(0.3)
    for ax in axes.flat[len(snapshots) :]:
        ax.set_visible(False)
    filled = next(
        c for c in axes.flat[0].collections if isinstance(c, ContourSet) and c.filled
    )
    bar = figure.colorbar(
        filled,
        ax=axes,
        orientation="horizontal",
        ticks=np.linspace(0, 1, 6),
        shrink=0.8,
        aspect=30,
    )
    bar.set_label("$P(y = 1)$, the same scale in every panel")
    return figure


def animate_training(
    recorder: BoundaryRecorder,
    X: np.ndarray,
    y: np.ndarray,
    epochs: Sequence[int] | None = None,
    metric: str = "accuracy",
    interval: int = 200,
) -> FuncAnimation:
    """Animate the recorded boundary, above the learning curve of the same run.

    Each frame draws the boundary after one recorded epoch, and marks that
    epoch on the curves of the training and validation ``metric`` below it.
    The panels are stacked, so the animation stays readable on a narrow screen.

    The figure is not made through :mod:`matplotlib.pyplot`, so it does not
    also show as a still image: display the animation itself (in a notebook,
    with ``plt.rcParams["animation.html"] = "html5"``, as the last expression of
    a cell), or save it with its ``save`` method.

    Parameters
    ----------
    recorder : BoundaryRecorder
        A recorder that has been through ``fit``.
    X : array-like of shape (n, 2)
        Points to draw on every frame, usually the test half.
    y : array-like of shape (n,)
        Their labels, 0 or 1.
    epochs : sequence of int, optional
        The recorded epochs to show, one frame each; all of them if omitted.
    metric : str, default="accuracy"
        The metric of the learning curve, as ``fit`` logged it.
    interval : int, default=200
        Milliseconds between frames.

    Returns
    -------
    matplotlib.animation.FuncAnimation
        The animation; ``to_html5_video()`` and ``save()`` need ffmpeg
        (Matplotlib's ``animation.ffmpeg_path`` setting names it).

    Raises
    ------
    ValueError
        If the recorder recorded nothing, if an epoch was not recorded, if
        ``metric`` was not logged, or if ``X``, ``y`` or ``interval`` are not
        valid.
    """
    recorder = _check_recorder(recorder)
    snapshots = _chosen(recorder, epochs)
    X = check_points("X", X)
    y = check_labels("y", y, n_samples=len(X))
    interval = check_int("interval", interval, minimum=1)
    if metric not in recorder.history:
        raise ValueError(
            f"metric {metric!r} was not logged; logged: {sorted(recorder.history)}"
        )

    # Sizes in whole pixels at 100 dpi, even, as video encoders want them.
    figure = Figure(figsize=(3.4, 5.2), dpi=100, layout="constrained")
    boundary_ax, curve_ax = figure.subplots(2, 1, height_ratios=[2.4, 1])

    splits = {"training": metric, "test": f"val_{metric}"}
    curves = {
        label: np.asarray(recorder.history[name])
        for label, name in splits.items()
        if name in recorder.history
    }
    for label, values in curves.items():
        curve_ax.plot(np.arange(1, len(values) + 1), values, label=label)
    followed = curves.get("test", curves["training"])
    (marker,) = curve_ax.plot([], [], "o", color="black", zorder=3)
    now = curve_ax.axvline(1, color="0.5", linewidth=1)
    curve_ax.set(xlabel="epoch", ylabel=metric, xlim=(0, len(followed) + 1))
    curve_ax.legend(loc="lower right")

    def draw(snapshot: Snapshot) -> None:
        boundary_ax.clear()
        accuracy = _test_accuracy(snapshot, metric)
        title = f"Epoch {snapshot.epoch}"
        if accuracy is not None:
            title += f": test {metric} {accuracy:.1%}"
        plot_decision_boundary(
            recorder.xx,
            recorder.yy,
            snapshot.probabilities,
            X,
            y,
            ax=boundary_ax,
            colorbar=False,
            title=title,
        )
        marker.set_data([snapshot.epoch], [followed[snapshot.epoch - 1]])
        now.set_xdata([snapshot.epoch])

    draw(snapshots[0])
    animation = FuncAnimation(
        figure,
        draw,
        frames=snapshots,
        init_func=lambda: None,  # the first frame is drawn already
        interval=interval,
        repeat=True,
        cache_frame_data=False,
    )
    # Lay the figure out once, on the first frame, and keep that layout: the
    # frames then stay still, and each costs less to draw. (This first draw
    # also starts the animation, as showing the figure would.)
    figure.draw_without_rendering()
    figure.set_layout_engine("none")
    return animation
