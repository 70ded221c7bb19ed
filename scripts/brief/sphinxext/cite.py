"""Citing, previews and discovery: the book's second local Sphinx extension.

Listed in _config.yml after brief.sphinxext.core. Everything here is generated from the one
metadata source, CITATION.cff, plus one build date (both from ``brief.metadata``):

- a cite box "So zitieren Sie dieses Kapitel" at the end of every chapter (a real section, so
  it is in the page's table of contents and in the PDF), "So zitieren Sie dieses Buch" on the
  start page, and the ``{zitierkasten}`` directive with the whole-book citation (the formats:
  ``citeformats``);
- the ``{adresse}`` role: a stable address under the book's base URL, for examples in the prose;
- reference-manager and preview tags, description, the PDF button (``metatags``), and
  (via ``html_baseurl``) ``<link rel="canonical">``;
- version and build date in the footer; sitemap.xml, robots.txt, .nojekyll, preview images and
  citation files (``sitefiles``).

The build date is the date of the last commit (or ``SOURCE_DATE_EPOCH``), never "now": the
same commit always gives the same HTML. Why the placeholder node: doctrees are cached between
builds, the date is not a property of the source, so the box is filled in at write time.
"""
from __future__ import annotations

import html
import os
from datetime import date, datetime, timezone

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from brief.metadata import (
    build_epoch,
    german_date,
    pdf_path,
    read_metadata,
)
from brief.sphinxext import EXTENSION_METADATA, add_html_node
from brief.sphinxext.citeformats import (
    BOOK_ANCHOR,
    BOOK_HEADING,
    CHAPTER_ANCHOR,
    CHAPTER_HEADING,
    FIGURE_PREFIX,
    THESIS_ID,
    bibtex,
    citation_text,
    cite_file,
    page_url,
)
from brief.sphinxext.metatags import add_pdf_button, on_html_page_context
from brief.sphinxext.sitefiles import on_build_finished

# --------------------------------------------------------------------------- doctree nodes


class cite_box(nodes.General, nodes.Element):
    """Placeholder for a cite box; filled in at doctree-resolved (see module docstring)."""


class CiteBoxDirective(SphinxDirective):
    """``{zitierkasten}``: the whole-book citation (text and BibTeX) where the directive stands."""

    has_content = False

    def run(self):
        return [cite_box(scope="book", listing=False)]


