"""Each gallery page ends with the claims its run checked ("Checked by this build").

The examples check their claims with :func:`sitebuild.claims.check` in blocks
that sphinx-gallery hides. sphinx-gallery runs the examples in this process,
so the claims an example checked are in :mod:`sitebuild.claims` when it ends:
the ``reset_modules`` hook :func:`record_claims` keeps them beside the
example's other records (an example that does not run again keeps its list),
and the step :func:`add_claims_section` adds them to the page as its last
section when Sphinx reads it (and reads it again when they change). A hidden
block cannot show them itself: sphinx-gallery drops a last block that is all
hidden, output included, and shows an empty code box above any other.
"""

from __future__ import annotations

from pathlib import Path

from sitebuild.claims import HEADING, Checked, checked, clear
from sitebuild.example_mirror import app_work_dir, work_dir
from sitebuild.example_outputs import RECORDS

SUFFIX = ".claims.json"
# Where sphinx-gallery's page ends: the running time, then the downloads.
PAGE_END = "\n.. rst-class:: sphx-glr-timing"


def record_path(work: Path, example: str) -> Path:
    """Where the claims that ``example`` checked are kept."""
    return work / RECORDS / f"{example}{SUFFIX}"


def record_claims(gallery_conf, fname, when) -> None:
    """sphinx-gallery ``reset_modules`` hook: keep the claims an example checked."""
    if fname is None:
        return
    if when == "before":
        clear()
        return
    path = record_path(work_dir(gallery_conf), Path(fname).name)
    path.parent.mkdir(exist_ok=True)
    path.write_text(checked().to_json())


def claims_section(claims: Checked) -> str:
    """Return the reST of a page's last section: its claims and measured values."""
    body = "\n".join(f"   {line}" for line in claims._repr_html_().splitlines())
    return f"\n{HEADING}\n{'-' * len(HEADING)}\n\n.. raw:: html\n\n{body}\n\n"


def _example_record(app, docname: str) -> Path | None:
    gallery = app.config.sphinx_gallery_conf["gallery_dirs"]
    folder, _, name = docname.rpartition("/")
    if folder != gallery or not name.startswith("plot_"):
        return None
    return record_path(app_work_dir(app), f"{name}.py")


def add_claims_section(app, docname: str, source: list[str]) -> None:
    """Sphinx step: end an example's page with the claims its run checked."""
    path = _example_record(app, docname)
    if path is None or not path.is_file():
        return
    # A new record (the example ran again) makes Sphinx read the page again.
    app.env.note_dependency(str(path))
    claims = Checked.from_json(path.read_text())
    if not claims.claims:
        return
    text = source[0]
    at = text.find(PAGE_END)
    at = len(text) if at < 0 else at
    source[0] = text[:at] + claims_section(claims) + text[at:]
