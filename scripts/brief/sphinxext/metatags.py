"""What a page tells machines about itself: Highwire Press and Dublin Core tags for reference
managers, OpenGraph/Twitter tags for link previews, ``<meta name="description">``, and the
"PDF" button in the article's top bar. Connected by ``brief.sphinxext.cite``.
"""
from __future__ import annotations

import html
import re
from datetime import date

from docutils import nodes
from sphinx.application import Sphinx

from brief.metadata import (
    pdf_path,
)
from brief.sphinxext.citeformats import (
    CHART_NAME,
    DESCRIPTION_CHARS,
    OG_DIR,
    page_url,
)


def description(doctree) -> str:
    """Plain text of the key-points box: its first bullet (or first ~200 characters)."""
    box = next(
        (n for n in doctree.findall(nodes.admonition) if "kernaussagen" in n["classes"]), None
    )
    if box is None:
        return ""
    item = box.next_node(nodes.list_item)
    source = (item if item is not None else box).deepcopy()
    # A footnote mark ("[1]") means nothing in a search snippet or a link preview.
    for mark in list(source.findall(nodes.footnote_reference)):
        mark.parent.remove(mark)
    text = re.sub(r"\s+([.,;:!?])", r"\1", " ".join(source.astext().split()))
    if len(text) > DESCRIPTION_CHARS:
        text = text[:DESCRIPTION_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return text


def _root_chart(app: Sphinx) -> str | None:
    """The start page's first chart: the preview image of pages without a chart of their own."""
    if not hasattr(app, "_brief_root_chart"):
        doctree = app.env.get_doctree(app.config.root_doc)
        found = CHART_NAME.search("".join(n.astext() for n in doctree.findall(nodes.raw)))
        app._brief_root_chart = found.group(1) if found else None
    return app._brief_root_chart


def highwire_authors(meta: dict) -> list[str]:
    """citation_author values that Zotero's "Embedded Metadata" translator reads correctly.

    The translator (zotero/translators, Embedded Metadata.js, processHighwireCreators) passes
    each value to ZU.cleanAuthor(value, "author", value.includes(",")). Without a comma,
    cleanAuthor splits at the last space: "Redaktion Souveräne Smart City" became first name
    "Redaktion Souveräne Smart", last name "City". With a comma it splits "Last, First"; it
    first strips trailing punctuation, so "Redaktion Souveräne Smart City," stays one last
    name with no first name: one corporate name. (A single value ending in a comma is not
    split into several authors either: that needs a space on both sides of the comma.)
    Persons are written "Family, Given", the form Highwire asks for.
    """
    entries = meta.get("author_entries") or [{"name": a} for a in meta["authors"]]
    names = []
    for entry in entries:
        if entry.get("name"):
            names.append(f"{entry['name']},")
        else:
            given = entry.get("given-names", "")
            names.append(f"{entry.get('family-names', '')}, {given}".strip().rstrip(","))
    return names


def page_tags(app: Sphinx, pagename: str, doctree, body: str) -> list[tuple[str, str, str]]:
    """(attribute, key, value) for every meta tag of one page."""
    meta = app.config.brief_metadata
    day = date.fromisoformat(app.config.brief_build_date)
    is_root = pagename == app.config.root_doc
    chapter = app.env.titles[pagename].astext()
    title = meta["title"] if is_root else chapter
    url = page_url(meta, pagename)
    pdf_url = meta["url"] + pdf_path(None if is_root else pagename)
    summary = description(doctree)
    tags = [("name", "description", summary)] if summary else []
    # Highwire Press (Google Scholar, Zotero): the start page describes the whole book.
    tags.append(("name", "citation_title", title))
    if not is_root:
        tags.append(("name", "citation_inbook_title", meta["title"]))
    tags += [("name", "citation_author", a) for a in highwire_authors(meta)]
    tags += [
        ("name", "citation_publication_date", day.strftime("%Y/%m/%d")),
        ("name", "citation_publisher", meta["authors"][0]),
        ("name", "citation_language", app.config.language),
        ("name", "citation_public_url", url),
        ("name", "citation_pdf_url", pdf_url),
    ]
    if is_root and meta.get("abstract"):
        tags.append(("name", "citation_abstract", meta["abstract"]))
    # Dublin Core.
    tags.append(("name", "DC.title", title))
    tags += [("name", "DC.creator", a) for a in meta["authors"]]
    tags += [
        ("name", "DC.date", day.isoformat()),
        ("name", "DC.publisher", meta["authors"][0]),
        ("name", "DC.language", app.config.language),
        ("name", "DC.identifier", url),
        ("name", "DC.type", "Text"),
        ("name", "DC.format", "text/html"),
        ("name", "DC.rights", meta["license"]),
    ]
    if is_root:
        tags.append(("name", "DC.description", meta.get("abstract") or summary))
    else:
        tags.append(("name", "DC.relation.isPartOf", meta["title"]))
    # OpenGraph and Twitter: the page's lead chart (or the start page's) as a PNG.
    own = CHART_NAME.search(body)
    chart = own.group(1) if own else _root_chart(app)
    tags += [
        ("property", "og:type", "book" if is_root else "article"),
        ("property", "og:title", title),
        ("property", "og:site_name", meta["title"]),
        ("property", "og:locale", "de_DE"),
        ("property", "og:url", url),
    ]
    if summary:
        tags.append(("property", "og:description", summary))
    if chart:
        tags.append(("property", "og:image", f"{meta['url']}{OG_DIR}/{chart}.png"))
        alt = re.search(
            rf'id="chart-{re.escape(chart)}-view" role="img" aria-label="([^"]*)"', body
        )
        if alt:
            tags.append(("property", "og:image:alt", html.unescape(alt.group(1))))
    tags += [
        ("name", "twitter:card", "summary_large_image" if chart else "summary"),
        ("name", "twitter:title", title),
    ]
    if summary:
        tags.append(("name", "twitter:description", summary))
    if chart:
        tags.append(("name", "twitter:image", f"{meta['url']}{OG_DIR}/{chart}.png"))
    return tags


def on_html_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if doctree is None or pagename not in app.env.titles or app.builder.format != "html":
        return
    tags = page_tags(app, pagename, doctree, context.get("body", ""))
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n    <meta {attr}="{html.escape(key)}" content="{html.escape(value)}" />'
        for attr, key, value in tags
    )


def add_pdf_button(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """A "PDF" button in the article's top bar, beside the theme's own buttons (the
    sphinx-book-theme fills ``header_buttons`` at priority 501; this runs after it)."""
    if doctree is None or pagename not in app.env.titles or "header_buttons" not in context:
        return
    context["header_buttons"].append({
        "type": "link", "url": pdf_path(pagename), "text": "PDF", "label": "brief-pdf",
        "tooltip": "Als PDF herunterladen",
    })
