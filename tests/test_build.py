"""The docs build, run on a scratch copy of the project with tiny examples.

Checks that a build re-runs exactly the examples whose package code changed,
and that a failing example, a failing notebook cell or a warning stops it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.slow, pytest.mark.build]

# The same flags as `nox -s docs`.
SPHINX = [sys.executable, "-m", "sphinx", "-b", "html", "-n", "-W", "--keep-going"]

EXAMPLE = '''"""
{title}
{underline}

Prints when it ran, so that a test can tell whether it ran again.
"""

import time

from {module} import {name}

print({name}.__name__, "ran at", time.time_ns())
'''

INDEX = """# Scratch

```{toctree}
auto_examples/index
```
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's docs setup and package, with two tiny examples."""
    copy = tmp_path / "project"
    (copy / "docs").mkdir(parents=True)
    shutil.copy(ROOT / "pyproject.toml", copy)
    shutil.copytree(
        ROOT / "moons_tutorial",
        copy / "moons_tutorial",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copy(ROOT / "docs" / "conf.py", copy / "docs")
    shutil.copytree(
        ROOT / "docs" / "_ext",
        copy / "docs" / "_ext",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    (copy / "docs" / "_static").mkdir()
    # What conf.py reads: the inventories, Binder's requirements, the badge.
    shutil.copytree(ROOT / "docs" / "_inventories", copy / "docs" / "_inventories")
    shutil.copytree(ROOT / ".binder", copy / ".binder")
    shutil.copy(
        ROOT / "docs" / "_static" / "colab-badge.svg", copy / "docs" / "_static"
    )
    (copy / "docs" / "index.md").write_text(INDEX)
    examples = copy / "examples"
    examples.mkdir()
    shutil.copy(ROOT / "examples" / "GALLERY_HEADER.rst", examples)
    write_example(examples, "plot_logs", "moons_tutorial.logs", "read_scalars")
    # From the package's top level, which exports it from moons_tutorial.data.
    write_example(examples, "plot_data", "moons_tutorial", "load_moons")
    return copy


def write_example(folder: Path, stem: str, module: str, name: str) -> None:
    title = f"Uses {module}"
    (folder / f"{stem}.py").write_text(
        EXAMPLE.format(
            title=title, underline="=" * len(title), module=module, name=name
        )
    )


# Where the build keeps its caches; unset, so that the build must choose.
CACHE_VARIABLES = {
    "KERAS_HOME",
    "MPLCONFIGDIR",
    "IPYTHONDIR",
    "JUPYTER_CONFIG_DIR",
    "JUPYTER_DATA_DIR",
    "JUPYTER_RUNTIME_DIR",
}


def build(project: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in CACHE_VARIABLES}
    # The package under test is the copy's: put it first on the path. A fresh
    # home folder shows whether the build writes into it.
    env |= {"PYTHONPATH": str(project), "HOME": str(project.parent / "home")}
    (project.parent / "home").mkdir(exist_ok=True)
    # The logs zip needs at least one event file; the tiny examples log nothing.
    graph = project / "docs/_build/gallery-work/Graph/run/train"
    graph.mkdir(parents=True, exist_ok=True)
    (graph / "events.out.tfevents.0.scratch").write_bytes(b"")
    return subprocess.run(
        [*SPHINX, "-d", "docs/_build/doctrees", "docs", "docs/_build/html"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def run_stamps(project: Path) -> dict[str, str]:
    """When each example last ran, read from its generated page."""
    stamps = {}
    for page in (project / "docs" / "auto_examples").glob("plot_*.rst"):
        stamps[page.stem] = re.search(r"ran at (\d+)", page.read_text()).group(1)
    return stamps


def edit_function(path: Path, function: str) -> None:
    """Change one function's body, as a maintainer's fix would."""
    source = path.read_text()
    marker = f"def {function}("
    assert marker in source
    path.write_text(
        source.replace(marker, f"def _unused_helper():\n    return 1\n\n\n{marker}")
    )


def test_a_package_change_reruns_only_the_examples_that_import_it(project):
    first = build(project)
    assert first.returncode == 0, first.stdout + first.stderr
    stamps = run_stamps(project)
    assert set(stamps) == {"plot_logs", "plot_data"}

    home = project.parent / "home"
    assert not any(home.iterdir()), f"the build wrote {list(home.iterdir())}"

    nothing_changed = build(project)
    assert nothing_changed.returncode == 0, nothing_changed.stderr
    assert run_stamps(project) == stamps

    # logs.py is imported by plot_logs only (the package's __init__ does not
    # import it): only that page runs again.
    edit_function(project / "moons_tutorial" / "logs.py", "read_scalars")
    after_logs = build(project)
    assert after_logs.returncode == 0, after_logs.stderr
    rerun = run_stamps(project)
    assert rerun["plot_logs"] != stamps["plot_logs"]
    assert rerun["plot_data"] == stamps["plot_data"]

    # The package's __init__ exports data.py's names, and every import of the
    # package runs the __init__: both pages run again.
    edit_function(project / "moons_tutorial" / "data.py", "load_moons")
    after_data = build(project)
    assert after_data.returncode == 0, after_data.stderr
    final = run_stamps(project)
    assert final["plot_logs"] != rerun["plot_logs"]
    assert final["plot_data"] != rerun["plot_data"]


def test_a_failing_example_fails_the_build_and_is_named(project):
    (project / "examples" / "plot_broken.py").write_text(
        '"""\nBroken\n======\n"""\n\nraise ValueError("planted failure")\n'
    )
    result = build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "plot_broken.py" in output
    assert "ValueError: planted failure" in output


def test_a_failing_notebook_cell_fails_the_build_and_is_named(project):
    add_notebook(project, "notebook", "raise RuntimeError('planted cell failure')")
    result = build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "notebook.md" in output
    assert "planted cell failure" in output


def add_notebook(project: Path, name: str, code: str) -> None:
    """Add a MyST notebook page with one code cell to the scratch site."""
    (project / "docs" / f"{name}.md").write_text(
        "---\nfile_format: mystnb\nkernelspec:\n  name: python3\n"
        f"  display_name: Python 3\n---\n\n# Notebook\n\n"
        f"```{{code-cell}} ipython3\n{code}\n```\n"
    )
    index = project / "docs" / "index.md"
    index.write_text(
        index.read_text().replace("auto_examples/index", f"auto_examples/index\n{name}")
    )


def build_ok(project: Path) -> None:
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr


def notebook_stamp(project: Path) -> str:
    page = (project / "docs/_build/html/notebook.html").read_text()
    return re.search(r"ran at (\d+)", page).group(1)


def test_a_new_lock_file_reruns_the_notebooks(project):
    add_notebook(project, "notebook", "import time\nprint('ran at', time.time_ns())")
    lock = project / "requirements" / "lock.txt"
    lock.parent.mkdir()
    lock.write_text("keras==3.0.0\n")
    build_ok(project)
    first = notebook_stamp(project)
    build_ok(project)
    assert notebook_stamp(project) == first  # cached: the code did not change

    lock.write_text("keras==3.0.1\n")
    build_ok(project)
    assert notebook_stamp(project) != first


def test_a_warning_fails_the_build(project):
    index = project / "docs" / "index.md"
    index.write_text(index.read_text() + "\nSee {doc}`no-such-page`.\n")
    result = build(project)
    assert result.returncode != 0
    assert "no-such-page" in result.stdout + result.stderr
