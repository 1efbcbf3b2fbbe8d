"""Sphinx configuration: an executed sphinx-gallery plus MyST pages, built offline."""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import sys
import tomllib
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
BUILD = DOCS / "_build"
sys.path.insert(0, str(DOCS / "_ext"))

import gallery_build

# --- The environment the examples and notebooks run in ---------------------------
# JAX unless the caller chose a backend: it trains this lesson fastest on a CPU.
os.environ.setdefault("KERAS_BACKEND", "jax")
# Keras, Matplotlib, IPython and Jupyter write settings and caches to the home
# folder; a build keeps them under the build directory instead.
for variable, folder in {
    "KERAS_HOME": "keras-home",
    "MPLCONFIGDIR": "matplotlib",
    "IPYTHONDIR": "ipython",
    "JUPYTER_CONFIG_DIR": "jupyter/config",
    "JUPYTER_DATA_DIR": "jupyter/data",
    "JUPYTER_RUNTIME_DIR": "jupyter/runtime",
}.items():
    os.environ.setdefault(variable, str(BUILD / "cache" / folder))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # no C++ log lines in pages
# JAX compiles each train and test step with XLA, seconds per example. Its
# persistent cache keeps the compiled programs between examples and builds; the
# cache key covers the program, the JAX and XLA versions and the options, so a
# changed step is compiled again, never served stale.
os.environ.setdefault("JAX_COMPILATION_CACHE_DIR", str(BUILD / "cache" / "jax"))
os.environ.setdefault("JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS", "0")
# The same numbers on every rebuild, where TensorFlow is the backend.
os.environ.setdefault("TF_DETERMINISTIC_OPS", "1")
# myst-nb's kernel talks to the build over loopback TCP, and ipykernel warns
# about that at every start; keep only its errors.
_kernel_config = Path(os.environ["IPYTHONDIR"]) / "profile_default"
_kernel_config.mkdir(parents=True, exist_ok=True)
(_kernel_config / "ipython_kernel_config.py").write_text(
    'c.IPKernelApp.log_level = "ERROR"\n'
)

# --- Project -----------------------------------------------------------------------
pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
urls = pyproject["project"]["urls"]
project = "moons-tutorial"
author = "The moons-tutorial developers"
copyright = "2026, The moons-tutorial developers"
# Read, not imported: importing the package would import Keras before the
# backend below is chosen.
release = version = importlib.metadata.version("moons-tutorial")

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "viewcode_files",  # viewcode reads the package's files instead of importing it
    "sphinx_gallery.gen_gallery",
    "myst_nb",
    "sphinx_copybutton",
    "gallery_build",
    "mathml",
    "sphinxext.opengraph",
    "sitemap",
]
# Math is rendered to MathML while building: browsers draw it without MathJax,
# which would otherwise be loaded from a CDN.
html_math_renderer = "mathml"

exclude_patterns = [
    "_build",
    "**.ipynb_checkpoints",
    # sphinx-gallery writes a notebook beside each page it generates; myst-nb
    # would read it as a second source of the same document.
    "auto_examples/*.ipynb",
    "auto_examples/*.py",
]
nitpicky = True
# Only our own names must resolve: other projects' names (and the prose of
# numpy-style types, "array-like of shape (n, 2)") stay plain text, since
# intersphinx would need the network.
nitpick_ignore_regex = [(r"py:.*", r"(?!moons_tutorial\.).*")]

LOCK = ROOT / "requirements" / "lock.txt"  # every dependency's version, pinned

# --- The gallery ---------------------------------------------------------------------
GALLERY_WORK = BUILD / "gallery-work"  # examples run here, outside the source tree
os.environ[gallery_build.WORK_DIR_VARIABLE] = str(GALLERY_WORK)
gallery_build.mirror_examples(ROOT / "examples", GALLERY_WORK)
gallery_build.invalidate_stale_examples(
    GALLERY_WORK,
    DOCS / "auto_examples",
    package_dir=ROOT / "moons_tutorial",
    # New versions of the dependencies can change what an example prints.
    extra=[LOCK],
)

sphinx_gallery_conf = {
    "examples_dirs": os.path.relpath(GALLERY_WORK, DOCS),
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "within_subsection_order": "gallery_build.LessonOrder",
    "doc_module": ("moons_tutorial",),
    "backreferences_dir": "gen_modules/backreferences",
    "reset_modules": ("matplotlib", "gallery_build.reset_example_outputs"),
    "reset_modules_order": "both",
    "first_notebook_cell": "%pip install moons-tutorial",
    "remove_config_comments": True,
    "image_srcset": ["2x"],
    "show_memory": False,
    "min_reported_time": 0,
    # The computation-times page loads scripts from CDNs; timings stay on each page.
    "write_computation_times": False,
    "copyfile_regex": "",
    # Examples run one at a time, in this process. On two cores, running them
    # side by side (sphinx-gallery's `parallel`) did not make a clean build
    # faster: each worker imports Keras, JAX and TensorFlow again, and the pages
    # that time training, or write logs, would still have to run alone.
}

