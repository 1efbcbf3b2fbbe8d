"""Take a current screenshot of TensorBoard showing the gallery's runs.

Run by ``nox -s screenshot`` after ``nox -s docs``: it serves the logs that the
gallery wrote with the real ``tensorboard`` program, opens its Scalars tab in
headless Chromium (the system's, driven by Playwright), and writes the PNG that
the TensorBoard page shows. The docs build uses the committed file.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]

from playwright.sync_api import sync_playwright

from moons_tutorial.logs import event_files
from tools.browser import CHROMIUM_FLAGS
from tools.tensorboard_server import tensorboard


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
        page = browser.new_page(
            viewport={"width": 1400, "height": 900}, device_scale_factor=1
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
        page.goto(url + "#scalars&_smoothingWeight=0&tagFilter=epoch_(accuracy%7Closs)")
        page.get_by_text("epoch_accuracy").first.wait_for(timeout=60_000)
        page.wait_for_timeout(5_000)  # let the charts draw their lines
        args.output.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.output))
        browser.close()
    print(f"wrote {args.output.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
