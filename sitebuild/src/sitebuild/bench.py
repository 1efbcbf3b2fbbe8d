"""Measure what ``nox -s bench`` reports: training speed and site build times.

Run by ``nox -s bench``; not collected by the test run. In one run, on this
machine, it measures

* the lesson's training (``build_model()`` then ``train(...)``, imports not
  timed, each in a fresh process) on every installed backend, alternating with
  scikit-learn's ``MLPClassifier`` for the same 200 epochs on the same data
  (five pairs by default: the median ratio and its spread over the pairs);
  on JAX once as a reader's first run meets it, and once more with a warm
  compilation cache, as inside the docs build;
* a reader's whole ``python plot_intro.py``, the downloaded intro page run in
  an empty folder, imports and all;
* the site: a clean build (environments installed), a second build with nothing
  changed (median of three), a build after touching one example, one after
  changing a function of the package, on a scratch copy of the working tree;
  and each example's run time as sphinx-gallery reports it;
* with ``--tests``, ``nox -s tests`` on that copy, its site already built;
* with ``--lighthouse``, Lighthouse's mobile audit of every page of the last
  build, served gzipped (:mod:`sitebuild.lighthouse`; ``nox -s lighthouse``
  runs it alone, and installs Lighthouse from npm first);

then prints the figures beside the project's targets and writes them to
docs/_build/bench.json. Other programs running at the same time slow every
figure: compare the ratios, which are measured in alternation.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from moons_tutorial.backends import LessonRun, installed_backends, run_lesson
from sitebuild.repository import ROOT

OUTPUT = ROOT / "docs" / "_build" / "bench.json"

# The speed the project aims for, in seconds
# unless named otherwise.
TARGETS = {
    "clean_build_seconds": 90.0,
    "nothing_changed_seconds": 5.0,
    "tests_seconds": 6 * 60.0,  # with the site already built
    "tests_ci_seconds": 10 * 60.0,  # .ci/run on a fresh clone
    "training_ratio": 3.0,  # Keras on JAX over MLPClassifier, fresh processes
}

SKLEARN_FIT = """
import json, time
from sklearn.neural_network import MLPClassifier
from moons_tutorial.data import load_moons

data = load_moons()
# 200 epochs exactly, as the lesson: no early stop on a loss plateau.
model = MLPClassifier((32,), batch_size=32, max_iter=200, tol=0.0,
                      n_iter_no_change=200, random_state=0)
start = time.perf_counter()
import warnings
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # "did not converge": we asked for 200 epochs
    model.fit(data.X_train, data.y_train)
seconds = time.perf_counter() - start
print(json.dumps({"fit_seconds": seconds, "test_accuracy":
                  model.score(data.X_test, data.y_test), "epochs": model.n_iter_}))
