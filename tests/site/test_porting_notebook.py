"""The porting guide, downloaded as a notebook, is the page's code and runs.

The page links its notebook near the top. The notebook starts as the gallery's
do (the cell that installs the package, then the licence), then holds the code
cells the page shows, in order: none missing, none changed, none of the build's
hidden checks. Run in a Jupyter kernel, it goes from top to bottom as it does
for a reader, past the one cell that shows an error on purpose.
"""

from __future__ import annotations

import html as html_escapes
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
LICENCE = "# SPDX-License-Identifier: BSD-3-Clause"
CELL_INPUT = re.compile(r'<div class="cell_input[^"]*">.*?<pre>(.*?)</pre>', re.DOTALL)


class Links(HTMLParser):
    """The page's links and its first section heading, each where it starts."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[tuple[int, int], dict[str, str]]] = []
        self.first_section_heading: tuple[int, int] | None = None

    def handle_starttag(self, tag, attrs):
        position = self.getpos()  # (line, column)
        if tag == "a":
            self.links.append((position, dict(attrs)))
        if tag == "h2" and self.first_section_heading is None:
            self.first_section_heading = position


@pytest.fixture(scope="module")
def page(html) -> Path:
    return html / "porting.html"


@pytest.fixture(scope="module")
def links(page) -> Links:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def notebook_links(links: Links) -> list[tuple[tuple[int, int], str]]:
    return [
        (position, attrs["href"])
        for position, attrs in links.links
        if "download" in attrs.get("class", "").split()
        and attrs.get("href", "").endswith(".ipynb")
    ]


@pytest.fixture(scope="module")
def notebook(page, links) -> nbformat.NotebookNode:
    [(_, href)] = notebook_links(links)
    return nbformat.read(page.parent / href, as_version=4)


@pytest.fixture(scope="module")
def first_cell(html) -> str:
    """The gallery notebooks' first cell: it installs the package."""
    [intro] = html.glob("_downloads/*/plot_intro.ipynb")
    cell = nbformat.read(intro, as_version=4).cells[0]
    assert cell.source.startswith("%pip install")
    return cell.source


def code_cells(notebook) -> list[str]:
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def test_page_links_its_notebook_near_the_top(page, links):
    found = notebook_links(links)
    assert len(found) == 1, f"links to a notebook on the page: {found}"
    [(position, href)] = found
    assert position < links.first_section_heading, (
        "the notebook's link comes after the page's first section heading"
    )
    path = page.parent / href
    assert path.name == "porting.ipynb"
    nbformat.validate(nbformat.read(path, as_version=4))


def test_notebook_starts_as_the_gallerys_do(notebook, first_cell):
    sources = code_cells(notebook)
    assert sources[0] == first_cell
    assert LICENCE in sources[1].splitlines()


def test_notebook_code_is_the_pages_code(page, notebook):
    shown = [
        html_escapes.unescape(re.sub(r"<[^>]+>", "", block)).rstrip("\n")
        for block in CELL_INPUT.findall(page.read_text(encoding="utf-8"))
    ]
    assert len(shown) > 10, "no code cells found on the page"
    assert code_cells(notebook)[2:] == shown
    # The checks the page hides, and their list, are not in the notebook either.
    assert not any("sitebuild" in source for source in code_cells(notebook))
    markdown = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    assert not any("Checked by this build" in source for source in markdown)


def test_notebook_has_no_outputs_to_start_with(notebook):
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == []
            assert cell.execution_count is None


@pytest.mark.slow
def test_notebook_runs_top_to_bottom(notebook, first_cell, tmp_path):
    """Every cell runs in a kernel, as "Run all" would after the install."""
    # The install cell is the gallery's (checked above); the package is
    # installed here already, and this environment may have no pip.
    runnable = nbformat.from_dict(notebook)
    assert runnable.cells[0].source == first_cell
    runnable.cells = runnable.cells[1:]
    start = time.perf_counter()
    NotebookClient(
        runnable,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    elapsed = time.perf_counter() - start

    errors = [
        (cell.source.splitlines()[-1], output.ename)
        for cell in runnable.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    # The one expected error, which the cell's tag lets the run go past.
    assert errors == [("model.predict_proba(grid)", "AttributeError")]
    # Its last cell draws the ported lesson's decision boundary.
    [last] = [cell for cell in runnable.cells if cell.cell_type == "code"][-1:]
    assert any("image/png" in output.get("data", {}) for output in last.outputs)
    print(f"the notebook ran in {elapsed:.1f} s")
