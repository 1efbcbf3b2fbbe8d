"""Every example, downloaded from the built site, runs as downloaded.

A fresh virtual environment gets nothing but the project's wheel (and, for the
notebooks, a Jupyter kernel); the gallery's "download all" zips are unpacked
into empty folders outside the repository, and each script and notebook is run
there, as a reader would.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

# Executes one notebook with the kernel of the environment it runs in.
EXECUTE_NOTEBOOK = """
import sys, nbformat
from nbclient import NotebookClient
path = sys.argv[1]
notebook = nbformat.read(path, as_version=4)
NotebookClient(notebook, timeout=900, kernel_name="python3",
               resources={"metadata": {"path": sys.argv[2]}}).execute()
print("executed", path)
"""


def uv(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "uv", *args],
        check=True,
        capture_output=True,
        text=True,
        timeout=1800,
        **kwargs,
    )


@pytest.fixture(scope="module")
def reader_env(tmp_path_factory) -> dict[str, str]:
    """A fresh environment with the project installed from its wheel only."""
    base = tmp_path_factory.mktemp("reader")
    dist = base / "dist"
    uv("build", "--wheel", "--out-dir", str(dist), str(ROOT))
    wheel = next(dist.glob("moons_tutorial-*.whl"))
    venv = base / "venv"
    # --seed adds pip, which the notebooks' "%pip install" cell runs.
    uv("venv", "--seed", "--python", sys.executable, str(venv))
    python = venv / "bin" / "python"
    uv(
        "pip",
        "install",
        "--python",
        str(python),
        str(wheel),
        "ipykernel",
        "nbclient",
        env={**os.environ, "UV_COMPILE_BYTECODE": "1"},
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("KERAS_", "PYTHON", "VIRTUAL_ENV", "MPL", "JUPYTER"))
    }
    home = base / "home"
    home.mkdir()
    env |= {
        "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        "HOME": str(home),  # whatever Keras or Matplotlib keep, kept here
        "MPLBACKEND": "Agg",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        # Shared by the runs below, so each compiles the lesson's steps once.
        "JAX_COMPILATION_CACHE_DIR": str(base / "jax-cache"),
    }
    return env


def download_all(html: Path, kind: str, into: Path) -> list[Path]:
    """Unzip the gallery's "download all" archive of one kind into ``into``."""
    index = html / "auto_examples" / "index.html"
    link = re.search(rf'href="([^"]*auto_examples_{kind}\.zip)"', index.read_text())
    assert link, f"the gallery offers no zip of all {kind} files"
    with zipfile.ZipFile(index.parent / link.group(1)) as archive:
        archive.extractall(into)
    return sorted(into.glob("plot_*"))


def example_ids() -> list[str]:
    """The examples of the repository, each expected among the downloads."""
    return sorted(p.stem for p in (ROOT / "examples").glob("plot_*.py"))


@pytest.fixture(scope="module")
def scripts(html, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("scripts")
    return {p.stem: p for p in download_all(html, "python", folder)}


@pytest.fixture(scope="module")
def notebooks(html, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("notebooks")
    return {p.stem: p for p in download_all(html, "jupyter", folder)}


def run_as_reader(command: list[str], workdir: Path, env: dict[str, str]):
    """Run a command in an empty working folder with the reader's environment."""
    workdir.mkdir()
    return subprocess.run(
        command,
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )


@pytest.mark.parametrize("name", example_ids())
def test_downloaded_script_runs(name, scripts, reader_env, tmp_path):
    script = scripts[name]
    result = run_as_reader(["python", str(script)], tmp_path / "work", reader_env)
    assert result.returncode == 0, result.stderr[-4000:]
    unpacked = {p.name for p in scripts.values()}
    written = [p for p in script.parent.rglob("*") if p.name not in unpacked]
    assert not written, f"{name} wrote beside the script, not in its folder: {written}"


@pytest.mark.parametrize("name", example_ids())
def test_downloaded_notebook_runs(name, notebooks, reader_env, tmp_path):
    notebook = notebooks[name]
    # The first cell installs the package from the repository, at the commit
    # the site was built from (it fetches from GitHub): the wheel installed
    # here stands in for it.
    content = json.loads(notebook.read_text())
    install = "".join(content["cells"][0]["source"])
    assert install.startswith('%pip install "moons-tutorial @ git+https://github.com/')
    del content["cells"][0]
    notebook = tmp_path / notebook.name
    notebook.write_text(json.dumps(content))
    workdir = tmp_path / "work"
    command = ["python", "-c", EXECUTE_NOTEBOOK, str(notebook), str(workdir)]
    result = run_as_reader(command, workdir, reader_env)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
