"""Training as the lesson does it: ``fit`` with validation and TensorBoard logs."""

from __future__ import annotations

import contextlib
import os
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import keras

from ._validation import check_int
from .data import MoonsData
from .logs import event_files

__all__ = ["RunFolderInUseWarning", "TrainingRun", "fresh_run_dir", "train"]


class RunFolderInUseWarning(UserWarning):
    """A run's log folder already held a run, so the new one went next to it."""


@dataclass(frozen=True)
class TrainingRun:
    """What :func:`train` returns: the run's per-epoch metrics and its log folder.

    Attributes
    ----------
    history : dict of str to list of float
        Each metric per epoch, as Keras's ``History.history`` holds them:
        ``loss``, ``accuracy``, ``val_loss``, ``val_accuracy``.
    epoch : list of int
        The epochs run, from 0; shorter than asked when a callback such as
        ``EarlyStopping`` stopped the run.
    log_dir : pathlib.Path or None
        The folder the run was logged to, or None without ``log_dir``.
    """

    history: dict[str, list[float]]
    epoch: list[int]
    log_dir: Path | None


def _holds_events(folder: Path) -> bool:
    """Return whether ``folder`` or any folder below it holds TensorBoard events."""
    return bool(event_files(folder))


def fresh_run_dir(log_dir: str | Path) -> Path:
    """Return ``log_dir`` if it holds no run yet, else the first free sibling.

    ``Graph/model_1`` becomes ``Graph/model_1-2``, then ``Graph/model_1-3``,
    and so on, so that a new run never mixes its events into an older run's.
    """
    log_dir = Path(log_dir)
    candidate, n = log_dir, 1
    while _holds_events(candidate) or candidate.is_file():
        n += 1
        candidate = log_dir.with_name(f"{log_dir.name}-{n}")
    return candidate


@contextlib.contextmanager
def _quick_compiling() -> Iterator[None]:
    """On JAX, compile without most of XLA's optimisations while in the block.

    The lesson's network is so small that XLA takes longer to optimise its
    training and test steps than the optimised steps save over 200 epochs:
    compiling them is most of a short run. JAX's
    ``jax_disable_most_optimizations`` setting is meant for this case; it is
    set inside the block and put back after it. Other backends are left as
    they are, and so is a setting the ``JAX_DISABLE_MOST_OPTIMIZATIONS``
    environment variable gives (``JAX_DISABLE_MOST_OPTIMIZATIONS=0`` turns
    this off).
    """
    if (
        keras.backend.backend() != "jax"
        or "JAX_DISABLE_MOST_OPTIMIZATIONS" in os.environ
    ):
        yield
        return
    import jax

    before = jax.config.read("jax_disable_most_optimizations")
    jax.config.update("jax_disable_most_optimizations", True)
    try:
        yield
    finally:
        jax.config.update("jax_disable_most_optimizations", before)


def train(
    model: keras.Model,
    data: MoonsData,
    epochs: int = 200,
    batch_size: int = 32,
    log_dir: str | Path | None = None,
    callbacks: Sequence[keras.callbacks.Callback] = (),
) -> TrainingRun:
    """Fit ``model`` on the training half, validating on the test half each epoch.

    Parameters
    ----------
    model : keras.Model
        A compiled model, such as one from :func:`~moons_tutorial.model.build_model`.
    data : MoonsData
        The lesson's data, from :func:`~moons_tutorial.data.load_moons`.
    epochs : int, default=200
        Passes over the training half; at least 1.
    batch_size : int, default=32
        Points per gradient step; at least 1.
    log_dir : str or pathlib.Path, optional
        Folder for this run's TensorBoard logs (``train/`` and ``validation/``
        event files). If it already holds a run, this run is written to the first
        free sibling folder instead (``model_1-2``, ...), with a
        :class:`RunFolderInUseWarning`: an earlier run is never touched.
    callbacks : sequence of keras.callbacks.Callback, optional
        More callbacks, such as ``keras.callbacks.EarlyStopping``.

    Returns
    -------
    TrainingRun
        The per-epoch losses and accuracies, and the folder the run was logged
        to.

    Notes
    -----
    On JAX, the training and test steps are compiled with JAX's
    ``jax_disable_most_optimizations`` setting: for a network this small, XLA's
    optimisations take longer to compile than they save over the lesson's 200
    epochs. Set the environment variable ``JAX_DISABLE_MOST_OPTIMIZATIONS=0``
    to compile with all of them.

    Raises
    ------
    ValueError
        If ``epochs`` or ``batch_size`` is below 1, or ``data`` is not a
        :class:`~moons_tutorial.data.MoonsData`.
    """
    epochs = check_int("epochs", epochs, minimum=1)
    batch_size = check_int("batch_size", batch_size, minimum=1)
    if not isinstance(data, MoonsData):
        raise ValueError(f"data must be a MoonsData, got {type(data).__name__}")
    if data.X_train.shape[1] != model.input_shape[-1]:
        raise ValueError(
            f"data has {data.X_train.shape[1]} features but the model expects"
            f" {model.input_shape[-1]}"
        )

    all_callbacks = list(callbacks)
    run_dir = None
    if log_dir is not None:
        run_dir = fresh_run_dir(log_dir)
        if run_dir != Path(log_dir):
            warnings.warn(
                f"{log_dir} already holds a run; logging this one to {run_dir}",
                RunFolderInUseWarning,
                stacklevel=2,
            )
        all_callbacks.append(keras.callbacks.TensorBoard(log_dir=str(run_dir)))

    # Compiling the steps is most of a run this short: see _quick_compiling.
    with _quick_compiling():
        history = model.fit(
            data.X_train,
            data.y_train,
            batch_size=batch_size,
            epochs=epochs,
            verbose=0,
            validation_data=(data.X_test, data.y_test),
            # The whole test half in one batch: the same numbers, one call per
            # epoch.
            validation_batch_size=len(data.X_test),
            callbacks=all_callbacks,
        )
    return TrainingRun(
        history={name: list(values) for name, values in history.history.items()},
        epoch=list(history.epoch),
        log_dir=run_dir,
    )
