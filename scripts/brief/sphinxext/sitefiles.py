"""Files written beside the pages once the HTML build is done: sitemap.xml, robots.txt,
.nojekyll, the preview images (``_static/og``) and the citation files. Connected by
``brief.sphinxext.cite``.
"""
from __future__ import annotations

import functools
import html
import re
import shutil
from datetime import date
from pathlib import Path

from sphinx.application import Sphinx

from brief import paths
from brief.sphinxext.citeformats import (
    CITE_DIR,
    OG_DIR,
    cite_file,
    csl_json,
    page_url,
    ris,
)


def toc_order(app: Sphinx) -> list[str]:
    """Every page of the book in reading order (the root, then its toctrees depth-first)."""
    order: list[str] = []

    def walk(doc: str) -> None:
        if doc in order:
            return
        order.append(doc)
        for child in app.env.toctree_includes.get(doc, []):
            walk(child)

    walk(app.config.root_doc)
    return order


def sitemap_xml(meta: dict, pages: list[str], day: date) -> str:
    entries = "".join(
        f"  <url>\n    <loc>{html.escape(page_url(meta, p))}</loc>\n"
        f"    <lastmod>{day.isoformat()}</lastmod>\n  </url>\n"
        for p in pages
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</urlset>\n"
    )


@functools.cache
def _tables():
    """One set of tables per build process: previews, share cards and slides draw up to 20
    charts, and loading (and validating) every table again for each took most of their time."""
    from brief.tables import Tables

    return Tables()


def render_png(name: str) -> bytes:
    """A chart as PNG, exactly as the notebook's image/png output (brief.render.png)."""
    from brief import charts, render

    return render.png(charts.build(name, _tables()).to_dict())


def write_previews(outdir: Path) -> list[Path]:
    """Render each preview image the pages name (og:image) into _static/og/.

    Cached by the checksum of data/ and scripts/brief, the same key as the notebook cache, so
    an unchanged book does not re-render (each PNG takes about 0.3 s).
    """
    from brief.sphinxext.core import inputs_checksum

    wanted = set()
    for page in outdir.glob("*.html"):
        wanted.update(
            re.findall(rf'property="og:image" content="[^"]*/{OG_DIR}/([a-z0-9-]+)\.png"',
                       page.read_text(encoding="utf-8"))
        )
    cache = paths.BUILD / ".og-cache" / inputs_checksum()[:16]
    target = outdir / OG_DIR
    target.mkdir(parents=True, exist_ok=True)
    for stale in target.glob("*.png"):
        if stale.stem not in wanted:
            stale.unlink()
    written = []
    for name in sorted(wanted):
        cached = cache / f"{name}.png"
        if not cached.exists():
            cache.mkdir(parents=True, exist_ok=True)
            cached.write_bytes(render_png(name))
        shutil.copyfile(cached, target / f"{name}.png")
        written.append(target / f"{name}.png")
    return written


def write_cite_files(app: Sphinx, outdir: Path) -> list[Path]:
    import json

    meta = app.config.brief_metadata
    day = date.fromisoformat(app.config.brief_build_date)
    target = outdir / CITE_DIR
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for doc in toc_order(app):
        page = None if doc == app.config.root_doc else doc
        title = None if page is None else app.env.titles[doc].astext()
        ris_path = outdir / cite_file(page, "ris")
        ris_path.write_bytes(ris(meta, day, page, title).encode("utf-8"))
        json_path = outdir / cite_file(page, "json")
        json_path.write_text(
            json.dumps(csl_json(meta, day, page, title), ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
        written += [ris_path, json_path]
    return written


def on_build_finished(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.name != "html":
        return
    outdir = Path(app.outdir)
    meta = app.config.brief_metadata
    day = date.fromisoformat(app.config.brief_build_date)
    (outdir / "sitemap.xml").write_text(sitemap_xml(meta, toc_order(app), day), encoding="utf-8")
    (outdir / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\nSitemap: {meta['url']}sitemap.xml\n", encoding="utf-8"
    )
    # GitHub Pages served from a branch runs Jekyll, which drops folders starting with "_".
    (outdir / ".nojekyll").write_text("", encoding="utf-8")
    write_previews(outdir)
    write_cite_files(app, outdir)
