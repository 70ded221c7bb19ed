"""The theme's stylesheet carries only rules this book can use (issue 11: unused CSS on first view),
and dropping the others cannot change a page's look because no page uses their classes."""

from __future__ import annotations

from bs4 import BeautifulSoup

from brief.sphinxext.assets import FOREIGN_CLASS, THEME_CSS, drop_foreign_rules


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
    from brief.sphinxext.assets import unused_class_test

    css = (
        ".carousel{a:1}.btn,.toast{b:2}.x:not(.toast,.popover){c:3}"
        "@media (min-width:1px){.toast .btn{d:4}}a[href$=\".pdf\"]{e:5}.md\\:x{f:6}"
    )
    assert drop_foreign_rules(css, unused_class_test({"btn", "x"})) == (
        ".btn,.toast{b:2}.x:not(.toast,.popover){c:3}a[href$=\".pdf\"]{e:5}.md\\:x{f:6}"
    )


def test_the_theme_css_keeps_no_rule_for_a_class_the_site_never_names(site):
    from brief.sphinxext.assets import site_words, unused_class_test

    theme = (site / "_static" / THEME_CSS).read_text(encoding="utf-8")
    assert drop_foreign_rules(theme, unused_class_test(site_words(site))) == theme
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
