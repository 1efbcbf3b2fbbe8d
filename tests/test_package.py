"""The package's top level: its public names, and what importing it costs."""

from __future__ import annotations

import ast
import importlib
import inspect
import subprocess
import sys

import pytest

import moons_tutorial


@pytest.mark.parametrize("name", sorted(set(moons_tutorial.__all__) - {"__version__"}))
def test_every_public_name_resolves_to_its_module(name):
    value = getattr(moons_tutorial, name)
    module = moons_tutorial._EXPORTS[name]
    assert value is getattr(importlib.import_module(f"moons_tutorial.{module}"), name)
    assert name in dir(moons_tutorial)


def test_the_static_imports_list_the_same_names():
    # Type checkers, and the docs build's stale-page check, read the imports
    # under TYPE_CHECKING; they must name what __getattr__ serves.
    tree = ast.parse(inspect.getsource(moons_tutorial))
    imported = {
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 1
        for alias in node.names
    }
    assert imported == {
        (module, name) for name, module in moons_tutorial._EXPORTS.items()
    }


def test_all_lists_every_public_name():
    assert set(moons_tutorial.__all__) == {"__version__", *moons_tutorial._EXPORTS}


def test_an_unknown_name_raises_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'build_modle'"):
        moons_tutorial.build_modle  # noqa: B018


def test_importing_the_logs_module_does_not_import_keras():
    code = (
        "import sys, moons_tutorial.logs, moons_tutorial.backends;"
        "print('keras' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
