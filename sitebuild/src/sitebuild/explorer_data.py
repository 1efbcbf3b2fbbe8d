"""The explorer page's data: the grid trained at build time, cached, published.

The explorer (``explorer.md``) draws what real Keras did for each setting of
its grid (:mod:`sitebuild.explorer_grid`). This step trains the grid in two
worker processes (:mod:`sitebuild.explorer_runs`), checks the page's claims on
the runs (:mod:`sitebuild.explorer_claims`), and writes, for the built site,

* ``explorer/index.js``: the controls, the settings, the test points, the
  claims, as ``window.MOONS_EXPLORER``;
* ``explorer/runs/KEY.js``: one run's curves and recorded weights;
* ``explorer/scripts/KEY.py``: the plain Keras script that repeats the run
  (:mod:`sitebuild.explorer_scripts`).

Only ``<script src>`` files, so that the page works opened from disk.

The runs are trained again only when what they depend on changes: the run key
(backend, Python, lock file), the package modules the worker imports, and the
grid and worker modules themselves. Otherwise they come from the cache under
``docs/_build/explorer``, outside the published folder, whose ``site`` folder
Sphinx copies into the HTML output (``html_extra_path``); and the files are
written again only when the runs or the code that makes the files changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sphinx.errors import ExtensionError
from sphinx.util import logging

from sitebuild import explorer_claims, explorer_grid, explorer_scripts
from sitebuild.environment import run_key
from sitebuild.explorer_grid import Setting
from sitebuild.stale_examples import imported_modules, package_modules

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
# The worker's own code and the grid it trains: a change to either trains again.
WORKER_MODULES = ("explorer_grid.py", "explorer_runs.py")
WORKERS = 2  # the machine's two cores; each worker imports Keras once
WORKER_TIMEOUT = 1800  # seconds, for half the grid on a busy machine

RUNS_FILE = "runs.json"
DIGEST_FILE = "runs.sha256"
# The code that turns the runs into the page's files, and the digest of the
# runs and that code when the files were written.
FILE_MAKERS = ("explorer_claims.py", "explorer_scripts.py", "explorer_data.py")
FILES_DIGEST_FILE = "files.sha256"
SITE_FOLDER = "site"  # copied into the HTML output as it is
OUTPUT_FOLDER = "explorer"


def grid_digest(settings: Sequence[Setting], package_dir: Path, lock_file: Path) -> str:
    """Hash everything the runs depend on.

    The run key, the settings, the worker's modules, and the modules of the
    package that the worker imports, transitively.
    """
    digest = hashlib.sha256(run_key(lock_file).encode())
    digest.update("\0".join(setting.key for setting in settings).encode())
    for name in WORKER_MODULES:
        digest.update(name.encode() + b"\0" + (HERE / name).read_bytes())
    modules = package_modules(package_dir)
    for name in sorted(imported_modules(HERE / "explorer_runs.py", package_dir)):
        digest.update(name.encode() + b"\0" + modules[name].read_bytes())
    return digest.hexdigest()


def shares(settings: Sequence[Setting], workers: int) -> list[list[Setting]]:
    """Split the grid between ``workers``, a network's noises together.

    A worker that trains the same network at another noise reuses the
    programs JAX compiled for the first: the groups of one network go to one
    worker, and the groups are dealt out in turn.
    """
    groups: dict[tuple[object, ...], list[Setting]] = {}
    for setting in settings:
        network = (setting.layers, setting.units, setting.product, setting.optimizer)
        groups.setdefault(network, []).append(setting)
    dealt: list[list[Setting]] = [[] for _ in range(workers)]
    for i, group in enumerate(groups.values()):
        dealt[i % workers].extend(group)
    return [share for share in dealt if share]


def start_worker(share: Sequence[Setting], output: Path) -> subprocess.Popen:
    """Start a worker process that trains ``share`` into ``output``.

    Its messages go to ``output`` with the suffix ``.log``, read if it fails.
    """
    command = [sys.executable, "-m", "sitebuild.explorer_runs", str(output)]
    with output.with_suffix(".log").open("w") as log:
        # The child holds its own copy of the log's file descriptor.
        return subprocess.Popen(
            [*command, *(setting.key for setting in share)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=os.environ.copy(),
        )


def train_grid(settings: Sequence[Setting], workers: int = WORKERS) -> dict[str, Any]:
    """Train ``settings`` in ``workers`` processes side by side; merge what they wrote."""
    with tempfile.TemporaryDirectory(prefix="moons-explorer-") as folder:
        outputs = [
            Path(folder, f"worker-{i}.json")
            for i in range(len(shares(settings, workers)))
        ]
        children = [
            start_worker(share, output)
            for share, output in zip(shares(settings, workers), outputs, strict=True)
        ]
        merged: dict[str, Any] = {"runs": {}, "data": {}}
        try:
            for child, output in zip(children, outputs, strict=True):
                status = child.wait(timeout=WORKER_TIMEOUT)
                if status != 0:
                    log = output.with_suffix(".log").read_text().splitlines()
                    raise ExtensionError(
                        f"training the explorer's runs failed (exit status"
                        f" {status}):\n" + "\n".join(log[-30:])
                    )
                part = json.loads(output.read_text())
                merged["runs"].update(part.pop("runs"))
                merged["data"].update(part.pop("data"))
                merged.update(part)  # the Keras version and backend
        finally:
            for child in children:  # after a failure or a timeout, the others
                if child.poll() is None:
                    child.kill()
                    child.wait()
    return merged


def ensure_runs(
    cache: Path,
    package_dir: Path,
    lock_file: Path,
    settings: Sequence[Setting] | None = None,
    workers: int = WORKERS,
) -> tuple[dict[str, Any], bool]:
    """Return the runs of ``settings`` (the grid), from the cache or trained now.

    Returns the runs and whether they were trained.
    """
    settings = explorer_grid.grid() if settings is None else list(settings)
    digest = grid_digest(settings, package_dir, lock_file)
    runs_file, digest_file = cache / RUNS_FILE, cache / DIGEST_FILE
    if (
        digest_file.is_file()
        and digest_file.read_text() == digest
        and runs_file.is_file()
    ):
        return json.loads(runs_file.read_text()), False
    start = time.perf_counter()
    results = train_grid(settings, workers)
    results["seconds"] = time.perf_counter() - start
    cache.mkdir(parents=True, exist_ok=True)
    runs_file.write_text(json.dumps(results))
    digest_file.write_text(digest)  # last: a cache without it is not trusted
    return results, True


def js_assignment(target: str, value: object) -> str:
    """Return a script that sets ``target`` to ``value``, for a ``<script src>`` tag."""
    return f"{target} = {json.dumps(value, separators=(',', ':'))};\n"


def index(
    results: dict[str, Any], tries: list[dict[str, Any]], checks: list[dict[str, str]]
) -> dict[str, Any]:
    """Return what ``explorer/index.js`` holds: everything but the runs themselves."""
    settings = [explorer_grid.by_key(key) for key in results["runs"]]
    return {
        "controls": explorer_grid.controls(),
        "optimizer_labels": explorer_grid.OPTIMIZERS,
        "settings": {setting.key: setting.as_json() for setting in settings},
        "default": explorer_grid.DEFAULT.key,
        "unavailable_reason": explorer_grid.UNAVAILABLE_REASON,
        "epochs": list(explorer_grid.RECORDED_EPOCHS),
        "grid": explorer_grid.BOUNDARY_GRID,
        "data": results["data"],
        "tries": tries,
        "checks": checks,
        "keras_version": results["keras_version"],
        "backend": results["backend"],
    }


def write_site(
    results: dict[str, Any],
    tries: list[dict[str, Any]],
    checks: list[dict[str, str]],
    folder: Path,
) -> None:
    """Write ``index.js``, ``runs/KEY.js`` and ``scripts/KEY.py`` into ``folder``."""
    (folder / "runs").mkdir(parents=True, exist_ok=True)
    (folder / "scripts").mkdir(parents=True, exist_ok=True)
    (folder / "index.js").write_text(
        js_assignment("window.MOONS_EXPLORER", index(results, tries, checks))
    )
    curves = ("loss", "val_loss", "accuracy", "val_accuracy", "snapshots")
    for key, run in results["runs"].items():
        text = explorer_scripts.script(
            explorer_grid.by_key(key), run["test_accuracy"], results["keras_version"]
        )
        (folder / "scripts" / f"{key}.py").write_text(text)
        # The script's text too: a page opened from disk cannot fetch the .py.
        published = {**{name: run[name] for name in curves}, "code": text}
        target = f"(window.MOONS_EXPLORER_RUNS ||= {{}})[{json.dumps(key)}]"
        (folder / "runs" / f"{key}.js").write_text(js_assignment(target, published))


def cache_folder(app) -> Path:
    """Return the folder of the runs' cache, outside the HTML output."""
    return Path(app.srcdir, app.config.explorer_cache_dir)


