"""Gallery figures stored with a 256-colour palette, a third of the weight.

The figures are flat colours, lines and text: a palette loses nothing one can
see and makes the files about a third as heavy (the intro's 2x figure of six
boundaries: 435 KB as RGBA, 132 KB as a palette).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image
    from PIL.PngImagePlugin import PngInfo


def save_with_palette(image: Image, path: Path, info: PngInfo | None = None) -> None:
    """Save ``image`` to ``path`` as a 256-colour palette PNG, with ``info``'s text."""
    from PIL import Image as PILImage

    compact = image.convert("RGB").quantize(
        colors=256, method=PILImage.Quantize.MEDIANCUT, dither=PILImage.Dither.NONE
    )
    compact.save(path, pnginfo=info, optimize=True)


def compact_site_images(app, exception) -> None:
    """build-finished: store the site's other PNG figures with a palette too.

    The gallery's figures are stored so as they are made (``figure_text``);
    the others (myst-nb's, the pages' own images) arrive in ``_images`` as
    Matplotlib or a screenshot saved them. Each is kept as it is unless the
    palette version is smaller.
    """
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    if exception is not None or app.builder.format != "html":
        return
    for path in Path(app.outdir, "_images").glob("*.png"):
        with Image.open(path) as image:
            if image.mode == "P":
                continue  # stored with a palette already
            image.load()
            info = PngInfo()
            for key, value in getattr(image, "text", {}).items():
                info.add_text(key, value)
            compact = path.with_suffix(".palette.png")
            save_with_palette(image, compact, info)
        if compact.stat().st_size < path.stat().st_size:
            compact.replace(path)
        else:
            compact.unlink()
