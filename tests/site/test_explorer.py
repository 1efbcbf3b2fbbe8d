"""The explorer page in headless Chromium: controls, address, speed, weight, maths.

A reader picks a setting and an epoch; the page must show that run at once,
from the local server or opened from disk, without asking any other host for
anything. Its forward pass must agree with Keras's own ``predict`` on the same
weights, or the boundary it draws is not the network's.
"""

from __future__ import annotations

import gzip
import html as html_escapes
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest

from moons_tutorial.data import add_product_feature
from moons_tutorial.model import build_model
from sitebuild.browser import Problems, watch

pytestmark = pytest.mark.browser

PAGE = "explorer.html"
CONTROLS = ["layers", "units", "product", "noise", "optimizer"]
# A control change must redraw within this many milliseconds (the page's promise).
REDRAW_BUDGET_MS = 100
# What a first view and a few setting changes may transfer, compressed.
TRANSFER_BUDGET = 1_500_000
# The page's forward pass against Keras's predict, on the same weights.
PREDICT_TOLERANCE = 1e-3


# --- The data the build wrote ---------------------------------------------------------


def script_value(path: Path, pattern: str) -> dict:
    """The JSON object assigned by one of the explorer's data scripts."""
    match = re.fullmatch(pattern, path.read_text(encoding="utf-8").strip(), re.DOTALL)
    assert match, f"{path.name} is not in the data format the page reads"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def explorer(html) -> dict:
    """``explorer/index.js``: the controls, settings, grid and test points."""
    return script_value(
        html / "explorer" / "index.js", r"window\.MOONS_EXPLORER\s*=\s*(\{.*\});?"
    )


def read_run(html: Path, explorer: dict, key: str) -> dict:
    """One run's file, ``explorer/runs/KEY.js``, as Python data."""
    path = html / "explorer" / explorer["settings"][key]["file"]
    return script_value(
        path,
        r"\(window\.MOONS_EXPLORER_RUNS \|\|= \{\}\)\[\"[^\"]+\"\]\s*=\s*(\{.*\});?",
    )


def query(setting: dict, epoch: int) -> str:
    """The address's query string for a setting and epoch, as the page writes it."""
    product = 1 if setting["product"] else 0
    return (
        f"?layers={setting['layers']}&units={setting['units']}&product={product}"
        f"&noise={setting['noise']}&optimizer={setting['optimizer']}&epoch={epoch}"
    )


# --- Opening the page ------------------------------------------------------------------


@pytest.fixture
def context(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, color_scheme="light"
    )
    yield context
    context.close()


def open_explorer(context, url: str, origin: str, problems: Problems):
    """Open the explorer at ``url``, watched for errors; wait until it has drawn."""
    page = context.new_page()
    watch(page, origin, problems)
    page.goto(url)
    page.wait_for_function("() => window.moonsExplorer !== undefined")
    page.evaluate("() => window.moonsExplorer.ready()")
    return page


def shown_state(page) -> dict:
    return page.evaluate("() => window.moonsExplorer.state()")


def boundary_pixels(page) -> str:
    return page.evaluate(
        "() => document.querySelector('[data-mx=boundary]').toDataURL()"
    )


def assert_clean(problems: Problems) -> None:
    assert not problems.lines, "\n".join(problems.lines)


# --- Controls ---------------------------------------------------------------------------


def test_every_control_shows_its_run(context, origin, explorer):
    """Clicking each option of each control shows that setting's run and address."""
    problems = Problems(PAGE)
    page = open_explorer(context, origin + PAGE, origin, problems)
    default = explorer["settings"][explorer["default"]]
    clicked = 0
    for control in CONTROLS:
        for index, value in enumerate(explorer["controls"][control]):
            # From the default setting, every option of one control is one run
            # away, or is disabled because the build did not make that run.
            page.evaluate(
                "s => window.moonsExplorer.select(s)",
                {name: default[name] for name in CONTROLS},
            )
            radio = page.locator(f"#mx-{control}-{index}")
            changed = {**{name: default[name] for name in CONTROLS}, control: value}
            key_exists = any(
                all(setting[name] == changed[name] for name in CONTROLS)
                for setting in explorer["settings"].values()
            )
            if not key_exists:
                assert radio.is_disabled(), (
                    f"{control}={value} has no run but is enabled"
                )
                note = page.locator("#mx-unavailable")
                assert note.is_visible()
                assert (
                    explorer["unavailable_reason"].lower() in note.inner_text().lower()
                )
                continue
            page.locator(f"label[for=mx-{control}-{index}]").click()
            page.evaluate("() => window.moonsExplorer.ready()")
            state = shown_state(page)
            assert state[control] == value
            # The address names the view, as the page's own links write it.
            expected = query(changed, 200)
            assert parse_qs(urlsplit(page.url).query) == parse_qs(expected[1:])
            clicked += 1
    # Every control was driven at least once beyond its default option.
    assert clicked >= len(CONTROLS) + 2
    assert_clean(problems)


