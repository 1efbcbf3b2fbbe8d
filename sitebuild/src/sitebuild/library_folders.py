"""Library folders copied under the build folder, so that every build agrees.

sphinx-gallery and pydata-sphinx-theme add their own ``_static`` and template
folders to ``html_static_path`` and ``templates_path`` by absolute path, inside
the environment they are installed in. Sphinx hashes both settings into
``.buildinfo``, so a build from another environment (``nox -s serve``, the
build inside ``nox -s tests``) found the configuration changed and rewrote
every page. Copying those folders to one place under the build folder, and
naming them relative to the source folder, gives every environment the same
settings.
"""

from __future__ import annotations

import shutil
from pathlib import Path

FOLDER = "_build/library-folders"  # relative to the source folder
SETTINGS = ("html_static_path", "templates_path")


def stable_library_folders(app, config) -> None:
    """Sphinx step: point the two settings at copies inside the build folder.

    At config-inited, after the libraries have added their folders and before
    the HTML builder hashes the settings.
    """
    source = Path(app.srcdir).resolve()
    for setting in SETTINGS:
        stable = []
        for entry in getattr(config, setting):
            path = Path(app.confdir, entry).resolve()
            if path.is_relative_to(source):
                stable.append(entry)
                continue
            # .../site-packages/sphinx_gallery/_static -> sphinx_gallery-_static
            name = f"{path.parent.name}-{path.name}"
            shutil.rmtree(source / FOLDER / name, ignore_errors=True)
            shutil.copytree(path, source / FOLDER / name)
            stable.append(f"{FOLDER}/{name}")
        setattr(config, setting, stable)
