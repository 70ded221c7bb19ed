"""Measure what the budgets are about: build time, page weight, chart render time.

Run with ``make benchmark``. Figures are printed as a table and written to
``_build/benchmark.json``; they are quoted in closing notes and the CHANGELOG, never asserted
in timed tests (timings depend on the machine).

Measured:
- cold build: an empty output folder and notebook cache (the .venv exists), strict build
  as ``make`` runs it;
- determinism: a second clean build into another folder gives byte-identical HTML;
- unchanged rebuild: the same command again (the notebook cache should execute nothing);
- chart build cost: building every figure's bundle (SVG, Vega spec, PNG, PDF) in one process;
- per page, in headless Chromium: bytes of every file loaded on first visit before a reader
  touches a chart (uncompressed and gzip, as a static host serves them), number of requests,
  and after the pointer first enters a chart: milliseconds until that chart is live (Vega
  fetched, parsed, view drawn) and until every chart of the page is live;
- per page, the budgets of issue 11 under Lighthouse's mobile throttling (TBT, LCP, CLS,
  gzip bytes before interaction; brief.tools.budgets), printed as a table with misses flagged;
- per chart page, under 4x CPU throttling: time until the chart a reader reaches for is live,
  cold (the pointer arrives first) and warm (the reader scrolled first), with the longest task;
- the discussion kit (issue 10, budget <= 20 s together): the share cards the build writes and
  ``make slides``, each cold (empty caches: every chart PNG and card drawn) and cached.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

from brief import paths
from brief.tools import build

# The benchmark builds into its own folder, so it neither disturbs nor reuses _build/.
OUT = paths.BUILD / "benchmark"


def timed_build(out: Path = OUT) -> float:
    start = time.perf_counter()
    subprocess.run(build.command(out), cwd=paths.ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def chart_build_seconds() -> float:
    from brief import charts, render
    from brief.tables import Tables

    start = time.perf_counter()
    tables = Tables()
    for name in charts.FIGURES:
        render.bundle(charts.build(name, tables).to_dict())
    return time.perf_counter() - start


def page_weights(site: Path) -> list[dict]:
    """Per page: what the first visit transfers before a reader touches a chart, and then how
    long the charts take to go live after the first pointer on a chart."""
    import gzip

    from playwright.sync_api import sync_playwright

    from brief.tools.browser import launch, serve

    rows = []
    with serve(site) as base, sync_playwright() as p:
        browser = launch(p)
        for html in sorted(site.glob("*.html")):
            if html.name in ("genindex.html", "search.html"):
                continue
            context = browser.new_context()
            page = context.new_page()
            bodies: list[bytes] = []
            page.on(
                "requestfinished",
                lambda r: bodies.append(r.response().body() if r.response() else b""),
            )
            page.goto(f"{base}/{html.name}", wait_until="networkidle")
            before = list(bodies)
            charts = page.locator(".brief-chart").count()
            first_ms = live_ms = None
            if charts:
                page.locator(".brief-chart-view").first.hover()
                page.wait_for_function(
                    "() => document.documentElement.dataset.chartsLiveMs", timeout=15000
                )
                first_ms = int(page.evaluate("document.documentElement.dataset.chartFirstLiveMs"))
                live_ms = int(page.evaluate("document.documentElement.dataset.chartsLiveMs"))
            page.wait_for_load_state("networkidle")
            rows.append({"page": html.name, "charts": charts, "requests_before": len(before),
                         "bytes_before": sum(map(len, before)),
                         "gzip_bytes_before": sum(len(gzip.compress(b)) for b in before),
                         "bytes_after_interaction": sum(map(len, bodies)),
                         "first_chart_live_ms": first_ms, "all_charts_live_ms": live_ms})
            context.close()
        browser.close()
    return rows


def kit_seconds(site: Path) -> dict:
    """Share cards (written by the build) and the slide deck (``make slides``), cold and cached.

    Cold: empty chart-PNG and card caches in a scratch folder, as after ``make clean``; cached:
    the same again, as every later build. The cards are timed with the thesis list the build
    recorded in kit.json, so no book build is part of the figure.
    """
    import tempfile

    from brief.sphinxext import cards, kitfiles
    from brief.tools import slides

    manifest = json.loads((site / cards.CARD_DIR / kitfiles.MANIFEST).read_text(encoding="utf-8"))
    theses = [cards.Thesis(**t) for t in manifest["theses"]]
    result = {}
    real_build = paths.BUILD
    with tempfile.TemporaryDirectory() as scratch:
        paths.BUILD = Path(scratch)  # the caches of brief.cards and brief.kit live under it
        try:
            for run in ("cold", "cached"):
                start, cpu = time.perf_counter(), time.process_time()
                url = manifest["meta"]["url"]
                cards.write(Path(scratch) / "site", theses, url, kitfiles.chart_png)
                result[f"cards_{run}_s"] = round(time.perf_counter() - start, 1)
                result[f"cards_{run}_cpu_s"] = round(time.process_time() - cpu, 1)
                start, cpu = time.perf_counter(), time.process_time()
                slides.build(site, Path(scratch) / "folien")
                result[f"slides_{run}_s"] = round(time.perf_counter() - start, 1)
                # Python's own CPU time (Chromium, which prints the PDF, not included): on a
                # busy machine it says what the wall-clock figure would be on an idle one.
                result[f"slides_{run}_cpu_s"] = round(time.process_time() - cpu, 1)
        finally:
            paths.BUILD = real_build
    result["cards"] = len(theses) * len(cards.SIZES)
    for run in ("cold", "cached"):
        result[f"kit_{run}_s"] = round(result[f"cards_{run}_s"] + result[f"slides_{run}_s"], 1)
    return result


def identical_html(first: Path, second: Path) -> bool:
    """Two clean builds of the same commit: are all HTML pages byte-identical?"""
    pages = sorted(p.relative_to(first) for p in first.rglob("*.html"))
    return all((first / p).read_bytes() == (second / p).read_bytes() for p in pages)


def main() -> int:
    shutil.rmtree(OUT, ignore_errors=True)
    cold = timed_build()
    warm = timed_build()
    second = paths.BUILD / "benchmark-2"
    shutil.rmtree(second, ignore_errors=True)
    timed_build(second)
    same = identical_html(OUT / "_build" / "html", second / "_build" / "html")
    shutil.rmtree(second, ignore_errors=True)
    charts_s = chart_build_seconds()
    kit_s = kit_seconds(OUT / "_build" / "html")
    pages = page_weights(OUT / "_build" / "html")
    from brief.tools import budgets

    budget_rows = budgets.measure_site(OUT / "_build" / "html")
    result = {"budgets": budget_rows,
              "cold_build_s": round(cold, 1), "unchanged_rebuild_s": round(warm, 1),
              "chart_bundles_s": round(charts_s, 1), "identical_html_two_clean_builds": same,
              "kit": kit_s,
              "pages": pages}
    (paths.BUILD / "benchmark.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"two clean builds give identical HTML: {same}")
    print(
        f"cold build {cold:.1f} s · unchanged rebuild {warm:.1f} s · "
        f"all chart bundles {charts_s:.1f} s"
    )
    print(
        f"discussion kit (budget <= 20 s): {kit_s['cards']} share cards {kit_s['cards_cold_s']} s "
        f"cold / {kit_s['cards_cached_s']} s cached; make slides {kit_s['slides_cold_s']} s "
        f"cold / {kit_s['slides_cached_s']} s cached; together {kit_s['kit_cold_s']} s cold, "
        f"{kit_s['kit_cached_s']} s cached"
    )
    print(f"{'page':<24}{'charts':>7}{'requests':>10}{'KB':>7}{'KB gz':>7}{'KB live':>9}"
          f"{'1st ms':>8}{'all ms':>8}")
    for r in pages:
        first = "" if r["first_chart_live_ms"] is None else str(r["first_chart_live_ms"])
        live = "" if r["all_charts_live_ms"] is None else str(r["all_charts_live_ms"])
        print(f"{r['page']:<24}{r['charts']:>7}{r['requests_before']:>10}"
              f"{r['bytes_before'] / 1024:>7.0f}{r['gzip_bytes_before'] / 1024:>7.0f}"
              f"{r['bytes_after_interaction'] / 1024:>9.0f}{first:>8}{live:>8}")
    print()
    print(budgets.table(budget_rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
