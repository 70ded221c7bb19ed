"""book/STYLE.md, enforced on the built HTML: what a reader sees keeps the promises made there.

Each test names the STYLE.md rule it holds. Only the reader-visible text of the article body
counts (no scripts, styles, code or the JSON of the charts).
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup

from brief import paths, zahlen
from brief.metadata import read_metadata
from brief.sphinxext import stand
from conftest import toc_pages

PAGES = toc_pages()
NBSP, NNBSP = "\u00a0", "\u202f"
QUALIFIERS = ("rund", "knapp", "gut", "über", "unter", "etwa", "fast", "mehr als", "weniger als")


@pytest.fixture(scope="module")
def soups(site):
    return {
        page: BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
        for page in PAGES
    }


def body_text(soup: BeautifulSoup) -> str:
    """The article text a reader sees, without scripts, styles, code and chart sources."""
    main = soup.find("article") or soup.find("main") or soup
    main = BeautifulSoup(str(main), "html.parser")
    for tag in main.find_all(["script", "style", "pre", "code", "svg", "template", "noscript"]):
        tag.decompose()
    return main.get_text(" ")


def zahl_keys(page: str) -> list[str]:
    """The figures a chapter quotes, read from its source (in reading order, once each)."""
    text = (paths.BOOK / f"{page}.md").read_text(encoding="utf-8")
    return list(dict.fromkeys(re.findall(r"\{zahl\}`([^`]+)`", text)))


# --- STYLE.md "Zahlen": no more precision than the source -------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_hedged_numbers_show_no_false_precision(soups, page):
    """ "rund 26,0" claims a tenth that a rounded input never had; "rund 2,0 km" likewise."""
    text = body_text(soups[page])
    words = "|".join(QUALIFIERS)
    false = re.findall(rf"\b(?:{words})[\s{NBSP}]+\d[\d.]*,\d*0(?!\d)", text)
    assert not false, f"{page}: hedged figures with trailing zero decimals: {false}"


@pytest.mark.parametrize("page", PAGES)
def test_no_qualifier_is_typed_before_a_hedged_figure(soups, page):
    """The hedge comes with the figure from the data; "rund rund 26" means a typed extra one."""
    doubled = []
    for span in soups[page].select("span.zahl"):
        before = span.previous_sibling
        before = before if isinstance(before, str) else ""
        own = span.get_text().split(NBSP)[0].split(" ")[0]
        typed = re.search(rf"\b({'|'.join(QUALIFIERS)})\s*$", before)
        if typed and own in QUALIFIERS + ("über", "unter"):
            doubled.append(f"{typed.group(1)} {span.get_text()}")
    assert not doubled, f"{page}: qualifier twice: {doubled}"


# --- STYLE.md "Einheiten": a number never parts from its unit ---------------------------------

UNIT_AFTER_SPACE = re.compile(
    r"\d (%|Prozentpunkte?n?\b|Prozent\b|Mrd\.|Mio\.|€|km\b|m\b|Mbit/s|Gbit/s|Minuten\b"
    r"|Einwohner\w*)"
    r"|\b(Mrd\.|Mio\.) €"
)


@pytest.mark.parametrize("page", PAGES)
def test_no_normal_space_between_number_and_unit(soups, page):
    text = body_text(soups[page])
    found = sorted({m.group(0) for m in UNIT_AFTER_SPACE.finditer(text)})
    assert not found, f"{page}: normal space before a unit (line break possible): {found}"


def test_figures_keep_their_units_on_one_line(soups):
    """Every {zahl} figure holds no normal space between number and unit."""
    broken = []
    for page, soup in soups.items():
        for span in soup.select("span.zahl"):
            text = span.get_text()
            for word in QUALIFIERS:
                text = text.removeprefix(word + " ")
            if " " in text:
                broken.append(f"{page}: {span.get_text()!r}")
    assert not broken, broken


# --- STYLE.md "Stand der Daten" ----------------------------------------------------------------


def test_every_summary_box_with_figures_ends_with_its_stand_line(soups):
    released = dt.date.fromisoformat(read_metadata()["date_released"])
    tables = zahlen.Tables()
    checked = 0
    for page, soup in soups.items():
        keys = zahl_keys(page)
        box = soup.select_one(f"div.admonition.{stand.BOX_CLASS}")
        if box is None or not keys:
            continue
        last = box.find_all("p", recursive=True)[-1]
        assert stand.LINE_CLASS in (last.get("class") or []), f"{page}: box has no Stand line"
        line = " ".join(last.get_text().split())
        expected = stand.stand_text(keys, tables, released)
        assert line == expected, f"{page}: {line!r} != {expected!r}"
        checked += 1
    assert checked >= 5, "fewer chapters with figures than expected"


def test_stand_line_leaves_forecasts_out_of_newest(monkeypatch):
    """A 2026 forecast quoted beside 2021 data must not make the chapter look current."""
    from test_fmt_derive import FakeTables, shares

    monkeypatch.setattr(zahlen, "NUMBERS", {
        "alt": zahlen.V("t", "share", "pct", key="alt"),
        "neu": zahlen.V("t", "share", "pct", key="neu"),
        "prognose": zahlen.V("t", "share", "pct", key="prognose"),
        "zukunft": zahlen.V("t", "share", "pct", key="zukunft"),
    })
    tables = FakeTables(t=shares(
        ("alt", 1.0, None, "2016-12-31", "Schätzung"),
        ("neu", 2.0, None, "2021-06-30", "Schätzung"),
        ("prognose", 3.0, None, "2026-12-31", "Prognose"),
        ("zukunft", 4.0, None, "2030-12-31", "Schätzung"),
    ))
    released = dt.date(2026, 11, 28)
    assert stand.stand_text(["alt", "neu", "prognose", "zukunft"], tables, released) == (
        "Stand der Daten: neueste Zahl Mitte 2021, älteste Ende 2016; Prognosen bis Ende 2030."
    )
    assert stand.stand_text(["neu"], tables, released) == "Stand der Daten: Mitte 2021."


# --- STYLE.md "Quellen": a German bibliography with honest dates ------------------------------


def test_bibliography_is_german_and_says_what_its_dates_mean(soups):
    from pybtex.database import parse_file

    soup = BeautifulSoup(str(soups["quellen"]), "html.parser")
    entries = [" ".join(e.get_text(" ").split()) for e in soup.select("div.citation")]
    bib = parse_file(str(paths.BOOK / "references.bib")).entries
    assert len(entries) == len(bib), "quellen: not every BibTeX entry is listed"
    for english in ("visited on", "Accessed", "accessed", "Retrieved", "URL:", "editors",
                    "Technical Report", "PhD thesis"):
        assert not [e for e in entries if english in e], f"quellen: English word {english!r}"
    dated = re.compile(r"Online: \S+ \((übernommen|abgerufen) am \d{1,2}\.\d{1,2}\.\d{4}\)")
    assert all(dated.search(e) for e in entries), "quellen: an address without its dated label"
    # "abgerufen am" only where the entry records a real retrieval (field "retrieved").
    retrieved = sum("retrieved" in entry.fields for entry in bib.values())
    assert sum("abgerufen am" in e for e in entries) == retrieved
    for cited in soup.select("div.citation"):
        cited.decompose()
    explained = body_text(soup)
    assert "„übernommen am“" in explained and "„abgerufen am“" in explained, (
        "quellen.md must say what both dates mean"
    )


# --- STYLE.md "Wörter": terms written one way, no English UI words ----------------------------

FORBIDDEN = {
    "Gigabitanschluss": "Gigabit-Anschluss",
    "Gigabitanschlüsse": "Gigabit-Anschlüsse",
    "Gigabitanschlüssen": "Gigabit-Anschlüssen",
    "Grundnetz": "Anschluss mit mindestens 50 Mbit/s",
    "visited on": "übernommen am / abgerufen am",
    "Read more": "Mehr dazu",
}


@pytest.mark.parametrize("page", PAGES)
def test_forbidden_words_stay_out_of_the_prose(soups, page):
    soup = BeautifulSoup(str(soups[page]), "html.parser")
    for cited in soup.select("div.citation, aside.footnote, .footnote-list"):
        cited.decompose()  # titles of sources keep their own words
    text = body_text(soup)
    text = re.sub(r"„[^“]*“", " ", text)  # quotations keep the source's own words
    found = [f"{bad!r} (write {good!r})" for bad, good in FORBIDDEN.items() if bad in text]
    assert not found, f"{page}: {found}"


def test_style_guide_lists_what_these_tests_hold():
    guide = (paths.BOOK / "STYLE.md").read_text(encoding="utf-8")
    for bad in FORBIDDEN:
        assert bad in guide, f"STYLE.md does not name the forbidden {bad!r}"
    assert "tests/test_style.py" in guide


# --- STYLE.md "Beträge", "Begriffe": one spelling, inclusive forms, named typologies ----------


def prose_outside_quotes(soup: BeautifulSoup) -> str:
    """Reader-visible prose without sources' titles and quotations (they keep their own words)."""
    soup = BeautifulSoup(str(soup), "html.parser")
    for cited in soup.select("div.citation, aside.footnote, .footnote-list"):
        cited.decompose()
    return re.sub(r"„[^“]*“", " ", body_text(soup))


