"""Sphinx configuration: an executed sphinx-gallery plus MyST pages, built offline.

This file only declares. What the build does besides Sphinx's own work (the
environment the examples run in, which examples run again, the published logs)
is the ``sitebuild`` package (``sitebuild/`` in the repository): its
``STEPS`` list every step it adds to Sphinx, in order.
"""

from __future__ import annotations

import importlib.metadata
import tomllib
from pathlib import Path

from sitebuild.notebook_cells import MARKDOWN_FILTER
from sitebuild.tensorboard_logs import published_logs_path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent

# --- Project -----------------------------------------------------------------------
pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
urls = pyproject["project"]["urls"]
SITE = urls["Documentation"].rstrip("/")  # the published site
REPOSITORY = urls["Source"].rstrip("/")  # https://github.com/OWNER/NAME
GITHUB_OWNER, GITHUB_REPO = REPOSITORY.removeprefix("https://github.com/").split("/")
project = "moons-tutorial"
author = "The moons-tutorial developers"
copyright = "2026, The moons-tutorial developers"
# From the installed package's metadata.
release = version = importlib.metadata.version("moons-tutorial")

# ``sitebuild`` sets the build's environment first, then loads the libraries
# (autodoc, napoleon, viewcode, intersphinx, sphinx-gallery, myst-nb,
# copybutton, opengraph) and adds this site's steps.
extensions = ["sitebuild"]
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

# --- The build's environment (``sitebuild.environment``) ---------------------------
# The pages run on JAX unless KERAS_BACKEND names another backend. Caches stay
# under this folder, not in the home folder.
build_cache_dir = "_build/cache"
# A page runs again when the backend, the Python version or this file changes.
run_key_lock_file = "../requirements/lock.txt"

# --- The gallery (``sitebuild.example_mirror``, ``sitebuild.stale_examples``) -------
gallery_sources = "../examples"  # mirrored into examples_dirs, and run there
gallery_package = "../moons_tutorial"  # examples re-run when a module they use changes

sphinx_gallery_conf = {
    # Examples run here, outside the source tree, so what they write stays out.
    "examples_dirs": "_build/gallery-work",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "within_subsection_order": "sitebuild.lesson_order.LessonOrder",
    "doc_module": ("moons_tutorial",),
    "backreferences_dir": "gen_modules/backreferences",
    "reset_modules": (
        "matplotlib",
        "sitebuild.example_outputs.reset_example_outputs",
        # The claims each example checked, for its "Checked by this build" list.
        "sitebuild.claims_pages.record_claims",
    ),
    "reset_modules_order": "both",
    # sitebuild.notebook_cells replaces this with the install of the commit built.
    "first_notebook_cell": "%pip install moons-tutorial",
    "remove_config_comments": True,
    # A phone of 1.75 or 2 device pixels per CSS pixel picks the 1.5x file for
    # its column (sitebuild.figure_markup gives the browser each file's width).
    "image_srcset": ["1.5x", "2x"],
    "show_memory": False,
    "min_reported_time": 0,
    # The computation-times page loads scripts from CDNs; timings stay on each page.
    "write_computation_times": False,
    "copyfile_regex": "",
    # Each figure records the size of its smallest text (sitebuild.figure_text),
    # so that the browser tests can check it is legible on a phone.
    "image_scrapers": ("sitebuild.figure_text.scraper",),
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
            f"--lua-filter={MARKDOWN_FILTER}",
            # pandoc's reST reader warns "Reference not found" for every
            # |tensorboard_logs|, which the filter then replaces from the
            # metadata below; the notebook tests fail on anything left raw.
            "--quiet",
            f"--metadata=site_url:{SITE}/",
            # |tensorboard_logs| (sitebuild.tensorboard_logs) in a notebook: the
            # zip, where the site publishes it.
            (
                "--metadata=substitution_tensorboard_logs:[the TensorBoard logs"
                f" of this build]({SITE}/{published_logs_path()})"
            ),
        ],
    },
    # Every gallery page links its notebook on Binder, built from this
    # repository's .binder/ folder, whose postBuild makes the notebooks.
    "binder": {
        "org": GITHUB_OWNER,
        "repo": GITHUB_REPO,
        # A branch, not the commit: a page that was not re-run keeps its link.
        "branch": "main",
        "binderhub_url": "https://mybinder.org",
        "dependencies": "../.binder/requirements.txt",
        "use_jupyter_lab": True,
    },
    # Examples run one at a time, in this process. On two cores, running them
    # side by side (sphinx-gallery's `parallel`) did not make a clean build
    # faster: each worker imports Keras, JAX and TensorFlow again, and the pages
    # that time training, or write logs, would still have to run alone.
}

# --- Notebooks (myst-nb) -------------------------------------------------------------
nb_execution_mode = "cache"
# jupyter-cache re-runs a notebook when its code changes; sitebuild.environment
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
# No page has sub-pages to list in the primary sidebar: the header names every
# page, and the primary sidebar would show an empty "Section Navigation". Its
# room goes to the pages (code, tables, figures); each page's own contents and
# downloads stay on the right.
html_sidebars = {"**": []}
# The repository, named once in pyproject.toml, gives the source link and the
# "edit this page" links; a gallery page is edited in its example script.
EDIT_URL = (
    REPOSITORY + "/edit/main/"
    "{% if file_name == 'auto_examples/index.rst' %}examples/GALLERY_HEADER.rst"
    "{% elif file_name.startswith('auto_examples/') %}"
    "examples/{{ file_name | replace('auto_examples/', '') | replace('.rst', '.py') }}"
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
        {"name": "Source", "url": REPOSITORY, "icon": "fa-brands fa-github"},
    ],
    "navbar_align": "left",
    "show_toc_level": 2,
    "use_edit_page_button": True,
    # On gallery pages, the download (and launch) links sit beside the contents.
    "secondary_sidebar_items": {
        "**": ["page-toc", "edit-this-page"],
        # The explorer needs the width for its controls beside its figures.
        "explorer": [],
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
_inventories = tomllib.loads((DOCS / "_inventories" / "inventories.toml").read_text())
intersphinx_mapping = {
    name: (source["url"], f"_inventories/{name}.inv")
    for name, source in _inventories.items()
}

# --- Launching a page: Colab, and what a notebook installs first -----------------
# Every gallery page links its notebook on Colab too (sitebuild.launch_links),
# from the branch the publishing workflow fills (`nox -s notebooks`). The
# notebooks' first cell and the install page install the package from this
# repository at the commit being built (sitebuild.install_command), until it
# has a release.
launch_repository = REPOSITORY
launch_notebooks_branch = "notebooks"

# --- Link check ----------------------------------------------------------------------
# Addresses a reader opens on their own machine (TensorBoard's) are not links
# to check.
linkcheck_ignore = [r"https?://(localhost|127\.0\.0\.1)(:\d+)?(/.*)?$"]
