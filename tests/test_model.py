import ast
import math

import keras
import numpy as np
import pytest

from moons_tutorial.model import build_model
from tests.intro import run_intro_statements


def layer_summary(model):
    return [
        (
            type(layer).__name__,
            layer.get_config().get("units"),
            layer.get_config().get("activation"),
        )
        for layer in model.layers
    ]


def compile_summary(model):
    optimizer = model.optimizer
    return (
        type(optimizer).__name__,
        float(keras.ops.convert_to_numpy(optimizer.learning_rate)),
        model.loss,
        model.get_compile_config()["metrics"],
        model.input_shape,
        model.steps_per_execution,
    )


def test_default_is_the_lessons_network():
    model = build_model()
    assert layer_summary(model) == [("Dense", 32, "relu"), ("Dense", 1, "sigmoid")]
    assert model.input_shape == (None, 2)
    assert model.output_shape == (None, 1)
    assert model.count_params() == 2 * 32 + 32 + 32 + 1


def test_default_optimizer_is_adadelta_at_the_lessons_learning_rate():
    model = build_model()
    assert compile_summary(model)[:3] == ("Adadelta", 1.0, "binary_crossentropy")


def test_evaluate_reports_the_cross_entropy_and_the_accuracy_of_its_predictions():
    model = build_model()
    X = np.random.default_rng(0).normal(size=(64, 2))
    y = (X[:, 0] > 0).astype(int)
    result = model.evaluate(X, y, verbose=0, return_dict=True)
    assert set(result) == {"loss", "accuracy"}
    p = model.predict(X, verbose=0)[:, 0]
    cross_entropy = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert result["loss"] == pytest.approx(cross_entropy, rel=1e-4)
    assert result["accuracy"] == pytest.approx(np.mean((p > 0.5) == y))


def test_each_model_gets_its_own_optimizer():
    assert build_model().optimizer is not build_model().optimizer


def test_hidden_units_and_features_shape_the_network():
    model = build_model(hidden_units=(8, 4), n_features=3, optimizer="adam")
    assert layer_summary(model) == [
        ("Dense", 8, "relu"),
        ("Dense", 4, "relu"),
        ("Dense", 1, "sigmoid"),
    ]
    assert model.input_shape == (None, 3)
    assert type(model.optimizer).__name__ == "Adam"


def test_no_hidden_layer_is_logistic_regression():
    assert layer_summary(build_model(hidden_units=())) == [("Dense", 1, "sigmoid")]


def test_output_is_a_probability():
    probabilities = build_model().predict(
        np.random.default_rng(0).normal(size=(50, 2)), verbose=0
    )
    assert probabilities.shape == (50, 1)
    assert ((probabilities > 0) & (probabilities < 1)).all()


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"hidden_units": 32}, "hidden_units"),
        ({"hidden_units": "32"}, "hidden_units"),
        ({"hidden_units": (32, 0)}, r"hidden_units\[1\]"),
        ({"hidden_units": (2.5,)}, r"hidden_units\[0\]"),
        ({"n_features": 0}, "n_features"),
    ],
)
def test_bad_arguments_are_named(kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        build_model(**kwargs)


def intro_model():
    """Run the intro page's own model-building and compile statements."""

    def wanted(node: ast.stmt) -> bool:
        source = ast.unparse(node)
        return source.startswith(("model = ", "model.add(", "model.compile(")) or (
            isinstance(node, ast.ImportFrom)
            and node.module is not None
            and "keras" in node.module
        )

    namespace = run_intro_statements(wanted, {"keras": keras})
    assert "model" in namespace, "the intro builds no model"
    return namespace["model"]


def test_intro_page_builds_the_same_network_as_build_model():
    intro, ours = intro_model(), build_model()
    assert layer_summary(intro) == layer_summary(ours)
    # steps_per_execution changes how fast Keras trains, not what it computes;
    # the intro leaves it at its default, and the backends page discusses it.
    assert compile_summary(intro)[:-1] == compile_summary(ours)[:-1]


def test_steps_per_execution_is_one_epoch_of_the_lesson(data):
    # The backends page says build_model runs a whole epoch per execution.
    batches = math.ceil(len(data.X_train) / 32)
    assert build_model().steps_per_execution == batches
