"""Keep the executed gallery honest: fresh outputs, no stale pages, logs published.

sphinx-gallery runs each example with the example's own folder as working
directory and re-runs it only when the example file itself changes. This module
makes three adjustments, none of which the examples need to know about:

* the examples are run from a mirror under the build directory, so that what
  they write (TensorBoard logs, figures) never lands in the source tree;
* before an example runs again, what it wrote last time is removed, so that its
  new logs replace the old ones instead of piling up next to them;
* an example is re-run when a module of the package it imports has changed.
"""

from __future__ import annotations

import ast
import hashlib
import io
import json
import os
import shutil
import zipfile
from pathlib import Path

MANIFEST_SUFFIX = ".outputs.json"
DEPENDENCIES_FILE = ".dependencies.json"
# conf.py names the mirror here, for the hook below to find.
WORK_DIR_VARIABLE = "MOONS_TUTORIAL_GALLERY_WORK_DIR"


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


def _module_imports(tree: ast.AST, package: str, current: str = "") -> set[str]:
    """Return the names of ``package`` that a parsed file imports.

    ``current`` is the package the file belongs to, for relative imports.
    """
    found = set()
    for node in ast.walk(tree):
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


def dependency_digest(example: Path, package_dir: Path, extra: list[Path]) -> str:
    """Hash the package modules an example imports, followed transitively.

    Importing a submodule also runs the package's ``__init__``, so that counts
    too. ``extra`` files (such as the lock file) are part of every digest.
    """
    modules = package_modules(package_dir)
    package = package_dir.name
    todo = [m for m in _module_imports(ast.parse(example.read_text()), package)]
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
        tree = ast.parse(modules[name].read_text())
        is_package = modules[name].name == "__init__.py"
        todo += _module_imports(
            tree, package, current=name if is_package else name.rpartition(".")[0]
        )
    digest = hashlib.sha256()
    for name in sorted(seen):
        digest.update(name.encode() + b"\0" + modules[name].read_bytes())
    for path in extra:
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def invalidate_stale_examples(
    mirror: Path, gallery: Path, package_dir: Path, extra: list[Path]
) -> list[str]:
    """Force a re-run of examples whose package dependencies changed.

    sphinx-gallery skips an example whose ``.md5`` file matches its source; we
    delete that file when the digest of what the example imports has changed.
    Returns the names of the examples invalidated.
    """
    record_path = gallery / DEPENDENCIES_FILE
    record = json.loads(record_path.read_text()) if record_path.is_file() else {}
    invalidated = []
    for example in sorted(mirror.glob("*.py")):
        digest = dependency_digest(example, package_dir, extra)
        if record.get(example.name) != digest:
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
    work = Path(os.environ[WORK_DIR_VARIABLE])
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
    events = sorted(log_root.rglob("events.out.tfevents.*"))
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


def _publish_logs(app) -> None:
    """Zip the gallery's TensorBoard logs once the examples have run."""
    work = Path(os.environ[WORK_DIR_VARIABLE])
    archive = Path(app.srcdir) / "_build" / "downloads" / LOGS_ARCHIVE
    count = zip_logs(work / "Graph", archive)
    if not count:
        from sphinx.errors import ExtensionError

        raise ExtensionError(f"no TensorBoard event files under {work / 'Graph'}")


def setup(app):
    """Register with Sphinx: the logs are zipped after sphinx-gallery ran."""
    # sphinx-gallery runs the examples in its builder-inited handler (priority
    # 500); ours runs after it, before any page is read.
    app.connect("builder-inited", _publish_logs, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
