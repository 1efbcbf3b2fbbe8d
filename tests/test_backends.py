import dataclasses
import importlib.util
import json
import os
import subprocess
import sys

import keras
import pytest

from moons_tutorial.backends import (
    BACKENDS,
    LessonRun,
    installed_backends,
    main,
    run_lesson,
)

# A few epochs: enough to check the whole round trip, not to learn the moons. Each
# real run still takes seconds, mostly the child importing TensorFlow and JAX.
EPOCHS = 3


def test_installed_backends_are_found_without_importing_them():
    found = installed_backends()
    assert {"jax", "tensorflow"} <= set(found)
    assert found == [name for name in BACKENDS if name in found]
    assert ("torch" in found) == (importlib.util.find_spec("torch") is not None)
    # This process imported Keras and its backend long ago: look in a fresh one.
    code = (
        "import sys; from moons_tutorial.backends import BACKENDS, installed_backends;"
        "installed_backends(); print([name for name in BACKENDS if name in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def check_run(run: LessonRun, backend: str) -> None:
    assert isinstance(run, LessonRun)
    assert run.backend == backend
    assert run.keras_version == keras.__version__
    assert run.epochs == EPOCHS
    assert run.fit_seconds > 0
    assert 0.0 <= run.test_accuracy <= 1.0
    assert run.test_loss > 0


@pytest.mark.slow
def test_lesson_runs_on_jax():
    check_run(run_lesson("jax", epochs=EPOCHS, timeout=300), "jax")


@pytest.mark.slow
def test_lesson_runs_on_tensorflow():
    check_run(run_lesson("tensorflow", epochs=EPOCHS, timeout=300), "tensorflow")


@pytest.mark.slow
def test_the_child_compiles_afresh(tmp_path, monkeypatch):
    # A compilation cache of this process (the docs build has one) must not
    # make the timed run faster than a reader's first run.
    ours = tmp_path / "ours"
    ours.mkdir()
    monkeypatch.setenv("JAX_COMPILATION_CACHE_DIR", str(ours))
    monkeypatch.setenv("JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS", "0")
    run_lesson("jax", epochs=1, timeout=300)
    assert not any(ours.iterdir())

    # The same child with the variable kept does fill the cache: the check
    # above is not empty because JAX wrote nowhere.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "moons_tutorial.backends",
            "--backend=jax",
            "--epochs=1",
        ],
        env={**os.environ, "KERAS_BACKEND": "jax"},
        capture_output=True,
        check=True,
        timeout=300,
    )
    assert any(ours.iterdir())


def test_the_run_is_frozen():
    run = LessonRun("jax", "3.0.0", 1.0, 0.2, 0.9, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        run.fit_seconds = 2.0


@pytest.mark.parametrize("backend", ["theano", "JAX", "", None, 3])
def test_unknown_backends_are_rejected(backend):
    with pytest.raises(ValueError, match="backend"):
        run_lesson(backend, epochs=1)


@pytest.mark.skipif(
    importlib.util.find_spec("torch") is not None, reason="PyTorch is installed"
)
def test_a_backend_that_is_not_installed_is_rejected():
    with pytest.raises(ValueError, match="backend 'torch' is not installed"):
        run_lesson("torch", epochs=1)


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"epochs": 0}, "epochs"),
        ({"epochs": 2.5}, "epochs"),
        ({"epochs": True}, "epochs"),
        ({"seed": -1}, "seed"),
        ({"seed": 2**32}, "seed"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": float("nan")}, "timeout"),
    ],
)
def test_bad_arguments_are_named(kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        run_lesson("jax", **kwargs)


def test_a_failing_child_is_reported_with_its_stderr(monkeypatch):
    def fail(*args, **kwargs):
        return subprocess.CompletedProcess(
            args[0], 1, stdout="", stderr="Traceback ...\nMemoryError: boom\n"
        )

    monkeypatch.setattr(subprocess, "run", fail)
    with pytest.raises(RuntimeError, match=r"(?s)exit code 1:\n.*MemoryError: boom"):
        run_lesson("jax", epochs=1)


def test_a_child_without_a_result_is_reported(monkeypatch):
    def no_result(*args, **kwargs):
        return subprocess.CompletedProcess(args[0], 0, stdout="hello\n", stderr="")

    monkeypatch.setattr(subprocess, "run", no_result)
    with pytest.raises(RuntimeError, match="printed no result"):
        run_lesson("jax", epochs=1)


def test_a_child_that_takes_too_long_is_reported(monkeypatch):
    def too_slow(*args, **kwargs):
        raise subprocess.TimeoutExpired(args[0], kwargs["timeout"], stderr=b"slow\n")

    monkeypatch.setattr(subprocess, "run", too_slow)
    with pytest.raises(RuntimeError, match=r"longer than 5\.0 s:\nslow"):
        run_lesson("jax", epochs=1, timeout=5)


def test_the_child_is_started_with_its_backend(monkeypatch):
    seen = {}
    run = LessonRun("tensorflow", keras.__version__, 1.5, 0.3, 0.9, 7)

    def record(command, **kwargs):
        seen.update(command=command, env=kwargs["env"])
        line = json.dumps(dataclasses.asdict(run))
        return subprocess.CompletedProcess(command, 0, stdout=f"{line}\n", stderr="")

    monkeypatch.setattr(subprocess, "run", record)
    assert run_lesson("tensorflow", epochs=7, seed=4) == run
    assert seen["command"] == [
        sys.executable,
        "-m",
        "moons_tutorial.backends",
        "--backend",
        "tensorflow",
        "--epochs",
        "7",
        "--seed",
        "4",
    ]
    assert seen["env"]["KERAS_BACKEND"] == "tensorflow"


def test_the_script_refuses_a_backend_keras_does_not_run_on(capsys):
    other = next(name for name in BACKENDS if name != keras.backend.backend())
    with pytest.raises(SystemExit) as exit_info:
        main(["--backend", other, "--epochs", "1"])
    assert exit_info.value.code == 2
    assert f"set KERAS_BACKEND={other}" in capsys.readouterr().err


def test_the_script_refuses_bad_epochs(capsys):
    with pytest.raises(SystemExit):
        main(["--backend", keras.backend.backend(), "--epochs", "0"])
    assert "epochs must be at least 1" in capsys.readouterr().err


@pytest.mark.slow
def test_the_jax_child_trains_as_a_seeded_process_without_tensorflow(data):
    if keras.backend.backend() != "jax":
        pytest.skip("compares with a run on JAX in this process")
    from moons_tutorial.model import build_model
    from moons_tutorial.training import train

    child = run_lesson("jax", epochs=EPOCHS, seed=3, timeout=300)
    keras.utils.set_random_seed(3)
    model = build_model()
    train(model, data, epochs=EPOCHS)
    loss, accuracy = model.evaluate(data.X_test, data.y_test, verbose=0)
    assert child.test_loss == pytest.approx(loss, rel=1e-5)
    assert child.test_accuracy == pytest.approx(accuracy)

    # The child never imported TensorFlow: it seeds without it.
    code = (
        "import sys; from moons_tutorial.backends import main;"
        " main(['--backend', 'jax', '--epochs', '1']);"
        " print('tensorflow' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "KERAS_BACKEND": "jax"},
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    assert result.stdout.strip().splitlines()[-1] == "False"
