"""The Binder environment installs what the lock file pins, and makes the notebooks.

A live Binder session needs the network and mybinder.org; these tests check
the files it is built from instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / ".binder"
PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;#]+)", re.MULTILINE)


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name.split("[")[0]).lower()


def pins(text: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for name, version in PIN.findall(text):
        found.setdefault(normalise(name), set()).add(version)
    return found


def test_requirements_are_the_lock_files_versions():
    lock = pins((ROOT / "requirements" / "lock.txt").read_text())
    binder = pins((BINDER / "requirements.txt").read_text())
    assert binder
    for name, versions in binder.items():
        assert name in lock, f"{name} is not in the lock file"
        assert versions <= lock[name], f"{name} {versions} != lock {lock[name]}"


def test_requirements_hold_every_dependency_of_the_package():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    binder = pins((BINDER / "requirements.txt").read_text())
    for requirement in project["dependencies"]:
        name = normalise(re.match(r"[A-Za-z0-9_.\-]+", requirement).group())
        assert name in binder, f"{name} is missing from .binder/requirements.txt"
    # postBuild makes the notebooks with sphinx-gallery.
    assert "sphinx-gallery" in binder


def test_runtime_is_a_python_the_package_supports():
    runtime = (BINDER / "runtime.txt").read_text().strip()
    version = tuple(
        int(x) for x in re.fullmatch(r"python-(\d+)\.(\d+)", runtime).groups()
    )
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    minimum = re.fullmatch(r">=(\d+)\.(\d+)", project["requires-python"]).groups()
    assert version >= tuple(int(x) for x in minimum)


@pytest.mark.slow
def test_requirements_resolve_against_the_lock_file(tmp_path):
    """uv resolves the file, with the lock as constraints, to the file itself.

    Nothing is installed; uv reads package metadata from its cache or PyPI.
    """
    runtime = (BINDER / "runtime.txt").read_text().strip().removeprefix("python-")
    result = subprocess.run(
        [
            *(sys.executable, "-m", "uv", "pip", "compile"),
            str(BINDER / "requirements.txt"),
            *("--constraint", str(ROOT / "requirements" / "lock.txt")),
            *(
                "--python-version",
                runtime,
                "--python-platform",
                "x86_64-manylinux_2_28",
            ),
            *("--no-header", "--no-annotate", "--quiet"),
            *("--output-file", str(tmp_path / "resolved.txt")),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "UV_NO_PROGRESS": "1"},
    )
    assert result.returncode == 0, result.stderr
    resolved = pins((tmp_path / "resolved.txt").read_text())
    # Complete: the resolution needs nothing that the file does not pin.
    assert resolved == pins((BINDER / "requirements.txt").read_text())


def test_postbuild_makes_the_notebooks_without_an_install_cell(tmp_path):
    """Run postBuild's notebook step in a copy of the repository's files."""
    postbuild = (BINDER / "postBuild").read_text()
    assert os.access(BINDER / "postBuild", os.X_OK)
    assert "python -m pip install --no-deps . --editable ./sitebuild" in postbuild
    (command,) = re.findall(
        r"^python -m sitebuild\.notebooks .*$", postbuild, re.MULTILINE
    )
    # Binder clones the repository: its sources, not what a build made.
    for folder in ("examples", "sitebuild", "docs"):
        shutil.copytree(
            ROOT / folder,
            tmp_path / folder,
            ignore=shutil.ignore_patterns(
                "_build", "auto_examples", "gen_modules", "__pycache__"
            ),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    subprocess.run(
        [sys.executable, *command.split()[1:]],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    made = sorted((tmp_path / "notebooks" / "auto_examples").glob("*.ipynb"))
    assert [p.stem for p in made] == sorted(
        p.stem for p in (ROOT / "examples").glob("plot_*.py")
    )
    for path in made:
        first = json.loads(path.read_text())["cells"][0]
        assert "%pip install" not in "".join(first["source"])
