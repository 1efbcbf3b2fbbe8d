"""An "Open in Colab" link on every gallery page, beside sphinx-gallery's Binder link.

Colab opens a notebook from a path on GitHub only. The notebooks live on a
branch of the repository that the publishing workflow fills on every push to
``main`` (``nox -s notebooks``), under the same path as in the gallery
(``auto_examples/plot_intro.ipynb``).

The link is added to each example page's footer, after the Binder badge, as a
badge image that is a file of this site, and to the page's sidebar, where
sphinx-gallery lists its own launch links.

Configuration (``conf.py``):

``launch_repository``
    the repository's address on GitHub, ``https://github.com/ORG/REPO``;
``launch_notebooks_branch``
    the branch that holds the notebooks.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import quote

from docutils import nodes

from sitebuild.example_mirror import gallery_dirs

# Custom: sphinx-gallery's launchers are Binder (used, ``binder`` in conf.py) and
# JupyterLite (no Keras in the browser), not Colab.
COLAB = "https://colab.research.google.com/github"
BADGE = "/_static/colab-badge.svg"
# sphinx-gallery's footer: the notebook's download link comes after the badges.
NOTEBOOK_DOWNLOAD = re.compile(
    r"^(?P<indent>[ ]*)\.\. container:: sphx-glr-download sphx-glr-download-jupyter$",
    re.MULTILINE,
)


def colab_url(repository: str, branch: str, notebook: str) -> str:
    """Return the Colab address of ``notebook`` (a path) on ``branch``."""
    org_repo = repository.rstrip("/").removeprefix("https://github.com/")
    return f"{COLAB}/{org_repo}/blob/{quote(branch)}/{quote(notebook)}"


def add_colab_badge(app, docname: str, source: list[str]) -> None:
    """Add the Colab badge to the footer of a gallery example page."""
    page = PurePosixPath(docname)
    # The gallery's index has no notebook of its own, only a zip of them all.
    if page.parent.as_posix() not in gallery_dirs(app) or page.name == "index":
        return
    match = NOTEBOOK_DOWNLOAD.search(source[0])
    if not match or "container:: colab-badge" in source[0]:
        return
    url = colab_url(
        app.config.launch_repository,
        app.config.launch_notebooks_branch,
        f"{docname}.ipynb",
    )
    indent = match["indent"]
    badge = (
        f"{indent}.. container:: colab-badge\n\n"
        f"{indent}  .. image:: {BADGE}\n"
        f"{indent}    :target: {url}\n"
        f"{indent}    :alt: Open in Colab\n"
        # The height of the Binder badge, 109 px wide at 150 px.
        f"{indent}    :width: 161 px\n\n"
    )
    source[0] = source[0][: match.start()] + badge + source[0][match.start() :]


def sidebar_links(app, pagename, templatename, context, doctree) -> None:
    """Add Colab to the launch links that sphinx-gallery's sidebar shows.

    Badge images are given by their address in the built site, relative to
    the page.
    """
    get_links = context.get("get_launcher_links")
    if get_links is None or doctree is None:
        return
    images = app.builder.images

    def get_launcher_links() -> dict:
        links = get_links()
        for container in doctree.findall(
            lambda node: (
                isinstance(node, nodes.container) and "colab-badge" in node["classes"]
            )
        ):
            anchor = container.children[0]
            image = anchor.children[0]
            links["colab"] = {
                "link": anchor["refuri"],
                "img_alt": image["alt"],
                "img_src": image["uri"],
            }
            break
        for link in links.values():
            if link["img_src"] in images:
                link["img_src"] = context["pathto"](
                    f"{app.builder.imagedir}/{images[link['img_src']]}", 1
                )
        return links

    context["get_launcher_links"] = get_launcher_links
