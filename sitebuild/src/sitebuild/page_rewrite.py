"""Rewrite the HTML pages a build wrote, after Sphinx has written them.

The steps that change the final HTML (figures' sizes, videos, icons, the head,
printed results) share this loop: every page of the output folder but the
theme's templates that Sphinx copies into ``_static``. Each rewrite leaves a
page it already changed as it is, so rewriting after a build that wrote only
some pages is safe.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

# A page's HTML, the page's file and the output folder -> the new HTML.
Rewrite = Callable[[str, Path, Path], str]


def rewrite_pages(app, exception, rewrite: Rewrite) -> None:
    """Apply ``rewrite`` to every page of an HTML build that succeeded."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    for page in out.rglob("*.html"):
        if page.is_relative_to(out / "_static"):
            continue  # the theme's templates, copied along; not pages
        text = page.read_text(encoding="utf-8")
        new = rewrite(text, page, out)
        if new != text:
            page.write_text(new, encoding="utf-8")
