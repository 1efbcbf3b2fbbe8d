"""What a reader installs: the package at the commit the site is built from.

Until the package has a release, the notebooks' first cell and the install
page install it from the repository at the commit being built. This module
names that requirement (``install_requirement``, unless ``conf.py`` sets it),
and gives the install page its ``install-command`` directive. A new commit
re-reads the pages that show the command, and nothing else: the requirement is
not a setting that rebuilds the site.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

PACKAGE = "moons-tutorial"


def build_commit(root: Path) -> str | None:
    """Return the commit the site is built from, or None outside a git checkout.

    CI names it in ``GITHUB_SHA``; elsewhere ``git rev-parse HEAD`` does.
    """
    if os.environ.get("GITHUB_SHA"):
        return os.environ["GITHUB_SHA"]
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--verify", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return result.stdout.strip() or None


def install_requirement(repository: str, commit: str | None) -> str:
    """Return the pip requirement of the package at ``commit`` of ``repository``.

    Without a commit (a build outside a git checkout), the default branch.
    """
    return f"{PACKAGE} @ git+{repository.rstrip('/')}@{commit or 'main'}"


def install_cell(requirement: str) -> str:
    """Return the notebook's first cell: install the package, or stop.

    ``%pip`` reports a failed install but does not raise, so "Run all" would go
    on to fail at every later cell; asking for the installed version raises at
    once, under pip's own error, when the package did not install.
    """
    return (
        f'%pip install "{requirement}"\n'
        "import importlib.metadata\n"
        f'print("moons-tutorial", importlib.metadata.version("{PACKAGE}"), "installed")'
    )


def record_install_command(env, docname: str, requirement: str) -> None:
    """Note that ``docname`` shows ``requirement``: a new one re-reads the page."""
    shown = getattr(env, "install_command_shown", {})
    shown[docname] = requirement
    env.install_command_shown = shown


class InstallCommand(SphinxDirective):
    """``install-command``: the console command that installs this build's package.

    With ``:no-deps:``, the package alone, for an environment whose
    dependencies were installed by hand.
    """

    option_spec: ClassVar[dict] = {"no-deps": directives.flag}

    def run(self) -> list[nodes.Node]:
        """Return a console code block."""
        requirement = self.config.install_requirement
        record_install_command(self.env, self.env.docname, requirement)
        no_deps = "--no-deps " if "no-deps" in self.options else ""
        command = f'$ python -m pip install {no_deps}"{requirement}"'
        # The class lets gallery.css wrap the long command on a phone: its
        # commit would otherwise sit off-screen, in a block scrolled sideways.
        block = nodes.literal_block(command, command, language="console")
        block["classes"].append("install-command")
        return [block]


def pages_with_an_old_command(app, env, added, changed, removed) -> list[str]:
    """Return the pages that show another commit's install command."""
    shown = getattr(env, "install_command_shown", {})
    return [
        docname
        for docname, requirement in shown.items()
        if requirement != app.config.install_requirement and docname not in removed
    ]


def purge(app, env, docname) -> None:
    """Forget the command a removed or re-read page showed."""
    getattr(env, "install_command_shown", {}).pop(docname, None)


def merge(app, env, docnames, other) -> None:
    """Merge what parallel readers recorded."""
    shown = getattr(env, "install_command_shown", {})
    shown.update(getattr(other, "install_command_shown", {}))
    env.install_command_shown = shown


def default_requirement(app, config) -> None:
    """Install the package from the commit being built, unless conf.py says."""
    if not config.install_requirement:
        config.install_requirement = install_requirement(
            config.launch_repository, build_commit(Path(app.srcdir))
        )
