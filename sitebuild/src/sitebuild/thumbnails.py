"""Gallery thumbnails filled with the figure, not with white margins.

sphinx-gallery shrinks an example's figure, whole, into its 400 x 280
thumbnail and pads the rest with white: a tall figure (two plots stacked)
becomes a thin strip in a white card. Once the gallery has written its
thumbnails, each is made again from the figure it shows (the example's
``sphinx_gallery_thumbnail_number``, first by default, at its sharpest
density): the figure's white margins trimmed, then scaled to fill the
thumbnail, cropped from the top (where a figure's title and first plot are).
"""

from __future__ import annotations

import re
from pathlib import Path

from sitebuild.png_palette import save_with_palette

THUMBNAIL_NUMBER = re.compile(
    r"^# sphinx_gallery_thumbnail_number = (\d+)", re.MULTILINE
)
# A pixel this far from white (0-255, any channel) is part of the figure.
INK = 12


def figure_of(example: Path, images: Path) -> Path | None:
    """The gallery's file of the figure the example's thumbnail shows."""
    match = THUMBNAIL_NUMBER.search(example.read_text())
    number = int(match[1]) if match else 1
    candidates = sorted(images.glob(f"sphx_glr_{example.stem}_{number:03d}*.png"))
    # The densest file: its name sorts last (_001.png, _001_1_50x, _001_2_00x).
    return candidates[-1] if candidates else None


def fill(figure: Path, thumbnail: Path) -> None:
    """Write ``thumbnail`` anew: ``figure`` without margins, filling its size."""
    from PIL import Image, ImageChops, ImageOps

    with Image.open(thumbnail) as old:
        size = old.size
    with Image.open(figure) as image:
        drawn = image.convert("RGB")
    white = Image.new("RGB", drawn.size, (255, 255, 255))
    ink = (
        ImageChops.difference(drawn, white)
        .convert("L")
        .point(lambda v: v > INK and 255)
    )
    box = ink.getbbox() or (0, 0, *drawn.size)
    filled = ImageOps.fit(
        drawn.crop(box), size, method=Image.Resampling.LANCZOS, centering=(0.5, 0.0)
    )
    save_with_palette(filled, thumbnail)


def fill_thumbnails(app) -> None:
    """builder-inited, after the gallery: remake each example's thumbnail."""
    conf = app.config.sphinx_gallery_conf
    sources = Path(app.srcdir, conf["examples_dirs"])
    gallery = Path(app.srcdir, conf["gallery_dirs"])
    for thumbnail in sorted(
        (gallery / "images" / "thumb").glob("sphx_glr_*_thumb.png")
    ):
        stem = thumbnail.name.removeprefix("sphx_glr_").removesuffix("_thumb.png")
        example = sources / f"{stem}.py"
        figure = figure_of(example, gallery / "images") if example.is_file() else None
        if figure is not None:
            fill(figure, thumbnail)
