"""Builds from two environments hash the same configuration (no full rewrite)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from sitebuild.library_folders import stable_library_folders


def settings_from(environment: Path, docs: Path) -> dict[str, list[str]]:
    """Run the step on the folders a library installed in ``environment`` adds."""
    static = environment / "site-packages" / "sphinx_gallery" / "_static"
    templates = environment / "site-packages" / "theme" / "components"
    for folder, file in [(static, "gallery.css"), (templates, "search.html")]:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / file).write_text(f"from {environment.name}")
    config = SimpleNamespace(
        html_static_path=["_static", str(static)],
        templates_path=[str(templates)],
    )
    app = SimpleNamespace(srcdir=str(docs), confdir=str(docs))
    stable_library_folders(app, config)
    return {"static": config.html_static_path, "templates": config.templates_path}


def test_two_environments_give_the_same_settings(tmp_path):
    docs = tmp_path / "docs"
    (docs / "_static").mkdir(parents=True)
    first = settings_from(tmp_path / ".nox" / "docs", docs)
    second = settings_from(tmp_path / ".nox" / "serve", docs)
    assert first == second
    assert first["static"][0] == "_static"
    # The copies hold the library's files, from the environment of this build.
    copied = docs / first["static"][1] / "gallery.css"
    assert copied.read_text() == "from serve"
    assert (docs / first["templates"][0] / "search.html").is_file()
