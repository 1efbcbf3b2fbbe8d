"""The built site, as a reader's browser sees it: headless Chromium over every page.

Serves docs/_build/html (or the folder in ``MOONS_SITE_HTML``) on a local port
and fails on whatever a reader would meet: script errors, missing files, images
that do not load or lack a text alternative, links that lead nowhere, requests
to other hosts, and serious accessibility faults. It also writes screenshots
to docs/_build/screenshots for a person to look at.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from sitebuild.browser import (
    IMAGES_JS,
    LINKS_JS,
    Anchors,
    Problems,
    image_problems,
    is_local,
    link_problem,
    local_file,
    shown,
    watch,
)

pytestmark = pytest.mark.browser

# Not pages: pydata-sphinx-theme copies this Jinja template of its own along with
# its static files, and nothing links to it; opened as HTML, it asks for
# "{{ pathto(...) }}" URLs that cannot exist.
NOT_PAGES = {"_static/webpack-macros.html"}
# Pages a reader reaches without a link: the home page, the search box's results
# page, and the general index (the header's <link rel="index">).
REACHED_WITHOUT_A_LINK = {"index.html", "search.html", "genindex.html"}
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# The pages a reader lands on most: photographed.
SCREENSHOT_PAGES = ["index.html", "auto_examples/plot_intro.html"]
VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}


# --- Fixtures -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def site(html) -> Path:
    """The site under test (see ``html`` in conftest.py)."""
    return html


@pytest.fixture(scope="session")
def context(browser, origin):
    """One browser context for every test: a new one per page costs time.

    It asks for ``origin`` so that the server is started before it and stopped
    after it, never while a page may still be loading.
    """
    # A fixed colour scheme, so that the theme's "auto" mode starts out light.
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, color_scheme="light"
    )
    yield context
    context.close()


@dataclass
class Tab:
    """A browser tab, watched for errors, that opens the site's pages."""

    page: Page
    problems: Problems
    origin: str

    def open(self, path: str) -> Page:
        self.problems.page = path
        self.page.goto(self.origin + path)
        return self.page

    def assert_clean(self) -> None:
        """Fail on any error since the page opened.

        The sweep over every page reports what a page does as it loads; this is
        for what a test then makes it do (a search, a change of theme).
        """
        assert not self.problems.lines, "\n".join(self.problems.lines)


@pytest.fixture
def tab(context, origin):
    page = context.new_page()
    problems = Problems("")
    watch(page, origin, problems)
    yield Tab(page, problems, origin)
    page.close()


@dataclass
class Visit:
    """What one page showed the browser."""

    path: str
    url: str
    problems: list[str]
    images: list[dict]
    links: list[str]


def site_pages(site: Path) -> list[str]:
    """Every HTML file of the site, as a path relative to its root."""
    pages = (page.relative_to(site).as_posix() for page in site.rglob("*.html"))
    return sorted(page for page in pages if page not in NOT_PAGES)


def visit(page, problems: Problems, origin: str, path: str) -> Visit:
    """Open one page and collect what went wrong, what it showed and links to."""
    problems.page, problems.lines = path, []
    # "load" has every script, style sheet and image in; the images script then
    # waits for any image still loading. Waiting for the network to be idle
    # would cost half a second a page and load nothing more on this site.
    page.goto(origin + path)
    images = page.evaluate(IMAGES_JS)
    links = page.evaluate(LINKS_JS)
    return Visit(path, origin + path, problems.lines, images, links)


@pytest.fixture(scope="session")
def visits(context, origin, site) -> list[Visit]:
    """Every page of the site, each opened once, in one tab (a tab each is slow)."""
    page = context.new_page()
    problems = Problems("")
    watch(page, origin, problems)
    try:
        return [visit(page, problems, origin, path) for path in site_pages(site)]
    finally:
        page.close()


# --- Every page ---------------------------------------------------------------------


def test_every_page_loads_without_errors(visits):
    problems = [line for v in visits for line in v.problems]
    assert not problems, "\n".join(problems)


def test_every_image_loads_and_has_alt_text(visits, origin, site):
    problems = [
        f"{v.path}: {problem}"
        for v in visits
        for image in v.images
        for problem in image_problems(image, v.url, origin, site)
    ]
    assert not problems, "\n".join(problems)


def test_every_internal_link_resolves(visits, origin, site):
    anchors = Anchors()
    problems = []
    for v in visits:
        # A page often repeats a link (navigation bar, sidebar, text): name
        # each broken target once per page, with how often it occurs.
        links = Counter(link for link in v.links if is_local(link, origin))
        for link, count in links.items():
            if problem := link_problem(link, site, anchors):
                times = f" ({count} links)" if count > 1 else ""
                where = shown(link, origin)
                problems.append(f"{v.path}: broken link to {where}: {problem}{times}")
    assert not problems, "\n".join(problems)


# --- Behaviour ------------------------------------------------------------------------


def test_search_finds_the_pages_that_explain_adadelta(tab):
    page = tab.open("search.html?q=Adadelta")
    results = page.locator("#search-results li")
    results.first.wait_for()
    found = results.locator("a").evaluate_all("(links) => links.map((a) => a.href)")
    pages = {shown(link, tab.origin).split("?")[0].split("#")[0] for link in found}
    assert {"/porting.html", "/auto_examples/plot_intro.html"} <= pages, pages
    tab.assert_clean()


def theme(page) -> tuple[str, str]:
    """The theme's chosen mode and the colours actually shown."""
    mode, colours = page.evaluate(
        "() => [document.documentElement.dataset.mode,"
        " document.documentElement.dataset.theme]"
    )
    return mode, colours


