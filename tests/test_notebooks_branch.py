"""``nox -s notebooks -- --branch notebooks`` fills the branch that Colab opens.

Run on a scratch clone of the repository, so that no branch of the real one
changes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


def test_notebooks_are_committed_to_the_branch_once(tmp_path):
    clone = tmp_path / "clone"
    git("clone", "--quiet", "--no-local", str(ROOT), str(clone), cwd=tmp_path)
    head = git("rev-parse", "HEAD", cwd=clone)
    command = [sys.executable, "-m", "sitebuild.notebooks", str(tmp_path / "out")]

    def run() -> str:
        subprocess.run(
            [*command, "--branch", "notebooks"],
            cwd=clone,
            check=True,
            capture_output=True,
        )
        return git("rev-parse", "notebooks", cwd=clone)

    first = run()
    assert run() == first, "an unchanged set of notebooks made a new commit"
    files = git("ls-tree", "-r", "--name-only", "notebooks", cwd=clone).splitlines()
    examples = sorted(p.stem for p in (ROOT / "examples").glob("plot_*.py"))
    assert sorted(files) == sorted(
        ["README.md", *(f"auto_examples/{name}.ipynb" for name in examples)]
    )
    notebook = json.loads(
        git("show", "notebooks:auto_examples/plot_intro.ipynb", cwd=clone)
    )
    assert head in "".join(notebook["cells"][0]["source"])
    # The work tree and the checked-out branch are untouched.
    assert git("status", "--porcelain", cwd=clone) == ""
    assert git("rev-parse", "HEAD", cwd=clone) == head
