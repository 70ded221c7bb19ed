"""Hostile data never runs (issue 11, outcome 4).

Per field, one of two defences:

- the loader refuses, naming file, line and field: invisible or reordering characters
  (bidirectional overrides, zero-width, control characters) in any text, text over
  ``datacheck.MAX_TEXT`` characters, URLs that are not plain http(s) addresses, malformed
  source ids;
- every output escapes: markup, script, event handlers, ``javascript:`` links, ``{{ }}`` and
  ``${}`` templates and BibTeX/LaTeX specials in titles, publishers, notes and mottos are text.

Data text reaches a page only through the chart blocks (source line, tooltips, alt text,
description, table; ``brief.render.chart_html``); cite boxes, meta tags and BibTeX come from
CITATION.cff. So every ``make test`` draws every figure from a copy of data/ with
tests/fixtures/hostile's payload in every free-text field, through the renderer the notebooks
use, puts all blocks into a built page (its CSP, scripts and styles; the specs into the page's
specs file, as the build does) and checks it as HTML and in Chromium: no dialog, no injected
element, no payload variable set, no request for the payload's image, the payload visible as
text in the source lines, and the specs file nothing but registrations. About 20 s.

The whole book from the hostile copy (a cold build of every chapter, minutes) runs with
``BRIEF_HOSTILE_BUILD=1`` and the same checks on every page.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from brief import data, datacheck
from brief.sphinxext import chartspecs
from brief.tools import build
from brief.tools.browser import serve
from conftest import make_live, page_specs

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = json.loads(
    (ROOT / "tests" / "fixtures" / "hostile" / "payloads.json").read_text(encoding="utf-8")
)
MARKUP = FIXTURE["markup"]


def _rewrite(path: Path, change) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
        header = list(rows[0].keys()) if rows else []
    for index, row in enumerate(rows):
        change(index, row)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def hostile_copy(target: Path) -> Path:
    """data/ with the markup payload in every listed free-text field of every row."""
    shutil.copytree(ROOT / "data", target)
    fields = FIXTURE["fields"]
    for path in sorted(target.glob("*.csv")):
        wanted = fields.get(path.name, []) + fields["*"]

        def change(_, row, wanted=wanted):
            for field in wanted:
                if field in row:
                    row[field] = MARKUP

        _rewrite(path, change)
    return target


# ----------------------------------------------------------------------------- loader refuses


@pytest.mark.parametrize("case", FIXTURE["refused"], ids=lambda c: f"{c['field']}-{c['message']}")
def test_the_loader_refuses_with_file_line_and_field(tmp_path, case):
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    value = "x" * (datacheck.MAX_TEXT + 1) if case["value"] == "LONG" else case["value"]
    _rewrite(
        copy / case["file"], lambda i, row: row.update({case["field"]: value}) if i == 1 else None
    )
    with pytest.raises(data.DataError) as err:
        data.validate_package(copy)
    message = str(err.value)
    assert f'data/{case["file"]}, line 3, field "{case["field"]}"' in message, message
    assert case["message"] in message, message
    # The message itself shows hidden characters as \u escapes instead of applying them.
    assert not re.search("[\u200b-\u200f\u202a-\u202e\u0007]", message), message


def test_the_loader_accepts_markup_as_text(tmp_path):
    copy = hostile_copy(tmp_path / "data")
    data.validate_package(copy)
    sources = data.load("sources", copy)
    assert (sources["publisher"] == MARKUP).all()


# ------------------------------------------------------------------- the whole book, built


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    # A whole cold build (every notebook runs on the hostile copy): about 5 minutes on this
    # busy machine, more than make test's whole budget (issue 12). Passed on 2026-11-29 with
    # every page checked; make test runs the chart-block check above instead.
    if os.environ.get("BRIEF_HOSTILE_BUILD") != "1":
        pytest.skip("set BRIEF_HOSTILE_BUILD=1 to build the book from the hostile data copy")
    base = tmp_path_factory.mktemp("hostile")
    copy = hostile_copy(base / "data")
    out = base / "out"
    done = subprocess.run(
        build.command(out),
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "BRIEF_DATA_DIR": str(copy), "NO_COLOR": "1"},
    )
    if done.returncode != 0:
        log = done.stdout + done.stderr
        problems = [line for line in log.splitlines() if re.search(r"WARNING|ERROR|Error", line)]
        pytest.fail(
            "hostile-data build failed:\n" + "\n".join(problems[:30] or log.splitlines()[-30:])
        )
    return out / "_build" / "html"


@pytest.fixture(scope="module")
def hostile_charts(tmp_path_factory, site) -> Path:
    """A built page whose article holds every figure, drawn from the hostile data copy."""
    from brief import charts, render
    from brief.zahlen import Tables

    base = tmp_path_factory.mktemp("hostile-charts")
    tables = Tables(hostile_copy(base / "data"))
    blocks = [
        render.chart_html(charts.build(name, tables).to_dict()) for name in sorted(charts.FIGURES)
    ]
    shell = (site / "raum.html").read_text(encoding="utf-8")
    start = re.search(r'<article class="bd-article"[^>]*>', shell).end()
    page = shell[:start] + "\n".join(blocks) + shell[shell.index("</article>"):]
    # The build's own step moves the specs into the page's specs file (as for every page).
    page, file, script = chartspecs.move_specs(page, "raum.html")
    out = base / "site"
    (out / "_static" / chartspecs.SPEC_DIR).mkdir(parents=True)
    (out / "raum.html").write_text(page, encoding="utf-8")
    (out / "_static" / chartspecs.SPEC_DIR / file).write_text(script, encoding="utf-8")
    for static in (site / "_static").iterdir():
        if static.name != chartspecs.SPEC_DIR:
            (out / "_static" / static.name).symlink_to(static)
    return out


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


def _no_payload_as_markup(site: Path) -> None:
    shown = carried = 0
    for path in _pages(site):
        markup = path.read_text(encoding="utf-8")
        # The chart specs, data text included, live in the page's specs file
        # (brief.sphinxext.chartspecs), read strictly: one registration of one JSON object per
        # line and nothing else, so no data text ends a statement or runs as code.
        assert "application/json" not in markup, path.name
        if chartspecs.named_specs_file(markup):
            specs = page_specs(site, str(path.relative_to(site)))
            carried += json.dumps(specs, ensure_ascii=False).count("<script>window.__pwned")
        for raw in (
            "<script>window.__pwned",
            "<img src=x",
            "<svg onload",
            'href="javascript:',
            "onmouseover='",
        ):
            assert raw not in markup, (path.name, raw)
        shown += markup.count("&lt;script&gt;window.__pwned")
    assert shown >= 9, "the payload should be visible, escaped, in the chart source lines"
    assert carried, "the payload should travel as data text in the specs files"


def test_no_chart_block_carries_the_payload_as_markup(hostile_charts):
    _no_payload_as_markup(hostile_charts)


def test_no_page_carries_the_payload_as_markup(hostile_site):
    _no_payload_as_markup(hostile_site)


def test_bibtex_and_meta_tags_stay_clean(hostile_site):
    """Cite boxes and meta tags come from CITATION.cff, never from data; a payload there would
    mean a data field leaked into a citation."""
    for path in _pages(hostile_site):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for meta in page.head.find_all("meta", content=True):
            content = meta["content"]
            assert "<" not in content and ">" not in content, (path.name, content[:80])
        for bib in page.select("div.brief-cite-bibtex"):
            assert "__pwned" not in bib.get_text(), path.name


def test_nothing_runs_in_the_chart_blocks(chromium, hostile_charts):
    _nothing_runs(chromium, hostile_charts)


def test_nothing_runs_in_the_browser(chromium, hostile_site):
    _nothing_runs(chromium, hostile_site)


def _nothing_runs(chromium, site: Path) -> None:
    pages = _pages(site)
    with serve(site) as base:
        findings = {}
        for path in pages:
            name = str(path.relative_to(site))
            if name.startswith("these/"):
                # Share pages run no script and redirect at once to index.html#these-N, which
                # is visited itself; their markup is checked above (as in test_csp).
                continue
            context = chromium.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            dialogs, requests = [], []
            page.on("dialog", lambda d, dialogs=dialogs: (dialogs.append(d.message), d.dismiss()))
            page.on("request", lambda r, requests=requests: requests.append(r.url))
            page.goto(f"{base}/{name}", wait_until="load")
            charts = page.locator(".brief-chart")
            for i in range(charts.count()):
                chart = charts.nth(i)
                make_live(page, chart)
                # Rest the pointer on a few marks: tooltips render the data as text.
                marks = chart.locator(".brief-chart-live svg path")
                for j in range(min(marks.count(), 4)):
                    box = marks.nth(j).bounding_box()
                    if box and box["width"]:
                        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            state = page.evaluate(
                """() => ({
                    pwned: window.__pwned === undefined ? null : String(window.__pwned),
                    injected: document.querySelectorAll(
                        'img[src="x"], svg[onload], [onerror], [onmouseover], '
                        + 'a[href^="javascript:"]'
                    ).length,
                    sourceText: [...document.querySelectorAll('.brief-chart-source')]
                        .map(p => p.textContent).join(' '),
                })"""
            )
            bad_requests = [u for u in requests if re.search(r"/x$|javascript:", u)]
            if dialogs or state["pwned"] or state["injected"] or bad_requests:
                findings[name] = {**state, "dialogs": dialogs, "requests": bad_requests}
            if charts.count():
                assert "<script>window.__pwned" in state["sourceText"], name
            context.close()
    assert findings == {}