def choose_mode(page, mode: str) -> None:
    # The switch opens a menu of modes (light, dark, system settings).
    page.locator(".theme-switch-button").filter(visible=True).click()
    page.locator(f".theme-change-button[data-mode={mode}]").filter(visible=True).click()


def background(page) -> str:
    return page.evaluate("() => getComputedStyle(document.body).backgroundColor")


def test_theme_switch_toggles_light_and_dark(tab):
    page = tab.open("index.html")
    assert theme(page) == ("auto", "light")  # the browser prefers light
    light = background(page)
    choose_mode(page, "dark")
    assert theme(page) == ("dark", "dark")
    assert background(page) != light
    choose_mode(page, "light")
    assert theme(page) == ("light", "light")
    assert background(page) == light
    tab.assert_clean()


def download(page, locator) -> bytes:
    """Fetch what a download link points at, checking it is a 200 download."""
    link = locator.first
    assert link.get_attribute("download") is not None, "link opens, not downloads"
    url = link.evaluate("(a) => a.href")
    response = page.request.get(url)
    assert response.status == 200, f"HTTP {response.status} for {url}"
    return response.body()


def test_intro_script_and_notebook_download_in_the_browser(tab, site):
    """The download buttons hand the browser the very files the site holds."""
    page = tab.open("auto_examples/plot_intro.html")
    for suffix in ("py", "ipynb"):
        link = page.locator(f"a[download][href$='plot_intro.{suffix}']")
        [published] = site.glob(f"_downloads/*/plot_intro.{suffix}")
        assert download(page, link) == published.read_bytes()


def test_tensorboard_logs_zip_downloads(tab):
    page = tab.open("auto_examples/plot_tensorboard.html")
    archive = download(page, page.locator("a[download][href*='tensorboard-logs']"))
    with zipfile.ZipFile(io.BytesIO(archive)) as bundle:
        assert bundle.testzip() is None
        assert any("events.out.tfevents" in name for name in bundle.namelist())


# --- Accessibility --------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_no_serious_accessibility_violation_in_either_mode(browser, origin, site, mode):
    """Run axe-core over every page, as a reader who prefers ``mode`` sees it."""
    # The theme follows the reader's preference ("auto"): ask for it.
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, color_scheme=mode
    )
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    serious = []
    try:
        for path in site_pages(site):
            page.goto(origin + path)
            shown = page.evaluate("() => document.documentElement.dataset.theme")
            assert shown == mode, f"{path} shows the {shown} theme, not {mode}"
            requests.clear()
            # No "preload": with it, axe fetches the style sheets again to read
            # them, and resolves the theme's `@import "../basic.css"` against the
            # page instead of the style sheet (a 404 of axe's making). Without
            # it, axe needs nothing from the network: its script comes from the
            # Python package.
            results = Axe().run(
                page, options={"resultTypes": ["violations"], "preload": False}
            )
            # The browser's own request for the page's icon is not axe's.
            made = [url for url in requests if not url.endswith("/favicon.svg")]
            assert not made, f"axe-core made requests on {path}: {made}"
            serious += [
                f"{path}: {v['id']} ({v['impact']}): {v['help']}\n    "
                + "\n    ".join(node["html"] for node in v["nodes"])
                for v in results.response["violations"]
                if v["impact"] in ("critical", "serious")
            ]
    finally:
        context.close()
    assert not serious, "\n".join(serious)


# --- Screenshots ----------------------------------------------------------------------


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", SCREENSHOT_PAGES)
def test_screenshot(tab, site, path, viewport):
    """Write a full-page screenshot; on a phone, nothing may stick out sideways."""
    width, height = VIEWPORTS[viewport]
    tab.page.set_viewport_size({"width": width, "height": height})
    page = tab.open(path)
    folder = site.parent / "screenshots"
    folder.mkdir(exist_ok=True)
    name = f"{path.removesuffix('.html').replace('/', '-')}-{viewport}.png"
    page.screenshot(path=folder / name, full_page=True)
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{path} is {scroll_width}px wide at {width}px"


# --- Summary --------------------------------------------------------------------------


def test_every_page_is_linked_and_every_figure_shown(visits, origin, site, capsys):
    """The sweep saw the whole site: every example's page, each page linked from
    another, every image file shown on a page. Says how much it looked at."""

    def path(url: str) -> str | None:
        target = local_file(url, site)
        return target.relative_to(site).as_posix() if target else None

    visited = {v.path for v in visits}
    examples = {f"auto_examples/{p.stem}.html" for p in EXAMPLES.glob("plot_*.py")}
    assert examples <= visited, sorted(examples - visited)

    links = [(v, link) for v in visits for link in v.links if is_local(link, origin)]
    linked = {path(link) for v, link in links if path(link) != v.path}
    orphans = visited - linked - REACHED_WITHOUT_A_LINK
    assert not orphans, f"pages no other page links to: {sorted(orphans)}"

    # An image the browser drew, and the other densities its srcset offers.
    seen = set()
    for v in visits:
        for image in v.images:
            if image["naturalWidth"]:
                seen.add(path(image["src"]))
                candidates = filter(None, image["srcset"].split(","))
                seen |= {path(urljoin(v.url, c.split()[0])) for c in candidates}
    images = {p.relative_to(site).as_posix() for p in (site / "_images").iterdir()}
    assert images <= seen, f"images no page shows: {sorted(images - seen)}"

    with capsys.disabled():
        print(
            f"\nbrowser: {len(visits)} pages, {len(seen)} images, {len(links)} "
            f"internal links ({len({link for _, link in links})} distinct) checked"
        )