"""


def run_lesson_warm(backend: str, jax_cache_dir: str) -> LessonRun:
    """Train as :func:`run_lesson` does, with JAX's compilation cache in the child.

    ``run_lesson`` times what a reader's fresh process pays, compiling included;
    this runs the same child with a persistent cache that an earlier run filled.
    """
    env = {
        **os.environ,
        "KERAS_BACKEND": backend,
        "JAX_COMPILATION_CACHE_DIR": jax_cache_dir,
        # JAX caches only programs that took a second or more to compile by
        # default; the lesson's steps take less.
        "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": "0",
    }
    result = subprocess.run(
        [sys.executable, "-m", "moons_tutorial.backends", "--backend", backend],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return LessonRun(**json.loads(result.stdout.strip().splitlines()[-1]))


def time_sklearn() -> dict:
    """Fit MLPClassifier in a fresh process; return its timing and accuracy."""
    result = subprocess.run(
        [sys.executable, "-c", SKLEARN_FIT],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def bench_training(pairs: int) -> list[dict]:
    """Alternate Keras and scikit-learn fits per backend; return medians.

    Every backend is timed as a reader's process meets it: nothing compiled
    yet. JAX is timed a second time with a compilation cache that one untimed
    run filled first, which is the docs build's situation (its cache outlives
    each example), not a reader's first run of a downloaded example.
    """
    rows = [time_pairs(backend, pairs) for backend in installed_backends()]
    if "jax" in installed_backends():
        with tempfile.TemporaryDirectory(prefix="moons-bench-jax-") as cache:
            run_lesson_warm("jax", cache)
            rows.append(
                time_pairs("jax", pairs, "jax, compile cache warm", jax_cache_dir=cache)
            )
    return rows


def time_pairs(
    backend: str, pairs: int, label: str | None = None, jax_cache_dir: str | None = None
) -> dict:
    """Alternate ``pairs`` Keras and scikit-learn fits; return the medians."""
    label = label or backend
    keras_runs, sklearn_runs = [], []
    for _ in range(pairs):
        keras_runs.append(
            run_lesson(backend)
            if jax_cache_dir is None
            else run_lesson_warm(backend, jax_cache_dir)
        )
        sklearn_runs.append(time_sklearn())
    keras_times = [run.fit_seconds for run in keras_runs]
    sklearn_times = [run["fit_seconds"] for run in sklearn_runs]
    keras_median = statistics.median(keras_times)
    sklearn_median = statistics.median(sklearn_times)
    # Each pair ran back to back, so its ratio cancels most of what other
    # programs do to both; the median of the pairs' ratios is the figure.
    pair_ratios = [k / s for k, s in zip(keras_times, sklearn_times, strict=True)]
    ratio = statistics.median(pair_ratios)
    print(
        f"  {label}: keras {keras_median:.2f} s, sklearn {sklearn_median:.2f} s,"
        f" ratio {ratio:.2f}x ({min(pair_ratios):.2f}-{max(pair_ratios):.2f}x)",
        flush=True,
    )
    return {
        "backend": label,
        "pairs": pairs,
        "keras_fit_seconds": keras_times,
        "sklearn_fit_seconds": sklearn_times,
        "keras_median": keras_median,
        "sklearn_median": sklearn_median,
        "ratio": ratio,
        "pair_ratios": pair_ratios,
        "keras_test_accuracy": statistics.median(r.test_accuracy for r in keras_runs),
        "sklearn_test_accuracy": statistics.median(
            r["test_accuracy"] for r in sklearn_runs
        ),
    }


def time_reader_script(runs: int) -> dict:
    """Time ``python plot_intro.py`` as a reader runs the downloaded page.

    A copy of the example in an empty folder, run by this environment's
    Python (which has what the page needs) with nothing compiled or cached:
    the whole process, imports included, as a reader waits for it.
    """
    seconds = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="moons-bench-reader-") as folder:
            script = Path(folder, "plot_intro.py")
            shutil.copy(ROOT / "examples" / "plot_intro.py", script)
            env = {
                key: value
                for key, value in os.environ.items()
                if not key.startswith(("KERAS_", "JAX_", "MPL", "XLA_"))
            }
            env |= {
                "MPLBACKEND": "Agg",
                "MPLCONFIGDIR": str(Path(folder, "mpl")),
                "KERAS_HOME": str(Path(folder, "keras")),
                "TF_CPP_MIN_LOG_LEVEL": "2",
            }
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, script.name],
                cwd=folder,
                env=env,
                check=True,
                timeout=900,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            seconds.append(time.perf_counter() - start)
    median = statistics.median(seconds)
    print(f"  python plot_intro.py: {median:.1f} s", flush=True)
    return {"runs": seconds, "median": median}


def scratch_copy() -> Path:
    """Copy the working tree (tracked and new files, no build outputs)."""
    target = Path(tempfile.mkdtemp(prefix="moons-bench-")) / "project"
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in files:
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


def timed_nox(project: Path, *args: str, session: str = "docs") -> float:
    """Run a nox session in ``project``; return the wall time in seconds."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "nox", "-s", session, *args],
        cwd=project,
        check=True,
        timeout=3600,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def example_times(project: Path) -> dict[str, float]:
    """Each example's run time, from sphinx-gallery's own footer on its page."""
    times = {}
    pattern = (
        r"Total running time of the script:\*\* \((\d+) minutes ([\d.]+) seconds\)"
    )
    for page in sorted((project / "docs" / "auto_examples").glob("plot_*.rst")):
        match = re.search(pattern, page.read_text())
        if match:
            times[page.stem] = 60 * int(match.group(1)) + float(match.group(2))
    return times


