"""The explorer's settings: which runs the build makes, and what each is called.

The explorer page lets a reader pick a network (hidden layers, units per layer,
the x1·x2 product input), the data's noise and the optimizer. Every setting it
can show is a real run made at build time, and the full product of the
controls (108 runs) does not fit the build's budget, so the grid is: every
network and noise with the lesson's ``Adadelta(learning_rate=1.0)`` (36 runs),
plus the two other optimizers for the intro's network at each noise (6 runs).

Nothing here imports Keras: the build reads the grid in its own process and
trains it in worker processes (:mod:`sitebuild.explorer_runs`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

LAYERS = (1, 2)
UNITS = (2, 8, 32)
PRODUCT = (False, True)
NOISES = (0.1, 0.2, 0.3)
# Key in the settings' names -> the optimizer as the lesson's code writes it.
OPTIMIZERS = {
    "adadelta-1.0": "Adadelta(learning_rate=1.0)",
    "adadelta-string": "'AdaDelta' (the 2017 string)",
    "adam": "Adam()",
}
LESSON_OPTIMIZER = "adadelta-1.0"

# How every run trains, as the lesson does.
EPOCHS = 200
BATCH_SIZE = 32
SEED = 0
# The epochs whose weights are kept (0: the initial weights): dense at first,
# where the boundary moves most, then every 10 and every 20 epochs.
RECORDED_EPOCHS = (
    *(0, 1, 2, 3, 4, 5, 6, 8, 10, 13, 16, 20, 25, 30),
    *range(40, 101, 10),
    *range(120, EPOCHS + 1, 20),
)
# The square the page draws the boundary on, in load_moons's scaled coordinates.
BOUNDARY_GRID = {"lo": -3, "hi": 3, "n": 61}

UNAVAILABLE_REASON = (
    "other optimizers are run for the intro's network only:"
    " the build has a 90-second budget for these runs"
)


@dataclass(frozen=True)
class Setting:
    """One run of the explorer: a network, the data's noise, an optimizer."""

    layers: int
    units: int
    product: bool
    noise: float
    optimizer: str

    @property
    def key(self) -> str:
        """The run's name, e.g. ``l1-u32-p0-n02-adadelta-1.0``."""
        return (
            f"l{self.layers}-u{self.units}-p{int(self.product)}"
            f"-n{round(self.noise * 10):02d}-{self.optimizer}"
        )

    @property
    def hidden_units(self) -> tuple[int, ...]:
        """The width of each hidden layer, for ``build_model``."""
        return (self.units,) * self.layers

    @property
    def n_features(self) -> int:
        """The inputs: the two coordinates, and their product when it is on."""
        return 3 if self.product else 2

    def as_json(self) -> dict[str, object]:
        """Return the setting as the page's ``settings`` entry holds it."""
        return {
            "layers": self.layers,
            "units": self.units,
            "product": self.product,
            "noise": self.noise,
            "optimizer": self.optimizer,
            "file": f"runs/{self.key}.js",
            "script": f"scripts/{self.key}.py",
        }


# The intro page's run, which the explorer opens on.
DEFAULT = Setting(1, 32, False, 0.2, LESSON_OPTIMIZER)


def grid() -> list[Setting]:
    """Return every setting the build trains, in a fixed order."""
    lesson = [
        Setting(layers, units, product, noise, LESSON_OPTIMIZER)
        for layers, units, product, noise in itertools.product(
            LAYERS, UNITS, PRODUCT, NOISES
        )
    ]
    others = [
        Setting(DEFAULT.layers, DEFAULT.units, DEFAULT.product, noise, optimizer)
        for optimizer in OPTIMIZERS
        if optimizer != LESSON_OPTIMIZER
        for noise in NOISES
    ]
    return lesson + others


def by_key(key: str) -> Setting:
    """Return the setting of the grid named ``key``; ``KeyError`` if there is none."""
    for setting in grid():
        if setting.key == key:
            return setting
    raise KeyError(f"no setting {key!r} in the explorer's grid")


def controls() -> dict[str, list[object]]:
    """Return the values each control of the page offers."""
    return {
        "layers": list(LAYERS),
        "units": list(UNITS),
        "product": list(PRODUCT),
        "noise": list(NOISES),
        "optimizer": list(OPTIMIZERS),
    }
