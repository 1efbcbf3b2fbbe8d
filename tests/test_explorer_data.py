"""The explorer's data: real runs of a small grid, in the files the page reads.

Trains two settings of the grid as the build does (two worker processes, real
Keras), writes the explorer's files, and checks them against the format the
page reads; then the cache, the claims and the scripts. The built site's own
files are checked too, when the site is built.
"""

from __future__ import annotations

import gzip
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from sphinx.errors import ExtensionError

from sitebuild import explorer_claims, explorer_data, explorer_grid
from sitebuild.explorer_grid import RECORDED_EPOCHS, Setting

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "moons_tutorial"
LOCK = ROOT / "requirements" / "lock.txt"
BUILT = ROOT / "docs" / "_build" / "html" / "explorer"

# The intro's network, and the largest network of the grid (the largest file)
# with the product input.
SETTINGS = [explorer_grid.DEFAULT, Setting(2, 32, True, 0.1, "adadelta-1.0")]
# What a browser receives, compressed as a web server does (gzip level 6).
RUN_FILE_BUDGET = 85_000

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("explorer-cache")


@pytest.fixture(scope="module")
def trained(cache):
    """The two settings, trained as the build trains the grid, and the time it took."""
    start = time.perf_counter()
    results, was_trained = explorer_data.ensure_runs(cache, PACKAGE, LOCK, SETTINGS)
    assert was_trained
    return results, time.perf_counter() - start


