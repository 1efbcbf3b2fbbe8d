"""Property-based tests: any input either works as documented or is refused
with a ValueError or FileNotFoundError that names the argument or path."""

from __future__ import annotations

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


def refused(error: Exception, *names: str) -> bool:
    return any(re.search(re.escape(name), str(error)) for name in names)


@FAST
@given(
    n_samples=st.one_of(st.integers(-5, 400), anything),
    noise=st.one_of(st.floats(-1, 2), anything),
    test_size=st.one_of(st.floats(-0.5, 1.5), anything),
    random_state=st.one_of(st.integers(-3, 2**31), st.none(), anything),
)
def test_load_moons_works_or_names_the_argument(
    n_samples, noise, test_size, random_state
):
    try:
        data = load_moons(n_samples, noise, test_size, random_state)
    except ValueError as error:
        assert refused(error, "n_samples", "noise", "test_size", "random_state")
        return
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
        st.lists(st.integers(-2, 8), max_size=3).map(tuple), anything
    ),
    n_features=st.one_of(st.integers(-2, 4), anything),
)
def test_build_model_works_or_names_the_argument(hidden_units, n_features):
    try:
        model = build_model(hidden_units, n_features)
    except ValueError as error:
        assert refused(error, "hidden_units", "n_features")
        return
    assert model.input_shape == (None, n_features)
    assert model.output_shape == (None, 1)
    dense = [layer.units for layer in model.layers]
    assert dense == [*hidden_units, 1]


points = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=6),
    elements=st.floats(allow_nan=True, allow_infinity=True, width=64),
)


@FAST
@given(
    X=points,
    y=hnp.arrays(
        np.float64, st.integers(0, 6), elements=st.sampled_from([0.0, 1.0, 2.0, np.nan])
    ),
)
def test_plot_dataset_draws_every_point_or_names_the_argument(X, y):
    import matplotlib.pyplot as plt

    try:
        figure = plot_dataset(X, y)
    except ValueError as error:
        assert refused(error, "X", "y")
        return
    finally:
        plt.close("all")
    drawn = sum(len(c.get_offsets()) for c in figure.axes[0].collections)
    assert drawn == len(X) > 0


@FAST
@given(
    probabilities=hnp.arrays(
        np.float64,
        hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=6),
        elements=st.one_of(st.floats(-1, 2), st.just(np.nan)),
    )
)
def test_decision_boundary_refuses_what_is_not_a_probability_grid(probabilities):
    import matplotlib.pyplot as plt

    xx, yy = np.mgrid[-1:1:5j, -1:1:5j]
    X, y = np.zeros((2, 2)), np.array([0, 1])
    try:
        plot_decision_boundary(xx, yy, probabilities, X, y)
    except ValueError as error:
        assert refused(error, "probabilities")
        return
    finally:
        plt.close("all")
    assert probabilities.shape == xx.shape
    assert ((probabilities >= 0) & (probabilities <= 1)).all()


@FAST
@given(X=points, noise=st.one_of(st.floats(-1, 3), anything))
def test_bayes_probabilities_are_finite_or_the_argument_is_named(X, noise):
    try:
        classifier = BayesMoons(noise=noise)
        probabilities = classifier.predict_proba(X)
    except ValueError as error:
        assert refused(error, "noise", "X")
        return
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
