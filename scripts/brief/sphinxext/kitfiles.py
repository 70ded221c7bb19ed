"""What the discussion kit writes when the HTML build is done: the share cards and pages
(``brief.sphinxext.cards``) for every thesis with a Kernsatz, and the manifest
``_static/kit/kit.json`` that ``make slides`` (``brief.tools.slides``) reads. Connected by
``brief.sphinxext.kit``.
"""
from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

_CHECKSUM = ""


def chart_png(name: str) -> bytes:
    """A chart as PNG, cached beside the preview images (same key: data and cell modules)."""
    from brief import paths
    from brief.sphinxext.core import inputs_checksum
    from brief.sphinxext.sitefiles import render_png

    global _CHECKSUM
    _CHECKSUM = _CHECKSUM or inputs_checksum()  # once per process: it hashes all of data/
    cache = paths.BUILD / ".og-cache" / _CHECKSUM[:16]
    cached = cache / f"{name}.png"
    if not cached.exists():
        cache.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(render_png(name))
    return cached.read_bytes()


def kit_theses(app: Sphinx) -> list:
    """Every thesis with its Kernsatz, as ``brief.sphinxext.cards.Thesis``, in order."""
    from brief.sphinxext import cards
    from brief.sphinxext.citeformats import page_url

    meta = app.config.brief_metadata
    found = []
    for number, t in sorted(getattr(app.env, "brief_kit_theses", {}).items()):
        url = page_url(meta, t["docname"], f"these-{number}")
        found.append(cards.Thesis(
            number=number, title=t["title"], sentence=t["sentence"], chart=t["chart"], url=url,
            short_url=url.split("://", 1)[-1], book_title=meta["title"],
            license=f"Lizenz {meta['license']}".replace("CC-BY-4.0", "CC BY 4.0"),
        ))
    return found


def on_env_get_outdated(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Re-read the start page if the environment predates the kit (no theses recorded)."""
    if not hasattr(env, "brief_kit_theses") and app.config.root_doc not in added | changed:
        return [app.config.root_doc]
    return []


def on_build_finished(app: Sphinx, exception) -> None:
    """Share cards and share pages for every thesis (brief.sphinxext.cards)."""
    if exception is not None or app.builder.name != "html":
        return
    from brief.sphinxext import cards
    from brief.sphinxext.kit import KitError

    theses = kit_theses(app)
    try:
        cards.write(Path(app.outdir), theses, app.config.brief_metadata["url"], chart_png)
    except cards.CardError as err:
        raise KitError(str(err)) from None
    write_manifest(app, theses)


def chapter_charts(app: Sphinx) -> list[dict]:
    """Each chapter's lead chart (its first figure with an ``abb-`` anchor), in reading order."""
    from brief.charts import FIGURES
    from brief.sphinxext.sitefiles import toc_order

    found = []
    for docname in toc_order(app)[1:]:
        doctree = app.env.get_doctree(docname)
        for figure in doctree.findall(nodes.figure):
            name = next(
                (i[4:] for i in figure["ids"] if i.startswith("abb-") and i[4:] in FIGURES), None
            )
            if name:
                title = app.env.titles[docname].astext()
                found.append({"docname": docname, "title": title, "chart": name})
                break
    return found


MANIFEST = "kit.json"


def write_manifest(app: Sphinx, theses: list) -> Path:
    """What `make slides` needs from the build: theses, chapter charts, metadata, date."""
    import json
    from dataclasses import asdict

    from brief.sphinxext import cards

    target = Path(app.outdir) / cards.CARD_DIR / MANIFEST
    manifest = {
        "meta": app.config.brief_metadata,
        "date": app.config.brief_build_date,
        "theses": [{k: v for k, v in asdict(t).items() if k != "boxes"} for t in theses],
        "chapters": chapter_charts(app),
    }
    target.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return target
