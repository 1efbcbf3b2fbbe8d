"""The docs build, run on a scratch copy of the project with tiny examples.

Checks that a build re-runs exactly the examples whose inputs changed (the
package modules they import, the backend, the lock file), that conf.py only
declares, and that a failing example, a failing notebook cell or a warning
stops the build.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.scratch import build

pytestmark = [pytest.mark.slow, pytest.mark.build]


def run_stamps(project: Path) -> dict[str, str]:
    """When each example last ran, read from its generated page."""
    stamps = {}
    for page in (project / "docs" / "auto_examples").glob("plot_*.rst"):
        stamps[page.stem] = re.search(r"ran at (\d+)", page.read_text()).group(1)
    return stamps


def printed_backends(project: Path) -> dict[str, str]:
    """The backend each generated page says it ran on."""
    return {
        page.stem: re.search(r"backend: (\w+)", page.read_text()).group(1)
        for page in (project / "docs" / "auto_examples").glob("plot_*.rst")
    }


def rerun_after(project: Path, edit) -> set[str]:
    """Apply ``edit``, build, and return the pages that ran again."""
    before = run_stamps(project)
    edit()
    build_ok(project)
    after = run_stamps(project)
    return {page for page in before if after[page] != before[page]}


def edit_function(path: Path, function: str) -> None:
    """Change one function's body, as a maintainer's fix would."""
    source = path.read_text()
    marker = f"def {function}("
    assert marker in source
    path.write_text(
        source.replace(marker, f"def _unused_helper():\n    return 1\n\n\n{marker}")
    )


def test_a_package_change_reruns_exactly_the_examples_that_import_it(project):
    first = build(project)
    assert first.returncode == 0, first.stdout + first.stderr
    assert set(run_stamps(project)) == {"plot_logs", "plot_data", "plot_bayes"}

    home = project.parent / "home"
    assert not any(home.iterdir()), f"the build wrote {list(home.iterdir())}"

    assert rerun_after(project, lambda: None) == set()

    package = project / "moons_tutorial"
    assert rerun_after(
        project, lambda: edit_function(package / "bayes.py", "expected_accuracy")
    ) == {"plot_bayes"}
    assert rerun_after(
        project, lambda: edit_function(package / "logs.py", "read_scalars")
    ) == {"plot_logs"}
    # Every page that loads data: the data page, and the Bayes page through
    # bayes.py's own import of data.py.
    assert rerun_after(
        project, lambda: edit_function(package / "data.py", "load_moons")
    ) == {"plot_data", "plot_bayes"}

    # The build folder removed but the generated gallery kept: the examples
    # must run again to write their outputs.
    work = project / "docs" / "_build" / "gallery-work"
    assert rerun_after(project, lambda: shutil.rmtree(work)) == set(run_stamps(project))


def test_a_new_backend_reruns_every_page_and_notebook(project):
    add_notebook(
        project,
        "notebook",
        "import os, time\nprint('ran at', time.time_ns())\n"
        "print('backend:', os.environ['KERAS_BACKEND'])",
    )
    build_ok(project)
    assert set(printed_backends(project).values()) == {"jax"}
    assert notebook_backend(project) == "jax"

    build_ok(project, backend="tensorflow")
    assert set(printed_backends(project).values()) == {"tensorflow"}
    assert notebook_backend(project) == "tensorflow"

    # And back: no page keeps the other backend's output.
    build_ok(project)
    assert set(printed_backends(project).values()) == {"jax"}
    assert notebook_backend(project) == "jax"


def test_a_new_gallery_configuration_reruns_every_page(project):
    build_ok(project)
    conf = project / "docs" / "conf.py"
    # Any setting that shapes a page: here, the smallest run time it reports.
    assert '"min_reported_time": 0,' in conf.read_text()
    assert rerun_after(
        project,
        lambda: conf.write_text(
            conf.read_text().replace(
                '"min_reported_time": 0,', '"min_reported_time": 1,'
            )
        ),
    ) == {"plot_logs", "plot_data", "plot_bayes"}


def notebook_backend(project: Path) -> str:
    page = (project / "docs/_build/html/notebook.html").read_text()
    return re.search(r"backend: (\w+)", page).group(1)


def test_importing_conf_writes_nothing_and_sets_nothing(project):
    # conf.py declares; the extensions act when Sphinx calls them. Importing it
    # (as linkcheck, autobuild or an editor would) must leave no trace.
    def files() -> dict[str, int]:
        return {
            str(p.relative_to(project)): p.stat().st_mtime_ns
            for p in project.rglob("*")
            if "__pycache__" not in p.parts
        }

    before = files()
    probe = (
        "import json, os, runpy; before = dict(os.environ);"
        " runpy.run_path('docs/conf.py');"
        " print(json.dumps({k: v for k, v in os.environ.items()"
        " if before.get(k) != v}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=project,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip().splitlines()[-1] == "{}"
    assert files() == before


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


def build_ok(project: Path, backend: str = "jax") -> None:
    result = build(project, backend)
    assert result.returncode == 0, result.stdout + result.stderr


def notebook_stamp(project: Path) -> str:
    page = (project / "docs/_build/html/notebook.html").read_text()
    return re.search(r"ran at (\d+)", page).group(1)


def test_a_new_lock_file_reruns_the_pages_and_notebooks(project):
    add_notebook(project, "notebook", "import time\nprint('ran at', time.time_ns())")
    lock = project / "requirements" / "lock.txt"
    lock.parent.mkdir()
    lock.write_text("keras==3.0.0\n")
    build_ok(project)
    first = notebook_stamp(project)
    build_ok(project)
    assert notebook_stamp(project) == first  # cached: the code did not change

    pages = run_stamps(project)
    lock.write_text("keras==3.0.1\n")
    build_ok(project)
    assert notebook_stamp(project) != first
    assert all(run_stamps(project)[page] != pages[page] for page in pages)


def test_a_warning_fails_the_build(project):
    index = project / "docs" / "index.md"
    index.write_text(index.read_text() + "\nSee {doc}`no-such-page`.\n")
    result = build(project)
    assert result.returncode != 0
    assert "no-such-page" in result.stdout + result.stderr
