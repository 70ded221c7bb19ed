"""Typography of the built text: a number never parts from its unit at a line break.

Why a transform: figures from ``{zahl}`` already carry no-break spaces (``brief.fmt``), but
prose also names thresholds and sizes by hand ("50 Mbit/s", "15 Minuten", "20.000 Einwohnern").
On a 360 px phone a normal space there lets "Mbit/s" start the next line. This transform
replaces the space between a number and a unit (and inside "Mrd. €", "Mio. €") with a no-break
space in every text node of the prose; code, literals and raw HTML stay untouched.
"""
from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from brief import fmt

SKIP = (nodes.FixedTextElement, nodes.literal, nodes.raw, nodes.math, nodes.comment)


def bind_document(document: nodes.document) -> None:
    for node in list(document.findall(nodes.Text)):
        if any(isinstance(parent, SKIP) for parent in _ancestors(node)):
            continue
        new = fmt.bind_units(str(node))
        if new != str(node):
            node.parent.replace(node, nodes.Text(new))


class BindUnits(SphinxTransform):
    """At read time: the prose and the ``{zahl}`` figures."""

    default_priority = 900  # after the roles have put their text in

    def apply(self, **kwargs) -> None:
        if self.app.builder.format == "html":  # LaTeX sets its own ties
            bind_document(self.document)


class BindUnitsLate(SphinxPostTransform):
    """At write time: what other extensions add later (bibliography entries, footnotes,
    titles of cross-references)."""

    default_priority = 990  # after sphinxcontrib-bibtex and the reference resolver

    formats = ("html",)

    def run(self, **kwargs) -> None:
        bind_document(self.document)


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent
