"""The print edition as `make pdf` prints it (brief.tools.pdf: every handout, then the whole book)
into a temp folder from the built site; the book and one chapter handout are read back with pypdf.
"""
from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from brief import metadata
from brief.metadata import read_metadata
from brief.tools import pdf, pdffile

pytestmark = pytest.mark.browser

META = read_metadata()
CHAPTER = "markt"


def compact(text: str) -> str:
    """Chromium places words as separate runs and sets ligatures (ﬁ): compare text without
    whitespace, ligatures spelled out."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# --------------------------------------------------------------------------- the PDFs


@pytest.fixture(scope="module")
def printing(site, chromium, tmp_path_factory) -> tuple[list, Counter]:
    """`make pdf`'s own path: every handout, then the whole book, with a count of how often
    each file was printed (the book prints once when the handout lengths are known)."""
    out = tmp_path_factory.mktemp("pdf")
    prints = Counter()
    real = pdf._print

    def counted(page, target, *args):
        prints[target.name] += 1
        return real(page, target, *args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf, "_print", counted)
        written = pdf.build(site, out, browser=chromium)
    return written, prints


@pytest.fixture(scope="module")
def printed(printing) -> dict[str, bytes]:
    """The whole book and the chapter handout the tests below read."""
    written, _ = printing
    wanted = {metadata.pdf_name(None), metadata.pdf_name(CHAPTER)}
    return {p.name: p.read_bytes() for p in written if p.name in wanted}


def test_make_pdf_writes_every_linked_pdf_and_prints_each_once(site, printing):
    written, prints = printing
    names = {p.name for p in written}
    assert names == {metadata.pdf_name(None)} | {metadata.pdf_name(p) for p in pdf.toc_pages()}
    assert pdf.linked_pdfs(site) <= names
    assert set(prints) == names and set(prints.values()) == {1}, prints


@pytest.fixture(scope="module")
def page_texts(printed) -> dict[str, list[str]]:
    """Each PDF's pages as compact text, extracted once (pypdf's text extraction is most of
    this file's time)."""
    return {
        name: [compact(page.extract_text()) for page in pages(data)]
        for name, data in printed.items()
    }


@pytest.fixture(scope="module")
def texts(page_texts) -> dict[str, str]:
    return {name: "".join(found) for name, found in page_texts.items()}


def pages(data: bytes):
    return PdfReader(io.BytesIO(data)).pages


def raster_images(node, seen=None) -> list[str]:
    """The raster images a page (or form) draws: image XObjects, also inside forms. (pypdf's
    ``page.images`` finds the same but parses every content stream for inline images, which
    Chromium never writes, and takes half a minute on the book.)"""
    seen = set() if seen is None else seen
    found = []
    resources = node.get("/Resources", DictionaryObject()).get_object()
    xobjects = resources.get("/XObject", DictionaryObject()).get_object()
    for name, ref in xobjects.items():
        if ref in seen:
            continue
        seen.add(ref)
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Image":
            found.append(name)
        else:
            found += raster_images(xobject, seen)
    return found


def test_both_pdfs_are_pdfs_with_several_pages(printed):
    for name, data in printed.items():
        assert len(pages(data)) > 1, name
    book, chapter = (len(pages(printed[metadata.pdf_name(p)])) for p in (None, CHAPTER))
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
    text = texts[metadata.pdf_name(CHAPTER)]
    html = (site / f"{CHAPTER}.html").read_text(encoding="utf-8")
    title = BeautifulSoup(html, "html.parser").title.get_text().split(" \u2014 ")[0]
    day = metadata.german_date(metadata.build_date())
    for needed in (
        title, META["title"], f"Version{META['version']}vom{day}", "Abbildung1.1", "Quelle:",
        "Quellen", "SozitierenSiediesesKapitel", "@incollection", "Seite1von",
        f"{META['url']}{CHAPTER}.html",
    ):
        assert compact(needed) in text, f"handout lacks {needed!r}"
    # Screen-only parts stay off paper.
    for absent in ("ZumHauptinhaltspringen", "SVGspeichern", "BibTeXkopieren"):
        assert absent not in text


def opening(site, page: str) -> str:
    """How a page starts in print: its heading, then its first key point (the box's own title
    is drawn after its content, so it is not used here)."""
    soup = BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    heading = soup.find("h1").get_text()
    point = soup.select_one(".kernaussagen li").get_text()
    return compact(heading.rstrip("#")) + compact(point)[:20]


def test_whole_book_has_a_title_page_and_every_page_in_order(site, texts):
    text = texts[metadata.pdf_name(None)]
    day = metadata.german_date(metadata.build_date())
    cover = text[: text.index("Inhalt")]
    assert compact(META["title"]) in cover
    assert compact(f"Version {META['version']} vom {day}") in cover
    assert all(compact(a) in cover for a in META["authors"])
    # Each page starts with its heading, then its first key point, in _toc.yml order.
    position = len(cover)
    for page in pdf.toc_pages():
        found = text.find(opening(site, page), position)
        assert found > position, f"{page} missing or out of order"
        position = found


