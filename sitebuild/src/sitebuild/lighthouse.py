"""Lighthouse's mobile performance audit of every page, as ``nox -s lighthouse`` runs it.

Serves the built site gzipped (as a static host does), runs Lighthouse 12
(installed from npm by ``npm ci``, pinned in ``package.json``) with its default
mobile profile on the system Chromium, three times per page, and prints each
page's median performance score, first and largest contentful paint, layout
shift and bytes transferred, beside the project's targets. Lighthouse throttles
the network and the processor by simulation; other programs running at the
same time still lower the scores: the table starts with the machine's load.

    python -m sitebuild.lighthouse [--runs 3] [PAGE ...]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
from pathlib import Path

from sitebuild.browser import chromium_executable, serve
from sitebuild.repository import ROOT

HTML = ROOT / "docs" / "_build" / "html"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
OUTPUT = ROOT / "docs" / "_build" / "lighthouse.json"

# Every page, on a phone over a throttled 4G connection (Lighthouse's default).
TARGETS = {
    "performance": 95,  # at least
    "fcp_s": 1.8,  # first contentful paint, at most
    "lcp_s": 2.5,  # largest contentful paint, at most
    "cls": 0.0,  # cumulative layout shift, at most
    "kb": 500,  # transferred, compressed, at most
}
# The page Sphinx copies along with the theme's files; not a page of the site.
NOT_PAGES = {"_static/webpack-macros.html"}


def site_pages(html: Path) -> list[str]:
    """Every page of the built site, as a path from its root."""
    pages = (page.relative_to(html).as_posix() for page in html.rglob("*.html"))
    return sorted(page for page in pages if page not in NOT_PAGES)


def audit(url: str) -> dict[str, float]:
    """Run Lighthouse once on ``url``; return the figures the table shows."""
    env = {**os.environ, "CHROME_PATH": str(chromium_executable())}
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--only-categories=performance",
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            "--chrome-flags=--headless --no-sandbox",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    report = json.loads(result.stdout)
    audits = report["audits"]
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "fcp_s": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "kb": audits["total-byte-weight"]["numericValue"] / 1000,
    }


def median_audit(url: str, runs: int) -> dict:
    """Each figure's median over ``runs`` audits of ``url``, and the runs."""
    results = [audit(url) for _ in range(runs)]
    medians = {key: statistics.median(r[key] for r in results) for key in TARGETS}
    return {**medians, "runs": results}


def misses(row: dict) -> list[str]:
    """The targets a page's medians miss."""
    missed = []
    if row["performance"] < TARGETS["performance"]:
        missed.append("score")
    missed += [
        key for key in ("fcp_s", "lcp_s", "cls", "kb") if row[key] > TARGETS[key]
    ]
    return missed


def print_table(rows: dict[str, dict], load: str) -> None:
    """One line per page: the medians, and the targets it misses."""
    print(
        f"\nLighthouse 12, mobile, gzip; median of {len(next(iter(rows.values()))['runs'])}"
        f" runs; load average at start: {load}"
    )
    print(
        f"{'page':<40}{'score':>6}{'FCP s':>7}{'LCP s':>7}{'CLS':>7}{'KB':>7}  misses"
    )
    for page, row in rows.items():
        print(
            f"{page:<40}{row['performance']:>6.0f}{row['fcp_s']:>7.2f}"
            f"{row['lcp_s']:>7.2f}{row['cls']:>7.3f}{row['kb']:>7.0f}"
            f"  {', '.join(misses(row)) or '-'}"
        )


def measure(html: Path, pages: list[str], runs: int) -> dict[str, dict]:
    """Serve ``html`` gzipped and audit each page ``runs`` times."""
    if not LIGHTHOUSE.is_file():
        raise SystemExit(f"no Lighthouse at {LIGHTHOUSE}: run `npm ci` first")
    rows = {}
    with serve(html, compressed=True) as origin:
        for page in pages:
            rows[page] = median_audit(origin + page, runs)
            print(f"  {page}: {rows[page]['performance']:.0f}", flush=True)
    return rows


def load_average() -> str:
    """The machine's load, as ``uptime`` shows it."""
    return ", ".join(f"{load:.2f}" for load in os.getloadavg())


def main() -> None:
    """Audit the pages, print the table, write the JSON; fail if a page misses."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="paths from the site's root (all)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--html", type=Path, default=HTML)
    args = parser.parse_args()
    load = load_average()
    rows = measure(args.html, args.pages or site_pages(args.html), args.runs)
    print_table(rows, load)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps({"load_average": load, "pages": rows}, indent=2))
    print(f"\nwrote {OUTPUT.relative_to(ROOT)}")
    missed = {page for page, row in rows.items() if misses(row)}
    if missed:
        raise SystemExit(f"{len(missed)} of {len(rows)} pages miss a target")


if __name__ == "__main__":
    main()