def adresse_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{adresse}`raum.html#raum-gigabit``` -> the stable address under the book's base URL."""
    meta = inliner.document.settings.env.config.brief_metadata
    target = text.strip().lstrip("/")
    return [nodes.literal(rawtext, meta["url"] + target, classes=["brief-adresse"])], []


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Append the cite-box section to every page of the book (the start page cites the book)."""
    docname = app.env.docname
    top = doctree.next_node(nodes.section)
    if top is None:
        return
    is_root = docname == app.config.root_doc
    anchor, heading = (BOOK_ANCHOR, BOOK_HEADING) if is_root else (CHAPTER_ANCHOR, CHAPTER_HEADING)
    section = nodes.section(ids=[anchor], names=[anchor], classes=["brief-zitieren"])
    section += nodes.title(heading, heading)
    section += cite_box(scope="book" if is_root else "chapter", listing=True)
    top += section


def _figures(app: Sphinx, doctree, docname: str) -> list[tuple[str, str]]:
    """(label, anchor) for each figure with a hand-set ``abb-`` anchor, in page order."""
    numbers = app.env.toc_fignumbers.get(docname, {}).get("figure", {})
    found = []
    for figure in doctree.findall(nodes.figure):
        anchor = next((i for i in figure["ids"] if i.startswith(FIGURE_PREFIX)), None)
        caption = figure.next_node(nodes.caption)
        if anchor is None or caption is None:
            continue
        number = numbers.get(figure["ids"][0]) or numbers.get(anchor)
        label = "Abbildung" + (" " + ".".join(map(str, number)) if number else "")
        found.append((f"{label} „{caption.astext().strip()}“", anchor))
    return found


def _theses(doctree) -> list[tuple[str, str]]:
    found = []
    for section in doctree.findall(nodes.section):
        anchor = next((i for i in section["ids"] if THESIS_ID.fullmatch(i)), None)
        if anchor:
            found.append((f"„{section[0].astext().strip()}“", anchor))
    return found


def _paragraph(text: str, url: str | None = None, classes=()) -> nodes.paragraph:
    """A paragraph whose trailing URL (if given) is a link."""
    para = nodes.paragraph(classes=list(classes))
    if url and text.endswith(url):
        para += nodes.Text(text[: -len(url)])
        para += nodes.reference(url, url, refuri=url)
    else:
        para += nodes.Text(text)
    return para


def render_box(app: Sphinx, doctree, docname: str, scope: str, listing: bool) -> nodes.Element:
    meta = app.config.brief_metadata
    day = date.fromisoformat(app.config.brief_build_date)
    box = nodes.container(classes=["brief-cite"])
    if scope == "book":
        url, title, page = meta["url"], None, None
    else:
        url, title, page = page_url(meta, docname), app.env.titles[docname].astext(), docname
    text = citation_text(meta, day, f"„{title}“" if title else None, url)
    box += _paragraph("Zitierangabe:", classes=["brief-cite-label"])
    box += _paragraph(text, url, classes=["brief-cite-text"])
    box += _paragraph(
        "Als BibTeX (für Zotero, Citavi, JabRef und andere):", classes=["brief-cite-label"]
    )
    entry = bibtex(meta, day, page, title)
    block = nodes.literal_block(entry, entry, classes=["brief-cite-bibtex"])
    block["language"] = "none"
    box += block
    if listing:
        parts = _theses(doctree) + _figures(app, doctree, docname)
        if parts:
            box += _paragraph(
                "Eine einzelne These, Empfehlung oder Abbildung zitieren Sie mit ihrer festen "
                "Adresse:",
                classes=["brief-cite-label"],
            )
            items = nodes.bullet_list(classes=["brief-cite-parts"])
            for part, anchor in parts:
                anchored = page_url(meta, docname, anchor)
                cited = citation_text(meta, day, part, anchored)
                items += nodes.list_item("", _paragraph(cited, anchored))
            box += items
    files = nodes.paragraph(classes=["brief-cite-files"])
    files += nodes.Text("Für Literaturverwaltungen herunterladen: ")
    for n, (label, ext) in enumerate((("RIS", "ris"), ("CSL-JSON", "json"))):
        if n:
            files += nodes.Text(" · ")
        files += nodes.reference("", label, refuri=cite_file(page, ext))
    box += files
    links = nodes.paragraph(classes=["brief-pdf-links"])
    links += nodes.Text("Als PDF herunterladen: ")
    targets = [("das ganze Buch", pdf_path(None))]
    if page is not None:
        targets.insert(0, ("dieses Kapitel (Handzettel)", pdf_path(page)))
    elif docname == app.config.root_doc:
        targets.append(("diese Seite (Handzettel)", pdf_path(docname)))
    for n, (label, target) in enumerate(targets):
        if n:
            links += nodes.Text(" · ")
        links += nodes.reference("", label, refuri=target)
    box += links
    return box


def on_doctree_resolved(app: Sphinx, doctree, docname: str) -> None:
    for node in list(doctree.findall(cite_box)):
        node.replace_self(render_box(app, doctree, docname, node["scope"], node["listing"]))


# --------------------------------------------------------------------------- config


def on_config_inited(app: Sphinx, config) -> None:
    """Base URL, build date and footer from the one metadata source."""
    if not config.brief_metadata:
        config.brief_metadata = read_metadata()
    meta = config.brief_metadata
    epoch = build_epoch()
    # Sphinx dates ("Zuletzt aktualisiert", the copyright year) follow SOURCE_DATE_EPOCH:
    # setting it here gives them the commit date too, so no page carries the clock time.
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(epoch))
    day = datetime.fromtimestamp(epoch, tz=timezone.utc).date()
    config.brief_build_date = day.isoformat()
    # Sphinx writes <link rel="canonical" href="{html_baseurl}{page}.html"> on every page.
    config.html_baseurl = meta["url"]
    options = dict(config.html_theme_options or {})
    options["extra_footer"] = (
        f'<p class="brief-release">Version {html.escape(meta["version"])} vom '
        f'{german_date(day)} · <a href="zitieren.html">Zitieren</a> · '
        f'<a href="{pdf_path(None)}">Das Buch als PDF</a>'
        + (f' · <a href="{html.escape(meta["repository"])}">Quellcode (Repository)</a>'
           if meta.get("repository") else "")
        + "</p>"
    )
    config.html_theme_options = options


def setup(app: Sphinx) -> dict:
    # "html": a new build date rewrites every page (the boxes are filled in at write time).
    app.add_config_value("brief_build_date", "", "html")
    app.connect("config-inited", on_config_inited, priority=600)
    add_html_node(app, cite_box)
    app.add_directive("zitierkasten", CiteBoxDirective)
    app.add_role("adresse", adresse_role)
    # Before the table-of-contents collector (priority 500), so the section is listed.
    app.connect("doctree-read", on_doctree_read, priority=400)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("html-page-context", on_html_page_context)
    app.connect("html-page-context", add_pdf_button, priority=520)
    app.connect("build-finished", on_build_finished)
    return EXTENSION_METADATA
