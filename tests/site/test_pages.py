"""The built pages say what the executed code printed and show what it drew."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest


class PageText(HTMLParser):
    """Collect a page's text and its images."""

    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.images: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))

    def handle_data(self, data):
        self.text.append(data)


def parse(path):
    page = PageText()
    page.feed(path.read_text(encoding="utf-8"))
    # Highlighted code splits text into many spans: join them, then even out
    # the whitespace, so that phrases read as they do on screen.
    return re.sub(r"\s+", " ", "".join(page.text)), page.images


@pytest.fixture(scope="module")
def intro(html):
    return html / "auto_examples" / "plot_intro.html"


def test_index_leads_to_the_gallery(html):
    text, _ = parse(html / "index.html")
    assert "Two moons with Keras 3" in text
    assert 'href="auto_examples/index.html"' in (html / "index.html").read_text()


def test_intro_prints_a_test_accuracy_of_at_least_96_percent(intro):
    text, _ = parse(intro)
    accuracy = float(re.search(r"Test accuracy: (\d\.\d+)", text).group(1))
    assert accuracy >= 0.96


def test_intro_names_the_backend_it_ran_on(intro):
    text, _ = parse(intro)
    assert re.search(r"Keras 3\.\d+\.\d+ on the (jax|tensorflow|torch) backend", text)


def test_intro_shows_the_scatter_learning_curve_and_contour_figures(intro):
    _, images = parse(intro)
    figures = [i for i in images if "sphx_glr_plot_intro_0" in i.get("src", "")]
    for image in figures:
        assert (intro.parent / image["src"]).is_file()
    alts = [image["alt"] for image in figures]
    assert "Toy binary classification data set" in alts[0]
    assert any(alt.startswith("Test-half loss") for alt in alts)
    assert any(alt.startswith("Decision boundary") for alt in alts)
    # The boundary as the network learns, from the first epoch to the last.
    assert any("Epoch 1 " in alt and "Epoch 200 " in alt for alt in alts)


def squeeze_blank_lines(code: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", code)


def test_intro_links_its_script_and_a_notebook_of_the_same_code(intro):
    page = intro.read_text()
    files = {}
    for suffix in ("py", "ipynb"):
        # The download, not Binder's or Colab's link to the same notebook.
        link = re.search(rf'href="((?!https?:)[^"]*plot_intro\.{suffix})"', page)
        assert link, f"no .{suffix} download link"
        files[suffix] = intro.parent / link.group(1)
    # The notebook leaves out the build's hidden checks (and the blank lines
    # around them): compare with the script without them.
    script = squeeze_blank_lines(
        re.sub(
            r"# sphinx_gallery_start_ignore\n.*?# sphinx_gallery_end_ignore\n",
            "",
            files["py"].read_text(encoding="utf-8"),
            flags=re.DOTALL,
        )
    )
    assert "import keras" in script
    cells = [
        "".join(cell["source"])
        for cell in json.loads(files["ipynb"].read_text(encoding="utf-8"))["cells"]
        if cell["cell_type"] == "code"
    ]
    # Every code cell but the notebook's own "%pip install" is the script's code.
    code = [cell for cell in cells if not cell.startswith("%")]
    assert code, "the notebook has no code cell"
    missing = [cell for cell in code if squeeze_blank_lines(cell) not in script]
    assert not missing, f"notebook cells not in the script: {missing}"


def test_install_page_explains_backend_and_tensorboard(html):
    text, _ = parse(html / "install.html")
    for phrase in ("KERAS_BACKEND", "keras.json", "tensorboard", "pip install"):
        assert phrase in text


def test_every_page_names_a_favicon_that_exists(html):
    # Without one, browsers ask for /favicon.ico and log a 404 on every page.
    # (_static holds the theme's templates, not pages.)
    for page in html.rglob("*.html"):
        if page.relative_to(html).parts[0] == "_static":
            continue
        links = re.findall(r'<link rel="icon" href="([^"]+)"', page.read_text("utf-8"))
        assert links, f"{page.relative_to(html)} links no icon"
        assert (page.parent / links[0]).resolve().is_file(), links[0]


def test_the_site_publishes_no_build_leftovers_or_unused_static_files(html):
    # Sphinx's backup of the previous build's configuration hash.
    assert not (html / ".buildinfo.bak").exists()
    # Every file of _static/ that docs/_static/ adds is used by some page, or
    # by the style sheet bundle the pages link (which names its sources).
    pages = "".join(
        page.read_text("utf-8")
        for page in [*html.rglob("*.html"), *html.glob("_static/styles/bundle-*.css")]
        if page.relative_to(html).parts[0] != "_static" or page.suffix == ".css"
    )
    ours = Path(__file__).resolve().parents[2] / "docs" / "_static"
    unused = [f.name for f in ours.iterdir() if f.is_file() and f.name not in pages]
    assert not unused, f"docs/_static files no page uses: {unused}"


def test_no_page_shows_an_empty_section_navigation(html):
    # The theme's primary sidebar titles a list of the page's sub-pages
    # "Section Navigation"; no page of this site has any.
    shown = [
        page.relative_to(html).as_posix()
        for page in html.rglob("*.html")
        if page.relative_to(html).parts[0] != "_static"
        and "Section Navigation" in page.read_text("utf-8")
    ]
    assert not shown, shown


def test_the_home_page_shows_the_intros_decision_boundary(html):
    # The figure the lesson ends with, as the intro's page shows it (the same
    # file), not a picture kept apart from the build.
    home = (html / "index.html").read_text("utf-8")
    intro = (html / "auto_examples" / "plot_intro.html").read_text("utf-8")
    [shown] = re.findall(r'<img [^>]*src="_images/([^"]+)"', home)
    boundary = re.search(
        r'<img [^>]*src="../_images/([^"]+)"[^>]*alt="Decision boundary', intro
    ) or re.search(
        r'<img [^>]*alt="Decision boundary[^>]*src="../_images/([^"]+)"', intro
    )
    assert boundary, "the intro shows no decision boundary figure"
    assert shown == boundary.group(1)
