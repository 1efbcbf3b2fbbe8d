"""The lesson's training timed on one Keras backend, each in its own process.

Keras 3 fixes its backend (JAX, TensorFlow or PyTorch) when it is first
imported, from the ``KERAS_BACKEND`` environment variable. One Python process
can therefore train on one backend only: to compare them, :func:`run_lesson`
starts a fresh interpreter per backend, running this module as a script::

    KERAS_BACKEND=jax python -m moons_tutorial.backends --backend jax --epochs 200

The script prints its result as one line of JSON on standard output.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import importlib.util
import json
import os
import platform
import random
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ._validation import check_int, check_real

__all__ = ["LessonRun", "describe_machine", "installed_backends", "run_lesson"]

BACKENDS = ("jax", "tensorflow", "torch")
# numpy, which Keras seeds too, takes seeds below 2**32 only.
_SEED_LIMIT = 2**32
# Enough of a failed child's stderr to show the error and its traceback.
_STDERR_TAIL_LINES = 30


def installed_backends() -> list[str]:
    """Return the Keras backends whose package is installed, in a fixed order.

    The packages are looked up, not imported: importing TensorFlow or PyTorch
    takes seconds, and importing one would not tell whether Keras can use it
    in this process anyway (the backend is chosen at Keras's import).

    Returns
    -------
    list of str
        Those of ``"jax"``, ``"tensorflow"`` and ``"torch"`` that are installed.
    """
    return [name for name in BACKENDS if importlib.util.find_spec(name) is not None]


@dataclass(frozen=True)
class LessonRun:
    """The outcome of the lesson's training on one backend.

    Attributes
    ----------
    backend : str
        The Keras backend the network trained on.
    keras_version : str
        ``keras.__version__`` in the process that trained it.
    fit_seconds : float
        Wall-clock time of the training alone (``fit``, validating each
        epoch), without imports, data making or model building.
    test_loss, test_accuracy : float
        Binary cross-entropy and accuracy on the test half after training.
    epochs : int
        Passes over the training half.
    """

    backend: str
    keras_version: str
    fit_seconds: float
    test_loss: float
    test_accuracy: float
    epochs: int


def describe_machine() -> str:
    """Name the processor this runs on and its number of logical cores.

    The processor's model comes from ``/proc/cpuinfo`` where there is one
    (Linux), else from :func:`platform.processor`.
    """
    model = platform.processor()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(errors="replace").splitlines():
            if line.startswith("model name"):
                model = line.partition(":")[2].strip()
                break
    return f"{model or platform.machine()}, {os.cpu_count()} logical cores"


def _check_backend(backend: object) -> str:
    """Return ``backend`` if it names an installed backend, else raise ValueError."""
    if not isinstance(backend, str) or backend not in BACKENDS:
        raise ValueError(
            f"backend must be one of {', '.join(BACKENDS)}, got {backend!r}"
        )
    installed = installed_backends()
    if backend not in installed:
        hint = ' (pip install "moons-tutorial[torch]")' if backend == "torch" else ""
        raise ValueError(
            f"backend {backend!r} is not installed in this Python environment"
            f"{hint}; installed: {', '.join(installed) or 'none'}"
        )
    return backend


def _check_seed(seed: object) -> int:
    seed = check_int("seed", seed, minimum=0)
    if seed >= _SEED_LIMIT:
        raise ValueError(f"seed must be below 2**32, got {seed!r}")
    return seed


def _tail(text: str, lines: int = _STDERR_TAIL_LINES) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def run_lesson(
    backend: str,
    epochs: int = 200,
    seed: int = 0,
    timeout: float = 600,
) -> LessonRun:
    """Train the lesson's network on ``backend`` in a fresh process, and time it.

    The child process seeds Keras with ``seed``, makes the lesson's data
    (:func:`~moons_tutorial.data.load_moons`) and network
    (:func:`~moons_tutorial.model.build_model`), and times
    :func:`~moons_tutorial.training.train` only: batches of 32, validating on
    the test half after every epoch, as the lesson does. Imports and model
    building are left out of the time, since a reader pays for them once.
    Compiling the steps is in it: on JAX, the child compiles them afresh, as a
    new Python process does, even where ``JAX_COMPILATION_CACHE_DIR`` is set.

    Parameters
    ----------
    backend : {"jax", "tensorflow", "torch"}
        The Keras backend to train on; it must be installed (see
        :func:`installed_backends`).
    epochs : int, default=200
        Passes over the training half; at least 1.
    seed : int, default=0
        Seed of Keras's, NumPy's and Python's random numbers, from 0 to
        ``2**32 - 1``. The same seed gives the same run on the same backend;
        different backends draw different initial weights from it.
    timeout : float, default=600
        Seconds to wait for the child process, imports included; above 0.

    Returns
    -------
    LessonRun
        The backend, Keras version, training time and test scores.

    Raises
    ------
    ValueError
        If an argument is out of range, or ``backend`` is unknown or not
        installed; the message names the argument.
    RuntimeError
        If the child process fails, times out, or prints no result; the
        message ends with the last lines of its standard error.
    """
    backend = _check_backend(backend)
    epochs = check_int("epochs", epochs, minimum=1)
    seed = _check_seed(seed)
    timeout = check_real("timeout", timeout, minimum=0.0)
    if timeout == 0:
        raise ValueError("timeout must be above 0 seconds, got 0")

    # The child chooses its backend from the environment at Keras's import,
    # which happens as soon as it imports this package.
    # A cache of compiled programs (the docs build keeps one) would hide the
    # compiling that a reader's first run pays.
    env = {**os.environ, "KERAS_BACKEND": backend}
    env.pop("JAX_COMPILATION_CACHE_DIR", None)
    command = [
        sys.executable,
        "-m",
        "moons_tutorial.backends",  # by name: __name__ is "__main__" in a script
        "--backend",
        backend,
        "--epochs",
        str(epochs),
        "--seed",
        str(seed),
    ]
    try:
        child = subprocess.run(
            command,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        stderr: str | bytes = error.stderr or b""
        if isinstance(stderr, bytes):
            stderr = stderr.decode(errors="replace")
        raise RuntimeError(
            f"training on {backend} took longer than {timeout} s:\n{_tail(stderr)}"
        ) from None
    if child.returncode != 0:
        raise RuntimeError(
            f"training on {backend} failed with exit code {child.returncode}:\n"
            f"{_tail(child.stderr)}"
        )

    # The result is the last line: libraries may print before it.
    lines = child.stdout.strip().splitlines()
    try:
        result = json.loads(lines[-1])
        return LessonRun(**result)
    except (IndexError, TypeError, ValueError) as error:
        raise RuntimeError(
            f"training on {backend} printed no result ({error}); stdout:\n"
            f"{_tail(child.stdout)}\nstderr:\n{_tail(child.stderr)}"
        ) from None


def _seed(seed: int, backend: str) -> None:
    """Seed this process's training as ``keras.utils.set_random_seed`` does.

    That function also seeds TensorFlow, whatever the backend, and so imports
    it: seconds of a child's start. Here only the TensorFlow backend draws
    TensorFlow's random numbers; on JAX, Keras draws the initial weights from
    Python's generator and shuffles the batches with NumPy's, so seeding those
    two gives the same run.
    """
    import keras
    import numpy as np

    if backend == "jax":
        random.seed(seed)
        np.random.seed(seed)  # noqa: NPY002 (the generator Keras shuffles with)
    else:
        keras.utils.set_random_seed(seed)


def main(argv: Sequence[str] | None = None) -> int:
    """Train on the backend Keras was imported with, and print a JSON result.

    Parameters
    ----------
    argv : sequence of str, optional
        ``--backend B --epochs N --seed S``; defaults to ``sys.argv[1:]``.
        ``B`` must be the backend Keras runs on, that is ``KERAS_BACKEND``.

    Returns
    -------
    int
        The exit status: 0 on success.
    """
    parser = argparse.ArgumentParser(
        prog="python -m moons_tutorial.backends",
        description="Time the lesson's training on one Keras backend.",
    )
    parser.add_argument("--backend", choices=BACKENDS, required=True)
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        epochs = check_int("epochs", args.epochs, minimum=1)
        seed = _check_seed(args.seed)
    except ValueError as error:
        parser.error(str(error))

    import keras

    from .data import load_moons
    from .model import build_model
    from .training import train

    # Keras has already chosen its backend; a mismatch would time the wrong one.
    if keras.backend.backend() != args.backend:
        parser.error(
            f"Keras runs on {keras.backend.backend()}, not {args.backend}:"
            f" set KERAS_BACKEND={args.backend}"
        )

    # Anything a library prints goes to stderr, so stdout holds only the result.
    with contextlib.redirect_stdout(sys.stderr):
        _seed(seed, args.backend)
        data = load_moons()
        model = build_model()
        start = time.perf_counter()
        train(model, data, epochs=epochs)
        fit_seconds = time.perf_counter() - start
        test_loss, test_accuracy = model.evaluate(data.X_test, data.y_test, verbose=0)

    run = LessonRun(
        backend=args.backend,
        keras_version=keras.__version__,
        fit_seconds=fit_seconds,
        test_loss=float(test_loss),
        test_accuracy=float(test_accuracy),
        epochs=epochs,
    )
    print(json.dumps(dataclasses.asdict(run)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
