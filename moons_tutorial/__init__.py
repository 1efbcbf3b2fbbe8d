"""The lesson's reusable parts: data, model, training, logs, plots, Bayes classifier.

Each part lives in its own module; the names below are the public API.
"""

from .bayes import BayesMoons, expected_accuracy
from .data import MoonsData, add_product_feature, load_moons
from .model import build_model, default_optimizer
from .training import RunFolderInUseWarning, train

__version__ = "0.1.0"

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
