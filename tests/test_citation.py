"""Citing the book: cite boxes, reference-manager and preview tags, canonical URL, sitemap,
footer, and a build that depends on the commit, not on the clock.

Every value is checked against the one metadata source (CITATION.cff via read_metadata) and
the build date (last commit or SOURCE_DATE_EPOCH), as parsed from the built pages.
"""
from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from pybtex.database import parse_string

from brief import metadata
from brief.metadata import read_metadata
from brief.sphinxext import citeformats, metatags
from conftest import ROOT, toc_pages

PAGES = toc_pages()
ROOT_PAGE = PAGES[0]
CHAPTERS = PAGES[1:]
META = read_metadata()


class Parsed:
    """Meta tags, canonical link, h1 text and ids of one built page."""

    def __init__(self, text: str):
        soup = BeautifulSoup(text, "html.parser")
        self.meta: dict[str, list[str]] = {}
        for tag in soup.find_all("meta"):
            key = tag.get("name") or tag.get("property")
            if key:
                self.meta.setdefault(key, []).append(tag.get("content", ""))
        self.canonical = [t.get("href") for t in soup.find_all("link", rel="canonical")]
        self.lang = soup.html.get("lang") if soup.html else None
        self.ids: set[str] = {t["id"] for t in soup.find_all(id=True)}
        h1 = soup.find("h1")
        for skip in h1.select(".section-number, .headerlink") if h1 else []:
            skip.decompose()
        self.h1 = h1.get_text() if h1 else ""

    def one(self, key: str) -> str:
        values = self.meta.get(key, [])
        assert len(values) == 1, f"{key}: expected one tag, found {values}"
        return values[0]


def page_html(site: Path, page: str) -> str:
    return (site / f"{page}.html").read_text(encoding="utf-8")


def parse(site: Path, page: str) -> Parsed:
    return Parsed(page_html(site, page))