@pytest.fixture(scope="module")
def site(trained, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("site") / "explorer"
    explorer_data.write_site(trained[0], [], [], folder)
    return folder


def read_js(path: Path, target: str):
    """The value a ``target = {...};`` script assigns."""
    text = path.read_text()
    assert text.startswith(f"{target} = ")
    assert text.endswith(";\n")
    return json.loads(text[len(target) + 3 : -2])


def read_run(folder: Path, key: str):
    target = f"(window.MOONS_EXPLORER_RUNS ||= {{}})[{json.dumps(key)}]"
    return read_js(folder / "runs" / f"{key}.js", target)


def significant_digits(value: float) -> int:
    digits = re.sub(r"e.*", "", repr(abs(value))).replace(".", "").lstrip("0")
    return len(digits)


def forward(layers, points: np.ndarray) -> np.ndarray:
    """The network of a snapshot, run as the page runs it: ReLU, then a sigmoid."""
    values = points
    for i, layer in enumerate(layers):
        values = values @ np.array(layer["kernel"]) + np.array(layer["bias"])
        if i < len(layers) - 1:
            values = np.maximum(values, 0)
    return 1 / (1 + np.exp(-values[:, 0]))


def test_index_holds_what_the_page_reads(site):
    index = read_js(site / "index.js", "window.MOONS_EXPLORER")
    assert set(index) == {
        *("controls", "optimizer_labels", "settings", "default"),
        *("unavailable_reason", "epochs", "grid", "data", "tries", "checks"),
        *("keras_version", "backend"),
    }
    assert index["controls"] == {
        "layers": [1, 2],
        "units": [2, 8, 32],
        "product": [False, True],
        "noise": [0.1, 0.2, 0.3],
        "optimizer": ["adadelta-1.0", "adadelta-string", "adam"],
    }
    assert set(index["optimizer_labels"]) == set(index["controls"]["optimizer"])
    assert index["default"] == "l1-u32-p0-n02-adadelta-1.0"
    assert index["settings"]["l2-u32-p1-n01-adadelta-1.0"] == {
        "layers": 2,
        "units": 32,
        "product": True,
        "noise": 0.1,
        "optimizer": "adadelta-1.0",
        "file": "runs/l2-u32-p1-n01-adadelta-1.0.js",
        "script": "scripts/l2-u32-p1-n01-adadelta-1.0.py",
    }
    for entry in index["settings"].values():
        assert (site / entry["file"]).is_file()
        assert (site / entry["script"]).is_file()
    assert index["epochs"][0] == 0
    assert index["epochs"][-1] == 200
    assert index["epochs"] == sorted(set(index["epochs"]))
    assert index["grid"] == {"lo": -3, "hi": 3, "n": 61}
    # The backend the runs were made on: this session's (the build's is JAX).
    assert index["backend"] == os.environ.get("KERAS_BACKEND", "jax")
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", index["keras_version"])
    for noise in ("0.1", "0.2"):
        data = index["data"][noise]
        assert len(data["x_test"]) == len(data["y_test"]) == 500
        assert all(len(point) == 2 for point in data["x_test"])
        assert all(round(x, 3) == x for point in data["x_test"] for x in point)
        assert set(data["y_test"]) == {0, 1}
        assert 0.9 < data["bayes_accuracy"] <= 1


def test_each_run_holds_its_curves_and_weights(site):
    for setting in SETTINGS:
        run = read_run(site, setting.key)
        assert set(run) == {
            *("loss", "val_loss", "accuracy", "val_accuracy", "snapshots", "code")
        }
        script = site / "scripts" / f"{setting.key}.py"
        assert run["code"] == script.read_text(), "the page shows another script"
        for curve in ("loss", "val_loss", "accuracy", "val_accuracy"):
            assert len(run[curve]) == 200
            assert all(significant_digits(v) <= 4 for v in run[curve])
        assert [s["epoch"] for s in run["snapshots"]] == list(RECORDED_EPOCHS)
        widths = [setting.n_features, *setting.hidden_units, 1]
        for snapshot in run["snapshots"]:
            shapes = [
                (np.shape(layer["kernel"]), np.shape(layer["bias"]))
                for layer in snapshot["layers"]
            ]
            assert shapes == [
                ((n_in, n_out), (n_out,)) for n_in, n_out in itertools.pairwise(widths)
            ]
        # Training moved the weights.
        first, last = (
            run["snapshots"][0]["layers"][0],
            run["snapshots"][-1]["layers"][0],
        )
        assert np.abs(np.array(first["kernel"]) - np.array(last["kernel"])).max() > 0.01


def test_the_last_snapshot_is_the_network_that_scored(site, trained):
    """The page's forward pass on the rounded weights gets the run's accuracy."""
    index = read_js(site / "index.js", "window.MOONS_EXPLORER")
    for setting in SETTINGS:
        run = read_run(site, setting.key)
        data = index["data"][str(setting.noise)]
        points = np.array(data["x_test"])
        if setting.product:
            points = np.column_stack([points, points[:, 0] * points[:, 1]])
        predicted = forward(run["snapshots"][-1]["layers"], points) > 0.5
        accuracy = np.mean(predicted == np.array(data["y_test"]))
        # Test points rounded to 3 decimals and weights to 4 digits may move a
        # point or two that lie on the boundary.
        assert accuracy == pytest.approx(run["val_accuracy"][-1], abs=0.005)


def test_run_files_stay_under_the_size_budget(site):
    for path in (site / "runs").glob("*.js"):
        assert len(gzip.compress(path.read_bytes(), 6)) <= RUN_FILE_BUDGET, path.name


def test_a_cached_rebuild_does_not_train(cache, trained):
    results, training_seconds = trained
    start = time.perf_counter()
    again, was_trained = explorer_data.ensure_runs(cache, PACKAGE, LOCK, SETTINGS)
    seconds = time.perf_counter() - start
    assert not was_trained
    assert again == results
    assert seconds < 1 < training_seconds


def edit(path: Path) -> None:
    path.write_text(path.read_text() + "\n# changed\n")


def test_what_the_runs_depend_on_changes_their_digest(tmp_path, monkeypatch):
    package = tmp_path / "moons_tutorial"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    lock = tmp_path / "lock.txt"
    shutil.copy(LOCK, lock)

    def digest():
        return explorer_data.grid_digest(SETTINGS, package, lock)

    # From JAX, whatever backend this session runs on.
    monkeypatch.setenv("KERAS_BACKEND", "jax")
    before = digest()
    # A module the worker imports only through another (training -> logs).
    edit(package / "logs.py")
    after_logs = digest()
    assert after_logs != before
    # A module no run imports.
    edit(package / "animation.py")
    assert digest() == after_logs
    edit(lock)
    after_lock = digest()
    assert after_lock != after_logs
    monkeypatch.setenv("KERAS_BACKEND", "tensorflow")
    assert digest() != after_lock
    monkeypatch.setenv("KERAS_BACKEND", "jax")
    assert digest() == after_lock
    assert explorer_data.grid_digest(SETTINGS[:1], package, lock) != after_lock


def test_a_changed_dependency_trains_again(tmp_path):
    package = tmp_path / "moons_tutorial"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    cache = tmp_path / "cache"
    settings = [Setting(1, 2, False, 0.3, "adadelta-1.0")]
    _, first = explorer_data.ensure_runs(cache, package, LOCK, settings, workers=1)
    _, cached = explorer_data.ensure_runs(cache, package, LOCK, settings, workers=1)
    edit(package / "training.py")
    _, after_change = explorer_data.ensure_runs(
        cache, package, LOCK, settings, workers=1
    )
    assert (first, cached, after_change) == (True, False, True)


def test_the_script_repeats_the_run(site, trained, tmp_path):
    """A reader's download, run by itself, prints the accuracy the page shows."""
    results, _ = trained
    setting = SETTINGS[1]  # two layers and the product input
    script = tmp_path / "run.py"
    shutil.copy(site / "scripts" / f"{setting.key}.py", script)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("KERAS_", "JAX_", "XLA_"))
    }
    env |= {"KERAS_HOME": str(tmp_path / "keras"), "TF_CPP_MIN_LOG_LEVEL": "2"}
    child = subprocess.run(
        [sys.executable, script.name],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    printed = re.search(r"Test accuracy: ([\d.]+)", child.stdout).group(1)
    assert printed == f"{results['runs'][setting.key]['test_accuracy']:.3f}"
    # The script's docstring says what it will print.
    assert f"accuracy of {printed}" in " ".join(script.read_text().split())


def test_two_scripts_differ_in_the_lines_their_settings_change(site):
    default = (site / "scripts" / f"{SETTINGS[0].key}.py").read_text().splitlines()
    other = (site / "scripts" / f"{SETTINGS[1].key}.py").read_text().splitlines()
    code = slice(default.index("import os"), None)
    added = set(other[code]) - set(default[code])
    removed = set(default[code]) - set(other[code])
    assert added == {
        "X, Y = make_moons(noise=0.1, random_state=0, n_samples=1000)",
        "X = np.column_stack([X, X[:, 0] * X[:, 1]])  # the product x1·x2",
        "model.add(keras.Input(shape=(3,)))",
    }
    assert removed == {
        "X, Y = make_moons(noise=0.2, random_state=0, n_samples=1000)",
        "model.add(keras.Input(shape=(2,)))",
    }
    # The second hidden layer repeats the first line.
    assert other.count('model.add(Dense(32, activation="relu"))') == 2


# --- The claims, checked on runs made up to hold or not ---------------------------


def made_up_results() -> dict:
    """Final accuracies and losses like this build's, for every claimed run."""

    def run(accuracy, first_loss=0.6, last_loss=0.1):
        return {
            "val_accuracy": [0.5, accuracy],
            "val_loss": [first_loss, last_loss],
            "test_accuracy": accuracy,
        }

    runs = {
        "l1-u2-p0-n02-adadelta-1.0": run(0.852, 0.59, 0.32),
        "l1-u32-p0-n02-adadelta-string": run(0.608, 0.691, 0.661),
    }
    for noise, accuracy in [("01", 0.996), ("02", 0.962), ("03", 0.904)]:
        runs[f"l1-u32-p0-n{noise}-adadelta-1.0"] = run(accuracy, 0.595, 0.116)
        runs[f"l1-u32-p0-n{noise}-adam"] = run(accuracy - 0.004)
    data = {
        noise: {"bayes_accuracy": b}
        for noise, b in [("0.1", 0.998), ("0.2", 0.972), ("0.3", 0.91)]
    }
    return {"runs": runs, "data": data}


def test_the_claims_hold_on_runs_that_support_them():
    tries, checks = explorer_claims.check_claims(made_up_results())
    assert len(tries) == 4
    assert [c["claim"] for c in checks[:4]] == [t["text"] for t in tries]
    for entry in tries:
        assert set(entry) == {"text", "key", "epoch", "measured"}
        assert entry["key"] in {s.key for s in explorer_grid.grid()}
    bayes = next(t for t in tries if "Bayes" in t["text"])
    assert "errs on 9.0 % of the test points" in bayes["text"]


def set_last(key: str, curve: str, value: float):
    def change(results):
        results["runs"][key][curve][-1] = value
        if curve == "val_accuracy":
            results["runs"][key]["test_accuracy"] = value

    return change


def set_bayes(noise: str, value: float):
    def change(results):
        results["data"][noise]["bayes_accuracy"] = value

    return change


@pytest.mark.parametrize(
    ("change", "claim", "measured"),
    [
        # Two units as good as 32.
        (
            set_last("l1-u2-p0-n02-adadelta-1.0", "val_accuracy", 0.95),
            "Two units",
            "2 units 95.0 %",
        ),
        # The string's loss falls as far as the fix's.
        (
            set_last("l1-u32-p0-n02-adadelta-string", "val_loss", 0.3),
            "'AdaDelta' string",
            "fell by 0.391",
        ),
        # Adam far behind at noise 0.3.
        (set_last("l1-u32-p0-n03-adam", "val_accuracy", 0.85), "Adam()", "Adam 85.0 %"),
        # The Bayes-optimal classifier far ahead of the network at noise 0.3.
        (set_bayes("0.3", 0.99), "Bayes-optimal", "Bayes-optimal 99.0 %"),
    ],
)
def test_a_claim_fails_the_build_when_a_run_contradicts_it(change, claim, measured):
    results = made_up_results()
    change(results)
    with pytest.raises(ExtensionError, match=re.escape(claim)) as failure:
        explorer_claims.check_claims(results)
    assert measured in str(failure.value)


def test_a_run_whose_script_would_print_another_accuracy_fails_the_build():
    results = made_up_results()
    results["runs"]["l1-u32-p0-n01-adam"]["test_accuracy"] = 0.5
    with pytest.raises(ExtensionError, match="figure its script states"):
        explorer_claims.check_claims(results)


# --- The built site ------------------------------------------------------------------


@pytest.mark.site
def test_the_built_site_has_every_run_of_the_grid():
    if not BUILT.is_dir():
        pytest.skip("the site is not built: nox -s docs")
    index = read_js(BUILT / "index.js", "window.MOONS_EXPLORER")
    assert set(index["settings"]) == {setting.key for setting in explorer_grid.grid()}
    assert len(index["tries"]) >= 3
    for key in index["settings"]:
        path = BUILT / "runs" / f"{key}.js"
        assert len(gzip.compress(path.read_bytes(), 6)) <= RUN_FILE_BUDGET, key
        assert (BUILT / "scripts" / f"{key}.py").is_file()


@pytest.mark.site
def test_a_build_where_nothing_changed_does_nothing_for_the_explorer():
    cache = ROOT / "docs" / "_build" / "explorer"
    if not (cache / explorer_data.FILES_DIGEST_FILE).is_file():
        pytest.skip("the site is not built: nox -s docs")
    index = cache / explorer_data.SITE_FOLDER / explorer_data.OUTPUT_FOLDER / "index.js"
    before = index.stat().st_mtime_ns
    start = time.perf_counter()
    rewritten = explorer_data.update_site(cache, PACKAGE, LOCK)
    seconds = time.perf_counter() - start
    assert not rewritten
    assert seconds < 0.2
    assert index.stat().st_mtime_ns == before
