"""Which examples run again: the imports they make, and what changed since.

The scratch builds of test_build.py check this through Sphinx; these check the
module on its own, on a made-up package, in milliseconds.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from sitebuild import stale_examples
from sitebuild.example_outputs import manifest_path
from sitebuild.stale_examples import (
    imported_modules,
    invalidate_stale_examples,
    remember_gallery_conf,
)

MODULES = {
    "__init__.py": "",
    "data.py": "import numpy\n",
    "model.py": "from .data import load\n",
    "plots.py": (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from pkg.model import Model\n"
        "def draw():\n"
        "    from pkg import colours\n"
    ),
    "colours.py": "",
    "sub/__init__.py": "from pkg.data import load\n",
    "sub/deep.py": "from ..colours import RED\n",
}


@pytest.fixture
def package(tmp_path: Path) -> Path:
    root = tmp_path / "pkg"
    for name, text in MODULES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def example(folder: Path, name: str, code: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(code)
    return path


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("import numpy\n", set()),
        ("from pkg.model import build\n", {"pkg", "pkg.model", "pkg.data"}),
        # Type-checking imports never run; imports inside functions do.
        ("from pkg.plots import draw\n", {"pkg", "pkg.plots", "pkg.colours"}),
        # A submodule imports its package's __init__ first, and relative imports.
        (
            "import pkg.sub.deep\n",
            {"pkg", "pkg.sub", "pkg.sub.deep", "pkg.data", "pkg.colours"},
        ),
    ],
)
def test_imported_modules_follow_what_runs(package, tmp_path, code, expected):
    script = example(tmp_path / "examples", "plot_x.py", code)
    assert imported_modules(script, package) == expected


def ran(mirror: Path, gallery: Path, *names: str) -> None:
    """Pretend sphinx-gallery ran ``names``: an md5 each, and their outputs."""
    for name in names:
        (gallery / f"{name}.md5").write_text("sum")
        manifest = manifest_path(mirror, name)
        manifest.parent.mkdir(parents=True, exist_ok=True)
        manifest.write_text(json.dumps([]))


def test_only_the_examples_importing_a_changed_module_run_again(package, tmp_path):
    mirror, gallery = tmp_path / "mirror", tmp_path / "gallery"
    gallery.mkdir()
    example(mirror, "plot_model.py", "from pkg.model import build\n")
    example(mirror, "plot_colours.py", "from pkg import colours\n")
    invalidate_stale_examples(mirror, gallery, package, key="k")
    ran(mirror, gallery, "plot_model.py", "plot_colours.py")
    assert invalidate_stale_examples(mirror, gallery, package, key="k") == []

    (package / "data.py").write_text("import numpy  # changed\n")
    assert invalidate_stale_examples(mirror, gallery, package, key="k") == [
        "plot_model.py"
    ]
    assert not (gallery / "plot_model.py.md5").exists()
    assert (gallery / "plot_colours.py.md5").exists()


def test_a_new_key_or_lost_outputs_run_an_example_again(package, tmp_path):
    mirror, gallery = tmp_path / "mirror", tmp_path / "gallery"
    gallery.mkdir()
    example(mirror, "plot_a.py", "import numpy\n")
    example(mirror, "plot_b.py", "import numpy\n")
    invalidate_stale_examples(mirror, gallery, package, key="k")
    ran(mirror, gallery, "plot_a.py", "plot_b.py")
    assert invalidate_stale_examples(mirror, gallery, package, key="other") == [
        "plot_a.py",
        "plot_b.py",
    ]
    ran(mirror, gallery, "plot_a.py", "plot_b.py")
    manifest_path(mirror, "plot_b.py").unlink()
    assert invalidate_stale_examples(mirror, gallery, package, key="other") == [
        "plot_b.py"
    ]


def test_the_configuration_digest_holds_no_absolute_path(tmp_path):
    """The same checkout in two folders keeps one cache key."""
    digests = []
    for checkout in ("one", "two"):
        docs = tmp_path / checkout / "docs"
        app = SimpleNamespace(srcdir=str(docs))
        config = SimpleNamespace(
            sphinx_gallery_conf={
                "pypandoc": {"extra_args": [f"--lua-filter={docs.parent}/filter.lua"]},
                "examples_dirs": "_build/gallery-work",
            }
        )
        remember_gallery_conf(app, config)
        digests.append(stale_examples._CONF_DIGESTS[id(app)])
    assert digests[0] == digests[1]
