"""A page's claims are checked by the build: a run that contradicts one fails it.

Each sentence of an example that states a result of its run is backed by a
hidden ``check`` next to it (``sitebuild.claims``), between sphinx-gallery's
ignore markers. On a scratch copy of the project, a tiny example makes such a
claim about the package's data; a change to the package that contradicts it
must make the docs build fail, naming the page and the claim. The check itself
never shows on the rendered page, nor in the script a reader downloads; the
claim does, with its measured value, under "Checked by this build".
"""

from __future__ import annotations

import re

import pytest

from tests.scratch import build

pytestmark = [pytest.mark.slow, pytest.mark.build]

CLAIM = "Half of the points are held out for testing."

EXAMPLE = f'''"""
A claim about the data
======================

The lesson's data. {CLAIM}
"""

from moons_tutorial.data import load_moons

# sphinx_gallery_start_ignore
from sitebuild.claims import check

# sphinx_gallery_end_ignore
data = load_moons()
n_points = len(data.X_train) + len(data.X_test)
print(f"{{len(data.X_test)}} of {{n_points}} points held out for testing")
# sphinx_gallery_start_ignore
check(
    "{CLAIM}",
    len(data.X_test) == len(data.X_train),
    f"{{len(data.X_test)}} test points, {{len(data.X_train)}} training points",
    held_out=len(data.X_test),
)
# sphinx_gallery_end_ignore
'''


def test_a_run_that_contradicts_a_claim_fails_the_build_naming_page_and_claim(
    project,
):
    (project / "examples" / "plot_claim.py").write_text(EXAMPLE)
    held = build(project)
    assert held.returncode == 0, held.stdout + held.stderr
    html = project / "docs/_build/html"
    page = (html / "auto_examples/plot_claim.html").read_text()
    assert "500 of 1000 points held out for testing" in page
    # The check runs on every build but is not part of the page's code, nor
    # of the script offered for download...
    assert "check(" not in page
    assert "sphinx_gallery_start_ignore" not in page
    [script] = html.glob("_downloads/*/plot_claim.py")
    assert "check(" not in script.read_text()
    # ...while the page lists the claim with what was measured.
    assert "Checked by this build" in page
    assert "500 test points, 500 training points" in page
    assert 'data-quantities="{&quot;held_out&quot;: &quot;500&quot;}"' in page

    # A change to the package that the page's claim no longer survives: the
    # page runs again (it imports the changed module) and the build fails.
    data_module = project / "moons_tutorial" / "data.py"
    source = data_module.read_text()
    assert "test_size: float = 0.5," in source
    data_module.write_text(
        source.replace("test_size: float = 0.5,", "test_size: float = 0.3,")
    )
    broken = build(project)
    output = broken.stdout + broken.stderr
    assert broken.returncode != 0, output
    assert "plot_claim.py" in output
    assert re.search(rf"Claim '{CLAIM}' no longer holds: 300 test points", output)
