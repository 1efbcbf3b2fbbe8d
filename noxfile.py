# /// script
# dependencies = ["nox>=2025.5.1", "uv>=0.6"]
# ///
"""Every workflow of the project: ``nox -s docs``, ``nox -s tests``, and the rest.

Run ``nox -l`` for the list. Each session installs what it needs with uv, at
the versions of requirements/lock.txt, and reuses its environment, so a second
run with nothing changed costs seconds. ``pip install 'nox[uv]'`` installs uv
with nox; a nox without uv first makes itself an environment with both, from
the block above, on every call.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2025.5.1"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["lint", "tests"]

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml("pyproject.toml")
DOCS_BUILD = ROOT / "docs" / "_build"
HTML = DOCS_BUILD / "html"
BACKENDS = ["jax", "tensorflow"]
# Every version every session installs, pinned, so that a build next month
# resolves what this one did. `nox -s lock` refreshes it.
LOCK = ROOT / "requirements" / "lock.txt"
# The dependency groups of pyproject.toml that the lock file pins.
LOCKED_GROUPS = [
    *("docs", "notebooks", "test", "lint", "serve", "build", "bench", "lock")
]

# Precompiled bytecode: this project imports TensorFlow and JAX in many fresh
# processes, and compiling their modules at every import costs seconds each time
# where PYTHONDONTWRITEBYTECODE is set.
INSTALL_ENV = {"UV_COMPILE_BYTECODE": "1", "PIP_COMPILE": "1"}


def install(session: nox.Session, *groups: str, project: bool = True) -> None:
    """Install the named dependency groups, at the lock file's versions.

    With ``project``, the project itself too, and the site's machinery
    (``sitebuild/``), both editable. A reused environment
    that was installed from the same pyproject.toml and lock file is left as it
    is: asking uv again would cost seconds (it rebuilds the editable project's
    metadata) to change nothing.
    """
    requirements = nox.project.dependency_groups(PYPROJECT, *groups)
    editable = ["-e", ".", "-e", "./sitebuild"] if project else []
    args = [*editable, *requirements, "--constraint", str(LOCK), "--quiet"]
    key = hashlib.sha256(
        "\0".join(args).encode()
        + (ROOT / "pyproject.toml").read_bytes()
        + LOCK.read_bytes()
    ).hexdigest()
    location = getattr(session.virtualenv, "location", None)
    stamp = Path(location, ".moons-tutorial-install") if location else None
    if stamp and stamp.is_file() and stamp.read_text() == key:
        session.log("Environment up to date with pyproject.toml and the lock file.")
        return
    session.install(*args, env=INSTALL_ENV)
    if stamp:
        # Through nox's run_install, which nox skips exactly when it skipped
        # the install above (``-R``, ``--no-install``): no stamp without one.
        session.run_install(
            "python",
            "-c",
            f"import pathlib; pathlib.Path({str(stamp)!r}).write_text({key!r})",
            silent=True,
        )


def sphinx_build(session: nox.Session, *args: str, builder: str = "html") -> None:
    """Run Sphinx on docs/ with every warning an error."""
    session.run(
        "sphinx-build",
        "-b",
        builder,
        "-n",  # every cross-reference must resolve
        "-W",  # and every warning fails the build
        "--keep-going",  # after reporting them all
        # Doctrees beside, not inside, the published folder.
        *("-d", str(DOCS_BUILD / "doctrees")),
        *args,
        "docs",
        str(DOCS_BUILD / builder),
    )


@nox.session
def docs(session: nox.Session) -> None:
    """Build the HTML site into docs/_build/html, running every example.

    Examples and notebooks whose sources (or the package modules they import)
    did not change are not run again. ``nox -s docs -- -E`` rereads everything;
    ``KERAS_BACKEND=tensorflow nox -s docs`` runs the pages on TensorFlow.
    """
    install(session, "docs")
    sphinx_build(session, *session.posargs)
    session.log(f"The site is in {HTML.relative_to(ROOT)}; open index.html there.")


@nox.session
def serve(session: nox.Session) -> None:
    """Serve the site on http://127.0.0.1:8000, rebuilding on every change.

    It builds into the folders ``nox -s docs`` uses, so it starts from the last
    build and re-reads only what changed since. Ctrl-C stops it.
    """
    install(session, "serve")
    session.run(
        "sphinx-autobuild",
        "-n",
        # Doctrees beside, not inside, the published folder, as `nox -s docs`.
        *("-d", str(DOCS_BUILD / "doctrees")),
        *("--watch", "examples", "--watch", "moons_tutorial"),
        *("--ignore", str(DOCS_BUILD)),
        *("--ignore", "docs/auto_examples", "--ignore", "docs/gen_modules"),
        *session.posargs,
        "docs",
        str(HTML),
        # Ctrl-C reaches sphinx-autobuild too: give it time to stop its server
        # and any build under way before nox ends it.
        interrupt_timeout=10,
        terminate_timeout=5,
    )


@nox.session
@nox.parametrize("backend", BACKENDS)
def tests(session: nox.Session, backend: str) -> None:
    """Run the tests: the package on each backend, and the built site.

    On JAX, the build's backend, this also builds the site and checks it (the
    site tests); on TensorFlow it runs the package's tests only.
    """
    install(session, "docs", "test")
    env = {"KERAS_BACKEND": backend}
    if backend == "jax":
        sphinx_build(session)
        args = ["tests"]
    else:
        # The built site and the build itself are checked once, on JAX.
        args = ["tests", "-m", "not site and not build"]
    session.run("pytest", *args, *session.posargs, env=env)


@nox.session
def linkcheck(session: nox.Session) -> None:
    """Check the site's links to other hosts (needs the network; not run in CI)."""
    install(session, "docs")
    sphinx_build(session, *session.posargs, builder="linkcheck")


