"""Sphinx configuration: an executed sphinx-gallery plus MyST pages, built offline.

This file only declares. What the build does besides Sphinx's own work (the
environment the examples run in, which examples run again, the published logs)
is in the extensions under ``_ext/``, each in its own event handler.
"""

from __future__ import annotations

import importlib.metadata
import sys
import tomllib
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "_ext"))  # this site's own extensions

# --- Project -----------------------------------------------------------------------
pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
urls = pyproject["project"]["urls"]
SITE = urls["Documentation"].rstrip("/")  # the published site
project = "moons-tutorial"
author = "The moons-tutorial developers"
copyright = "2026, The moons-tutorial developers"
# From the installed package's metadata.
release = version = importlib.metadata.version("moons-tutorial")

extensions = [
    # First: it sets the environment (backend, cache folders) that the
    # extensions below and the examples import Keras and Matplotlib into.
    "build_environment",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "viewcode_files",  # viewcode reads the package's files instead of importing it
    "sphinx_gallery.gen_gallery",
    "myst_nb",
    "porting_notebook",  # the porting guide as a downloadable notebook
    "sphinx_copybutton",
    "gallery_build",  # mirrors the examples, re-runs stale ones, zips the logs
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

# --- The build's environment (``_ext/build_environment.py``) -------------------------
# The pages run on JAX unless KERAS_BACKEND names another backend. Caches stay
# under this folder, not in the home folder.
build_cache_dir = "_build/cache"
# A page runs again when the backend, the Python version or this file changes.
run_key_lock_file = "../requirements/lock.txt"

# --- The gallery (``_ext/gallery_build.py``) -----------------------------------------
gallery_sources = "../examples"  # mirrored into examples_dirs, and run there
gallery_package = "../moons_tutorial"  # examples re-run when a module they use changes
# Every example runs again when one of these changes: the scraper makes its
# figures, the filter its notebook.
gallery_inputs = ["_ext/figure_text.py", "_ext/notebook_markdown.lua"]

sphinx_gallery_conf = {
    # Examples run here, outside the source tree, so what they write stays out.
    "examples_dirs": "_build/gallery-work",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "within_subsection_order": "gallery_build.LessonOrder",
    "doc_module": ("moons_tutorial",),
    "backreferences_dir": "gen_modules/backreferences",
    "reset_modules": ("matplotlib", "gallery_build.reset_example_outputs"),
    "reset_modules_order": "both",
    # notebook_cells replaces this with the install of the commit being built.
    "first_notebook_cell": "%pip install moons-tutorial",
    "remove_config_comments": True,
    "image_srcset": ["2x"],
    "show_memory": False,
    "min_reported_time": 0,
    # The computation-times page loads scripts from CDNs; timings stay on each page.
    "write_computation_times": False,
    "copyfile_regex": "",
    # Each figure records the size of its smallest text (see figure_text.py), so
    # that the browser tests can check it is legible on a phone.
    "image_scrapers": ("figure_text.scraper",),
    # The notebooks' Markdown cells: pandoc converts the reST of the text blocks,
    # and a filter turns Sphinx's roles, directives and cross-references into
    # plain Markdown and links to the published site. Pipe tables, which
    # Jupyter renders; no heading attributes, which it would show; quotes as
    # they are, not escaped.
    "pypandoc": {
        "extra_args": [
            (
                "--to=markdown-simple_tables-multiline_tables-grid_tables"
                "-header_attributes-smart"
            ),
            f"--lua-filter={DOCS / '_ext' / 'notebook_markdown.lua'}",
            f"--metadata=site_url:{SITE}/",
            # |tensorboard_logs| (defined by gallery_build) in a notebook: the page
            # that offers the zip.
            (
                "--metadata=substitution_tensorboard_logs:[the TensorBoard logs"
                f" of this build]({SITE}/auto_examples/plot_tensorboard.html)"
            ),
        ],
    },
    # Examples run one at a time, in this process. On two cores, running them
    # side by side (sphinx-gallery's `parallel`) did not make a clean build
    # faster: each worker imports Keras, JAX and TensorFlow again, and the pages
    # that time training, or write logs, would still have to run alone.
}

# Pages link the zip of the gallery's logs as |tensorboard_logs|: gallery_build
# defines that substitution, beside the archive it makes.

# --- Notebooks (myst-nb) -------------------------------------------------------------
nb_execution_mode = "cache"
# jupyter-cache re-runs a notebook when its code changes; build_environment
# keeps one cache per run key under this folder, so that a new backend, Python
# or lock file runs it again too.
notebook_cache_root = "_build/jupyter-cache"
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
html_favicon = "_static/favicon.svg"  # browsers ask for one; without it, a 404
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
# No "Python Module Index" page: the API page lists the modules, and nothing
# in the theme's navigation would lead to it.
html_domain_indices = False

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
# The notebooks' first cell (notebook_cells rewrites sphinx-gallery's
# `first_notebook_cell`) and the install page install the package from this
# repository at the commit being built.
extensions += ["launch_links", "notebook_cells"]
launch_repository = urls["Source"]
launch_notebooks_branch = "notebooks"
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