def publish_folder(app, config) -> None:
    """Sphinx step: copy the explorer's files into the HTML output.

    The folder is made now, empty at first, since Sphinx drops an
    ``html_extra_path`` that does not exist yet.
    """
    site = Path(app.srcdir, config.explorer_cache_dir, SITE_FOLDER)
    site.mkdir(parents=True, exist_ok=True)
    config.html_extra_path = [*config.html_extra_path, str(site)]


def files_digest(runs_digest: str) -> str:
    """Hash the runs' digest and the code that turns runs into the page's files."""
    digest = hashlib.sha256(runs_digest.encode())
    for name in FILE_MAKERS:
        digest.update(name.encode() + b"\0" + (HERE / name).read_bytes())
    return digest.hexdigest()


def update_site(cache: Path, package_dir: Path, lock_file: Path) -> bool:
    """Write the page's files under ``cache``, unless they are up to date.

    They are up to date when neither the runs nor the code that checks them
    and writes the files changed since they were written: the same claims were
    checked on the same runs. Otherwise the runs come from the cache or are
    trained (:func:`ensure_runs`), the claims are checked, and the files are
    written again. Returns whether they were.
    """
    output = cache / SITE_FOLDER / OUTPUT_FOLDER
    stamp = cache / FILES_DIGEST_FILE
    expected = files_digest(grid_digest(explorer_grid.grid(), package_dir, lock_file))
    if stamp.is_file() and stamp.read_text() == expected and output.is_dir():
        return False
    results, trained = ensure_runs(cache, package_dir, lock_file)
    if trained:
        logger.info(
            "explorer: trained %d settings in %.1f s",
            len(results["runs"]),
            results["seconds"],
        )
    tries, checks = explorer_claims.check_claims(results)
    shutil.rmtree(output, ignore_errors=True)  # no file of an older grid stays
    write_site(results, tries, checks, output)
    stamp.write_text(expected)
    return True


def make_explorer_data(app) -> None:
    """Sphinx step: the explorer's files, trained and checked if their inputs changed."""
    if app.builder.format != "html" or not app.config.explorer_runs:
        return
    update_site(
        cache_folder(app),
        package_dir=Path(app.srcdir, app.config.gallery_package),
        lock_file=Path(app.srcdir, app.config.run_key_lock_file),
    )
