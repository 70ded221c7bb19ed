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

import gzip
import os
from pathlib import Path

import pytest

from brief import paths
from brief.tools.browser import HOW_TO_GET_ONE, find_chromium
from conftest import toc_pages

if find_chromium() is None:
    if os.environ.get("CI") == "true":
        raise RuntimeError(HOW_TO_GET_ONE + " (CI must run the browser tests)")
    pytest.skip(HOW_TO_GET_ONE, allow_module_level=True)

from axe_playwright_python.sync_playwright import Axe  # noqa: E402

pytestmark = pytest.mark.browser

CHART_SCRIPTS = ("vega-", "brief-charts.js", "brief-locale-de.js")
# What a reader's browser transfers (gzip, as any static host serves it) before touching a chart.
BUDGET_BEFORE_INTERACTION = 150 * 1024

STATIC_TEXT = """(layout) => {
  const out = {fonts: [], overlaps: [], shown: []};
  for (const box of document.querySelectorAll('.brief-chart-static')) {
    if (!box.offsetParent) continue;
    out.shown.push(box.dataset.layout);
    const svg = box.querySelector('svg');
    const scale = svg.getBoundingClientRect().width / parseFloat(svg.getAttribute('width'));
    const rects = [];
    for (const t of svg.querySelectorAll('text')) {
      const hidden = getComputedStyle(t).opacity === '0' || t.getAttribute('opacity') === '0';
      if (!t.textContent.trim() || hidden) continue;
      out.fonts.push(parseFloat(getComputedStyle(t).fontSize) * scale);
      rects.push([t.textContent, t.getBoundingClientRect()]);
    }
    for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) {
      const [ta, a] = rects[i], [tb, b] = rects[j];
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      const chart = box.closest('.brief-chart').dataset.chart;
      if (w > 1 && h > 1) out.overlaps.push(chart + ': ' + ta + ' / ' + tb);
    }
  }
  return out;
}"""

OPACITIES = """(chart) => [...chart.querySelectorAll('.brief-chart-live svg path')]
  .map(p => p.getAttribute('opacity') || p.style.opacity || '1').join(',')"""


def chart_pages() -> list[str]:
    """Pages whose source places a chart. Read from book/*.md, not the built HTML, because
    parametrisation happens at collection time, before the build fixture has run."""
    return [
        p for p in toc_pages()
        if "glue_figure(" in (paths.BOOK / f"{p}.md").read_text(encoding="utf-8")
    ]


def _tap_centre(page, locator) -> None:
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def _tap_a_mark(page, chart) -> bool:
    marks = chart.locator(
        ".brief-chart-live svg .mark-symbol path, .brief-chart-live svg .mark-rect path"
    )
    for j in range(min(marks.count(), 8)):
        mark = marks.nth(j)
        box = mark.bounding_box()
        if not box or box["width"] < 3 or box["height"] < 3:
            continue
        _tap_centre(page, mark)
        tip = chart.locator(".brief-tooltip")
        try:
            tip.wait_for(state="visible", timeout=1500)
        except Exception:
            continue
        return bool(tip.inner_text().strip())
    return False


def _filters_work(page, chart) -> list[str]:
    """Every group filter of ``chart``: tap, tap again, Enter, Esc. Returns what failed."""
    failed = []
    handle = chart.element_handle()
    for group in chart.locator(".brief-chart-legend").all():
        button = group.locator(".brief-chart-group").first
        before = page.evaluate(OPACITIES, handle)
        _tap_centre(page, button)
        page.wait_for_function(f"(c) => ({OPACITIES})(c) !== {before!r}", arg=handle, timeout=3000)
        if button.get_attribute("aria-pressed") != "true":
            failed.append("tap does not press the button")
        _tap_centre(page, button)
        page.wait_for_function(f"(c) => ({OPACITIES})(c) === {before!r}", arg=handle, timeout=3000)
        button.focus()
        page.keyboard.press("Enter")
        page.wait_for_function(f"(c) => ({OPACITIES})(c) !== {before!r}", arg=handle, timeout=3000)
        page.keyboard.press("Escape")
        page.wait_for_function(f"(c) => ({OPACITIES})(c) === {before!r}", arg=handle, timeout=3000)
        if button.get_attribute("aria-pressed") != "false":
            failed.append("Esc leaves the button pressed")
    return failed


@pytest.fixture(scope="module")
def phone(chromium, server):
    results = {}
    for name in chart_pages():
        context = chromium.new_context(viewport={"width": 360, "height": 740}, has_touch=True,
                                       is_mobile=True, locale="de-DE", accept_downloads=True)
        page = context.new_page()
        sizes: dict[str, int] = {}
        interacted = {"yes": False}
        early_scripts = []

        def finished(request):
            response = request.response()
            if response and not interacted["yes"]:
                sizes[request.url] = len(gzip.compress(response.body()))

        def requested(request):
            if not interacted["yes"] and any(s in request.url for s in CHART_SCRIPTS):
                early_scripts.append(request.url)

        page.on("request", requested)
        page.on("requestfinished", finished)
        page.goto(f"{server}/{name}.html", wait_until="networkidle")
        static = page.evaluate(STATIC_TEXT)
        before = sum(sizes.values())
        charts = page.locator(".brief-chart")
        interacted["yes"] = True
        _tap_centre(page, charts.first.locator(".brief-chart-view"))
        page.wait_for_function(
            "() => [...document.querySelectorAll('.brief-chart')]"
            ".every(c => c.dataset.live === 'true')",
            timeout=15000,
        )
        result = {"static": static, "bytes_before": before, "early_scripts": early_scripts,
                  "tooltips": {}, "hidden_after_tap_elsewhere": {}, "filters": {}}
        for i in range(charts.count()):
            chart = charts.nth(i)
            key = chart.get_attribute("data-chart")
            result["tooltips"][key] = _tap_a_mark(page, chart)
            _tap_centre(page, chart.locator(".brief-chart-source"))
            result["hidden_after_tap_elsewhere"][key] = chart.locator(".brief-tooltip").is_hidden()
            if chart.locator(".brief-chart-legend").count():
                result["filters"][key] = _filters_work(page, chart)
        # axe-core on the phone with every chart live (tests/test_phone.py runs it on the static
        # page), after the filters and tooltips above have been used and cleared.
        result["axe"] = [
            f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in Axe().run(page).response["violations"]
        ]
        if name == "raum":
            chart = charts.first
            with page.expect_download() as download:
                chart.locator('.brief-chart-export[data-type="svg"]').click()
            result["download"] = (download.value.suggested_filename,
                                  Path(download.value.path()).read_text(encoding="utf-8"),
                                  chart.get_attribute("data-chart"))
        results[name] = result
        context.close()
    return results


@pytest.fixture(scope="module")
def desktop(chromium, server):
    results = {}
    for name in chart_pages():
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
        page = context.new_page()
        page.goto(f"{server}/{name}.html", wait_until="load")
        results[name] = page.evaluate(STATIC_TEXT)
        context.close()
    return results


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
    import re

    assert float(re.search(r'<svg[^>]*\bwidth="([\d.]+)"', svg).group(1)) > 400
