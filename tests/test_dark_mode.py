"""Dark mode (the colour switch "Dunkel") is as readable as light mode.

The book's tinted boxes (key points, additions, Kernsatz, motion blocks, a pressed group
button) had light backgrounds behind the theme's light dark-mode text: contrast 1.3:1 on
every page, and the light-mode browser tests could not see it. Each page is opened on a
360 px touch phone in dark mode and checked by axe-core; on a chart page a group button is
pressed (the chart goes live) and the data table opened first, so the pressed button, the
live chart and the table are checked too.
"""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

import browsing
from conftest import toc_pages

DARK = "localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');"


@pytest.mark.parametrize("name", toc_pages() + ["search"])
def test_dark_mode_passes_axe_on_a_phone(chromium, server, name):
    context = browsing.phone_context(chromium)
    context.add_init_script(DARK)
    page = context.new_page()
    try:
        page.goto(f"{server}/{name}.html")
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        chart = page.locator(".brief-chart:has(.brief-chart-group)").first
        if chart.count():
            chart.locator(".brief-chart-group").first.tap()
            page.wait_for_selector(".brief-chart[data-live='true']", timeout=10000)
            chart.locator(".brief-chart-details summary").tap()
            assert chart.locator(".brief-chart-group[aria-pressed='true']").count() == 1
        assert browsing.axe_lines(Axe(), page) == []
    finally:
        context.close()