@nox.session
def notebooks(session: nox.Session) -> None:
    """Write the gallery's notebooks for Colab into docs/_build/notebooks.

    The notebooks the site offers, made from the examples without running them.
    ``nox -s notebooks -- --branch notebooks`` also commits them to that branch
    (the publishing workflow pushes it; Colab opens the notebooks there).
    """
    # sphinx-gallery makes the notebooks and pandoc their Markdown; nothing is
    # run, so the package's own dependencies (Keras, JAX, TensorFlow) are not
    # needed: the package and the machinery are installed without them.
    install(session, "notebooks", project=False)
    session.install(
        *("--no-deps", "-e", ".", "-e", "./sitebuild"), "--quiet", env=INSTALL_ENV
    )
    out = DOCS_BUILD / "notebooks"
    session.run("python", "-m", "sitebuild.notebooks", str(out), *session.posargs)


@nox.session
def inventories(session: nox.Session) -> None:
    """Refresh docs/_inventories from the projects' sites (needs the network).

    ``nox -s inventories -- build keras`` only rebuilds the Keras inventory
    from its table, offline.
    """
    session.install("sphobjinv>=2.3", env=INSTALL_ENV)
    session.install("--no-deps", "-e", "./sitebuild", "--quiet", env=INSTALL_ENV)
    session.run(
        "python", "-m", "sitebuild.inventories", *(session.posargs or ["refresh"])
    )


@nox.session
def bench(session: nox.Session) -> None:
    """Measure training speed and site build times; see sitebuild/bench.py.

    Prints a table and writes docs/_build/bench.json. Pass ``--skip-site`` or
    ``--skip-training`` after ``--`` to measure one half.
    """
    # The docs group, and nox and uv: the benchmark times `nox -s docs` itself.
    install(session, "bench")
    session.run("python", "-m", "sitebuild.bench", *session.posargs)


