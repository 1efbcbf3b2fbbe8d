"""Every page on a phone: light to load, no web fonts, nothing distorted or cut off.

The deterministic part of the speed goal (issue "Fast on a phone"): what each
page transfers, compressed as a static host sends it, with everything it loads
once read to the end; that no page fetches a font file; that every image is
drawn at its file's ratio. And what a reader of a 390 px phone sees: nothing
scrolls sideways but code, no heading runs out of the column. Lighthouse's
scores, which vary from run to run, are measured by ``nox -s lighthouse``.
"""

from __future__ import annotations

import pytest

from sitebuild.browser import serve, shown

pytestmark = pytest.mark.browser

MAX_PAGE_KB = 500  # compressed, the page and all it loads
# Lighthouse's phone: 412 px wide, 1.75 device pixels per CSS pixel.
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75}
FONT_FILES = (".woff2", ".woff", ".ttf", ".otf", ".eot")
NOT_PAGES = {"_static/webpack-macros.html"}

# Scroll to the end in steps, so that every lazily loaded image comes in.
READ_TO_THE_END_JS = """
async () => {
  for (let y = 0; y <= document.documentElement.scrollHeight; y += 400) {
    window.scrollTo(0, y);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  await Promise.all(Array.from(document.images, (img) => img.decode().catch(() => null)));
}
"""

# Every drawn image: its box and its file's pixels.
IMAGE_BOXES_JS = """
async () => {
  const images = Array.from(document.images);
  images.forEach((img) => { img.loading = "eager"; });
  await Promise.all(images.map((img) => img.decode().catch(() => null)));
  return images
    .filter((img) => img.naturalWidth && img.getClientRects().length)
    .map((img) => ({
      src: img.currentSrc || img.src,
      width: img.getBoundingClientRect().width,
      height: img.getBoundingClientRect().height,
      fileWidth: img.naturalWidth,
      fileHeight: img.naturalHeight,
    }));
}
"""

# Elements of the article that scroll sideways, or are cut off, at this width:
# code blocks may scroll; printed results (sphinx-gallery's, myst-nb's) and the
# install command, whose commit a reader must see, may not.
SIDEWAYS_JS = """
() => {
  const found = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width) {
    found.push(`the page is ${document.documentElement.scrollWidth}px wide`);
  }
  const isResult = (el) => el.closest(".sphx-glr-script-out, .cell_output, .install-command");
  const isCode = (el) => !isResult(el) && el.closest("div.highlight, pre");
  for (const el of document.querySelectorAll(".bd-article *")) {
    if (el.scrollWidth <= el.clientWidth + 1 || isCode(el)) continue;
    const style = getComputedStyle(el);
    if (!["auto", "scroll"].includes(style.overflowX)) continue;
    const text = (el.innerText || "").trim().split("\\n")[0].slice(0, 60);
    found.push(`${el.tagName.toLowerCase()} scrolls ${el.scrollWidth}px in ${el.clientWidth}px: ${text}`);
  }
  for (const heading of document.querySelectorAll(".bd-article :is(h1, h2, h3, h4)")) {
    const box = heading.getBoundingClientRect();
    if (heading.scrollWidth > heading.clientWidth + 1 || box.right > width) {
      found.push(`heading cut off: ${heading.innerText.trim()}`);
    }
  }
  return found;
}
"""


def site_pages(site) -> list[str]:
    pages = (page.relative_to(site).as_posix() for page in site.rglob("*.html"))
    return sorted(page for page in pages if page not in NOT_PAGES)


@pytest.fixture(scope="module")
def compressed_origin(html):
    """The site served gzipped, as GitHub Pages and Read the Docs serve it."""
    with serve(html, compressed=True) as url:
        yield url


@pytest.fixture(scope="module")
def phone_loads(browser, compressed_origin, html) -> dict[str, list[tuple[str, int]]]:
    """Each page read to the end on a phone: every file it fetched, with its bytes."""
    context = browser.new_context(**PHONE, is_mobile=True, has_touch=True)
    loads = {}
    try:
        for path in site_pages(html):
            page = context.new_page()
            fetched = []

            def record(request, fetched=fetched):
                # The bytes that crossed the network: the body as sent (gzipped
                # where the server compressed it) and the headers.
                sizes = request.sizes()
                fetched.append(
                    (
                        shown(request.url, compressed_origin),
                        sizes["responseBodySize"] + sizes["responseHeadersSize"],
                    )
                )

            page.on("requestfinished", record)
            page.goto(compressed_origin + path, wait_until="load")
            page.evaluate(READ_TO_THE_END_JS)
            page.wait_for_load_state("networkidle")
            page.close()
            loads[path] = fetched
    finally:
        context.close()
    return loads


def test_every_page_and_all_it_loads_stays_under_500_kb(phone_loads):
    heavy = []
    for path, fetched in phone_loads.items():
        total = sum(size for _, size in fetched) / 1000
        if total > MAX_PAGE_KB:
            heaviest = sorted(fetched, key=lambda item: -item[1])[:4]
            listed = ", ".join(f"{url} {size / 1000:.0f} KB" for url, size in heaviest)
            heavy.append(f"{path}: {total:.0f} KB (heaviest: {listed})")
    assert phone_loads, "no page measured"
    assert not heavy, "\n".join(heavy)


def test_no_page_fetches_a_font_file(phone_loads):
    fonts = [
        f"{path}: {url}"
        for path, fetched in phone_loads.items()
        for url, _ in fetched
        if url.split("?")[0].endswith(FONT_FILES)
    ]
    assert not fonts, "\n".join(fonts)


@pytest.mark.parametrize("width", [390, 1280])
def test_every_image_keeps_its_files_ratio(browser, origin, html, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    distorted, seen = [], 0
    try:
        for path in site_pages(html):
            page.goto(origin + path)
            for image in page.evaluate(IMAGE_BOXES_JS):
                seen += 1
                # The height the drawn width calls for, to a pixel of rounding.
                expected = image["width"] * image["fileHeight"] / image["fileWidth"]
                if abs(image["height"] - expected) > 1.5:
                    distorted.append(
                        f"{path}: {shown(image['src'], origin)} drawn"
                        f" {image['width']:.0f}x{image['height']:.0f},"
                        f" file {image['fileWidth']}x{image['fileHeight']}"
                    )
    finally:
        context.close()
    assert seen, "no image drawn"
    assert not distorted, "\n".join(distorted)


def test_nothing_but_code_scrolls_sideways_on_a_phone(browser, origin, html):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    problems = []
    try:
        for path in site_pages(html):
            page.goto(origin + path)
            problems += [f"{path}: {found}" for found in page.evaluate(SIDEWAYS_JS)]
    finally:
        context.close()
    assert not problems, "\n".join(problems)
