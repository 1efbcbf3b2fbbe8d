"""Argument checks shared by the package: each names the argument it rejects."""

from __future__ import annotations

import math
import numbers

import numpy as np


def check_int(name: str, value: object, *, minimum: int) -> int:
    """Return ``value`` as an int, or raise ``ValueError`` naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value!r}")
    return int(value)


def check_real(
    name: str,
    value: object,
    *,
    minimum: float | None = None,
    open_interval: tuple[float, float] | None = None,
) -> float:
    """Return ``value`` as a finite float within bounds, or raise ``ValueError``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value!r}")
    if open_interval is not None:
        low, high = open_interval
        if not low < value < high:
            raise ValueError(
                f"{name} must lie strictly between {low} and {high}, got {value!r}"
            )
    return value


def check_points(name: str, value: object, *, n_features: int | None = 2) -> np.ndarray:
    """Return ``value`` as a finite float array of shape ``(n, n_features)``."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be an array of numbers: {error}") from None
    if array.ndim != 2 or array.shape[0] == 0:
        raise ValueError(
            f"{name} must be a non-empty 2-D array of shape (n_samples, n_features),"
            f" got shape {array.shape}"
        )
    if n_features is not None and array.shape[1] != n_features:
        raise ValueError(
            f"{name} must have {n_features} columns, got shape {array.shape}"
        )
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must hold finite numbers only (no NaN or inf)")
    return array


def check_labels(name: str, value: object, *, n_samples: int) -> np.ndarray:
    """Return ``value`` as an int array of 0/1 labels of length ``n_samples``."""
    try:
        labels = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be an array of 0/1 labels: {error}") from None
    if labels.shape != (n_samples,):
        raise ValueError(
            f"{name} must have shape ({n_samples},) to match the points,"
            f" got shape {labels.shape}"
        )
    if not np.isin(labels, (0, 1)).all():
        raise ValueError(f"{name} must hold only the labels 0 and 1")
    return labels.astype(int)


def check_pair(name: str, value: object, *, positive: bool = False) -> np.ndarray:
    """Return ``value`` as a finite float array of shape (2,), or raise ValueError."""
    try:
        pair = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be a pair of numbers: {error}") from None
    if pair.shape != (2,):
        raise ValueError(f"{name} must have shape (2,), got shape {pair.shape}")
    if not np.isfinite(pair).all():
        raise ValueError(f"{name} must hold finite numbers only (no NaN or inf)")
    if positive and not (pair > 0).all():
        raise ValueError(f"{name} must be > 0 in both coordinates, got {pair}")
    return pair


def check_grid(xx: object, yy: object) -> tuple[np.ndarray, np.ndarray]:
    """Return ``xx`` and ``yy`` as finite float grids of one 2-D shape, at least 2 x 2."""
    xx = np.asarray(xx, dtype=float)
    yy = np.asarray(yy, dtype=float)
    if xx.ndim != 2 or min(xx.shape) < 2:
        raise ValueError(
            f"xx must be a 2-D grid of at least 2 x 2 points, got shape {xx.shape}"
        )
    if yy.shape != xx.shape:
        raise ValueError(
            f"yy must have the shape of xx {xx.shape}, got shape {yy.shape}"
        )
    if not (np.isfinite(xx).all() and np.isfinite(yy).all()):
        raise ValueError("xx and yy must hold finite numbers only")
    return xx, yy
