"""The site in a real headless Chromium, as a reader meets it.

Every page is opened with every request to another host blocked and recorded. On every page:
no outside request is even attempted, no console error, axe-core finds no violation. On chart
pages: once the pointer reaches a chart, every chart becomes live (an <svg> inside each chart
container) and a tooltip appears when the pointer rests on a mark.
"""
from __future__ import annotations

import os
from urllib.parse import urlparse

import pytest

from brief.tools.browser import HOW_TO_GET_ONE, find_chromium
from conftest import toc_pages

PAGES = toc_pages()

if find_chromium() is None:
    if os.environ.get("CI") == "true":
        raise RuntimeError(HOW_TO_GET_ONE + " (CI must run the browser tests)")
    pytest.skip(HOW_TO_GET_ONE, allow_module_level=True)

from axe_playwright_python.sync_playwright import Axe  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def visits(chromium, server):
    """Open each page once; record what a reader's browser did there."""
    host = urlparse(server).netloc
    axe = Axe()
    results = {}
    for page_name in PAGES:
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
        page = context.new_page()
        outside, errors, sizes = [], [], []
        page.on(
            "requestfinished",
            lambda r: sizes.append(len(r.response().body()) if r.response() else 0),
        )

        def guard(route, request):
            if urlparse(request.url).netloc != host and not request.url.startswith("data:"):
                outside.append(request.url)
                route.abort()
            else:
                route.continue_()

        page.route("**/*", guard)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on(
            "response",
            lambda r: errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None,
        )
        page.goto(f"{server}/{page_name}.html", wait_until="load")
        charts = page.locator(".brief-chart")
        count = charts.count()
        page.wait_for_load_state("networkidle")
        before_interaction = sum(sizes)
        if count:
            # Charts go live when a reader reaches for one (brief-charts-loader.js).
            charts.first.locator(".brief-chart-view").hover()
            page.wait_for_function(
                "() => [...document.querySelectorAll('.brief-chart')]"
                ".every(c => c.dataset.live === 'true')",
                timeout=15000,
            )
        live = [
            charts.nth(i).locator(".brief-chart-live svg, .brief-chart-live canvas").count() > 0
            for i in range(count)
        ]
        tooltips = []
        for i in range(count):
            tooltips.append(hover_shows_tooltip(page, charts.nth(i)))
        # What the reader's console showed; axe-core's own stylesheet fetches (it resolves
        # @import against the page, not the sheet) come after and are not the reader's.
        reader_errors = list(errors)
        violations = axe.run(page).response["violations"]
        results[page_name] = {
            "outside": outside,
            "errors": reader_errors,
            "charts": count,
            "bytes": before_interaction,
            "live": live,
            "tooltips": tooltips,
            "violations": [
                f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
                for v in violations
            ],
        }
        context.close()
    return results


def hover_shows_tooltip(page, chart) -> bool:
    """Rest the pointer on marks of the live chart until our tooltip shows text."""
    marks = chart.locator(
        ".brief-chart-live svg .mark-symbol path, .brief-chart-live svg .mark-rect path, "
        ".brief-chart-live svg .mark-symbol > path"
    )
    for j in range(min(marks.count(), 12)):
        box = marks.nth(j).bounding_box()
        if not box or box["width"] == 0:
            continue
        chart.scroll_into_view_if_needed()
        box = marks.nth(j).bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_timeout(120)
        tip = chart.locator(".brief-tooltip")
        if tip.count() and tip.is_visible() and tip.inner_text().strip():
            return True
    return False


@pytest.mark.parametrize("page_name", PAGES)
def test_no_request_leaves_the_site(visits, page_name):
    assert visits[page_name]["outside"] == []


@pytest.mark.parametrize("page_name", PAGES)
def test_no_console_error(visits, page_name):
    assert visits[page_name]["errors"] == []


@pytest.mark.parametrize("page_name", PAGES)
def test_axe_finds_no_violation(visits, page_name):
    assert visits[page_name]["violations"] == []


def test_chart_pages_exist(visits):
    assert sum(v["charts"] for v in visits.values()) >= 9


@pytest.mark.parametrize("page_name", PAGES)
def test_every_chart_renders_live(visits, page_name):
    assert all(visits[page_name]["live"])


@pytest.mark.parametrize("page_name", PAGES)
def test_every_chart_shows_a_tooltip_on_hover(visits, page_name):
    assert all(visits[page_name]["tooltips"])


# A page's first visit until a reader touches a chart (then the chart code loads), every
# file included, uncompressed; tests/test_chart_interaction.py checks the gzip transfer.
BUDGET_BYTES = 1_200_000


@pytest.mark.parametrize("page_name", PAGES)
def test_first_visit_stays_within_the_page_weight_budget(visits, page_name):
    assert visits[page_name]["bytes"] <= BUDGET_BYTES, f"{visits[page_name]['bytes']:,} bytes"