def soup_of(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html.parser")


def cite_section(text: str, anchor: str) -> Tag:
    """The section with id ``anchor`` (or the section around the element with that id)."""
    found = soup_of(text).find(id=anchor)
    assert found is not None, f"no #{anchor}"
    return found if found.name == "section" else found.find_parent("section")


def plain(fragment: str | Tag) -> str:
    """The text a reader sees, whitespace collapsed."""
    tag = soup_of(fragment) if isinstance(fragment, str) else fragment
    return " ".join(tag.get_text().split())


@pytest.fixture(scope="module")
def day(site) -> date:
    """The build date the pages carry (commit date, or SOURCE_DATE_EPOCH)."""
    return metadata.build_date()


# --------------------------------------------------------------------------- build date


def test_build_date_prefers_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert metadata.build_date() == date(2023, 11, 14)


def test_build_date_is_the_last_commit_without_source_date_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    done = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip("not a git checkout")
    expected = datetime.fromtimestamp(int(done.stdout), tz=timezone.utc).date()
    assert metadata.build_date() == expected


def test_build_date_falls_back_to_date_released_outside_git(monkeypatch, tmp_path):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    (tmp_path / "CITATION.cff").write_bytes((ROOT / "CITATION.cff").read_bytes())
    assert metadata.build_date(tmp_path) == date.fromisoformat(META["date_released"])


# --------------------------------------------------------------------------- meta tags


@pytest.mark.parametrize("page", PAGES)
def test_highwire_and_dublin_core_tags_match_the_metadata(site, day, page):
    parsed = parse(site, page)
    is_root = page == ROOT_PAGE
    chapter_title = " ".join(parsed.h1.split())
    url = f"{META['url']}{page}.html"
    pdf = f"{META['url']}pdf/{'souveraene-smart-city' if is_root else page}.pdf"
    title = META["title"] if is_root else chapter_title
    assert chapter_title
    assert parsed.one("citation_title") == title
    assert [zotero_creator(a) for a in parsed.meta["citation_author"]] == [
        {"lastName": a, "firstName": None} for a in META["authors"]
    ]
    assert parsed.one("citation_publication_date") == day.strftime("%Y/%m/%d")
    assert parsed.one("citation_publisher") == META["authors"][0]
    assert parsed.one("citation_language") == "de" == parsed.lang
    assert parsed.one("citation_public_url") == url
    assert parsed.one("citation_pdf_url") == pdf
    assert parsed.one("DC.title") == title
    assert parsed.meta["DC.creator"] == META["authors"]
    assert parsed.one("DC.date") == day.isoformat()
    assert parsed.one("DC.publisher") == META["authors"][0]
    assert parsed.one("DC.language") == "de"
    assert parsed.one("DC.identifier") == url
    assert parsed.one("DC.rights") == META["license"]
    assert parsed.one("DC.type") == "Text"
    # The whole-book record only on the start page; chapters name the book they belong to.
    if is_root:
        assert "citation_inbook_title" not in parsed.meta
        assert parsed.one("DC.description") == META["abstract"]
        assert parsed.one("citation_abstract") == META["abstract"]
        assert parsed.one("og:type") == "book"
    else:
        assert chapter_title != META["title"]
        assert parsed.one("citation_inbook_title") == META["title"]
        assert parsed.one("DC.relation.isPartOf") == META["title"]
        assert "citation_abstract" not in parsed.meta and "DC.description" not in parsed.meta
        assert parsed.one("og:type") == "article"


def zotero_creator(value: str) -> dict:
    """How Zotero's "Embedded Metadata" translator turns one citation_author value into a
    creator, restated from zotero/translators "Embedded Metadata.js" (processHighwireCreators,
    2024-06-13) and zotero/utilities utilities.js (cleanAuthor): a value with a comma is read
    as "Last, First" after trailing punctuation is trimmed; without a comma the last word is the
    last name. (A single value is split into several authors only when both sides of a comma
    contain a space.)"""
    parts = [p.strip() for p in value.split(",")]
    assert not (len(parts) > 1 and " " in parts[0] and " " in parts[1]), "read as two authors"
    trimmed = re.sub(r"[\s.,/\[\]:]+$", "", re.sub(r"^[\s.,/\[\]:]+", "", value))
    if "," in value:
        last, _, first = trimmed.partition(",")
        return {"lastName": last.strip(), "firstName": first.strip() or None}
    first, _, last = trimmed.rpartition(" ")
    return {"lastName": last, "firstName": first or None}


def test_zotero_reads_the_corporate_author_as_one_name():
    # Without the trailing comma the editors' name was split like a person's name.
    assert zotero_creator("Redaktion Souveräne Smart City") == {
        "lastName": "City", "firstName": "Redaktion Souveräne Smart"}
    assert metatags.highwire_authors({"authors": ["Redaktion Souveräne Smart City"]}) == [
        "Redaktion Souveräne Smart City,"]
    assert zotero_creator("Redaktion Souveräne Smart City,") == {
        "lastName": "Redaktion Souveräne Smart City", "firstName": None}
    person = {"authors": ["Elvan Korkmaz"],
              "author_entries": [{"family-names": "Korkmaz", "given-names": "Elvan"}]}
    assert [zotero_creator(a) for a in metatags.highwire_authors(person)] == [
        {"lastName": "Korkmaz", "firstName": "Elvan"}]


@pytest.mark.parametrize("page", PAGES)
def test_ris_and_csl_json_downloads_describe_the_page(site, day, page):
    import json

    is_root = page == ROOT_PAGE
    parsed = parse(site, page)
    url = META["url"] if is_root else f"{META['url']}{page}.html"
    stem = "souveraene-smart-city" if is_root else page
    html_text = (site / f"{page}.html").read_text(encoding="utf-8")
    assert f'href="zitat/{stem}.ris"' in html_text and f'href="zitat/{stem}.json"' in html_text
    ris = (site / "zitat" / f"{stem}.ris").read_bytes().decode("utf-8")
    fields = [line.split("  - ", 1) for line in ris.split("\r\n") if line]
    assert fields[0] == ["TY", "BOOK" if is_root else "CHAP"] and fields[-1] == ["ER", ""]
    record = dict(f for f in fields if len(f) == 2)
    assert record["UR"] == url and record["PY"] == str(day.year)
    assert record["TI"] == (META["title"] if is_root else " ".join(parsed.h1.split()))
    assert [v for k, v in fields if k == "AU"] == META["authors"]
    (item,) = json.loads((site / "zitat" / f"{stem}.json").read_text(encoding="utf-8"))
    assert item["type"] == ("book" if is_root else "chapter")
    assert item["URL"] == url and item["issued"]["date-parts"] == [[day.year, day.month, day.day]]
    assert item["author"] == [{"literal": a} for a in META["authors"]]
    if not is_root:
        assert item["container-title"] == META["title"]
        assert item["title"] == " ".join(parsed.h1.split())


def zotero_ris_import(text: str) -> dict:
    """The Zotero item that Zotero's RIS import makes of one record, restated for the tags the
    book writes from zotero/translators RIS.js (processTag, fieldMap): TY BOOK/CHAP become
    book/bookSection; TI title; T2 bookTitle of a bookSection; ET edition; PB publisher; UR
    url; LA language; DA date; AU is split at commas into lastName, firstName, and a value
    without a comma becomes a one-field name (fieldMode 1)."""
    fields = [line.split("  - ", 1) for line in text.split("\r\n") if line]
    item = {"itemType": {"BOOK": "book", "CHAP": "bookSection"}[fields[0][1]], "creators": []}
    simple = {"TI": "title", "ET": "edition", "PB": "publisher", "UR": "url", "LA": "language",
              "DA": "date"}
    for tag, value in (f for f in fields[1:] if len(f) == 2):
        if tag == "AU":
            parts = [p.strip() for p in value.split(",")]
            creator = {"lastName": parts[0], "creatorType": "author"}
            if len(parts) > 1:
                creator["firstName"] = parts[1]
            else:
                creator["fieldMode"] = 1
            item["creators"].append(creator)
        elif tag == "T2" and item["itemType"] == "bookSection":
            item["bookTitle"] = value
        elif tag in simple:
            item[simple[tag]] = value
    return item


def zotero_csl_import(record: dict) -> dict:
    """The Zotero item type and creators that Zotero makes of a CSL-JSON record, restated from
    zotero/utilities utilities_item.js (itemFromCSLJSON): a "book" that has a "version" is
    imported as a computerProgram; "chapter" is a bookSection; a "literal" name becomes a
    one-field name (fieldMode 1), family/given a two-field name."""
    kind = {"book": "book", "chapter": "bookSection"}[record["type"]]
    if record["type"] == "book" and record.get("version"):
        kind = "computerProgram"
    creators = []
    for name in record.get("author", []):
        if name.get("family") or name.get("given"):
            creators.append(
                {"lastName": name.get("family", ""), "firstName": name.get("given", "")})
        elif name.get("literal"):
            creators.append({"lastName": name["literal"], "fieldMode": 1})
    return {"itemType": kind, "creators": creators}


@pytest.mark.parametrize("page", [ROOT_PAGE, "markt"])
def test_zotero_imports_ris_and_csl_json_as_book_or_chapter_with_one_corporate_author(
    site, page
):
    import json

    is_root = page == ROOT_PAGE
    stem = "souveraene-smart-city" if is_root else page
    ris = zotero_ris_import((site / "zitat" / f"{stem}.ris").read_bytes().decode("utf-8"))
    csl = zotero_csl_import(
        json.loads((site / "zitat" / f"{stem}.json").read_text(encoding="utf-8"))[0])
    kind = "book" if is_root else "bookSection"
    corporate = [{"lastName": a, "fieldMode": 1} for a in META["authors"]]
    assert ris["itemType"] == csl["itemType"] == kind
    assert [{k: c[k] for k in ("lastName", "fieldMode") if k in c} for c in ris["creators"]] \
        == corporate
    assert csl["creators"] == corporate
    assert ris["edition"] == f"Version {META['version']}"
    if not is_root:
        assert ris["bookTitle"] == META["title"]


def test_ris_writes_persons_family_first_and_refuses_a_comma_in_an_organisation():
    day = metadata.build_date()
    person = {**META, "authors": ["Elvan Korkmaz"],
              "author_entries": [{"family-names": "Korkmaz", "given-names": "Elvan"}]}
    item = zotero_ris_import(citeformats.ris(person, day, "markt", "Markt"))
    assert item["creators"] == [
        {"lastName": "Korkmaz", "firstName": "Elvan", "creatorType": "author"}]
    broken = {**META, "authors": ["Stadt Köln, Amt für Digitales"],
              "author_entries": [{"name": "Stadt Köln, Amt für Digitales"}]}
    with pytest.raises(ValueError, match="comma"):
        citeformats.ris(broken, day, None, None)


def test_only_book_pages_carry_citation_records(site):
    others = sorted(p.stem for p in site.glob("*.html") if p.stem not in PAGES)
    assert others, "expected the search and index pages"
    for page in others:
        assert "citation_title" not in parse(site, page).meta, page


@pytest.mark.parametrize("page", PAGES)
def test_canonical_and_preview_tags(site, page):
    parsed = parse(site, page)
    text = page_html(site, page)
    url = f"{META['url']}{page}.html"
    assert parsed.canonical == [url]
    assert parsed.one("og:url") == url
    assert parsed.one("og:title") == parsed.one("citation_title") == parsed.one("twitter:title")
    assert parsed.one("og:site_name") == META["title"]
    # The description is the key-points box's first bullet, as plain text, without footnote marks.
    soup = soup_of(text)
    first_item = soup.select_one(".kernaussagen li")
    for mark in first_item.select(".footnote-reference"):
        mark.decompose()
    first = re.sub(r"\s+([.,;:!?])", r"\1", plain(first_item))
    description = parsed.one("og:description")
    assert description and "<" not in description
    shortened = description.endswith(" …") and first.startswith(description[:-2])
    assert description == first or shortened
    assert parsed.one("description") == description == parsed.one("twitter:description")
    # The image: the page's lead chart (or the start page's), served by the site itself.
    image = parsed.one("og:image")
    assert image == parsed.one("twitter:image") and image.startswith(META["url"] + "_static/og/")
    served = site / image.removeprefix(META["url"])
    assert served.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", image
    lead = soup.find(attrs={"data-chart": True}) or soup_of(page_html(site, ROOT_PAGE)).find(
        attrs={"data-chart": True}
    )
    assert served.name == f"{lead['data-chart']}.png"
    assert parsed.one("twitter:card") == "summary_large_image"


def test_sitemap_lists_every_page_under_the_base_url(site, day):
    tree = ET.parse(site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in tree.findall("s:url/s:loc", ns)]
    lastmods = {e.text for e in tree.findall("s:url/s:lastmod", ns)}
    assert locs == [f"{META['url']}{p}.html" for p in PAGES]
    assert lastmods == {day.isoformat()}
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {META['url']}sitemap.xml" in robots


# --------------------------------------------------------------------------- cite boxes


def bibtex_of(section: Tag):
    block = section.select_one(".brief-cite-bibtex pre")
    assert block, "no BibTeX block"
    entries = parse_string(block.get_text(), "bibtex").entries
    assert len(entries) == 1
    return next(iter(entries.values()))


def unbrace(value: str) -> str:
    return value.replace("{", "").replace("}", "")


def check_bibtex(entry, day: date, url: str, title: str, booktitle: str | None):
    assert entry.type == ("book" if booktitle is None else "incollection")
    assert [unbrace(str(p)) for p in entry.persons["author"]] == META["authors"]
    assert unbrace(entry.fields["title"]) == title
    if booktitle is not None:
        assert unbrace(entry.fields["booktitle"]) == booktitle
    assert entry.fields["year"] == str(day.year)
    assert entry.fields["date"] == day.isoformat()
    assert entry.fields["version"] == META["version"]
    assert entry.fields["url"] == url
    assert entry.fields["publisher"] == META["authors"][0]


@pytest.mark.parametrize("page", CHAPTERS)
def test_every_chapter_has_a_cite_box(site, day, page):
    text = page_html(site, page)
    parsed = Parsed(text)
    title = " ".join(parsed.h1.split())
    url = f"{META['url']}{page}.html"
    section = cite_section(text, citeformats.CHAPTER_ANCHOR)
    words = plain(section)
    assert "So zitieren Sie dieses Kapitel" in words
    version = f"Version {META['version']}"
    for needed in (title, META["title"], version, metadata.german_date(day), url):
        assert needed in words, f"{page}: cite box lacks {needed!r}"
    assert all(a in words for a in META["authors"])
    check_bibtex(bibtex_of(section), day, url, title, META["title"])
    # Each figure is cited with its own stable anchor; the page links its PDF.
    for figure in sorted(i for i in parsed.ids if i.startswith("abb-")):
        assert f"{url}#{figure}" in words, f"{page}: no citation for #{figure}"
    assert section.find("a", href=f"pdf/{page}.pdf") and "Als PDF herunterladen" in words
    # In the page's table of contents, so readers find it.
    assert f'href="#{citeformats.CHAPTER_ANCHOR}"' in text


def test_start_page_cites_the_book_and_each_thesis_by_anchor(site, day):
    text = page_html(site, ROOT_PAGE)
    section = cite_section(text, citeformats.BOOK_ANCHOR)
    words = plain(section)
    assert "So zitieren Sie dieses Buch" in words
    assert f"Version {META['version']} vom {metadata.german_date(day)}" in words
    check_bibtex(bibtex_of(section), day, META["url"], META["title"], None)
    theses = sorted({t["id"] for t in soup_of(text).find_all(id=re.compile(r"^these-\d+$"))})
    assert theses
    for anchor in theses:
        assert f"{META['url']}{ROOT_PAGE}.html#{anchor}" in words
    assert citeformats.CHAPTER_ANCHOR not in text


def test_zitieren_page_shows_the_whole_book_citation_and_addresses_from_the_metadata(site, day):
    text = page_html(site, "zitieren")
    book_box = cite_section(text, "zitieren-buch")
    check_bibtex(bibtex_of(book_box), day, META["url"], META["title"], None)
    assert f"{META['url']}raum.html#raum-gigabit" in plain(text)
    # The base URL is typed only in CITATION.cff.
    source = (ROOT / "book" / "zitieren.md").read_text(encoding="utf-8")
    assert META["url"] not in source and "github.io" not in source


def test_copy_script_is_on_every_page(site):
    for page in PAGES:
        assert "_static/brief-cite.js" in page_html(site, page), page


# --------------------------------------------------------------------------- footer, versions


def test_footer_shows_version_and_build_date_on_every_page(site, day):
    for path in sorted(site.glob("*.html")):
        soup = soup_of(path.read_text(encoding="utf-8"))
        release = soup.select_one("p.brief-release")
        assert release, path.name
        expected = f"Version {META['version']} vom {metadata.german_date(day)}"
        assert expected in plain(release), path.name
        # Issue 9.12: the repository (CITATION.cff repository-code) from every page footer.
        repo = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
        assert release.find("a", href=repo["repository-code"]), path.name
        # Sphinx's own "last updated" line follows the same date (SOURCE_DATE_EPOCH).
        updated = soup.select_one(".last-updated")
        if updated:
            assert metadata.german_date(day) in plain(updated), path.name


def test_build_it_yourself_links_the_repository(site):
    """Issue 9.12: "Das Buch selbst bauen" links the address from CITATION.cff, so a rebuilder
    finds the sources without searching."""
    repo = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))["repository-code"]
    soup = soup_of((site / "methodik.html").read_text(encoding="utf-8"))
    heading = next(h for h in soup.find_all("h2") if "selbst bauen" in plain(h))
    section = heading.find_parent("section")
    assert section.find("a", href=repo), "no repository link in 'Das Buch selbst bauen'"