def test_unavailable_options_say_why(context, origin, explorer):
    """With another optimizer, the settings it was not run for are disabled."""
    other = next(
        s for s in explorer["settings"].values() if s["optimizer"] != "adadelta-1.0"
    )
    problems = Problems(PAGE)
    page = open_explorer(context, origin + PAGE + query(other, 200), origin, problems)
    disabled = page.locator(".mx-controls input:disabled")
    assert disabled.count() >= 1, "no option disabled outside the grid"
    reasons = page.locator(".mx-unavailable:visible")
    assert reasons.count() >= 1
    assert explorer["unavailable_reason"].lower() in reasons.first.inner_text().lower()
    assert_clean(problems)


def test_keyboard_operates_controls_with_visible_focus(context, origin, explorer):
    """Tab to a radio group and change it with the arrow keys; the slider with keys."""
    problems = Problems(PAGE)
    page = open_explorer(context, origin + PAGE, origin, problems)
    # A group where another option is open from the default setting (arrow
    # keys skip disabled options).
    group = next(
        control
        for control in CONTROLS
        if page.locator(f"input[name=mx-{control}]:enabled").count() >= 2
    )
    page.locator(f"input[name=mx-{group}]:checked").focus()
    outline = page.evaluate(
        "(group) => getComputedStyle(document.querySelector("
        "`input[name=mx-${group}]:checked + label`)).outlineStyle",
        group,
    )
    assert outline not in ("", "none"), "the focused option shows no outline"
    before = shown_state(page)[group]
    page.keyboard.press("ArrowRight")
    page.evaluate("() => window.moonsExplorer.ready()")
    after = shown_state(page)[group]
    assert after != before, f"the arrow key did not change the {group}"
    assert page.locator(f"input[name=mx-{group}]:checked").evaluate(
        "input => input === document.activeElement"
    )

    slider = page.locator("#mx-epoch")
    slider.focus()
    page.keyboard.press("Home")
    page.evaluate("() => window.moonsExplorer.ready()")
    assert shown_state(page)["epoch"] == explorer["epochs"][0]
    page.keyboard.press("ArrowRight")
    page.evaluate("() => window.moonsExplorer.ready()")
    assert shown_state(page)["epoch"] == explorer["epochs"][1]
    page.keyboard.press("End")
    page.evaluate("() => window.moonsExplorer.ready()")
    assert shown_state(page)["epoch"] == explorer["epochs"][-1]
    assert "epoch=200" in page.url
    assert_clean(problems)


def test_play_steps_through_the_epochs_and_pauses(context, origin, explorer):
    problems = Problems(PAGE)
    page = open_explorer(context, origin + PAGE + "?epoch=0", origin, problems)
    play = page.locator("[data-mx=play]")
    assert play.inner_text() == "Play"
    play.click()
    assert play.inner_text() == "Pause"
    page.wait_for_function("() => window.moonsExplorer.state().epochIndex >= 2")
    play.click()
    assert play.inner_text() == "Play"
    paused_at = shown_state(page)["epochIndex"]
    page.wait_for_timeout(800)
    assert shown_state(page)["epochIndex"] == paused_at, "still playing after pause"
    assert_clean(problems)


def test_things_to_try_select_their_setting(context, origin, explorer):
    problems = Problems(PAGE)
    page = open_explorer(context, origin + PAGE, origin, problems)
    links = page.locator("[data-mx=tries] a")
    assert links.count() == len(explorer["tries"]) >= 1
    for index, item in enumerate(explorer["tries"]):
        links.nth(index).click()
        page.evaluate("() => window.moonsExplorer.ready()")
        state = shown_state(page)
        assert state["key"] == item["key"]
        assert state["epoch"] == item["epoch"]
    checks = page.locator("[data-mx=checks] li")
    assert checks.count() == len(explorer["checks"])
    assert_clean(problems)


