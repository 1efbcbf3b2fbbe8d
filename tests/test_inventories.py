"""The committed intersphinx inventories load, and hold what their tables say.

The build reads them from docs/_inventories and never fetches; a table edited
without rebuilding its inventory (``nox -s inventories -- build keras``) fails
here.
"""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pytest
from sphinx.util.inventory import InventoryFile

INVENTORIES = Path(__file__).resolve().parents[1] / "docs" / "_inventories"
SOURCES = tomllib.loads((INVENTORIES / "inventories.toml").read_text())


def load(name: str) -> dict:
    """The inventory of one project, as Sphinx reads it: {role: {name: item}}."""
    with (INVENTORIES / f"{name}.inv").open("rb") as stream:
        inventory = InventoryFile.load(stream, SOURCES[name]["url"], lambda b, u: b + u)
    # Sphinx 8.2+ returns an object with a ``data`` mapping, older ones a dict.
    return getattr(inventory, "data", inventory)


@pytest.mark.parametrize("name", SOURCES)
def test_inventory_loads_with_python_names(name):
    inventory = load(name)
    assert any(role.startswith("py:") and items for role, items in inventory.items())


@pytest.mark.parametrize(
    "name", [name for name, source in SOURCES.items() if "table" in source]
)
def test_inventory_holds_its_table(name):
    inventory = load(name)
    with (INVENTORIES / SOURCES[name]["table"]).open(newline="") as table:
        rows = list(csv.DictReader(table))
    if SOURCES[name].get("fetch") and len(rows) < sum(map(len, inventory.values())):
        pytest.skip(f"{name}.inv is the project's own, not the stand-in table's")
    for row in rows:
        item = inventory[f"py:{row['role']}"][row["name"]]
        uri = getattr(item, "uri", None) or item[2]
        assert uri == SOURCES[name]["url"] + row["uri"], row["name"]


def test_every_keras_name_of_the_lesson_is_in_the_keras_inventory():
    inventory = load("keras")
    names = {name for items in inventory.values() for name in items}
    for name in [
        "keras.Sequential",
        "keras.models.Sequential",
        "keras.Input",
        "keras.layers.Dense",
        "keras.optimizers.Adadelta",
        "keras.optimizers.Adam",
        "keras.optimizers.SGD",
        "keras.callbacks.TensorBoard",
        "keras.callbacks.EarlyStopping",
        "keras.utils.set_random_seed",
        "keras.Model.fit",
        "keras.Model.evaluate",
        "keras.Model.predict",
        "keras.Model.summary",
        "keras.Model.compile",
    ]:
        assert name in names, name
