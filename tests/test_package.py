"""The public API: each module's ``__all__``, documented, and what pages import.

The API is stated once, in each module's ``__all__``; readers import a name from
its module (``from moons_tutorial.data import load_moons``). These tests keep
the API page, the examples and the modules in agreement.
"""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

import moons_tutorial

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "moons_tutorial"
PUBLIC_MODULES = sorted(
    path.stem for path in PACKAGE.glob("*.py") if not path.stem.startswith("_")
)


def public_names(module: str) -> set[str]:
    return set(importlib.import_module(f"moons_tutorial.{module}").__all__)


@pytest.mark.parametrize("module", PUBLIC_MODULES)
def test_every_public_name_exists(module):
    imported = importlib.import_module(f"moons_tutorial.{module}")
    missing = {name for name in imported.__all__ if not hasattr(imported, name)}
    assert not missing, f"moons_tutorial.{module}.__all__ names {missing}"


def documented_names() -> set[str]:
    api = (ROOT / "docs" / "api.md").read_text()
    return set(
        re.findall(r"^\.\. auto\w+:: (moons_tutorial\.[\w.]+)$", api, re.MULTILINE)
    )


def test_the_api_page_documents_exactly_the_public_names():
    public = {
        f"moons_tutorial.{module}.{name}"
        for module in PUBLIC_MODULES
        for name in public_names(module)
    }
    assert documented_names() == public


def example_imports() -> set[tuple[str, str]]:
    found = set()
    for example in (ROOT / "examples").glob("*.py"):
        for node in ast.walk(ast.parse(example.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "moons_tutorial"
            ):
                found |= {(node.module, alias.name) for alias in node.names}
    return found


def test_the_examples_import_public_names_from_their_modules():
    imports = example_imports()
    assert imports, "no example imports the package"
    for module, name in imports:
        assert module.startswith("moons_tutorial."), (
            f"import {name} from its module, not from {module}"
        )
        assert name in public_names(module.removeprefix("moons_tutorial.")), (
            f"{module}.{name} is used by an example but not in its __all__"
        )


def test_the_package_exports_its_version_only():
    exported = {name for name in vars(moons_tutorial) if not name.startswith("_")}
    assert exported <= set(PUBLIC_MODULES), exported  # submodules once imported
    assert re.fullmatch(r"\d+\.\d+\.\d+", moons_tutorial.__version__)


def modules_loaded_by(code: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", f"import sys; {code}; print(sorted(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(ast.literal_eval(result.stdout.strip().splitlines()[-1]))


def test_importing_the_package_imports_none_of_its_modules():
    loaded = modules_loaded_by("import moons_tutorial")
    assert {m for m in loaded if m.startswith("moons_tutorial.")} == set()
    assert "keras" not in loaded


def test_importing_the_logs_and_backends_modules_does_not_import_keras():
    loaded = modules_loaded_by("import moons_tutorial.logs, moons_tutorial.backends")
    assert "moons_tutorial.logs" in loaded  # the import itself worked
    assert "keras" not in loaded
