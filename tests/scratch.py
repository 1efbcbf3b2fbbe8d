"""A scratch copy of the project, with tiny examples, and its docs build.

The build tests (test_build.py, test_claims.py) run Sphinx on such a copy: the
project's own conf.py, extensions and package, with examples that take no time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from sitebuild.environment import CACHE_FOLDERS

ROOT = Path(__file__).resolve().parents[1]

# The same flags as `nox -s docs`.
SPHINX = [sys.executable, "-m", "sphinx", "-b", "html", "-n", "-W", "--keep-going"]

EXAMPLE = '''"""
{title}
{underline}

Prints when it ran, so that a test can tell whether it ran again.
"""

import os
import time

from {module} import {name}

print({name}.__name__, "ran at", time.time_ns())
print("backend:", os.environ["KERAS_BACKEND"])
'''

INDEX = """# Scratch

```{toctree}
auto_examples/index
```
"""


def write_example(folder: Path, stem: str, module: str, name: str) -> None:
    title = f"Uses {module}"
    (folder / f"{stem}.py").write_text(
        EXAMPLE.format(
            title=title, underline="=" * len(title), module=module, name=name
        )
    )


def build(project: Path, backend: str = "jax") -> subprocess.CompletedProcess:
    # Where the build keeps its caches is unset, so that the build must choose.
    env = {k: v for k, v in os.environ.items() if k not in CACHE_FOLDERS}
    env["KERAS_BACKEND"] = backend
    # The package under test is the copy's: put it first on the path. A fresh
    # home folder shows whether the build writes into it.
    env |= {"PYTHONPATH": str(project), "HOME": str(project.parent / "home")}
    (project.parent / "home").mkdir(exist_ok=True)
    # The logs zip needs at least one event file; the tiny examples log nothing.
    graph = project / "docs/_build/gallery-work/Graph/run/train"
    graph.mkdir(parents=True, exist_ok=True)
    (graph / "events.out.tfevents.0.scratch").write_bytes(b"")
    # The explorer's 42 training runs take a minute and more: the scratch site
    # has no explorer page, and its builds do not train them.
    no_explorer = ["-D", "explorer_runs=0"]
    return subprocess.run(
        [
            *SPHINX,
            *no_explorer,
            "-d",
            "docs/_build/doctrees",
            "docs",
            "docs/_build/html",
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def make_project(folder: Path) -> Path:
    """Copy the project's docs setup and package into ``folder``, with tiny examples.

    Three examples, each importing one module of the package:
    ``plot_logs`` (logs), ``plot_data`` (data) and ``plot_bayes`` (bayes, which
    imports data).
    """
    copy = folder / "project"
    (copy / "docs").mkdir(parents=True)
    shutil.copy(ROOT / "pyproject.toml", copy)
    shutil.copytree(
        ROOT / "moons_tutorial",
        copy / "moons_tutorial",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copy(ROOT / "docs" / "conf.py", copy / "docs")
    # What conf.py reads: the static files, the inventories, Binder's requirements.
    shutil.copytree(ROOT / "docs" / "_static", copy / "docs" / "_static")
    shutil.copytree(ROOT / "docs" / "_inventories", copy / "docs" / "_inventories")
    shutil.copytree(ROOT / ".binder", copy / ".binder")
    (copy / "docs" / "index.md").write_text(INDEX)
    examples = copy / "examples"
    examples.mkdir()
    # The real header links the real pages; the scratch gallery has its own.
    (examples / "GALLERY_HEADER.rst").write_text("Scratch gallery\n===============\n")
    write_example(examples, "plot_logs", "moons_tutorial.logs", "read_scalars")
    write_example(examples, "plot_data", "moons_tutorial.data", "load_moons")
    # bayes.py imports data.py: this page depends on both.
    write_example(examples, "plot_bayes", "moons_tutorial.bayes", "BayesMoons")
    return copy
