"""The lesson's figures: the data set, the decision boundary, learning curves."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ._validation import check_grid, check_labels, check_points

__all__ = [
    "boundary_grid",
    "plot_dataset",
    "plot_decision_boundary",
    "plot_learning_curves",
    "predict_on_grid",
]

# Class 1 is red in the points as in the probability map (RdBu_r) beneath them.
CLASS_COLORS = ("tab:blue", "tab:red")
# Figures are at most this many inches wide: at Matplotlib's 100 dpi, a phone
# 390 px wide shows them about 360 px wide, and 10-point text still about 9.5 px.
MAX_WIDTH = 5.2
# A diverging map, blue for class 0 through white (undecided) to red for class 1,
# so that the 0.5 boundary sits where the colours meet.
PROBABILITY_CMAP = "RdBu_r"


def _axes(ax: Axes | None, figsize: tuple[float, float] = (MAX_WIDTH, 4.4)) -> Axes:
    """Return ``ax``, or the axes of a new figure when it is ``None``."""
    if ax is None:
        # Through pyplot, so that sphinx-gallery's scraper and plt.show() see it.
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    elif not isinstance(ax, Axes):
        raise ValueError(f"ax must be a matplotlib Axes or None, got {ax!r}")
    return ax


def _figure(ax: Axes) -> Figure:
    figure = ax.get_figure()
    assert isinstance(figure, Figure)
    return figure


def plot_dataset(
    X: np.ndarray,
    y: np.ndarray,
    ax: Axes | None = None,
    title: str = "Toy binary classification data set",
) -> Figure:
    """Scatter the points of both classes, as the lesson's first figure does.

    Parameters
    ----------
    X : array-like of shape (n, 2)
        The points.
    y : array-like of shape (n,)
        Their labels, 0 or 1.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made if omitted.
    title : str
        The axes title.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the scatter plot.
    """
    X = check_points("X", X)
    y = check_labels("y", y, n_samples=len(X))
    ax = _axes(ax)
    for label in (0, 1):
        points = X[y == label]
        ax.scatter(
            points[:, 0],
            points[:, 1],
            s=12,
            color=CLASS_COLORS[label],
            label=f"Class {label}",
        )
    ax.set(xlabel="$x_1$ (scaled)", ylabel="$x_2$ (scaled)", title=title)
    ax.legend(loc="upper right")
    return _figure(ax)


def boundary_grid(
    n_points: int = 100, limit: float = 3.0
) -> tuple[np.ndarray, np.ndarray]:
    """Return the lesson's evaluation grid, ``np.mgrid[-3:3:100j, -3:3:100j]``.

    Returns
    -------
    xx, yy : numpy.ndarray of shape (n_points, n_points)
        The first and second coordinate of every grid point.
    """
    span = complex(0, n_points)
    xx, yy = np.mgrid[-limit:limit:span, -limit:limit:span]
    return xx, yy


def predict_on_grid(
    model: Any,
    xx: np.ndarray,
    yy: np.ndarray,
    features: Callable[[np.ndarray], np.ndarray] | None = None,
) -> np.ndarray:
    """Predict the probability of class 1 at every point of a grid.

    Parameters
    ----------
    model : keras.Model or object with ``predict``
        Any model whose ``predict`` returns one probability per point.
    xx, yy : numpy.ndarray of the same 2-D shape
        Grid coordinates, as from :func:`boundary_grid`.
    features : callable, optional
        Maps the ``(n, 2)`` grid points to the model's inputs, for example
        :func:`~moons_tutorial.data.add_product_feature`.

    Returns
    -------
    numpy.ndarray of the shape of ``xx``
        The predicted probabilities.
    """
    xx, yy = check_grid(xx, yy)
    points = np.column_stack([xx.ravel(), yy.ravel()])
    inputs = points if features is None else features(points)
    probabilities = np.asarray(model.predict(inputs, verbose=0, batch_size=len(inputs)))
    return probabilities.reshape(xx.shape)


def plot_decision_boundary(
    xx: np.ndarray,
    yy: np.ndarray,
    probabilities: np.ndarray,
    X: np.ndarray,
    y: np.ndarray,
    ax: Axes | None = None,
    title: str | None = None,
    colorbar: bool = True,
) -> Figure:
    """Draw predicted probabilities as filled contours with the points on top.

    Parameters
    ----------
    xx, yy : numpy.ndarray of the same 2-D shape
        Grid coordinates, as from :func:`boundary_grid`.
    probabilities : numpy.ndarray of the shape of ``xx``
        Probability of class 1 at each grid point, between 0 and 1.
    X : array-like of shape (n, 2)
        Points to draw on top, usually the test half.
    y : array-like of shape (n,)
        Their labels, 0 or 1.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made if omitted.
    title : str, optional
        The axes title.
    colorbar : bool, default=True
        Whether to add a colour bar of the probability.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the contour plot.
    """
    xx, yy = check_grid(xx, yy)
    probabilities = np.asarray(probabilities, dtype=float)
    if probabilities.shape != xx.shape:
        raise ValueError(
            f"probabilities must have the shape of the grid {xx.shape},"
            f" got shape {probabilities.shape}"
        )
    if not (
        np.isfinite(probabilities).all()
        and (probabilities >= 0).all()
        and (probabilities <= 1).all()
    ):
        raise ValueError("probabilities must be finite numbers between 0 and 1")
    X = check_points("X", X)
    y = check_labels("y", y, n_samples=len(X))

    ax = _axes(ax)
    contour = ax.contourf(
        xx,
        yy,
        probabilities,
        levels=np.linspace(0, 1, 26),
        cmap=PROBABILITY_CMAP,
        alpha=0.6,
    )
    ax.contour(xx, yy, probabilities, levels=[0.5], colors="black", linewidths=1)
    ax.scatter(
        X[:, 0],
        X[:, 1],
        c=np.take(CLASS_COLORS, y),
        s=14,
        edgecolors="black",
        linewidths=0.6,
    )
    ax.set(
        xlim=(xx.min(), xx.max()),
        ylim=(yy.min(), yy.max()),
        xlabel="$x_1$ (scaled)",
        ylabel="$x_2$ (scaled)",
        aspect="equal",
    )
    if title is not None:
        ax.set_title(title)
    figure = _figure(ax)
    if colorbar:
        bar = figure.colorbar(contour, ax=ax, ticks=np.linspace(0, 1, 6))
        bar.set_label("$P(y = 1)$")
    return figure


def plot_learning_curves(
    curves: Mapping[str, Mapping[str, Sequence[float]]],
    metric: str = "accuracy",
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """Plot one metric per epoch for several runs, training solid, validation dashed.

    The legend names each line by run and split, ``"model_1 (train)"``; when
    every run has one and the same split, by run alone (say which split in
    ``metric``).

    Parameters
    ----------
    curves : mapping of run name to mapping of split to values
        For example ``{"model_1": {"train": [...], "validation": [...]}}``;
        the values are per epoch, first epoch first.
    metric : str, default="accuracy"
        The metric's name, for the y-axis label.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made if omitted.
    title : str, optional
        The axes title.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the curves.
    """
    if not curves:
        raise ValueError("curves must name at least one run")
    ax = _axes(ax, figsize=(MAX_WIDTH, 3.8))
    styles = {"train": "-", "validation": "--"}
    splits_of_runs = {tuple(splits) for splits in curves.values()}
    one_split = len(splits_of_runs) == 1 and len(next(iter(splits_of_runs))) == 1
    for index, (run, splits) in enumerate(curves.items()):
        color = f"C{index}"
        for split, series in splits.items():
            values = np.asarray(series, dtype=float)
            if values.ndim != 1 or values.size == 0:
                raise ValueError(
                    f"curves[{run!r}][{split!r}] must be a non-empty sequence of"
                    f" numbers, got shape {values.shape}"
                )
            epochs = np.arange(1, values.size + 1)
            ax.plot(
                epochs,
                values,
                styles.get(split, ":"),
                color=color,
                label=run if one_split else f"{run} ({split})",
            )
    ax.set(xlabel="epoch", ylabel=metric)
    if title is not None:
        ax.set_title(title)
    ax.legend()
    return _figure(ax)
