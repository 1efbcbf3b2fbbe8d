"""The gallery's figures: legible on a phone, and described in words.

How the phone test knows the size of a figure's text: the build's image scraper
(``sitebuild.figure_text``) finds the smallest font among the texts of each
figure and writes its size, in pixels of the PNG file, into the file itself (a
text chunk). A page that shows a file ``W`` pixels wide at ``w`` CSS pixels
shows that text at ``size * w / W`` CSS pixels. The browser gives ``w`` and the
file it chose (1x or 2x); the file gives ``size`` and ``W``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from sitebuild.browser import local_file
from sitebuild.figure_text import TEXT_SIZE_KEY

# Below about 9 CSS pixels, figure text is hard to read on a phone.
MIN_TEXT_CSS_PX = 9.0
PHONE = {"width": 390, "height": 844}
FIGURES = "img.sphx-glr-single-img, img.sphx-glr-multi-img"

FIGURES_JS = f"""
async () => {{
  const images = Array.from(document.querySelectorAll("{FIGURES}"));
  await Promise.all(images.map((img) => {{
    img.loading = "eager";
    return img.decode().catch(() => null);
  }}));
  return images.map((img) => ({{
    src: img.currentSrc || img.src,
    alt: img.getAttribute("alt"),
    width: img.getBoundingClientRect().width,
  }}));
}}
"""


def gallery_pages(site: Path) -> list[str]:
    return sorted(
        page.relative_to(site).as_posix()
        for page in site.glob("auto_examples/plot_*.html")
    )


@pytest.fixture(scope="module")
def phone_figures(html, browser, origin):
    """Every gallery figure as a 390 px phone shows it, page by page."""
    pages = gallery_pages(html)
    assert pages, f"no gallery page in {html}"
    shown = {}
    page = browser.new_page(viewport=PHONE)
    try:
        for path in pages:
            page.goto(origin + path)
            shown[path] = page.evaluate(FIGURES_JS)
    finally:
        page.close()
    return shown


def text_css_px(figure: dict, site: Path) -> float | str:
    """How tall the figure's smallest text shows, or why that is unknown."""
    file = local_file(figure["src"], site)
    if file is None:
        return f"image file not found: {figure['src']}"
    with Image.open(file) as image:
        size = getattr(image, "text", {}).get(TEXT_SIZE_KEY)
        file_width = image.width
    if size is None:
        return f"{file.name} records no text size (not saved by the gallery scraper)"
    return float(size) * figure["width"] / file_width


def test_text_size_follows_the_shown_width(html):
    """The measure itself: a figure shown at half its file's width halves its text."""
    stamped = []
    for file in sorted(html.glob("_images/sphx_glr_*.png")):
        with Image.open(file) as image:
            if TEXT_SIZE_KEY in getattr(image, "text", {}):
                stamped.append((file, float(image.text[TEXT_SIZE_KEY]), image.width))
    assert stamped, "no figure records its smallest text size"
    file, size, width = stamped[0]
    src = f"http://localhost/_images/{file.name}"
    assert text_css_px({"src": src, "width": width}, html) == pytest.approx(size)
    half = text_css_px({"src": src, "width": width / 2}, html)
    assert half == pytest.approx(size / 2)


@pytest.mark.browser
def test_figure_text_is_legible_on_a_phone(phone_figures, html):
    problems = []
    for path, figures in phone_figures.items():
        for figure in figures:
            size = text_css_px(figure, html)
            name = Path(figure["src"]).name
            if isinstance(size, str):
                problems.append(f"{path}: {size}")
            elif size < MIN_TEXT_CSS_PX:
                problems.append(
                    f"{path}: {name} shown {figure['width']:.0f} px wide: its"
                    f" smallest text is {size:.1f} CSS px (want {MIN_TEXT_CSS_PX})"
                )
    assert sum(map(len, phone_figures.values())), "no gallery figure found"
    assert not problems, "\n".join(problems)


# --- Alt text -------------------------------------------------------------------------


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def alt_problem(image: dict[str, str | None]) -> str | None:
    """Why an image's alt text does not describe it, or None if it does."""
    alt = (image.get("alt") or "").strip()
    src = image.get("src") or ""
    if "sphx-glr-thumbcontainer" in (image.get("class") or "") or not alt:
        # Decorative images say so with alt="" (the gallery's thumbnails, whose
        # title is the link right below them); a missing alt is another test's.
        return None
    stem = Path(src).stem
    # sphinx-gallery's fallback when a figure has no title: the file's name,
    # "sphx_glr_plot_intro_001.png" -> "plot intro".
    fallback = re.sub(r"[-_]", " ", stem.removeprefix("sphx_glr_")[:-4]).strip()
    if re.search(r"\.(png|jpe?g|gif|svg|webp)$", alt, re.IGNORECASE):
        return f"alt text is a file name: {alt!r}"
    if alt in {stem, Path(src).name, fallback} or alt.replace(" ", "_") in stem:
        return f"alt text is made from the file name: {alt!r}"
    # Two words at least: "Launch binder", "Open in Colab", a figure's title.
    if len(alt.split()) < 2:
        return f"alt text too short to describe the image: {alt!r}"
    return None


def test_alt_problem_finds_file_names():
    assert alt_problem({"src": "a/sphx_glr_plot_intro_001.png", "alt": "plot intro"})
    assert alt_problem({"src": "_images/tensorboard.png", "alt": "tensorboard.png"})
    assert alt_problem({"src": "x.png", "alt": "figure"})
    assert not alt_problem(
        {"src": "sphx_glr_plot_intro_003.png", "alt": "Decision boundary: 96% right"}
    )


def test_every_image_alt_text_describes_it(html):
    problems = []
    for page in sorted(html.rglob("*.html")):
        parser = _Images()
        parser.feed(page.read_text(encoding="utf-8"))
        for image in parser.images:
            if problem := alt_problem(image):
                where = page.relative_to(html).as_posix()
                problems.append(f"{where}: {image.get('src')}: {problem}")
    assert not problems, "\n".join(problems)
