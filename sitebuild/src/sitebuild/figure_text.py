"""Write into each gallery figure how large its smallest text is, in pixels.

An image file says how many pixels it has, not how large its letters are, so a
browser alone cannot tell whether a figure shrunk to a phone's width is still
legible. This sphinx-gallery image scraper wraps the Matplotlib one: it finds
the smallest font size among the texts each figure shows, lets the Matplotlib
scraper save the figure (at 1x and at every ``image_srcset`` density), then
writes that size, in pixels of the file, into each PNG file as a text chunk
(storing it with a palette: :mod:`sitebuild.png_palette`).
A page showing a file of width ``W`` pixels at ``w`` CSS pixels then shows
that text ``size * w / W`` CSS pixels tall.
"""

from __future__ import annotations

from pathlib import Path

from sitebuild.png_palette import save_with_palette

# The PNG text chunk's keyword.
TEXT_SIZE_KEY = "smallest-text-px"


def smallest_text_points(figure) -> float | None:
    """Return the font size, in points, of the smallest non-empty visible text."""
    from matplotlib.text import Text

    sizes = [
        text.get_fontsize()
        for text in figure.findobj(Text)
        if text.get_visible() and text.get_text().strip()
    ]
    return min(sizes, default=None)


def _stamp(path: Path, size_px: float) -> None:
    """Write the text size into the file, and store it with a palette."""
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    with Image.open(path) as image:
        image.load()
        info = PngInfo()
        for key, value in getattr(image, "text", {}).items():
            info.add_text(key, value)
        info.add_text(TEXT_SIZE_KEY, f"{size_px:.2f}")
        save_with_palette(image, path, info)


def scraper(block, block_vars, gallery_conf, **kwargs):
    """sphinx-gallery scraper: Matplotlib's, plus the smallest text size."""
    import matplotlib
    import matplotlib.pyplot as plt
    from PIL import Image
    from sphinx_gallery.scrapers import matplotlib_scraper

    figures = [plt.figure(number) for number in plt.get_fignums()]
    points = [smallest_text_points(figure) for figure in figures]
    dpis = [
        figure.dpi
        if matplotlib.rcParams["savefig.dpi"] == "figure"
        else matplotlib.rcParams["savefig.dpi"]
        for figure in figures
    ]
    paths = block_vars["image_path_iterator"]
    first_new = len(paths)
    rst = matplotlib_scraper(block, block_vars, gallery_conf, **kwargs)
    for path, size_pt, dpi in zip(paths.paths[first_new:], points, dpis, strict=False):
        path = Path(path)
        if size_pt is None or path.suffix != ".png" or not path.is_file():
            continue
        with Image.open(path) as image:
            base_width = image.width
        # The 1x file, and its hi-dpi siblings (name_2x.png, ...).
        for file in [path, *path.parent.glob(f"{path.stem}_*x.png")]:
            with Image.open(file) as image:
                scale = image.width / base_width
            _stamp(file, size_pt / 72 * dpi * scale)
    return rst
