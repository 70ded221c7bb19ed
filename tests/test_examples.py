"""Real examples in every argument chapter (issue 10, outcome 3).

Readers who bring the book into a discussion need places, not only national averages. Each
argument chapter therefore has a section "Ergänzung: Beispiele aus Kommunen" with a stable
anchor ``<kapitel>-beispiele`` and at least two named examples, each with its own source (not
only the 2019 article). Checked on the built HTML, where the citations are footnote links.
"""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

ARGUMENT_CHAPTERS = ["markt", "autonomie", "daseinsvorsorge", "raum"]
ARTICLE = "korkmaz-2019-demo"


def examples(site, page: str) -> list:
    soup = BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    section = soup.find(id=f"{page}-beispiele")
    assert section is not None, f"{page}: no section with the stable anchor {page}-beispiele"
    section = section if section.name == "section" else section.find_parent("section")
    heading = " ".join(section.find(["h2", "h3"]).get_text(" ").split())
    assert heading.startswith("Ergänzung: Beispiele"), f"{page}: heading {heading!r}"
    return section.select("li")


@pytest.mark.parametrize("page", ARGUMENT_CHAPTERS)
def test_each_argument_chapter_names_two_sourced_examples(site, page):
    items = examples(site, page)
    assert len(items) >= 2, f"{page}: fewer than two examples"
    for item in items:
        text = " ".join(item.get_text(" ").split())
        place = item.find("strong")
        named = place is not None and place.get_text().strip()
        assert named, f"{page}: example without a name: {text[:60]!r}"
        cited = {
            a["href"].removeprefix("#footcite-")
            for a in item.select('a.footnote-reference[href^="#footcite-"]')
        }
        assert cited - {ARTICLE}, f"{page}: example without its own source: {text[:60]!r}"
