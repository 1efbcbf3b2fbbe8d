r"""The Bayes-optimal classifier of the moons: the best any classifier can do.

:func:`sklearn.datasets.make_moons` places the points of class 0 (the outer,
upper moon) at ``(cos t, sin t)`` and those of class 1 (the inner, lower moon)
at ``(1 - cos t, 0.5 - sin t)``, for ``t`` spread evenly over ``[0, π]``, then
adds Gaussian noise of standard deviation ``noise`` to both coordinates. So
each class is a half circle blurred by a Gaussian kernel, and its density at a
point ``x`` is the kernel averaged over the arc,

.. math::

    p(x \mid c) = \frac{1}{\pi} \int_0^\pi
        \mathcal{N}\left(x;\, m_c(t),\, \sigma^2 I\right) dt,

where :math:`m_c` traces moon ``c``. Bayes' rule turns the two densities and
the class priors into the probability of class 1 at ``x``; predicting the
likelier class is the decision no classifier can beat on average. The two
moons overlap where the noise pushes points across, so even this classifier
makes mistakes there.

``make_moons`` spaces ``t`` evenly rather than drawing it at random; for the
hundreds of points per moon of the lesson, spaced far closer than the noise,
that is the uniform distribution above to within any accuracy that matters.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import expit
from sklearn.datasets import make_moons

from ._validation import (
    check_int,
    check_labels,
    check_pair,
    check_points,
    check_real,
)
from .data import MoonsData

__all__ = ["BayesMoons", "expected_accuracy"]

# The arc integral uses composite Gauss-Legendre quadrature with panels no
# wider than the noise. The Gaussian kernel's width along the arc is the noise
# (the arcs have unit radius), so it is smooth on every panel and eight nodes
# per panel give the log odds near the moons to about 1e-5 (checked against a
# rule with fifty times the nodes). Far from the moons the kernel narrows along
# the arc and the error grows, but there the probability is 0 or 1 anyway.
_NODES_PER_PANEL = 8
_PANEL_WIDTH_IN_NOISE = 1.0
_MIN_PANELS = 16
# The number of nodes grows as 1 / noise; below this noise the moons are far
# apart compared with it, the classes do not overlap, and the cost is not worth it.
_MIN_NOISE = 1e-3

# At most this many (point, arc node) terms are held at once: half a megabyte,
# which stays in the processor's cache (faster than larger chunks here) and
# keeps memory flat however many points are classified.
_CHUNK_TERMS = 1 << 16


def _outer_moon(t: np.ndarray) -> np.ndarray:
    """Return the centre line of class 0 at arc parameters ``t``, shape (len(t), 2)."""
    return np.column_stack([np.cos(t), np.sin(t)])


def _inner_moon(t: np.ndarray) -> np.ndarray:
    """Return the centre line of class 1 at arc parameters ``t``, shape (len(t), 2)."""
    return np.column_stack([1 - np.cos(t), 0.5 - np.sin(t)])


def _arc_quadrature(noise: float) -> tuple[np.ndarray, np.ndarray]:
    """Return nodes ``t`` on ``[0, π]`` and the log weights that average over them.

    The weights sum to one, so that a weighted sum over the nodes is the mean
    over the arc: the ``1/π`` of the class density is built in.
    """
    n_panels = max(_MIN_PANELS, math.ceil(math.pi / (_PANEL_WIDTH_IN_NOISE * noise)))
    half_width = math.pi / n_panels / 2
    midpoints = np.linspace(0, math.pi, n_panels + 1)[:-1] + half_width
    nodes, weights = np.polynomial.legendre.leggauss(_NODES_PER_PANEL)
    t = (midpoints[:, np.newaxis] + half_width * nodes).ravel()
    weights = np.tile(weights * half_width / math.pi, n_panels)
    return t, np.log(weights)


def _check_noise(noise: object) -> float:
    """Return ``noise`` as a positive finite float, or raise ``ValueError``."""
    noise = check_real("noise", noise, minimum=0.0)
    if noise == 0:
        # Without noise each class lies on a curve: it has no density in the
        # plane, and the posterior is undefined off the two arcs.
        raise ValueError("noise must be > 0: with no noise the classes have no density")
    if noise < _MIN_NOISE:
        raise ValueError(
            f"noise must be at least {_MIN_NOISE} for the arc integral, got {noise!r}"
        )
    return noise


def _log_sum_exp_rows(exponents: np.ndarray) -> np.ndarray:
    """Return ``log(sum(exp(row)))`` of each row, overwriting ``exponents``.

    Subtracting each row's largest term first means no exponential can
    overflow, and the largest becomes ``exp(0) = 1``, so the sum never
    underflows to zero either. In place, it is several times faster than
    :func:`scipy.special.logsumexp` on these small rows.
    """
    peaks = exponents.max(axis=1)
    exponents -= peaks[:, np.newaxis]
    np.exp(exponents, out=exponents)
    log_sums: np.ndarray = peaks + np.log(exponents.sum(axis=1))
    return log_sums


class _MoonKernel:
    """One moon's log density, up to a term shared by both moons.

    With ``m`` the arc point and ``σ`` the noise, the exponent of the kernel is
    ``-|x - m|² / 2σ²  =  -|x|² / 2σ²  +  (x·m - |m|² / 2) / σ²``. The first
    term is the same for both moons and cancels in the posterior, so it is
    dropped: what is left grows only linearly with ``x``, which keeps points
    far from the moons finite and precise.
    """

    def __init__(self, arc: np.ndarray, log_weights: np.ndarray, noise: float):
        # noise * noise, not noise**2: a float power raises on overflow.
        variance = noise * noise
        self.slopes = arc.T / variance  # shape (2, n_nodes)
        self.offsets = log_weights - (arc**2).sum(axis=1) / (2 * variance)

    def log_density(self, points: np.ndarray) -> np.ndarray:
        """Return the log density at each of ``points`` (raw coordinates), shifted."""
        rows_per_chunk = max(1, _CHUNK_TERMS // self.offsets.size)
        result = np.empty(len(points))
        for start in range(0, len(points), rows_per_chunk):
            chunk = slice(start, start + rows_per_chunk)
            exponents = points[chunk] @ self.slopes + self.offsets
            result[chunk] = _log_sum_exp_rows(exponents)
        return result


class BayesMoons:
    """The Bayes-optimal classifier of ``make_moons`` points with Gaussian noise.

    It knows how the data is generated and nothing else: it is not trained.
    Its accuracy is the ceiling for any classifier of these points.

    Parameters
    ----------
    noise : float, default=0.2
        Standard deviation of the Gaussian noise of ``make_moons``, in its raw
        coordinates; must be > 0 (at least 0.001, where the classes are
        already far apart).
    center : pair of float, default=(0, 0)
        The mean that was subtracted from the ``make_moons`` points: a point
        ``x`` given to the classifier is ``(raw - center) / scale``. The
        defaults of ``center`` and ``scale`` take raw ``make_moons`` points.
    scale : pair of float, default=(1, 1)
        The spread the points were divided by, after subtracting ``center``;
        both must be > 0.
    prior_inner : float, default=0.5
        Fraction of the points in class 1, the inner moon, strictly between 0
        and 1. ``make_moons(n)`` makes ``n - n // 2`` of ``n`` points class 1.

    Raises
    ------
    ValueError
        If an argument is out of range; the message names it.

    See Also
    --------
    expected_accuracy : the classifier's accuracy over fresh samples.

    Examples
    --------
    >>> from moons_tutorial.data import load_moons
    >>> data = load_moons()
    >>> bayes = BayesMoons.from_data(data)
    >>> accuracy = bayes.score(data.X_test, data.y_test)
    """

    def __init__(
        self,
        noise: float = 0.2,
        center: tuple[float, float] | np.ndarray = (0.0, 0.0),
        scale: tuple[float, float] | np.ndarray = (1.0, 1.0),
        prior_inner: float = 0.5,
    ):
        self.noise = _check_noise(noise)
        self.center = check_pair("center", center)
        self.scale = check_pair("scale", scale, positive=True)
        self.prior_inner = check_real("prior_inner", prior_inner, open_interval=(0, 1))
        t, log_weights = _arc_quadrature(self.noise)
        self._outer = _MoonKernel(_outer_moon(t), log_weights, self.noise)
        self._inner = _MoonKernel(_inner_moon(t), log_weights, self.noise)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(noise={self.noise!r},"
            f" center={self.center.tolist()!r}, scale={self.scale.tolist()!r},"
            f" prior_inner={self.prior_inner!r})"
        )

    @classmethod
    def from_data(cls, data: MoonsData) -> BayesMoons:
        """Return the classifier for the scaled points of ``data``.

        Parameters
        ----------
        data : MoonsData
            The lesson's data, from :func:`~moons_tutorial.data.load_moons`;
            its noise, scaling and number of points set the classifier.

        Returns
        -------
        BayesMoons
            A classifier that takes points in the scaled coordinates of ``data``.

        Raises
        ------
        ValueError
            If ``data`` is not a :class:`~moons_tutorial.data.MoonsData`, or
            its noise is 0.
        """
        if not isinstance(data, MoonsData):
            raise ValueError(f"data must be a MoonsData, got {type(data).__name__}")
        n_samples = len(data.X_train) + len(data.X_test)
        return cls(
            noise=data.noise,
            center=data.center,
            scale=data.scale,
            prior_inner=_inner_fraction(n_samples),
        )

    def log_odds(self, X: np.ndarray) -> np.ndarray:
        """Return ``log P(class 1 | x) - log P(class 0 | x)`` for each point.

        Parameters
        ----------
        X : array-like of shape (n, 2)
            Points in the classifier's (scaled) coordinates.

        Returns
        -------
        numpy.ndarray of shape (n,)
            Finite log odds: positive where class 1 is the likelier.
        """
        points = self._to_raw(check_points("X", X))
        prior_log_odds = math.log(self.prior_inner / (1 - self.prior_inner))
        log_odds: np.ndarray = (
            self._inner.log_density(points)
            - self._outer.log_density(points)
            + prior_log_odds
        )
        return log_odds

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Return the probability of class 1 (the inner moon) at each point.

        Parameters
        ----------
        X : array-like of shape (n, 2)
            Points in the classifier's (scaled) coordinates.

        Returns
        -------
        numpy.ndarray of shape (n,)
            ``P(y = 1 | x)``, between 0 and 1; finite even far from the moons.

        Raises
        ------
        ValueError
            If ``X`` is not a finite array of shape (n, 2).
        """
        # expit is the logistic function, exact and warning-free for any
        # finite log odds, however large.
        return expit(self.log_odds(X))

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Return the likelier class, 0 or 1, of each point.

        Parameters
        ----------
        X : array-like of shape (n, 2)
            Points in the classifier's (scaled) coordinates.

        Returns
        -------
        numpy.ndarray of int, shape (n,)
            1 where class 1 is strictly the likelier, else 0.
        """
        return (self.log_odds(X) > 0).astype(int)

    def score(self, X: np.ndarray, y: np.ndarray) -> float:
        """Return the fraction of points whose label the classifier predicts.

        Parameters
        ----------
        X : array-like of shape (n, 2)
            Points in the classifier's (scaled) coordinates.
        y : array-like of shape (n,)
            Their true labels, 0 or 1.

        Returns
        -------
        float
            The accuracy, between 0 and 1.

        Raises
        ------
        ValueError
            If ``X`` or ``y`` is malformed or their lengths differ.
        """
        X = check_points("X", X)
        y = check_labels("y", y, n_samples=len(X))
        return float(np.mean(self.predict(X) == y))

    def _to_raw(self, X: np.ndarray) -> np.ndarray:
        # The noise is isotropic in make_moons' coordinates, not in the scaled
        # ones, so the densities are computed there. The change of coordinates
        # scales both densities alike, which leaves the posterior unchanged.
        raw: np.ndarray = X * self.scale + self.center
        return raw


def _inner_fraction(n_samples: int) -> float:
    """Return the fraction of ``make_moons(n_samples)`` points in class 1."""
    return (n_samples - n_samples // 2) / n_samples


def expected_accuracy(
    noise: float = 0.2, n_samples: int = 200_000, random_state: int | None = 0
) -> float:
    """Estimate the Bayes-optimal accuracy over fresh ``make_moons`` samples.

    Draws ``n_samples`` points with :func:`sklearn.datasets.make_moons` and
    classifies them with :class:`BayesMoons`, whose posterior is exact: the
    only error of the estimate is Monte-Carlo sampling, with a standard error
    of about ``sqrt(a (1 - a) / n_samples)`` for an accuracy ``a`` (0.0004 at
    the defaults).

    Parameters
    ----------
    noise : float, default=0.2
        Standard deviation of the Gaussian noise; must be > 0 (at least 0.001).
    n_samples : int, default=200_000
        Number of points to draw; at least 2.
    random_state : int or None, default=0
        Seed of the draw; the same seed gives the same estimate.

    Returns
    -------
    float
        The fraction of the fresh points the Bayes-optimal classifier gets right.

    Raises
    ------
    ValueError
        If an argument is out of range; the message names it.
    """
    noise = _check_noise(noise)
    n_samples = check_int("n_samples", n_samples, minimum=2)
    if random_state is not None:
        random_state = check_int("random_state", random_state, minimum=0)
    X, y = make_moons(n_samples=n_samples, noise=noise, random_state=random_state)
    bayes = BayesMoons(noise=noise, prior_inner=_inner_fraction(n_samples))
    return bayes.score(X, y)
