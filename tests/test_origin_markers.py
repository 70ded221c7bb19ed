"""Every quotable sentence says whose it is.

Readers copy the "Das Wichtigste in Kürze" boxes and the theses into discussions. So each item
there starts with its origin, **Artikel (2019):** (the source article, cited to it) or
**Ergänzung:** (the book's own claim, cited to its data source), and ends with a footnote
citation. Checked on the built HTML, where the citations have become footnote links.

Pages and theses covered here are listed in BOX_PAGES and THESES; the chapters of part B
(Daseinsvorsorge, Raum, theses 5–8) can be added to the same lists.
"""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup, Tag

ARTICLE = "korkmaz-2019-demo"
MARKERS = ("Artikel (2019):", "Ergänzung:")
BOX_PAGES = ["index", "markt", "autonomie", "empfehlungen"]
THESES = [1, 2, 3, 4]
# A thesis section may hold, besides its list of claims, paragraphs that only point onwards.
NAVIGATION = re.compile(r"^(Mehr dazu|Die Vorschläge dazu|Siehe)\b")


def soup(site, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def cited_keys(item: Tag) -> list[str]:
    marks = item.select('a.footnote-reference[href^="#footcite-"]')
    return [a["href"].removeprefix("#footcite-") for a in marks]


def problems(item: Tag, where: str) -> list[str]:
    """What is wrong with one box or thesis item: marker, citation, citation at the end."""
    text = " ".join(item.get_text(" ").split())
    found = []
    strong = item.find("strong")
    marker = next((m for m in MARKERS if text.startswith(m)), None)
    if marker is None or strong is None or " ".join(strong.get_text(" ").split()) != marker:
        found.append(f"{where}: starts without a bold origin marker {MARKERS}: {text[:70]!r}")
    keys = cited_keys(item)
    if not keys:
        found.append(f"{where}: no footnote citation: {text[:70]!r}")
        return found
    last = item.select('a.footnote-reference[href^="#footcite-"]')[-1]
    strings = list(item.strings)
    inside = [i for i, piece in enumerate(strings) if any(piece is own for own in last.strings)]
    tail = "".join(strings[inside[-1] + 1:])
    if tail.strip(" .;:\n"):
        found.append(
            f"{where}: text after the last citation ({tail.strip()[:40]!r}); end with the source"
        )
    if marker == MARKERS[0] and ARTICLE not in keys:
        found.append(f"{where}: marked as the article's but not cited to it: {text[:70]!r}")
    if marker == MARKERS[1] and not set(keys) - {ARTICLE}:
        found.append(
            f"{where}: an Ergänzung cites only the article; cite its own source: {text[:70]!r}"
        )
    return found


@pytest.fixture(scope="module")
def pages(site) -> dict[str, BeautifulSoup]:
    return {page: soup(site, page) for page in BOX_PAGES}


@pytest.mark.parametrize("page", BOX_PAGES)
def test_every_box_item_has_an_origin_and_a_source(pages, page):
    boxes = pages[page].select("div.admonition.kernaussagen")
    assert len(boxes) == 1, f"{page}.html: expected one summary box, found {len(boxes)}"
    items = boxes[0].select(":scope > ul > li")
    assert items, f"{page}.html: the summary box has no list items"
    found = [
        p for i, item in enumerate(items, 1) for p in problems(item, f"{page}.html box item {i}")
    ]
    # Nothing in the box outside the list except its title and a generated "Stand der Daten" line.
    for para in boxes[0].find_all("p", recursive=False):
        if "admonition-title" in (para.get("class") or []):
            continue
        text = " ".join(para.get_text(" ").split())
        if not text.startswith("Stand der Daten"):
            found.append(f"{page}.html box: a paragraph outside the marked list: {text[:70]!r}")
    assert found == []


@pytest.mark.parametrize("number", THESES)
def test_every_thesis_item_has_an_origin_and_a_source(pages, number):
    anchor = pages["index"].find(id=f"these-{number}")
    assert anchor is not None, f"index.html: no anchor these-{number}"
    section = anchor if anchor.name == "section" else anchor.find_parent("section")
    lists = section.find_all("ul", recursive=False)
    assert len(lists) == 1, f"These {number}: expected one list of claims, found {len(lists)}"
    items = lists[0].find_all("li", recursive=False)
    found = [
        p for i, item in enumerate(items, 1) for p in problems(item, f"These {number}, item {i}")
    ]
    # Claims live in the list; loose paragraphs may only point to the chapters.
    for para in section.find_all("p", recursive=False):
        # A paragraph that holds only controls (the "Link kopieren" button) carries no claim.
        claim = "".join(t for t in para.find_all(string=True) if not t.find_parent("button"))
        if not claim.strip():
            continue
        text = " ".join(para.get_text(" ").split())
        if not NAVIGATION.match(text):
            found.append(f"These {number}: a paragraph outside the marked list: {text[:70]!r}")
    assert found == []


def test_article_items_keep_the_articles_hedges(pages):
    """The article says "regelmäßig", "möglicherweise", "derzeit": its items must not drop them."""
    article_items = [
        " ".join(li.get_text(" ").split())
        for page in ("index", "autonomie")
        for li in pages[page].select("div.kernaussagen > ul > li, section > ul > li")
        if li.get_text(" ").strip().startswith(MARKERS[0])
    ]
    owner = [t for t in article_items if "Infrastruktur gehört" in t]
    assert owner and all("regelmäßig" in t or "in der Regel" in t for t in owner), owner
    demands = [t for t in article_items if "Anforderungen" in t]
    assert demands and all("möglicherweise" in t for t in demands), demands
    cities = [t for t in article_items if "große Städte" in t or "großen Städte" in t]
    assert all("derzeit" in t.lower() for t in cities), cities


def test_problems_are_reported_for_an_unmarked_uncited_item():
    """The checker itself: an item without marker and citation yields both complaints."""
    item = BeautifulSoup("<ul><li><p>Der Markt wächst schnell.</p></li></ul>", "html.parser").li
    found = problems(item, "probe")
    assert any("origin marker" in p for p in found)
    assert any("no footnote citation" in p for p in found)
