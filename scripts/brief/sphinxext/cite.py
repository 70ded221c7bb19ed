"""Citing, previews and discovery: the book's second local Sphinx extension.

Listed in _config.yml after brief.sphinxext.core. Everything here is generated from the one
metadata source, CITATION.cff, plus one build date (both from ``brief.metadata``):

- a cite box "So zitieren Sie dieses Kapitel" at the end of every chapter (a real section, so
  it is in the page's table of contents and in the PDF), "So zitieren Sie dieses Buch" on the
  start page, and the ``{zitierkasten}`` directive with the whole-book citation;
- the ``{adresse}`` role: a stable address under the book's base URL, for examples in the prose;
- Highwire Press and Dublin Core tags for reference managers, OpenGraph/Twitter tags for
  previews, ``<meta name="description">`` and (via ``html_baseurl``) ``<link rel="canonical">``;
- version and build date in the footer, sitemap.xml, robots.txt, .nojekyll and the preview
  images.

The build date is the date of the last commit (or ``SOURCE_DATE_EPOCH``), never "now": the
same commit always gives the same HTML. Why the placeholder node: doctrees are cached between
builds, the date is not a property of the source, so the box is filled in at write time.
"""
from __future__ import annotations

import functools
import html
import os
import re
import shutil
from datetime import date, datetime, timezone
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from brief import paths
from brief.metadata import (
    SLUG,
    authors_text,
    build_epoch,
    german_date,
    pdf_path,
    read_metadata,
)
from brief.sphinxext import EXTENSION_METADATA, add_html_node

CHAPTER_ANCHOR = "zitieren-dieses-kapitel"
BOOK_ANCHOR = "zitieren-dieses-buch"
CHAPTER_HEADING = "So zitieren Sie dieses Kapitel"
BOOK_HEADING = "So zitieren Sie dieses Buch"
OG_DIR = "_static/og"  # preview images, written at build-finished
DESCRIPTION_CHARS = 200
# A figure's or thesis's own address is the page address plus its hand-set anchor.
# Objections ("markt-einwand-2", brief.sphinxext.kit) are listed in the cite box like theses.
THESIS_ID = re.compile(r"(these|empfehlung)-\d+|[a-z]+-einwand-\d+")
FIGURE_PREFIX = "abb-"
CHART_NAME = re.compile(r'data-chart="([a-z0-9-]+)"')



# --------------------------------------------------------------------------- citations


def page_url(meta: dict, page: str, anchor: str = "") -> str:
    """The stable public address of a page (and optionally an anchor on it)."""
    return f"{meta['url']}{page}.html" + (f"#{anchor}" if anchor else "")


def citation_text(meta: dict, day: date, part: str | None, url: str) -> str:
    """One formatted citation. ``part`` is a chapter, figure or thesis title (None: the book)."""
    who = f"{authors_text(meta['authors'])} ({day.year})"
    edition = f"Version {meta['version']} vom {german_date(day)}"
    if part is None:
        return f"{who}: {meta['title']}. {edition}. {url}"
    return f"{who}: {part}. In: {meta['title']}, {edition}. {url}"


def ascii_slug(text: str) -> str:
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.lower().replace(umlaut, plain)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _bib_escape(value: str) -> str:
    return re.sub(r"([&%$#_])", r"\\\1", value)


def bibtex(meta: dict, day: date, page: str | None, chapter_title: str | None) -> str:
    """A BibTeX entry: @book for the whole book, @incollection for a chapter.

    Titles carry an extra pair of braces so styles do not lower-case German nouns; the
    corporate author is braced so BibTeX does not split it into first and last names.
    """
    key = f"{ascii_slug(meta['title'])}-{day.year}" + (f"-{page}" if page else "")
    url = meta["url"] if page is None else page_url(meta, page)
    authors = " and ".join(
        "{" + _bib_escape(a) + "}" if " " in a else _bib_escape(a) for a in meta["authors"]
    )
    fields = [("author", authors)]
    if page is None:
        kind = "book"
        fields.append(("title", "{" + _bib_escape(meta["title"]) + "}"))
    else:
        kind = "incollection"
        fields.append(("title", "{" + _bib_escape(chapter_title or "") + "}"))
        fields.append(("booktitle", "{" + _bib_escape(meta["title"]) + "}"))
    fields += [
        ("publisher", _bib_escape(meta["authors"][0])),
        ("year", str(day.year)),
        ("month", str(day.month)),
        ("date", day.isoformat()),
        ("version", meta["version"]),
        ("note", f"Version {meta['version']} vom {german_date(day)}"),
        ("url", url),
        ("langid", "ngerman"),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}"


