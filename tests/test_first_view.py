"""What a reader's first view costs (issue 11, outcome 2), checked without timing anything.

The page shows as soon as its HTML has arrived: its screen stylesheets are inside it (no second
round trip before the first paint), no script in any page's <head> holds the first paint (files
are deferred, Sphinx's inline page settings run as deferred modules; only the one-line
colour-mode script runs at once, so dark mode never flashes), the print stylesheet does not
block the screen, and no stylesheet imports another. Before a reader touches anything, a page
transfers at most 150 KiB gzip, a page without charts at most 100 KiB (the shared phone visits
record the gzip bytes of every response). The timed budgets (TBT, LCP) stay in
``make benchmark`` (brief.tools.budgets).
"""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, Tag

from brief.sphinxext import cssprune, firstview

KIB = 1024
BUDGET = 150 * KIB
BUDGET_NO_CHARTS = 100 * KIB
# The one script that must run before the first paint (book/_templates/layout.html).
COLOUR_MODE = "document.documentElement.dataset.mode"


def _pages(site):
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


def _head(path) -> Tag:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").head


def _stylesheets(head: Tag) -> list[Tag]:
    return head.find_all("link", rel="stylesheet")


def _blocking_scripts(head: Tag) -> list[str]:
    found = []
    for script in head.find_all("script"):
        kind = script.get("type")
        if kind and kind not in ("text/javascript", "module"):
            continue  # data, never run
        if script.has_attr("defer") or script.has_attr("async") or kind == "module":
            continue
        if not script.has_attr("src") and COLOUR_MODE in (script.string or ""):
            continue
        found.append(str(script)[:80])
    return found


def test_no_page_head_holds_the_first_paint_with_a_script(site):
    pages = _pages(site)
    assert len(pages) >= 12
    blocking = {p.name: s for p in pages if (s := _blocking_scripts(_head(p)))}
    assert blocking == {}


def test_sphinx_page_settings_still_reach_the_deferred_scripts(site):
    """DOCUMENTATION_OPTIONS is defined by a deferred file; the page name set after it must
    run after it too, or the theme's scripts read an undefined page name."""
    scripts = _head(site / "glossar.html").find_all("script")
    options = next(i for i, s in enumerate(scripts)
                   if "documentation_options.js" in s.get("src", ""))
    assert scripts[options].has_attr("defer")
    setting = next(i for i, s in enumerate(scripts)
                   if (s.string or "").startswith("DOCUMENTATION_OPTIONS.pagename"))
    assert scripts[setting].get("type") == "module" and setting > options


def test_print_stylesheet_does_not_block_the_screen(site):
    styled = 0
    for path in _pages(site):
        links = _stylesheets(_head(path))
        if not links:
            continue  # the share pages under these/ only redirect
        styled += 1
        sheets = [s for s in links if "brief-print.css" in s["href"]]
        assert len(sheets) == 1 and sheets[0].get("media") == "print", path.name
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


def test_every_screen_stylesheet_is_inside_the_page_and_current(site):
    """No page links a screen stylesheet; each is a <style> with exactly the rules of the file
    it names that the page can use (the cascade order of the links), and the Content Security
    Policy precedes it."""
    static = site / "_static"
    inlined = 0
    for path in _pages(site):
        head = _head(path)
        links = [s for s in _stylesheets(head) if s.get("media") != "print"]
        assert links == [], path.name
        blocks = head.find_all("style", attrs={"data-brief-css": True})
        if not blocks:
            continue  # the share pages under these/ only redirect
        inlined += 1
        names = [block["data-brief-css"].removeprefix("_static/") for block in blocks]
        assert names[:4] == [
            firstview.THEME_ENTRY_CSS, "styles/pydata-sphinx-theme.css",
            "styles/sphinx-book-theme.css", "brief.css",
        ], path.name
        html = path.read_text(encoding="utf-8")
        dead = cssprune.needs_unnamed_class(
            firstview.page_words(html, lambda h: (site / h).read_text(encoding="utf-8"))
        )
        for block in blocks:
            href = block["data-brief-css"]
            text = (static / href.removeprefix("_static/")).read_text(encoding="utf-8")
            whole = firstview.inline_css(text, href)
            assert block.string == cssprune.drop_rules(whole, dead), (path.name, href)
        policy = head.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert blocks[0] in policy.find_all_next("style"), path.name
    assert inlined >= 12


