"""A reader on a phone (and on a desktop) in a real headless Chromium.

- No page scrolls sideways at 320, 360 or 390 px (wide tables scroll inside their own region).
- The visible menu (☰) and "Inhalt" buttons open the navigation by tap and by keyboard; Esc
  and the "Schließen" button close it, and focus returns to the button. On a desktop the menu
  button hides and shows the sidebar.
- axe-core finds no accessibility violation on any page at 360 px with touch (the desktop
  run is in tests/test_browser.py).
- "Link kopieren" copies the full stable address of a thesis, and that address lands on the
  thesis heading.
- At 360 and 1280 px (reader review §14): one search entry per page and no top bar that holds
  nothing else, Ctrl+K opens the search; the colour-mode switch names the current mode in
  German; a chart's "Abbildung n" stays right above its chart when the details open.

One browser for the session, each page visited once per width (at 360 px the shared visit of
conftest's ``visits``).
"""
from __future__ import annotations

import re

import pytest

import browsing
from brief.metadata import read_metadata
from conftest import toc_pages

PAGES = toc_pages() + ["search"]
PHONE_WIDTHS = (320, browsing.PHONE_WIDTH, 390)


def phone(chromium, width=browsing.PHONE_WIDTH):
    return browsing.phone_context(chromium, width)


# axe-core runs on the phone at this width (tests/test_browser.py runs it at desktop width).
AXE_WIDTH = 360


@pytest.fixture(scope="module")
def widths(chromium, server, visits):
    """For each phone width: page -> (document width, the elements that stick out); at
    AXE_WIDTH also axe-core's violations. At 360 px from the shared phone visit (conftest's
    ``visits``, axe-core right after the page loaded); 320 and 390 px load each page afresh."""
    assert AXE_WIDTH == browsing.PHONE_WIDTH
    names = [f"{name}.html" for name in PAGES]
    found = {}
    for width in PHONE_WIDTHS:
        if width == browsing.PHONE_WIDTH:
            seen = {name: visits["phone"][name]["sideways"] for name in names}
            found.update({("axe", n.removesuffix(".html")): visits["phone"][n]["violations"]
                          for n in names})
        else:
            seen = browsing.sideways(chromium, server, names, width)
        found.update({(width, name.removesuffix(".html")): v for name, v in seen.items()})
    return found


