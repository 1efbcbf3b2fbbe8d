"""The gallery's downloadable scripts, without the build's own checks.

An example checks its claims about this build's run (timings, accuracies) in
blocks between ``# sphinx_gallery_start_ignore`` and
``# sphinx_gallery_end_ignore``. sphinx-gallery leaves those blocks out of the
page and the notebook, but offers the script for download as it is. A reader's
run on other hardware must not stop on a check about this build: once the
gallery has been generated, :func:`finish_scripts` rewrites each downloadable
script (and the zips that hold it) without those blocks, and without
sphinx-gallery's configuration comments, as the notebook is.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from sphinx_gallery.py_source_parser import remove_config_comments, remove_ignore_blocks

from sitebuild.example_mirror import app_work_dir, gallery_dirs
from sitebuild.notebook_cells import rezip


def reader_script(source: str) -> str:
    """Return an example's source as a reader downloads it."""
    text = remove_config_comments(remove_ignore_blocks(source))
    # The removed blocks leave their blank lines behind: two at most, as PEP 8.
    return re.sub(r"\n{4,}", "\n\n\n", text).rstrip() + "\n"


def finish_gallery_scripts(gallery: Path, sources: Path) -> list[Path]:
    """Rewrite every script of a generated gallery, and its zipped copies.

    Returns the scripts that changed. sphinx-gallery copies each script from
    ``sources`` again on every build (its copy is how it tells whether the
    example changed); the rewritten script keeps the source's modification
    time, so that Sphinx does not take it for a new download every build.
    """
    changed = []
    finished = {}
    for source in sorted(sources.glob("plot_*.py")):
        script = gallery / source.name
        if not script.is_file():
            continue
        text = reader_script(source.read_text(encoding="utf-8"))
        finished[script.name] = text.encode()
        if script.read_text(encoding="utf-8") != text:
            script.write_text(text, encoding="utf-8")
            changed.append(script)
        modified = source.stat().st_mtime_ns
        os.utime(script, ns=(modified, modified))
    for archive in gallery.glob("*.zip"):
        rezip(archive, finished)
    return changed


def finish_scripts(app) -> None:
    """Sphinx step: the downloadable scripts without the build's checks."""
    for gallery in gallery_dirs(app):
        finish_gallery_scripts(Path(app.srcdir) / gallery, app_work_dir(app))
