"""The performance budgets of issue 11, measured like Lighthouse's mobile run (``make benchmark``).

Each page is opened once in headless Chromium on a phone-sized screen with Lighthouse's mobile
throttling applied through the DevTools protocol: CPU 4x slower, network as Lighthouse's
"slow 4G" with DevTools throttling (562.5 ms request latency, 1.47 Mbit/s down, 675 kbit/s up).
No pointer, key or scroll: what a reader pays before touching anything.

Measured per page:
- **TBT**, total blocking time: the part over 50 ms of every long task after the first
  contentful paint, until the page has been quiet for 2 s (long-task entries);
- **LCP**, largest contentful paint, from navigation start;
- **CLS**, the largest session window of layout shifts (Lighthouse's definition);
- **gzip KiB**, every response before interaction as transferred: the server here sends text
  gzip-compressed (``Content-Encoding: gzip``, level 6) as a static host does, so LCP and TBT
  include the compressed transfer, not plain bytes over the slow network.

And per chart page, on a desktop screen with a mouse (no network throttling), once at this
machine's own speed (issue 11's "on this machine") and once with the CPU 4x slower: time from
the pointer reaching the first chart until it is live and until every chart is live
(**cold**: nothing loaded before), and the same after the reader first scrolled it into view
and the page went idle (**warm**: brief-charts-loader.js loads Vega in idle time), each with the
longest task on the main thread (budget: live within 300 ms, no task over 50 ms).

Budgets (issue 11): TBT <= 50 ms, LCP <= 1.5 s, CLS = 0, <= 150 KiB gzip (<= 100 KiB on pages
without charts). Misses are flagged in the table, never asserted in tests: timings depend on the
machine. Lighthouse's own performance score (budget >= 98) needs Lighthouse and Node; these are
the metrics it weighs most (TBT 30 %, LCP 25 %, CLS 25 %).

``python -m brief.tools.budgets [site] [page.html ...]`` measures an existing build (default
``_build/html``), every page or the ones named.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

from brief import paths
from brief.tools.browser import QuietHandler, serve

BUDGETS = {"tbt_ms": 50, "lcp_ms": 1500, "cls": 0.0, "gzip_kib": 150, "gzip_kib_no_charts": 100}
VIEWPORT = {"width": 412, "height": 823}
NETWORK = {  # Lighthouse mobile, DevTools throttling (throttling.mobileSlow4G, applied values)
    "offline": False,
    "latency": 562.5,
    "downloadThroughput": 1474.56 * 1024 / 8,
    "uploadThroughput": 675 * 1024 / 8,
}
CPU_SLOWDOWN = 4
QUIET_MS = 2000

# What a static host compresses (everything else, such as PNG and woff2, is compressed already).
COMPRESSIBLE = (".html", ".css", ".js", ".svg", ".json", ".txt", ".xml", ".csv", ".map")


class GzipHandler(QuietHandler):
    """Serves text files gzip-encoded when the browser accepts it, like a static host."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if (
            not path.is_file()
            or path.suffix not in COMPRESSIBLE
            or "gzip" not in self.headers.get("Accept-Encoding", "")
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


OBSERVE = """
window.__perf = {lcp: 0, shifts: [], long: [], fcp: null};
const observe = (type, fn) => new PerformanceObserver((l) => l.getEntries().forEach(fn))
  .observe({type, buffered: true});
observe("largest-contentful-paint", (e) => { window.__perf.lcp = e.startTime; });
observe("layout-shift", (e) => {
  if (!e.hadRecentInput) window.__perf.shifts.push([e.startTime, e.value]);
});
observe("longtask", (e) => { window.__perf.long.push([e.startTime, e.duration]); });
observe("paint", (e) => {
  if (e.name === "first-contentful-paint") window.__perf.fcp = e.startTime;
});
"""


def cls_of(shifts: list[list[float]]) -> float:
    """Largest session window: shifts less than 1 s apart, a window at most 5 s long."""
    best = current = 0.0
    start = last = None
    for time, value in sorted(shifts):
        if start is None or time - last > 1000 or time - start > 5000:
            start, current = time, 0.0
        current += value
        last = time
        best = max(best, current)
    return round(best, 4)


