"""Read TensorBoard event files back into per-run, per-split learning curves.

Keras 3 writes each run as ``<run>/train/`` and ``<run>/validation/`` folders of
event files, and stores each epoch's loss and metrics as *tensor* summaries,
which TensorBoard's scalar-only readers do not see. We read the records with
TensorBoard's own pure-Python record reader, which (unlike its tolerant
``EventAccumulator``) reports a truncated or corrupt file instead of silently
stopping, and needs no TensorFlow import.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from tensorboard.compat.proto.event_pb2 import Event
from tensorboard.compat.tensorflow_stub import errors
from tensorboard.compat.tensorflow_stub.pywrap_tensorflow import PyRecordReader_New
from tensorboard.util.tensor_util import make_ndarray

__all__ = [
    "Curve",
    "Scalars",
    "UnreadableEventFileWarning",
    "event_files",
    "read_events",
    "read_scalars",
]

EVENT_FILE_GLOB = "events.out.tfevents.*"


def event_files(log_dir: str | Path) -> list[Path]:
    """Return the TensorBoard event files in ``log_dir`` and below it, sorted.

    Parameters
    ----------
    log_dir : str or pathlib.Path
        A run's folder, or a log root holding several runs. A folder that does
        not exist holds none.

    Returns
    -------
    list of pathlib.Path
        Every file named as TensorBoard names its event files.
    """
    return sorted(Path(log_dir).rglob(EVENT_FILE_GLOB))


class UnreadableEventFileWarning(UserWarning):
    """An event file was truncated or corrupt; what it held before that was kept."""


class Curve(NamedTuple):
    """One logged quantity of one run and split: ``ax.plot(*curve)`` draws it."""

    steps: np.ndarray
    values: np.ndarray


@dataclass(frozen=True)
class Scalars(Mapping[str, dict[str, dict[str, Curve]]]):
    """Every run under a log folder: ``scalars[run][split][tag]`` is a :class:`Curve`.

    Runs are named by their path relative to the log folder (``"model_1"``),
    splits by their sub-folder (``"train"``, ``"validation"``), and tags as Keras
    logs them (``"epoch_loss"``, ``"epoch_accuracy"``, ...).

    Attributes
    ----------
    runs : dict
        The nested mapping itself.
    unreadable : dict of pathlib.Path to str
        Event files that were truncated or corrupt, with the reason.
    """

    runs: dict[str, dict[str, dict[str, Curve]]]
    unreadable: dict[Path, str] = field(default_factory=dict)

    def __getitem__(self, run: str) -> dict[str, dict[str, Curve]]:
        return self.runs[run]

    def __iter__(self) -> Iterator[str]:
        return iter(self.runs)

    def __len__(self) -> int:
        return len(self.runs)

    def curves(self, tag: str) -> dict[str, dict[str, np.ndarray]]:
        """Return ``{run: {split: values}}`` of one tag, ready for plotting.

        Raises
        ------
        ValueError
            If no run logged ``tag``; the message lists the tags that exist.
        """
        selected = {
            run: {
                split: tags[tag].values for split, tags in splits.items() if tag in tags
            }
            for run, splits in self.runs.items()
        }
        selected = {run: splits for run, splits in selected.items() if splits}
        if not selected:
            known = sorted(
                {t for s in self.runs.values() for g in s.values() for t in g}
            )
            raise ValueError(f"tag {tag!r} was not logged; logged tags: {known}")
        return selected

    def rows(self) -> list[tuple[str, str, str, int, float]]:
        """Return the table ``(run, split, tag, step, value)``, one row per point."""
        return [
            (run, split, tag, int(step), float(value))
            for run, splits in self.runs.items()
            for split, tags in splits.items()
            for tag, curve in tags.items()
            for step, value in zip(curve.steps, curve.values, strict=True)
        ]


def read_scalars(log_dir: str | Path) -> Scalars:
    """Read every run's per-epoch losses and metrics under ``log_dir``.

    Parameters
    ----------
    log_dir : str or pathlib.Path
        A log folder as TensorBoard's ``--logdir`` takes it: a run folder, or a
        folder of run folders (such as the lesson's ``Graph``).

    Returns
    -------
    Scalars
        ``scalars[run][split][tag]``, each a :class:`Curve` of steps and values,
        steps in increasing order.

    Raises
    ------
    FileNotFoundError
        If ``log_dir`` is not a folder, or holds no event files at all.
    ValueError
        If every event file under ``log_dir`` is unreadable.

    Warns
    -----
    UnreadableEventFileWarning
        For each truncated or corrupt event file, named; the others are read.
    """
    root = Path(log_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"log_dir {str(root)!r} is not an existing folder")
    files = event_files(root)
    if not files:
        raise FileNotFoundError(
            f"log_dir {str(root)!r} holds no TensorBoard event files"
            f" ({EVENT_FILE_GLOB}); has a run been logged there?"
        )

    points: dict[tuple[str, str, str], dict[int, float]] = {}
    unreadable: dict[Path, str] = {}
    for path in files:
        split_dir = path.parent
        run_dir = split_dir.parent
        # Name a run by its path below the log folder; a log folder that is
        # itself a run (or a split of one) gives the run its own name.
        inside = run_dir.is_relative_to(root) and run_dir != root
        run = run_dir.relative_to(root).as_posix() if inside else run_dir.resolve().name
        try:
            for tag, step, value in _scalar_events(path):
                points.setdefault((run, split_dir.name, tag), {})[step] = value
        except errors.DataLossError as error:
            unreadable[path] = str(error.message)
            warnings.warn(
                f"skipped the rest of unreadable event file {path}: {error.message}",
                UnreadableEventFileWarning,
                stacklevel=2,
            )
    if not points and unreadable:
        raise ValueError(
            f"log_dir {str(root)!r}: no event file could be read: {sorted(unreadable)}"
        )

    runs: dict[str, dict[str, dict[str, Curve]]] = {}
    for (run, split, tag), by_step in sorted(points.items()):
        steps = np.array(sorted(by_step), dtype=int)
        values = np.array([by_step[s] for s in steps], dtype=float)
        runs.setdefault(run, {}).setdefault(split, {})[tag] = Curve(steps, values)
    return Scalars(runs, unreadable)


def read_events(path: str | Path) -> Iterator[Any]:
    """Yield every event of one TensorBoard event file, in the order written.

    Each is a TensorBoard ``Event`` protocol buffer: its ``step`` and its
    ``summary.value`` list (scalars, images, ...).

    A truncated or corrupt file raises TensorBoard's ``DataLossError`` when
    the reading reaches the damage (:func:`read_scalars` turns that into an
    :class:`UnreadableEventFileWarning`).
    """
    reader = PyRecordReader_New(str(path))
    while True:
        try:
            reader.GetNext()
        except errors.OutOfRangeError:
            return
        yield Event.FromString(reader.record())


def _scalar_events(path: Path) -> Iterator[tuple[str, int, float]]:
    """Yield ``(tag, step, value)`` for each scalar value logged in one file."""
    for event in read_events(path):
        for value in event.summary.value:
            number = _scalar(value)
            if number is not None:
                yield value.tag, int(event.step), number


def _scalar(value: Any) -> float | None:
    """Return a summary value as a float if it is a numeric scalar, else None."""
    if value.HasField("tensor"):
        array = make_ndarray(value.tensor)
        if array.ndim == 0 and np.issubdtype(array.dtype, np.number):
            return float(array)
        return None
    if value.HasField("simple_value"):
        return float(value.simple_value)
    return None
