"""The print edition: the whole book and a chapter handout, printed by brief.pdf into a temp
folder from the built site, then read back with a small PDF text reader (no new dependency).
"""
from __future__ import annotations

import os
import re
import unicodedata
import zlib
from html import unescape

import pytest

from brief import citation, pdf
from brief.browser import HOW_TO_GET_ONE, find_chromium
from brief.sphinx import read_metadata

if find_chromium() is None:
    if os.environ.get("CI") == "true":
        raise RuntimeError(HOW_TO_GET_ONE + " (CI must build the PDFs)")
    pytest.skip(HOW_TO_GET_ONE, allow_module_level=True)

pytestmark = pytest.mark.browser

META = read_metadata()
CHAPTER = "markt"


# --------------------------------------------------------------------------- a tiny PDF reader


def _objects(data: bytes) -> tuple[dict[int, bytes], dict[int, bytes]]:
    """(dictionaries, decoded streams) by object number, as Chromium (Skia) writes them."""
    dicts, streams = {}, {}
    for m in re.finditer(rb"(\d+) 0 obj\s*(<<.*?>>)\s*(stream\r?\n|endobj)", data, re.S):
        number, head = int(m.group(1)), m.group(2)
        dicts[number] = head
        if m.group(3).startswith(b"stream"):
            length = int(re.search(rb"/Length (\d+)", head).group(1))
            raw = data[m.end():m.end() + length]
            streams[number] = zlib.decompress(raw) if b"/FlateDecode" in head else raw
    return dicts, streams


def _cmap(text: bytes) -> dict[bytes, str]:
    """Glyph code (hex) -> text, from a ToUnicode CMap."""
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for code, uni in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[code.upper()] = bytes.fromhex(uni.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        ranges = re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block)
        for lo, hi, uni in ranges:
            start, width = int(uni, 16), len(lo)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                key = f"{code:0{width}X}".encode()
                mapping[key] = bytes.fromhex(f"{start + offset:04X}").decode("utf-16-be", "replace")
    return mapping


# Font choice, hex strings shown with Tj or TJ, and the end of a text object.
TEXT_OPERATORS = rb"/(F\d+) [\d.]+ Tf|<([0-9A-Fa-f]*)>\s*Tj|\[((?:[^\]\\]|\\.)*)\]\s*TJ|(ET)"


def pdf_text(data: bytes) -> str:
    """The text of every page, in content order (enough to test what a PDF says)."""
    dicts, streams = _objects(data)
    pages = []
    for number, head in dicts.items():
        if not re.search(rb"/Type /Page(?![a-z])", head):
            continue
        fonts = {}
        for name, ref in re.findall(rb"/(F\d+) (\d+) 0 R", head):
            unicode_ref = re.search(rb"/ToUnicode (\d+) 0 R", dicts.get(int(ref), b""))
            fonts[name] = _cmap(streams[int(unicode_ref.group(1))]) if unicode_ref else {}
        content_refs = re.search(rb"/Contents (?:\[([^\]]*)\]|(\d+) 0 R)", head)
        refs = (re.findall(rb"(\d+) 0 R", content_refs.group(1)) if content_refs.group(1)
                else [content_refs.group(2)])
        text, font = [], {}
        for ref in refs:
            for token in re.finditer(TEXT_OPERATORS, streams[int(ref)]):
                if token.group(1):
                    font = fonts.get(token.group(1), {})
                elif token.group(4):
                    text.append(" ")
                else:
                    hexes = [token.group(2)] if token.group(2) is not None else re.findall(
                        rb"<([0-9A-Fa-f]*)>", token.group(3))
                    for chunk in hexes:
                        chunk = chunk.upper()
                        step = len(next(iter(font), b"0000")) if font else 4
                        codes = (chunk[i:i + step] for i in range(0, len(chunk), step))
                        text.append("".join(font.get(code, "") for code in codes))
        pages.append("".join(text))
    return "\n".join(pages)


