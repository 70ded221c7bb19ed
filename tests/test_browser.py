"""The site in a real headless Chromium, as a reader meets it.

Every page is opened with every request to another host blocked and recorded. On every page:
no outside request is even attempted, no console error, axe-core finds no violation. On chart
pages: once the pointer reaches a chart, every chart becomes live (an <svg> inside each chart
container) and a tooltip appears when the pointer rests on a mark.
"""
from __future__ import annotations

import pytest

from conftest import toc_pages

PAGES = toc_pages()


@pytest.fixture(scope="module")
def seen(visits):
    """What a reader's browser did on each page of _toc.yml at desktop width (one shared visit
    per page and width, recorded by conftest's ``visits``)."""
    return {name: visits["desktop"][f"{name}.html"] for name in PAGES}


@pytest.mark.parametrize("page_name", PAGES)
def test_no_request_leaves_the_site(visits, page_name):
    for width in ("desktop", "phone"):
        assert visits[width][f"{page_name}.html"]["outside"] == [], width


@pytest.mark.parametrize("page_name", PAGES)
def test_no_console_error(seen, page_name):
    assert seen[page_name]["errors"] == []


@pytest.mark.parametrize("page_name", PAGES)
def test_axe_finds_no_violation(seen, page_name):
    assert seen[page_name]["violations"] == []


def test_chart_pages_exist(seen):
    assert sum(v["charts"] for v in seen.values()) >= 9


@pytest.mark.parametrize("page_name", PAGES)
def test_every_chart_renders_live(seen, page_name):
    assert all(seen[page_name]["live"])


@pytest.mark.parametrize("page_name", PAGES)
def test_every_chart_shows_a_tooltip_on_hover(seen, page_name):
    assert all(seen[page_name]["tooltips"])


# A page's first visit until a reader touches a chart (then the chart code loads), every
# file included, uncompressed; tests/test_chart_interaction.py checks the gzip transfer.
BUDGET_BYTES = 1_200_000


@pytest.mark.parametrize("page_name", PAGES)
def test_first_visit_stays_within_the_page_weight_budget(seen, page_name):
    assert seen[page_name]["bytes"] <= BUDGET_BYTES, f"{seen[page_name]['bytes']:,} bytes"
