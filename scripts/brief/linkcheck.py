"""Links to other hosts, checked on request: ``make linkcheck-external`` (never in ``make test``).

Why apart from the tests: it needs the network, takes a while, and another host's outage or
rate limit must not fail a build. Links inside the site (pages, anchors, data, PDFs) are
checked offline by tests/test_links.py; addresses under the book's own base URL are left to
that test too (before the first publication they do not exist yet).

Each URL is asked once with HEAD, then with GET where a server refuses HEAD; redirects are
followed. Prints each broken link with the pages that use it; exit status 1 if any is broken.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import re
import sys
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

from brief import paths
from brief.sphinx import read_metadata

USER_AGENT = "souveraene-smart-city-linkcheck/1.0 (+{url})"
# Servers that answer HEAD wrongly but GET correctly.
RETRY_WITH_GET = {400, 403, 404, 405, 406, 429, 500, 501, 503}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def external_links(site: Path = paths.HTML, own_base: str | None = None) -> dict[str, list[str]]:
    """Every http(s) link of the built site -> the pages that carry it (sorted)."""
    own_base = own_base if own_base is not None else read_metadata()["url"]
    found: dict[str, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for href in parser.hrefs:
            if not re.match(r"https?://", href) or (own_base and href.startswith(own_base)):
                continue
            found.setdefault(href.split("#")[0], set()).add(str(page.relative_to(site)))
    return {url: sorted(pages) for url, pages in sorted(found.items())}


def check(url: str, timeout: float = 15.0, agent: str | None = None) -> tuple[str, int | None, str]:
    """(url, HTTP status or None, problem or "") for one URL."""
    headers = {"User-Agent": agent or USER_AGENT.format(url=read_metadata()["url"])}
    status, problem = None, ""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return url, response.status, ""
        except urllib.error.HTTPError as err:
            status, problem = err.code, f"HTTP {err.code}"
            if err.code not in RETRY_WITH_GET:
                break
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            status, problem = None, str(getattr(err, "reason", err))
    return url, status, problem


def check_all(urls, timeout: float = 15.0, workers: int = 8) -> list[tuple[str, int | None, str]]:
    """Check URLs in parallel; the broken ones, in input order."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda u: check(u, timeout), urls))
    return [r for r in results if r[2]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=paths.HTML)
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds per request")
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args(argv)
    links = external_links(args.site)
    print(f"{len(links)} links to other hosts in {args.site}")
    broken = check_all(list(links), args.timeout, args.workers)
    for url, _status, problem in broken:
        print(f"BROKEN {problem}: {url}\n    on {', '.join(links[url])}")
    print(f"{len(links) - len(broken)} ok, {len(broken)} broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