@nox.session
def lighthouse(session: nox.Session) -> None:
    """Lighthouse's mobile performance audit of every page of the last build.

    Serves docs/_build/html gzipped, runs Lighthouse (npm, pinned in
    package.json, installed into node_modules by ``npm ci``) three times per
    page on the system Chromium, and prints each page's median score, paints,
    layout shift and bytes beside the targets; writes docs/_build/lighthouse.json.
    ``nox -s lighthouse -- index.html`` audits the pages named. Needs Node.js.
    """
    lock = ROOT / "package-lock.json"
    installed = ROOT / "node_modules" / ".package-lock.json"
    if not installed.is_file() or installed.stat().st_mtime < lock.stat().st_mtime:
        session.run("npm", "ci", "--no-audit", "--no-fund", external=True)
    # The audit needs the standard library only, and the site's machinery.
    session.install("--no-deps", "-e", "./sitebuild", "--quiet", env=INSTALL_ENV)
    session.run("python", "-m", "sitebuild.lighthouse", *session.posargs)


@nox.session
def screenshot(session: nox.Session) -> None:
    """Refresh docs/_static/tensorboard.png from the logs of the last docs build.

    Needs a Chromium (``/usr/bin/chromium``, or the ``CHROMIUM`` variable).
    """
    install(session, "test")
    session.run("python", "-m", "sitebuild.tensorboard_screenshot", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Lint with ruff, type-check the package with mypy, audit the workflows."""
    install(session, "lint", project=False)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")
    session.run("zizmor", "--offline", "--quiet", ".github")


@nox.session
def build(session: nox.Session) -> None:
    """Build the sdist and wheel into dist/ and check their metadata for PyPI."""
    shutil.rmtree(ROOT / "dist", ignore_errors=True)
    install(session, "build", project=False)
    # With the locked build backend, not one resolved afresh for the build.
    session.run("python", "-m", "build", "--no-isolation")
    dists = sorted(str(p) for p in (ROOT / "dist").iterdir())
    session.run("twine", "check", "--strict", *dists)
    session.run("check-wheel-contents", *[d for d in dists if d.endswith(".whl")])


@nox.session
def lock(session: nox.Session) -> None:
    """Re-resolve requirements/lock.txt from pyproject.toml (for every platform)."""
    install(session, "lock", project=False)
    session.run(
        *("python", "-m", "uv", "pip", "compile", "pyproject.toml"),
        *(arg for group in LOCKED_GROUPS for arg in ("--group", group)),
        *("--universal", "--python-version", "3.11", "--upgrade"),
        *("--output-file", str(LOCK.relative_to(ROOT))),
    )
    binder_requirements(session)


BINDER_REQUIREMENTS = ROOT / ".binder" / "requirements.txt"
BINDER_HEADER = """\
# Binder's environment: the package's dependencies, sphinx-gallery and pandoc
# (which postBuild uses to make the notebooks), at the versions of
# requirements/lock.txt.
# The package itself is installed from the repository by postBuild.
# Made by `nox -s lock` (and `nox -s binder`) from pyproject.toml and the lock file.
"""


def binder_requirements(session: nox.Session) -> None:
    """Pin Binder's requirements to the lock file's versions."""
    wanted = Path(session.create_tmp()) / "binder.in"
    wanted.write_text(
        # postBuild makes the notebooks as the site does: sphinx-gallery, pandoc.
        "\n".join(
            [*PYPROJECT["project"]["dependencies"], "sphinx-gallery", "pypandoc-binary"]
        )
    )
    pins = session.run(
        *("python", "-m", "uv", "pip", "compile", str(wanted)),
        *("--constraint", str(LOCK), "--python-version", "3.11", "--no-annotate"),
        *("--no-header", "--quiet"),
        silent=True,
    )
    BINDER_REQUIREMENTS.write_text(BINDER_HEADER + pins)


@nox.session
def binder(session: nox.Session) -> None:
    """Re-pin .binder/requirements.txt to the lock file (``lock`` does it too)."""
    install(session, "lock", project=False)
    binder_requirements(session)


@nox.session(venv_backend="none")  # deleting folders needs no environment
def clean(session: nox.Session) -> None:
    """Remove everything the docs build made, for a build from scratch."""
    for path in [DOCS_BUILD, ROOT / "docs/auto_examples", ROOT / "docs/gen_modules"]:
        if path.exists():
            session.log(f"removing {path.relative_to(ROOT)}")
            shutil.rmtree(path)
