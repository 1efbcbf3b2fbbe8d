"""Each figure of a page sized for the screen that shows it, in the final HTML.

sphinx-gallery writes a figure as ``<img src="a.png" srcset="a.png,
a_2_00x.png 2.00x">``: no size, so the page jumps as each figure arrives, and
density descriptors, by which a phone of 1.75 or 2 device pixels per CSS pixel
fetches the double-size file for a column narrower than the single one. Other
pages' figures (myst-nb's, the gallery's thumbnails) carry no size either, or
one of another ratio than their file's. After the pages are written, each
``<img>`` of ``_images/`` gets

* ``width`` and ``height``: the file's own ratio (the width a page set is kept),
  so that the browser reserves the figure's room before it arrives
  (``gallery.css`` lets the height follow the width);
* for the gallery's figures, ``srcset`` in width descriptors and ``sizes``: the
  column the figure shows in, so that the browser picks the smallest file that
  is sharp at that width on that screen;
* ``loading="lazy"`` for every figure but one that may be on the first
  screen (the page's first figure, with less than a screenful of text before
  it in the article), which may be the largest thing there and should not
  wait; ``decoding="async"``.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote, urljoin

from sitebuild.page_rewrite import rewrite_pages

IMG = re.compile(r"<img\b(?P<attrs>[^>]*?)\s*/?>")
ATTR = re.compile(r'(?P<name>[a-zA-Z-]+)\s*=\s*"(?P<value>[^"]*)"')

# How wide a figure shows: on a phone, the column (the screen less the page's
# 1rem margins); on a wider screen, its own width (the figures' 1x files, at
# most 520 CSS px, are narrower than the column there).
FIGURE_SIZES = "(max-width: 700px) calc(100vw - 2rem), {width}px"


def attributes(text: str) -> dict[str, str]:
    """An ``<img>``'s attributes (only the quoted ``name="value"`` form)."""
    return {m["name"].lower(): html.unescape(m["value"]) for m in ATTR.finditer(text)}


def markup(attrs: dict[str, str]) -> str:
    """An ``<img>`` tag with these attributes, in this order."""
    return (
        "<img " + " ".join(f'{k}="{html.escape(v)}"' for k, v in attrs.items()) + " />"
    )


def image_file(src: str, page: Path, out: Path) -> Path | None:
    """The file of the site that ``src``, on ``page``, names, if it is one of ``_images``."""
    if "://" in src or src.startswith("data:"):
        return None
    relative = page.relative_to(out).as_posix()
    path = Path(unquote(urljoin(f"/{relative}", src.split("?")[0])).lstrip("/"))
    file = out / path
    return file if file.is_file() and path.parts[0] == "_images" else None


def pixel_size(file: Path) -> tuple[int, int] | None:
    """The width and height of an image file, in pixels (None for SVG)."""
    if file.suffix.lower() == ".svg":
        return None
    from PIL import Image

    with Image.open(file) as image:
        return image.size


def width_descriptors(srcset: str, page: Path, out: Path) -> str | None:
    """A density ``srcset`` rewritten with each file's width, or None if it cannot be."""
    candidates = []
    for candidate in srcset.split(","):
        parts = candidate.split()
        if not parts:
            continue
        file = image_file(parts[0], page, out)
        size = pixel_size(file) if file else None
        if size is None:
            return None
        candidates.append(f"{parts[0]} {size[0]}w")
    return ", ".join(candidates)


def size_image(
    attrs: dict[str, str], page: Path, out: Path, first: bool
) -> dict[str, str]:
    """An ``<img>``'s attributes with its size, candidates and loading set."""
    file = image_file(attrs.get("src", ""), page, out)
    size = pixel_size(file) if file else None
    if size is None:
        return attrs
    file_width, file_height = size
    attrs = dict(attrs)
    gallery_figure = "sphx-glr-single-img" in attrs.get("class", "") or (
        "sphx-glr-multi-img" in attrs.get("class", "")
    )
    # A width the page gave (myst-nb's retina figures: half the file's) is
    # kept; the height follows the file's ratio.
    try:
        width = int(float(attrs["width"]))
    except (KeyError, ValueError):
        width = file_width
    attrs["width"] = str(width)
    attrs["height"] = str(round(width * file_height / file_width))
    if gallery_figure and "srcset" in attrs:
        described = width_descriptors(attrs["srcset"], page, out)
        if described:
            attrs["srcset"] = described
            attrs["sizes"] = FIGURE_SIZES.format(width=width)
    if not first:
        attrs.setdefault("loading", "lazy")
    attrs.setdefault("decoding", "async")
    return attrs


# About as much text as a phone's first screen shows, in characters.
FIRST_SCREEN_CHARS = 1200


def text_before(page_html: str, start: int, end: int) -> int:
    """How many characters of text the HTML between two positions shows."""
    text = re.sub(r"<[^>]+>", "", page_html[start:end])
    return len(" ".join(html.unescape(text).split()))


def size_figures(page_html: str, page: Path, out: Path) -> str:
    """Every ``_images`` figure of a page with its size, candidates and loading."""
    body = page_html.find("<body")
    article = max(page_html.find("<article"), body)
    seen = 0

    def replace(match: re.Match) -> str:
        nonlocal seen
        if match.start() < body:
            return match[0]
        attrs = attributes(match["attrs"])
        first = seen == 0 and (
            text_before(page_html, article, match.start()) < FIRST_SCREEN_CHARS
        )
        sized = size_image(attrs, page, out, first=first)
        if sized is attrs:
            return match[0]
        seen += 1
        return markup(sized)

    return IMG.sub(replace, page_html)


def size_every_figure(app, exception) -> None:
    """build-finished: size the figures of every page the build wrote."""
    rewrite_pages(app, exception, size_figures)
