import numpy as np
import pytest
from sklearn.datasets import make_moons

from moons_tutorial.bayes import BayesMoons, expected_accuracy
from moons_tutorial.data import load_moons

NOISE = 0.2


def reflect(X):
    """The point reflection about (0.5, 0.25), which swaps the two moons."""
    return np.array([1.0, 0.5]) - X


@pytest.fixture(scope="module")
def fresh():
    """A large fresh sample of raw make_moons points, away from the lesson's seed."""
    return make_moons(n_samples=50_000, noise=NOISE, random_state=1)


def brute_force_posterior(X, noise, n_arc_points=400_000, seed=0):
    """P(class 1 | x) from kernel densities averaged over randomly drawn arc points."""
    t = np.random.default_rng(seed).uniform(0, np.pi, size=n_arc_points)
    outer = np.column_stack([np.cos(t), np.sin(t)])
    inner = np.column_stack([1 - np.cos(t), 0.5 - np.sin(t)])

    def density(arc):
        squared = ((X[:, np.newaxis, :] - arc[np.newaxis]) ** 2).sum(axis=-1)
        return np.exp(-squared / (2 * noise**2)).mean(axis=1)

    outer_density, inner_density = density(outer), density(inner)
    return inner_density / (outer_density + inner_density)


def test_posterior_matches_a_brute_force_monte_carlo_estimate():
    # Points in the overlap, where the posterior is neither 0 nor 1, the
    # centre of symmetry, and one point on each moon.
    X = np.array(
        [
            [1.0, -0.1],
            [0.0, 0.6],
            [0.5, 0.2],
            [-0.5, -0.5],
            [1.5, 1.0],
            [0.5, 0.25],
            [0.0, 1.0],
            [1.0, -0.5],
        ]
    )
    expected = brute_force_posterior(X, NOISE)
    assert expected[:5].min() > 0.2
    assert expected[:5].max() < 0.8
    np.testing.assert_allclose(BayesMoons(NOISE).predict_proba(X), expected, atol=0.01)


def test_posterior_is_calibrated_on_fresh_samples(fresh):
    X, y = fresh
    p = BayesMoons(NOISE).predict_proba(X)
    # Where the classifier says 30 %, about 30 % of the points are class 1.
    for low, high in [(0.05, 0.3), (0.3, 0.7), (0.7, 0.95)]:
        in_bin = (p >= low) & (p < high)
        assert in_bin.sum() > 1000
        assert y[in_bin].mean() == pytest.approx(p[in_bin].mean(), abs=0.03)
    # And the accuracy it expects of itself is the accuracy it gets.
    predicted_accuracy = np.maximum(p, 1 - p).mean()
    actual_accuracy = np.mean((p > 0.5) == y)
    assert actual_accuracy == pytest.approx(predicted_accuracy, abs=0.003)


def test_expected_accuracy_is_the_score_on_a_fresh_sample(fresh):
    X, y = fresh
    accuracy = expected_accuracy(NOISE, n_samples=len(X), random_state=1)
    assert accuracy == BayesMoons(NOISE).score(X, y)
    assert 0.966 < accuracy < 0.976


def test_expected_accuracy_is_repeatable():
    first = expected_accuracy(n_samples=2000, random_state=3)
    assert expected_accuracy(n_samples=2000, random_state=3) == first


def test_more_noise_means_a_lower_ceiling():
    accuracies = [
        expected_accuracy(noise, n_samples=20_000) for noise in (0.1, 0.2, 0.3)
    ]
    assert accuracies == sorted(accuracies, reverse=True)
    assert accuracies[0] > 0.99


def test_lesson_test_half_accuracy(data):
    bayes = BayesMoons.from_data(data)
    assert 0.965 <= bayes.score(data.X_test, data.y_test) <= 0.98


def test_scaled_coordinates_agree_with_raw_ones(data):
    X_raw, _ = make_moons(n_samples=1000, noise=NOISE, random_state=0)
    raw = BayesMoons(NOISE)
    scaled = BayesMoons.from_data(data)
    X_scaled = (X_raw - data.center) / data.scale
    np.testing.assert_array_equal(scaled.predict(X_scaled), raw.predict(X_raw))
    np.testing.assert_allclose(
        scaled.predict_proba(X_scaled), raw.predict_proba(X_raw), atol=1e-9
    )


