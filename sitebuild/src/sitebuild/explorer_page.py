"""The explorer page's script and style sheet, on that page only.

Every other page stays as light as before: the explorer's assets are added in
``html-page-context`` for the one page that uses them. The script is deferred,
so it never holds up the page's first paint.
"""

from __future__ import annotations

from typing import Any

PAGE = "explorer"
SCRIPT = "explorer.js"
STYLE = "explorer.css"


def add_assets(
    app: Any, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Add the explorer's script and style sheet to the explorer page."""
    if pagename != PAGE:
        return
    app.add_css_file(STYLE)
    app.add_js_file(SCRIPT, loading_method="defer")
