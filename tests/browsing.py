"""One visit per page and width, recorded once for every browser test of the session.

Opening a page in Chromium costs far more than checking what it showed, so conftest's
``visits`` fixture calls ``visit_all`` once: each page is opened at desktop width (1280 px,
mouse) and on a phone (360 px, touch), and everything the browser tests assert is recorded
on the way: requests to other hosts, console errors and failed responses, CSP violations,
bytes before the first interaction (all, and gzip per URL), the static charts' text,
sideways scrolling, and what
happens when a reader reaches for a chart (it goes live, tooltips, group filters, the
SVG download), plus axe-core's findings at desktop width. The tests (test_browser, test_csp,
test_chart_interaction, test_phone) then only read this record.
"""
from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import TimeoutError as PlaywrightTimeout

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "de-DE"}
PHONE_WIDTH = 360


def phone_context(chromium, width: int = PHONE_WIDTH, scale: int = 2, **extra):
    """A phone: touch, mobile viewport rules, a high-density screen (``scale``)."""
    return chromium.new_context(
        viewport={"width": width, "height": 780}, has_touch=True, is_mobile=True,
        device_scale_factor=scale, locale="de-DE", **extra,
    )


# Scripts that only a live chart needs; none may load before a reader reaches for a chart.
CHART_SCRIPTS = ("vega-", "brief-charts.js", "brief-locale-de.js")

