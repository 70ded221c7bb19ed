"""The live charts' specs leave the page for a script of their own (brief.sphinxext.chartspecs,
issue 11: LCP): the step on sample pages, then every built page and its specs file against a
fresh render of every chart. Hostile data in the file: tests/test_hostile_data.py; the file
loads only on interaction: tests/test_chart_loading.py."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from brief import charts, render
from brief.sphinxext import chartspecs
from conftest import page_specs

LOADER = (
    '<script data-load="vendor/vega.js brief-locale-de.js brief-charts.js" defer="defer" '
    'src="../_static/brief-charts-loader.js?v=1"></script>'
)


def _block(key: str, spec: dict) -> str:
    layout = key.rsplit("-", 1)[1]
    return (
        f'<script type="application/json" class="brief-chart-spec" data-layout="{layout}" '
        f'id="{key}">{render._json_for_script(spec)}</script>'
    )


SPECS = {
    "chart-a-spec-wide": {"data": [{"t": "</script><script>alert(1)</script>"}], "w": 600},
    "chart-a-spec-phone": {"data": [{"t": "\u2028};alert(2)//<!--"}], "w": 320},
}
PAGE = (
    f"<html><head>{LOADER}</head><body><div class=\"brief-chart\" id=\"chart-a\">"
    + "".join(_block(k, v) for k, v in SPECS.items())
    + "<p>Quelle</p></div></body></html>"
)


def test_the_specs_leave_the_page_for_a_file_the_loader_names_before_the_chart_code():
    page, file, script = chartspecs.move_specs(PAGE, "a.html")
    assert re.fullmatch(r"a-[0-9a-f]{12}\.js", file)
    assert "brief-chart-spec" not in page and "application/json" not in page
    assert page == PAGE.replace("".join(_block(k, v) for k, v in SPECS.items()), "").replace(
        "brief-locale-de.js brief-charts.js", f"brief-locale-de.js specs/{file} brief-charts.js"
    )
    assert chartspecs.named_specs_file(page) == file
    assert chartspecs.read_specs_script(script) == SPECS
    assert list(chartspecs.read_specs_script(script)) == list(SPECS)  # the page's order
    # The data's markup, comment openers and line separators are \u escapes in the file.
    assert "<" not in script.split("\n", 1)[1] and "\u2028" not in script


def test_a_changed_spec_gets_a_new_name_and_the_same_spec_the_same_bytes():
    first = chartspecs.move_specs(PAGE, "a.html")
    assert chartspecs.move_specs(PAGE, "a.html") == first
    changed = chartspecs.move_specs(PAGE.replace("600", "601"), "a.html")
    assert changed[1] != first[1]
    # The name is the checksum of the bytes (a cache never serves an old spec under it).
    assert first[1] == f"a-{hashlib.sha256(first[2].encode()).hexdigest()[:12]}.js"
    # A page Sphinx rewrote gets its new entry in place of the old one, never a second one.
    again = chartspecs.with_specs_entry(first[0], f"specs/{changed[1]}", "a.html")
    assert again.count("specs/") == 1 and f"specs/{changed[1]} brief-charts.js" in again


def test_the_strict_reading_refuses_anything_but_registrations():
    _, _, script = chartspecs.move_specs(PAGE, "a.html")
    for bad in (
        script.replace("= {", "= alert(1) || {", 1),
        script + "alert(1)\n",
        script.replace('"w":600}', '"w":600};alert(1)'),
        script.replace('"w":600', '"w": 600'),
        script.replace("\\u003c", "<", 1),
        script.rstrip("\n"),
    ):
        with pytest.raises(chartspecs.SpecError):
            chartspecs.read_specs_script(bad)


def _site(tmp_path: Path) -> Path:
    (tmp_path / "_static").mkdir()
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body>Text</body></html>", encoding="utf-8")
    return tmp_path


def test_a_rebuild_that_leaves_a_page_alone_keeps_its_specs_file(tmp_path):
    site = _site(tmp_path)
    folder = site / "_static" / "specs"
    folder.mkdir()
    (folder / "a-000000000000.js").write_text("old", encoding="utf-8")
    named = chartspecs.move_site_specs(site)
    assert list(named) == ["a.html"]
    assert [p.name for p in folder.iterdir()] == [named["a.html"]], "an old file stays behind"
    page = (site / "a.html").read_text(encoding="utf-8")
    script = (folder / named["a.html"]).read_text(encoding="utf-8")
    # Sphinx did not rewrite a.html: no blocks, the same file named, nothing changes.
    assert chartspecs.move_site_specs(site) == named
    assert (site / "a.html").read_text(encoding="utf-8") == page
    assert (folder / named["a.html"]).read_text(encoding="utf-8") == script
    # Without its file such a page would lose its live charts: the build stops instead.
    (folder / named["a.html"]).unlink()
    with pytest.raises(chartspecs.SpecError, match="a.html.*clean build"):
        chartspecs.move_site_specs(site)


# ------------------------------------------------------------------ in the built site


def test_no_built_page_carries_a_spec_block(site):
    for path in sorted(p for p in site.rglob("*.html") if "_static" not in p.parts):
        text = path.read_text(encoding="utf-8")
        assert "brief-chart-spec" not in text and "application/json" not in text, path.name


def test_every_chart_has_both_specs_in_its_pages_versioned_file(site):
    """Wide and phone spec of every chart, nothing else, in the file its page names, whose name
    holds the checksum of its bytes (a changed spec is never served stale). That they equal a
    fresh render: tests/test_charts.py, test_two_builds_give_identical_chart_html."""
    found = set()
    for path in sorted(site.glob("*.html")):
        text = path.read_text(encoding="utf-8")
        names = re.findall(r'<div class="brief-chart" id="chart-([^"]+)"', text)
        if not names:
            assert chartspecs.named_specs_file(text) is None, path.name
            continue
        assert sorted(page_specs(site, path.name)) == sorted(
            f"chart-{n}-spec-{kind}" for n in names for kind in ("wide", "phone")
        ), path.name
        file = chartspecs.named_specs_file(text)
        script = (site / "_static" / chartspecs.SPEC_DIR / file).read_bytes()
        assert file == f"{path.stem}-{hashlib.sha256(script).hexdigest()[:12]}.js"
        found.update(names)
    assert found == set(charts.FIGURES)
    # Only the files the pages name: a rebuild leaves no old version behind.
    pages = [p.read_text(encoding="utf-8") for p in site.glob("*.html")]
    named = {chartspecs.named_specs_file(page) for page in pages} - {None}
    assert {p.name for p in (site / "_static" / chartspecs.SPEC_DIR).iterdir()} == named
