"""The lesson's reusable parts: data, model, training, logs, plots, Bayes classifier.

Each part lives in its own module; the names below are the public API.

The names are imported on first use (PEP 562), not with the package: importing
``moons_tutorial.logs`` or ``moons_tutorial.backends`` then does not import
Keras, which takes seconds and fixes the backend for the whole process.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

# Public name -> the module that defines it.
_EXPORTS = {
    "BayesMoons": "bayes",
    "expected_accuracy": "bayes",
    "MoonsData": "data",
    "add_product_feature": "data",
    "load_moons": "data",
    "build_model": "model",
    "default_optimizer": "model",
    "RunFolderInUseWarning": "training",
    "train": "training",
}

__all__ = [
    "BayesMoons",
    "MoonsData",
    "RunFolderInUseWarning",
    "__version__",
    "add_product_feature",
    "build_model",
    "default_optimizer",
    "expected_accuracy",
    "load_moons",
    "train",
]

if TYPE_CHECKING:  # what type checkers and other static readers see
    from .bayes import BayesMoons, expected_accuracy
    from .data import MoonsData, add_product_feature, load_moons
    from .model import build_model, default_optimizer
    from .training import RunFolderInUseWarning, train


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
