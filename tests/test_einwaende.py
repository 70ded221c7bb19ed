"""Objections and answers (issue 10, outcome 2): each one citable, each claim sourced.

Every argument chapter ends with "Ergänzung: Einwände und Antworten": three to five objections,
each under a stable anchor ``<kapitel>-einwand-N`` that the chapter's citation box lists. Each
answer rests on figures from the data package, and every figure and every legal statement in it
is followed by a footnote citation: a figure by its data source, a paragraph of a law
(§ …, Art. …, Grundgesetz) by the law text itself. Checked on the built HTML.
"""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup, Tag

from brief import data

ARGUMENT_CHAPTERS = ["markt", "autonomie", "daseinsvorsorge", "raum"]
LEGAL = re.compile(r"§[\s\u00a0]*\d|\bArt\.[\s\u00a0]*\d|\bArtikel[\s\u00a0]+\d|Grundgesetz")


def law_sources() -> set[str]:
    """Sources that are law texts: the federal law portal and the Federal Law Gazette."""
    sources = data.load("sources")
    is_law = sources["publisher"].str.contains("gesetze-im-internet|Bundesgesetzblatt", regex=True)
    return set(sources.loc[is_law, "source_id"])


def objections(site, page: str) -> list[Tag]:
    soup = BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    found = [soup.find(id=f"{page}-einwand-{n}") for n in range(1, 7)]
    return [section for section in found if section is not None]


def cited(node: Tag) -> list[str]:
    return [
        a["href"].removeprefix("#footcite-")
        for a in node.select('a.footnote-reference[href^="#footcite-"]')
    ]


def uncited_figures(answer: Tag) -> list[str]:
    """Figures ({zahl}) in an answer with no footnote citation after them in the paragraph."""
    order = [
        node for node in answer.descendants
        if isinstance(node, Tag) and (
            "zahl" in (node.get("class") or []) or "footnote-reference" in (node.get("class") or [])
        )
    ]
    missing = []
    for i, node in enumerate(order):
        if "zahl" in (node.get("class") or []):
            after = order[i + 1:]
            if not any("footnote-reference" in (n.get("class") or []) for n in after):
                missing.append(node.get_text())
    return missing


@pytest.mark.parametrize("page", ARGUMENT_CHAPTERS)
def test_three_to_five_citable_objections_per_chapter(site, page):
    found = objections(site, page)
    assert 3 <= len(found) <= 5, f"{page}: {len(found)} objections"
    soup = BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    box = soup.select_one(".brief-zitieren")
    assert box is not None, f"{page}: no citation box"
    for n, section in enumerate(found, start=1):
        heading = " ".join(section.find(["h3", "h2"]).get_text(" ").split())
        assert heading.startswith(f"Einwand {n}:"), f"{page}: {heading!r}"
        links = box.select(f'a[href$="#{page}-einwand-{n}"]')
        assert links, f"{page}: einwand-{n} is not listed for citing"


@pytest.mark.parametrize("page", ARGUMENT_CHAPTERS)
def test_every_answer_sources_its_figures_and_its_law(site, page):
    laws = law_sources()
    problems = []
    for section in objections(site, page):
        answer = section.find("p")
        text = " ".join(answer.get_text(" ").split())
        where = f"{page}#{section['id']}"
        if not text.startswith("Antwort:"):
            problems.append(f"{where}: answer does not start with 'Antwort:'")
        if not answer.select("span.zahl"):
            problems.append(f"{where}: no figure from the data package")
        if missing := uncited_figures(answer):
            problems.append(f"{where}: figures without a citation after them: {missing}")
        if LEGAL.search(text) and not set(cited(answer)) & laws:
            problems.append(f"{where}: a legal statement without the law text as source")
    assert not problems, "\n".join(problems)


def test_law_sources_are_found():
    assert {"gg-art-28", "gg-art-72", "vgv-2016-para-31"} <= law_sources()
