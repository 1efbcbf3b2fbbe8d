import dataclasses

import numpy as np
import pytest

from moons_tutorial.data import add_product_feature, load_moons


def test_halves_have_the_lesson_shapes(data):
    assert data.X_train.shape == (500, 2)
    assert data.X_test.shape == (500, 2)
    assert data.y_train.shape == data.y_test.shape == (500,)
    assert set(np.unique(np.concatenate([data.y_train, data.y_test]))) == {0, 1}


def test_points_are_standardised_over_the_whole_set(data):
    X = np.concatenate([data.X_train, data.X_test])
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(X.std(axis=0), 1, atol=1e-12)


def test_scaling_is_recorded_so_points_map_back_to_make_moons():
    from sklearn.datasets import make_moons

    data = load_moons(n_samples=200, random_state=3)
    X_raw, _ = make_moons(n_samples=200, noise=0.2, random_state=3)
    back = np.concatenate([data.X_train, data.X_test]) * data.scale + data.center
    np.testing.assert_allclose(np.sort(back, axis=0), np.sort(X_raw, axis=0))


def test_same_seed_same_data_other_seed_other_data():
    first, again, other = load_moons(), load_moons(), load_moons(random_state=1)
    np.testing.assert_array_equal(first.X_train, again.X_train)
    np.testing.assert_array_equal(first.y_test, again.y_test)
    assert not np.array_equal(first.X_train, other.X_train)


def test_test_size_sets_the_split():
    data = load_moons(n_samples=100, test_size=0.2)
    assert (len(data.X_train), len(data.X_test)) == (80, 20)


def test_data_is_frozen(data):
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.X_train = None


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"n_samples": 1}, "n_samples"),
        ({"n_samples": 10.5}, "n_samples"),
        ({"noise": -0.1}, "noise"),
        ({"noise": float("nan")}, "noise"),
        ({"test_size": 0.0}, "test_size"),
        ({"test_size": 1.0}, "test_size"),
        ({"test_size": 1.5}, "test_size"),
        ({"random_state": -1}, "random_state"),
    ],
)
def test_bad_arguments_are_named(kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        load_moons(**kwargs)


def test_product_feature_is_appended():
    X = np.array([[1.0, 2.0], [-3.0, 0.5]])
    np.testing.assert_array_equal(
        add_product_feature(X), [[1.0, 2.0, 2.0], [-3.0, 0.5, -1.5]]
    )


def test_product_feature_rejects_the_wrong_shape():
    with pytest.raises(ValueError, match="X must have 2 columns"):
        add_product_feature(np.zeros((4, 3)))
