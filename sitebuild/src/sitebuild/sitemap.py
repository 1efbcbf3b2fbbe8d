"""Write sitemap.xml for search engines, when the site's address is configured.

A few lines instead of a plugin: the popular one forks a helper process after
the gallery has started JAX's threads, which JAX warns can deadlock.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape


def write_sitemap(app, exception) -> None:
    """List every page of the HTML build under ``html_baseurl``."""
    base = app.config.html_baseurl
    if exception is not None or not base or app.builder.format != "html":
        return
    base = base.rstrip("/") + "/"
    pages = sorted(app.env.found_docs)
    entries = "\n".join(
        f"  <url><loc>{escape(base + app.builder.get_target_uri(page))}</loc></url>"
        for page in pages
    )
    Path(app.outdir, "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}\n</urlset>\n"
    )