@pytest.mark.parametrize("page", PAGES)
def test_amounts_are_written_mrd_and_mio_euro(soups, page):
    """ "20,4 Mrd. €", never "20,4 Milliarden Euro" or "Mrd. Euro": one spelling readers can scan.
    A number in words keeps the words ("über zwanzig Milliarden Euro"), as in German typesetting
    abbreviations follow digits only."""
    text = prose_outside_quotes(soups[page])
    found = re.findall(
        r"\d[\s\u00a0]+(?:Milliarden|Millionen)[\s\u00a0]+Euro\b|\b(?:Mrd|Mio)\.[\s\u00a0]+Euro\b"
        r"|\b(?:Milliarden|Millionen)[\s\u00a0]+€",
        text,
    )
    assert not found, f"{page}: write „Mrd. €“/„Mio. €“, not {sorted(set(found))}"


# Person nouns in the generic masculine and their paired form (STYLE.md "Gendergerecht").
# A size class after a number may stay short ("ab 20.000 Einwohnern").
MASCULINE = re.compile(
    r"(?<!innen und )(?<!innen oder )\b(Bürger|Einwohner|Ärzte|Ärzten|Nutzer|Mitarbeiter"
    r"|Pendler|Patienten|Kunden|Experten|Arbeitnehmer|Bewohner)\b(?![\s\u00a0](?:Zeitung|je\b))"
)