def compact(text: str) -> str:
    """Chromium places words as separate runs and sets ligatures (ﬁ): compare text without
    whitespace, ligatures spelled out."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# --------------------------------------------------------------------------- the PDFs


@pytest.fixture(scope="module")
def printed(site, chromium, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("pdf")
    written = pdf.build(site, out, pages=[CHAPTER], book=True, browser=chromium)
    assert sorted(p.name for p in written) == sorted([pdf.pdf_name(None), pdf.pdf_name(CHAPTER)])
    return {p.name: p.read_bytes() for p in written}


@pytest.fixture(scope="module")
def texts(printed) -> dict[str, str]:
    return {name: compact(pdf_text(data)) for name, data in printed.items()}


def test_both_pdfs_are_pdfs_with_several_pages(printed):
    for name, data in printed.items():
        assert data.startswith(b"%PDF-"), name
        assert pdf.page_count(data) > 1, name
    book, chapter = (pdf.page_count(printed[pdf.pdf_name(p)]) for p in (None, CHAPTER))
    assert book > 3 * chapter


def test_links_point_at_the_public_site_not_the_print_server(printed):
    for name, data in printed.items():
        assert b"127.0.0.1" not in data, name
        assert f"/URI ({META['url']}".encode() in data, name


def test_the_text_reader_reads_these_pdfs(texts):
    assert "SouveräneSmartCity" in texts[pdf.pdf_name(CHAPTER)]


def test_chapter_handout_has_title_version_figures_sources_pages_and_cite_box(site, texts):
    text = texts[pdf.pdf_name(CHAPTER)]
    html = (site / f"{CHAPTER}.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?) &#8212;", html).group(1)
    day = citation.german_date(citation.build_date())
    for needed in (
        title, META["title"], f"Version{META['version']}vom{day}", "Abbildung1.1", "Quelle:",
        "Quellen", "SozitierenSiediesesKapitel", "@incollection", "Seite1von",
        f"{META['url']}{CHAPTER}.html",
    ):
        assert compact(needed) in text, f"handout lacks {needed!r}"
    # Screen-only parts stay off paper.
    for absent in ("ZumHauptinhaltspringen", "SVGspeichern", "BibTeXkopieren"):
        assert absent not in text


def test_whole_book_has_a_title_page_and_every_page_in_order(site, texts):
    text = texts[pdf.pdf_name(None)]
    day = citation.german_date(citation.build_date())
    cover = text[: text.index("Inhalt")]
    assert compact(META["title"]) in cover
    assert compact(f"Version {META['version']} vom {day}") in cover
    assert all(compact(a) in cover for a in META["authors"])
    # Each page starts with its heading, then its first key point (the box's own title is
    # drawn after its content, so it is not used here), in _toc.yml order.
    position = len(cover)
    for page in pdf.toc_pages():
        source = (site / f"{page}.html").read_text(encoding="utf-8")
        heading = re.search(r"<h1>(.*?)</h1>", source, re.S).group(1)
        box = source[re.search(r'<div class="[^"]*\bkernaussagen\b', source).end():]
        point = re.search(r"<li>(.*?)</li>", box, re.S).group(1)
        opening = compact(plain(heading).rstrip("#")) + compact(plain(point))[:20]
        found = text.find(opening, position)
        assert found > position, f"{page} missing or out of order"
        position = found


def plain(fragment: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", fragment))


def test_charts_are_vector_graphics(printed, texts):
    """Axis labels come out as text, and the PDF holds no raster picture (a chart printed as
    an image would be one)."""
    for name, data in printed.items():
        dicts, _ = _objects(data)
        images = [d for d in dicts.values() if b"/Subtype /Image" in d]
        assert images == [], f"{name}: {len(images)} raster images"
        assert "UmsatzinMrd.€" in texts[name] and "Jahr" in texts[name], name
        # Paths: the marks and axes are drawn, not pasted.
        assert len(re.findall(rb"/Type /Page(?![a-z])", data)) > 1
