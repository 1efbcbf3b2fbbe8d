"""The gallery's notebooks: what they install first, and TensorBoard inline.

sphinx-gallery writes a notebook beside each example page. Two things differ
between a notebook and the page it comes from, and this module makes them:

* the first cell installs the package, at the commit the site was built from
  (the package is installed from the repository until it has a release);
* its headings keep the page's levels: pandoc converts each text block of a
  page alone, so every section title comes out as a top-level heading, like
  the page's title; the notebook's sections go one level below its title;
* where the page tells the reader to start TensorBoard in a console
  (``tensorboard --logdir Graph``), the notebook opens it inline instead
  (``%load_ext tensorboard`` and ``%tensorboard --logdir Graph``), as
  TensorFlow's own tutorials do. The page and the script keep the console
  command.

sphinx-gallery has no hook for a notebook's cells, so :func:`finish_notebooks`
edits the notebooks (and their zipped copies) once the gallery has been
generated. :func:`example_notebook` makes the same notebook straight from an
example script, without running it, for the notebooks that Colab and Binder
open (``nox -s notebooks``).
"""

from __future__ import annotations

import copy
import io
import json
import re
import zipfile
from pathlib import Path

from sitebuild.example_mirror import gallery_dirs
from sitebuild.install_command import install_cell

# The pandoc filter that makes a notebook's Markdown from a page's reST
# (conf.py hands it to sphinx-gallery's ``pypandoc`` option).
MARKDOWN_FILTER = Path(__file__).with_name("notebook_markdown.lua")
# Custom, not sphinx-gallery's promote_jupyter_magic: that promotes only ``%%``
# cell magics (its pattern), and the TensorBoard magics are line magics.
TENSORBOARD_COMMAND = re.compile(
    r"^\s*\$?\s*tensorboard\s+--logdir[ =](\S+)\s*$", re.MULTILINE
)
INLINE_NOTE = (
    "In a notebook, TensorBoard opens inside it. The magic starts the"
    " `tensorboard` program, which must be on the kernel's `PATH` (it is on Colab"
    " and Binder, and where the kernel's environment is activated):"
)


def tensorboard_cells(log_dir: str) -> list[str]:
    """Return the cells that open TensorBoard inline on ``log_dir``."""
    return ["%load_ext tensorboard", f"%tensorboard --logdir {log_dir}"]


def _source(cell: dict) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def _code_cell(code: str) -> dict:
    # The shape sphinx-gallery gives its own code cells.
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {"collapsed": False},
        "outputs": [],
        "source": [code],
    }


HEADING = re.compile(r"^#(?=#* )", re.MULTILINE)
TOP_HEADING = re.compile(r"^# ", re.MULTILINE)
FENCED_CODE = re.compile(r"^(```+|~~~+).*?^\1", re.MULTILINE | re.DOTALL)


def outside_code(text: str, change) -> str:
    """Apply ``change`` to the parts of Markdown that are not fenced code."""
    parts, start = [], 0
    for block in FENCED_CODE.finditer(text):
        parts += [change(text[start : block.start()]), block.group()]
        start = block.end()
    return "".join([*parts, change(text[start:])])


def section_levels(cells: list[dict]) -> list[dict]:
    """Put the headings after the title's cell one level below the title.

    A cell whose headings were moved down has no top-level heading left, so
    applying this twice changes nothing.
    """
    markdown = [cell for cell in cells if cell["cell_type"] == "markdown"]
    for cell in markdown[1:]:
        source = _source(cell)
        if TOP_HEADING.search(FENCED_CODE.sub("", source)):
            cell["source"] = [outside_code(source, lambda t: HEADING.sub("##", t))]
    return cells


def finish_notebook(notebook: dict, install: str | None) -> dict:
    """Return ``notebook`` with its install cell and inline TensorBoard cells.

    ``install`` replaces (or becomes) the first cell; None removes an install
    cell (an environment that already has the package, such as Binder's).
    Applying this twice gives the same notebook.
    """
    notebook = copy.deepcopy(notebook)
    cells = notebook["cells"]
    if (
        cells
        and cells[0]["cell_type"] == "code"
        and "%pip install" in _source(cells[0])
    ):
        del cells[0]
    if install is not None:
        cells.insert(0, _code_cell(install))
    finished = []
    for index, cell in enumerate(cells):
        finished.append(cell)
        if cell["cell_type"] != "markdown":
            continue
        match = TENSORBOARD_COMMAND.search(_source(cell))
        following = cells[index + 1 : index + 3]
        if match and not any(INLINE_NOTE in _source(c) for c in following):
            finished.append(
                {"cell_type": "markdown", "metadata": {}, "source": [INLINE_NOTE]}
            )
            finished += [_code_cell(code) for code in tensorboard_cells(match[1])]
    notebook["cells"] = section_levels(finished)
    return notebook


def notebook_text(notebook: dict) -> str:
    """Serialise a notebook as sphinx-gallery does."""
    return json.dumps(notebook, indent=2)


def example_notebook(script: Path, install: str | None, gallery_conf: dict) -> dict:
    """Make an example's notebook as the gallery does, without running it."""
    from sphinx_gallery import gen_gallery, py_source_parser
    from sphinx_gallery.notebook import jupyter_notebook

    conf = copy.deepcopy(gen_gallery.DEFAULT_GALLERY_CONF)
    conf.update(gallery_conf)
    _, blocks = py_source_parser.split_code_and_text_blocks(str(script))
    # What sphinx-gallery removes before it writes a notebook.
    blocks = [
        py_source_parser.Block(
            label,
            py_source_parser.remove_config_comments(
                py_source_parser.remove_ignore_blocks(content)
            )
            if conf["remove_config_comments"]
            else py_source_parser.remove_ignore_blocks(content),
            line,
        )
        for label, content, line in blocks
    ]
    if blocks[-1].content.isspace():
        blocks = blocks[:-1]
    notebook = jupyter_notebook(blocks, conf, script.parent)
    return finish_notebook(notebook, install)


def rezip(archive: Path, replacements: dict[str, bytes]) -> None:
    """Replace members of a zip archive by name, if it holds any of them."""
    if not archive.is_file():
        return
    with zipfile.ZipFile(archive) as bundle:
        members = [(info, bundle.read(info)) for info in bundle.infolist()]
    if not any(
        Path(info.filename).name in replacements
        and replacements[Path(info.filename).name] != data
        for info, data in members
    ):
        return
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as bundle:
        for info, data in members:
            bundle.writestr(info, replacements.get(Path(info.filename).name, data))
    archive.write_bytes(packed.getvalue())


def finish_gallery_notebooks(gallery: Path, install: str | None) -> list[Path]:
    """Finish every notebook of a generated gallery and its zipped copies.

    Returns the notebooks that changed. A notebook already finished is left
    untouched, so that Sphinx does not copy it again.
    """
    changed = []
    finished = {}
    for path in sorted(gallery.glob("*.ipynb")):
        text = notebook_text(finish_notebook(json.loads(path.read_text()), install))
        finished[path.name] = text.encode()
        if path.read_text() != text:
            path.write_text(text)
            changed.append(path)
    for archive in gallery.glob("*.zip"):
        rezip(archive, finished)
    return changed


def finish_notebooks(app) -> None:
    """Sphinx step: finish every generated gallery notebook."""
    install = install_cell(app.config.install_requirement)
    for gallery in gallery_dirs(app):
        finish_gallery_notebooks(Path(app.srcdir) / gallery, install)
