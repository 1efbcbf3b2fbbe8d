"""The notebooks of the pages that write logs open TensorBoard inline.

The page and its script keep the console command (``tensorboard --logdir
Graph``); the downloaded notebook, and the notebooks Binder and Colab open,
have ``%load_ext tensorboard`` and ``%tensorboard --logdir Graph`` cells
instead, right after the text that gives the command.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

LOGGING_PAGES = ["plot_intro", "plot_tensorboard"]
INLINE = ["%load_ext tensorboard", "%tensorboard --logdir Graph"]


def source(cell: dict) -> str:
    return "".join(cell["source"])


def downloaded(html: Path, name: str) -> Path:
    """The file a reader downloads from the built site."""
    (path,) = (html / "_downloads").glob(f"*/{name}")
    return path


@pytest.mark.parametrize("page", LOGGING_PAGES)
def test_downloaded_notebook_opens_tensorboard_inline(html, page):
    cells = json.loads(downloaded(html, f"{page}.ipynb").read_text())["cells"]
    code = [source(c) for c in cells if c["cell_type"] == "code"]
    assert code[0].startswith('%pip install "moons-tutorial @ git+')
    start = code.index(INLINE[0])
    assert code[start : start + 2] == INLINE
    # After the text that tells a console reader to start TensorBoard.
    position = next(i for i, c in enumerate(cells) if source(c) == INLINE[0])
    text = "".join(source(c) for c in cells[:position] if c["cell_type"] == "markdown")
    assert "tensorboard --logdir Graph" in text


@pytest.mark.parametrize("page", LOGGING_PAGES)
def test_zipped_notebook_is_the_same(html, page):
    notebook = downloaded(html, f"{page}.ipynb").read_bytes()
    with zipfile.ZipFile(downloaded(html, f"{page}.zip")) as bundle:
        assert bundle.read(f"{page}.ipynb") == notebook


@pytest.mark.parametrize("page", LOGGING_PAGES)
def test_script_and_page_keep_the_console_command(html, page):
    script = downloaded(html, f"{page}.py").read_text()
    built = (html / "auto_examples" / f"{page}.html").read_text(encoding="utf-8")
    built = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", built))
    for text in (script, built):
        assert "tensorboard --logdir Graph" in text
        assert "%load_ext" not in text


def test_the_notebooks_magic_loads(html, tmp_path):
    """Run the intro notebook's ``%load_ext tensorboard`` cell in a kernel.

    Only that cell: the notebook's other cells, ``%tensorboard`` included,
    run in a reader's fresh environment in test_downloads.py, and running
    them again here would train the network a second time. This checks that
    the magic the ``%tensorboard`` cell needs is there once the cell ran.
    """
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.reads(
        downloaded(html, "plot_intro.ipynb").read_text(), as_version=4
    )
    cells = notebook.cells
    assert source(cells[0]).startswith("%pip install")
    load = next(c for c in cells if source(c) == INLINE[0])
    check = nbformat.v4.new_code_cell(
        'print(get_ipython().find_line_magic("tensorboard") is not None)'
    )
    notebook.cells = [load, check]
    NotebookClient(
        notebook, timeout=600, resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = notebook.cells[-1].outputs
    assert [
        o.get("text", "").strip() for o in outputs if o.output_type == "stream"
    ] == ["True"]
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert not errors
