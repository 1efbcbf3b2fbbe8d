"""Every gallery page can be launched on Binder and Colab, at a notebook that exists.

A live Binder or Colab session needs the network. These tests check instead
what the links point at: the notebook paths they name are the ones that the
notebooks session (``sitebuild.notebooks``, for Colab's branch) and Binder's
postBuild (the same tool, ``--binder``) write, and the badges are files of the
site.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p.stem for p in (ROOT / "examples").glob("plot_*.py"))
BINDER = "https://mybinder.org/v2/gh/moons-tutorial/moons-tutorial/main"
COLAB = "https://colab.research.google.com/github/moons-tutorial/moons-tutorial/blob/"


class Links(HTMLParser):
    """The links of a page, each with the images inside it."""

    def __init__(self):
        super().__init__()
        self.links: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self._open = {"href": attrs.get("href", ""), "images": []}
            self.links.append(self._open)
        elif tag == "img" and self._open is not None:
            self._open["images"].append(attrs)

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None


def page_links(page: Path) -> list[dict]:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


def made_notebooks(tmp_path_factory, *args: str) -> set[str]:
    """Run the notebooks tool; return the paths it wrote, relative to its output."""
    out = tmp_path_factory.mktemp("notebooks")
    subprocess.run(
        [sys.executable, "-m", "sitebuild.notebooks", str(out), *args],
        check=True,
        capture_output=True,
    )
    return {p.relative_to(out).as_posix() for p in out.rglob("*.ipynb")}


@pytest.fixture(scope="module")
def colab_notebooks(tmp_path_factory) -> set[str]:
    return made_notebooks(tmp_path_factory)


@pytest.fixture(scope="module")
def binder_notebooks(tmp_path_factory) -> set[str]:
    # postBuild runs the tool in the repository's root with `notebooks` as
    # the output folder: paths in the repository start with it.
    return {f"notebooks/{p}" for p in made_notebooks(tmp_path_factory, "--binder")}


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_gallery_page_links_binder_and_colab(html, example):
    links = [
        link["href"] for link in page_links(html / f"auto_examples/{example}.html")
    ]
    assert any(href.startswith(BINDER) for href in links), f"{example}: no Binder link"
    assert any(href.startswith(COLAB) for href in links), f"{example}: no Colab link"


@pytest.mark.parametrize("example", EXAMPLES)
def test_binder_links_open_a_notebook_that_postbuild_makes(
    html, example, binder_notebooks
):
    for link in page_links(html / f"auto_examples/{example}.html"):
        if link["href"].startswith(BINDER):
            query = parse_qs(urlsplit(link["href"]).query)
            path = query["urlpath"][0].removeprefix("lab/tree/")
            assert path == f"notebooks/auto_examples/{example}.ipynb"
            assert path in binder_notebooks


@pytest.mark.parametrize("example", EXAMPLES)
def test_colab_links_open_a_notebook_of_the_notebooks_branch(
    html, example, colab_notebooks
):
    for link in page_links(html / f"auto_examples/{example}.html"):
        if link["href"].startswith(COLAB):
            branch, path = unquote(link["href"].removeprefix(COLAB)).split("/", 1)
            assert branch == "notebooks"
            assert path == f"auto_examples/{example}.ipynb"
            assert path in colab_notebooks


def test_launch_badges_are_files_of_the_site(html):
    page = html / "auto_examples" / "plot_intro.html"
    badges = [
        image
        for link in page_links(page)
        if link["href"].startswith((BINDER, COLAB))
        for image in link["images"]
    ]
    # One badge of each in the page's footer and one in its sidebar.
    assert len(badges) == 4
    for image in badges:
        src = image["src"]
        assert not re.match(r"[a-z]+:", src), f"a badge from another host: {src}"
        assert (page.parent / src).resolve().is_file(), f"missing badge {src}"
        assert image.get("alt")


def test_the_notebooks_the_site_offers_are_those_colab_opens(html, tmp_path):
    """The session's notebooks are the site's own downloads, cell for cell.

    Both install the commit the site was built from (a commit of this
    repository), which may be older than the checkout's.
    """
    built = {p.name: p for p in (ROOT / "docs" / "auto_examples").glob("*.ipynb")}
    first = json.loads(built["plot_intro.ipynb"].read_text())["cells"][0]
    commit = re.match(
        r'%pip install "moons-tutorial @ git\+https://github\.com/'
        r'moons-tutorial/moons-tutorial@([0-9a-f]{40})"\n',
        "".join(first["source"]),
    )[1]
    subprocess.run(
        ["git", "cat-file", "-e", f"{commit}^{{commit}}"], cwd=ROOT, check=True
    )
    subprocess.run(
        [sys.executable, "-m", "sitebuild.notebooks", tmp_path, "--commit", commit],
        check=True,
        capture_output=True,
    )
    for made in sorted((tmp_path / "auto_examples").glob("*.ipynb")):
        assert made.read_text() == built[made.name].read_text(), made.name


def test_no_page_opens_a_notebook_that_colab_cannot_find(html, colab_notebooks):
    """Not the gallery's index either: it has a zip of notebooks, not one."""
    wrong = [
        f"{page.relative_to(html)} -> {link['href']}"
        for page in html.rglob("*.html")
        for link in page_links(page)
        if link["href"].startswith(COLAB)
        and unquote(link["href"].removeprefix(COLAB)).split("/", 1)[1]
        not in colab_notebooks
    ]
    assert not wrong, "\n".join(wrong)
