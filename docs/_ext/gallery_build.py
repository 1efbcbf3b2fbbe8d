"""Keep the executed gallery honest: fresh outputs, no stale pages, logs published.

sphinx-gallery runs each example with the example's own folder as working
directory and re-runs it only when the example file itself changes. This
extension makes four adjustments, none of which the examples need to know about.
When the build starts (before sphinx-gallery runs the examples):

* the examples are mirrored into the gallery's ``examples_dirs`` under the build
  folder and run there, so that what they write (TensorBoard logs, figures)
  never lands in the source tree;
* an example is re-run when a module of the package that it imports has changed,
  or when the backend, the Python version or the lock file did
  (:func:`build_environment.run_key`);

while the examples run (sphinx-gallery's ``reset_modules`` hook):

* what an example wrote last time is removed before it runs again, so that its
  new logs replace the old ones instead of piling up next to them;

and once they ran:

* the TensorBoard logs they wrote are zipped for the pages to link.
"""

from __future__ import annotations

import ast
import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

from build_environment import run_key
from sphinx.util import logging

from moons_tutorial.logs import event_files

MANIFEST_SUFFIX = ".outputs.json"
DEPENDENCIES_FILE = ".dependencies.json"

logger = logging.getLogger(__name__)


def mirror_examples(source: Path, mirror: Path) -> None:
    """Make ``mirror`` hold exactly the files of ``source``, copying only changes.

    Whatever examples wrote into the mirror (their outputs) is left alone.
    """
    mirror.mkdir(parents=True, exist_ok=True)
    sources = {p.relative_to(source) for p in source.rglob("*") if p.is_file()}
    for relative in sources:
        target = mirror / relative
        if (
            not target.is_file()
            or target.read_bytes() != (source / relative).read_bytes()
        ):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / relative, target)
    recorded = mirror / ".sources.json"
    previous = set(json.loads(recorded.read_text())) if recorded.is_file() else set()
    for gone in previous - {str(p) for p in sources}:
        (mirror / gone).unlink(missing_ok=True)
    recorded.write_text(json.dumps(sorted(str(p) for p in sources)))


def _run_time_nodes(tree: ast.AST):
    """Walk a parsed file, leaving out ``if TYPE_CHECKING:`` blocks.

    What only type checkers read is never imported when the example runs.
    """
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                todo += child.orelse
            else:
                todo.append(child)


def _module_imports(tree: ast.AST, package: str, current: str = "") -> set[str]:
    """Return the names of ``package`` that a parsed file imports when it runs.

    ``current`` is the package the file belongs to, for relative imports.
    Imports inside functions count: they run when the function is called.
    """
    found = set()
    for node in _run_time_nodes(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == package}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative to ``current``, the importing package
                base = current.rsplit(".", node.level - 1)[0]
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            if module.split(".")[0] == package:
                found.add(module)
                found |= {f"{module}.{a.name}" for a in node.names}
    return found


def package_modules(package_dir: Path) -> dict[str, Path]:
    """Map each module name of the package to its file."""
    modules = {}
    for path in package_dir.rglob("*.py"):
        parts = path.relative_to(package_dir.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def imported_modules(example: Path, package_dir: Path) -> set[str]:
    """The package's modules that running ``example`` imports, transitively.

    Importing a submodule runs its parent packages' ``__init__`` first, so
    those count too.
    """
    modules = package_modules(package_dir)
    package = package_dir.name
    todo = list(_module_imports(ast.parse(example.read_text()), package))
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        # "pkg.mod.func" names a module's attribute: walk up to the module.
        while name and name not in modules:
            name = name.rpartition(".")[0]
        if not name or name in seen:
            continue
        seen.add(name)
        parts = name.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]
        is_package = modules[name].name == "__init__.py"
        todo += _module_imports(
            ast.parse(modules[name].read_text()),
            package,
            current=name if is_package else name.rpartition(".")[0],
        )
    return seen


def dependency_digest(example: Path, package_dir: Path, key: str) -> str:
    """Hash the package modules an example imports, and the run ``key``."""
    modules = package_modules(package_dir)
    digest = hashlib.sha256(key.encode())
    for name in sorted(imported_modules(example, package_dir)):
        digest.update(name.encode() + b"\0" + modules[name].read_bytes())
    return digest.hexdigest()


