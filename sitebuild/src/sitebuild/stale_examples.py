"""Re-run an example when anything that shapes its page has changed.

sphinx-gallery re-runs an example only when the example file itself changes
(it keeps an ``.md5`` of it). A page also depends on

* the modules of the package that the example imports, transitively (found by
  reading the imports with :mod:`ast`, skipping ``if TYPE_CHECKING:`` blocks);
* the run key (:func:`sitebuild.environment.run_key`: the Keras backend, the
  Python version, the lock file);
* the gallery's configuration as ``conf.py`` sets it, this package's files
  that shape every page (the figure scraper, the notebooks' Markdown filter,
  the claims' checks),
  and any files ``conf.py`` names in ``gallery_inputs``.

Before sphinx-gallery runs the examples, this deletes the ``.md5`` of every
example whose digest of those changed, or whose outputs are gone, so that
sphinx-gallery runs it again. Nothing here knows about Keras: any package and
any examples folder will do.
"""

from __future__ import annotations

import ast
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from sphinx.util import logging

from sitebuild.environment import run_key
from sitebuild.example_mirror import app_work_dir
from sitebuild.example_outputs import manifest_path

DEPENDENCIES_FILE = ".dependencies.json"
# This package's files that shape every page: the figure scraper, the
# notebooks' Markdown filter and the claims' checks. A change to one runs every
# example again.
PAGE_SHAPERS = [
    "figure_text.py",
    "png_palette.py",
    "notebook_markdown.lua",
    "claims.py",
]

logger = logging.getLogger(__name__)


def _run_time_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Walk a parsed file, leaving out ``if TYPE_CHECKING:`` blocks.

    What only type checkers read is never imported when the example runs.
    """
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                todo += child.orelse
            else:
                todo.append(child)


def _module_imports(tree: ast.AST, package: str, current: str = "") -> set[str]:
    """Return the names of ``package`` that a parsed file imports when it runs.

    ``current`` is the package the file belongs to, for relative imports.
    Imports inside functions count: they run when the function is called.
    """
    found = set()
    for node in _run_time_nodes(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == package}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative to ``current``, the importing package
                base = current.rsplit(".", node.level - 1)[0]
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            if module.split(".")[0] == package:
                found.add(module)
                found |= {f"{module}.{a.name}" for a in node.names}
    return found


def package_modules(package_dir: Path) -> dict[str, Path]:
    """Map each module name of the package to its file."""
    modules = {}
    for path in package_dir.rglob("*.py"):
        parts = path.relative_to(package_dir.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def imported_modules(example: Path, package_dir: Path) -> set[str]:
    """Return the package's modules that running ``example`` imports, transitively.

    Importing a submodule runs its parent packages' ``__init__`` first, so
    those count too.
    """
    modules = package_modules(package_dir)
    package = package_dir.name
    todo = list(_module_imports(ast.parse(example.read_text()), package))
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        # "pkg.mod.func" names a module's attribute: walk up to the module.
        while name and name not in modules:
            name = name.rpartition(".")[0]
        if not name or name in seen:
            continue
        seen.add(name)
        parts = name.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]
        is_package = modules[name].name == "__init__.py"
        todo += _module_imports(
            ast.parse(modules[name].read_text()),
            package,
            current=name if is_package else name.rpartition(".")[0],
        )
    return seen


def dependency_digest(example: Path, package_dir: Path, key: str) -> str:
    """Hash the package modules an example imports, and the run ``key``."""
    modules = package_modules(package_dir)
    digest = hashlib.sha256(key.encode())
    for name in sorted(imported_modules(example, package_dir)):
        digest.update(name.encode() + b"\0" + modules[name].read_bytes())
    return digest.hexdigest()


def invalidate_stale_examples(
    mirror: Path, gallery: Path, package_dir: Path, key: str
) -> list[str]:
    """Force a re-run of examples whose dependencies changed or outputs are gone.

    sphinx-gallery skips an example whose ``.md5`` file matches its source; we
    delete that file when the digest of what the example depends on has
    changed. Returns the names of the examples invalidated.
    """
    record_path = gallery / DEPENDENCIES_FILE
    record = json.loads(record_path.read_text()) if record_path.is_file() else {}
    invalidated = []
    for example in sorted(mirror.glob("*.py")):
        digest = dependency_digest(example, package_dir, key)
        # Its outputs gone (the build folder was removed, the gallery kept), an
        # example must run again to make its logs.
        ran_here = manifest_path(mirror, example.name).is_file()
        if record.get(example.name) != digest or not ran_here:
            md5 = gallery / f"{example.name}.md5"
            if md5.is_file():
                md5.unlink()
                invalidated.append(example.name)
            record[example.name] = digest
    gallery.mkdir(parents=True, exist_ok=True)
    record_path.write_text(json.dumps(record, indent=1, sort_keys=True))
    return invalidated


_CONF_DIGESTS: dict[int, str] = {}  # per Sphinx application


def remember_gallery_conf(app, config) -> None:
    """Hash sphinx_gallery_conf as conf.py set it, before defaults fill it in.

    A page is generated from its example and this configuration (launch
    badges, scrapers, the notebook's first cell): a change to it must re-run
    every example, as sphinx-gallery would not. Absolute paths are made
    relative to the source folder, so that the same checkout in another folder
    keeps its cache.
    """
    # Which examples run (``-D sphinx_gallery_conf.filename_pattern=...`` picks
    # a few while editing) does not change how a page is made.
    conf = {
        k: v for k, v in config.sphinx_gallery_conf.items() if k != "filename_pattern"
    }
    text = json.dumps(conf, sort_keys=True, default=repr)
    text = text.replace(str(Path(app.srcdir).resolve().parent), "<root>")
    _CONF_DIGESTS[id(app)] = hashlib.sha256(text.encode()).hexdigest()


def gallery_key(app) -> str:
    """Hash the run key, the gallery's configuration and the files shaping its pages."""
    digest = hashlib.sha256(
        run_key(Path(app.srcdir, app.config.run_key_lock_file)).encode()
    )
    digest.update(_CONF_DIGESTS[id(app)].encode())
    here = Path(__file__).parent
    for path in [*(here / name for name in PAGE_SHAPERS), *app.config.gallery_inputs]:
        digest.update(Path(app.srcdir, path).read_bytes())
    return digest.hexdigest()


def mark_stale_examples(app) -> None:
    """Sphinx step: make sphinx-gallery run again the examples whose inputs changed."""
    invalidated = invalidate_stale_examples(
        app_work_dir(app),
        Path(app.srcdir, app.config.sphinx_gallery_conf["gallery_dirs"]),
        package_dir=Path(app.srcdir, app.config.gallery_package),
        key=gallery_key(app),
    )
    if invalidated:
        logger.info("examples to run again: %s", ", ".join(invalidated))
