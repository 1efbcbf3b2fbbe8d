"""Files the build leaves in the published folder that are not part of the site.

Sphinx keeps the previous build's ``.buildinfo`` as ``.buildinfo.bak`` when the
configuration changed: a build's own bookkeeping, which a static host would
publish with the pages.
"""

from __future__ import annotations

from pathlib import Path

STRAY = [".buildinfo.bak"]


def remove_stray_files(app, exception) -> None:
    """build-finished: delete the build's leftovers from the published folder."""
    if exception is not None:
        return
    for name in STRAY:
        Path(app.outdir, name).unlink(missing_ok=True)
