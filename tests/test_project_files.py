"""The CI and publishing files are well-formed and call sessions that exist."""

import ast
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def nox_sessions() -> set[str]:
    tree = ast.parse((ROOT / "noxfile.py").read_text())
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and any("session" in ast.unparse(d) for d in node.decorator_list)
    }


def commands(document) -> list[str]:
    """Every shell command string anywhere in a parsed YAML document."""
    found = []
    if isinstance(document, dict):
        for key, value in document.items():
            if key == "run" and isinstance(value, str):
                found.append(value)
            else:
                found += commands(value)
    elif isinstance(document, list):
        for item in document:
            found += [item] if isinstance(item, str) else commands(item)
    return found


def test_there_are_docs_and_release_workflows():
    assert {p.name for p in WORKFLOWS} >= {"docs.yml", "release.yml"}


@pytest.mark.parametrize(
    "path", [*WORKFLOWS, ROOT / ".readthedocs.yaml"], ids=lambda p: p.name
)
def test_workflow_parses_and_calls_existing_sessions(path):
    document = yaml.safe_load(path.read_text())
    called = [
        name
        for command in commands(document)
        for name in re.findall(r"\bnox -s (\w+)", command)
    ]
    assert called, f"{path.name} calls no nox session"
    assert set(called) <= nox_sessions()


def test_pages_deploy_only_from_main_with_least_permissions():
    workflow = yaml.safe_load((ROOT / ".github/workflows/docs.yml").read_text())
    assert workflow["permissions"] == {"contents": "read"}
    deploy = workflow["jobs"]["deploy"]
    assert "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}


def test_release_uses_trusted_publishing():
    workflow = yaml.safe_load((ROOT / ".github/workflows/release.yml").read_text())
    publish = workflow["jobs"]["publish"]
    assert publish["permissions"] == {"id-token": "write"}
    steps = [s.get("uses", "") for s in publish["steps"]]
    assert any(s.startswith("pypa/gh-action-pypi-publish") for s in steps)
    assert not any("password" in str(s.get("with", {})) for s in publish["steps"])


def test_readme_commands_are_the_two_sessions():
    readme = (ROOT / "README.md").read_text()
    assert "python -m pip install 'nox[uv]' && nox -s docs" in readme
    assert "python -m pip install 'nox[uv]' && nox -s tests" in readme
    assert (
        "python -m pip install 'nox[uv]' && nox -s tests"
        in (ROOT / ".ci" / "run").read_text()
    )


def test_readme_images_show_on_pypi():
    # PyPI shows the README without the repository: an image must be a full URL,
    # here to a file of the repository's main branch.
    readme = (ROOT / "README.md").read_text()
    source = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"][
        "Source"
    ]
    raw = source.replace("https://github.com/", "https://raw.githubusercontent.com/")
    images = re.findall(r"!\[[^\]]*\]\(([^)\s]+)", readme)
    assert images, "the README shows no image"
    for url in images:
        assert url.startswith(f"{raw}/main/"), url
        assert (ROOT / url.removeprefix(f"{raw}/main/")).is_file(), url


def test_version_lives_in_one_place():
    """The version is written once, in the package; everything else reads it."""
    import importlib.metadata

    import moons_tutorial

    version = moons_tutorial.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["hatch"]["version"]["path"] == "moons_tutorial/__init__.py"
    # The installed distribution's metadata (which the docs' conf.py reads).
    assert importlib.metadata.version("moons-tutorial") == version
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    written = [
        name
        for name in tracked
        if name.endswith((".py", ".toml", ".md", ".cfg", ".yaml", ".yml", ".txt"))
        # Other packages' pins may share the number.
        and name not in {"requirements/lock.txt", ".binder/requirements.txt"}
        and re.search(
            rf"(?<![\d.]){re.escape(version)}(?![\d.])", (ROOT / name).read_text()
        )
    ]
    assert written == ["moons_tutorial/__init__.py"]


def test_the_install_pages_by_hand_list_is_the_packages_dependencies():
    # A reader who assembles the environment by hand needs everything the
    # pages import: the package's dependencies, each named on the install page.
    page = (ROOT / "docs" / "install.md").read_text()
    by_hand = re.search(r"\$ python -m pip install ((?:[a-z][\w-]* ?)+)\n", page)
    assert by_hand, "the install page shows no by-hand install command"
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "dependencies"
    ]
    names = {re.match(r"[A-Za-z0-9_.-]+", d).group().lower() for d in dependencies}
    assert set(by_hand.group(1).split()) == names