def test_from_data_takes_noise_scaling_and_priors_from_the_data():
    data = load_moons(n_samples=201, noise=0.3, random_state=2)
    bayes = BayesMoons.from_data(data)
    assert bayes.noise == 0.3
    np.testing.assert_array_equal(bayes.center, data.center)
    np.testing.assert_array_equal(bayes.scale, data.scale)
    assert bayes.prior_inner == 101 / 201


def test_reflection_swaps_the_classes():
    X = np.random.default_rng(0).normal(0.5, 1.0, size=(500, 2))
    bayes = BayesMoons(NOISE)
    np.testing.assert_allclose(
        bayes.predict_proba(reflect(X)), 1 - bayes.predict_proba(X), atol=1e-9
    )
    assert bayes.predict_proba([[0.5, 0.25]]) == pytest.approx([0.5])


def test_moon_centres_are_classified_with_confidence():
    bayes = BayesMoons(NOISE)
    t = np.linspace(0.3, np.pi - 0.3, 20)
    outer = np.column_stack([np.cos(t), np.sin(t)])
    assert (bayes.predict_proba(outer) < 0.01).all()
    assert (bayes.predict_proba(reflect(outer)) > 0.99).all()


def test_prior_shifts_the_log_odds():
    X = np.array([[1.0, 0.1], [0.0, 0.4], [0.5, 0.25]])
    even, skewed = BayesMoons(NOISE), BayesMoons(NOISE, prior_inner=0.8)
    np.testing.assert_allclose(
        skewed.log_odds(X) - even.log_odds(X), np.log(0.8 / 0.2), rtol=1e-12
    )


def test_predict_is_the_likelier_class(fresh):
    X = fresh[0][:1000]
    bayes = BayesMoons(NOISE)
    labels = bayes.predict(X)
    assert labels.dtype.kind == "i"
    assert labels.shape == (1000,)
    np.testing.assert_array_equal(labels, bayes.predict_proba(X) > 0.5)


@pytest.mark.parametrize("coordinates", ["raw", "scaled"])
def test_far_away_points_get_finite_probabilities(coordinates, data):
    bayes = BayesMoons(NOISE) if coordinates == "raw" else BayesMoons.from_data(data)
    far = 1e6 * np.array(
        [[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [-1, -1], [1, -1], [-1, 1]]
    )
    p = bayes.predict_proba(far)
    assert np.isfinite(p).all()
    assert ((p >= 0) & (p <= 1)).all()
    # Far above, the upper moon (class 0) is nearer; far below, the lower one.
    assert p[2] < 0.01
    assert p[3] > 0.99


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"noise": 0}, "noise must be > 0"),
        ({"noise": -0.1}, "noise"),
        ({"noise": float("nan")}, "noise"),
        ({"noise": float("inf")}, "noise"),
        ({"noise": "0.2"}, "noise"),
        ({"noise": 1e-5}, "noise"),
        ({"scale": (0, 1)}, "scale"),
        ({"scale": (1, -1)}, "scale"),
        ({"scale": (1, 2, 3)}, "scale"),
        ({"center": (float("nan"), 0)}, "center"),
        ({"center": "ab"}, "center"),
        ({"prior_inner": 0}, "prior_inner"),
        ({"prior_inner": 1}, "prior_inner"),
    ],
)
def test_bad_settings_are_named(kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        BayesMoons(**kwargs)


@pytest.mark.parametrize(
    "X", [np.zeros((3, 3)), np.zeros(3), [[np.nan, 0.0]], [[np.inf, 0.0]], "ab"]
)
def test_bad_points_are_named(X):
    with pytest.raises(ValueError, match="X"):
        BayesMoons().predict_proba(X)


@pytest.mark.parametrize("y", [[0, 1], [0, 1, 2]])
def test_bad_labels_are_named(y):
    with pytest.raises(ValueError, match="y"):
        BayesMoons().score(np.zeros((3, 2)), y)


def test_from_data_rejects_other_objects():
    with pytest.raises(ValueError, match="data"):
        BayesMoons.from_data({"noise": 0.2})


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"noise": 0}, "noise"),
        ({"n_samples": 1}, "n_samples"),
        ({"n_samples": 10.5}, "n_samples"),
        ({"random_state": -1}, "random_state"),
    ],
)
def test_bad_expected_accuracy_arguments_are_named(kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        expected_accuracy(**kwargs)