COLLECT_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile}:${e.lineNumber}`);
});
"""

# Width of the document and the first elements that stick out past ``w`` (wide tables scroll
# inside their own region and dialogs are off-screen until opened, so both are left out).
SIDEWAYS = """(w) => ({
    scroll: document.documentElement.scrollWidth,
    culprits: [...document.querySelectorAll('.bd-main *')]
      .filter(e => e.getBoundingClientRect().right > w + 1
                   && !e.closest('.brief-table-scroll, dialog'))
      .slice(0, 3)
      .map(e => e.tagName.toLowerCase() + '.' + e.className + ' ('
                + Math.round(e.getBoundingClientRect().right) + ' px)')
})"""

# Which static chart layout shows, its text size as displayed, and labels that overlap.
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

ALL_LIVE = (
    "() => [...document.querySelectorAll('.brief-chart')]"
    ".every(c => c.dataset.live === 'true')"
)

OPACITIES = """(chart) => [...chart.querySelectorAll('.brief-chart-live svg path')]
  .map(p => p.getAttribute('opacity') || p.style.opacity || '1').join(',')"""

MARKS = ".brief-chart-live svg .mark-symbol path, .brief-chart-live svg .mark-rect path"

# The legends the live chart draws (their titles) and the rows of group buttons below it.
LEGENDS = """(chart) => ({
  drawn: [...chart.querySelectorAll('.brief-chart-live svg .role-legend-title text')]
    .map(t => t.textContent.trim()).filter(Boolean),
  rows: [...chart.querySelectorAll('.brief-chart-legend')].map(r => r.dataset.title)})"""


def _watch(page, host: str) -> dict:
    """Record what the reader's browser does on ``page``: requests to other hosts (blocked),
    console errors, failed responses, CSP messages, and the bytes and chart scripts fetched
    before the first interaction (``record["touched"]`` is set when a reader reaches out)."""
    record = {"outside": [], "errors": [], "pageerrors": [], "csp_console": [], "bytes": 0,
              "gzip": {}, "early_scripts": [], "touched": False}

    def guard(route, request):
        if urlparse(request.url).netloc != host and not request.url.startswith("data:"):
            record["outside"].append(request.url)
            route.abort()
        else:
            route.continue_()

    def finished(request):
        response = request.response()
        if response and not record["touched"]:
            body = response.body()
            record["bytes"] += len(body)
            record["gzip"][request.url] = len(gzip.compress(body))

    def requested(request):
        if not record["touched"] and any(s in request.url for s in CHART_SCRIPTS):
            record["early_scripts"].append(request.url)

    def console(message):
        if message.type == "error":
            record["errors"].append(message.text)
        if "Content Security Policy" in message.text:
            record["csp_console"].append(message.text)

    page.route("**/*", guard)
    page.on("request", requested)
    page.on("requestfinished", finished)
    page.on("console", console)
    page.on("pageerror", lambda e: record["pageerrors"].append(str(e)))
    page.on(
        "response",
        lambda r: record["errors"].append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None,
    )
    return record


def _hover_shows_tooltip(page, chart) -> bool:
    """Rest the pointer on marks of the live chart until its tooltip shows text."""
    marks = chart.locator(MARKS + ", .brief-chart-live svg .mark-symbol > path")
    tip = chart.locator(".brief-tooltip").filter(has_text=re.compile(r"\S"))
    for j in range(min(marks.count(), 12)):
        mark = marks.nth(j)
        box = mark.bounding_box()
        if not box or box["width"] == 0:
            continue
        chart.scroll_into_view_if_needed()
        box = mark.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        try:
            tip.wait_for(state="visible", timeout=500)
            return True
        except PlaywrightTimeout:  # no tooltip on this mark: try the next
            pass
    return False


def _tap_centre(page, locator) -> None:
    # Mid-screen: at the bottom edge the theme's floating "Zurück zum Anfang" can cover it.
    locator.evaluate("e => e.scrollIntoView({block: 'center', inline: 'nearest'})")
    box = locator.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def _tap_shows_tooltip(page, chart) -> bool:
    marks = chart.locator(MARKS)
    for j in range(min(marks.count(), 8)):
        mark = marks.nth(j)
        box = mark.bounding_box()
        if not box or box["width"] < 3 or box["height"] < 3:
            continue
        _tap_centre(page, mark)
        tip = chart.locator(".brief-tooltip")
        try:
            tip.wait_for(state="visible", timeout=1500)
        except PlaywrightTimeout:
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
        changed = f"(c) => ({OPACITIES})(c) !== {before!r}"
        restored = f"(c) => ({OPACITIES})(c) === {before!r}"
        _tap_centre(page, button)
        page.wait_for_function(changed, arg=handle, timeout=3000)
        if button.get_attribute("aria-pressed") != "true":
            failed.append("tap does not press the button")
        _tap_centre(page, button)
        page.wait_for_function(restored, arg=handle, timeout=3000)
        button.focus()
        page.keyboard.press("Enter")
        page.wait_for_function(changed, arg=handle, timeout=3000)
        page.keyboard.press("Escape")
        page.wait_for_function(restored, arg=handle, timeout=3000)
        if button.get_attribute("aria-pressed") != "false":
            failed.append("Esc leaves the button pressed")
    return failed


def axe_violations(axe, page, record: dict) -> list[str]:
    """axe-core's violations on the page as it is now, one readable line each, with what
    axe-core itself causes kept out of the reader's ``record``: to read stylesheets it appends
    ``<style>@import "…"</style>`` to the page (``axe.utils.getStyleSheet``), which the strict
    policy blocks, so every run adds a CSP report and a console line the book never causes
    (seen at desktop width on autonomie and genindex). Its CSP reports and console lines are
    dropped; read the reader's ``window.__csp`` before calling this."""
    errors, csp_console = list(record["errors"]), list(record["csp_console"])
    found = axe_lines(axe, page)
    page.evaluate("window.__csp = []")
    record["errors"], record["csp_console"] = errors, csp_console
    return found


def axe_lines(axe, page) -> list[str]:
    """axe-core's violations on the page as it is now, one readable line each."""
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in axe.run(page).response["violations"]
    ]


def _desktop(chromium, host: str, url: str, axe) -> dict:
    context = chromium.new_context(**DESKTOP)
    context.add_init_script(COLLECT_VIOLATIONS)
    page = context.new_page()
    record = _watch(page, host)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    record["static"] = page.evaluate(STATIC_TEXT)
    charts = page.locator(".brief-chart")
    count = charts.count()
    record["touched"] = True
    if count:
        # Charts go live when a reader reaches for one (brief-charts-loader.js).
        charts.first.locator(".brief-chart-view").hover()
        page.wait_for_function(ALL_LIVE, timeout=15000)
    record["charts"] = count
    record["live"] = [
        charts.nth(i).locator(".brief-chart-live svg, .brief-chart-live canvas").count() > 0
        for i in range(count)
    ]
    record["tooltips"] = [_hover_shows_tooltip(page, charts.nth(i)) for i in range(count)]
    # What the reader's browser reported; axe-core's own style element and stylesheet
    # fetches come after and are not the reader's.
    record["csp"] = page.evaluate("window.__csp")
    if axe is not None:
        record["violations"] = axe_violations(axe, page, record)
    record["errors"] = record["errors"] + record["pageerrors"]
    context.close()
    return record


def _phone(chromium, host: str, url: str, name: str, axe) -> dict:
    # Scale 1, as the transfer budget of tests/test_chart_interaction.py was set (at scale 2
    # the theme's 2x images add about 170 bytes gzip).
    context = phone_context(chromium, scale=1, accept_downloads=True)
    context.add_init_script(COLLECT_VIOLATIONS)
    page = context.new_page()
    record = _watch(page, host)
    page.goto(url, wait_until="networkidle")
    record["sideways"] = page.evaluate(SIDEWAYS, PHONE_WIDTH)
    record["static"] = page.evaluate(STATIC_TEXT)
    # What the page fetched by itself ends here: axe-core and taps come next.
    record["touched"] = True
    csp_before = []
    if axe is not None:
        # Right after loading, before any tap (axe-core's own reports left out).
        csp_before = page.evaluate("window.__csp")
        record["violations"] = axe_violations(axe, page, record)
    charts = page.locator(".brief-chart")
    count = charts.count()
    record.update(charts=count, live=[], tooltips={}, hidden_after_tap_elsewhere={}, filters={})
    if count:
        _tap_centre(page, charts.first.locator(".brief-chart-view"))
        page.wait_for_function(ALL_LIVE, timeout=15000)
    for i in range(count):
        chart = charts.nth(i)
        key = chart.get_attribute("data-chart")
        record["live"].append(chart.locator(".brief-chart-live svg").count() > 0)
        record["tooltips"][key] = _tap_shows_tooltip(page, chart)
        _tap_centre(page, chart.locator(".brief-chart-source"))
        record["hidden_after_tap_elsewhere"][key] = chart.locator(".brief-tooltip").is_hidden()
        record.setdefault("legends", {})[key] = page.evaluate(LEGENDS, chart.element_handle())
        if chart.locator(".brief-chart-legend").count():
            record["filters"][key] = _filters_work(page, chart)
    # The reader's reports so far (taken out: splice), then those of the download below.
    record["csp"] = csp_before + page.evaluate("window.__csp.splice(0)")
    if count and axe is not None:
        # axe-core with every chart live, after the filters and tooltips were used and cleared
        # and before the download (tests/test_chart_interaction.py); its own reports are not
        # the reader's.
        record["axe"] = axe_violations(axe, page, record)
    if name == "raum.html":
        chart = charts.first
        with page.expect_download() as download:
            chart.locator('.brief-chart-export[data-type="svg"]').click()
        record["download"] = (download.value.suggested_filename,
                              Path(download.value.path()).read_text(encoding="utf-8"),
                              chart.get_attribute("data-chart"))
    record["csp"] += page.evaluate("window.__csp")
    context.close()
    return record


def sideways(chromium, server: str, names: list[str], width: int) -> dict[str, dict]:
    """Page -> document width and what sticks out, each page freshly loaded at ``width``."""
    context = phone_context(chromium, width)
    page = context.new_page()
    found = {}
    for name in names:
        page.goto(f"{server}/{name}", wait_until="load")
        found[name] = page.evaluate(SIDEWAYS, width)
    context.close()
    return found


def _phone_visits(server: str, names: list[str], axe_phone: set[str]) -> dict:
    """The phone half of ``visit_all``, in its own thread with its own Playwright and Chromium
    (Playwright's sync API serves one thread): it runs while the desktop half runs."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    from brief.tools.browser import launch

    axe, host = Axe(), urlparse(server).netloc
    with sync_playwright() as p:
        chromium = launch(p)
        try:
            return {
                name: _phone(chromium, host, f"{server}/{name}", name,
                             axe if name in axe_phone else None)
                for name in names
            }
        finally:
            chromium.close()


def visit_all(
    chromium, server: str, names: list[str], axe_desktop: set[str], axe_phone: set[str]
) -> dict:
    """{"desktop": {page: record}, "phone": {page: record}} for every page in ``names``
    (paths relative to the site, such as "raum.html"); axe-core runs on ``axe_desktop`` at
    desktop width and on ``axe_phone`` on the phone. The two widths run side by side: a visit
    mostly waits (for the network to go idle, charts to go live, tooltips), so the second one
    costs little wall time."""
    from concurrent.futures import ThreadPoolExecutor

    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    host = urlparse(server).netloc
    with ThreadPoolExecutor(max_workers=1) as pool:
        phone = pool.submit(_phone_visits, server, names, axe_phone)
        desktop = {
            name: _desktop(chromium, host, f"{server}/{name}", axe if name in axe_desktop else None)
            for name in names
        }
        return {"desktop": desktop, "phone": phone.result()}