def invalidate_stale_examples(
    mirror: Path, gallery: Path, package_dir: Path, key: str
) -> list[str]:
    """Force a re-run of examples whose dependencies changed or outputs are gone.

    sphinx-gallery skips an example whose ``.md5`` file matches its source; we
    delete that file when the digest of what the example depends on has
    changed. Returns the names of the examples invalidated.
    """
    record_path = gallery / DEPENDENCIES_FILE
    record = json.loads(record_path.read_text()) if record_path.is_file() else {}
    invalidated = []
    for example in sorted(mirror.glob("*.py")):
        digest = dependency_digest(example, package_dir, key)
        # Its outputs gone (the build folder was removed, the gallery kept), an
        # example must run again to make its logs.
        ran_here = (mirror / ".outputs" / f"{example.name}{MANIFEST_SUFFIX}").is_file()
        if record.get(example.name) != digest or not ran_here:
            md5 = gallery / f"{example.name}.md5"
            if md5.is_file():
                md5.unlink()
                invalidated.append(example.name)
            record[example.name] = digest
    gallery.mkdir(parents=True, exist_ok=True)
    record_path.write_text(json.dumps(record, indent=1, sort_keys=True))
    return invalidated


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def reset_example_outputs(gallery_conf, fname, when) -> None:
    """sphinx-gallery ``reset_modules`` hook: own and refresh an example's outputs.

    Before an example runs, delete what it wrote last time and note what the
    working folder holds; after it ran, record the new files as its outputs.
    (They are the example's own because examples run one at a time.)
    """
    if fname is None:
        return
    work = _work_dir(gallery_conf)
    manifest = work / ".outputs" / f"{Path(fname).name}{MANIFEST_SUFFIX}"
    before = work / ".outputs" / f"{Path(fname).name}.before.json"
    manifest.parent.mkdir(exist_ok=True)
    if when == "before":
        if manifest.is_file():
            for relative in json.loads(manifest.read_text()):
                (work / relative).unlink(missing_ok=True)
            _remove_empty_folders(work)
        before.write_text(json.dumps(sorted(_files(work))))
    else:
        existing = set(json.loads(before.read_text())) if before.is_file() else set()
        new = sorted(f for f in _files(work) - existing if not f.startswith(".outputs"))
        manifest.write_text(json.dumps(new, indent=1))


def _remove_empty_folders(root: Path) -> None:
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


def zip_logs(log_root: Path, archive: Path) -> int:
    """Pack every event file under ``log_root`` into ``archive``; return the count.

    Paths inside the archive start with the log root's own name (``Graph/...``),
    so that unzipping gives one folder to hand to ``tensorboard --logdir``.
    An archive that would come out the same is left untouched: every page that
    links it depends on it, and a newer file would make Sphinx rewrite them all.
    """
    events = event_files(log_root)
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in events:
            arcname = Path(log_root.name) / path.relative_to(log_root)
            # A fixed timestamp keeps the archive identical across rebuilds.
            info = zipfile.ZipInfo(arcname.as_posix(), date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, path.read_bytes())
    if not archive.is_file() or archive.read_bytes() != packed.getvalue():
        archive.parent.mkdir(parents=True, exist_ok=True)
        archive.write_bytes(packed.getvalue())
    return len(events)


LOGS_ARCHIVE = "moons-tutorial-tensorboard-logs.zip"

# The gallery in the order the lesson reads; examples not listed come last.
LESSON_ORDER = [
    "plot_intro.py",
    "plot_tensorboard.py",
    "plot_depth_features.py",
    "plot_overfitting.py",
    "plot_optimizers.py",
    "plot_bayes.py",
    "plot_backends.py",
]


class LessonOrder:
    """sphinx-gallery sort key: the lesson's order, then by file name."""

    def __init__(self, src_dir: str) -> None:
        self.src_dir = src_dir

    def __call__(self, filename: str) -> tuple[int, str]:
        """Return the sort key of one example file."""
        position = LESSON_ORDER.index(filename) if filename in LESSON_ORDER else 99
        return position, filename


