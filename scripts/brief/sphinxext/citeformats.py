"""The book's citation in every format a reader or a reference manager takes: the cited text,
BibTeX, RIS and CSL-JSON (one file each per page under ``zitat/``), and the stable address.
"""
from __future__ import annotations

import re
from datetime import date

from brief.metadata import (
    SLUG,
    authors_text,
    german_date,
)

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
