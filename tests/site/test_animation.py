"""The intro's "Watching it learn" figures, as a reader's browser shows them.

The animation must play from the site alone (a video file beside the page,
nothing from another host), start by itself, muted and looping, with a poster
and a name, the page with all it loads must stay light, and the figures must
stay legible on a phone.
"""

from __future__ import annotations

import pytest

from sitebuild.browser import Problems, watch

pytestmark = pytest.mark.browser

PAGE = "auto_examples/plot_intro.html"
MAX_PAGE_BYTES = 1_500_000  # the page and every file it loads
# Matplotlib's smallest text in these figures is 10 pt, 13.9 px at 100 dpi: drawn
# at 65% of its size or more, it stays at 9 CSS px or more.
MIN_SCALE = 9 / (10 * 100 / 72)


@pytest.fixture
def open_page(browser, origin):
    """Open the intro at a given width; yield (page, problems, bytes loaded)."""
    opened = []

    def open_at(width: int, density: float = 1):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, device_scale_factor=density
        )
        page = context.new_page()
        problems = Problems(PAGE)
        watch(page, origin, problems)
        loaded: dict[str, int] = {}

        def count(response):
            if response.url.startswith(origin) and response.ok:
                loaded[response.url] = len(response.body())

        page.on("response", count)
        page.goto(origin + PAGE, wait_until="networkidle")
        opened.append(context)
        return page, problems, loaded

    yield open_at
    for context in opened:
        context.close()


def video_state(page) -> dict:
    return page.evaluate(
        """() => {
          const video = document.querySelector("video");
          return video && {
            time: video.currentTime,
            paused: video.paused,
            duration: video.duration,
            width: video.getBoundingClientRect().width,
            videoWidth: video.videoWidth,
            source: video.currentSrc,
            poster: video.poster,
            muted: video.muted,
            loop: video.loop,
            autoplay: video.autoplay,
            name: video.getAttribute("aria-label"),
          };
        }"""
    )


def test_the_animation_plays_from_a_file_beside_the_page(open_page, origin):
    page, problems, loaded = open_page(1280)
    state = video_state(page)
    assert state, "the intro shows no video"
    # A file of the site, not the page's own bytes (a data: URL).
    assert state["source"].startswith(origin), state["source"]
    assert state["source"].endswith(".mp4"), state["source"]
    assert state["poster"] in loaded, "the poster did not load"
    assert state["duration"] > 1
    # Chromium plays a video by itself only when it is muted.
    assert state["muted"], state
    assert state["loop"], state
    assert state["autoplay"], state
    assert (state["name"] or "").strip(), "the video has no name"
    page.locator("video").scroll_into_view_if_needed()
    start = video_state(page)["time"]
    page.wait_for_function(
        f"() => document.querySelector('video').currentTime > {start} + 0.5",
        timeout=15_000,
    )
    assert not video_state(page)["paused"]
    assert not problems.lines, "\n".join(problems.lines)


@pytest.mark.parametrize(
    ("width", "density"), [(1280, 1), (390, 3)], ids=["desktop", "phone, 3x screen"]
)
def test_the_page_and_all_it_loads_stay_light(open_page, width, density):
    # A high-density screen loads the 2x figures.
    page, problems, loaded = open_page(width, density)
    # Scrolled to the end, so that lazily loaded images are counted too.
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    total = sum(loaded.values())
    heaviest = sorted(loaded.items(), key=lambda item: -item[1])[:5]
    assert total <= MAX_PAGE_BYTES, f"{total} bytes; the heaviest: {heaviest}"
    assert not problems.lines, "\n".join(problems.lines)


def test_the_figures_stay_legible_on_a_phone(open_page):
    page, _, _ = open_page(390)
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= 390, f"the intro is {scroll_width}px wide on a phone"
    state = video_state(page)
    assert state["width"] <= 390, f"the video does not scale with the column: {state}"
    assert state["width"] / state["videoWidth"] >= MIN_SCALE, state
    # The small multiples: the figure whose panels are titled by epoch.
    figures = page.evaluate(
        """() => Array.from(
            document.querySelectorAll("img[alt*='Epoch 1']"),
            (img) => ({src: img.currentSrc, scale: img.width / img.naturalWidth}))"""
    )
    assert figures, "the intro shows no figure of the boundary by epoch"
    small = [figure for figure in figures if figure["scale"] < MIN_SCALE]
    assert not small, f"figures drawn too small to read: {small}"
