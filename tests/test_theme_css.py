"""The theme's stylesheet carries only rules this book can use (issue 11: unused CSS on first view),
and dropping the others cannot change a page's look because no page uses their classes."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from brief.sphinxext import csp, cssprune, firstview
from brief.sphinxext.assets import FOREIGN_CLASS, THEME_CSS, _foreign

DARK = "localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');"


def drop_foreign_rules(css: str) -> str:
    return cssprune.drop_rules(css, _foreign)


def test_foreign_rules_go_and_shared_rules_stay():
    css = (
        "/*! theme */:root{--a:1}.sd-card{color:red}.sd-card,.card{margin:0}"
        "@media (min-width:960px){.sd-tab{top:0}.bd-page{width:1px}}"
        "@media print{.jp-Cell{display:none}}@keyframes spin{0%{a:0}to{a:1}}"
    )
    assert drop_foreign_rules(css) == (
        "/*! theme */:root{--a:1}.sd-card,.card{margin:0}"
        "@media (min-width:960px){.bd-page{width:1px}}@keyframes spin{0%{a:0}to{a:1}}"
    )


def test_no_page_uses_a_dropped_class_and_the_theme_css_has_none_alone(site):
    used = set()
    for page in site.rglob("*.html"):
        tree = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for element in tree.find_all(class_=True):
            used |= {c for c in element["class"] if FOREIGN_CLASS.match("." + c)}
    assert not used, f"pages use classes whose theme rules the build drops: {sorted(used)}"
    theme = (site / "_static" / THEME_CSS).read_text(encoding="utf-8")
    assert drop_foreign_rules(theme) == theme
    assert ".bd-sidebar-primary" in theme  # the theme's own rules are still there


def test_rules_for_classes_no_page_or_script_names_go():
    css = (
        ".carousel{a:1}.btn,.toast{b:2}.x:not(.toast,.popover){c:3}"
        "@media (min-width:1px){.toast .btn{d:4}}a[href$=\".pdf\"]{e:5}.md\\:x{f:6}"
    )
    assert cssprune.drop_rules(css, cssprune.needs_unnamed_class({"btn", "x"})) == (
        ".btn,.toast{b:2}.x:not(.toast,.popover){c:3}a[href$=\".pdf\"]{e:5}.md\\:x{f:6}"
    )


def test_the_theme_css_keeps_no_rule_for_a_class_the_site_never_names(site):
    from brief.sphinxext.assets import site_words

    theme = (site / "_static" / THEME_CSS).read_text(encoding="utf-8")
    assert cssprune.drop_rules(theme, cssprune.needs_unnamed_class(site_words(site))) == theme
    assert ".nav-tabs" not in theme and ".ablog-sidebar-item" not in theme  # never used
    assert ".bd-sidebar-primary" in theme and ".search-button" in theme


def test_the_stylesheets_inside_the_pages_do_not_count_as_used_classes(tmp_path):
    """A rebuild sees pages that already carry their stylesheets (brief.sphinxext.firstview);
    their selectors must not keep rules a fresh build drops (same bytes either way)."""
    from brief.sphinxext.assets import site_words

    (tmp_path / "page.html").write_text(
        '<style data-brief-css="_static/t.css">.toast{a:1}</style><div class="btn"></div>',
        encoding="utf-8",
    )
    words = site_words(tmp_path)
    assert "btn" in words and "toast" not in words


def test_icon_glyph_rules_go_whole_even_when_grouped():
    """Font Awesome groups aliases (``.fa-a:before,.fa-b:before{content:…}``). Cutting text by
    pattern once removed only the last selector and glued the others to the next rule."""
    css = (
        '.fa-a:before,.fa-b:before{content:"\\f101"}.sr-only{height:1px}'
        '.fa-c::before{content:"\\f102"}.fa-lg{font-size:1.25em}'
        "@font-face{font-family:\"Font Awesome 6 Free\";src:url(x.woff2)}"
        "@font-face{font-family:Other;src:url(y.woff2)}"
    )
    assert cssprune.drop_icon_font(css) == (
        ".sr-only{height:1px}.fa-lg{font-size:1.25em}@font-face{font-family:Other;src:url(y.woff2)}"
    )


def test_the_site_theme_css_has_no_icon_glyph_rule(site):
    theme = (site / "_static" / THEME_CSS).read_text(encoding="utf-8")
    assert cssprune.drop_icon_font(theme) == theme
    assert ".fa-chevron-circle-right" not in theme and ".woff2" not in theme


def _blocks_of(page: str) -> dict[str, str]:
    return {m.group("href"): m.group(0) for m in firstview.INLINED.finditer(page)}


def test_each_page_keeps_only_the_rules_its_html_and_scripts_can_use(site):
    """A page's copy of a stylesheet drops rules for classes that neither the page nor any
    script it runs names; a class only a script adds keeps its rules."""
    def read(folder):
        return lambda href: (folder / href).read_text(encoding="utf-8")

    raum = (site / "raum.html").read_text(encoding="utf-8")
    quellen = (site / "quellen.html").read_text(encoding="utf-8")
    brief_css = lambda page: _blocks_of(page)["_static/brief.css"]  # noqa: E731
    # brief-charts.js adds the tooltip; no page's HTML names it, chart pages load the script.
    assert "brief-tooltip" not in firstview.INLINED.sub("", raum)
    assert ".brief-tooltip{" in brief_css(raum).replace(" ", "")
    assert ".brief-tooltip" not in brief_css(quellen)  # no chart, no chart script
    for page in (raum, quellen):
        named = firstview.page_words(page, read(site))
        for href, block in _blocks_of(page).items():
            body = block[block.index(">") + 1 : -len("</style>")]
            assert cssprune.drop_rules(body, cssprune.needs_unnamed_class(named)) == body, href
    theme = lambda page: len(_blocks_of(page)["_static/" + THEME_CSS])  # noqa: E731
    full = len(firstview.inline_css((site / "_static" / THEME_CSS).read_text(), "_static/x"))
    assert theme(quellen) < 0.9 * full and theme(raum) < 0.9 * full


def test_the_scripts_a_page_runs_include_those_the_chart_loader_loads_later():
    page = (
        '<script defer src="_static/doctools.js?v=1"></script><script type="module">x</script>'
        '<script data-load="vendor/vega.js brief-charts.js" defer src="_static/loader.js?v=2">'
        '</script><script src="https://elsewhere.example/x.js"></script>'
    )
    assert firstview.loaded_scripts(page) == [
        "_static/doctools.js", "_static/loader.js", "_static/vendor/vega.js",
        "_static/brief-charts.js",
    ]


# The look of every element (and of its ::before/::after where they show) as a hash of the
# computed properties a reader can see, with its box: every property of every element took
# seconds per page. Inside an SVG only the root counts: chart drawings carry their look in
# attributes.
_LOOK = (
    "display position float visibility opacity z-index top left right bottom color "
    "background-color background-image mask-image border-top-width border-right-width "
    "border-bottom-width border-left-width border-top-style border-bottom-style "
    "border-top-color border-bottom-color border-left-color border-top-left-radius "
    "box-shadow outline-style outline-width outline-color font-family font-size font-weight "
    "font-style line-height letter-spacing text-align text-decoration-line text-transform "
    "white-space vertical-align list-style-type margin-top margin-right margin-bottom "
    "margin-left padding-top padding-right padding-bottom padding-left overflow-x overflow-y "
    "transform filter cursor flex-direction justify-content align-items gap "
    "grid-template-columns content fill stroke"
).split()
_SIGNATURES = """(props) => {
  const hash = (s) => { let h = 2166136261; for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); } return (h >>> 0).toString(16); };
  const look = (cs) => props.map((p) => cs.getPropertyValue(p)).join(";");
  const pseudo = (el, which) => { const cs = getComputedStyle(el, which);
    return cs.content === "none" || cs.content === "normal" ? "" : which + look(cs); };
  return Array.from(document.querySelectorAll("body *:not(svg *)"), (el) => {
    const r = el.getBoundingClientRect();
    return [el.tagName + "." + (el.getAttribute("class") || ""),
            hash(look(getComputedStyle(el)) + pseudo(el, "::before") + pseudo(el, "::after")),
            [r.x, r.y, r.width, r.height].map(Math.round).join(",")];
  });
}"""


def _with_whole_stylesheets(page: str, site, name: str) -> str:
    """The page as it would be with each stylesheet whole (only the site-wide trimming),
    under a policy that allows those blocks instead."""
    whole = firstview.whole_sheets(page, lambda href: (site / href).read_text(encoding="utf-8"))
    return csp.secure_page(whole, name)[0]


@pytest.mark.parametrize("mode", ["light-phone", "dark-desktop"])
def test_a_page_looks_the_same_with_its_share_of_the_stylesheets(chromium, server, site, mode):
    """Every element of every chapter has the same computed style, pseudo-elements included,
    and the same box as with the whole stylesheets: on a 360 px phone in light mode and at
    1280 px in dark mode."""
    import browsing

    names = ["index", "markt", "autonomie", "daseinsvorsorge", "raum", "empfehlungen",
             "methodik", "quellen", "zitieren", "glossar", "search", "genindex"]
    if mode == "light-phone":
        context = browsing.phone_context(chromium)
    else:
        context = chromium.new_context(**browsing.DESKTOP)
        context.add_init_script(DARK)
    whole = {n: _with_whole_stylesheets((site / f"{n}.html").read_text(encoding="utf-8"), site, n)
             for n in names}
    variant = {"on": False}

    def serve_page(route, request):
        name = request.url.split("/")[-1].split("?")[0].split("#")[0].removesuffix(".html")
        if variant["on"] and name in whole:
            route.fulfill(status=200, content_type="text/html", body=whole[name])
        else:
            route.continue_()

    context.route("**/*.html*", serve_page)
    page = context.new_page()
    differences = []
    for name in names:
        seen = []
        for on in (False, True):
            variant["on"] = on
            page.goto(f"{server}/{name}.html", wait_until="load")
            page.wait_for_timeout(50)
            seen.append(page.evaluate(_SIGNATURES, _LOOK))
        trimmed, full = seen
        assert len(trimmed) == len(full), name
        differences += [f"{name}: {a} != {b}" for a, b in zip(trimmed, full) if a != b][:3]
    context.close()
    assert not differences, "\n".join(differences)
