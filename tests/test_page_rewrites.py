"""The build's rewrites of its final HTML, on small pages made for the purpose.

The built site's tests (tests/site) check the result in a browser; these check
each rewrite's rules where a failure names the rule.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from sitebuild.figure_markup import size_figures
from sitebuild.icons import MissingIcon, icons_css, inline_icons
from sitebuild.page_head import lighten_head
from sitebuild.printed_output import mark_widths
from sitebuild.style_bundle import bundle, rebased

HEAD = """<html><head>
<link href="_static/styles/theme.css?digest=1" rel="stylesheet" />
<script src="_static/documentation_options.js?v=1"></script>
<script src="_static/doctools.js?v=2"></script>
<script src="_static/searchtools.js"></script>
<script src="_static/language_data.js"></script>
<script src="searchindex.js"></script>
<script>DOCUMENTATION_OPTIONS.pagename = 'index';</script>
</head><body><script src="_static/late.js"></script></body></html>"""


def test_the_head_links_basic_css_and_defers_what_can_wait():
    page = lighten_head(HEAD, link_basic_css=True, keep_search=False)
    assert '<link href="_static/basic.css" rel="stylesheet" />' in page
    assert "theme.css" not in page
    assert "searchindex.js" not in page
    assert "searchtools.js" not in page
    # The inline scripts after it set its values: without its text, it stays
    # as it is; with it, its text is written into the page.
    assert '<script src="_static/documentation_options.js?v=1"></script>' in page
    options = "const DOCUMENTATION_OPTIONS = {VERSION: '1'};"
    inlined = lighten_head(
        HEAD, link_basic_css=True, keep_search=False, options_js=options
    )
    assert f"<script>{options}</script>" in inlined
    assert "documentation_options.js" not in inlined
    assert '<script defer src="_static/doctools.js?v=2"></script>' in page
    # The body's scripts are not the head's business.
    assert '<script src="_static/late.js"></script>' in page


def test_the_search_page_keeps_its_search_tools():
    page = lighten_head(HEAD, link_basic_css=True, keep_search=True)
    assert '<script defer src="searchindex.js"></script>' in page
    assert '<script defer src="_static/searchtools.js"></script>' in page


def test_font_awesome_tags_become_inline_svg_with_their_attributes():
    page = (
        '<i class="theme-switch fa-solid fa-sun fa-lg" data-mode="light"></i>'
        '<span class="fa-solid fa-bars"></span>'
        '<script defer src="_static/scripts/fontawesome.js?digest=1"></script>'
    )
    drawn = inline_icons(page)
    assert "<i " not in drawn
    assert "<span" not in drawn
    assert "fontawesome.js" not in drawn
    assert drawn.count("<svg ") == 2
    assert 'class="pst-icon theme-switch fa-sun fa-lg" data-mode="light"' in drawn
    # No icon font class, which would ask for the font's glyph.
    assert "fa-solid" not in drawn
    assert 'aria-hidden="true"' in drawn


def test_an_icon_missing_from_the_file_fails_the_build():
    with pytest.raises(MissingIcon):
        inline_icons('<i class="fa-solid fa-unicorn-that-does-not-exist"></i>')


def test_css_icons_become_masks_in_the_texts_colour():
    theme = (
        ':root{--pst-icon-angle-right:"\uf105";--pst-breadcrumb-divider:'
        "var(--pst-icon-angle-right)}"
        "ul.crumbs li:before{content:var(--pst-breadcrumb-divider);font:x}"
    )
    css = icons_css(theme)
    assert 'ul.crumbs li:before{content:"";' in css
    assert "mask:var(--icon-f105)" in css
    assert "--icon-f105:url(" in css
    with pytest.raises(MissingIcon):
        icons_css(':root{--pst-icon-x:"\ue000"}a:before{content:var(--pst-icon-x)}')


def test_figures_get_their_size_width_candidates_and_lazy_loading(tmp_path):
    images = tmp_path / "_images"
    images.mkdir()
    Image.new("RGB", (500, 400)).save(images / "a.png")
    Image.new("RGB", (1000, 800)).save(images / "a_2_00x.png")
    page = tmp_path / "auto_examples" / "page.html"
    page.parent.mkdir()
    figure = (
        '<img src="../_images/a.png" srcset="../_images/a.png, '
        '../_images/a_2_00x.png 2.00x" alt="A" class = "sphx-glr-single-img"/>'
    )
    sized = size_figures(f"<html><body>{figure}{figure}</body></html>", page, tmp_path)
    first, second = sized.split("<img")[1:]
    assert 'width="500" height="400"' in first
    assert 'srcset="../_images/a.png 500w, ../_images/a_2_00x.png 1000w"' in first
    assert 'sizes="' in first
    assert "loading" not in first  # it may be the first screen's largest figure
    assert 'loading="lazy"' in second
    # Run again (a rebuild that wrote no page): nothing changes.
    assert size_figures(sized, page, tmp_path) == sized
    # Below a screenful of text, even the first figure waits.
    long = (
        f"<html><body><article><p>{'word ' * 400}</p>{figure}</article></body></html>"
    )
    assert 'loading="lazy"' in size_figures(long, page, tmp_path)


def test_a_width_the_page_gave_keeps_the_files_ratio(tmp_path):
    (tmp_path / "_images").mkdir()
    Image.new("RGB", (1061, 903)).save(tmp_path / "_images" / "b.png")
    page = tmp_path / "page.html"
    sized = size_figures(
        '<body><img alt="B" height="400" src="_images/b.png" width="530" /></body>',
        page,
        tmp_path,
    )
    assert 'height="451"' in sized
    assert 'width="530"' in sized


def test_printed_results_carry_their_longest_line():
    page = (
        '<div class="sphx-glr-script-out highlight-none"><div class="highlight">'
        "<pre><span></span>short\na line of 23 characters\n</pre></div></div>"
        '<div class="highlight-python"><div class="highlight"><pre>code = 1</pre>'
    )
    marked = mark_widths(page)
    assert '<pre style="--columns: 23">' in marked
    assert "<pre>code = 1</pre>" in marked  # code is not a result
    assert mark_widths(marked) == marked
    # Longer lines than a phone shows at the smallest font: prose, it wraps.
    prose = '<div class="cell_output"><pre>' + "word " * 30 + "</pre></div>"
    assert mark_widths(prose) == prose


def test_style_sheets_join_into_one_bundle_with_their_urls_rebased(tmp_path):
    static = tmp_path / "_static"
    (static / "styles").mkdir(parents=True)
    (static / "basic.css").write_text("a{background:url(file.png)}")
    (static / "styles" / "theme.css").write_text("b{src:url(../vendor/f.woff2)}")
    page = tmp_path / "auto_examples" / "page.html"
    page.parent.mkdir()
    html = (
        "<html><head>\n"
        '<link href="../_static/basic.css" rel="stylesheet" />\n'
        '<link rel="stylesheet" type="text/css" href="../_static/styles/theme.css" />\n'
        "</head><body></body></html>"
    )
    joined = bundle(html, page, tmp_path)
    [href] = re.findall(r'href="([^"]+)"', joined)
    assert href.startswith("../_static/styles/bundle-")
    css = (page.parent / href).read_text()
    assert 'url("../file.png")' in css
    assert 'url("../vendor/f.woff2")' in css
    # Built again with nothing changed: the same page, the same bundle.
    assert bundle(joined, page, tmp_path) == joined
    # A changed sheet reaches a page that already links a bundle.
    (static / "basic.css").write_text("a{color:red}")
    assert bundle(joined, page, tmp_path) != joined


def test_rebased_urls_keep_data_and_absolute_addresses():
    css = 'a{b:url("data:image/svg+xml,x");c:url(/x.png);d:url(https://e/f)}'
    assert rebased(css, Path("_static/a.css"), Path("_static/styles")) == css
