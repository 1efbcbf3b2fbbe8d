"""The theme's icons drawn as inline SVG, without Font Awesome's web fonts.

pydata-sphinx-theme draws a handful of icons (the menu, search, the colour
modes, GitHub, admonitions, breadcrumbs) with Font Awesome's web fonts: about
220 KB that a phone must fetch before it can draw them, for some twenty
glyphs. After the pages are written, this step

* replaces every ``<i class="fa-solid fa-NAME">`` of a page with the same icon
  as an inline ``<svg>`` (same classes and attributes, so the theme's rules
  that show, hide and size them still apply);
* writes ``_static/icons.css``, which draws the icons the theme's style sheet
  puts in ``::before``/``::after`` (``content: var(--pst-icon-...)``) as an
  SVG mask in the text's colour instead of a glyph of the font;
* drops the theme's ``fontawesome.js``, which only serves custom icons this
  site does not use.

The icons' outlines are Font Awesome Free's own (``font_awesome_icons.json``,
CC BY 4.0), at the version the theme ships. An icon the theme starts using that
the file lacks fails the build, rather than showing an empty square.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from urllib.parse import quote

from sitebuild.page_rewrite import rewrite_pages

ICONS_FILE = Path(__file__).with_name("font_awesome_icons.json")
STYLESHEET = "icons.css"  # in _static, linked from every page (see setup)

# <i class="... fa-solid fa-sun ..." ...></i> (or an empty <span>), as the
# theme's templates write them.
ICON_TAG = re.compile(
    r"<(?P<tag>i|span) (?P<attrs>[^>]*\bclass=\"[^\"]*\bfa-[^>]*)></(?P=tag)>"
)
STYLE = re.compile(r"\bfa-(solid|brands|regular)\b")
FONTAWESOME_SCRIPT = re.compile(
    r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>'
)


class MissingIcon(LookupError):
    """The theme uses an icon that font_awesome_icons.json does not hold."""


@cache
def icons() -> dict[str, dict]:
    """Every icon of the file, by "style/name"."""
    return json.loads(ICONS_FILE.read_text())["icons"]


def svg_markup(style: str, name: str, attrs: str) -> str:
    """The icon as an inline ``<svg>`` carrying the ``<i>``'s attributes."""
    icon = icons().get(f"{style}/{name}")
    if icon is None:
        raise MissingIcon(f"no Font Awesome icon {style}/{name} in {ICONS_FILE.name}")
    # The style class (fa-solid) goes: it sets the icon font and a ::before
    # glyph; the name and size classes stay for the theme's rules.
    attrs = re.sub(r'\bclass="', 'class="pst-icon ', attrs, count=1)
    attrs = re.sub(r"\s*\bfa-(?:solid|brands|regular)\b", "", attrs)
    if "aria-hidden" not in attrs:
        attrs += ' aria-hidden="true"'
    view_box = " ".join(str(n) for n in icon["viewBox"])
    return (
        f'<svg {attrs} viewBox="{view_box}" focusable="false">'
        f'<path fill="currentColor" d="{icon["path"]}"/></svg>'
    )


def inline_icons(page: str) -> str:
    """Replace a page's Font Awesome ``<i>`` (and ``<span>``) tags by SVG; drop fontawesome.js."""

    def replace(match: re.Match) -> str:
        attrs = match["attrs"]
        found = re.search(r'class="([^"]*)"', attrs)
        classes = found[1].split() if found else []
        style = STYLE.search(" ".join(classes))
        names = [
            c.removeprefix("fa-")
            for c in classes
            if c.startswith("fa-") and not STYLE.fullmatch(c) and c != "fa-lg"
        ]
        if style is None or len(names) != 1:
            return match[0]  # not an icon this step knows how to draw
        return svg_markup(style[1], names[0], attrs)

    return FONTAWESOME_SCRIPT.sub("", ICON_TAG.sub(replace, page))


# --- Icons of the style sheet -----------------------------------------------------

# A rule of the theme's CSS that draws an icon glyph: selector { ... content: var(--pst-...) ... }
ICON_RULE = re.compile(
    r"(?P<selector>[^{}]+)\{[^{}]*?content:var\(--(?P<var>pst-[a-z-]+)\)"
)
VARIABLE = re.compile(
    r"--(?P<name>pst-[a-z-]+):(?P<value>\"[^\"]*\"|var\(--pst-[a-z-]+\))"
)


def _codepoints(css: str) -> dict[str, str]:
    """Each ``--pst-...`` variable that names a glyph, resolved to its code point."""
    values = {m["name"]: m["value"] for m in VARIABLE.finditer(css)}

    def resolve(name: str, depth: int = 0) -> str | None:
        value = values.get(name)
        if value is None or depth > 5:
            return None
        if value.startswith("var("):
            return resolve(value[6:-1], depth + 1)
        glyph = value.strip('"')
        return f"{ord(glyph):x}" if len(glyph) == 1 else None

    return {name: point for name in values if (point := resolve(name))}


def _mask(icon: dict) -> str:
    view_box = " ".join(str(n) for n in icon["viewBox"])
    svg = (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='{view_box}'>"
        f"<path d='{icon['path']}'/></svg>"
    )
    return f'url("data:image/svg+xml,{quote(svg, safe=" =:/,.-")}")'


def icons_css(theme_css: str) -> str:
    """Rules that draw the theme's CSS icons as masks, overriding its glyphs."""
    by_codepoint = {
        icon["unicode"]: icon
        for key, icon in icons().items()
        if key.startswith("solid/")
    } | {
        icon["unicode"]: icon
        for key, icon in icons().items()
        if key.startswith("brands/")
    }
    points = _codepoints(theme_css)
    rules, used = [], {}
    # Every glyph the theme's rules draw becomes an empty box, painted in the
    # text's colour through the icon's outline (one variable per icon).
    for match in ICON_RULE.finditer(theme_css):
        point = points.get(match["var"])
        if point is None:
            continue
        icon = by_codepoint.get(point)
        if icon is None:
            raise MissingIcon(
                f"the theme's {match['var']} (U+{point}) is not in {ICONS_FILE.name}"
            )
        used[point] = icon
        # The font goes too: an empty box still measures its line with its
        # font, and the browser would fetch the icon font for that.
        rules.append(
            f'{match["selector"].strip()}{{content:"";font-family:inherit;'
            "display:inline-block;"
            "width:1em;height:1em;vertical-align:-.125em;"
            "background-color:currentColor;"
            f"mask:var(--icon-{point}) center/contain no-repeat}}"
        )
    masks = ";".join(f"--icon-{point}:{_mask(icon)}" for point, icon in used.items())
    rules.insert(0, f":root{{{masks}}}")
    rules.insert(
        0, "/* Written by sitebuild.icons: the theme's icon glyphs as SVG masks. */"
    )
    # The inline SVG icons: as tall as the glyphs were, on the same baseline.
    rules.append(
        "svg.pst-icon{display:inline-block;height:1em;width:1.25em;"
        "vertical-align:-.125em;overflow:visible}"
    )
    return "\n".join(rules) + "\n"


def draw_icons(app, exception) -> None:
    """build-finished: inline SVG icons in every page, and the icons' style sheet."""
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    theme_css = (static / "styles" / "pydata-sphinx-theme.css").read_text(
        encoding="utf-8"
    )
    (static / STYLESHEET).write_text(icons_css(theme_css), encoding="utf-8")
    rewrite_pages(app, exception, lambda text, page, out: inline_icons(text))