def test_code_marks_the_lines_that_differ_from_the_default(
    context, origin, html, explorer
):
    """The script shown is the run's script; what differs from the default is marked."""
    default_script = (
        html / "explorer" / explorer["settings"][explorer["default"]]["script"]
    ).read_text()
    problems = Problems(PAGE)
    page = open_explorer(context, origin + PAGE, origin, problems)
    assert page.locator(".mx-changed").count() == 0
    other = next(
        s for s in explorer["settings"].values() if s["layers"] == 2 and s["product"]
    )
    page.evaluate(
        "s => window.moonsExplorer.select(s)", {n: other[n] for n in CONTROLS}
    )
    page.wait_for_function("() => document.querySelector('.mx-changed') !== null")
    script = (html / "explorer" / other["script"]).read_text()
    shown = page.locator("[data-mx=code]").evaluate("pre => pre.textContent")
    assert shown == script, "the page shows another script than the download"
    changed = page.locator(".mx-changed").all_text_contents()
    assert all(line.rstrip("\n") not in default_script.splitlines() for line in changed)
    assert any(f"Dense({other['units']}" in line for line in changed), changed
    # The mark is visible, not colour alone: a "+" drawn beside each line.
    mark = page.locator(".mx-changed").first.evaluate(
        "line => getComputedStyle(line, '::before').content"
    )
    assert mark == '"+"'
    download = page.locator("[data-mx=download]")
    assert download.get_attribute("href") == "explorer/" + other["script"]
    assert_clean(problems)


# --- The address -------------------------------------------------------------------------


def test_address_round_trips_in_a_fresh_browser(browser, context, origin, explorer):
    """A copied address shows the same view in a browser that never saw the page."""
    problems = Problems(PAGE)
    page = open_explorer(context, origin + PAGE, origin, problems)
    two_layers = next(s for s in explorer["settings"].values() if s["layers"] == 2)
    page.evaluate(
        "s => window.moonsExplorer.select(s)",
        {**{name: two_layers[name] for name in CONTROLS}, "epoch": 20},
    )
    url = page.url
    asked = parse_qs(urlsplit(url).query)
    assert asked["layers"] == ["2"]
    assert asked["epoch"] == ["20"]
    pixels, state = boundary_pixels(page), shown_state(page)

    fresh = browser.new_context(
        viewport={"width": 1280, "height": 900}, color_scheme="light"
    )
    try:
        again = open_explorer(fresh, url, origin, problems)
        assert shown_state(again) == {**state, "drawMs": shown_state(again)["drawMs"]}
        assert boundary_pixels(again) == pixels, "the same address drew another picture"
    finally:
        fresh.close()
    assert_clean(problems)


def test_works_opened_from_disk(context, html, explorer):
    """From file:// the data must come in through <script> tags, not fetch()."""
    url = (html / PAGE).as_uri()
    problems = Problems(PAGE + " (file://)")
    two_layers = next(s for s in explorer["settings"].values() if s["layers"] == 2)
    page = open_explorer(context, url + query(two_layers, 200), "file:///", problems)
    state = shown_state(page)
    assert state["layers"] == 2
    assert page.locator("[data-mx=units] canvas").count() == two_layers["units"]
    # The address follows the view there too.
    page.evaluate("() => window.moonsExplorer.select({epoch: 20})")
    assert parse_qs(urlsplit(page.url).query)["epoch"] == ["20"]
    assert_clean(problems)


# --- Speed and weight ----------------------------------------------------------------------

# Clicks an option and waits until the page has drawn it; the time is measured
# inside the page, from the click to the end of drawing.
TIMED_CLICK_JS = """
async (selector) => {
  const started = performance.now();
  document.querySelector(selector).click();
  await window.moonsExplorer.ready();
  return performance.now() - started;
}
"""
TIMED_SLIDE_JS = """
async (index) => {
  const slider = document.querySelector('#mx-epoch');
  const started = performance.now();
  slider.value = String(index);
  slider.dispatchEvent(new Event('input', {bubbles: true}));
  await window.moonsExplorer.ready();
  return performance.now() - started;
}
"""
# Each change is timed this many times (there, back, there again). The machine
# that builds the site may be busy with other work: the fastest of the repeats
# is the page's own cost, the median a typical one.
REPEATS = 5


