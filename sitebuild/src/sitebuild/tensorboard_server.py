"""Start the real ``tensorboard`` program on a free local port, and stop it."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

STARTUP_TIMEOUT = 180  # seconds: it imports TensorFlow, slow on a small machine


@contextlib.contextmanager
def tensorboard(logdir: Path, cwd: Path | None = None) -> Iterator[str]:
    """Serve ``logdir`` with TensorBoard on 127.0.0.1; yield its base URL.

    A relative ``logdir`` is taken from ``cwd``; TensorBoard shows it as given.
    """
    program = shutil.which("tensorboard", path=str(Path(sys.executable).parent))
    assert program, "the tensorboard program is not installed beside Python"
    process = subprocess.Popen(
        [program, "--logdir", str(logdir), "--host", "127.0.0.1", "--port", "0"],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = _wait_for_url(process)
        _wait_until_answering(url)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)
        if process.stderr is not None:
            process.stderr.close()


def _wait_for_url(process: subprocess.Popen) -> str:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    seen = []
    # TensorBoard announces its address on stderr once it is listening.
    assert process.stderr is not None, "TensorBoard must be started with stderr=PIPE"
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line and process.poll() is not None:
            break
        seen.append(line)
        match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
        if match:
            return match.group(1)
    raise RuntimeError(
        f"tensorboard gave no address within {STARTUP_TIMEOUT} s:\n{''.join(seen)}"
    )


def _wait_until_answering(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            get_json(url, "data/runs")
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def get_json(url: str, path: str):
    """GET ``url + path`` and decode the JSON answer."""
    with urllib.request.urlopen(url + path, timeout=30) as response:
        return json.load(response)


def scalar_series(url: str, run: str, tag: str) -> list[list[float]]:
    """Return TensorBoard's ``[wall_time, step, value]`` points of one tag."""
    query = urllib.parse.urlencode({"run": run, "tag": tag})
    return get_json(url, f"data/plugin/scalars/scalars?{query}")


def check_runs_are_served(url: str, runs: dict[str, int]) -> None:
    """Assert that each run (name -> epochs) is served, both splits, both tags."""
    served = set(get_json(url, "data/runs"))
    tags = get_json(url, "data/plugin/scalars/tags")
    for run, epochs in runs.items():
        for split in ("train", "validation"):
            name = f"{run}/{split}"
            assert name in served, f"{name} not among {sorted(served)}"
            for tag in ("epoch_loss", "epoch_accuracy"):
                assert tag in tags[name], f"{name} has no {tag}: {sorted(tags[name])}"
                points = scalar_series(url, name, tag)
                assert [step for _, step, _ in points] == list(range(epochs))
