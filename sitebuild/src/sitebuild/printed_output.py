"""Printed results that fit the column, on a phone too, without scrolling sideways.

A page's printed results (sphinx-gallery's, myst-nb's) are ``<pre>`` blocks:
a line wider than the column scrolls sideways, so on a 390 px phone most
result tables hide a column. Code may scroll; results should not. This step
writes into each result's ``<pre>`` how many characters its longest line has
(``style="--columns: N"``), and ``gallery.css`` sets the block's font size so
that this many characters fit the block's width (never below a legible
minimum, never above the usual size): a table keeps its columns. A block with
longer lines than a phone can show at that minimum is prose, not a table: it
keeps the usual size and wraps.
"""

from __future__ import annotations

import html
import re

from sitebuild.page_rewrite import rewrite_pages

# The most characters a line of a result can have and still fit a 390 px
# phone's column (358 px, less padding) at the smallest font gallery.css
# allows (9 px): wider blocks wrap at the usual size instead of shrinking.
MAX_SHRUNK_COLUMNS = 58

# A block of printed results, up to the opening tag of its first <pre>.
RESULT_PRE = re.compile(
    r'(?P<opening><div class="(?:sphx-glr-script-out|cell_output)[^"]*">'
    r"(?:(?!</pre>).)*?<pre)(?P<attrs>[^>]*)>(?P<text>.*?)</pre>",
    re.DOTALL,
)


def longest_line(pre_html: str) -> int:
    """The length, in characters, of the longest line the ``<pre>`` shows."""
    text = html.unescape(re.sub(r"<[^>]+>", "", pre_html))
    return max((len(line.rstrip()) for line in text.splitlines()), default=0)


def mark_widths(page_html: str) -> str:
    """Every result block's ``<pre>`` with its longest line's length."""

    def mark(match: re.Match) -> str:
        attrs = re.sub(r'\s*style="--columns: \d+"', "", match["attrs"])
        columns = max(longest_line(match["text"]), 1)
        if columns <= MAX_SHRUNK_COLUMNS:
            attrs += f' style="--columns: {columns}"'
        return f"{match['opening']}{attrs}>{match['text']}</pre>"

    return RESULT_PRE.sub(mark, page_html)


def mark_every_page(app, exception) -> None:
    """build-finished: mark the printed results of every page the build wrote."""
    rewrite_pages(app, exception, lambda text, page, out: mark_widths(text))
