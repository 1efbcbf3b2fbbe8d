"""The TensorBoard logs the examples wrote, zipped for the pages to link.

Once the examples have run, every event file under the work folder's ``Graph``
is packed into one archive, and pages link it as ``|tensorboard_logs|``.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from sphinx.errors import ExtensionError

from sitebuild.example_mirror import app_work_dir

LOGS_ARCHIVE = "moons-tutorial-tensorboard-logs.zip"
# Where the zip is made, from the source folder.
LOGS_SOURCE = f"_build/downloads/{LOGS_ARCHIVE}"


def published_logs_path() -> str:
    """Where the built site serves the zip, from its root.

    Sphinx publishes a download in ``_downloads/<md5 of its source path>/``;
    a notebook, which cannot use the page's link, links that address.
    """
    digest = hashlib.md5(LOGS_SOURCE.encode(), usedforsecurity=False).hexdigest()
    return f"_downloads/{digest}/{LOGS_ARCHIVE}"


def zip_logs(log_root: Path, archive: Path) -> int:
    """Pack every event file under ``log_root`` into ``archive``; return the count.

    Paths inside the archive start with the log root's own name (``Graph/...``),
    so that unzipping gives one folder to hand to ``tensorboard --logdir``.
    An archive that would come out the same is left untouched: every page that
    links it depends on it, and a newer file would make Sphinx rewrite them all.
    """
    # Here, not at the top: conf.py imports this module, and the notebooks
    # session runs conf.py without the package's dependencies (NumPy, ...).
    from moons_tutorial.logs import event_files

    events = event_files(log_root)
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in events:
            arcname = Path(log_root.name) / path.relative_to(log_root)
            # A fixed timestamp keeps the archive identical across rebuilds.
            info = zipfile.ZipInfo(arcname.as_posix(), date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, path.read_bytes())
    if not archive.is_file() or archive.read_bytes() != packed.getvalue():
        archive.parent.mkdir(parents=True, exist_ok=True)
        archive.write_bytes(packed.getvalue())
    return len(events)


def publish_logs(app) -> None:
    """Zip the gallery's TensorBoard logs once the examples have run."""
    log_root = app_work_dir(app) / "Graph"
    archive = Path(app.srcdir) / LOGS_SOURCE
    if not zip_logs(log_root, archive):
        raise ExtensionError(f"no TensorBoard event files under {log_root}")


def define_logs_link(app, config) -> None:
    """Let pages link the logs zip as ``|tensorboard_logs|``."""
    config.rst_epilog = (config.rst_epilog or "") + (
        "\n.. |tensorboard_logs| replace:: :download:`the TensorBoard logs of this"
        f" build </{LOGS_SOURCE}>`\n"
    )
