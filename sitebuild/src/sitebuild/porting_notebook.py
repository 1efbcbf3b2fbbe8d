"""A MyST notebook page, offered for download as a Jupyter notebook.

A page links its notebook with the role ``{notebook-download}`link text```, in a
paragraph of its own. When myst-nb has read and executed the page, this
extension writes the notebook a reader downloads: the gallery notebooks' first
cell (``notebook_cells``: it installs the package at the commit being built),
the licence line the gallery's notebooks carry, then the page's cells
as the page shows them:

* code cells with their code and tags, without outputs (the reader runs them);
  cells whose code the page hides (tags ``remove-cell`` and ``remove-input``:
  the build's own checks and their list) are left out, and so is the list's
  heading, "Checked by this build";
* Markdown cells in plain Markdown: ``{glue:text}`` and ``{glue}`` become the
  value this build computed, ``{doc}`` and ``{ref}`` links to the published
  site, other roles code. The conversion is the gallery's (pandoc with the
  filter and metadata of ``sphinx_gallery_conf["pypandoc"]``), so that both
  kinds of notebook link the same way. In place of the download link, a note
  links the page on the site (and says whose numbers the text quotes).

The notebook is written under the build folder while the page is read, before
Sphinx collects the page's downloads, so that the link resolves on a clean
build. A rebuild with nothing changed reuses it; the page is read again (its
notebook re-executed only if its code changed) when the notebook is missing or
older than this file.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
from pathlib import Path

import nbformat
from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ExtensionError
from sphinx.util import docname_join
from sphinx.util.docutils import SphinxRole

from sitebuild.claims import HEADING
from sitebuild.install_command import install_cell, record_install_command
from sitebuild.notebook_cells import outside_code

ROLE = "notebook-download"
FOLDER = "notebook-downloads"  # beside the HTML output, in the build folder
# The build's own cells: its checks, and the list of what they measured.
LEFT_OUT = {"remove-cell", "remove-input"}

DOWNLOAD_ROLE = re.compile(rf"[ \t]*\{{{ROLE}\}}`[^`]*`[ \t]*\n?")
GLUE_ROLE = re.compile(r"\{glue(?::(?:any|text)?)?\}`([^`]+)`")
DOC_ROLE = re.compile(r"\{doc\}`([^`<]+)`")
ROLE_WITH_TEXT = re.compile(r"\{([a-z][\w:+-]*)\}`([^`]+)`")
# Not converted (no page needs them yet): say so rather than show them raw.
UNSUPPORTED = {
    "directive": re.compile(r"^[ \t]*(```+|:::+)[ \t]*\{[\w:-]+\}", re.MULTILINE),
    "glue role": re.compile(r"\{glue:(?!(?:any|text)?\})[\w:-]*\}`"),
}
# MyST syntax that a Markdown reader would show as text: comments and targets.
MYST_LINE = re.compile(r"^(%.*|\([^()\s]+\)=[ \t]*)\n?", re.MULTILINE)


def notebook_path(app, docname: str) -> Path:
    """Where the downloadable notebook of a page is written."""
    return Path(app.outdir).parent / FOLDER / f"{docname}.ipynb"


def notebook_target(app, docname: str) -> str:
    """Return the notebook as a download link names it: a path from the source folder."""
    return "/" + os.path.relpath(notebook_path(app, docname), app.srcdir)


class NotebookDownloadRole(SphinxRole):
    """A download link to the page's own notebook."""

    def run(self):
        """Return the download link."""
        target = notebook_target(self.env.app, self.env.docname)
        node = addnodes.download_reference(self.rawtext, reftarget=target)
        self.set_source_info(node)
        node += nodes.inline(self.rawtext, self.text, classes=["download"])
        return [node], []


