"""The strict Content Security Policy: in every built page, in _headers, and in a real browser.

Every page carries the policy of issue 11 (no 'unsafe-eval', no 'unsafe-inline' for scripts);
every inline script it runs is allowed by its own SHA-256 and nothing else is. In Chromium,
at desktop width (mouse) and on a phone (touch), no page reports a single CSP violation,
charts still go live and show tooltips, and the search box still finds text although
form-action is 'none'. What axe-core itself causes during the shared visits (it appends a
<style> element to read stylesheets) is not the reader's and is kept out of the record.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

import browsing
from brief.sphinxext import csp
from browsing import COLLECT_VIOLATIONS

DIRECTIVES = csp.BASE_POLICY


def _policy(page: str) -> dict[str, list[str]]:
    meta = BeautifulSoup(page, "html.parser").find(
        "meta", attrs={"http-equiv": "Content-Security-Policy"}
    )
    assert meta, "no Content-Security-Policy meta tag"
    return {d.split()[0]: d.split()[1:] for d in meta["content"].split("; ")}


def _pages(site):
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


def test_every_page_has_the_strict_policy_before_any_script(site):
    pages = _pages(site)
    assert len(pages) >= 12
    for path in pages:
        text = path.read_text(encoding="utf-8")
        policy = _policy(text)
        for directive, sources in DIRECTIVES.items():
            assert policy[directive][: len(sources)] == sources, (path.name, directive)
        assert "'unsafe-eval'" not in text.split("<body")[0], path.name
        assert not any("unsafe" in s for s in policy["script-src"] + policy["style-src"]), path.name
        head = text.split("</head>")[0]
        if "<script" in head:
            assert head.index("Content-Security-Policy") < head.index("<script"), path.name
        referrer = BeautifulSoup(head, "html.parser").find("meta", attrs={"name": "referrer"})
        assert referrer and referrer["content"] == "no-referrer", path.name


def test_exactly_the_pages_own_inline_scripts_are_allowed(site):
    for path in _pages(site):
        text = path.read_text(encoding="utf-8")
        scripts, styles = csp.inline_hashes(text)
        policy = _policy(text)
        assert sorted(s for s in policy["script-src"] if s.startswith("'sha256-")) == scripts, (
            path.name
        )
        assert sorted(s for s in policy["style-src"] if s.startswith("'sha256-")) == styles, (
            path.name
        )


def test_headers_file_sends_the_policy_and_the_other_headers(site):
    headers = (site / "_headers").read_text(encoding="utf-8")
    assert headers.startswith("/*\n")
    fields = dict(line.strip().split(": ", 1) for line in headers.splitlines()[1:])
    policy = {d.split()[0]: d.split()[1:] for d in fields["Content-Security-Policy"].split("; ")}
    assert policy["frame-ancestors"] == ["'none'"]
    for directive, sources in DIRECTIVES.items():
        assert policy[directive][: len(sources)] == sources
    # Each page's own hashes are in the header too (both policies apply; a page needs both).
    for path in _pages(site):
        scripts, _ = csp.inline_hashes(path.read_text(encoding="utf-8"))
        assert set(scripts) <= set(policy["script-src"]), path.name
    assert fields["Referrer-Policy"] == "no-referrer"
    assert fields["X-Content-Type-Options"] == "nosniff"
    assert (
        "camera=()" in fields["Permissions-Policy"]
        and "geolocation=()" in fields["Permissions-Policy"]
    )


def test_an_inline_handler_or_style_attribute_stops_the_build_naming_the_page():
    page = (
        '<html><head>\n<meta charset="utf-8" /></head><body>\n<p>x</p>\n'
        '<a href="#" onclick="go()">x</a></body></html>'
    )
    with pytest.raises(csp.CSPError, match=r"seite\.html, line 4: inline onclick="):
        csp.secure_page(page, "seite.html")
    with pytest.raises(csp.CSPError, match=r"style="):
        csp.secure_page(page.replace('onclick="go()"', 'style="color: red"'), "seite.html")
    # Escaped text and JSON data blocks are not markup: no error, and JSON is never hashed.
    quiet = page.replace(
        '<a href="#" onclick="go()">x</a>',
        '&lt;a onclick="x"&gt;<script type="application/json">{"a": "<b onclick=1>"}</script>',
    )
    secured, scripts, _ = csp.secure_page(quiet, "seite.html")
    assert scripts == [] and secured.count("Content-Security-Policy") == 1
    # Data text in an attribute value (a hostile source line in data-source) is not an
    # attribute either: the hostile-data build stopped here before the check parsed HTML.
    hostile = page.replace(
        'onclick="go()"', 'data-source="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"'
    )
    assert csp.secure_page(hostile, "seite.html")[1] == []
    # A rebuild that finds last build's tags replaces them instead of stacking a second policy.
    assert csp.secure_page(secured, "seite.html")[0] == secured


# ------------------------------------------------------------------------------------ browser

@pytest.fixture(scope="module")
def browser_visits(visits):
    """Every page at desktop width (1280 px, mouse) and on a 360 px phone (touch): the CSP
    violations it reported, CSP console messages and script errors, and whether its charts
    went live and showed tooltips (conftest's shared ``visits``; share pages under these/ run
    no script and redirect at once, their meta policy is checked above)."""
    results = {}
    for width in ("desktop", "phone"):
        for name, seen in visits[width].items():
            tooltips = seen["tooltips"]
            results[f"{name} ({width})"] = {
                "violations": seen["csp"],
                "console": seen["csp_console"] + seen["pageerrors"],
                "live": seen["live"],
                "tooltips": list(tooltips.values()) if isinstance(tooltips, dict) else tooltips,
            }
    return results


def test_no_page_reports_a_csp_violation(browser_visits):
    assert len(browser_visits) >= 24
    assert {n.rsplit(" ", 1)[1] for n in browser_visits} == {"(desktop)", "(phone)"}
    problems = {
        n: v["violations"] + v["console"]
        for n, v in browser_visits.items()
        if v["violations"] or v["console"]
    }
    assert problems == {}


def test_charts_go_live_and_show_tooltips_under_the_policy(browser_visits):
    charts = [(n, i) for n, v in browser_visits.items() for i, _ in enumerate(v["live"])]
    assert len(charts) >= 9
    assert [c for c in charts if not browser_visits[c[0]]["live"][c[1]]] == []
    assert [c for c in charts if not browser_visits[c[0]]["tooltips"][c[1]]] == []


def test_the_policy_is_enforced_not_just_written(chromium, server):
    """An injected inline script must not run, and the browser must say why."""
    context = chromium.new_context()
    context.add_init_script(COLLECT_VIOLATIONS)
    page = context.new_page()
    page.goto(f"{server}/index.html", wait_until="load")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
        " document.body.append(s); }"
    )
    page.wait_for_function("() => window.__csp.length > 0", timeout=5000)
    assert page.evaluate("window.__ran") is None
    assert any(v.startswith("script-src") for v in page.evaluate("window.__csp"))
    context.close()


def test_search_box_finds_text_without_a_form_submission(chromium, server):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    context.add_init_script(COLLECT_VIOLATIONS)
    page = context.new_page()
    page.goto(f"{server}/markt.html", wait_until="load")
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog form.bd-search input")
    field.wait_for(state="visible", timeout=5000)
    field.fill("Daseinsvorsorge")
    field.press("Enter")
    page.wait_for_url(re.compile(r"/search\.html\?q=Daseinsvorsorge"), timeout=10000)
    results = page.locator("#search-results li")
    results.first.wait_for(timeout=15000)
    assert results.count() >= 1
    assert page.evaluate("window.__csp") == []
    context.close()


def test_the_visits_drop_only_axe_cores_own_reports(chromium, server):
    """The shared visits leave axe-core's own blocked <style> out of the reader's record
    (browsing.axe_violations); an inline style the page itself applies must still be there,
    so the check above cannot go blind at desktop width."""
    from urllib.parse import urlparse

    from axe_playwright_python.sync_playwright import Axe

    context = chromium.new_context(**browsing.DESKTOP)
    context.add_init_script(COLLECT_VIOLATIONS)
    page = context.new_page()
    record = browsing._watch(page, urlparse(server).netloc)
    page.goto(f"{server}/genindex.html", wait_until="networkidle")
    page.evaluate(
        "() => { const s = document.createElement('style'); s.textContent = 'p{color:red}';"
        " document.head.append(s); }"
    )
    page.wait_for_function("() => window.__csp.length > 0", timeout=5000)
    page.wait_for_timeout(200)  # the console line arrives on its own
    own, own_console = page.evaluate("window.__csp"), list(record["csp_console"])
    assert own and all(v.startswith("style-src") for v in own)
    browsing.axe_violations(Axe(), page, record)
    page.wait_for_timeout(200)
    assert record["csp_console"] == own_console and len(own_console) == len(own)
    assert page.evaluate("window.__csp") == []
    context.close()
