"""Take a current screenshot of TensorBoard showing the TensorBoard page's runs.

Run by ``nox -s screenshot`` after ``nox -s docs``: it serves the logs that the
gallery wrote with the real ``tensorboard`` program, opens its Scalars tab in
headless Chromium (the system's, driven by Playwright) on the two runs that the
TensorBoard page compares, and writes the PNG that the page shows: the
``epoch_loss`` chart with the list of runs and their colours below it, about
330 CSS pixels wide, so that a phone shows it at full size. The docs build uses
the committed file; a new screenshot that looks the same, pixel for pixel, is
not written, so that nothing changes when nothing changed.
"""

from __future__ import annotations

import argparse
import io
import os
from pathlib import Path
from urllib.parse import quote, urlparse

from PIL import Image, ImageChops
from playwright.sync_api import sync_playwright

from moons_tutorial.logs import event_files
from sitebuild.browser import CHROMIUM_FLAGS
from sitebuild.repository import ROOT
from sitebuild.tensorboard_server import tensorboard

# What the TensorBoard page discusses: its two runs' loss.
RUNS = ("one_layer", "three_layers")
TAG = "epoch_loss"


def stack(images: list[Image.Image], margin: int = 24) -> Image.Image:
    """Return the images one below the other, left-aligned, on white."""
    width = max(image.width for image in images) + 2 * margin
    height = sum(image.height + margin for image in images) + margin
    result = Image.new("RGB", (width, height), "white")
    top = margin
    for image in images:
        result.paste(image.convert("RGB"), (margin, top))
        top += image.height + margin
    return result


def same_pixels(new: Image.Image, old: Image.Image) -> bool:
    """Return whether two images have the same size and the same pixels."""
    old = old.convert("RGB")
    return new.size == old.size and ImageChops.difference(new, old).getbbox() is None


def main() -> None:
    """Serve the logs, open the Scalars tab, and save the screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--logdir", type=Path, default=ROOT / "docs/_build/gallery-work/Graph"
    )
    parser.add_argument(
        "--output", type=Path, default=ROOT / "docs/_static/tensorboard.png"
    )
    parser.add_argument(
        "--browser", default=os.environ.get("CHROMIUM", "/usr/bin/chromium")
    )
    args = parser.parse_args()
    if not event_files(args.logdir):
        parser.error(f"--logdir {args.logdir} holds no event files: run `nox -s docs`")

    # Served by its relative name, so that no path of this machine is shown.
    logdir = args.logdir.resolve()
    with (
        tensorboard(Path(logdir.name), cwd=logdir.parent) as url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(
            executable_path=args.browser, args=CHROMIUM_FLAGS
        )
        # Twice the pixels of the CSS size: sharp on high-density screens.
        page = browser.new_page(
            viewport={"width": 1000, "height": 900}, device_scale_factor=2
        )
        host = urlparse(url).netloc
        # TensorBoard needs nothing from other hosts; refuse whatever it asks.
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if urlparse(route.request.url).netloc == host
                else route.abort()
            ),
        )
        runs = quote(f"^({'|'.join(RUNS)})/", safe="")
        page.goto(
            f"{url}#scalars&_smoothingWeight=0&regexInput={runs}"
            f"&tagFilter={quote(f'^{TAG}$', safe='')}"
        )
        page.get_by_text(TAG).first.wait_for(timeout=60_000)
        # The whole curve, its first epochs included.
        page.get_by_text("Ignore outliers in chart scaling").click()
        page.wait_for_timeout(5_000)  # let the chart draw its lines
        chart = page.locator("tf-scalar-card").first.screenshot()
        legend = page.locator("tf-multi-checkbox").first.screenshot()
        browser.close()
    image = stack([Image.open(io.BytesIO(png)) for png in (chart, legend)])
    if args.output.is_file() and same_pixels(image, Image.open(args.output)):
        print(f"{args.output.relative_to(ROOT)} is unchanged; left as it was")
        return
    args.output.parent.mkdir(parents=True, exist_ok=True)
    image.save(args.output, optimize=True)
    print(f"wrote {args.output.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
