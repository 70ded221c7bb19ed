"""The chapter text: figures come from data (never typed), every named figure resolves, and
no passage repeats the source article word for word."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from brief import data, fmt, paths, zahlen
from conftest import ROOT, toc_pages

CHAPTERS = [paths.BOOK / f"{p}.md" for p in toc_pages()]
VERBATIM = ROOT.parent / "shared" / "tools" / "verbatim_check.py"


def prose(path: Path) -> str:
    """The reader-visible text of a chapter, minus roles, code, comments, labels and URLs."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.S)  # front matter
    text = re.sub(r"```\{code-cell\}.*?```", "", text, flags=re.S)
    text = re.sub(r"\{[a-z:-]+\}`[^`]*`", " ", text)  # roles: {zahl}`…`, {ref}`…`, {footcite:p}`…`
    text = re.sub(r"^```\{[^}]+\}.*$", "", text, flags=re.M)  # directive lines and their
    text = re.sub(r"^:[a-z-]+:.*$", "", text, flags=re.M)  # options (figure names, classes)
    text = re.sub(r"^%.*$", "", text, flags=re.M)  # comments
    text = re.sub(r"^\([^)]*\)=$", "", text, flags=re.M)  # labels
    text = re.sub(r"https?://\S+", "", text)
    return text


def data_values() -> dict[str, set[str]]:
    """Every figure in data/, in the German spellings a hand-typed copy would use."""
    package = json.loads((paths.DATA / "datapackage.json").read_text(encoding="utf-8"))
    skip = {"year", "round", "rank", "min_population", "bandwidth_mbit"}
    found: dict[str, set[str]] = {}
    for res in package["resources"]:
        frame = data.load(res["name"])
        key = res["schema"].get("primaryKey", [])
        key = [key] if isinstance(key, str) else key
        for field in res["schema"]["fields"]:
            name = field["name"]
            if field["type"] not in ("number", "integer") or name in skip or name in key:
                continue
            for value in frame[name].dropna():
                value = float(value)
                if value.is_integer() and value < 10:
                    continue  # "drei Staffeln", "Art. 2": too short to tell apart from prose
                spellings = {fmt.number(value, 0)} if value.is_integer() else {
                    fmt.number(value, 1), fmt.number(value, 2)
                }
                for s in spellings:
                    found.setdefault(s, set()).add(f"{res['name']}.{name}")
    return found


def test_chapters_exist():
    assert all(p.exists() for p in CHAPTERS)


# The glossary defines terms (thresholds such as "100 Einwohner je km²", worked examples of
# percentage points); it quotes no data figure, so it is not scanned.
SCANNED = [p for p in CHAPTERS if p.stem != "glossar"]


@pytest.mark.parametrize("chapter", SCANNED, ids=lambda p: p.stem)
def test_no_hand_typed_data_figure_in_the_text(chapter):
    text = prose(chapter)
    typed = []
    for spelling, where in data_values().items():
        # Not a data figure: article/paragraph numbers of laws (Art. 28, § 31), bandwidth classes.
        pattern = (
            rf"(?<![\d.,\w])(?<!Art\. )(?<!Abs\. )(?<!Artikel )(?<!Absatz )(?<!§ )"
            rf"{re.escape(spelling)}(?![\d]|,\d|\.\d|\s*Mbit)"
        )
        for match in re.finditer(pattern, text):
            # Not a data figure either: a travel-time threshold that defines a measure
            # ("in 15 Minuten erreichbar"), like the bandwidth classes above.
            if re.match(r"\s*(Pkw-|Auto)?[Mm]inuten", text[match.end():]) and re.search(
                r"\b(in|innerhalb von)\s$", text[: match.start()]
            ):
                continue
            # Nor the day of a date ("bis zum 31. März 2028").
            if re.match(r"\.\s(Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|"
                        r"November|Dezember)\b", text[match.end():]):
                continue
            line = text[: match.start()].count("\n") + 1
            typed.append(
                f"{chapter.name}:{line}: '{spelling}' (in {sorted(where)[0]}); use {{zahl}}"
            )
    assert typed == []


def test_every_zahl_role_names_a_known_figure():
    used = set()
    for chapter in CHAPTERS:
        used |= set(re.findall(r"\{zahl\}`([^`]+)`", chapter.read_text(encoding="utf-8")))
    assert used, "the chapters quote no data figure"
    assert sorted(used - set(zahlen.NUMBERS)) == []



def test_unknown_figure_is_a_clear_error():
    with pytest.raises(zahlen.NumberError, match="unknown figure 'nope'"):
        zahlen.render("nope")


@pytest.mark.skipif(
    not VERBATIM.exists(), reason="shared/tools/verbatim_check.py not beside the repo"
)
def test_no_passage_repeats_the_source_article():
    done = subprocess.run(
        [sys.executable, str(VERBATIM), str(paths.BOOK)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