class MarkdownConverter:
    """MyST Markdown of one page's cells to plain Markdown."""

    def __init__(self, app, docname: str, glue: dict):
        self.env = app.env
        self.docname = docname
        self.glue = glue
        pypandoc = app.config.sphinx_gallery_conf.get("pypandoc")
        if not isinstance(pypandoc, dict):
            raise ExtensionError(
                f"{ROLE}: the notebook's Markdown is converted as the gallery's is,"
                " with sphinx_gallery_conf['pypandoc']; it is not set"
            )
        self.pandoc_args = list(pypandoc.get("extra_args", []))

    def glued(self, match: re.Match) -> str:
        """Return the value a glue role shows: myst-nb's own formatting of it."""
        from myst_nb.core.variables import format_plain_text

        key, _, spec = match.group(1).partition(":")
        if key not in self.glue:
            raise ExtensionError(f"{self.docname}: nothing glued as {key!r}")
        return format_plain_text(self.glue[key]["data"]["text/plain"], spec)

    def titled(self, match: re.Match) -> str:
        """Give a {doc} link without a title the page's title, as on the site."""
        target = match.group(1).strip()
        title = self.env.titles.get(docname_join(self.docname, target))
        if title is None:
            return match.group()
        return f"{{doc}}`{title.astext()} <{target}>`"

    def note(self, match: re.Match) -> str:
        """In place of the download link: where the notebook comes from."""
        page = f"{{doc}}`the page on the site </{self.docname}>`"
        note = f"This notebook is a copy of {page}."
        if self.glue:
            note += (
                " The numbers its text quotes are the ones the site's build"
                " computed; the cells print those of your own run."
            )
        return f"*{note}*\n"

    def myst_to_pandoc(self, text: str) -> str:
        """Return the MyST Markdown as reST-free Markdown for pandoc."""
        text = DOWNLOAD_ROLE.sub(self.note, text)
        text = MYST_LINE.sub("", text)
        text = GLUE_ROLE.sub(self.glued, text)
        text = DOC_ROLE.sub(self.titled, text)
        # Roles as pandoc's reST reader gives them to the gallery's filter.
        return ROLE_WITH_TEXT.sub(
            lambda m: f'`{m.group(2)}`{{.interpreted-text role="{m.group(1)}"}}', text
        )

    def __call__(self, text: str) -> str:
        """Convert a Markdown cell's text as the gallery's notebooks are."""
        import pypandoc

        for name, pattern in UNSUPPORTED.items():
            if found := pattern.search(text):
                raise ExtensionError(
                    f"{self.docname}: a {name} in a Markdown cell ({found.group()!r})"
                    " has no plain-Markdown form in the downloadable notebook"
                )
        text = outside_code(text, self.myst_to_pandoc)
        if not text.strip():
            return ""
        return pypandoc.convert_text(
            text, to="md", format="commonmark_x-smart", extra_args=self.pandoc_args
        ).strip()


def licence_cell(app) -> nbformat.NotebookNode | None:
    """Return the header the gallery's notebooks carry, from the package's metadata."""
    metadata = importlib.metadata.metadata(app.config.project)
    licence = (metadata.get_all("License-Expression") or [None])[0]
    if not licence:
        return None
    return nbformat.v4.new_code_cell(
        f"# Authors: {app.config.author}\n# SPDX-License-Identifier: {licence}"
    )


def reader_notebook(app, docname: str) -> nbformat.NotebookNode:
    """Return the page's executed notebook, as a reader downloads it."""
    executed_folder = Path(app.env.mystnb_config.output_folder)
    executed = nbformat.read(executed_folder / f"{docname}.ipynb", as_version=4)
    glue_file = executed_folder / f"{docname}.glue.json"
    glue = json.loads(glue_file.read_text("utf-8")) if glue_file.is_file() else {}
    to_markdown = MarkdownConverter(app, docname, glue)

    cells = []
    # The gallery notebooks' install cell, at the commit being built.
    cells.append(
        nbformat.v4.new_code_cell(install_cell(app.config.install_requirement))
    )
    header = licence_cell(app)
    if header is not None:
        cells.append(header)
    for cell in executed.cells:
        tags = cell.metadata.get("tags", [])
        if LEFT_OUT.intersection(tags) or cell.source.strip() == f"## {HEADING}":
            continue
        if cell.cell_type == "markdown":
            text = to_markdown(cell.source)
            if text:
                cells.append(nbformat.v4.new_markdown_cell(text))
        elif cell.cell_type == "code":
            # Tags that hide parts of the page mean nothing to Jupyter; others
            # (raises-exception) let "Run all" go on past an expected error.
            kept = [t for t in tags if not t.startswith(("remove-", "hide-"))]
            cells.append(
                nbformat.v4.new_code_cell(
                    cell.source, metadata={"tags": kept} if kept else {}
                )
            )
    metadata = {
        key: executed.metadata[key]
        for key in ("kernelspec", "language_info")
        if key in executed.metadata
    }
    for number, cell in enumerate(cells, start=1):
        cell.id = f"cell-{number}"  # the same file from the same page, every build
    notebook = nbformat.v4.new_notebook(cells=cells, metadata=metadata)
    nbformat.validate(notebook)
    return notebook


def write_notebook(app, doctree: nodes.document) -> None:
    """Write the notebook of a page that links it, before its link is collected."""
    docname = app.env.docname
    target = notebook_target(app, docname)
    links = doctree.findall(addnodes.download_reference)
    if not any(node["reftarget"] == target for node in links):
        return
    path = notebook_path(app, docname)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(reader_notebook(app, docname), path)
    # Its first cell installs the commit being built: notebook_cells re-reads
    # the page, and so writes the notebook again, when that changes.
    record_install_command(app.env, docname, app.config.install_requirement)


def outdated_notebooks(app, env, added, changed, removed) -> list[str]:
    """Pages whose notebook is missing or older than this extension's code."""
    folder = Path(app.outdir).parent / FOLDER
    written_by = Path(__file__).stat().st_mtime
    pages = []
    for filename, (docnames, _) in env.dlfiles.items():
        path = Path(app.srcdir, filename).resolve()
        if path.is_relative_to(folder.resolve()) and (
            not path.is_file() or path.stat().st_mtime < written_by
        ):
            pages += sorted(docnames)
    return pages
