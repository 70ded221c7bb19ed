"""The Sphinx layer: the book's local Sphinx extensions and what they write into the built site.

Nothing here computes a figure; the pipeline modules one level up (data, zahlen, charts, …) do,
and chapter cells never import from here. Below: what every extension here shares.
"""
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
