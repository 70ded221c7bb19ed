"""What a reader's first view costs (issue 11, outcome 2), checked without timing anything.

The page shows as soon as its HTML and screen stylesheets have arrived: no script in any page's
<head> holds the first paint (files are deferred, Sphinx's inline page settings run as deferred
modules; only the one-line colour-mode script runs at once, so dark mode never flashes), the
print stylesheet does not block the screen, and no stylesheet imports another (a second round
trip in a row). Before a reader touches anything, a page transfers at most 150 KiB gzip, a page
without charts at most 100 KiB (the shared phone visits record the gzip bytes of every
response). The timed budgets (TBT, LCP) stay in ``make benchmark`` (brief.tools.budgets).
"""
from __future__ import annotations

import re

from brief.sphinxext import firstview

KIB = 1024
BUDGET = 150 * KIB
BUDGET_NO_CHARTS = 100 * KIB
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
_STYLESHEET = re.compile(r"<link\b[^>]*rel=\"stylesheet\"[^>]*>", re.I)
# The one script that must run before the first paint (book/_templates/layout.html).
COLOUR_MODE = "document.documentElement.dataset.mode"


def _pages(site):
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


def _head(path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[: text.index("</head>")]


def _blocking_scripts(head: str) -> list[str]:
    found = []
    for attrs, body in _SCRIPT.findall(head):
        kind = re.search(r'type="([^"]*)"', attrs)
        if kind and kind.group(1) not in ("text/javascript", "module"):
            continue  # data, never run
        if re.search(r"\b(defer|async)\b", attrs) or (kind and kind.group(1) == "module"):
            continue
        if "src=" not in attrs and COLOUR_MODE in body:
            continue
        found.append(attrs.strip() or body.strip()[:60])
    return found


def test_no_page_head_holds_the_first_paint_with_a_script(site):
    pages = _pages(site)
    assert len(pages) >= 12
    blocking = {p.name: s for p in pages if (s := _blocking_scripts(_head(p)))}
    assert blocking == {}


def test_sphinx_page_settings_still_reach_the_deferred_scripts(site):
    """DOCUMENTATION_OPTIONS is defined by a deferred file; the page name set after it must
    run after it too, or the theme's scripts read an undefined page name."""
    head = _head(site / "glossar.html")
    options = head.index("documentation_options.js")
    setting = re.search(r'<script type="module">DOCUMENTATION_OPTIONS.pagename', head)
    assert setting and setting.start() > options
    assert re.search(r'<script defer="defer" src="_static/documentation_options.js', head)


def test_print_stylesheet_does_not_block_the_screen(site):
    styled = 0
    for path in _pages(site):
        links = _STYLESHEET.findall(_head(path))
        if not links:
            continue  # the share pages under these/ only redirect
        styled += 1
        sheets = [s for s in links if "brief-print.css" in s]
        assert len(sheets) == 1 and 'media="print"' in sheets[0], path.name
    assert styled >= 12


def test_no_stylesheet_waits_for_another(site):
    """theme.css carries Sphinx's basic rules itself instead of importing basic.css."""
    static = site / "_static"
    theme = (static / firstview.THEME_ENTRY_CSS).read_text(encoding="utf-8")
    assert "@import" not in theme
    assert "div.sphinxsidebarwrapper" in theme  # basic.css's rules are there
    assert "url(../file.png)" in theme  # and its image still resolves from styles/
    assert (static / "file.png").exists()
    for css in static.rglob("*.css"):
        if css.name != "basic.css":
            assert "@import" not in css.read_text(encoding="utf-8"), css.name
