"""The checkout the tools work on: the current folder, where nox runs them.

The tools read a checkout's examples, docs and lock file. They work on the
folder they are run from, not on the one this package was installed from, so
that a tool run in another clone (Binder's, a test's) makes that clone's files.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path.cwd()
