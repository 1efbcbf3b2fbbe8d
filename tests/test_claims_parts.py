"""The parts behind the checked claims, without a build.

A check that fails names its claim; one that holds is listed with what was
measured; a reader's script and notebook keep none of the build's checks, and
the notebook keeps the page's heading levels.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from sitebuild.claims import Checked, Claim, check, checked, clear
from sitebuild.claims_pages import claims_section
from sitebuild.notebook_cells import finish_notebook
from sitebuild.script_downloads import reader_script


@pytest.fixture(autouse=True)
def empty_record():
    clear()
    yield
    clear()


def test_a_claim_that_fails_stops_with_its_name_and_measurement():
    with pytest.raises(
        AssertionError, match=r"^Claim 'Two halves\.' no longer holds: 3 and 7$"
    ):
        check("Two halves.", False, "3 and 7")
    assert checked().claims == ()


def test_claims_that_hold_are_listed_once_with_their_quantities():
    check("A < B.", True, "A 0.1234, B 2", a_value=0.1234, count=2)
    listed = checked()
    assert listed.claims == (
        Claim("A < B.", "A 0.1234, B 2", {"a_value": "0.123", "count": "2"}),
    )
    assert checked().claims == ()  # the record starts afresh
    html = listed._repr_html_()
    assert "A &lt; B." in html
    assert 'data-quantities="{&quot;a_value&quot;: &quot;0.123&quot;' in html
    assert Checked.from_json(listed.to_json()) == listed


def test_the_section_is_a_titled_raw_html_block():
    check("It holds.", True, "yes")
    section = claims_section(checked())
    assert "\nChecked by this build\n---------------------\n" in section
    assert "\n.. raw:: html\n\n   <div" in section


SCRIPT = '''"""
Title
=====
"""

import math

# sphinx_gallery_start_ignore
from sitebuild.claims import check

# sphinx_gallery_end_ignore
value = math.sqrt(4)
print(value)

# sphinx_gallery_start_ignore
check("The root is 2.", value == 2, f"{value}")
# sphinx_gallery_end_ignore

# %%
# More.
print("done")

# sphinx_gallery_thumbnail_number = 1
'''


def test_a_readers_script_keeps_the_code_and_none_of_the_checks():
    script = reader_script(SCRIPT)
    for left_out in ("sphinx_gallery", "check(", "sitebuild"):
        assert left_out not in script
    assert "value = math.sqrt(4)\nprint(value)" in script
    assert "\n\n\n\n" not in script
    ast.parse(script)


def markdown(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": [text]}


def test_notebook_sections_sit_one_level_below_the_title():
    notebook = {
        "cells": [
            markdown("# Title\n\nIntro."),
            markdown("# Section\n\nText.\n\n```python\n# a comment\n```"),
            markdown("Text without a heading."),
        ]
    }
    finished = finish_notebook(notebook, install=None)
    sources = ["".join(cell["source"]) for cell in finished["cells"]]
    assert sources[0] == "# Title\n\nIntro."
    assert sources[1] == "## Section\n\nText.\n\n```python\n# a comment\n```"
    assert finish_notebook(finished, install=None) == finished


EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("plot_*.py"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_no_code_cell_of_an_example_is_all_hidden(example):
    """A cell of hidden checks alone would show as an empty code box on the page.

    (And, as an example's last cell, sphinx-gallery would drop it, output and all.)
    """
    from sphinx_gallery.py_source_parser import (
        remove_ignore_blocks,
        split_code_and_text_blocks,
    )

    _, blocks = split_code_and_text_blocks(str(example))
    empty = [
        line
        for label, content, line in blocks
        if label == "code"
        and content.strip()
        and not remove_ignore_blocks(content).strip()
    ]
    assert not empty, f"cells of hidden code only, at lines {empty}"
