"""Nothing in a page's head that holds up its first paint without need.

A browser draws nothing until it has every style sheet and every plain
``<script src>`` of the head. The theme and the extensions put there, on every
page:

* ``styles/theme.css``, whose only content is ``@import "../basic.css"``: a
  second round trip before anything shows. The page links ``basic.css``
  itself instead;
* Sphinx's search tools and the whole search index (``searchtools.js``,
  ``language_data.js``, ``searchindex.js``), which the theme loads everywhere
  for its search-as-you-type; with that option off (the default), only the
  search page uses them, and only it keeps them;
* the scripts of Sphinx, sphinx-gallery and copybutton, which act on the page
  once it is parsed: they are marked ``defer`` (they still run in order, before
  the page's ``DOMContentLoaded``). ``documentation_options.js``, whose values
  the inline scripts after it set, cannot wait: its few lines are written into
  the page instead, which saves the request.
"""

from __future__ import annotations

import re
from pathlib import Path

from sitebuild.page_rewrite import rewrite_pages

THEME_CSS = re.compile(
    r'<link href="(?P<prefix>[^"]*)_static/styles/theme\.css[^"]*" rel="stylesheet" />'
)
THEME_IMPORT = '@import "../basic.css";'
SEARCH_SCRIPTS = re.compile(
    r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"></script>'
)
# A script of the head that blocks parsing: <script src="..."></script>, no defer or async.
BLOCKING_SCRIPT = re.compile(r'<script src="(?P<src>[^"]+)"></script>')
# Read by the inline scripts that follow it: written into the page.
INLINED = "documentation_options.js"


def _theme_css_is_an_import(out: Path) -> bool:
    """Whether the theme's theme.css only imports basic.css (as in 0.16 to 0.24)."""
    css = out / "_static" / "styles" / "theme.css"
    if not css.is_file():
        return False
    rules = [
        line.strip()
        for line in re.sub(
            r"/\*.*?\*/", "", css.read_text(), flags=re.DOTALL
        ).splitlines()
    ]
    return [rule for rule in rules if rule] == [THEME_IMPORT]


def lighten_head(
    page: str, *, link_basic_css: bool, keep_search: bool, options_js: str = ""
) -> str:
    """The page with its head's blocking requests cut to what the first paint needs."""
    head_end = page.find("</head>")
    if head_end < 0:
        return page
    head, body = page[:head_end], page[head_end:]
    if link_basic_css:
        head = THEME_CSS.sub(
            r'<link href="\g<prefix>_static/basic.css" rel="stylesheet" />', head
        )
    if not keep_search:
        head = SEARCH_SCRIPTS.sub("", head)

    def defer(match: re.Match) -> str:
        if match["src"].split("?")[0].endswith(INLINED):
            # In the page if its text is known (and cannot end the element).
            if options_js and "</script" not in options_js:
                return f"<script>{options_js}</script>"
            return match[0]
        return f'<script defer src="{match["src"]}"></script>'

    return BLOCKING_SCRIPT.sub(defer, head) + body


def lighten_heads(app, exception) -> None:
    """build-finished: rewrite the head of every page the build wrote."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    link_basic_css = _theme_css_is_an_import(out)
    as_you_type = app.config.html_theme_options.get("search_as_you_type", False)
    options = out / "_static" / INLINED
    options_js = options.read_text(encoding="utf-8") if options.is_file() else ""

    def lighten(text: str, page: Path, out: Path) -> str:
        keep_search = as_you_type or page == out / "search.html"
        return lighten_head(
            text,
            link_basic_css=link_basic_css,
            keep_search=keep_search,
            options_js=options_js,
        )

    rewrite_pages(app, exception, lighten)
