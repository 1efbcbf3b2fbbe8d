"""A page's video as a file beside it, with a poster, instead of inside its HTML.

Matplotlib shows an animation in a page as ``<video ...><source
src="data:video/mp4;base64,...">``: the whole video, a third heavier for its
base64, in the page's first bytes, fixed at the figure's pixel size, without
a name for screen readers, and with line breaks inside the URL that the Nu HTML
checker rejects. After the pages are written, each such video is

* written to ``_videos/`` as an ``.mp4`` file, with its first frame as a
  poster image in WebP (``ffmpeg``, which made the video, extracts it);
* shown by a ``<video>`` that names the file and the poster, plays by itself
  muted and in a loop (Chromium starts a video by itself only when muted),
  keeps its controls, takes its name from the section it is in, and scales
  with the column (``gallery.css``) from its ``width`` and ``height``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import posixpath
import re
import subprocess
from pathlib import Path

from sitebuild.page_rewrite import rewrite_pages

VIDEO = re.compile(
    r'<video (?P<attrs>[^>]*)>\s*<source type="video/mp4" src="data:video/mp4;base64,'
    r'(?P<data>[A-Za-z0-9+/=\s]+)">\s*(?P<fallback>[^<]*)</video>'
)
SIZE = re.compile(r'\b(width|height)="(\d+)"')
HEADING = re.compile(r"<h[1-6][^>]*>(?P<title>.*?)<a class=\"headerlink\"", re.DOTALL)
FOLDER = "_videos"


def ffmpeg() -> str:
    """The ffmpeg that made the videos: imageio-ffmpeg's, else the system's."""
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except ImportError:
        return os.environ.get("FFMPEG", "ffmpeg")


def write_poster(video: Path, poster: Path) -> None:
    """Write the video's first frame as a WebP image (a third of a PNG's weight)."""
    from PIL import Image

    frame = poster.with_suffix(".frame.png")
    subprocess.run(
        [
            ffmpeg(),
            "-y",
            "-loglevel",
            "error",
            "-i",
            str(video),
            "-frames:v",
            "1",
            str(frame),
        ],
        check=True,
        timeout=120,
    )
    with Image.open(frame) as image:
        image.convert("RGB").save(poster, "WEBP", quality=85, method=6)
    frame.unlink()


def section_title(page_html: str, position: int) -> str:
    """The text of the last heading before ``position``, for the video's name."""
    titles = [m["title"] for m in HEADING.finditer(page_html, 0, position)]
    title = re.sub(r"<[^>]+>", "", titles[-1]) if titles else "Animation"
    return html.unescape(title).strip()


def video_markup(
    src: str, poster: str, width: str, height: str, name: str, fallback: str
) -> str:
    """The ``<video>`` of a file beside the page."""
    return (
        f'<video class="page-video" src="{src}" poster="{poster}" width="{width}"'
        f' height="{height}" controls muted autoplay loop playsinline'
        f' aria-label="{html.escape(name)}">{fallback.strip()}</video>'
    )


def move_videos(page_html: str, page: Path, out: Path) -> str:
    """Every inline video of a page written to a file, and shown from there."""
    if "data:video/" not in page_html:
        return page_html

    def replace(match: re.Match) -> str:
        data = base64.b64decode("".join(match["data"].split()))
        name = hashlib.sha256(data).hexdigest()[:16]
        folder = out / FOLDER
        folder.mkdir(exist_ok=True)
        video, poster = folder / f"{name}.mp4", folder / f"{name}-poster.webp"
        if not video.is_file():
            video.write_bytes(data)
        if not poster.is_file():
            write_poster(video, poster)
        sizes = dict(SIZE.findall(match["attrs"]))
        to_root = posixpath.relpath(".", page.parent.relative_to(out).as_posix())
        return video_markup(
            f"{to_root}/{FOLDER}/{video.name}",
            f"{to_root}/{FOLDER}/{poster.name}",
            sizes.get("width", ""),
            sizes.get("height", ""),
            f"Video: {section_title(page_html, match.start())}",
            match["fallback"],
        )

    return VIDEO.sub(replace, page_html)


def move_every_video(app, exception) -> None:
    """build-finished: move the inline videos of every page to files."""
    rewrite_pages(app, exception, move_videos)
    if exception is None and app.builder.format == "html":
        _remove_unused_files(Path(app.outdir))


def _remove_unused_files(out: Path) -> None:
    """Delete the videos and posters no page names any more (earlier builds')."""
    folder = out / FOLDER
    if not folder.is_dir():
        return
    named = set()
    for page in out.rglob("*.html"):
        named |= set(
            re.findall(rf"{FOLDER}/([\w.-]+)", page.read_text(encoding="utf-8"))
        )
    for file in folder.iterdir():
        if file.name not in named:
            file.unlink()
