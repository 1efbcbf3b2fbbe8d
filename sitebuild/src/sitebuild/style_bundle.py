"""A page's style sheets as one file: one request before the first paint, not eleven.

Sphinx, the theme and each extension link their own style sheet from every
page: eleven files here, each a request the browser must finish before it
draws anything, over a phone's connection a round trip each. After the pages
are written, the style sheets a page links (in order, the same on every page
but for their relative path) are joined into one file,
``_static/styles/bundle-HASH.css``, and the page links that file instead.
Relative ``url(...)`` references are rewritten to point where they pointed
from the original file. Pages that link the same sheets share one bundle,
which the browser then keeps for the next page.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path

from sitebuild.page_rewrite import rewrite_pages

FOLDER = "_static/styles"
STYLESHEET = re.compile(
    r'[ \t]*<link (?=[^>]*rel="stylesheet")[^>]*href="(?P<href>[^"]+)"[^>]*/>\n?'
)
URL = re.compile(r"""url\((?P<quote>['"]?)(?P<path>[^'")]+)(?P=quote)\)""")
IMPORT = re.compile(r"@import\b")
# A sheet's pointer to its source map, which would not name the bundle's.
SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/")


def _local(href: str, page: Path, out: Path) -> Path | None:
    """The file of the site a stylesheet link names, or None for another host's."""
    if "://" in href or href.startswith("//"):
        return None
    file = (page.parent / href.split("?")[0]).resolve()
    return file if file.is_file() and file.is_relative_to(out.resolve()) else None


def rebased(css: str, source: Path, bundle_dir: Path) -> str:
    """``css`` with its relative ``url()`` paths made relative to ``bundle_dir``."""

    def rebase(match: re.Match) -> str:
        path = match["path"].strip()
        if path.startswith(("data:", "/", "#")) or "://" in path:
            return match[0]
        target = posixpath.normpath(posixpath.join(source.parent.as_posix(), path))
        relative = posixpath.relpath(target, bundle_dir.as_posix())
        return f'url("{relative}")'

    return URL.sub(rebase, css)


MARKER = re.compile(r"^/\* (?P<path>\S+\.css) \*/$", re.MULTILINE)
BUNDLE_NAME = re.compile(r"bundle-[0-9a-f]{16}\.css")


def _sources(links: list[re.Match], page: Path, out: Path) -> list[Path] | None:
    """The style sheets a page links, or that its bundle was made of.

    A page Sphinx did not write again links the bundle of an earlier build:
    its sheets are named in the bundle, which is made again from them, so that
    a changed sheet reaches every page.
    """
    found = [_local(link["href"], page, out) for link in links]
    files = [file for file in found if file is not None]
    if len(files) < len(found):
        return None
    if len(files) == 1 and BUNDLE_NAME.fullmatch(files[0].name):
        return [out / m["path"] for m in MARKER.finditer(files[0].read_text("utf-8"))]
    return files if len(files) > 1 else None


def bundle(page_html: str, page: Path, out: Path) -> str:
    """The page linking one bundle of its local style sheets, written if new."""
    head_end = page_html.find("</head>")
    head = page_html[:head_end]
    links = list(STYLESHEET.finditer(head))
    files = _sources(links, page, out)
    if not files or not all(file.is_file() for file in files):
        return page_html  # nothing to join, or a sheet this step cannot read
    parts = []
    bundle_dir = out / FOLDER
    for file in files:
        css = SOURCE_MAP.sub("", file.read_text(encoding="utf-8"))
        if IMPORT.search(css):
            return page_html  # an @import would have to come first in the bundle
        parts.append(f"/* {file.relative_to(out).as_posix()} */\n")
        parts.append(rebased(css, file.relative_to(out), bundle_dir.relative_to(out)))
        parts.append("\n")
    text = "".join(parts)
    name = f"bundle-{hashlib.sha256(text.encode()).hexdigest()[:16]}.css"
    target = bundle_dir / name
    if not target.is_file():
        target.write_text(text, encoding="utf-8")
    href = posixpath.relpath(
        f"{FOLDER}/{name}", page.parent.relative_to(out).as_posix()
    )
    first, last = links[0], links[-1]
    # What sits between the sheets (comments, whitespace) stays, after the bundle.
    kept = STYLESHEET.sub("", head[first.end() : last.start()])
    return (
        head[: first.start()]
        + f'<link rel="stylesheet" href="{href}" />\n'
        + kept
        + head[last.end() :]
        + page_html[head_end:]
    )


def _remove_unused_bundles(out: Path) -> None:
    """Delete the bundles no page links any more (earlier builds' ones)."""
    used = set()
    for page in out.rglob("*.html"):
        used |= set(BUNDLE_NAME.findall(page.read_text(encoding="utf-8")))
    for old in (out / FOLDER).glob("bundle-*.css"):
        if old.name not in used:
            old.unlink()


def bundle_every_page(app, exception) -> None:
    """build-finished: link every page's style sheets as one bundle."""
    rewrite_pages(app, exception, bundle)
    if exception is None and app.builder.format == "html":
        _remove_unused_bundles(Path(app.outdir))
