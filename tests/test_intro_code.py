"""The intro shows the lesson's own code; the later pages use the package's helpers.

The intro says the helpers do the same thing as its inline code: these tests run
the intro's own statements and compare.
"""

import ast

import numpy as np

from moons_tutorial.data import load_moons
from tests.intro import INTRO, run_intro_statements

DATA_NAMES = {"X", "Y", "X_train", "X_test", "Y_train", "Y_test"}


def assigned_names(node: ast.stmt) -> set[str]:
    """The names a top-level assignment binds (``X, Y = ...`` binds X and Y)."""
    if not isinstance(node, ast.Assign):
        return set()
    return {
        name.id
        for target in node.targets
        for name in ast.walk(target)
        if isinstance(name, ast.Name)
    }


def intro_data() -> dict:
    """Run the intro page's own data statements: the sklearn imports and the
    assignments to the lesson's data names, in the page's order."""
    namespace = run_intro_statements(
        lambda node: (
            (
                isinstance(node, ast.ImportFrom)
                and (node.module or "").startswith("sklearn")
            )
            or bool(assigned_names(node) & DATA_NAMES)
        )
    )
    assert "X_train" in namespace, "the intro no longer splits its data inline"
    return namespace


def test_intro_makes_the_data_as_load_moons_does():
    intro, ours = intro_data(), load_moons()
    np.testing.assert_allclose(intro["X_train"], ours.X_train, rtol=0, atol=1e-12)
    np.testing.assert_allclose(intro["X_test"], ours.X_test, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(intro["Y_train"], ours.y_train)
    np.testing.assert_array_equal(intro["Y_test"], ours.y_test)


def test_intro_uses_the_lessons_arguments():
    source = INTRO.read_text()
    for call in (
        "make_moons(noise=0.2, random_state=0, n_samples=1000)",
        "scale(X)",
        "np.mgrid[-3:3:100j, -3:3:100j]",
    ):
        assert call in source, f"the intro no longer calls {call}"
