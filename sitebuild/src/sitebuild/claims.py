"""The results a page states, checked while the site is built, and listed on it.

A sentence that states a result of a page's run ("today's network gets more
test points right than the 2017 run") is checked next to it, in a block the
page hides: between sphinx-gallery's ``# sphinx_gallery_start_ignore`` and
``# sphinx_gallery_end_ignore`` in an example, in a ``remove-cell`` cell on a
MyST page::

    check(
        "Today's network gets more test points right than the 2017 run.",
        test_accuracy > 0.938,
        f"test accuracy {test_accuracy:.3f}; 2017: 0.938",
        lesson_seed0_test_accuracy=test_accuracy,
    )

A claim that no longer holds stops the build with an :class:`AssertionError`
that names it. A claim that holds is recorded with what was measured, and the
page ends with the list of its claims under "Checked by this build", so that
its readers see what was verified and can judge the values themselves. The
gallery's pages get the list from :mod:`sitebuild.claims_pages`; a MyST page
shows :func:`checked` as the output of its last, input-hidden cell.

Keyword arguments name the quantities a claim measured. They are written into
the list's HTML (``data-quantities``), so that a test of the built site finds a
quantity that two pages print with different values: one quantity, one number.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field

__all__ = ["Checked", "Claim", "check", "checked", "clear"]

# The heading the list goes under, on every page.
HEADING = "Checked by this build"
INTRODUCTION = (
    "Each result this page states is checked while the site is built: if one"
    " no longer held, the build would stop. What this build measured:"
)


@dataclass(frozen=True)
class Claim:
    """A sentence of a page, and what the run measured that supports it."""

    claim: str
    measured: str
    quantities: dict[str, str] = field(default_factory=dict)


_RECORD: list[Claim] = []


def _as_text(value: object) -> str:
    # Quantities are compared as pages print them: floats with three decimals.
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        return f"{float(value):.3f}"  # type: ignore[arg-type]
    return str(value)


def check(claim: str, holds: bool, measured: str, **quantities: object) -> None:
    """Record ``claim`` with what was ``measured``; raise if it does not hold."""
    if not holds:
        raise AssertionError(f"Claim '{claim}' no longer holds: {measured}")
    _RECORD.append(
        Claim(claim, measured, {k: _as_text(v) for k, v in quantities.items()})
    )


def clear() -> None:
    """Forget the claims recorded so far (before a page runs)."""
    _RECORD.clear()


@dataclass(frozen=True)
class Checked:
    """A page's checked claims; Jupyter and myst-nb show them as HTML."""

    claims: tuple[Claim, ...]

    def to_json(self) -> str:
        """Return the claims as JSON, to keep beside a page's other records."""
        return json.dumps([vars(claim) for claim in self.claims], indent=1)

    @classmethod
    def from_json(cls, text: str) -> Checked:
        """Read the claims that :meth:`to_json` wrote."""
        return cls(tuple(Claim(**claim) for claim in json.loads(text)))

    def _repr_html_(self) -> str:
        items = []
        for claim in self.claims:
            data = ""
            if claim.quantities:
                quantities = html.escape(json.dumps(claim.quantities), quote=True)
                data = f' data-quantities="{quantities}"'
            items.append(
                f"<li{data}>{html.escape(claim.claim)}<br>"
                f"<em>Measured:</em> {html.escape(claim.measured)}</li>"
            )
        return (
            f'<div class="checked-claims"><p>{html.escape(INTRODUCTION)}</p>'
            f"<ul>{''.join(items)}</ul></div>"
        )

    def __repr__(self) -> str:
        return "\n".join(f"- {c.claim} ({c.measured})" for c in self.claims)


def checked() -> Checked:
    """Return the claims recorded since the last call, and forget them."""
    claims = tuple(_RECORD)
    clear()
    return Checked(claims)
