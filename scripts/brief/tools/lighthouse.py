"""Lighthouse's own performance score for every page (``make lighthouse``; issue 11 asks for
>= 98 on each page, with TBT <= 50 ms, LCP <= 1.5 s and CLS 0).

brief.tools.budgets measures the same metrics with Playwright under DevTools throttling, which
needs nothing beyond the test tools. Lighthouse is what the issue was measured with, but it is a
Node program, so it is optional: tools/lighthouse/ pins it (package-lock.json with integrity
hashes; ``npm ci`` installs exactly that), and this module runs it when Node.js is there. It is
measurement only: the book and its build never need Node.

How: the built site is served gzip-compressed on 127.0.0.1 as a static host would
(brief.tools.budgets.GzipHandler); Lighthouse 12 runs each page with its defaults for mobile
(simulated slow 4G: 150 ms round trip, 1.6 Mbit/s; CPU 4x slower) in the same Chromium the tests
use. Each page's JSON report goes to _build/lighthouse/; the table printed flags what misses.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

from brief import paths
from brief.tools import budgets, build
from brief.tools.browser import find_chromium, serve
from brief.tools.budgets import GzipHandler

TOOL = paths.ROOT / "tools" / "lighthouse"
BINARY = TOOL / "node_modules" / ".bin" / "lighthouse"
REPORTS = paths.BUILD / "lighthouse"
SCORE = 98  # Lighthouse's performance score; the other budgets are brief.tools.budgets'
BUDGETS = {"score": SCORE, **{k: budgets.BUDGETS[k] for k in ("tbt_ms", "lcp_ms", "cls")}}
METRICS = {  # report column -> Lighthouse audit
    "fcp_ms": "first-contentful-paint",
    "lcp_ms": "largest-contentful-paint",
    "tbt_ms": "total-blocking-time",
    "cls": "cumulative-layout-shift",
    "si_ms": "speed-index",
}


def run_page(url: str, report: Path, chromium: str) -> dict:
    """One Lighthouse run (mobile defaults, performance only); the figures of its report."""
    subprocess.run(
        [str(BINARY), url, f"--chrome-path={chromium}",
         "--chrome-flags=--headless=new --no-sandbox", "--only-categories=performance",
         "--output=json", f"--output-path={report}", "--quiet"],
        check=True,
    )
    found = json.loads(report.read_text(encoding="utf-8"))
    audits = found["audits"]
    row = {"score": round(found["categories"]["performance"]["score"] * 100)}
    for column, audit in METRICS.items():
        value = audits[audit]["numericValue"]
        row[column] = round(value, 3) if column == "cls" else round(value)
    row["kib"] = round(audits["total-byte-weight"]["numericValue"] / 1024, 1)
    return row


def misses(row: dict) -> list[str]:
    return (["score"] if row["score"] < SCORE else []) + budgets.timing_misses(row)


def table(rows: dict[str, dict]) -> str:
    head = (f"{'page':<18}{'score':>6}{'FCP':>7}{'LCP':>7}{'TBT':>6}{'CLS':>7}{'SI':>7}"
            f"{'KiB':>7}  misses")
    lines = [
        f"Lighthouse 12, mobile (budgets: score >= {BUDGETS['score']}, "
        f"TBT <= {BUDGETS['tbt_ms']} ms, LCP <= {BUDGETS['lcp_ms']} ms, CLS = 0); times in ms",
        head,
    ]
    for name, r in rows.items():
        lines.append(
            f"{name:<18}{r['score']:>6}{r['fcp_ms']:>7}{r['lcp_ms']:>7}{r['tbt_ms']:>6}"
            f"{r['cls']:>7}{r['si_ms']:>7}{r['kib']:>7}  {' '.join(misses(r)) or '-'}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="*", help="page names (default: every page)")
    parser.add_argument("--site", type=Path, default=paths.HTML)
    args = parser.parse_args(argv)
    if not BINARY.exists() or shutil.which("node") is None:
        print("Lighthouse not installed: needs Node.js, then `make lighthouse` "
              f"(npm ci in {TOOL.relative_to(paths.ROOT)})", file=sys.stderr)
        return 2
    chromium = find_chromium()
    if chromium is None:
        print("no Chromium found (brief.tools.browser)", file=sys.stderr)
        return 2
    REPORTS.mkdir(parents=True, exist_ok=True)
    pages = args.pages or build.toc_pages() + ["search"]
    rows = {}
    with serve(args.site, GzipHandler) as base:
        for name in pages:
            rows[name] = run_page(f"{base}/{name}.html", REPORTS / f"{name}.json", chromium)
    (REPORTS / "summary.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    print(table(rows))
    return 1 if any(misses(r) for r in rows.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
