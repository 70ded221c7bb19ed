"""Quotable sentences say whose they are (issue 8, outcome 1), for the Daseinsvorsorge and Raum
chapters and theses 5–8 on the start page.

Every item of a "Das Wichtigste in Kürze" box and every list item of a thesis starts with
**Artikel (2019):** (the source article, cited to it) or **Ergänzung:** (the book's own, with its
own source), ends with a footnote citation, and dates every figure it quotes.
"""
from __future__ import annotations

import re

import pytest

from brief import paths

ARTICLE = "korkmaz-2019-demo"
MARKERS = ("**Artikel (2019):** ", "**Ergänzung:** ")
CITE = re.compile(r"\{footcite(?::[pt])?\}`([^`]+)`")
ENDS_WITH_CITE = re.compile(r"\{footcite(?::[pt])?\}`[^`]+`\.?$")
YEAR = re.compile(r"\b(19|20)\d\d\b")


def box_items(page: str) -> list[str]:
    """The list items of the page's "Das Wichtigste in Kürze" box."""
    text = (paths.BOOK / f"{page}.md").read_text(encoding="utf-8")
    box = re.search(r":::\{admonition\} Das Wichtigste in Kürze\n(.*?)\n:::", text, re.S)
    assert box, f"{page}.md: no summary box"
    return [line[2:] for line in box.group(1).splitlines() if line.startswith("- ")]


def thesis_items(number: int) -> list[str]:
    """The list items under "## These <number>" on the start page."""
    text = (paths.BOOK / "index.md").read_text(encoding="utf-8")
    section = re.search(rf"\n## These {number}:.*?\n(.*?)(?=\n\(|\n## |\Z)", text, re.S)
    assert section, f"index.md: no These {number}"
    return [line[2:] for line in section.group(1).splitlines() if line.startswith("- ")]


def problems(item: str) -> list[str]:
    """What is wrong with one quotable item; empty if it says whose it is and where it is from."""
    found = []
    marker = next((m for m in MARKERS if item.startswith(m)), None)
    if marker is None:
        found.append("starts without **Artikel (2019):** or **Ergänzung:**")
    if not ENDS_WITH_CITE.search(item.strip()):
        found.append("does not end with a {footcite} source")
    keys = {k.strip() for m in CITE.finditer(item) for k in m.group(1).split(",")}
    if marker == MARKERS[0] and ARTICLE not in keys:
        found.append("marked as the article's but not cited to it")
    if marker == MARKERS[1] and not keys - {ARTICLE}:
        found.append("marked as Ergänzung but cites no source of its own")
    if "{zahl}" in item and not YEAR.search(CITE.sub("", item)):
        found.append("quotes a figure without its year")
    return found


ITEMS = (
    [(f"{page} box", item) for page in ("daseinsvorsorge", "raum") for item in box_items(page)]
    + [(f"These {n}", item) for n in (5, 6, 7, 8) for item in thesis_items(n)]
)


def test_every_box_and_thesis_has_items():
    for page in ("daseinsvorsorge", "raum"):
        assert len(box_items(page)) >= 3, page
    for number in (5, 6, 7, 8):
        items = thesis_items(number)
        assert len(items) >= 2, f"These {number}"
        assert any(i.startswith(MARKERS[1]) for i in items), f"These {number}: no sourced Ergänzung"


@pytest.mark.parametrize("where,item", ITEMS, ids=[f"{w}-{i}" for i, (w, _) in enumerate(ITEMS)])
def test_item_says_whose_it_is_and_cites_a_source(where, item):
    assert problems(item) == [], f"{where}: {item[:80]}…"


def test_the_check_catches_unmarked_uncited_and_undated_items():
    assert problems("Das Land holt auf.") == [
        "starts without **Artikel (2019):** or **Ergänzung:**",
        "does not end with a {footcite} source",
    ]
    assert problems("**Artikel (2019):** Große Städte gehen voran {footcite:p}`bitkom`.") == [
        "marked as the article's but not cited to it"
    ]
    assert problems("**Ergänzung:** Es waren {zahl}`x` {footcite:p}`korkmaz-2019-demo`.") == [
        "marked as Ergänzung but cites no source of its own",
        "quotes a figure without its year",
    ]