# Pages link the zip of the gallery's logs through this substitution.
rst_epilog = f"""
.. |tensorboard_logs| replace:: :download:`the TensorBoard logs of this build
   </_build/downloads/{gallery_build.LOGS_ARCHIVE}>`
"""

# --- Notebooks (myst-nb) -------------------------------------------------------------
nb_execution_mode = "cache"
# jupyter-cache re-runs a notebook when its code changes. New versions of Keras
# and the rest can change what it prints too: one cache per lock file.
_lock_digest = hashlib.sha256(LOCK.read_bytes() if LOCK.is_file() else b"").hexdigest()
nb_execution_cache_path = str(BUILD / "jupyter-cache" / _lock_digest[:16])
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_timeout = 600
nb_execution_in_temp = True  # notebooks write nothing into the source tree
nb_merge_streams = True
myst_enable_extensions = ["colon_fence", "deflist", "dollarmath"]

# --- API reference ---------------------------------------------------------------------
autodoc_typehints = "description"
autodoc_member_order = "bysource"
napoleon_google_docstring = False
napoleon_numpy_docstring = True

# --- HTML ------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "moons-tutorial"
html_static_path = ["_static"]
html_css_files = ["gallery.css"]
# Executed pages are wide (code, tables, figures): give them the primary
# sidebar's room; the page's own contents and downloads stay on the right.
html_sidebars = {"auto_examples/*": [], "porting": []}
# The repository, named once in pyproject.toml, gives the source link and the
# "edit this page" links; a gallery page is edited in its example script.
EDIT_URL = (
    urls["Source"].rstrip("/") + "/edit/main/"
    "{% if file_name == 'auto_examples/index.rst' %}examples/GALLERY_HEADER.rst"
    "{% elif file_name.startswith('auto_examples/') %}"
    "examples/{{ file_name[14:-4] }}.py"
    "{% else %}docs/{{ file_name }}{% endif %}"
)
html_context = {
    "default_mode": "auto",  # follow the reader's light or dark preference
    "edit_page_url_template": EDIT_URL,
    "edit_page_provider_name": "GitHub",
}
# Sharing: page descriptions for link previews, and a sitemap under the site's
# address. No generated social-card images: they would cost seconds per page.
html_baseurl = urls["Documentation"]
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}

html_theme_options = {
    "icon_links": [
        {"name": "Source", "url": urls["Source"], "icon": "fa-brands fa-github"},
    ],
    "navbar_align": "left",
    "show_toc_level": 2,
    "use_edit_page_button": True,
    # On gallery pages, the download (and launch) links sit beside the contents.
    "secondary_sidebar_items": {
        "**": ["page-toc", "edit-this-page"],
        **{
            f"auto_examples/{example.stem}": [
                "page-toc",
                "sg_download_links",
                "sg_launcher_links",
                "edit-this-page",
            ]
            for example in (ROOT / "examples").glob("plot_*.py")
        },
    },
}
html_show_sourcelink = False

# --- Links to other projects' documentation, offline -------------------------------
# Names in code and prose link to Python's, NumPy's, SciPy's, scikit-learn's,
# Matplotlib's and Keras's documentation through the inventories committed in
# docs/_inventories: the build reads them there and never fetches
# (`nox -s inventories` refreshes them). sphinx-gallery's code links use them too.
extensions += ["sphinx.ext.intersphinx", "code_links"]
_inventories = tomllib.loads((DOCS / "_inventories" / "inventories.toml").read_text())
intersphinx_mapping = {
    name: (source["url"], f"_inventories/{name}.inv")
    for name, source in _inventories.items()
}

# --- Launching a page: Binder, Colab, and what a notebook installs first ---------
# Every gallery page links its notebook on Binder (built from this repository's
# .binder/ folder, whose postBuild makes the notebooks) and on Colab (from the
# branch the publishing workflow fills, `nox -s notebooks`). The notebooks
# install the package from the commit the site is built from, until it has a
# release; the install page says the same.
# docs/_ext is on the path since the top of this file.
import notebook_cells

extensions += ["launch_links", "notebook_cells"]
launch_repository = urls["Source"]
launch_notebooks_branch = "notebooks"
# The notebooks' first cell installs this (notebook_cells rewrites sphinx-gallery's
# `first_notebook_cell` with it); the install page shows it too.
install_requirement = notebook_cells.install_requirement(
    urls["Source"], notebook_cells.build_commit(ROOT)
)
sphinx_gallery_conf["binder"] = {
    "org": urls["Source"].rstrip("/").split("/")[-2],
    "repo": urls["Source"].rstrip("/").split("/")[-1],
    # A branch, not the commit: a page that was not re-run keeps its link.
    "branch": "main",
    "binderhub_url": "https://mybinder.org",
    "dependencies": "../.binder/requirements.txt",
    "use_jupyter_lab": True,
}

# --- Link check ----------------------------------------------------------------------
# Addresses a reader opens on their own machine (TensorBoard's) are not links
# to check.
linkcheck_ignore = [r"https?://(localhost|127\.0\.0\.1)(:\d+)?(/.*)?$"]
