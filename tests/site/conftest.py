"""Fixtures over the built site in docs/_build/html."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from sitebuild.browser import CHROMIUM_FLAGS, chromium_executable, serve

# The site under test: the last build, or another copy (say, one with a planted
# fault) named by MOONS_SITE_HTML.
HTML = Path(
    os.environ.get(
        "MOONS_SITE_HTML", Path(__file__).resolve().parents[2] / "docs/_build/html"
    )
)


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.site)


@pytest.fixture(scope="session")
def html() -> Path:
    """The built site; build it first with ``nox -s docs``."""
    if not (HTML / "index.html").is_file():
        pytest.fail(f"no built site in {HTML}: run `nox -s docs` first")
    return HTML


@pytest.fixture(scope="session")
def origin(html) -> str:
    """The root URL of the site, served by this process for the whole session."""
    with serve(html) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from the system (Playwright's own download is not used)."""
    executable = chromium_executable()
    if not executable.is_file():
        pytest.skip(f"no Chromium at {executable}; set CHROMIUM to its path")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()