def test_changelog_has_a_section_for_the_current_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog
    heading = rf"^## \[{re.escape(META['version'])}\] – \d{{4}}-\d{{2}}-\d{{2}}$"
    assert re.search(heading, changelog, re.M)


def test_start_page_says_what_is_new_in_this_version(site):
    """One line on the start page, with version and date from CITATION.cff."""
    text = plain((site / "index.html").read_text(encoding="utf-8"))
    released = metadata.german_date(date.fromisoformat(META["date_released"]))
    assert f"Neu in Version {META['version']} vom {released}:" in text


def test_same_commit_gives_the_same_html(site, second_build):
    """A second build with the same SOURCE_DATE_EPOCH writes byte-identical pages. The second
    build takes the cells' outputs from the first one's notebook cache, so this checks every
    step after the cells; that the cells' own output (the chart HTML) is the same in another
    process is tests/test_charts.py::test_two_builds_give_identical_chart_html."""
    out, _, _ = second_build
    again = out / "_build" / "html"
    differ = [
        name for name in [f"{p}.html" for p in PAGES] + ["sitemap.xml", "robots.txt"]
        if (again / name).read_bytes() != (site / name).read_bytes()
    ]
    assert differ == []


def test_config_registers_the_extension_after_brief_sphinx():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    extensions = config["sphinx"]["extra_extensions"]
    assert extensions.index("brief.sphinxext.cite") > extensions.index("brief.sphinxext.core")


