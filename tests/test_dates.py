"""Every figure people quote says when it was true (issue 8, outcome 2; book/STYLE.md "Datum").

What readers copy into a discussion are the "Das Wichtigste in Kürze" boxes, the theses, the
Kernsätze and the chart subtitles. A figure there without its reference date reads as today's
("22,9 % der ländlichen Haushalte" in late 2026 for a mid-2021 value). So each bullet or
Kernsatz that quotes a ``{zahl}`` figure names the year of that figure's data row
(``brief.zahlen.ref_dates``), and each chart subtitle with a number names a year.

Checked on the chapter sources, where each figure is still known by its key: the year must be
written next to the figure in the same bullet, not only in the bold origin marker
("**Artikel (2019):**" names the article's year, not the figure's).
"""
from __future__ import annotations

import re

import pytest

from brief import charts, paths, zahlen
from conftest import toc_pages

MARKER = re.compile(r"\*\*(Artikel \(2019\)|Ergänzung):\*\*")
ZAHL = re.compile(r"\{zahl\}`([^`]+)`")
DATUM = re.compile(r"\{datum\}`([^`]+)`")
YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")


def quoted_items(page: str) -> list[tuple[str, str]]:
    """(where, text) of every box bullet, thesis bullet and Kernsatz of a chapter source."""
    text = (paths.BOOK / f"{page}.md").read_text(encoding="utf-8")
    items: list[tuple[str, str]] = []
    box = re.search(r":::\{admonition\} Das Wichtigste in Kürze\n(.*?)\n:::", text, re.S)
    if box:
        lines = box.group(1).splitlines()
        items += [(f"{page} box", line) for line in lines if line.startswith("- ")]
    for number, body in re.findall(r"\n## These (\d+):.*?\n(.*?)(?=\n\(|\n## )", text, re.S):
        lines = body.splitlines()
        items += [(f"These {number}", line) for line in lines if line.startswith("- ")]
    for block in re.findall(r":::\{kernsatz\}\n(.*?)\n:::", text, re.S):
        sentence = "\n".join(ln for ln in block.splitlines() if not ln.startswith(":"))
        items.append((f"{page} Kernsatz", sentence))
    return items


def undated(where: str, item: str, tables: zahlen.Tables) -> list[str]:
    """Figures in ``item`` whose reference year is not written in it."""
    words = MARKER.sub("", item)
    years_written = {m.group(0) for m in YEAR.finditer(ZAHL.sub("", DATUM.sub("", words)))}
    # A date written by the {datum} role comes from the row itself: "{datum}`x`" -> "Ende 2024".
    for key in DATUM.findall(words):
        years_written |= {str(ref.when.year) for ref in zahlen.ref_dates(key, tables)}
    missing = []
    for key in ZAHL.findall(words):
        years = {str(ref.when.year) for ref in zahlen.ref_dates(key, tables)}
        if not years & years_written:
            missing.append(
                f"{where}: {{zahl}}`{key}` (data of {'/'.join(sorted(years))}) without its year "
                f"in {words.strip()[:80]!r}"
            )
    return missing


@pytest.mark.parametrize("page", toc_pages())
def test_every_quoted_figure_states_its_reference_year(page):
    tables = zahlen.Tables()
    items = quoted_items(page)
    found = [problem for where, item in items for problem in undated(where, item, tables)]
    assert not found, "\n".join(found)


def test_the_checker_sees_boxes_theses_and_kernsaetze():
    """The parser must find what it checks, or the test above would pass on nothing."""
    index = quoted_items("index")
    assert sum(where == "index box" for where, _ in index) >= 5
    assert {where for where, _ in index} >= {f"These {n}" for n in range(1, 9)}
    assert sum(where == "index Kernsatz" for where, _ in index) == 8
    assert sum(1 for page in toc_pages() for where, _ in quoted_items(page) if "box" in where) > 25


def test_an_undated_figure_is_found():
    tables = zahlen.Tables()
    assert undated("x", "- **Ergänzung:** {zahl}`gigabit-land-2024` der Haushalte", tables)
    assert undated("x", "- **Artikel (2019):** {zahl}`gigabit-land-2024` der Haushalte", tables)
    assert not undated("x", "- **Ergänzung:** Ende 2024 {zahl}`gigabit-land-2024`", tables)
    assert not undated("x", "- {datum}`gigabit-land-2024` {zahl}`gigabit-land-2024`", tables)
    assert undated("x", "- {datum}`gigabit-land-2021` {zahl}`gigabit-land-2024`", tables)


def test_every_chart_subtitle_with_a_number_names_a_year():
    tables = zahlen.Tables()
    undated_charts = []
    for name in sorted(charts.FIGURES):
        subtitle = charts.build(name, tables).usermeta["brief"]["subtitle"]
        figures = re.sub(r"(?<!\d)(19|20)\d\d(?!\d)", "", subtitle)
        if re.search(r"\d", figures) and not YEAR.search(subtitle):
            undated_charts.append(f"{name}: {subtitle}")
    assert not undated_charts, "chart subtitles without a reference year:\n" + "\n".join(
        undated_charts
    )
