"""Give ``sphinx.ext.viewcode`` the package's source from its files, not an import.

viewcode finds a module's source by importing the module, at every build, even
when nothing changed; importing ``moons_tutorial.model`` imports Keras, seconds
each time. The files themselves say the same, read in milliseconds.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.pycode import ModuleAnalyzer



def module_file(modname: str, package_dir: Path) -> Path | None:
    """Return the file of a module of the package, or None for other modules."""
    package, _, rest = modname.partition(".")
    if package != package_dir.name:
        return None
    base = package_dir.joinpath(*rest.split(".")) if rest else package_dir
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def find_source(app, modname: str) -> tuple[str, dict] | None:
    """``viewcode-find-source`` handler: the module's code and where its names are."""
    # The package the gallery documents (conf.py's ``gallery_package``).
    path = module_file(modname, Path(app.srcdir, app.config.gallery_package).resolve())
    if path is None:
        return None  # viewcode's own lookup
    analyzer = ModuleAnalyzer.for_file(path, modname)
    return analyzer.code, analyzer.find_tags()
