"""When the live-chart code loads (brief-charts-loader.js, issue 11, outcome 1).

A page nobody touches loads no chart script, nor the page's chart specs. On a screen with a
mouse, a reader who scrolls a chart into view gets it live in idle time, before the pointer
arrives (warm-up); a phone that only scrolls still loads nothing until a tap. Timings are
measured in ``make benchmark``.
"""

from __future__ import annotations

from brief.sphinxext.chartspecs import SPEC_DIR
from brief.sphinxext.core import CHART_SCRIPTS

PAGE = "raum.html"  # several charts, the first below the fold on a phone
# The page's chart specs (brief.sphinxext.chartspecs) load with the chart scripts, not before.
LOADED_LATE = (*CHART_SCRIPTS, f"/_static/{SPEC_DIR}/")


def _chart_requests(page) -> list[str]:
    found: list[str] = []
    page.on("request", lambda r: found.append(r.url) if any(
        s in r.url for s in LOADED_LATE) else None)
    return found


def test_a_scrolled_chart_goes_live_before_the_pointer_reaches_it(chromium, server):
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    requests = _chart_requests(page)
    page.goto(f"{server}/{PAGE}", wait_until="networkidle")
    page.wait_for_timeout(1500)
    assert requests == [], "chart scripts loaded before the reader did anything"
    chart = page.locator(".brief-chart").nth(1)
    page.mouse.move(5, 5)  # the reader's pointer, far from any chart
    chart.scroll_into_view_if_needed()
    page.wait_for_function(
        "(el) => el.dataset.live === 'true'", arg=chart.element_handle(), timeout=20000
    )
    assert requests, "the chart went live without its scripts?"
    specs = [u for u in requests if f"/_static/{SPEC_DIR}/raum-" in u]
    assert len(specs) == 1, requests
    # Loaded in order (brief-charts-loader.js): the specs before the code that reads them.
    charts_js = next(i for i, u in enumerate(requests) if "/brief-charts.js" in u)
    assert requests.index(specs[0]) < charts_js, requests
    # The pointer never entered a chart: nothing was reached for, the page was idle.
    assert page.evaluate("window.briefCharts.first") is None
    context.close()


def test_a_phone_that_only_scrolls_loads_no_chart_script(chromium, server):
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    requests = _chart_requests(page)
    page.goto(f"{server}/{PAGE}", wait_until="networkidle")
    for y in (800, 1600, 2400):
        page.evaluate("(y) => window.scrollTo(0, y)", y)
        page.wait_for_timeout(400)
    page.wait_for_timeout(1500)
    assert requests == []
    assert page.locator(".brief-chart[data-live]").count() == 0
    context.close()
