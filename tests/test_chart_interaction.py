"""Charts as a reader uses them, in a real headless Chromium.

On a 360 px phone with touch: the static phone chart shows before any JavaScript for charts is
fetched, its text is at least 11 px as displayed and no two labels overlap; a tap makes the
charts live; tapping a mark shows its tooltip and tapping elsewhere hides it; every group
filter highlights a group and clears again (second tap, Esc), also from the keyboard; the SVG
download carries source, licence, address and version; axe-core finds no violation with
the charts live. At desktop width the wide static chart
is equally readable. One visit per chart page and width; waits on conditions, no sleeps.
"""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from brief import paths
from conftest import toc_pages

# What a reader's browser transfers (gzip, as any static host serves it) before touching a chart.
BUDGET_BEFORE_INTERACTION = 150 * 1024


def chart_pages() -> list[str]:
    """Pages whose source places a chart. Read from book/*.md, not the built HTML, because
    parametrisation happens at collection time, before the build fixture has run."""
    return [
        p for p in toc_pages()
        if "glue_figure(" in (paths.BOOK / f"{p}.md").read_text(encoding="utf-8")
    ]


@pytest.fixture(scope="module")
def phone(visits):
    """Each chart page on a 360 px touch phone (conftest's shared ``visits``)."""
    found = {}
    for name in chart_pages():
        seen = visits["phone"][f"{name}.html"]
        found[name] = {**seen, "bytes_before": sum(seen["gzip"].values())}
    return found


@pytest.fixture(scope="module")
def desktop(visits):
    """Each chart page's static charts at desktop width."""
    return {name: visits["desktop"][f"{name}.html"]["static"] for name in chart_pages()}


def test_chart_pages_found():
    assert len(chart_pages()) >= 4


@pytest.mark.parametrize("name", chart_pages())
def test_no_chart_script_before_a_reader_reaches_for_a_chart(phone, name):
    assert phone[name]["early_scripts"] == []


def test_raum_first_view_stays_within_the_transfer_budget(phone):
    before = phone["raum"]["bytes_before"]
    assert before <= BUDGET_BEFORE_INTERACTION, f"{before:,} bytes gzip"


@pytest.mark.parametrize("name", chart_pages())
def test_phone_shows_the_phone_layout_with_readable_separate_labels(phone, name):
    static = phone[name]["static"]
    assert static["shown"] and set(static["shown"]) == {"phone"}
    assert min(static["fonts"]) >= 11, f"smallest chart text {min(static['fonts']):.1f} px"
    assert static["overlaps"] == []


@pytest.mark.parametrize("name", chart_pages())
def test_desktop_shows_the_wide_layout_with_readable_separate_labels(desktop, name):
    static = desktop[name]
    assert static["shown"] and set(static["shown"]) == {"wide"}
    assert min(static["fonts"]) >= 11, f"smallest chart text {min(static['fonts']):.1f} px"
    assert static["overlaps"] == []


@pytest.mark.parametrize("name", chart_pages())
def test_tap_shows_a_tooltip_and_tap_elsewhere_hides_it(phone, name):
    assert all(phone[name]["tooltips"].values()), phone[name]["tooltips"]
    assert all(phone[name]["hidden_after_tap_elsewhere"].values())


@pytest.mark.parametrize("name", chart_pages())
def test_every_group_filter_highlights_and_clears(phone, name):
    for chart, failed in phone[name]["filters"].items():
        assert failed == [], f"{chart}: {failed}"


@pytest.mark.parametrize("name", chart_pages())
def test_every_drawn_legend_has_a_row_of_group_buttons(phone, name):
    """Colour, symbol and line-style legends alike (reader review §6: markt-volumen's
    "Linie" and "Wert" and the broadband "Datengrundlage" had none); the filter test above
    then presses a button in each row."""
    for chart, seen in phone[name]["legends"].items():
        missing = [t for t in seen["drawn"] if t not in seen["rows"]]
        assert missing == [], f"{chart}: legend without buttons: {missing}"
        assert len(seen["rows"]) >= len(seen["drawn"]), chart


@pytest.mark.parametrize("name", chart_pages())
def test_axe_finds_no_violation_on_a_phone_with_live_charts(phone, name):
    assert phone[name]["axe"] == []


def test_svg_download_is_fit_to_cite(phone):
    filename, svg, chart = phone["raum"]["download"]
    assert filename == f"{chart}.svg"
    assert svg.startswith("<svg") and "Quelle: " in svg
    assert "Grafik: Souveräne Smart City, CC BY 4.0" in svg
    assert f"raum.html#abb-{chart}" in svg
    assert "Version " in svg
    # Exported at the fixed wide width, not the phone's.
    assert float(BeautifulSoup(svg, "html.parser").find("svg")["width"]) > 400