# --------------------------------------------------------------------------- in the browser


def test_copy_buttons_and_print_preparation_work_in_chromium(server, chromium):
    """Copy BibTeX with the clipboard API; select the text where the clipboard is refused;
    open every <details> before printing and close them again after; no console error."""
    context = chromium.new_context(locale="de-DE")
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page = context.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{server}/markt.html", wait_until="load")
        box = page.locator(f"#{citeformats.CHAPTER_ANCHOR} .brief-cite")
        box.get_by_role("button", name="BibTeX kopieren").click()
        page.wait_for_function("() => document.querySelector('.brief-cite-status').textContent")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("@incollection{") and f"{META['url']}markt.html" in copied
        assert box.locator(".brief-cite-status").inner_text() == "Kopiert."
        # Without the clipboard API the text is selected for Ctrl+C.
        page.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
        box.get_by_role("button", name="Zitat kopieren").click()
        selected = page.evaluate("String(window.getSelection())")
        assert selected.startswith(META["authors"][0]) and "Version" in selected
        assert "Strg+C" in box.locator(".brief-cite-status").inner_text()
        closed = page.evaluate("document.querySelectorAll('details:not([open])').length")
        assert closed > 0
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        assert page.evaluate("document.querySelectorAll('details:not([open])').length") == 0
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
        reclosed = page.evaluate("document.querySelectorAll('details:not([open])').length")
        assert reclosed == closed
        assert errors == []
    finally:
        context.close()
