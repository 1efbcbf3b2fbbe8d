"""Write the gallery's notebooks, for Colab and Binder, without running them.

``python -m sitebuild.notebooks OUT`` writes ``OUT/auto_examples/plot_*.ipynb``:
the notebooks the site offers for download, made from ``examples/`` as the
gallery makes them (first cell: install the package at this commit; inline
TensorBoard where a page starts it in a console).

``--branch notebooks`` also commits OUT's files to that branch of the
repository, on top of its last commit, without touching the work tree: the
publishing workflow pushes the branch, and Colab opens the notebooks there.

``--binder`` leaves the install cell out: Binder's environment already has the
package, installed from the repository (``.binder/postBuild`` runs this).
"""

from __future__ import annotations

import argparse
import os
import runpy
import shutil
import subprocess
import tempfile
import tomllib
from pathlib import Path

from sitebuild import install_command, notebook_cells
from sitebuild.repository import ROOT

GALLERY_DIR = "auto_examples"  # as in docs/conf.py: the notebooks keep its paths


def gallery_settings() -> dict:
    """Return the sphinx-gallery settings of docs/conf.py that shape a notebook.

    conf.py only declares (the docs build tests that importing it writes and
    sets nothing), so reading it here is safe.
    """
    conf = runpy.run_path(str(ROOT / "docs" / "conf.py"))["sphinx_gallery_conf"]
    return {
        key: conf[key] for key in ("remove_config_comments", "pypandoc") if key in conf
    }


def write_notebooks(out: Path, install: str | None) -> list[Path]:
    """Write one notebook per example into ``out/auto_examples``; return them."""
    target = out / GALLERY_DIR
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    conf = {**gallery_settings(), "first_notebook_cell": install}
    written = []
    for script in sorted((ROOT / "examples").glob("plot_*.py")):
        notebook = notebook_cells.example_notebook(script, install, conf)
        path = target / script.with_suffix(".ipynb").name
        path.write_text(notebook_cells.notebook_text(notebook))
        written.append(path)
    return written


def _git(*args: str, env: dict | None = None, check: bool = True) -> str:
    result = subprocess.run(
        ["git", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=check,
    )
    return result.stdout.strip() if result.returncode == 0 else ""


def commit_to_branch(out: Path, branch: str, message: str) -> str | None:
    """Commit the files under ``out`` to ``branch``; return the new commit.

    Returns None when the branch already holds exactly these files.
    """
    parent = _git(
        "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}", check=False
    )
    with tempfile.TemporaryDirectory() as scratch:
        env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        _git(f"--work-tree={out}", "add", "--all", ".", env=env)
        tree = _git("write-tree", env=env)
    if parent and _git("rev-parse", f"{parent}^{{tree}}") == tree:
        return None
    identity = {
        "GIT_AUTHOR_NAME": "moons-tutorial notebooks",
        "GIT_AUTHOR_EMAIL": "notebooks@moons-tutorial.invalid",
        "GIT_COMMITTER_NAME": "moons-tutorial notebooks",
        "GIT_COMMITTER_EMAIL": "notebooks@moons-tutorial.invalid",
    }
    parents = ["-p", parent] if parent else []
    commit = _git("commit-tree", tree, *parents, "-m", message, env=identity)
    _git("update-ref", f"refs/heads/{branch}", commit)
    return commit


def main(argv: list[str] | None = None) -> None:
    """Write the notebooks, and commit them to a branch if asked."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the notebooks into")
    parser.add_argument("--binder", action="store_true", help="no install cell")
    parser.add_argument("--branch", help="commit the notebooks to this branch")
    parser.add_argument(
        "--commit",
        help="the commit to install (default: the checkout's, or GITHUB_SHA)",
    )
    args = parser.parse_args(argv)

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    repository = pyproject["project"]["urls"]["Source"]
    commit = args.commit or install_command.build_commit(ROOT)
    install = None
    if not args.binder:
        requirement = install_command.install_requirement(repository, commit)
        install = install_command.install_cell(requirement)
    written = write_notebooks(args.out, install)
    for path in written:
        print(path)
    if args.branch:
        (args.out / "README.md").write_text(
            f"# Notebooks of the moons-tutorial gallery\n\n"
            f"Made from the examples of {repository} at commit {commit or 'main'}"
            f" by `nox -s notebooks`; do not edit them here.\n"
        )
        new = commit_to_branch(
            args.out, args.branch, f"Notebooks of {commit or 'a working tree'}"
        )
        print(f"{args.branch}: {new or 'unchanged'}")


if __name__ == "__main__":
    main()