def measure_page(browser, url: str) -> dict:
    context = browser.new_context(
        viewport=VIEWPORT, device_scale_factor=1.75, is_mobile=True, has_touch=True, locale="de-DE"
    )
    context.add_init_script(OBSERVE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    bodies: list[bytes] = []
    page.on(
        "requestfinished", lambda r: bodies.append(r.response().body() if r.response() else b"")
    )
    page.goto(url, wait_until="load", timeout=120_000)
    # Quiet: no new long task and no request for QUIET_MS (bounded at 30 s).
    page.wait_for_load_state("networkidle", timeout=60_000)
    page.wait_for_function(
        f"""() => {{ const l = window.__perf.long, t = performance.now();
            const last = l.length ? l[l.length - 1][0] + l[l.length - 1][1] : 0;
            return t - last > {QUIET_MS}; }}""",
        timeout=30_000,
        polling=250,
    )
    perf = page.evaluate("window.__perf")
    charts = page.locator(".brief-chart").count()
    context.close()
    fcp = perf["fcp"] or 0
    tbt = sum(max(0.0, d - 50) for start, d in perf["long"] if start >= fcp)
    return {
        "charts": charts,
        "requests": len(bodies),
        "tbt_ms": round(tbt),
        "lcp_ms": round(perf["lcp"]),
        "cls": cls_of(perf["shifts"]),
        "gzip_kib": round(sum(len(gzip.compress(b, 6)) for b in bodies) / 1024, 1),
        "raw_kib": round(sum(len(b) for b in bodies) / 1024, 1),
    }


LONGEST = (
    "(t) => Math.round(Math.max(0, ...window.__perf.long.filter(l => l[0] >= t).map(l => l[1])))"
)


def time_to_live(browser, url: str, slowdown: int = CPU_SLOWDOWN) -> dict:
    """Cold and warm time to live of the first chart with the CPU ``slowdown`` times slower."""
    out = {}
    for mode in ("cold", "warm"):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
        context.add_init_script(OBSERVE)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        page.goto(url, wait_until="networkidle", timeout=60_000)
        page.wait_for_timeout(500)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
        chart = page.locator(".brief-chart").first
        start = page.evaluate("performance.now()")
        if mode == "warm":
            page.mouse.move(5, 5)
            chart.scroll_into_view_if_needed()
            page.wait_for_function("(el) => el.dataset.live === 'true'",
                                   arg=chart.element_handle(), timeout=60_000, polling=50)
            out["warm_ready_ms"] = round(page.evaluate("performance.now()") - start)
        chart.locator(".brief-chart-view").hover()
        page.wait_for_function("() => document.documentElement.dataset.chartsLiveMs",
                               timeout=60_000, polling=50)
        page.wait_for_timeout(300)
        first, every = page.evaluate(
            "[+document.documentElement.dataset.chartFirstLiveMs,"
            " +document.documentElement.dataset.chartsLiveMs]"
        )
        out[f"{mode}_first_ms"], out[f"{mode}_all_ms"] = first, every
        out[f"{mode}_longest_task_ms"] = page.evaluate(LONGEST, start)
        context.close()
    return out


def timing_misses(row: dict) -> list[str]:
    """TBT, LCP and CLS over budget; also read by brief.tools.lighthouse (same budgets)."""
    return [
        key.split("_")[0].upper()
        for key in ("tbt_ms", "lcp_ms", "cls") if row[key] > BUDGETS[key]
    ]


def misses(row: dict) -> list[str]:
    kib = BUDGETS["gzip_kib"] if row["charts"] else BUDGETS["gzip_kib_no_charts"]
    return timing_misses(row) + (["KiB"] if row["gzip_kib"] > kib else [])


def measure_site(site: Path, names: list[str] | None = None) -> list[dict]:
    from playwright.sync_api import sync_playwright

    from brief.tools.browser import launch

    rows = []
    with serve(site, GzipHandler) as base, sync_playwright() as p:
        browser = launch(p)
        for html in sorted(site.glob("*.html")):
            if names and html.name not in names:
                continue
            row = {"page": html.name, **measure_page(browser, f"{base}/{html.name}")}
            if row["charts"]:
                row["live"] = time_to_live(browser, f"{base}/{html.name}")
                row["live_1x"] = time_to_live(browser, f"{base}/{html.name}", 1)
            row["misses"] = misses(row)
            rows.append(row)
        browser.close()
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        f"Budgets (Lighthouse mobile throttling: CPU {CPU_SLOWDOWN}x, slow 4G): TBT <= "
        f"{BUDGETS['tbt_ms']} ms, LCP <= {BUDGETS['lcp_ms']} ms, CLS = 0, gzip <= "
        f"{BUDGETS['gzip_kib']} KiB ({BUDGETS['gzip_kib_no_charts']} without charts)",
        f"{'page':<24}{'charts':>7}{'req':>5}{'TBT ms':>8}{'LCP ms':>8}{'CLS':>7}"
        f"{'gzip KiB':>10}  budget",
    ]
    for r in rows:
        flag = "ok" if not r["misses"] else "MISS " + ", ".join(r["misses"])
        lines.append(
            f"{r['page']:<24}{r['charts']:>7}{r['requests']:>5}{r['tbt_ms']:>8}{r['lcp_ms']:>8}"
            f"{r['cls']:>7.3f}{r['gzip_kib']:>10.1f}  {flag}"
        )
    for key, speed in (("live_1x", "this machine's own speed"), ("live", f"CPU {CPU_SLOWDOWN}x")):
        lines += [
            "",
            f"Time to live, desktop with a mouse, {speed} (budget: first chart <= 300 ms,"
            " no task > 50 ms); cold: pointer first; warm: scrolled into view first",
            f"{'page':<24}{'cold 1st':>9}{'cold all':>9}{'longest':>8}{'warm ready':>11}"
            f"{'warm 1st':>9}{'longest':>8}",
        ]
        for r in rows:
            if key in r:
                v = r[key]
                lines.append(
                    f"{r['page']:<24}{v['cold_first_ms']:>9}{v['cold_all_ms']:>9}"
                    f"{v['cold_longest_task_ms']:>8}{v['warm_ready_ms']:>11}"
                    f"{v['warm_first_ms']:>9}{v['warm_longest_task_ms']:>8}"
                )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    site = Path(args[0]) if args else paths.HTML
    rows = measure_site(site, args[1:])
    print(table(rows))
    (paths.BUILD / "budgets.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
