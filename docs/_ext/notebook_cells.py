"""The gallery's notebooks: what they install first, and TensorBoard inline.

sphinx-gallery writes a notebook beside each example page. Two things differ
between a notebook and the page it comes from, and this module makes them:

* the first cell installs the package, at the commit the site was built from
  (the package is installed from the repository until it has a release);
* where the page tells the reader to start TensorBoard in a console
  (``tensorboard --logdir Graph``), the notebook opens it inline instead
  (``%load_ext tensorboard`` and ``%tensorboard --logdir Graph``), as
  TensorFlow's own tutorials do. The page and the script keep the console
  command.

sphinx-gallery has no hook for a notebook's cells, so the Sphinx extension
below edits the notebooks (and their zipped copies) once the gallery has been
generated. :func:`example_notebook` makes the same notebook straight from an
example script, without running it, for the notebooks that Colab and Binder
open (``nox -s notebooks``).
"""

from __future__ import annotations

import copy
import io
import json
import os
import re
import subprocess
import zipfile
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

PACKAGE = "moons-tutorial"
TENSORBOARD_COMMAND = re.compile(
    r"^\s*\$?\s*tensorboard\s+--logdir[ =](\S+)\s*$", re.MULTILINE
)
INLINE_NOTE = "In a notebook, TensorBoard opens inside it:"


def build_commit(root: Path) -> str | None:
    """Return the commit the site is built from, or None outside a git checkout.

    CI names it in ``GITHUB_SHA``; elsewhere ``git rev-parse HEAD`` does.
    """
    if os.environ.get("GITHUB_SHA"):
        return os.environ["GITHUB_SHA"]
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--verify", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return result.stdout.strip() or None


def install_requirement(repository: str, commit: str | None) -> str:
    """Return the pip requirement of the package at ``commit`` of ``repository``.

    Without a commit (a build outside a git checkout), the default branch.
    """
    return f"{PACKAGE} @ git+{repository.rstrip('/')}@{commit or 'main'}"


def install_cell(requirement: str) -> str:
    """Return the notebook's first cell: install the package."""
    return f'%pip install "{requirement}"'


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
    notebook["cells"] = finished
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


def _rezip(archive: Path, replacements: dict[str, bytes]) -> None:
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
        _rezip(archive, finished)
    return changed


# --- Sphinx ----------------------------------------------------------------------
# ``install_requirement`` (conf.py) changes with every commit. It is not part of
# sphinx-gallery's configuration, nor a setting that rebuilds the site: a new
# commit rewrites the notebooks' first cell and re-reads the pages that show the
# command, and nothing else.


def _finish_notebooks(app) -> None:
    gallery_dirs = app.config.sphinx_gallery_conf["gallery_dirs"]
    if isinstance(gallery_dirs, str):
        gallery_dirs = [gallery_dirs]
    install = install_cell(app.config.install_requirement)
    for gallery in gallery_dirs:
        finish_gallery_notebooks(Path(app.srcdir) / gallery, install)


def record_install_command(env, docname: str, requirement: str) -> None:
    """Note that ``docname`` shows ``requirement``: a new one re-reads the page."""
    shown = getattr(env, "install_command_shown", {})
    shown[docname] = requirement
    env.install_command_shown = shown


class InstallCommand(SphinxDirective):
    """``install-command``: the console command that installs this build's package."""

    def run(self) -> list[nodes.Node]:
        """Return a console code block."""
        requirement = self.config.install_requirement
        record_install_command(self.env, self.env.docname, requirement)
        command = f'$ python -m pip install "{requirement}"'
        return [nodes.literal_block(command, command, language="console")]


def _pages_with_an_old_command(app, env, added, changed, removed) -> list[str]:
    shown = getattr(env, "install_command_shown", {})
    return [
        docname
        for docname, requirement in shown.items()
        if requirement != app.config.install_requirement and docname not in removed
    ]


def _purge(app, env, docname) -> None:
    getattr(env, "install_command_shown", {}).pop(docname, None)


def _merge(app, env, docnames, other) -> None:
    shown = getattr(env, "install_command_shown", {})
    shown.update(getattr(other, "install_command_shown", {}))
    env.install_command_shown = shown


def _default_requirement(app, config) -> None:
    """Install the package from the commit being built, unless conf.py says."""
    if not config.install_requirement:
        config.install_requirement = install_requirement(
            config.launch_repository, build_commit(Path(app.srcdir))
        )


def setup(app):
    """Register with Sphinx: finish the notebooks once the gallery is generated.

    Also the ``install-command`` directive, for the install page.
    """
    app.setup_extension("launch_links")  # launch_repository names the repository
    # Empty: the package at the commit being built, from ``launch_repository``.
    app.add_config_value("install_requirement", "", "", str)
    app.connect("config-inited", _default_requirement)
    app.add_directive("install-command", InstallCommand)
    app.connect("env-get-outdated", _pages_with_an_old_command)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    # sphinx-gallery generates the gallery in its builder-inited handler
    # (priority 500), and Sphinx copies the downloads when it writes pages.
    app.connect("builder-inited", _finish_notebooks, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