# The explorer's step in a build where nothing changed, run by the scratch
# copy's own docs environment: its sitebuild is the copy's, as in its builds.
EXPLORER_STEP = """
import json, sys, time
from pathlib import Path
from sitebuild.explorer_data import update_site

project = Path(sys.argv[1])
start = time.perf_counter()
rewritten = update_site(
    project / "docs" / "_build" / "explorer",
    project / "moons_tutorial",
    project / "requirements" / "lock.txt",
)
print(json.dumps({"seconds": time.perf_counter() - start, "rewritten": rewritten}))
"""


def bench_explorer(project: Path) -> dict:
    """Time the explorer's grid in a build: from an empty cache, then cached.

    Cold: the training time the clean build recorded in its cache. Cached: the
    explorer's step when nothing changed since that build.
    """
    from sitebuild.explorer_data import RUNS_FILE

    cache = project / "docs" / "_build" / "explorer"
    cold = json.loads((cache / RUNS_FILE).read_text())["seconds"]
    result = subprocess.run(
        [
            str(project / ".nox" / "docs" / "bin" / "python"),
            "-c",
            EXPLORER_STEP,
            str(project),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    cached = json.loads(result.stdout.strip().splitlines()[-1])
    return {
        "explorer_grid_cold_seconds": cold,
        "explorer_grid_cached_seconds": cached["seconds"],
        "explorer_files_rewritten_when_nothing_changed": cached["rewritten"],
    }


def bench_site(tests: bool = False) -> dict:
    """Time the four builds on a scratch copy (and the tests); return the figures."""
    project = scratch_copy()
    try:
        # Install the environment once, untimed: "environments installed".
        timed_nox(project, "--install-only")
        clean = timed_nox(project)
        per_example = example_times(project)
        explorer = bench_explorer(project)
        nothing_changed = statistics.median(timed_nox(project) for _ in range(3))
        example = project / "examples" / "plot_intro.py"
        example.write_text(example.read_text() + "\n# touched\n")
        touched_example = timed_nox(project)
        before_change = example_times(project)
        module = project / "moons_tutorial" / "logs.py"
        module.write_text(
            module.read_text().replace(
                "def read_scalars(",
                "def _unused():\n    return 0\n\n\ndef read_scalars(",
            )
        )
        changed_function = timed_nox(project)
        tests_seconds = None
        if tests:
            timed_nox(project, "--install-only", session="tests")
            tests_seconds = timed_nox(project, session="tests")
        rerun = [
            name
            for name, seconds in example_times(project).items()
            if seconds != before_change.get(name)
        ]
        return {
            "clean_build_seconds": clean,
            "nothing_changed_seconds": nothing_changed,
            "touched_example_seconds": touched_example,
            "changed_package_function_seconds": changed_function,
            "changed_function": "moons_tutorial.logs.read_scalars",
            "examples_rerun_after_function_change": rerun,
            "example_seconds": per_example,
            **explorer,
            "tests_seconds": tests_seconds,
        }
    finally:
        shutil.rmtree(project.parent, ignore_errors=True)


def bench_lighthouse() -> dict:
    """Lighthouse on every page of the last build (``sitebuild.lighthouse``)."""
    from sitebuild import lighthouse

    html = lighthouse.HTML
    load = lighthouse.load_average()
    rows = lighthouse.measure(html, lighthouse.site_pages(html), runs=3)
    lighthouse.print_table(rows, load)
    return {"load_average": load, "pages": rows}


def target_rows(results: dict) -> list[tuple[str, str, str, str]]:
    """Today's figure beside each target: (what, today, target, verdict)."""

    def verdict(value: float | None, target: float) -> str:
        if value is None:
            return "not measured"
        if value <= target:
            return f"met ({value / target:.0%} of it)"
        return f"missed by {value - target:.1f}"

    rows = []
    site = results.get("site") or {}
    for key, what in [
        ("clean_build_seconds", "clean nox -s docs (s)"),
        ("nothing_changed_seconds", "nox -s docs, nothing changed (s)"),
        ("tests_seconds", "nox -s tests, site built (s)"),
    ]:
        value = site.get(key)
        rows.append(
            (
                what,
                "-" if value is None else f"{value:.1f}",
                f"<= {TARGETS[key]:.0f}",
                verdict(value, TARGETS[key]),
            )
        )
    rows.append(
        (
            "nox -s tests, fresh clone, CI (s)",
            "-",
            f"<= {TARGETS['tests_ci_seconds']:.0f}",
            "not measured here (.ci/run)",
        )
    )
    jax = next((r for r in results["training"] if r["backend"] == "jax"), None)
    ratio = jax["ratio"] if jax else None
    rows.append(
        (
            "JAX fit / MLPClassifier fit (x)",
            "-"
            if jax is None
            else f"{ratio:.2f} ({min(jax['pair_ratios']):.2f}-"
            f"{max(jax['pair_ratios']):.2f})",
            f"<= {TARGETS['training_ratio']:.1f}",
            verdict(ratio, TARGETS["training_ratio"]),
        )
    )
    reader = results.get("reader_script")
    rows.append(
        (
            "python plot_intro.py, whole (s)",
            "-" if reader is None else f"{reader['median']:.1f}",
            "smaller is better",
            "measured" if reader else "not measured",
        )
    )
    return rows


def print_table(results: dict) -> None:
    """Print the measured figures as tables, the targets first."""
    print("\nToday against the targets (medians; spread in brackets)")
    print(f"{'what':<36}{'today':>22}  {'target':<18}verdict")
    for what, today, target, verdict in target_rows(results):
        print(f"{what:<36}{today:>22}  {target:<18}{verdict}")

    print("\nTraining, 200 epochs, batch 32 (medians of fresh processes)")
    print(
        f"{'backend':<26}{'keras s':>9}{'sklearn s':>11}{'ratio':>8}"
        f"{'spread':>14}{'acc':>8}"
    )
    for row in results["training"]:
        spread = f"{min(row['pair_ratios']):.2f}-{max(row['pair_ratios']):.2f}x"
        print(
            f"{row['backend']:<26}{row['keras_median']:>9.2f}"
            f"{row['sklearn_median']:>11.2f}{row['ratio']:>7.2f}x"
            f"{spread:>14}{row['keras_test_accuracy']:>8.3f}"
        )
    reader = results.get("reader_script")
    if reader:
        runs = ", ".join(f"{seconds:.1f}" for seconds in reader["runs"])
        print(f"\nA reader's python plot_intro.py: {reader['median']:.1f} s ({runs})")
    site = results.get("site")
    if site:
        print("\nSite builds (nox -s docs, wall time)")
        for key in (
            "clean_build_seconds",
            "nothing_changed_seconds",
            "touched_example_seconds",
            "changed_package_function_seconds",
            "explorer_grid_cold_seconds",
            "explorer_grid_cached_seconds",
        ):
            print(
                f"{key.removesuffix('_seconds').replace('_', ' '):<44}"
                f"{site[key]:>8.1f} s"
            )
        print(
            f"re-run after changing {site['changed_function']}: "
            f"{', '.join(site['examples_rerun_after_function_change']) or 'none'}"
        )
        print("\nExample run times (sphinx-gallery)")
        for name, seconds in site["example_seconds"].items():
            print(f"{name:<32}{seconds:>8.1f} s")


def main() -> None:
    """Measure, print the table, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--reader-runs", type=int, default=3)
    parser.add_argument("--skip-site", action="store_true")
    parser.add_argument("--skip-training", action="store_true")
    parser.add_argument(
        "--tests", action="store_true", help="also time nox -s tests (minutes)"
    )
    parser.add_argument(
        "--lighthouse",
        action="store_true",
        help="also audit the last build's pages with Lighthouse (npm ci first)",
    )
    args = parser.parse_args()
    results: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    }
    if not args.skip_training:
        print("Timing the lesson's training ...", flush=True)
        results["training"] = bench_training(args.pairs)
        print("Timing a reader's python plot_intro.py ...", flush=True)
        results["reader_script"] = time_reader_script(args.reader_runs)
    if not args.skip_site:
        print("Timing site builds on a scratch copy ...", flush=True)
        results["site"] = bench_site(tests=args.tests)
    if args.lighthouse:
        print("Auditing the pages with Lighthouse ...", flush=True)
        results["lighthouse"] = bench_lighthouse()
    results.setdefault("training", [])
    print_table(results)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(results, indent=2))
    print(f"\nwrote {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