def test_charts_are_vector_graphics(printed, texts):
    """Axis labels come out as text, and the PDF holds no raster picture (a chart printed as
    an image would be one)."""
    for name, data in printed.items():
        images = [image for page in pages(data) for image in raster_images(page)]
        assert images == [], f"{name}: {len(images)} raster images"
        assert "UmsatzinMrd.€" in texts[name] and "Jahr" in texts[name], name


def test_the_raster_image_check_finds_a_picture():
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(picture, "PDF")
    assert raster_images(pages(picture.getvalue())[0]) != []


def test_pdfs_carry_title_author_and_subject_and_stay_tagged(printed):
    for name, data in printed.items():
        reader = PdfReader(io.BytesIO(data))
        info = reader.metadata
        assert META["title"] in info.title, name
        assert info.author == metadata.authors_text(META["authors"]), name
        assert info.subject, name
        # Rewriting the metadata keeps the structure tree (tagged PDF) and the bookmarks.
        assert "/StructTreeRoot" in reader.trailer["/Root"], name
        assert reader.outline, name


def test_book_contents_have_page_numbers_and_no_double_numbers(site, printed, page_texts):
    data = printed[metadata.pdf_name(None)]
    reader = PdfReader(io.BytesIO(data))
    cover = page_texts[metadata.pdf_name(None)][0]
    titles = [pdf.page_title(site, p) for p in pdf.toc_pages()]
    starts = pdffile.chapter_pages_from(reader, titles)
    for page, title, start in zip(pdf.toc_pages(), titles, starts):
        # "1. Markt: …" once, followed by the page it starts on (not "2. 1. Markt"), and the
        # chapter's opening on that page (not a section of the same name before it).
        assert compact(title) + str(start) in cover, title
        assert opening(site, page) in page_texts[metadata.pdf_name(None)][start - 1], title
        assert start > 1
        assert not re.search(r"\d+\.\d+\." + re.escape(compact(title)), cover)
    assert starts == sorted(starts)


def headings(site, page: str) -> list[str]:
    """A built page's headings, in order, as a reader sees them (no "#" link)."""
    soup = BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    found = []
    for heading in soup.select_one("article.bd-article").select("h1, h2, h3, h4, h5, h6"):
        for link in heading.select(".headerlink"):
            link.decompose()
        found.append(" ".join(heading.get_text().split()))
    return found


def outline(reader) -> list[tuple[int, str]]:
    """(depth, title) of every bookmark, in document order."""
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title))

    walk(reader.outline, 0)
    return found


def test_bookmarks_are_the_headings_once_each_with_their_spaces(site, printed):
    """Chromium's own bookmarks repeated some headings ("QuellenQuellen") and ran wrapped ones
    together ("gleichwertigeLebensverhältnisse"); the handout's bookmarks are its headings."""
    reader = PdfReader(io.BytesIO(printed[metadata.pdf_name(CHAPTER)]))
    assert [title for _, title in outline(reader)] == headings(site, CHAPTER)
    book = outline(PdfReader(io.BytesIO(printed[metadata.pdf_name(None)])))
    expected = [h for page in pdf.toc_pages() for h in headings(site, page)]
    titles = [title for _, title in book]
    assert titles[2:] == expected and titles[:2] == [META["title"], "Inhalt"]
    # Siblings are told apart: no two bookmarks under one parent share a title.
    parents: dict[tuple, list[str]] = {}
    path: list[str] = []
    for depth, title in book:
        path[depth:] = [title]
        parents.setdefault(tuple(path[:depth]), []).append(title)
    for parent, children in parents.items():
        assert len(children) == len(set(children)), f"{parent}: {children}"


def test_page_labels_match_the_printed_page_numbers(printed, page_texts):
    for name, data in printed.items():
        reader = PdfReader(io.BytesIO(data))
        assert "/PageLabels" in reader.trailer["/Root"], name
        assert reader.page_labels == [str(n) for n in range(1, len(reader.pages) + 1)], name
        last = page_texts[name][-1]
        assert f"Seite{len(reader.pages)}von{len(reader.pages)}" in last, name


def test_a_figure_keeps_caption_chart_and_table_together(site, page_texts):
    """Caption, chart and source line on one page; the table, unsplit, on that page or the
    next (the figures with a long description do not fit on one page)."""
    texts = page_texts[metadata.pdf_name(CHAPTER)]
    soup = BeautifulSoup((site / f"{CHAPTER}.html").read_text(encoding="utf-8"), "html.parser")
    figures = soup.select("figure")
    assert figures

    def page_of(needle: str) -> int:
        found = [i for i, text in enumerate(texts) if compact(needle) in text]
        assert len(found) == 1, f"{needle!r} on pages {[i + 1 for i in found]}"
        return found[0]

    for figure in figures:
        number = figure.select_one(".caption-number").get_text().strip()
        title = figure.select_one(".caption-text").get_text().strip()
        caption = page_of(f"{number} {title}")
        source = figure.select_one(".brief-chart-source").get_text()[:60]
        assert page_of(source) == caption, f"{number}: source line away from its chart"
        table = page_of(f"Daten zu: {title}")
        last_row = " ".join(td.get_text() for td in figure.select("tbody tr")[-1].select("td"))
        assert page_of(last_row) == table, f"{number}: table split"
        assert table in (caption, caption + 1), f"{number}: table far from its chart"
