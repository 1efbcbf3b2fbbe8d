"""Make the intersphinx inventories that the site's links to other projects use.

The build reads the inventories committed in ``docs/_inventories`` and never
fetches them. ``docs/_inventories/inventories.toml`` names each project, the
root of its documentation, and where its inventory comes from:

* ``python -m sitebuild.inventories build keras`` writes ``keras.inv`` from the
  table ``keras.csv`` (one row per name the pages use: the name, its role,
  its page under the root). keras.io publishes no inventory of its own.
* ``python -m sitebuild.inventories refresh`` (``nox -s inventories``, which needs
  the network) downloads the inventory of every project that publishes one,
  then rebuilds those that only come from a table.

A project that publishes an inventory may also have a table: it stands in
(``build numpy``) where the project's own inventory cannot be downloaded.
"""

from __future__ import annotations

import argparse
import csv
import tomllib
from pathlib import Path

import sphobjinv

from sitebuild.repository import ROOT

INVENTORIES = ROOT / "docs" / "_inventories"
SOURCES = INVENTORIES / "inventories.toml"


def load_sources() -> dict[str, dict]:
    """Return the projects of ``inventories.toml``, by name."""
    return tomllib.loads(SOURCES.read_text())


def build(name: str, source: dict) -> Path:
    """Write ``NAME.inv`` from the project's table; return its path."""
    inventory = sphobjinv.Inventory()
    inventory.project = name
    inventory.version = "table"
    with (INVENTORIES / source["table"]).open(newline="") as table:
        for row in csv.DictReader(table):
            inventory.objects.append(
                sphobjinv.DataObjStr(
                    name=row["name"],
                    domain="py",
                    role=row["role"],
                    priority="1",
                    uri=row["uri"],
                    dispname="-",
                )
            )
    target = INVENTORIES / f"{name}.inv"
    text = inventory.data_file(contract=True)
    sphobjinv.writebytes(str(target), sphobjinv.compress(text))
    return target


def fetch(name: str, source: dict) -> Path:
    """Download the project's own inventory into ``NAME.inv``; return its path."""
    inventory = sphobjinv.Inventory(url=source["url"] + "objects.inv")
    target = INVENTORIES / f"{name}.inv"
    text = inventory.data_file(contract=True)
    sphobjinv.writebytes(str(target), sphobjinv.compress(text))
    return target


def main(argv: list[str] | None = None) -> None:
    """Build inventories from their tables, or refresh them all."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("refresh", help="download every published inventory")
    from_table = commands.add_parser("build", help="build inventories from tables")
    from_table.add_argument("names", nargs="*", help="default: the table-only ones")
    args = parser.parse_args(argv)

    sources = load_sources()
    if args.command == "refresh":
        for name, source in sources.items():
            if source.get("fetch"):
                print(f"{fetch(name, source).name}: from {source['url']}")
    names = getattr(args, "names", None) or [
        name for name, source in sources.items() if not source.get("fetch")
    ]
    for name in names:
        print(f"{build(name, sources[name]).name}: from {sources[name]['table']}")


if __name__ == "__main__":
    main()
