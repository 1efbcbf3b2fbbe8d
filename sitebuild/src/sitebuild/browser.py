"""Helpers for the browser tests: serve the built site, watch a page, check links.

The site is served from this machine and must need nothing else: a page that
asks another host for anything (a font, a script, a tracker) fails the suite,
since readers may be offline and the site promises not to call out.
"""

from __future__ import annotations

import gzip
import os
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache, partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# Headless, and without the background services that would call Google hosts.
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # A page's video may start playing without a click, as in a reader's
    # browser after they pressed play.
    "--autoplay-policy=no-user-gesture-required",
]


def chromium_executable() -> Path:
    """Return the system Chromium: ``$CHROMIUM``, else the Debian package's path."""
    return Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))


# --- Serving the site ---------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass  # one line per request would bury pytest's output


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # The browser drops connections it no longer needs (a closed page, a
        # finished download); that is no fault of the site.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


# What a static host (GitHub Pages, Read the Docs) sends gzipped; images and
# video are compressed already.
COMPRESSED_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
)


@lru_cache(maxsize=512)
def _gzipped(path: str, modified_ns: int) -> bytes:
    """A file's bytes gzipped, once per version of the file (a host keeps them)."""
    return gzip.compress(Path(path).read_bytes(), compresslevel=6)


class _GzipHandler(_QuietHandler):
    """Answers as a static host does: text files gzipped when the browser asks."""

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().do_GET()  # the redirect to "folder/"
            path = path / "index.html"
        kind = self.guess_type(str(path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and kind.startswith(COMPRESSED_TYPES)):
            return super().do_GET()
        body = _gzipped(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve(folder: Path, compressed: bool = False) -> Iterator[str]:
    """Serve ``folder`` on a free local port; yield its root URL.

    With ``compressed``, text files go out gzipped, as a static host sends them.
    """
    handler = partial(
        _GzipHandler if compressed else _QuietHandler, directory=str(folder)
    )
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# --- Watching a page ----------------------------------------------------------------


@dataclass
class Problems:
    """What went wrong while a page loaded, one readable line each."""

    page: str
    lines: list[str] = field(default_factory=list)

    def add(self, detail: str) -> None:
        """Record one problem found on the page."""
        self.lines.append(f"{self.page}: {detail}")


def is_local(url: str, origin: str) -> bool:
    """Whether ``url`` is served by the site's own server (or is inline data)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return f"{parts.scheme}://{parts.netloc}/" == origin


def shown(url: str, origin: str) -> str:
    """Return a URL as a failure names it: the site's own by path, no port."""
    return "/" + url.removeprefix(origin) if url.startswith(origin) else url


def watch(page, origin: str, problems: Problems) -> None:
    """Record console errors, uncaught exceptions and failed or outside requests.

    Requests to other hosts are aborted, so that a test never waits on a network
    this machine does not have, and each is reported with its host.
    """

    def refuse(route):
        url = route.request.url
        problems.add(f"request to another host {urlsplit(url).netloc} ({url})")
        route.abort()

    def console(message):
        if message.type == "error":
            where = shown(message.location.get("url", ""), origin)
            problems.add(f"console error: {message.text} [{where}]")

    def request_failed(request):
        # Requests to other hosts were aborted above and are reported there.
        # The browser asks for the page's icon after the page has loaded; going
        # on to the next page cancels that request, which is no fault of the
        # site (the pages' tests check that the icon exists).
        cancelled_icon = request.failure == "net::ERR_ABORTED" and urlsplit(
            request.url
        ).path.endswith("/favicon.svg")
        if is_local(request.url, origin) and not cancelled_icon:
            url = shown(request.url, origin)
            problems.add(f"request failed: {url} ({request.failure})")

    def response(response):
        if response.status >= 400:
            problems.add(f"HTTP {response.status} for {shown(response.url, origin)}")

    # Only what is not the site's is routed: the browser matches the pattern
    # itself, so the site's own files never wait on a round trip to Python.
    # (data: and blob: URLs are never routed.)
    page.route(re.compile(rf"^(?!{re.escape(origin)})"), refuse)
    page.on("console", console)
    page.on("pageerror", lambda error: problems.add(f"uncaught exception: {error}"))
    page.on("requestfailed", request_failed)
    page.on("response", response)


# What the browser knows once the page has loaded: every image, after waiting for
# each to load or fail (lazy ones are asked to load now), and every link's URL.
IMAGES_JS = """
async () => {
  const images = Array.from(document.images);
  const markup = images.map((img) => img.outerHTML.slice(0, 200));
  await Promise.all(images.map((img) => {
    img.loading = "eager";
    return img.decode().catch(() => null);
  }));
  return images.map((img, i) => ({
    src: img.currentSrc || img.src,
    srcset: img.getAttribute("srcset") || "",
    alt: img.getAttribute("alt"),
    naturalWidth: img.naturalWidth,
    thumbnail: img.closest(".sphx-glr-thumbcontainer") !== null,
    html: markup[i],
  }));
}
"""
LINKS_JS = "() => Array.from(document.querySelectorAll('a[href]'), (a) => a.href)"


def image_problems(image: dict, page_url: str, origin: str, root: Path) -> list[str]:
    """Why an image (as ``IMAGES_JS`` reports it) fails the site, if it does."""
    found = []
    if image["naturalWidth"] == 0:
        found.append(f"image not loaded: {shown(image['src'], origin)}")
    # sphinx-gallery marks its thumbnails decorative (alt=""), on purpose: the
    # example's title is the link right below, and would otherwise be read twice.
    if image["alt"] is None or (not image["alt"].strip() and not image["thumbnail"]):
        found.append(f"image without alt text: {image['html']}")
    # The browser fetches one candidate of a srcset (checked above); the others,
    # for screens of other densities, must exist too.
    for candidate in image["srcset"].split(","):
        if not candidate.strip():
            continue
        url = urljoin(page_url, candidate.split()[0])
        if url == image["src"] or not is_local(url, origin):
            continue
        if local_file(url, root) is None:
            found.append(f"srcset image missing: {shown(url, origin)}")
    return found


# --- Links --------------------------------------------------------------------------


class _Ids(HTMLParser):
    """The fragment targets of a page: every id, and the names of <a> anchors."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])


class Anchors:
    """The ids of the site's pages, each page parsed once and only if linked."""

    def __init__(self):
        self._ids: dict[Path, set[str]] = {}

    def __call__(self, page: Path) -> set[str]:
        """Return the ids that ``page`` defines, parsing it once."""
        if page not in self._ids:
            parser = _Ids()
            parser.feed(page.read_text(encoding="utf-8"))
            self._ids[page] = parser.ids
        return self._ids[page]


def local_file(url: str, root: Path) -> Path | None:
    """Return the file of ``root`` that the server answers ``url`` with, if any."""
    path = root / unquote(urlsplit(url).path).lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def link_problem(url: str, root: Path, anchors: Anchors) -> str | None:
    """Why a same-origin link does not resolve, or None if it does."""
    target = local_file(url, root)
    if target is None:
        return "no such file"
    fragment = unquote(urlsplit(url).fragment)
    if fragment and target.suffix == ".html" and fragment not in anchors(target):
        return f"no id {fragment!r} in {target.relative_to(root).as_posix()}"
    return None
