"""The intro page's own code, for the tests that compare it with the package."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

INTRO = Path(__file__).resolve().parents[1] / "examples" / "plot_intro.py"


def run_intro_statements(
    wanted: Callable[[ast.stmt], bool], namespace: dict | None = None
) -> dict:
    """Run the intro's top-level statements that ``wanted`` picks, in its order.

    Returns the namespace they ran in. Fails if ``wanted`` picks nothing, so
    that a page rewritten out from under a test does not pass it silently.
    """
    statements = [
        ast.unparse(node) for node in ast.parse(INTRO.read_text()).body if wanted(node)
    ]
    assert statements, f"no statement of {INTRO.name} was picked"
    namespace = {} if namespace is None else namespace
    exec("\n".join(statements), namespace)
    return namespace