@pytest.mark.parametrize("page", [p for p in PAGES if p != "glossar"])
def test_person_nouns_use_the_paired_form(soups, page):
    text = prose_outside_quotes(soups[page])
    found = []
    for match in MASCULINE.finditer(text):
        before = text[max(0, match.start() - 12):match.start()]
        if match.group(1).startswith("Einwohner") and re.search(r"\d[\s\u00a0]$", before):
            continue  # a size class: "Gemeinden unter 20.000 Einwohnern"
        found.append(text[max(0, match.start() - 30):match.end() + 10].strip())
    assert not found, f"{page}: generic masculine, use the paired form: {found}"


def typology_words(key: str) -> tuple[str, ...] | None:
    """The words that name the Stadt/Land typology of a figure, or None if it has none.

    The typology follows from the data row: broadband by Gemeindeprägung (Breitbandatlas, up to
    2021) or by settlement density (DEGURBA, Gigabit-Grundbuch from 2022); reachability by the
    region types of its model (BBSR regions, Ballungsräume, Landgemeinden, Großstädte).
    """
    figure = zahlen.NUMBERS[key]
    if not isinstance(figure, zahlen.Value):
        return None
    if figure.table == "broadband" and figure.where.get("area") != "Deutschland":
        year = int(str(figure.where["ref_date"])[:4])
        return ("besiedelt",) if year >= 2022 else ("Gemeinde", "Städte", "Gemeindeprägung")
    region = figure.where.get("region_type", "")
    for marker, words in {
        "Regionen": ("Regionen",), "Ballungs": ("Ballungsr",), "Landgemeinden": ("Landgemeinde",),
        "Großstädte": ("Großstädt",),
    }.items():
        if figure.table == "reachability" and marker in region:
            return words
    return None


@pytest.mark.parametrize("page", [p for p in PAGES if p != "glossar"])
def test_every_stadt_land_figure_names_its_typology(page):
    """STYLE.md: "Stadt/Land: immer sagen, welche Typologie gemeint ist" – in the same paragraph
    or bullet as the figure, so a copied sentence keeps it."""
    text = (paths.BOOK / f"{page}.md").read_text(encoding="utf-8")
    blocks = re.split(r"\n\s*\n|\n(?=- )", text)
    missing = []
    for block in blocks:
        for key in re.findall(r"\{zahl\}`([^`]+)`", block):
            words = typology_words(key)
            if words and not any(word in block for word in words):
                missing.append(f"{key} (say {' / '.join(words)}): {block.strip()[:90]!r}")
    assert not missing, f"{page}: Stadt/Land figures without their typology: {missing}"


def test_typology_words_follow_the_data():
    assert typology_words("gigabit-land-2024") == ("besiedelt",)
    assert "Gemeinde" in typology_words("gigabit-land-2021")
    assert typology_words("kh-grund-land") == ("Regionen",)
    assert typology_words("markt-2017") is None
