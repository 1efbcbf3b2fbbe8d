"""Property-based tests: valid input works as documented, invalid input is refused.

Each test decides on its own, from the documented rules, whether an input is
valid (the ``*_problems`` functions below, written apart from the package's
checks), then asserts that valid input is accepted and that invalid input is
refused with a ValueError naming an argument that is in fact invalid.
"""

from __future__ import annotations

import math
import numbers
import re
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from moons_tutorial.bayes import BayesMoons
from moons_tutorial.data import load_moons
from moons_tutorial.logs import UnreadableEventFileWarning, read_scalars
from moons_tutorial.model import build_model
from moons_tutorial.plotting import plot_dataset, plot_decision_boundary

anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.lists(st.integers(-3, 3), max_size=3),
)
FAST = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def naming(*names: str) -> str:
    """A pattern for a message that names one of ``names`` as a word (not NaN's N)."""
    return rf"(?<!\w)({'|'.join(map(re.escape, names))})(?!\w)"


def is_int(value: object, minimum: int) -> bool:
    return (
        isinstance(value, numbers.Integral)
        and not isinstance(value, bool)
        and value >= minimum
    )


def is_real(value: object) -> bool:
    return (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


def load_moons_problems(n_samples, noise, test_size, random_state) -> list[str]:
    """The arguments of ``load_moons`` that its docstring does not allow."""
    problems = []
    if not is_int(n_samples, 2):
        problems.append("n_samples")
    if not (is_real(noise) and noise >= 0):
        problems.append("noise")
    if not (is_real(test_size) and 0 < test_size < 1):
        problems.append("test_size")
    if random_state is not None and not is_int(random_state, 0):
        problems.append("random_state")
    if not problems and not 1 <= math.ceil(test_size * n_samples) < n_samples:
        problems.append("test_size")  # an empty train or test half
    return problems


def points_problems(X: np.ndarray, name: str = "X") -> list[str]:
    """``[name]`` unless ``X`` is a non-empty, finite array of shape (n, 2)."""
    valid = X.ndim == 2 and X.shape[0] > 0 and X.shape[1] == 2 and np.isfinite(X).all()
    return [] if valid else [name]


def build_model_problems(hidden_units, n_features) -> list[str]:
    """The arguments of ``build_model`` that its docstring does not allow."""
    problems = []
    if not (
        isinstance(hidden_units, tuple | list)
        and all(is_int(width, 1) for width in hidden_units)
    ):
        problems.append("hidden_units")
    if not is_int(n_features, 1):
        problems.append("n_features")
    return problems


@FAST
@given(
    # Each argument is valid about two times in three, so that valid calls
    # are common too: a function that refuses everything must fail here.
    n_samples=st.one_of(
        st.integers(2, 400), st.integers(2, 400), st.integers(-5, 1), anything
    ),
    noise=st.one_of(st.floats(0, 2), st.floats(0, 2), st.floats(-1, 0), anything),
    test_size=st.one_of(
        st.floats(0.05, 0.95), st.floats(0.05, 0.95), st.floats(-0.5, 1.5), anything
    ),
    random_state=st.one_of(
        st.integers(0, 2**31), st.none(), st.integers(-3, 2**31), anything
    ),
)
def test_load_moons_works_or_names_the_argument(
    n_samples, noise, test_size, random_state
):
    problems = load_moons_problems(n_samples, noise, test_size, random_state)
    if problems:
        with pytest.raises(ValueError, match=naming(*problems)):
            load_moons(n_samples, noise, test_size, random_state)
        return
    data = load_moons(n_samples, noise, test_size, random_state)
    n_train, n_test = len(data.X_train), len(data.X_test)
    assert n_train + n_test == n_samples
    assert min(n_train, n_test) >= 1
    assert data.X_train.shape == (n_train, 2)
    assert np.isfinite(data.X_train).all()
    assert np.isfinite(data.X_test).all()
    assert set(np.unique(data.y_train)) <= {0, 1}


@settings(max_examples=40, deadline=None)
@given(
    hidden_units=st.one_of(
        st.lists(st.integers(1, 8), max_size=3).map(tuple),
        st.lists(st.integers(1, 8), max_size=3),
        st.lists(st.integers(-2, 8), max_size=3).map(tuple),
        anything,
    ),
    n_features=st.one_of(
        st.integers(1, 4), st.integers(1, 4), st.integers(-2, 4), anything
    ),
)
def test_build_model_works_or_names_the_argument(hidden_units, n_features):
    problems = build_model_problems(hidden_units, n_features)
    if problems:
        with pytest.raises(ValueError, match=naming(*problems)):
            build_model(hidden_units, n_features)
        return
    model = build_model(hidden_units, n_features)
    assert model.input_shape == (None, n_features)
    assert model.output_shape == (None, 1)
    dense = [layer.units for layer in model.layers]
    assert dense == [*hidden_units, 1]


points = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=6),
    elements=st.floats(allow_nan=True, allow_infinity=True, width=64),
)


