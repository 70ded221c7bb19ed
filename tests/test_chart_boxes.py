"""A chart keeps its box: while the page loads (a drawing below the screen is skipped, at its
exact height, brief.sphinxext.chartboxes), while the reader scrolls to it, and when it goes
live (issue 11: CLS 0, "the live chart must not shift the layout")."""
from __future__ import annotations

import pytest

from brief.sphinxext import chartboxes

CHART_PAGES = ["index", "markt", "autonomie", "daseinsvorsorge", "raum"]

# Height and width of every chart's box, and whether its drawing is skipped right now.
BOXES = """() => Array.from(document.querySelectorAll('.brief-chart-view'), (view) => {
  const box = view.getBoundingClientRect();
  const shown = [...view.querySelectorAll('.brief-chart-static')]
    .find((s) => getComputedStyle(s).display !== 'none');
  const svg = shown && shown.querySelector('svg');
  return [view.id, Math.round(box.width * 100) / 100, Math.round(box.height * 100) / 100,
          svg ? !svg.checkVisibility({contentVisibilityAuto: true}) : null];
})"""
# Every layout shift the page records, with the elements that moved.
SHIFTS = """window.__shifts = [];
new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__shifts.push(
  [e.value, e.sources.map((s) => s.node && s.node.nodeType === 1 ?
     s.node.tagName + '.' + (s.node.getAttribute('class') || '') : String(s.node))])))
  .observe({type: 'layout-shift', buffered: true});"""


def test_each_drawing_gets_its_exact_height_for_screens_only():
    page = (
        "<html><head><title>x</title></head><body>"
        '<div class="brief-chart-view" id="chart-a-view" role="img">'
        '<div class="brief-chart-static" data-layout="wide"><svg class="marks" width="557" '
        'height="202" viewBox="0 0 557 202"></svg></div>'
        '<div class="brief-chart-static" data-layout="phone"><svg width="300" height="276">'
        "</svg></div></div></body></html>"
    )
    once = chartboxes.with_boxes(page, "p.html")
    assert (
        "<style data-brief-chart-boxes>@media screen{"
        '#chart-a-view>[data-layout="wide"]{content-visibility:auto;'
        "contain-intrinsic-block-size:calc(min(557px,100cqi)*202/557)}"
        '#chart-a-view>[data-layout="phone"]{content-visibility:auto;'
        "contain-intrinsic-block-size:calc(min(300px,100cqi)*276/300)}}</style>\n</head>"
    ) in once
    assert chartboxes.with_boxes(once, "p.html") == once  # a rebuild replaces, never adds
    assert chartboxes.with_boxes("<head></head><p>text</p>", "q.html") == "<head></head><p>text</p>"


def test_a_drawing_without_its_size_or_box_stops_the_build_naming_the_page():
    no_size = ('<div class="brief-chart-view" id="chart-a-view"><div class="brief-chart-static" '
               'data-layout="wide"><svg viewBox="0 0 5 5"></svg></div></div>')
    with pytest.raises(chartboxes.ChartBoxError, match="raum.html: the wide drawing of chart-a-"):
        chartboxes.rules(no_size, "raum.html")
    stray = ('<div class="brief-chart-static" data-layout="wide"><svg width="5" height="5">'
             "</svg></div>")
    with pytest.raises(chartboxes.ChartBoxError, match="markt.html: a static chart drawing out"):
        chartboxes.rules(stray, "markt.html")


def test_every_chart_page_carries_a_box_for_each_drawing(site):
    for name in CHART_PAGES:
        page = (site / f"{name}.html").read_text(encoding="utf-8")
        block = chartboxes.BLOCK.search(page)
        assert block, name
        drawings = page.count('<div class="brief-chart-static"')
        assert drawings >= 2 and block.group(0).count("content-visibility:auto") == drawings, name


def _scroll_through(page, before: list) -> set[str]:
    """Scroll each chart to the middle of the screen in turn, top to bottom; at every step
    each chart box has the size it had at load. Returns the charts whose drawing rendered."""
    rendered = set()
    for view, *_ in before:
        page.evaluate("(id) => document.getElementById(id).scrollIntoView({block: 'center'})",
                      view)
        page.wait_for_timeout(40)
        now = page.evaluate(BOXES)
        assert [b[:3] for b in now] == [b[:3] for b in before], f"at {view}"
        rendered |= {view for view, *_, waiting in now if waiting is False}
    return rendered


@pytest.mark.parametrize("width", [320, 1280])
def test_drawings_below_the_screen_wait_and_keep_their_height_while_scrolling(
    chromium, server, width
):
    """At load the drawings far below are skipped; scrolling down the page renders every
    one of them at the height its box already had: no chart box moves or resizes. At 320 px
    the drawings are wider than their box and scale down; at 1280 px they keep their size. A touch
    screen, so no chart goes live on the way (brief-charts-loader.js warms up for mice only)."""
    import browsing

    context = browsing.phone_context(chromium, width=width)
    context.add_init_script(SHIFTS)
    page = context.new_page()
    skipped = 0
    for name in CHART_PAGES:
        page.goto(f"{server}/{name}.html", wait_until="load")
        page.wait_for_timeout(100)
        before = page.evaluate(BOXES)
        skipped += sum(1 for *_, waiting in before if waiting)
        rendered = _scroll_through(page, before)
        assert rendered == {view for view, *_ in before}, f"{name}: a drawing never rendered"
        moved = [s for s in page.evaluate("window.__shifts")
                 if any("brief-chart" in n for n in s[1])]
        assert moved == [], f"{name}: chart boxes shifted while scrolling: {moved}"
    context.close()
    assert skipped >= 10  # raum alone has six charts below its first screen


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_charts_going_live_keep_their_boxes(chromium, server, device):
    """The live Vega view takes exactly the place of the static drawing: no chart box changes
    size when the charts of a page go live (tap on a phone, pointer on a desktop)."""
    import browsing

    if device == "phone":
        context = browsing.phone_context(chromium)
    else:
        context = chromium.new_context(**browsing.DESKTOP)
    page = context.new_page()
    for name in ("markt", "raum"):
        page.goto(f"{server}/{name}.html", wait_until="load")
        chart = page.locator(".brief-chart").first
        chart.scroll_into_view_if_needed()
        before = page.evaluate(BOXES)
        view = chart.locator(".brief-chart-view")
        view.tap() if device == "phone" else view.hover()
        page.wait_for_function("() => document.documentElement.dataset.chartsLiveMs",
                               timeout=30_000)
        page.wait_for_timeout(200)
        assert page.locator(".brief-chart[data-live='true']").count() == len(before), name
        after = page.evaluate(BOXES)
        assert [b[:3] for b in after] == [b[:3] for b in before], name
    context.close()
