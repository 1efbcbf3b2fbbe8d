"""The lesson's network: a small multi-layer perceptron with a sigmoid output."""

from __future__ import annotations

from collections.abc import Sequence

import keras

from ._validation import check_int

__all__ = ["build_model", "default_optimizer"]

# One epoch of the lesson is 16 steps (500 training points, 32 at a time). Asking
# Keras to run all 16 before it returns to fit's bookkeeping (callbacks,
# metrics), instead of after every batch, removes most of the per-batch
# overhead, which for a network this small is much of the time: the same
# updates, in less time on JAX.
STEPS_PER_EXECUTION = 16


def default_optimizer() -> keras.optimizers.Optimizer:
    """Return the optimizer the lesson meant by ``'AdaDelta'``.

    In the 2017 Keras, ``optimizer='AdaDelta'`` meant Adadelta with a learning
    rate of 1.0. Keras 3 resolves the same string to ``Adadelta()``, whose
    default learning rate is 0.001, and the network then barely learns in 200
    epochs. Asking for 1.0 explicitly restores the lesson's behaviour.
    """
    return keras.optimizers.Adadelta(learning_rate=1.0)


def build_model(
    hidden_units: Sequence[int] = (32,),
    n_features: int = 2,
    optimizer: str | keras.optimizers.Optimizer | None = None,
) -> keras.Sequential:
    """Build and compile the lesson's binary classifier.

    Parameters
    ----------
    hidden_units : sequence of int, default=(32,)
        Width of each hidden ReLU layer, from the input up. An empty sequence
        gives logistic regression.
    n_features : int, default=2
        Number of input features: 2 for the moons, 3 with the ``x * y`` product.
    optimizer : str or keras.optimizers.Optimizer, optional
        Anything ``Model.compile`` accepts. Defaults to
        ``Adadelta(learning_rate=1.0)``, the lesson's optimizer (see
        :func:`default_optimizer`).

    Returns
    -------
    keras.Sequential
        A network compiled with ``binary_crossentropy`` loss and the
        ``accuracy`` metric, whose output is the probability of class 1.

    Raises
    ------
    ValueError
        If ``hidden_units`` or ``n_features`` is not made of positive integers.
    """
    if isinstance(hidden_units, str | bytes) or not isinstance(hidden_units, Sequence):
        raise ValueError(
            f"hidden_units must be a sequence of positive integers,"
            f" got {hidden_units!r}"
        )
    widths = [
        check_int(f"hidden_units[{i}]", width, minimum=1)
        for i, width in enumerate(hidden_units)
    ]
    n_features = check_int("n_features", n_features, minimum=1)
    if optimizer is None:
        optimizer = default_optimizer()

    model = keras.Sequential(name="moons_mlp")
    model.add(keras.Input(shape=(n_features,)))
    for width in widths:
        model.add(keras.layers.Dense(width, activation="relu"))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    model.compile(
        optimizer=optimizer,
        loss="binary_crossentropy",
        metrics=["accuracy"],
        steps_per_execution=STEPS_PER_EXECUTION,
    )
    return model
