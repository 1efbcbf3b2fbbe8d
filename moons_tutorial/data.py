"""The lesson's data set: two interleaving half-moons, scaled and split in half."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.datasets import make_moons
from sklearn.model_selection import train_test_split

from ._validation import check_int, check_points, check_real

__all__ = ["MoonsData", "add_product_feature", "load_moons"]


@dataclass(frozen=True)
class MoonsData:
    """The lesson's train and test halves, plus how the points were scaled.

    Attributes
    ----------
    X_train, X_test : numpy.ndarray of shape (n, 2)
        Standardised points (zero mean, unit variance over the whole set).
    y_train, y_test : numpy.ndarray of shape (n,)
        Labels: 0 for the upper moon, 1 for the lower one.
    center, scale : numpy.ndarray of shape (2,)
        The mean and standard deviation removed by scaling, so that a point
        ``x`` here is ``(raw - center) / scale`` in ``make_moons`` coordinates.
    noise : float
        Standard deviation of the Gaussian noise added to the moons.
    """

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray
    center: np.ndarray
    scale: np.ndarray
    noise: float


def load_moons(
    n_samples: int = 1000,
    noise: float = 0.2,
    test_size: float = 0.5,
    random_state: int | None = 0,
) -> MoonsData:
    """Make the two moons, standardise them, and split them, as the lesson does.

    Parameters
    ----------
    n_samples : int, default=1000
        Number of points in both halves together; at least 2.
    noise : float, default=0.2
        Standard deviation of the Gaussian noise; at least 0.
    test_size : float, default=0.5
        Fraction of the points held out for testing, strictly between 0 and 1.
    random_state : int or None, default=0
        Seed of both the moons and the split; the same seed gives the same data.

    Returns
    -------
    MoonsData
        The scaled train and test halves.

    Raises
    ------
    ValueError
        If an argument is out of range; the message names it.
    """
    n_samples = check_int("n_samples", n_samples, minimum=2)
    noise = check_real("noise", noise, minimum=0.0)
    test_size = check_real("test_size", test_size, open_interval=(0.0, 1.0))
    if random_state is not None:
        random_state = check_int("random_state", random_state, minimum=0)
    n_test = int(np.ceil(test_size * n_samples))
    if not 1 <= n_test < n_samples:
        raise ValueError(
            f"test_size={test_size} leaves an empty train or test half"
            f" of n_samples={n_samples} points"
        )

    X, y = make_moons(n_samples=n_samples, noise=noise, random_state=random_state)
    center = X.mean(axis=0)
    scale = X.std(axis=0)
    # sklearn.preprocessing.scale, as in the lesson, with its mean and scale kept.
    X_scaled = (X - center) / np.where(scale == 0, 1.0, scale)
    X_train, X_test, y_train, y_test = train_test_split(
        X_scaled, y, test_size=test_size, random_state=random_state
    )
    return MoonsData(X_train, X_test, y_train, y_test, center, scale, noise)


def add_product_feature(X: np.ndarray) -> np.ndarray:
    """Append the product ``x * y`` of the two coordinates as a third column.

    Parameters
    ----------
    X : array-like of shape (n, 2)
        Points in the plane.

    Returns
    -------
    numpy.ndarray of shape (n, 3)
        ``[x, y, x * y]`` for each point.
    """
    X = check_points("X", X, n_features=2)
    return np.column_stack([X, X[:, 0] * X[:, 1]])
