"""Every executed page shows what the build checked, and one quantity has one number.

Each gallery page and the porting guide end with "Checked by this build": the
claims their text makes, each with the value this build measured
(``sitebuild.claims``). A claim names the quantities it measured; a value quoted
on two pages (the lesson's test accuracy from seed 0, say) must be the same
number on both, or the pages would contradict each other.
"""

from __future__ import annotations

import json
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class ClaimsList(HTMLParser):
    """The claims of a page's "Checked by this build" list, and their quantities."""

    def __init__(self):
        super().__init__()
        self.in_list = 0
        self.claims: list[str] = []
        self.quantities: list[dict[str, str]] = []
        self._item: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "div" and (
            self.in_list or "checked-claims" in (attributes.get("class") or "")
        ):
            self.in_list += 1  # the list's div, and any div inside it
        elif self.in_list and tag == "li":
            self._item = []
            self.quantities.append(
                json.loads(attributes.get("data-quantities") or "{}")
            )

    def handle_endtag(self, tag):
        if tag == "div" and self.in_list:
            self.in_list -= 1
        elif tag == "li" and self._item is not None:
            self.claims.append("".join(self._item).strip())
            self._item = None

    def handle_data(self, data):
        if self._item is not None:
            self._item.append(data)


def claims_list(page: Path) -> ClaimsList:
    parsed = ClaimsList()
    parsed.feed(page.read_text(encoding="utf-8"))
    return parsed


def executed_pages(html: Path) -> list[Path]:
    """The gallery's pages, one per example, and the porting guide."""
    examples = sorted((ROOT / "examples").glob("plot_*.py"))
    return [html / "auto_examples" / f"{p.stem}.html" for p in examples] + [
        html / "porting.html"
    ]


def test_the_parser_reads_a_list():
    page = ClaimsList()
    page.feed(
        '<div class="checked-claims"><p>Intro</p><ul>'
        '<li data-quantities="{&quot;a&quot;: &quot;0.5&quot;}">A holds.<br>'
        "<em>Measured:</em> 0.5</li><li>B holds.</li></ul></div>"
        "<ul><li>Not a claim.</li></ul>"
    )
    assert page.claims == ["A holds.Measured: 0.5", "B holds."]
    assert page.quantities == [{"a": "0.5"}, {}]


def test_every_executed_page_lists_what_the_build_checked(html):
    missing = []
    for page in executed_pages(html):
        text = page.read_text(encoding="utf-8")
        if "Checked by this build" not in text or not claims_list(page).claims:
            missing.append(page.name)
    assert not missing, f"no 'Checked by this build' list on {missing}"


def test_every_listed_claim_shows_what_was_measured(html):
    unmeasured = [
        f"{page.name}: {claim}"
        for page in executed_pages(html)
        for claim in claims_list(page).claims
        if "Measured:" not in claim or not claim.split("Measured:", 1)[1].strip()
    ]
    assert not unmeasured, unmeasured


def test_one_quantity_one_number(html):
    """A quantity named on several pages has the same value on all of them."""
    values: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for page in sorted(html.rglob("*.html")):
        for quantities in claims_list(page).quantities:
            for name, value in quantities.items():
                values[name][value].add(page.relative_to(html).as_posix())
    assert values, "no page names a quantity"
    contradictions = {
        name: {value: sorted(pages) for value, pages in by_value.items()}
        for name, by_value in values.items()
        if len(by_value) > 1
    }
    assert not contradictions, contradictions


def test_a_quantity_quoted_on_several_pages_is_checked_on_each(html):
    """The lesson's seed-0 numbers appear on several pages: each names them."""
    pages = defaultdict(set)
    for page in executed_pages(html):
        for quantities in claims_list(page).quantities:
            for name in quantities:
                pages[name].add(page.stem)
    assert {"plot_intro", "plot_optimizers", "porting"} <= pages[
        "lesson_seed0_test_accuracy"
    ]
    assert {"plot_optimizers", "porting"} <= pages["adadelta_string_seed0_accuracy"]
