"""The printed PDF as a file: document information and the start page of each chapter, read
and written with pypdf after Chromium has printed (``brief.tools.pdf`` prints).
"""
from __future__ import annotations

import re
from pathlib import Path

from brief.metadata import authors_text


def finish(path: Path, meta: dict, title: str, subject: str, headings: list[str]) -> Path:
    """Document information, clean bookmarks and page labels, written with pypdf.

    Chromium writes only the title (from <title>) and itself as producer; reference managers and
    PDF readers show "Author" and "Subject" too. Its bookmarks (from the headings) sometimes
    repeat a heading ("QuellenQuellen") or lose the space where it wrapped
    ("gleichwertigeLebensverhältnisse"); each bookmark gets its heading's text back
    (``headings``: the printed page's headings in order). The page labels say that the PDF's
    page numbers are the footer's ("Seite 3 von 98"). Cloning keeps the structure tree (tagged
    PDF), the bookmarks' targets and the links.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(str(path)))
    writer.add_metadata({
        "/Title": title,
        "/Author": authors_text(meta["authors"]),
        "/Subject": subject,
        "/Keywords": ", ".join(meta.get("keywords") or ()),
        "/Creator": f"{meta['title']} {meta['version']} (brief.tools.pdf, Chromium)",
    })
    outlines = writer.root_object.get("/Outlines")
    at = 0
    for item in _outline_items(outlines.get_object() if outlines else {}):
        found = next(
            (i for i in range(at, len(headings)) if _is_heading(item["/Title"], headings[i])), None
        )
        if found is None:
            raise RuntimeError(f"{path}: bookmark {str(item['/Title'])!r} matches no heading")
        item[NameObject("/Title")] = TextStringObject(headings[found])
        at = found + 1
    writer.set_page_label(0, len(writer.pages) - 1, style="/D", start=1)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def _outline_items(node):
    """Every bookmark below ``node``, in document order (depth first)."""
    item = node.get("/First")
    while item is not None:
        item = item.get_object()
        yield item
        yield from _outline_items(item)
        item = item.get("/Next")


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text).rstrip("#")


def _is_heading(bookmark: str, heading: str) -> bool:
    """Chromium's bookmark text for ``heading``: the text without spaces, possibly after a
    repeated beginning of it (seen: the first line of a wrapped heading, or all of it)."""
    mark, text = _plain(bookmark), _plain(heading)
    return bool(text) and mark.endswith(text) and text.startswith(mark[: len(mark) - len(text)])


def chapter_pages(path: Path, titles: list[str]) -> list[int]:
    """The page (1-based) where each chapter starts, from the PDF's bookmarks."""
    from pypdf import PdfReader

    return chapter_pages_from(PdfReader(str(path)), titles, path)


def chapter_pages_from(reader, titles: list[str], path: Path | str = "PDF") -> list[int]:
    """Top-level bookmarks (a chapter's h1) in document order; each chapter is the next one
    with its title. Sections are nested deeper, so the chapter "Quellen" is not taken for the
    section "Quellen" at the end of the chapter before it."""
    marks = [
        (item.title, reader.get_destination_page_number(item) + 1)
        for item in reader.outline if not isinstance(item, list)
    ]
    starts, at = [], 0
    for title in titles:
        index = next((i for i in range(at, len(marks)) if _is_heading(marks[i][0], title)), None)
        if index is None:
            raise RuntimeError(f"{path}: no bookmark for {title!r} after the previous chapter")
        starts.append(marks[index][1])
        at = index + 1
    return starts
