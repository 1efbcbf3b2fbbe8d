"""Run the examples outside the source tree: mirror them into the build folder.

sphinx-gallery runs each example with the example's own folder as working
directory, so what an example writes (TensorBoard logs, figures) would land
beside it in ``examples/``. The build copies the examples into the gallery's
``examples_dirs`` under the build folder and runs them there.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

SOURCES_RECORD = ".sources.json"


def mirror_examples(source: Path, mirror: Path) -> None:
    """Make ``mirror`` hold exactly the files of ``source``, copying only changes.

    Whatever examples wrote into the mirror (their outputs) is left alone.
    """
    mirror.mkdir(parents=True, exist_ok=True)
    sources = {p.relative_to(source) for p in source.rglob("*") if p.is_file()}
    for relative in sources:
        target = mirror / relative
        if (
            not target.is_file()
            or target.read_bytes() != (source / relative).read_bytes()
        ):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / relative, target)
    recorded = mirror / SOURCES_RECORD
    previous = set(json.loads(recorded.read_text())) if recorded.is_file() else set()
    for gone in previous - {str(p) for p in sources}:
        (mirror / gone).unlink(missing_ok=True)
    recorded.write_text(json.dumps(sorted(str(p) for p in sources)))


def work_dir(gallery_conf: dict) -> Path:
    """Return the folder the examples run in: the gallery's one ``examples_dirs``."""
    (examples_dir,) = (
        [gallery_conf["examples_dirs"]]
        if isinstance(gallery_conf["examples_dirs"], str)
        else gallery_conf["examples_dirs"]
    )
    return Path(gallery_conf["src_dir"], examples_dir)


def gallery_dirs(app) -> list[str]:
    """The gallery's output folders (``gallery_dirs``, a name or a list)."""
    dirs = app.config.sphinx_gallery_conf["gallery_dirs"]
    return [dirs] if isinstance(dirs, str) else list(dirs)


def app_work_dir(app) -> Path:
    """Return the folder the examples of this Sphinx application run in."""
    return work_dir({**app.config.sphinx_gallery_conf, "src_dir": app.srcdir})


def mirror_gallery(app) -> None:
    """Sphinx step: mirror ``gallery_sources`` into the gallery's work folder."""
    mirror_examples(Path(app.srcdir, app.config.gallery_sources), app_work_dir(app))