def test_inlining_keeps_order_print_sheets_and_resolves_urls_from_the_page():
    page = (
        '<head><link href="../_static/styles/a.css?digest=1" rel="stylesheet" />'
        '<link media="print" rel="stylesheet" href="../_static/p.css?v=2" />'
        '<link rel="stylesheet" type="text/css" href="../_static/b.css?v=3" />'
        '<link rel="stylesheet" href="https://example.org/x.css" /></head>'
        '<body class="a i b"><script defer src="../_static/s.js?v=4"></script></body>'
    )
    files = {
        "../_static/s.js": "el.classList.add('c')",
        "../_static/styles/a.css": '@charset "UTF-8";.a{background:url(../file.png)}'
                                   ".i{mask:url(\"data:image/svg+xml,x\")}"
                                   "/*# sourceMappingURL=a.css.map*/",
        "../_static/b.css": ".b{color:red}.c{color:green}.unnamed{color:pink}",
    }
    once = firstview.inline_sheets(page, files.__getitem__)
    assert once == (
        '<head><style data-brief-css="../_static/styles/a.css">'
        '.a{background:url(../_static/file.png)}.i{mask:url("data:image/svg+xml,x")}</style>'
        '<link media="print" rel="stylesheet" href="../_static/p.css?v=2" />'
        '<style data-brief-css="../_static/b.css">.b{color:red}.c{color:green}</style>'
        '<link rel="stylesheet" href="https://example.org/x.css" /></head>'
        '<body class="a i b"><script defer src="../_static/s.js?v=4"></script></body>'
    )
    # A rebuild that leaves the page alone still takes the rules from the current file.
    files["../_static/b.css"] = ".b{color:blue}.c{color:green}"
    assert firstview.inline_sheets(once, files.__getitem__) == once.replace("red", "blue")
    files["../_static/b.css"] = "</style><script>alert(1)</script>"
    with pytest.raises(ValueError, match="b.css"):
        firstview.inline_sheets(once, files.__getitem__)


def _first_view(visits):
    return {
        name: (record["charts"], sum(record["gzip"].values()))
        for name, record in visits["phone"].items()
    }


def test_every_first_view_stays_within_its_transfer_budget(visits):
    over = {}
    for name, (charts, sent) in _first_view(visits).items():
        budget = BUDGET if charts else BUDGET_NO_CHARTS
        if sent > budget:
            over[name] = f"{sent / KIB:.1f} KiB gzip > {budget // KIB} KiB"
    assert over == {}


@pytest.mark.parametrize("name", ["glossar.html", "raum.html"])
def test_first_view_fetches_the_page_and_its_own_files_only(visits, name):
    """No bootstrap.js, icon font, search index, screen stylesheet or chart code before a reader
    reaches out."""
    urls = list(visits["phone"][name]["gzip"])
    assert urls and all("/_static/" in u or u.endswith(name) or "favicon" in u for u in urls)
    for unwanted in (
        "bootstrap.js", "fontawesome", "searchindex.js", "vega-", "brief-charts.js", ".woff"
    ):
        assert not [u for u in urls if unwanted in u], unwanted
    # No stylesheet request but the print one (media="print", never before the first paint).
    assert [u for u in urls if ".css" in u and "brief-print.css" not in u] == []


def test_no_page_loads_bootstrap(site):
    """The book uses none of Bootstrap's widgets (README, "Entscheidungen")."""
    loading = [  # a script element, not the word: brief.css names the file in a comment
        p.name for p in _pages(site)
        if BeautifulSoup(p.read_text(encoding="utf-8"), "lxml").find(
            "script", src=lambda src: src and "bootstrap.js" in src)
    ]
    assert loading == []


@pytest.mark.parametrize("width", (360, 1280))
def test_theme_controls_work_without_bootstrap(chromium, server, width):
    """Search dialog, colour mode and "back to top" still work for a reader."""
    context = chromium.new_context(viewport={"width": width, "height": 800}, locale="de-DE")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}/glossar.html", wait_until="load")
    page.locator(".search-button-field:visible, .search-button:visible").first.click()
    page.wait_for_function("() => document.getElementById('pst-search-dialog').open")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('pst-search-dialog').open")
    switch = page.locator(".theme-switch-button:visible").first
    before = page.evaluate("document.documentElement.dataset.mode")
    switch.click()
    page.wait_for_function("m => document.documentElement.dataset.mode !== m", arg=before)
    top = page.locator("#pst-back-to-top")
    page.mouse.wheel(0, 3000)
    page.wait_for_function("() => window.scrollY > 2000")
    assert top.is_hidden()  # scrolling down: the reader reads on
    page.mouse.wheel(0, -500)
    if width < 1200:
        top.wait_for(state="visible")
        top.click()
        page.wait_for_function("() => window.scrollY === 0")
    else:  # the book theme never shows it this wide (the contents sidebar is there)
        page.wait_for_timeout(300)
        assert top.is_hidden()
    assert errors == []
    context.close()


def test_the_first_paint_waits_for_the_whole_header(site):
    """Every page with an article holds its first paint until the article begins
    (``rel=expect``): painted mid-header, the buttons parsed next pushed the shown ones aside
    (a layout shift on the first screen)."""
    held = 0
    for path in _pages(site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        article = soup.find("article", class_="bd-article")
        if article is None:
            continue  # the share pages under these/ only redirect
        expect = soup.head.find("link", rel="expect")
        assert expect and expect.get("blocking") == "render", path.name
        assert expect["href"] == f"#{article.get('id')}", path.name
        header = soup.find(class_="header-article-items__end")
        assert header is None or article in header.find_all_next("article"), path.name
        held += 1
    assert held >= 11  # every chapter and the index of terms (search.html has no article)
    page = "<head></head><body><article class=\"bd-article\">x</article></body>"
    once = firstview.paint_after_header(page)
    assert firstview.paint_after_header(once) == once and once.count('rel="expect"') == 1
