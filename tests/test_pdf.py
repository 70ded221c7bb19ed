"""The print edition: the whole book and a chapter handout, printed by brief.tools.pdf into a temp
folder from the built site, then read back with pypdf.
"""
from __future__ import annotations

import io
import os
import re
import unicodedata

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from brief.sphinxext import cite
from brief.sphinxext.core import read_metadata
from brief.tools import pdf
from brief.tools.browser import HOW_TO_GET_ONE, find_chromium

if find_chromium() is None:
    if os.environ.get("CI") == "true":
        raise RuntimeError(HOW_TO_GET_ONE + " (CI must build the PDFs)")
    pytest.skip(HOW_TO_GET_ONE, allow_module_level=True)

pytestmark = pytest.mark.browser

META = read_metadata()
CHAPTER = "markt"


def pdf_text(data: bytes) -> str:
    """The text of every page, in page order (pypdf)."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


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


def pages(data: bytes):
    return PdfReader(io.BytesIO(data)).pages


def test_both_pdfs_are_pdfs_with_several_pages(printed):
    for name, data in printed.items():
        assert len(pages(data)) > 1, name
    book, chapter = (len(pages(printed[pdf.pdf_name(p)])) for p in (None, CHAPTER))
    assert book > 3 * chapter


def test_links_point_at_the_public_site_not_the_print_server(printed):
    for name, data in printed.items():
        uris = [
            annot.get_object()["/A"]["/URI"]
            for page in pages(data) for annot in page.get("/Annots", [])
            if "/URI" in annot.get_object().get("/A", {})
        ]
        assert uris and not [u for u in uris if "127.0.0.1" in u], name
        assert any(u.startswith(META["url"]) for u in uris), name


def test_chapter_handout_has_title_version_figures_sources_pages_and_cite_box(site, texts):
    text = texts[pdf.pdf_name(CHAPTER)]
    html = (site / f"{CHAPTER}.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?) &#8212;", html).group(1)
    day = cite.german_date(cite.build_date())
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
    day = cite.german_date(cite.build_date())
    cover = text[: text.index("Inhalt")]
    assert compact(META["title"]) in cover
    assert compact(f"Version {META['version']} vom {day}") in cover
    assert all(compact(a) in cover for a in META["authors"])
    # Each page starts with its heading, then its first key point (the box's own title is
    # drawn after its content, so it is not used here), in _toc.yml order.
    position = len(cover)
    for page in pdf.toc_pages():
        soup = BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
        heading = soup.find("h1").get_text()
        point = soup.select_one(".kernaussagen li").get_text()
        opening = compact(heading.rstrip("#")) + compact(point)[:20]
        found = text.find(opening, position)
        assert found > position, f"{page} missing or out of order"
        position = found


def test_charts_are_vector_graphics(printed, texts):
    """Axis labels come out as text, and the PDF holds no raster picture (a chart printed as
    an image would be one)."""
    for name, data in printed.items():
        images = [image.name for page in pages(data) for image in page.images]
        assert images == [], f"{name}: {len(images)} raster images"
        assert "UmsatzinMrd.€" in texts[name] and "Jahr" in texts[name], name


def test_pdfs_carry_title_author_and_subject_and_stay_tagged(printed):
    for name, data in printed.items():
        reader = PdfReader(io.BytesIO(data))
        info = reader.metadata
        assert META["title"] in info.title, name
        assert info.author == cite.authors_text(META["authors"]), name
        assert info.subject, name
        # Rewriting the metadata keeps the structure tree (tagged PDF) and the bookmarks.
        assert "/StructTreeRoot" in reader.trailer["/Root"], name
        assert reader.outline, name


def test_book_contents_have_page_numbers_and_no_double_numbers(site, printed, texts):
    data = printed[pdf.pdf_name(None)]
    reader = PdfReader(io.BytesIO(data))
    cover = compact(reader.pages[0].extract_text())
    titles = [pdf._page_title_text(site, p) for p in pdf.toc_pages()]
    starts = pdf.chapter_pages_from(reader, titles)
    for title, start in zip(titles, starts):
        # "1. Markt: …" once, followed by the page it starts on (not "2. 1. Markt").
        assert compact(title) + str(start) in cover, title
        assert start > 1
        assert not re.search(r"\d+\.\d+\." + re.escape(compact(title)), cover)
    assert starts == sorted(starts)
