"""The published TensorBoard logs download, unzip and open in TensorBoard."""

import re
import urllib.parse
import urllib.request
import zipfile

import pytest

from moons_tutorial.logs import read_scalars
from moons_tutorial.recording import IMAGE_FOLDER, IMAGE_TAG
from sitebuild.tensorboard_server import check_runs_are_served, get_json, tensorboard


@pytest.fixture(scope="module")
def page(html):
    return html / "auto_examples" / "plot_tensorboard.html"


@pytest.fixture(scope="module")
def unzipped(page, tmp_path_factory):
    link = re.search(r'href="([^"]*tensorboard[^"]*\.zip)"', page.read_text())
    assert link, "the TensorBoard page does not link the logs zip"
    archive = page.parent / link.group(1)
    folder = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(archive) as bundle:
        assert all(not name.startswith(("/", "..")) for name in bundle.namelist())
        bundle.extractall(folder)
    return folder / "Graph"


def test_page_shows_curves_and_the_command(page):
    text = page.read_text()
    assert "tensorboard --logdir Graph" in re.sub(r"<[^>]+>", "", text)
    assert "sphx_glr_plot_tensorboard_001.png" in text


def test_zip_holds_at_least_two_complete_runs(unzipped):
    scalars = read_scalars(unzipped)
    complete = [
        run
        for run, splits in scalars.items()
        if {"train", "validation"} <= set(splits)
        and len(splits["validation"]["epoch_accuracy"].values) > 1
    ]
    assert len(complete) >= 2, sorted(scalars)


@pytest.mark.slow
def test_tensorboard_serves_every_run_of_the_zip(unzipped):
    scalars = read_scalars(unzipped)
    epochs = {run: len(s["train"]["epoch_loss"].values) for run, s in scalars.items()}
    with tensorboard(unzipped) as url:
        check_runs_are_served(url, epochs)


@pytest.mark.slow
def test_tensorboard_shows_the_lessons_boundary_in_its_images_tab(unzipped):
    """The lesson's run carries its decision boundary as images, one per step."""
    run = f"model_1/{IMAGE_FOLDER}"
    with tensorboard(unzipped) as url:
        tags = get_json(url, "data/plugin/images/tags")
        assert IMAGE_TAG in tags.get(run, {}), f"no {IMAGE_TAG} in {tags}"
        query = urllib.parse.urlencode({"run": run, "tag": IMAGE_TAG, "sample": 0})
        images = get_json(url, f"data/plugin/images/images?{query}")
        steps = [image["step"] for image in images]
        assert len(steps) > 1
        assert steps == sorted(steps)
        assert steps[-1] == 199  # after the last of the lesson's 200 epochs
        image_url = url + "data/plugin/images/individualImage?" + images[-1]["query"]
        with urllib.request.urlopen(image_url, timeout=30) as image:
            assert image.read(8) == b"\x89PNG\r\n\x1a\n"
