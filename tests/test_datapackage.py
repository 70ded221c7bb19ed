"""data/datapackage.json is a valid Frictionless Data Package and agrees with the bibliography.

(b) the package is described fully (units, constraints, sources); brief.data validates it with
    Frictionless (tests/test_data_errors.py);
(c) every source has a BibTeX entry in book/references.bib (key = source_id) and vice versa, and
    every source is used by at least one table row (except the article, which the prose cites).
"""
from __future__ import annotations

import json
import re

import pybtex.database
import pytest

from brief import data, fmt, paths

PACKAGE = paths.DATA / "datapackage.json"
BIB = paths.BOOK / "references.bib"
ARTICLE = "korkmaz-2019-demo"
# A unit in parentheses: "(Jahr)", "(%)", "(Mrd. €)", "(Anzahl Projekte)", ...
CITE = re.compile(r"\{(?:foot)?cite(?::\w+)?\}`([^`]+)`")
UNIT = re.compile(r"\((Jahr|%|Mbit/s|Anzahl[^)]*|Punkte|Einwohner|Mrd\. €|Mio\. €)\)")


@pytest.fixture(scope="module")
def package() -> dict:
    return json.loads(PACKAGE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bib():
    return pybtex.database.parse_file(str(BIB))


# ------------------------------------------------------------------------------------------------
# The descriptor itself
# ------------------------------------------------------------------------------------------------


def test_package_metadata(package):
    assert package["name"] == "souveraene-smart-city-daten"
    assert package["title"]
    assert [lic["name"] for lic in package["licenses"]] == ["CC-BY-4.0"]
    assert package["contributors"] and all(c.get("title") for c in package["contributors"])


def test_every_csv_is_a_resource(package):
    listed = {r["path"] for r in package["resources"]}
    on_disk = {p.name for p in paths.DATA.glob("*.csv")}
    assert listed == on_disk
    for res in package["resources"]:
        assert res["path"] == f"{res['name']}.csv"
        assert (res["format"], res["encoding"]) == ("csv", "utf-8")


def test_every_field_is_described_with_a_unit_and_constrained(package):
    for res in package["resources"]:
        schema = res["schema"]
        assert schema["missingValues"] == [""], res["name"]
        assert schema["primaryKey"], res["name"]
        for field in schema["fields"]:
            where = f"{res['name']}.{field['name']}"
            assert field["type"] in {"integer", "number", "string", "date", "boolean"}, where
            # The description names the unit ("ohne Einheit" for text and categories).
            assert "Einheit" in field["description"] or UNIT.search(field["description"]), where
            assert "required" in field["constraints"], where
            if field["type"] == "boolean":
                assert (field["trueValues"], field["falseValues"]) == (["true"], ["false"]), where
            if field["name"].endswith("source_id"):
                assert field["constraints"]["pattern"] == "^[a-z0-9-]+$", where
            if field["name"] in {"qualifier"} or field["name"].endswith("_qualifier"):
                # The three signs everywhere; the sources' words ("knapp") where a table needs them,
                # and only words that brief.fmt can print.
                enum = field["constraints"]["enum"]
                assert enum[:3] == [">", "<", "≈"], where
                assert set(enum) <= set(fmt.QUALIFIER_WORDS) - {""}, where


def test_every_table_refers_to_sources(package):
    for res in package["resources"]:
        if res["name"] == "sources":
            assert "foreignKeys" not in res["schema"]
            continue
        names = [f["name"] for f in res["schema"]["fields"]]
        assert names[-2:] == ["source_id", "note"], res["name"]
        keys = {tuple(fk["fields"]): fk["reference"] for fk in res["schema"]["foreignKeys"]}
        assert keys[("source_id",)] == {"resource": "sources", "fields": ["source_id"]}, res["name"]


# ------------------------------------------------------------------------------------------------
# (c) Sources and bibliography
# ------------------------------------------------------------------------------------------------


def test_bibliography_parses_and_matches_sources(bib):
    sources = set(data.load("sources")["source_id"])
    keys = set(bib.entries)
    assert sources - keys == set(), "sources.csv rows without a BibTeX entry"
    assert keys - sources == set(), "BibTeX entries without a sources.csv row"


def test_bibliography_entries_carry_url_date_and_grade(bib):
    sources = data.load("sources").set_index("source_id")
    for key, entry in bib.entries.items():
        fields = entry.fields
        assert fields["url"] == sources.loc[key, "url"], key
        # urldate is the day the source was read, as sources.csv records it.
        assert fields["urldate"] == sources.loc[key, "accessed"].date().isoformat(), key
        assert fields.get("title"), key
        if key == ARTICLE:
            assert entry.type == "article"
            assert fields["journaltitle"].startswith("DEMO")
            assert fields["issue"] == "03/04" and fields["year"] == "2019"
            assert "urn:nbn:de:kobv:109-1-15364465" in fields["note"]
            assert entry.persons["author"][0].last_names == ["Korkmaz"]
        else:
            assert entry.type == "misc", key
            assert f"Einstufung {sources.loc[key, 'grade']} " in fields["note"], key
            quoted = isinstance(sources.loc[key, "quoted_from"], str)
            if sources.loc[key, "role"] == "zitiert" and quoted:
                assert "zitiert nach" in fields["note"], key


def cited_in_prose() -> set[str]:
    """Keys the chapters cite with {cite...}/{footcite...} roles."""
    keys: set[str] = set()
    for page in paths.BOOK.rglob("*.md"):
        for match in CITE.finditer(page.read_text(encoding="utf-8")):
            keys |= {k.strip() for k in match[1].split(",") if k.strip()}
    return keys


def test_every_source_is_used_by_a_table_row():
    """No orphan sources: each backs a table row, or (like the article) is cited in the prose."""
    used: set[str] = set()
    for name in data.resource_names():
        if name == "sources":
            continue
        frame = data.load(name)
        for column in frame.columns:
            if column.endswith("source_id"):
                used |= set(frame[column].dropna())
    sources = data.load("sources").set_index("source_id")
    prose_only = set(sources.index) - used
    assert ARTICLE in prose_only
    assert prose_only <= cited_in_prose(), "sources neither used by a table row nor cited in book/"
    for key in prose_only - {ARTICLE}:
        assert sources.loc[key, "note"].startswith("Nur im Text zitiert"), key


def test_every_key_the_prose_cites_is_in_the_bibliography(bib):
    assert cited_in_prose() - set(bib.entries) == set()


def test_readme_row_counts_are_current():
    """data/README.md lists the rows per table; keep it in step with the files."""
    readme = (paths.DATA / "README.md").read_text(encoding="utf-8")
    listed = {m[1]: int(m[2]) for m in re.finditer(r"^\| `(\w+)\.csv` \| (\d+) \|", readme, re.M)}
    assert listed == data.validate_package()


def test_readme_grade_table_lists_every_source_under_its_grade():
    """The grade table in data/README.md tells a reader how trustworthy each source is; a source
    added to sources.csv but missing there, or listed under the wrong grade, misinforms."""
    readme = (paths.DATA / "README.md").read_text(encoding="utf-8")
    sources = data.load("sources")
    rows = re.findall(r"^\| (A-|A|B|C) \| (\d+) \| (.*) \|$", readme, re.M)
    assert {grade for grade, _, _ in rows} == set(sources["grade"])
    for grade, count, listed in rows:
        expected = set(sources.loc[sources["grade"] == grade, "source_id"])
        assert set(re.findall(r"`([^`]+)`", listed)) == expected, grade
        assert int(count) == len(expected), grade
