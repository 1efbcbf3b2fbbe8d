"""The names in the pages' code link to their projects' documentation.

The links come from the intersphinx inventories committed in docs/_inventories
(the build never fetches them); the projects are those of inventories.toml.
"""

from __future__ import annotations

import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = tomllib.loads((ROOT / "docs/_inventories/inventories.toml").read_text())
DOC_ROOTS = tuple(source["url"] for source in SOURCES.values())

# The names a reader of the lesson meets first, each as the code may write it.
REQUIRED = {
    "make_moons": {"make_moons", "sklearn.datasets.make_moons"},
    "train_test_split": {
        "train_test_split",
        "sklearn.model_selection.train_test_split",
    },
    "np.mgrid": {"np.mgrid", "numpy.mgrid"},
    "plt.show or plt.subplots": {"plt.show", "plt.subplots"},
    "keras.Sequential": {"keras.Sequential", "Sequential", "keras.models.Sequential"},
    "Dense": {"Dense", "keras.layers.Dense"},
    "keras.callbacks.TensorBoard": {"keras.callbacks.TensorBoard", "TensorBoard"},
}


class ArticleLinks(HTMLParser):
    """The links of a page's article, as (href, text) pairs."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []
        self._depth = 0  # inside <article>

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self._depth += 1
        elif tag == "a" and self._depth:
            self._href = dict(attrs).get("href", "")
            self._text = []

    def handle_endtag(self, tag):
        if tag == "article":
            self._depth -= 1
        elif tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)


def documentation_links(page: Path) -> list[tuple[str, str]]:
    """The links of a page to another project's documentation."""
    parser = ArticleLinks()
    parser.feed(page.read_text(encoding="utf-8"))
    return [(href, text) for href, text in parser.links if href.startswith(DOC_ROOTS)]


@pytest.fixture(scope="module")
def intro_links(html):
    return documentation_links(html / "auto_examples" / "plot_intro.html")


def test_intro_links_to_other_projects_documentation(intro_links):
    names = {re.sub(r"\(\)$", "", text) for _, text in intro_links}
    hosts = {urlsplit(href).hostname for href, _ in intro_links}
    print(f"{len(intro_links)} links to {len(names)} names on {sorted(hosts)}")
    # NumPy, scikit-learn, Matplotlib, Keras and Python at least.
    assert {"numpy.org", "scikit-learn.org", "matplotlib.org", "keras.io"} <= hosts
    assert "docs.python.org" in hosts


@pytest.mark.parametrize("name", REQUIRED)
def test_intro_links_the_lessons_names(intro_links, name):
    linked = {re.sub(r"\(\)$", "", text) for _, text in intro_links}
    assert REQUIRED[name] & linked, f"{name} is not linked to its documentation"


def test_keras_links_point_at_keras_api_pages(intro_links):
    for href, text in intro_links:
        if text in {"Dense", "keras.callbacks.TensorBoard", "keras.Sequential"}:
            assert href.startswith("https://keras.io/api/"), (text, href)


def test_module_names_link_to_modules_or_nothing(html):
    """``from moons_tutorial.data import`` does not link ``data`` to a class."""
    for page in sorted((html / "auto_examples").glob("plot_*.html")):
        source = page.read_text(encoding="utf-8")
        for line in re.findall(r'<span class="kn">from</span>.*', source):
            # The module's name, up to " import".
            module = line.split('<span class="kn">import</span>')[0]
            for title in re.findall(r'<a [^>]*title="([^"]*)"', module):
                assert re.fullmatch(r"[\w.]+", title), (page.name, title)
                text = re.sub(r"<[^>]+>", "", module)
                assert title in text, f"{page.name}: {text.strip()} links {title}"
