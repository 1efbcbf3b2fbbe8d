"""Two runs of the intro page, in fresh processes, print and draw the same."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.intro import INTRO

# Runs the example as a reader would, and records what it showed: its printed
# lines, and a hash of the pixels of every figure it drew.
RUNNER = """
import contextlib, hashlib, io, json, runpy, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

printed = io.StringIO()
with contextlib.redirect_stdout(printed):
    runpy.run_path(sys.argv[1], run_name="__main__")
figures = []
for number in plt.get_fignums():
    canvas = plt.figure(number).canvas
    canvas.draw()
    figures.append(hashlib.sha256(bytes(canvas.buffer_rgba())).hexdigest())
print(json.dumps({"printed": printed.getvalue(), "figures": figures}))
"""


def start_intro(backend: str, workdir: Path) -> subprocess.Popen:
    """Start a run of the intro page in a fresh process, in ``workdir``."""
    workdir.mkdir()
    env = {
        **os.environ,
        "KERAS_BACKEND": backend,
        "TF_DETERMINISTIC_OPS": "1",
        # Each run compiles into a cache of its own: the two run side by side.
        "JAX_COMPILATION_CACHE_DIR": str(workdir / "jax-cache"),
    }
    return subprocess.Popen(
        [sys.executable, "-c", RUNNER, str(INTRO)],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def shown(run: subprocess.Popen) -> dict:
    """What a run printed and drew, once it ended."""
    stdout, stderr = run.communicate(timeout=900)
    assert run.returncode == 0, stderr[-3000:]
    return json.loads(stdout.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["jax", "tensorflow"])
def test_intro_prints_and_draws_the_same_twice(backend, tmp_path):
    if os.environ.get("KERAS_BACKEND", "jax") != backend:
        pytest.skip(f"runs in the {backend} session")
    # Two fresh processes side by side, as two readers' runs.
    runs = [start_intro(backend, tmp_path / name) for name in ("first", "second")]
    try:
        first, second = (shown(run) for run in runs)
    finally:
        for run in runs:
            run.kill()
            run.wait()
    assert f"on the {backend} backend" in first["printed"]
    assert "Test accuracy" in first["printed"]
    assert first["printed"] == second["printed"]
    assert len(first["figures"]) >= 3  # data, learning curve, boundary
    assert first["figures"] == second["figures"]
