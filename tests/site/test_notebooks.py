"""The downloadable notebooks read as Markdown, not as Sphinx source.

A reader who opens a page's notebook in Jupyter sees its Markdown cells as
Jupyter renders them. Sphinx markup that the site turns into links and boxes
stays raw there: reST roles (:func:`name`) and substitutions (|name|), MyST
roles ({doc}`page`), directives (.. note::), pandoc's fenced divs (:::), images
with file:// addresses, and references that only mean something inside the
site (sphx_glr_ labels, links to .rst files or to the site's own pages by a
relative address). This checks every notebook the built site offers for
download.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Each check: what a reader would see, and a pattern that finds it.
CHECKS = {
    "reST role": re.compile(r"(?<![\w`]):[a-z]+(?::[a-z]+)?:`"),
    "reST role left by pandoc": re.compile(r"\{\.interpreted-text"),
    "MyST role": re.compile(r"\{[a-z][\w:-]*\}`"),
    "substitution": re.compile(r"(?<![\w|\\])\\?\|[A-Za-z_][\w-]*\\?\|(?![\w|])"),
    "undefined substitution": re.compile(r"##SUBST##"),
    "directive": re.compile(r"^\s*\.\. [\w:-]+::", re.MULTILINE),
    "fenced div": re.compile(r"^:::", re.MULTILINE),
    "file:// address": re.compile(r"file://"),
    "gallery label": re.compile(r"sphx_glr_"),
    # A link or image by a relative address: it leads nowhere from a notebook.
    "relative link": re.compile(r"\]\((?!https?://|mailto:|#|data:)([^)\s]+)"),
}
FENCED_CODE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.DOTALL)


def markdown_problems(text: str) -> list[str]:
    """What in one Markdown cell would show as raw Sphinx markup."""
    # Code blocks show code as it is, and math has its own |x| and braces.
    text = MATH.sub("", FENCED_CODE.sub("", text))
    problems = []
    for name, pattern in CHECKS.items():
        for match in pattern.finditer(text):
            start = max(match.start() - 30, 0)
            context = text[start : match.end() + 30].replace("\n", " ")
            problems.append(f"{name}: ...{context}...")
    return problems


def downloaded_notebooks(html: Path) -> list[Path]:
    return sorted(html.glob("_downloads/*/*.ipynb"))


def test_the_checks_find_what_they_look_for():
    """Each pattern catches its markup, and plain Markdown passes."""
    bad = [
        "see :func:`~moons_tutorial.data.load_moons`",
        '`load_moons`{.interpreted-text role="func"}',
        "the {doc}`porting` guide",
        "download |tensorboard_logs| here",
        "[\\|tensorboard_logs\\|](##SUBST##|tensorboard_logs|)",
        ".. note::\n\n   Careful.",
        ":::: note\nCareful.\n::::",
        "![figure](file:///tmp/figure.png)",
        "see sphx_glr_auto_examples_plot_intro.py",
        "the [TensorBoard page](plot_tensorboard.html)",
    ]
    for text in bad:
        assert markdown_problems(text), text
    good = (
        "# The data\n\nSee `load_moons`, the [site](https://example.org/a.html),"
        " $|x| \\leq 1$ and\n\n```console\n$ cat a|b|c\n```\n\n| a | b |\n|---|---|\n"
    )
    assert markdown_problems(good) == []


def test_every_notebook_is_plain_markdown(html):
    notebooks = downloaded_notebooks(html)
    assert notebooks, f"no notebook offered for download in {html}"
    problems = []
    for path in notebooks:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for number, cell in enumerate(cells, start=1):
            if cell["cell_type"] != "markdown":
                continue
            for problem in markdown_problems("".join(cell["source"])):
                problems.append(f"{path.name}, cell {number}: {problem}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", ["plot_intro.ipynb"])
def test_notebook_keeps_the_pages_links(html, name):
    """Links to other hosts survive the conversion (the intro credits the post)."""
    [path] = html.glob(f"_downloads/*/{name}")
    text = "".join(
        "".join(cell["source"])
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
        if cell["cell_type"] == "markdown"
    )
    assert "](https://github.com/sempwn/keras-intro)" in text


LICENCE_LINE = "SPDX-License-Identifier: BSD-3-Clause"


def test_every_download_says_its_licence(html):
    """A downloaded script or notebook says what licence it is under."""
    downloads = downloaded_notebooks(html) + sorted(html.glob("_downloads/*/plot_*.py"))
    assert len(downloads) >= 2 * len(list((ROOT / "examples").glob("plot_*.py")))
    unlicensed = [
        path.name
        for path in downloads
        if LICENCE_LINE not in path.read_text(encoding="utf-8")
    ]
    assert not unlicensed, f"no licence line in {unlicensed}"


HEADING = re.compile(r"^(#+) ", re.MULTILINE)


def markdown_headings(notebook: Path) -> list[tuple[int, str]]:
    """The level and text of each Markdown heading, in order."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    headings = []
    for cell in cells:
        if cell["cell_type"] == "markdown":
            text = FENCED_CODE.sub("", "".join(cell["source"]))
            for line in text.splitlines():
                if match := HEADING.match(line):
                    headings.append((len(match.group(1)), line[match.end() :]))
    return headings


def gallery_notebooks(html: Path) -> list[Path]:
    examples = sorted((ROOT / "examples").glob("plot_*.py"))
    return [next(html.glob(f"_downloads/*/{p.stem}.ipynb")) for p in examples]


def test_gallery_notebooks_keep_the_pages_heading_levels(html):
    """One title, then the page's sections one level below it, as on the page."""
    for notebook in gallery_notebooks(html):
        headings = markdown_headings(notebook)
        page = (html / "auto_examples" / f"{notebook.stem}.html").read_text()
        sections = len(re.findall(r"<h2>", page))
        levels = [level for level, _ in headings]
        assert levels[0] == 1, (notebook.name, headings)
        assert levels.count(1) == 1, (notebook.name, headings)
        # The page's last section lists the build's checks; the notebook has
        # no build, and no such section.
        assert levels.count(2) == sections - 1, (notebook.name, headings)


def test_notebook_images_carry_no_pandoc_attributes(html):
    """An image's size on the page does not show as {width=...} text."""
    found = [
        f"{path.name}: {match.group()}"
        for path in downloaded_notebooks(html)
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
        if cell["cell_type"] == "markdown"
        for match in re.finditer(r"\)\{[^}]*\}", "".join(cell["source"]))
    ]
    assert not found, found


def test_notebook_links_the_logs_zip_itself(html):
    """The TensorBoard page's notebook links the zip, where the site publishes it."""
    [path] = html.glob("_downloads/*/plot_tensorboard.ipynb")
    text = "".join(
        "".join(cell["source"])
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
        if cell["cell_type"] == "markdown"
    )
    link = re.search(
        r"\[the\s+TensorBoard\s+logs\s+of\s+this\s+build\]\(([^)]+)\)", text
    )
    assert link, "the notebook does not link the logs"
    site = re.search(
        r'Documentation = "([^"]+)"', (ROOT / "pyproject.toml").read_text()
    )
    address = link.group(1)
    assert address.startswith(site.group(1).rstrip("/") + "/")
    assert address.endswith(".zip")
    published = address.removeprefix(site.group(1).rstrip("/") + "/")
    assert (html / published).is_file(), f"no file at {published} in the built site"
