"""Every example, downloaded from the built site, runs as downloaded.

A fresh virtual environment gets nothing but the project's wheel (and, for the
notebooks, a Jupyter kernel); the gallery's "download all" zips are unpacked
into empty folders outside the repository, and each script and notebook is run
there, as a reader would. The runs go two at a time: each is mostly one process
busy on one core.
"""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

# Runs at the same time; each has a home folder and a JAX compilation cache of
# its own.
PARALLEL_RUNS = 2

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
    workdir.mkdir(parents=True)
    return subprocess.run(
        command,
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )


def without_install_cell(notebook: Path, into: Path) -> Path:
    """A copy of ``notebook`` without its first cell, the install cell.

    That cell installs the package from the repository, at the commit the site
    was built from (it fetches from GitHub): the wheel installed in the
    reader's environment stands in for it.
    """
    content = json.loads(notebook.read_text())
    if "".join(content["cells"][0]["source"]).startswith("%pip install"):
        del content["cells"][0]
    copy = into / notebook.name
    copy.write_text(json.dumps(content))
    return copy


@pytest.fixture(scope="module")
def reader_runs(scripts, notebooks, reader_env, tmp_path_factory) -> dict:
    """Run every downloaded script and notebook; their results by (kind, name)."""
    base = tmp_path_factory.mktemp("runs")
    commands = {}
    for name, script in scripts.items():
        commands["script", name] = ["python", str(script)]
    for name, notebook in notebooks.items():
        folder = base / f"notebook-{name}"
        folder.mkdir()
        copy = without_install_cell(notebook, folder)
        commands["notebook", name] = [
            *("python", "-c", EXECUTE_NOTEBOOK),
            *(str(copy), str(folder / "work")),
        ]
    # A home folder and a JAX compilation cache per run going at a time, handed
    # from run to run: what Keras, Matplotlib and JAX keep there is made once
    # per slot, and no two runs write to the same files at once.
    slots: queue.Queue[Path] = queue.Queue()
    for number in range(PARALLEL_RUNS):
        (base / f"slot-{number}" / "home").mkdir(parents=True)
        slots.put(base / f"slot-{number}")

    def run(key: tuple[str, str]) -> subprocess.CompletedProcess:
        kind, name = key
        slot = slots.get()
        try:
            env = reader_env | {
                "HOME": str(slot / "home"),
                "JAX_COMPILATION_CACHE_DIR": str(slot / "jax-cache"),
            }
            workdir = base / f"{kind}-{name}" / "work"
            return run_as_reader(commands[key], workdir, env)
        finally:
            slots.put(slot)

    with ThreadPoolExecutor(PARALLEL_RUNS) as pool:
        return dict(zip(commands, pool.map(run, commands), strict=True))


# What the build's own checks look like in an example; none may reach a reader.
BUILD_CHECKS = ("sphinx_gallery_start_ignore", "sphinx_gallery_end_ignore", "check(")


def test_downloaded_scripts_keep_none_of_the_builds_checks(html, scripts):
    """A reader's run must not stop on a check about this build's timings."""
    singles = sorted(html.glob("_downloads/*/plot_*.py"))
    assert len(singles) == len(example_ids())
    found = [
        f"{path.name}: {marker}"
        for path in [*singles, *scripts.values()]
        for marker in BUILD_CHECKS
        if marker in path.read_text(encoding="utf-8")
    ]
    assert not found, found


@pytest.mark.parametrize("name", example_ids())
def test_downloaded_script_runs(name, scripts, reader_runs):
    result = reader_runs["script", name]
    assert result.returncode == 0, result.stderr[-4000:]
    unpacked = {p.name for p in scripts.values()}
    written = [p for p in scripts[name].parent.rglob("*") if p.name not in unpacked]
    assert not written, f"{name} wrote beside the script, not in its folder: {written}"


@pytest.mark.parametrize("name", example_ids())
def test_downloaded_notebook_runs(name, notebooks, reader_runs):
    # The first cell installs the package from the repository, at the commit
    # the site was built from; the reader's environment has the wheel instead.
    content = json.loads(notebooks[name].read_text())
    install = "".join(content["cells"][0]["source"])
    assert install.startswith('%pip install "moons-tutorial @ git+https://github.com/')
    result = reader_runs["notebook", name]
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
