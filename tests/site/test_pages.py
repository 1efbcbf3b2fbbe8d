"""The built pages say what the executed code printed and show what it drew."""

import re
from html.parser import HTMLParser

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


def test_intro_shows_the_scatter_and_the_contour_figures(intro):
    _, images = parse(intro)
    figures = [i for i in images if "sphx_glr_plot_intro_00" in i.get("src", "")]
    assert len(figures) == 3
    for image in figures:
        assert (intro.parent / image["src"]).is_file()
    assert "Toy binary classification data set" in figures[0]["alt"]
    assert "Decision boundary" in figures[1]["alt"]
    assert "Epoch 1 " in figures[2]["alt"]  # the boundary as the network learns
    assert "Epoch 200 " in figures[2]["alt"]


def test_intro_offers_its_script_and_notebook(intro):
    page = intro.read_text()
    for suffix in ("py", "ipynb"):
        link = re.search(rf'href="([^"]*plot_intro\.{suffix})"', page)
        assert link, f"no .{suffix} download link"
        assert (intro.parent / link.group(1)).is_file()


def test_install_page_explains_backend_and_tensorboard(html):
    text, _ = parse(html / "install.html")
    for phrase in ("KERAS_BACKEND", "keras.json", "tensorboard", "pip install"):
        assert phrase in text
