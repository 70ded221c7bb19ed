"""Search as a reader uses it, offline, in a real headless Chromium: one search field per page,
a German hit count, German no-result text, snippets without chart axis text, and an index
without the charts' drawn labels."""
from __future__ import annotations

import json
import re

import pytest

from conftest import toc_pages

pytestmark = pytest.mark.browser

# Axis labels of static charts run together when tags are stripped: digits glued to words.
GLUED = re.compile(r"(?:19|20)\d\d(?!er$)[a-zäöüß]{2,}|[a-zäöüß]{3,}(?:19|20)\d\d")
AXIS_RUN = re.compile(r"\d{3,}[A-Za-zÄÖÜäöü]|(?:\d+\s*){6,}")


def index_words(site) -> set[str]:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return set(data["terms"])


def test_index_leaves_out_the_charts_drawn_labels(site):
    words = index_words(site)
    # Words of the prose and chart descriptions stay findable …
    assert {"breitband", "kommun"} & words
    # … but no chart text glued together by tag stripping: axis labels and table cells ran
    # into words like "2014ist", "landlich201520" or "2026segmentumsatz".
    glued = sorted(w for w in words if GLUED.search(w))
    assert glued == []


def results(page, server, query):
    page.goto(f"{server}/search.html?q={query}", wait_until="load")
    page.wait_for_function(
        "() => { const s = document.querySelector('#search-results p.search-summary');"
        " return s && s.textContent.trim()"
        " && !document.querySelector('#search-results .loading'); }"
    )
    return page.locator("#search-results p.search-summary").inner_text()


def test_search_counts_hits_and_reads_well(chromium, server):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    summary = results(page, server, "Breitband")
    count = re.search(r"(\d+) Seite\(n\) mit Treffern", summary)
    assert count and int(count.group(1)) == page.locator("#search-results li").count() > 0
    page.wait_for_function(
        "n => document.querySelectorAll('#search-results li p.context').length >= n",
        arg=min(3, int(count.group(1))),
    )
    snippets = page.locator("#search-results li p.context").all_inner_texts()
    assert snippets and not [s for s in snippets if AXIS_RUN.search(s)], snippets
    # One search field on the search page (its own form), none hidden twice in the header.
    assert page.locator("input[type=search]:visible, .search-button-field:visible").count() == 1
    summary = results(page, server, "xyzzyquux")
    assert summary.startswith("Keine Treffer") and "Kategorien" not in summary
    context.close()


@pytest.mark.parametrize("width", (360, 1280))
def test_one_search_field_on_a_chapter_page(chromium, server, width):
    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{server}/{toc_pages()[1]}.html", wait_until="load")
    visible = page.locator(
        ".search-button-field:visible, .search-button:visible, input[type=search]:visible"
    )
    assert visible.count() == 1
    context.close()


def test_the_index_loads_only_for_a_query(chromium, server):
    """Opened without a query the search page never asks for searchindex.js (issue 11, LCP):
    a search opens search.html?q=…, which loads it and finds (above and here)."""
    context = chromium.new_context(viewport={"width": 360, "height": 780}, locale="de-DE")
    page = context.new_page()
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "searchindex.js" in r.url else None)
    page.goto(f"{server}/search.html", wait_until="networkidle")
    page.wait_for_timeout(300)
    assert asked == [] and page.evaluate("() => !Search.hasIndex()")
    field = page.locator("input[name=q]:visible").first
    field.fill("Breitband")
    field.press("Enter")
    page.wait_for_function(
        "() => { const s = document.querySelector('#search-results p.search-summary');"
        " return s && /\\d+ Seite/.test(s.textContent); }"
    )
    assert len(asked) == 1 and "q=Breitband" in page.url
    context.close()