@pytest.mark.parametrize("width", PHONE_WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_no_page_scrolls_sideways_on_a_phone(widths, width, name):
    seen = widths[(width, name)]
    assert seen["scroll"] <= width, f"{name}.html is {seen['scroll']} px wide: {seen['culprits']}"


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violation_on_a_phone(widths, name):
    assert widths[("axe", name)] == []


@pytest.fixture
def phone_page(chromium, server):
    context = phone(chromium)
    page = context.new_page()
    page.goto(f"{server}/markt.html", wait_until="load")
    yield page
    context.close()


def dialog_open(page, kind: str) -> bool:
    return page.evaluate(f"document.getElementById('pst-{kind}-sidebar-modal').open")


def focused_classes(page) -> str:
    return page.evaluate("document.activeElement.className")


def test_menu_opens_by_tap_and_closes_with_escape(phone_page):
    page = phone_page
    toggle = page.locator(".primary-toggle:visible")
    assert toggle.count() == 1
    toggle.tap()
    assert dialog_open(page, "primary")
    # The chapter list is there and can be followed.
    link = page.locator("#pst-primary-sidebar-modal a[href='raum.html']")
    assert link.is_visible()
    page.keyboard.press("Escape")
    assert not dialog_open(page, "primary")
    assert "primary-toggle" in focused_classes(page)
    # The chapter list is back in its sidebar (the theme moves it into the dialog).
    assert page.locator("#pst-primary-sidebar a[href='raum.html']").count() == 1


def test_menu_opens_by_keyboard_and_closes_with_its_button(phone_page):
    page = phone_page
    page.locator(".primary-toggle:visible").focus()
    page.keyboard.press("Enter")
    assert dialog_open(page, "primary")
    close = page.locator("#pst-primary-sidebar-modal .brief-dialog-close")
    assert close.inner_text() == "Schließen"
    close.tap()
    assert not dialog_open(page, "primary")
    assert "primary-toggle" in focused_classes(page)
    page.keyboard.press("Space")
    assert dialog_open(page, "primary")


def test_page_contents_open_by_tap(phone_page):
    page = phone_page
    page.locator(".secondary-toggle:visible").tap()
    assert dialog_open(page, "secondary")
    assert page.locator("#pst-secondary-sidebar-modal a[href^='#']").first.is_visible()
    page.keyboard.press("Escape")
    assert not dialog_open(page, "secondary")
    assert "secondary-toggle" in focused_classes(page)


def test_menu_button_hides_and_shows_the_sidebar_on_a_desktop(chromium, server):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/markt.html", wait_until="load")
    sidebar = page.locator("#pst-primary-sidebar")
    on_screen = "e => e.getBoundingClientRect().right > 0"
    assert sidebar.evaluate(on_screen)
    page.locator(".primary-toggle:visible").click()
    right = "document.getElementById('pst-primary-sidebar').getBoundingClientRect().right"
    page.wait_for_function(f"() => {right} <= 0")
    page.locator(".primary-toggle:visible").click()
    page.wait_for_function(f"() => {right} > 0")
    assert not dialog_open(page, "primary")
    context.close()


def test_link_kopieren_copies_the_stable_address(chromium, server):
    context = phone(chromium)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = context.new_page()
    page.goto(f"{server}/index.html", wait_until="load")
    button = page.locator("#these-3 .brief-linkcopy")
    assert button.is_visible() and button.inner_text() == "Link kopieren"
    button.tap()
    page.wait_for_function(
        "(document.querySelector('#these-3 .brief-linkcopy-status') || {}).textContent"
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == read_metadata()["url"] + "index.html#these-3"
    # The address lands on the thesis: its heading is the element with that id.
    page.goto(f"{server}/index.html#these-3", wait_until="load")
    assert page.locator("#these-3 > h2").inner_text().startswith("These 3")
    assert page.evaluate("location.hash") == "#these-3"
    context.close()


def test_a_wide_table_scrolls_in_its_own_region_with_a_hint(chromium, server):
    context = phone(chromium)
    page = context.new_page()
    page.goto(f"{server}/raum.html", wait_until="load")
    regions = page.locator(".brief-chart-details .brief-table-scroll")
    wide = None
    for i in range(regions.count()):
        region = regions.nth(i)
        region.evaluate("r => r.closest('details').open = true")
        page.wait_for_function("r => r.clientWidth > 0", arg=region.element_handle())
        if region.evaluate("r => r.scrollWidth > r.clientWidth + 1"):
            wide = region
            break
    assert wide is not None, "expected a data table wider than a 360 px screen on raum.html"
    page.wait_for_function(
        "r => r.nextElementSibling && !r.nextElementSibling.hidden", arg=wide.element_handle()
    )
    assert "seitlich wischen" in wide.evaluate("r => r.nextElementSibling.textContent")
    assert wide.get_attribute("tabindex") == "0" and wide.get_attribute("role") == "region"
    assert wide.get_attribute("aria-label")
    wide.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("r => r.scrollLeft > 0", arg=wide.element_handle())
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


MODE_NAMES = {"light": "Hell", "dark": "Dunkel", "auto": "Automatisch"}


def _context(chromium, width):
    if width < 640:
        return phone(chromium, width)
    return chromium.new_context(viewport={"width": width, "height": 900}, locale="de-DE")


@pytest.mark.parametrize("width", (browsing.PHONE_WIDTH, 1280))
def test_one_search_entry_no_empty_top_bar_and_ctrl_k(chromium, server, width):
    context = _context(chromium, width)
    page = context.new_page()
    page.goto(f"{server}/markt.html", wait_until="load")
    search = page.get_by_role("button", name="Suche")
    assert search.count() == 1 and search.is_visible()
    assert page.locator(".search-button-field:visible, input[type=search]:visible").count() == 0
    # The theme's full-width top bar held only a search field: gone at every width.
    assert not page.locator("#pst-header").is_visible()
    page.keyboard.press("Control+k")
    page.wait_for_function("() => document.getElementById('pst-search-dialog').open")
    assert page.evaluate("document.activeElement.type") == "search"
    page.keyboard.press("Escape")
    search.click()
    page.wait_for_function("() => document.getElementById('pst-search-dialog').open")
    context.close()


@pytest.mark.parametrize("width", (browsing.PHONE_WIDTH, 1280))
def test_colour_mode_switch_names_the_current_mode_in_german(chromium, server, width):
    context = _context(chromium, width)
    page = context.new_page()
    page.goto(f"{server}/markt.html", wait_until="load")
    seen = set()
    for _ in range(3):
        mode = page.evaluate("document.documentElement.dataset.mode")
        switch = page.get_by_role("button", name=f"Farbmodus: {MODE_NAMES[mode]}", exact=True)
        assert switch.count() == 1 and switch.is_visible(), mode
        seen.add(mode)
        switch.click()
        page.wait_for_function(f"() => document.documentElement.dataset.mode !== {mode!r}")
    assert seen == set(MODE_NAMES)
    context.close()


CAPTION_GAP = """() => [...document.querySelectorAll('figure.brief-chart-figure')].map(f => {
  const caption = f.querySelector('figcaption').getBoundingClientRect();
  const chart = f.querySelector('.brief-chart-view').getBoundingClientRect();
  return Math.round((chart.top - caption.bottom) * 10) / 10;
})"""


@pytest.mark.parametrize("width", (browsing.PHONE_WIDTH, 1280))
def test_figure_number_stays_with_its_chart_when_the_details_open(chromium, server, width):
    context = _context(chromium, width)
    page = context.new_page()
    page.goto(f"{server}/raum.html", wait_until="load")
    closed = page.evaluate(CAPTION_GAP)
    assert closed and all(0 <= gap < 40 for gap in closed), closed
    numbers = page.locator("figure.brief-chart-figure .caption-number")
    assert numbers.first.is_visible()
    assert re.fullmatch(r"Abbildung \d+\.\d+", numbers.first.inner_text().strip())
    page.evaluate("document.querySelectorAll('.brief-chart-details').forEach(d => d.open = true)")
    assert page.evaluate(CAPTION_GAP) == closed
    context.close()