labelled_points = st.integers(1, 6).flatmap(
    lambda n: st.tuples(
        hnp.arrays(np.float64, (n, 2), elements=st.floats(-5, 5)),
        hnp.arrays(np.float64, n, elements=st.sampled_from([0.0, 1.0])),
    )
)
any_points_and_labels = st.tuples(
    points,
    hnp.arrays(
        np.float64, st.integers(0, 6), elements=st.sampled_from([0.0, 1.0, 2.0, np.nan])
    ),
)


@FAST
@given(X_y=st.one_of(labelled_points, any_points_and_labels))
def test_plot_dataset_draws_every_point_or_names_the_argument(X_y):
    X, y = X_y
    import matplotlib.pyplot as plt

    labels_valid = y.shape == (len(X),) and np.isin(y, (0, 1)).all()
    problems = points_problems(X) or ([] if labels_valid else ["y"])
    try:
        if problems:
            with pytest.raises(ValueError, match=naming(*problems)):
                plot_dataset(X, y)
            return
        figure = plot_dataset(X, y)
    finally:
        plt.close("all")
    drawn = sum(len(c.get_offsets()) for c in figure.axes[0].collections)
    assert drawn == len(X) > 0


@FAST
@given(
    probabilities=st.one_of(
        hnp.arrays(np.float64, (5, 5), elements=st.floats(0, 1)),
        hnp.arrays(
            np.float64,
            hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=6),
            elements=st.one_of(st.floats(-1, 2), st.just(np.nan)),
        ),
    )
)
def test_decision_boundary_refuses_what_is_not_a_probability_grid(probabilities):
    import matplotlib.pyplot as plt

    xx, yy = np.mgrid[-1:1:5j, -1:1:5j]
    X, y = np.zeros((2, 2)), np.array([0, 1])
    valid = (
        probabilities.shape == xx.shape
        and np.isfinite(probabilities).all()
        and ((probabilities >= 0) & (probabilities <= 1)).all()
    )
    try:
        if not valid:
            with pytest.raises(ValueError, match="probabilities"):
                plot_decision_boundary(xx, yy, probabilities, X, y)
            return
        figure = plot_decision_boundary(xx, yy, probabilities, X, y)
        assert figure.axes[0].collections, "nothing was drawn"
    finally:
        plt.close("all")


@FAST
@given(X=points, noise=st.one_of(st.floats(-1, 3), anything))
def test_bayes_probabilities_are_finite_or_the_argument_is_named(X, noise):
    # The documented smallest noise: 0.001.
    noise_valid = is_real(noise) and noise >= 1e-3
    problems = ([] if noise_valid else ["noise"]) or points_problems(X)
    if problems:
        with pytest.raises(ValueError, match=naming(*problems)):
            BayesMoons(noise=noise).predict_proba(X)
        return
    probabilities = BayesMoons(noise=noise).predict_proba(X)
    assert probabilities.shape == (len(X),)
    assert np.isfinite(probabilities).all()
    assert ((probabilities >= 0) & (probabilities <= 1)).all()


@FAST
@given(
    tree=st.dictionaries(
        st.sampled_from(["a/train", "a/validation", "b/train", "c", "."]),
        st.binary(max_size=64),
        max_size=4,
    )
)
def test_read_scalars_on_any_folder_reads_or_names_the_path(tree, tmp_path_factory):
    root = tmp_path_factory.mktemp("logs")
    files = {
        root / folder / "events.out.tfevents.1.host": b for folder, b in tree.items()
    }
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    # Random bytes hold no events: a file with anything in it is unreadable
    # (named in a warning), an empty one holds nothing.
    unreadable = {path for path, content in files.items() if content}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UnreadableEventFileWarning)
        if not files:
            with pytest.raises(FileNotFoundError, match=re.escape(root.name)):
                read_scalars(root)
        elif unreadable:
            with pytest.raises(ValueError, match="no event file could be read") as info:
                read_scalars(root)
            assert root.name in str(info.value)
            assert all(str(path) in str(info.value) for path in unreadable)
        else:
            scalars = read_scalars(root)
            assert len(scalars) == 0
            assert scalars.unreadable == {}
    warned = {
        str(w.message) for w in caught if w.category is UnreadableEventFileWarning
    }
    assert len(warned) == len(unreadable)
    assert all(any(str(path) in message for message in warned) for path in unreadable)


@pytest.mark.parametrize("bad", [-1, 0, 1.5, "3", None, True])
def test_train_refuses_bad_epochs_before_training(data, bad):
    from moons_tutorial.training import train

    with pytest.raises(ValueError, match="epochs"):
        train(build_model(), data, epochs=bad)