def test_a_control_change_redraws_within_100_ms(context, origin, explorer, capsys):
    """Every option one click away from the default view, and the epoch slider.

    As for a reader with a mouse, the pointer rests on an option before the
    click, which starts loading its run (the page prefetches on hover); what
    is timed is the click and the redraw. Each change must redraw within the
    budget (its fastest repeat), and so must the typical change (the median
    over all changes of their median). The first click on a run that was not
    loaded yet (its file from the local server) is timed and printed too.
    """
    problems = Problems(PAGE)
    page = open_explorer(context, origin + PAGE, origin, problems)
    start = shown_state(page)
    cold, repeats = {}, {}

    def timed(name, change, undo):
        times = []
        for _ in range(REPEATS):
            times.append(change())
            undo()
        repeats[name] = times

    for control in CONTROLS:
        home = f"#mx-{control}-{explorer['controls'][control].index(start[control])}"
        for index, value in enumerate(explorer["controls"][control]):
            option = f"#mx-{control}-{index}"
            if option == home or page.locator(option).is_disabled():
                continue
            cold[f"{control}={value}"] = page.evaluate(TIMED_CLICK_JS, option)
            page.evaluate(TIMED_CLICK_JS, home)
            page.locator(f"label[for=mx-{control}-{index}]").hover()
            timed(
                f"{control}={value}",
                lambda option=option: page.evaluate(TIMED_CLICK_JS, option),
                lambda home=home: page.evaluate(TIMED_CLICK_JS, home),
            )
            assert shown_state(page)["key"] == start["key"], f"{control}={value}"
    last = len(explorer["epochs"]) - 1
    for index in (0, last // 2, last):
        timed(
            f"epoch={explorer['epochs'][index]}",
            lambda index=index: page.evaluate(TIMED_SLIDE_JS, index),
            lambda index=index: page.evaluate(TIMED_SLIDE_JS, last - index),
        )
    fastest = {name: min(times) for name, times in repeats.items()}
    typical = float(np.median([np.median(times) for times in repeats.values()]))
    slowest = max(fastest, key=fastest.get)
    first_load = max(cold, key=cold.get)
    with capsys.disabled():
        print(
            f"\nexplorer redraw after a change, over {len(repeats)} changes:"
            f" typical {typical:.1f} ms (median of medians of {REPEATS});"
            f" slowest change {fastest[slowest]:.1f} ms at best ({slowest}),"
            f" {max(repeats[slowest]):.1f} ms at worst; a run's first click, its"
            f" file loaded from the local server: up to {cold[first_load]:.0f} ms"
            f" ({first_load})"
        )
    assert typical <= REDRAW_BUDGET_MS, repeats
    assert fastest[slowest] <= REDRAW_BUDGET_MS, repeats
    assert_clean(problems)


def test_page_transfer_fits_the_budget(context, origin, html, explorer, capsys):
    """Everything a first view and three setting changes load, gzipped.

    The three changes go to the three largest runs (two layers of 32 units):
    the heaviest a reader can make it.
    """
    problems = Problems(PAGE)
    loaded: dict[str, object] = {}
    page = context.new_page()
    page.on("response", lambda response: loaded.setdefault(response.url, response))
    watch(page, origin, problems)
    page.goto(origin + PAGE)
    page.wait_for_function("() => window.moonsExplorer !== undefined")
    page.evaluate("() => window.moonsExplorer.ready()")
    size = {
        key: (html / "explorer" / setting["file"]).stat().st_size
        for key, setting in explorer["settings"].items()
        if key != explorer["default"]
    }
    others = sorted(size, key=size.get, reverse=True)[:3]
    for key in others:
        setting = explorer["settings"][key]
        page.evaluate(
            "s => window.moonsExplorer.select(s)", {n: setting[n] for n in CONTROLS}
        )
    page.wait_for_load_state("networkidle")
    runs = [url for url in loaded if "/explorer/runs/" in url]
    assert len(runs) >= 4, runs
    sizes = {
        url.removeprefix(origin): len(gzip.compress(response.body(), compresslevel=6))
        for url, response in loaded.items()
        if response.status == 200
    }
    total = sum(sizes.values())
    with capsys.disabled():
        print(
            f"\nexplorer transfer, gzip: {total / 1e3:.0f} kB in {len(sizes)} files;"
            f" the page's own data: index.js"
            f" {sum(v for k, v in sizes.items() if k.endswith('explorer/index.js')) / 1e3:.0f} kB,"
            f" {len(runs)} run files {sum(v for k, v in sizes.items() if '/runs/' in k) / 1e3:.0f} kB"
        )
    assert total <= TRANSFER_BUDGET, sorted(sizes.items(), key=lambda kv: -kv[1])[:10]
    assert_clean(problems)


# --- The forward pass against Keras ----------------------------------------------------------


def compared_settings(explorer: dict) -> list[str]:
    """The default, two layers, the product input, and both at once (or another)."""
    settings = explorer["settings"]

    def first(**wanted):
        for key, setting in settings.items():
            if all(setting[name] == value for name, value in wanted.items()):
                return key
        return None

    keys = [
        explorer["default"],
        first(layers=2, product=False),
        first(layers=1, product=True),
        first(layers=2, product=True) or first(optimizer="adam"),
    ]
    assert None not in keys, keys
    return keys


def keras_model(setting: dict, snapshot: dict):
    model = build_model(
        hidden_units=(setting["units"],) * setting["layers"],
        n_features=3 if setting["product"] else 2,
    )
    model.set_weights(
        [
            np.asarray(array, dtype="float32")
            for layer in snapshot["layers"]
            for array in (layer["kernel"], layer["bias"])
        ]
    )
    return model


def test_forward_pass_matches_keras_predict(context, origin, html, explorer, capsys):
    grid = explorer["grid"]
    axis = np.linspace(grid["lo"], grid["hi"], grid["n"])
    points = np.array([[x1, x2] for x2 in axis for x1 in axis])
    problems = Problems(PAGE)
    page = open_explorer(context, origin + PAGE, origin, problems)
    largest = {}
    for key in compared_settings(explorer):
        setting = explorer["settings"][key]
        run = read_run(html, explorer, key)
        for index in (1, len(run["snapshots"]) - 1):
            model = keras_model(setting, run["snapshots"][index])
            inputs = add_product_feature(points) if setting["product"] else points
            expected = model.predict(inputs, verbose=0, batch_size=len(inputs)).ravel()
            shown = np.array(
                page.evaluate(
                    "([k, i, p]) => window.moonsExplorer.predict(k, i, p)",
                    [key, index, points.tolist()],
                )
            )
            epoch = run["snapshots"][index]["epoch"]
            largest[f"{key}@{epoch}"] = float(np.abs(shown - expected).max())
    worst = max(largest, key=largest.get)
    with capsys.disabled():
        print(
            f"\nexplorer forward pass against Keras predict: largest difference"
            f" {largest[worst]:.2e} ({worst}) over {len(largest)} snapshots"
            f" of {len(points)} points"
        )
    assert largest[worst] < PREDICT_TOLERANCE, largest
    assert_clean(problems)


# --- Screenshots ------------------------------------------------------------------------------

VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_screenshot(browser, origin, html, explorer, viewport, mode):
    """Photograph the page for a person to look at; nothing may stick out sideways."""
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(
        viewport={"width": width, "height": height},
        color_scheme=mode,
        device_scale_factor=2,
    )
    problems = Problems(PAGE)
    try:
        # Two layers of 8 units, where there are: maps and code that differ.
        shown = max(
            explorer["settings"].values(),
            key=lambda s: (s["layers"] == 2, s["units"] == 8, s["noise"] == 0.2),
        )
        page = open_explorer(
            context, origin + PAGE + query(shown, 200), origin, problems
        )
        assert page.evaluate("() => document.documentElement.dataset.theme") == mode
        # Drawn for the screen's density: twice as many canvas pixels as CSS pixels.
        ratio = page.evaluate(
            "() => { const c = document.querySelector('[data-mx=boundary]');"
            " return c.width / c.getBoundingClientRect().width; }"
        )
        assert ratio == pytest.approx(2, abs=0.02)
        folder = html.parent / "screenshots"
        folder.mkdir(exist_ok=True)
        page.screenshot(path=folder / f"explorer-{viewport}-{mode}.png", full_page=True)
        scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll_width <= width, f"the page is {scroll_width}px wide at {width}px"
    finally:
        context.close()
    assert_clean(problems)


@pytest.mark.parametrize(
    "page", ["plot_intro", "plot_depth_features", "plot_optimizers", "plot_bayes"]
)
def test_lesson_pages_link_into_the_explorer_at_a_run(html, explorer, page):
    """Each link names a setting the build ran, and the explorer's file exists."""
    from sitebuild.explorer_grid import Setting

    text = (html / "auto_examples" / f"{page}.html").read_text(encoding="utf-8")
    links = [
        html_escapes.unescape(link)
        for link in re.findall(r'href="(\.\./explorer\.html\?[^"]+)"', text)
    ]
    assert links, f"{page} does not link into the explorer"
    for link in links:
        asked = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
        setting = Setting(
            layers=int(asked["layers"]),
            units=int(asked["units"]),
            product=asked["product"] == "1",
            noise=float(asked["noise"]),
            optimizer=asked["optimizer"],
        )
        assert setting.key in explorer["settings"], f"{page}: {link} was not run"
    assert (html / "explorer.html").is_file()