CITE_DIR = "zitat"  # under the site root: one RIS and one CSL-JSON file per page


def cite_file(page: str | None, ext: str) -> str:
    """Site-relative path of a page's RIS or CSL-JSON record (None: the whole book)."""
    return f"{CITE_DIR}/{SLUG if page is None else page}.{ext}"


def ris_authors(meta: dict) -> list[str]:
    """AU values as Zotero's RIS import reads them (zotero/translators RIS.js, processTag):
    the value is split at commas, the first part is the last name, the second the first
    name, and a value without a comma becomes one single-field (corporate) name. So persons
    are written "Family, Given" and an organisation as it is; an organisation's name with a
    comma would be torn apart, so it stops the build."""
    entries = meta.get("author_entries") or [{"name": a} for a in meta["authors"]]
    names = []
    for entry in entries:
        if entry.get("name"):
            if "," in entry["name"]:
                raise ValueError(
                    f"CITATION.cff: author name {entry['name']!r} contains a comma; RIS "
                    "readers would split it into last and first name"
                )
            names.append(entry["name"])
        else:
            names.append(f"{entry.get('family-names', '')}, {entry.get('given-names', '')}")
    return names


def ris(meta: dict, day: date, page: str | None, chapter_title: str | None) -> str:
    """An RIS record (TY CHAP for a chapter, BOOK for the book), CRLF line ends as RIS wants."""
    url = meta["url"] if page is None else page_url(meta, page)
    lines = [("TY", "BOOK" if page is None else "CHAP")]
    if page is None:
        lines.append(("TI", meta["title"]))
    else:
        lines += [("TI", chapter_title or ""), ("T2", meta["title"])]
    lines += [("AU", a) for a in ris_authors(meta)]
    lines += [
        ("PY", str(day.year)),
        ("DA", day.strftime("%Y/%m/%d")),
        ("PB", meta["authors"][0]),
        ("ET", f"Version {meta['version']}"),
        ("UR", url),
        ("LA", "de"),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


def csl_json(meta: dict, day: date, page: str | None, chapter_title: str | None) -> list[dict]:
    """A CSL-JSON record (Zotero, Citavi, Pandoc). Corporate authors as one literal name."""
    entries = meta.get("author_entries") or [{"name": a} for a in meta["authors"]]
    authors = [
        {"literal": e["name"]} if e.get("name")
        else {"family": e.get("family-names", ""), "given": e.get("given-names", "")}
        for e in entries
    ]
    key = f"{ascii_slug(meta['title'])}-{day.year}" + (f"-{page}" if page else "")
    item = {
        "id": key,
        "type": "book" if page is None else "chapter",
        "title": meta["title"] if page is None else chapter_title or "",
        "author": authors,
        "issued": {"date-parts": [[day.year, day.month, day.day]]},
        "publisher": meta["authors"][0],
        # Not "version": Zotero imports a CSL "book" with a version as a computer program
        # (zotero/utilities utilities_item.js, itemFromCSLJSON). The edition is what RIS's
        # ET carries too.
        "edition": f"Version {meta['version']}",
        "URL": meta["url"] if page is None else page_url(meta, page),
        "language": "de",
    }
    if page is not None:
        item["container-title"] = meta["title"]
    return [item]


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


# --------------------------------------------------------------------------- meta tags


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
        f'<a href="{pdf_path(None)}">Das Buch als PDF</a></p>'
    )
    config.html_theme_options = options


# --------------------------------------------------------------------------- build-finished


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
    from brief.zahlen import Tables

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
