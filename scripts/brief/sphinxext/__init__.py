"""The Sphinx layer: the book's local Sphinx extensions and what they write into the built site.

Nothing here computes a figure; the pipeline modules one level up (data, zahlen, charts, …) do,
and chapter cells never import from here. Below: what every extension here shares.
"""
from collections.abc import Callable
from pathlib import Path

from docutils import nodes

# Every extension of the book: it keeps build state in the environment (not parallel-read safe).
EXTENSION_METADATA = {"version": "1.0", "parallel_read_safe": False, "parallel_write_safe": True}


def skip(self, node) -> None:
    """Visitor for builders that leave a node out."""
    raise nodes.SkipNode


def add_html_node(app, node, visit=skip) -> None:
    """Register ``node``: HTML writes it with ``visit`` (placeholder nodes: nothing), every
    other builder (LaTeX, text, man, Texinfo) leaves it out."""
    others = {builder: (skip, None) for builder in ("latex", "text", "man", "texinfo")}
    app.add_node(node, html=(visit, None), **others)


def built_pages(outdir: Path) -> list[Path]:
    """Every HTML page of the built site, in a fixed order (the theme's files under _static are
    not pages)."""
    return sorted(p for p in outdir.rglob("*.html") if "_static" not in p.parts)


def rewrite_pages(outdir: Path, transform: Callable[[str, str], str]) -> int:
    """Run ``transform(text, name)`` (name: the page's path in the site) over every built page
    and write back the pages it changes, so an unchanged page keeps its file; returns how many
    changed. The steps that finish the pages after Sphinx wrote them share this loop."""
    changed = 0
    for path in built_pages(outdir):
        text = path.read_text(encoding="utf-8")
        new = transform(text, path.relative_to(outdir).as_posix())
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
    return changed
