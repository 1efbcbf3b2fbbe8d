"""Shared fixtures. The environment is set before anything imports Keras."""

from __future__ import annotations

import os
from pathlib import Path

from sitebuild.environment import execution_environment

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "docs" / "_build" / "cache"

# Tests run in the docs build's environment: on JAX unless told otherwise (nox
# runs them on each backend), with the libraries' files kept out of the home
# folder.
for variable, value in execution_environment(CACHE).items():
    os.environ.setdefault(variable, value)

import keras
import matplotlib
import pytest

matplotlib.use("Agg")

from moons_tutorial.data import MoonsData, load_moons


@pytest.fixture(scope="session")
def data() -> MoonsData:
    """The lesson's data at its default seed."""
    return load_moons()


@pytest.fixture
def seeded() -> None:
    """Seed Keras, NumPy and Python so that a test's training is repeatable."""
    keras.utils.set_random_seed(0)


@pytest.fixture(autouse=True)
def close_figures():
    """Close the figures a test made, so they do not pile up."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch copy of the project with tiny examples (see tests/scratch.py)."""
    from tests.scratch import make_project

    return make_project(tmp_path)
