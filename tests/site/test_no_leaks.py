"""The published site holds no path of the machine that built it."""

from pathlib import Path

TEXT_SUFFIXES = {".html", ".txt", ".js", ".json", ".ipynb", ".py", ".xml", ".css"}
ROOT = Path(__file__).resolve().parents[2]


def test_no_absolute_build_path_in_any_published_file(html):
    needles = {str(ROOT), str(ROOT.resolve()), str(Path.home())}
    needles = {n for n in needles if len(n) > 1}
    leaks = []
    for path in html.rglob("*"):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            text = path.read_text(encoding="utf-8", errors="replace")
            leaks += [f"{path.relative_to(html)}: {n}" for n in needles if n in text]
    assert not leaks, "\n".join(leaks)