def _work_dir(gallery_conf) -> Path:
    """The folder the examples run in: the gallery's one ``examples_dirs``."""
    (examples_dir,) = (
        [gallery_conf["examples_dirs"]]
        if isinstance(gallery_conf["examples_dirs"], str)
        else gallery_conf["examples_dirs"]
    )
    return Path(gallery_conf["src_dir"], examples_dir)


def _prepare_examples(app) -> None:
    """Mirror the examples and force a re-run of those whose inputs changed."""
    gallery_conf = {**app.config.sphinx_gallery_conf, "src_dir": app.srcdir}
    work = _work_dir(gallery_conf)
    mirror_examples(Path(app.srcdir, app.config.gallery_sources), work)
    invalidated = invalidate_stale_examples(
        work,
        Path(app.srcdir, app.config.sphinx_gallery_conf["gallery_dirs"]),
        package_dir=Path(app.srcdir, app.config.gallery_package),
        key=_gallery_key(app),
    )
    if invalidated:
        logger.info("examples to run again: %s", ", ".join(invalidated))


_CONF_DIGESTS: dict[int, str] = {}  # per Sphinx application


def _remember_gallery_conf(app, config) -> None:
    """Hash sphinx_gallery_conf as conf.py set it, before defaults fill it in.

    A page is generated from its example and this configuration (launch
    badges, scrapers, the notebook's first cell): a change to it must re-run
    every example, as sphinx-gallery would not.
    """
    # Which examples run (``-D sphinx_gallery_conf.filename_pattern=...`` picks
    # a few while editing) does not change how a page is made.
    conf = {
        k: v for k, v in config.sphinx_gallery_conf.items() if k != "filename_pattern"
    }
    text = json.dumps(conf, sort_keys=True, default=repr)
    _CONF_DIGESTS[id(app)] = hashlib.sha256(text.encode()).hexdigest()


def _gallery_key(app) -> str:
    """The run key, the gallery's configuration and the files shaping its pages."""
    digest = hashlib.sha256(
        run_key(Path(app.srcdir, app.config.run_key_lock_file)).encode()
    )
    digest.update(_CONF_DIGESTS[id(app)].encode())
    for name in app.config.gallery_inputs:
        digest.update(Path(app.srcdir, name).read_bytes())
    return digest.hexdigest()


def _publish_logs(app) -> None:
    """Zip the gallery's TensorBoard logs once the examples have run."""
    gallery_conf = {**app.config.sphinx_gallery_conf, "src_dir": app.srcdir}
    log_root = _work_dir(gallery_conf) / "Graph"
    archive = Path(app.srcdir) / "_build" / "downloads" / LOGS_ARCHIVE
    if not zip_logs(log_root, archive):
        from sphinx.errors import ExtensionError

        raise ExtensionError(f"no TensorBoard event files under {log_root}")


def _define_logs_link(app, config) -> None:
    """Let pages link the logs zip as ``|tensorboard_logs|``."""
    config.rst_epilog = (config.rst_epilog or "") + (
        "\n.. |tensorboard_logs| replace:: :download:`the TensorBoard logs of this"
        f" build </_build/downloads/{LOGS_ARCHIVE}>`\n"
    )


def setup(app):
    """Register the configuration values and the build steps around the gallery."""
    app.setup_extension("build_environment")
    # Where the examples' sources are, and the package whose modules they import.
    app.add_config_value("gallery_sources", "../examples", "env", types=[str])
    app.add_config_value("gallery_package", "../moons_tutorial", "env", types=[str])
    app.add_config_value("gallery_inputs", [], "env", types=[list])
    # sphinx-gallery runs the examples in its builder-inited handler (priority
    # 500): ours mirror them before it, and zip their logs after it, before any
    # page is read.
    app.connect("config-inited", _define_logs_link)
    # Before sphinx-gallery fills in its defaults (config-inited, priority 10).
    app.connect("config-inited", _remember_gallery_conf, priority=5)
    app.connect("builder-inited", _prepare_examples, priority=400)
    app.connect("builder-inited", _publish_logs, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
