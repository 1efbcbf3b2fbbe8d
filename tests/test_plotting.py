import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure

from moons_tutorial.model import build_model
from moons_tutorial.plotting import (
    boundary_grid,
    plot_dataset,
    plot_decision_boundary,
    plot_learning_curves,
    predict_on_grid,
)


def scatters(ax):
    return [c for c in ax.collections if isinstance(c, PathCollection)]


def test_dataset_scatter_draws_both_classes_with_labels(data):
    figure = plot_dataset(data.X_train, data.y_train)
    ax = figure.axes[0]
    points = scatters(ax)
    assert [len(p.get_offsets()) for p in points] == [
        int((data.y_train == 0).sum()),
        int((data.y_train == 1).sum()),
    ]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Class 0", "Class 1"]
    assert ax.get_title() == "Toy binary classification data set"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("$x_1$ (scaled)", "$x_2$ (scaled)")


def test_grid_is_the_lessons_mgrid():
    xx, yy = boundary_grid()
    expected_xx, expected_yy = np.mgrid[-3:3:100j, -3:3:100j]
    np.testing.assert_array_equal(xx, expected_xx)
    np.testing.assert_array_equal(yy, expected_yy)


def test_decision_boundary_draws_contours_points_and_colorbar(data):
    xx, yy = boundary_grid()
    probabilities = 1 / (1 + np.exp(-4 * yy))  # a boundary along the x-axis
    figure = plot_decision_boundary(
        xx, yy, probabilities, data.X_test, data.y_test, title="t"
    )
    ax, colorbar_ax = figure.axes
    assert len(scatters(ax)[0].get_offsets()) == len(data.X_test)
    assert ax.get_title() == "t"
    assert colorbar_ax.get_ylabel() == "$P(y = 1)$"
    # The 0.5 level line lies on y = 0, where the probabilities cross 0.5.
    level = [c for c in ax.collections if not isinstance(c, PathCollection)][-1]
    vertices = np.concatenate([p.vertices for p in level.get_paths()])
    np.testing.assert_allclose(vertices[:, 1], 0, atol=0.05)


def test_decision_boundary_draws_into_a_given_axes(data):
    import matplotlib.pyplot as plt

    figure, (left, right) = plt.subplots(1, 2)
    xx, yy = boundary_grid(n_points=5)
    returned = plot_decision_boundary(
        xx,
        yy,
        np.full(xx.shape, 0.3),
        data.X_test,
        data.y_test,
        ax=right,
        colorbar=False,
    )
    assert returned is figure
    assert scatters(right)
    assert not scatters(left)


def test_predict_on_grid_returns_a_probability_per_grid_point(seeded):
    xx, yy = boundary_grid(n_points=20)
    model = build_model()
    probabilities = predict_on_grid(model, xx, yy)
    assert probabilities.shape == (20, 20)
    assert ((probabilities >= 0) & (probabilities <= 1)).all()
    # Each value is the model's prediction at its own grid point.
    row = np.column_stack([xx[3], yy[3]])
    np.testing.assert_allclose(
        probabilities[3], model.predict(row, verbose=0)[:, 0], rtol=1e-5
    )


def test_predict_on_grid_maps_points_to_features(seeded):
    from moons_tutorial.data import add_product_feature

    xx, yy = boundary_grid(n_points=10)
    model = build_model(n_features=3)
    probabilities = predict_on_grid(model, xx, yy, features=add_product_feature)
    assert probabilities.shape == (10, 10)
    row = add_product_feature(np.column_stack([xx[2], yy[2]]))
    np.testing.assert_allclose(
        probabilities[2], model.predict(row, verbose=0)[:, 0], rtol=1e-5
    )


@pytest.mark.parametrize(
    ("args", "argument"),
    [
        ((np.zeros(10), np.zeros(10)), "xx"),
        ((np.zeros((5, 5)), np.zeros((5, 4))), "yy"),
    ],
)
def test_bad_grids_are_named(args, argument, data):
    with pytest.raises(ValueError, match=argument):
        plot_decision_boundary(*args, np.zeros((5, 5)), data.X_test, data.y_test)


def test_bad_probabilities_and_points_are_named(data):
    xx, yy = boundary_grid(n_points=5)
    with pytest.raises(ValueError, match="probabilities"):
        plot_decision_boundary(xx, yy, np.zeros((4, 4)), data.X_test, data.y_test)
    with pytest.raises(ValueError, match="probabilities"):
        plot_decision_boundary(
            xx, yy, np.full((5, 5), np.nan), data.X_test, data.y_test
        )
    with pytest.raises(ValueError, match="X must have 2 columns"):
        plot_dataset(np.zeros((3, 3)), np.zeros(3))
    with pytest.raises(ValueError, match="y must have shape"):
        plot_dataset(np.zeros((3, 2)), np.zeros(4))
    with pytest.raises(ValueError, match="y must hold only the labels"):
        plot_dataset(np.zeros((2, 2)), [0, 2])


def test_learning_curves_draw_one_line_per_run_and_split():
    figure = plot_learning_curves(
        {
            "a": {"train": [0.5, 0.7, 0.9], "validation": [0.5, 0.6, 0.7]},
            "b": {"train": [0.4, 0.8, 0.9]},
        },
        title="curves",
    )
    assert isinstance(figure, Figure)
    lines = figure.axes[0].get_lines()
    assert [line.get_label() for line in lines] == [
        "a (train)",
        "a (validation)",
        "b (train)",
    ]
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 2, 3])


def test_learning_curves_reject_empty_input():
    with pytest.raises(ValueError, match="curves"):
        plot_learning_curves({})
    with pytest.raises(ValueError, match=r"curves\['a'\]\['train'\]"):
        plot_learning_curves({"a": {"train": []}})
