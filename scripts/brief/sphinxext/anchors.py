"""Stable heading anchors and "Link kopieren" buttons (a Sphinx extension, listed in _config.yml).

Why: a section's own ``id`` (used by its "#" link and the right-hand contents) was the slug of
its title (``#these-1-die-smart-city-ist-ein-milliardenmarkt``), which breaks when a heading is
reworded, although the Zitieren page promises addresses that survive rewording. Here a labelled
section (``(these-1)=`` above its heading) gets its label as its own id; the old title slug stays
as a secondary anchor (an empty span), so links already shared still land.

Each thesis (``these-N``), recommendation (``empfehlung-N``) and figure (``abb-…``) also gets a
visible, focusable "Link kopieren" button that copies its full stable address (the book's URL
from CITATION.cff + page + label); ``_static/brief-site.js`` does the copying.
"""
from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx

# Labels that get a "Link kopieren" button: theses, recommendations, figures.
AUTO_ID = re.compile(r"id\d+")
COPYABLE = re.compile(r"(these|empfehlung)-\d+|abb-[a-z0-9-]+")


def stable_section_ids(app: Sphinx, doctree: nodes.document) -> None:
    """Put a labelled section's label first among its ids, the title slug after it.

    Docutils gives a section the slug of its title as first id and appends the ids of targets
    placed right above it (MyST ``(label)=``). The HTML writer uses the first id for the
    section's ``id`` attribute and its "#" link, the contents collector for the right-hand
    contents; the other ids become empty spans, which keep the old addresses working.
    Runs on doctree-read before the contents collector (priority 500).
    """
    for section in doctree.findall(nodes.section):
        slug, *rest = section["ids"] or [""]
        # Auto-generated ids ("id1") are no labels.
        labels = [i for i in rest if not AUTO_ID.fullmatch(i)]
        if labels:
            section["ids"] = labels + [slug] + [i for i in rest if i not in labels]


class linkcopy(nodes.General, nodes.Inline, nodes.Element):
    """A "Link kopieren" button for one stable address (rendered for HTML only)."""


def _html_visit_linkcopy(self, node: linkcopy) -> None:
    # Lean markup (chart pages are near their weight budget): brief-site.js builds the full
    # address from the page's canonical URL and the anchor, and adds the status line on use.
    self.body.append(
        f'<button type="button" class="brief-linkcopy" data-anchor="{self.attval(node["anchor"])}" '
        f'aria-label="Link zu {self.attval(node["what"])} kopieren">Link kopieren</button>'
    )
    raise nodes.SkipNode


def _skip(self, node) -> None:
    raise nodes.SkipNode


def _what(app: Sphinx, docname: str, label: str, node: nodes.Element) -> str:
    if label.startswith("abb-"):
        figures = app.env.toc_fignumbers.get(docname, {}).get("figure", {})
        number = next((figures[i] for i in node["ids"] if i in figures), None)
        return "Abbildung " + ".".join(map(str, number)) if number else "dieser Abbildung"
    kind, number = label.rsplit("-", 1)
    return ("These " if kind == "these" else "Empfehlung ") + number


def add_copy_buttons(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """After each copyable heading's title, and at the end of each figure, a button."""
    for section in doctree.findall(nodes.section):
        label = section["ids"][0] if section["ids"] else ""
        if COPYABLE.fullmatch(label) and not label.startswith("abb-"):
            title = section.next_node(nodes.title)
            para = nodes.paragraph(classes=["brief-linkcopy-line"])
            para += linkcopy(anchor=label, what=_what(app, docname, label, section))
            title.parent.insert(title.parent.index(title) + 1, para)
    for figure in doctree.findall(nodes.figure):
        label = next((i for i in figure["ids"] if i.startswith("abb-")), None)
        if label is None:
            continue
        para = nodes.paragraph(classes=["brief-linkcopy-line"])
        para += linkcopy(anchor=label, what=_what(app, docname, label, figure))
        figure += para


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", stable_section_ids, priority=300)
    app.add_node(
        linkcopy,
        html=(_html_visit_linkcopy, None),
        latex=(_skip, None),
        text=(_skip, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )
    app.connect("doctree-resolved", add_copy_buttons)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
