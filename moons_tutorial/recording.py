"""Record the decision boundary while a network trains, to watch it learn.

:class:`BoundaryRecorder` is a Keras callback: at the epochs you choose it asks
the network for its probability of class 1 at every point of a grid, one
``predict`` call, and keeps it with the epoch's losses and accuracies. It can
also write each recorded boundary to TensorBoard as an image, so that
TensorBoard's *Images* tab shows the same frames.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keras
import numpy as np

from ._validation import check_grid, check_int
from .plotting import PROBABILITY_CMAP, predict_on_grid

__all__ = ["BoundaryRecorder", "Snapshot", "boundary_image"]

IMAGE_TAG = "decision_boundary"
IMAGE_FOLDER = "boundary"


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The network's boundary after one epoch of training.

    Attributes
    ----------
    epoch : int
        The epochs of training done, counted from 1.
    probabilities : numpy.ndarray
        The probability of class 1 at each grid point, of the grid's shape.
    logs : dict of str to float
        The epoch's losses and metrics as ``fit`` reported them
        (``"loss"``, ``"accuracy"``, and ``"val_loss"``, ``"val_accuracy"``
        when ``fit`` validates).
    """

    epoch: int
    probabilities: np.ndarray
    logs: dict[str, float]


class BoundaryRecorder(keras.callbacks.Callback):  # type: ignore[misc]
    """Record the probability of class 1 on a grid at chosen epochs of ``fit``.

    Pass it to ``model.fit(..., callbacks=[recorder])``. After each chosen epoch
    it calls ``model.predict`` once on the grid's points; it does nothing else
    during training, so the run itself (its weights, losses and accuracies) is
    the same with or without it. It works on every Keras backend.

    Parameters
    ----------
    xx, yy : numpy.ndarray of the same 2-D shape
        The grid's coordinates, as from
        :func:`~moons_tutorial.plotting.boundary_grid`.
    epochs : iterable of int
        The epochs after which to record the boundary, counted from 1 (epoch 1
        is the end of the first pass over the data). Each must lie between 1
        and the number of epochs ``fit`` runs; that is checked when ``fit``
        starts.
    features : callable, optional
        Maps the ``(n, 2)`` grid points to the model's inputs, for example
        :func:`~moons_tutorial.data.add_product_feature`.
    log_dir : str or pathlib.Path, optional
        A run's log folder, such as the ``log_dir`` of its
        :class:`keras.callbacks.TensorBoard` callback. If given, each recorded
        boundary is also written there, in the sub-folder ``boundary``, as a
        TensorBoard image summary tagged ``decision_boundary`` (red for class 1,
        blue for class 0, the first coordinate across and the second upwards).
        Its step is the epoch index as Keras's TensorBoard callback counts it,
        from 0, so that it lines up with the run's loss and accuracy curves.
        This needs TensorFlow's ``tf.summary``, as that callback does.

    Attributes
    ----------
    xx, yy : numpy.ndarray
        The grid.
    epochs : tuple of int
        The epochs to record, in increasing order.
    snapshots : list of Snapshot
        What the last ``fit`` recorded, one :class:`Snapshot` per chosen epoch,
        in order.
    history : dict of str to list of float
        Every epoch's losses and metrics of the last ``fit``, as in
        ``keras.callbacks.History.history``: ``history["val_accuracy"][0]`` is
        the first epoch's.

    Raises
    ------
    ValueError
        If ``epochs`` names no epoch or an epoch below 1, if ``xx`` and ``yy``
        are not one 2-D grid, or, when ``fit`` starts, if an epoch lies beyond
        the epochs it runs.
    """

    def __init__(
        self,
        xx: np.ndarray,
        yy: np.ndarray,
        epochs: Iterable[int],
        features: Callable[[np.ndarray], np.ndarray] | None = None,
        log_dir: str | Path | None = None,
    ) -> None:
        super().__init__()
        self.xx, self.yy = check_grid(xx, yy)
        try:
            chosen = list(epochs)
        except TypeError:
            raise ValueError(
                f"epochs must be an iterable of epoch numbers, got {epochs!r}"
            ) from None
        if not chosen:
            raise ValueError("epochs must name at least one epoch to record, got none")
        self.epochs = tuple(
            sorted({check_int("epochs", epoch, minimum=1) for epoch in chosen})
        )
        if features is not None and not callable(features):
            raise ValueError(f"features must be callable or None, got {features!r}")
        self.features = features
        self.log_dir = None if log_dir is None else Path(log_dir)
        self.snapshots: list[Snapshot] = []
        self.history: dict[str, list[float]] = {}
        self._writer: Any = None  # a tf.summary writer while fit runs

    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:  # noqa: D102 (Keras's hook)
        planned = self.params.get("epochs")
        if planned is not None and self.epochs[-1] > planned:
            raise ValueError(
                f"epochs must lie between 1 and the {planned} epochs that fit runs,"
                f" got {self.epochs[-1]}"
            )
        self.snapshots = []
        self.history = {}
        if self.log_dir is not None:
            import tensorflow as tf

            folder = self.log_dir / IMAGE_FOLDER
            self._writer = tf.summary.create_file_writer(str(folder))

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:  # noqa: D102 (Keras's hook)
        logs = {name: float(value) for name, value in (logs or {}).items()}
        for name, value in logs.items():
            self.history.setdefault(name, []).append(value)
        if epoch + 1 not in self.epochs:
            return
        probabilities = predict_on_grid(self.model, self.xx, self.yy, self.features)
        self.snapshots.append(Snapshot(epoch + 1, probabilities, logs))
        if self._writer is not None:
            import tensorflow as tf

            with self._writer.as_default():
                tf.summary.image(IMAGE_TAG, boundary_image(probabilities), step=epoch)

    def on_train_end(self, logs: dict[str, Any] | None = None) -> None:  # noqa: D102 (Keras's hook)
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def snapshot(self, epoch: int) -> Snapshot:
        """Return the snapshot recorded after ``epoch``.

        Raises
        ------
        ValueError
            If no snapshot of that epoch was recorded; the message lists those
            that were.
        """
        for snapshot in self.snapshots:
            if snapshot.epoch == epoch:
                return snapshot
        recorded = [s.epoch for s in self.snapshots]
        raise ValueError(
            f"epoch {epoch!r} was not recorded; recorded epochs: {recorded}"
        )


def boundary_image(probabilities: np.ndarray, scale: int = 2) -> np.ndarray:
    """Colour a grid of probabilities as an RGB image, TensorBoard's way round.

    Parameters
    ----------
    probabilities : numpy.ndarray of shape (n, m)
        Probabilities on a grid from :func:`~moons_tutorial.plotting.boundary_grid`,
        where the first index runs along the first coordinate.
    scale : int, default=2
        Each grid point becomes ``scale`` x ``scale`` pixels.

    Returns
    -------
    numpy.ndarray of shape (1, m * scale, n * scale, 3), dtype uint8
        A batch of one image, in the plots' colours, the first coordinate
        across and the second upwards.
    """
    import matplotlib

    probabilities = np.asarray(probabilities, dtype=float)
    if probabilities.ndim != 2:
        raise ValueError(
            f"probabilities must be a 2-D grid, got shape {probabilities.shape}"
        )
    scale = check_int("scale", scale, minimum=1)
    colours = matplotlib.colormaps[PROBABILITY_CMAP](np.clip(probabilities, 0, 1))
    # Rows of an image run downwards along the second coordinate.
    pixels = (colours[:, ::-1, :3].transpose(1, 0, 2) * 255).round().astype(np.uint8)
    pixels = pixels.repeat(scale, axis=0).repeat(scale, axis=1)
    return np.asarray(pixels[np.newaxis])
