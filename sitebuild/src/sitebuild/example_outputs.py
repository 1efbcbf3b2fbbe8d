"""Each example owns what it writes: a re-run replaces its old outputs.

An example that runs again would otherwise add its new TensorBoard logs next
to the old ones, and the published logs would pile up. sphinx-gallery's
``reset_modules`` hook runs before and after each example: before, this deletes
what the example wrote last time; after, it records what it wrote now. (The
files are the example's own because examples run one at a time.)
"""

from __future__ import annotations

import json
from pathlib import Path

from sitebuild.example_mirror import work_dir

RECORDS = ".outputs"  # the folder of records, inside the work folder
MANIFEST_SUFFIX = ".outputs.json"


def manifest_path(work: Path, example: str) -> Path:
    """Where the list of files that ``example`` wrote is kept."""
    return work / RECORDS / f"{example}{MANIFEST_SUFFIX}"


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def _remove_empty_folders(root: Path) -> None:
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


def reset_example_outputs(gallery_conf, fname, when) -> None:
    """sphinx-gallery ``reset_modules`` hook: own and refresh an example's outputs.

    Before an example runs, delete what it wrote last time and note what the
    working folder holds; after it ran, record the new files as its outputs.
    """
    if fname is None:
        return
    work = work_dir(gallery_conf)
    manifest = manifest_path(work, Path(fname).name)
    before = work / RECORDS / f"{Path(fname).name}.before.json"
    manifest.parent.mkdir(exist_ok=True)
    if when == "before":
        if manifest.is_file():
            for relative in json.loads(manifest.read_text()):
                (work / relative).unlink(missing_ok=True)
            _remove_empty_folders(work)
        before.write_text(json.dumps(sorted(_files(work))))
    else:
        existing = set(json.loads(before.read_text())) if before.is_file() else set()
        new = sorted(f for f in _files(work) - existing if not f.startswith(RECORDS))
        manifest.write_text(json.dumps(new, indent=1))
