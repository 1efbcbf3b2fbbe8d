"""The machinery that builds the moons-tutorial site.

``docs/conf.py`` declares the site; this package does the work. conf.py lists
one extension, ``sitebuild``, whose :func:`setup` sets the build's environment,
loads the libraries the site is made with, and connects every step of
:data:`STEPS` (below, in this file) to its Sphinx event: read that list to see
the whole build in order. The order is set there and nowhere else: within an
event, steps run in the list's order, each placed first, before, among or after
the libraries' own handlers for that event.

Besides events: the ``install-command`` directive (``install_command``), the
``notebook-download`` role (``porting_notebook``), the ``mathml`` math
renderer (``mathml``) and a post-transform that links module names in code
(``code_links``). What sphinx-gallery calls by name from ``conf.py``: the sort
key ``lesson_order.LessonOrder``, the ``reset_modules`` hooks
``example_outputs.reset_example_outputs`` and ``claims_pages.record_claims``,
and the image scraper
``figure_text.scraper``.

The pages' hidden checks call ``claims.check``, and a MyST page shows
``claims.checked()`` (the "Checked by this build" list).

The maintainers' tools live here too, each a module run with ``python -m``:
``bench``, ``lighthouse``, ``notebooks``, ``inventories``,
``tensorboard_screenshot``; and the helpers the tests share: ``browser``,
``tensorboard_server``. After Sphinx has written the pages, the
``build-finished`` steps rewrite their HTML for phones (``page_video``,
``figure_markup``, ``icons``, ``page_head``, ``style_bundle``,
``printed_output``: each module says why).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

__all__ = ["STEPS", "Step", "setup"]

# Sphinx's default priority, which the libraries' own handlers use.
LIBRARY = 500


# Where a step runs among the libraries' handlers of the same event, which
# use Sphinx's default priority (500); sphinx-gallery fills in its own
# defaults very early (config-inited, 10).
FIRST, BEFORE, AMONG, AFTER = 5, 400, LIBRARY, 900


class Step(NamedTuple):
    """One handler this package connects to a Sphinx event."""

    event: str
    handler: str  # "module.function" in this package
    placed: int = AMONG


STEPS: list[Step] = [
    # hash the gallery settings as conf.py wrote them, before sphinx-gallery fills in its defaults
    Step("config-inited", "stale_examples.remember_gallery_conf", FIRST),
    # one notebook cache per run key; myst-nb reads it when the builder starts
    Step("config-inited", "environment.key_notebook_cache", AMONG),
    # the package at the commit being built
    Step("config-inited", "install_command.default_requirement", AMONG),
    # pages link the logs zip as |tensorboard_logs|
    Step("config-inited", "tensorboard_logs.define_logs_link", AMONG),
    # the explorer's files into the HTML output (html_extra_path), made before Sphinx checks it
    Step("config-inited", "explorer_data.publish_folder", AMONG),
    # library folders by a path every environment shares, once libraries added them
    Step("config-inited", "library_folders.stable_library_folders", AFTER),
    # copy the examples to where they run, before sphinx-gallery runs them
    Step("builder-inited", "example_mirror.mirror_gallery", BEFORE),
    # re-run the examples whose imported modules or run key changed
    Step("builder-inited", "stale_examples.mark_stale_examples", BEFORE),
    # TensorFlow imported without its no-GPU log lines, if an example will run
    Step("builder-inited", "quiet_tensorflow.quiet_tensorflow", BEFORE),
    # zip the logs the examples wrote, once they ran
    Step("builder-inited", "tensorboard_logs.publish_logs", AFTER),
    # install cell and inline TensorBoard in the generated notebooks
    Step("builder-inited", "notebook_cells.finish_notebooks", AFTER),
    # train the explorer's grid (or take it from the cache), check its claims, write its files
    Step("builder-inited", "explorer_data.make_explorer_data", AFTER),
    # thumbnails filled with their figure, once the gallery wrote them
    Step("builder-inited", "thumbnails.fill_thumbnails", AFTER),
    # the downloadable scripts without the build's hidden checks
    Step("builder-inited", "script_downloads.finish_scripts", AFTER),
    # each example's page ends with the claims its run checked
    Step("source-read", "claims_pages.add_claims_section", AMONG),
    # the Colab badge in each example page's footer
    Step("source-read", "launch_links.add_colab_badge", AMONG),
    # the porting notebook, before Sphinx checks that downloads exist
    Step("doctree-read", "porting_notebook.write_notebook", BEFORE),
    # re-read pages that show another commit's command
    Step("env-get-outdated", "install_command.pages_with_an_old_command", AMONG),
    # re-read the page whose notebook is missing or old
    Step("env-get-outdated", "porting_notebook.outdated_notebooks", AMONG),
    # forget a removed page's command
    Step("env-purge-doc", "install_command.purge", AMONG),
    # parallel reads: merge what each shows
    Step("env-merge-info", "install_command.merge", AMONG),
    # Colab beside the Binder link, after sphinx-gallery sets its getter
    Step("html-page-context", "launch_links.sidebar_links", AFTER),
    # the explorer's script and style sheet, on its page only
    Step("html-page-context", "explorer_page.add_assets", AMONG),
    # source pages from the package's files, without importing it
    Step("viewcode-find-source", "viewcode_files.find_source", AMONG),
    # sitemap.xml under the site's address
    Step("build-finished", "sitemap.write_sitemap", AMONG),
    # each inline video to a file beside the page, with a poster
    Step("build-finished", "page_video.move_every_video", AMONG),
    # the other PNG figures stored with a palette, like the gallery's
    Step("build-finished", "png_palette.compact_site_images", AMONG),
    # figures with their size, width candidates and lazy loading
    Step("build-finished", "figure_markup.size_every_figure", AMONG),
    # the theme's icons as inline SVG, not Font Awesome's web fonts
    Step("build-finished", "icons.draw_icons", AMONG),
    # nothing in a page's head that holds up the first paint without need
    Step("build-finished", "page_head.lighten_heads", AMONG),
    # each page's style sheets as one file, once the icons' sheet is written and
    # the theme has rewritten pygments.css (its own build-finished step)
    Step("build-finished", "style_bundle.bundle_every_page", AFTER),
    # printed results sized to fit the column, on a phone too
    Step("build-finished", "printed_output.mark_every_page", AMONG),
    # no .buildinfo.bak in the published folder
    Step("build-finished", "stray_files.remove_stray_files", AMONG),
]

# The libraries the site is made with, loaded by this extension so that
# conf.py lists one name; the environment is set before any of them loads.
LIBRARIES = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "sphinx.ext.intersphinx",
    "sphinx_gallery.gen_gallery",
    "myst_nb",
    "sphinx_copybutton",
    "sphinxext.opengraph",
]

# Settings of conf.py that the steps read: name, default, what a change rebuilds.
CONFIG_VALUES: list[tuple[str, Any, str]] = [
    # The environment the examples run in (environment.py).
    ("build_cache_dir", "_build/cache", "env"),
    ("notebook_cache_root", "_build/jupyter-cache", "env"),
    ("run_key_lock_file", "../requirements/lock.txt", "env"),
    # The gallery's sources, the package they import, other inputs of its pages.
    ("gallery_sources", "../examples", "env"),
    ("gallery_package", "../moons_tutorial", "env"),
    ("gallery_inputs", [], "env"),
    # Launch links and what a notebook installs first.
    ("launch_repository", "", "html"),
    ("launch_notebooks_branch", "notebooks", "html"),
    # Empty: the package at the commit being built, from ``launch_repository``.
    ("install_requirement", "", ""),
    # The explorer's runs and the files made from them (explorer_data.py).
    ("explorer_runs", True, ""),  # False: no explorer data (the tests' scratch sites)
    ("explorer_cache_dir", "_build/explorer", ""),
]


def _handler(path: str) -> Callable[..., Any]:
    import importlib

    module, name = path.rsplit(".", 1)
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


def setup(app: Any) -> dict[str, Any]:
    """Set the build's environment, load the libraries, connect every step."""
    from sitebuild import (
        code_links,
        environment,
        icons,
        install_command,
        mathml,
        porting_notebook,
    )

    for name, default, rebuild in CONFIG_VALUES:
        app.add_config_value(name, default, rebuild, types=[type(default)])
    environment.apply_environment(app)
    for library in LIBRARIES:
        app.setup_extension(library)
    for step in STEPS:
        app.connect(step.event, _handler(step.handler), priority=step.placed)
    app.add_directive("install-command", install_command.InstallCommand)
    app.add_role(porting_notebook.ROLE, porting_notebook.NotebookDownloadRole())
    app.add_html_math_renderer(
        "mathml", (mathml.visit_math, None), (mathml.visit_math_block, None)
    )
    app.add_post_transform(code_links.ModuleLinks)
    # Written by the icons step (sitebuild.icons), linked from every page.
    app.add_css_file(icons.STYLESHEET)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
