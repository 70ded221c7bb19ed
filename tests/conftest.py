"""Shared fixtures: the built site (built once per test session) and a local web server.

The site is built exactly as `make` builds it (same command, same strict flags) into the
normal _build/ folder, so the notebook cache is shared with `make` and an unchanged book
rebuilds in seconds. Tests then read the HTML as a reader's browser would get it.
"""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from brief.tools import build
from brief.tools.browser import serve

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
BUILD_CMD = build.command()


@pytest.fixture(scope="session")
def build_log() -> str:
    """Build the site once per session; fail every dependent test with the build's own words."""
    done = subprocess.run(
        BUILD_CMD, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}
    )
    log = done.stdout + done.stderr
    if done.returncode != 0:
        problems = [line for line in log.splitlines() if re.search(r"WARNING|ERROR|Error", line)]
        pytest.fail("book build failed:\n" + "\n".join(problems[:30] or log.splitlines()[-30:]))
    return log


@pytest.fixture(scope="session")
def site(build_log) -> Path:
    return HTML


@pytest.fixture(scope="session")
def warm_output(build_log):
    """A fresh output folder for another build (``build.command(folder)``) that starts with a
    copy of the session build's notebook cache: cells whose code, data and modules are unchanged
    are not executed again, so the build is a full Sphinx build in seconds rather than a cold
    one in minutes. Tests that need a cell to run change that cell (its cache key changes)."""
    import shutil
    import tempfile

    made = []

    def make() -> Path:
        out = Path(tempfile.mkdtemp(prefix="brief-build-"))
        shutil.copytree(ROOT / "_build" / ".jupyter_cache", out / "_build" / ".jupyter_cache")
        made.append(out)
        return out

    yield make
    for out in made:
        shutil.rmtree(out, ignore_errors=True)


def pytest_collection_modifyitems(items):
    """Mark each test by what it needs, read from its fixtures (their whole closure), so that
    `-m "not build and not browser"` (make check) selects the fast tier without hand marks.
    A test that runs Sphinx or a book build itself (no fixture) carries @pytest.mark.build."""
    for item in items:
        needs = set(getattr(item, "fixturenames", ()))
        if "build_log" in needs:
            item.add_marker(pytest.mark.build)
        if "chromium" in needs:
            item.add_marker(pytest.mark.browser)


# The book's reading order, as the build and the PDF edition use it.
toc_pages = build.toc_pages


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for every browser test of the session (each test opens its own
    context). Skips, or fails under CI=true, when no Chromium is installed."""
    from brief.tools.browser import HOW_TO_GET_ONE, find_chromium, launch

    if find_chromium() is None:
        if os.environ.get("CI") == "true":
            pytest.fail(HOW_TO_GET_ONE + " (CI must run the browser tests)")
        pytest.skip(HOW_TO_GET_ONE)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def server(site):
    """Serve the built site on 127.0.0.1 (a random free port) for browser tests."""
    with serve(site) as base:
        yield base


def site_pages(site: Path) -> list[str]:
    """Every page of the built site a reader can open, relative to it ("zitat/x.html" too),
    except the share pages under these/ (they run no script and redirect at once to
    index.html#these-N, which is itself a page)."""
    return sorted(
        str(p.relative_to(site)) for p in site.rglob("*.html")
        if "_static" not in p.parts and p.relative_to(site).parts[0] != "these"
    )


@pytest.fixture(scope="session")
def visits(chromium, server, site) -> dict:
    """Each page opened once at desktop width and once on a 360 px touch phone, with what
    the browser tests assert recorded on the way (tests/browsing.py). Axe-core runs on the
    pages of _toc.yml (on the phone also on the search page)."""
    import browsing

    pages = site_pages(site)
    chapters = {f"{p}.html" for p in toc_pages()}
    return browsing.visit_all(chromium, server, pages, chapters, chapters | {"search.html"})


def make_live(page, chart) -> None:
    """Hover a chart, as a reader would, and wait until the lazy loader has made it live
    (`brief-charts-loader.js` fetches Vega only on the first interaction)."""
    chart.scroll_into_view_if_needed()
    chart.hover()
    page.wait_for_function(
        "(el) => el.dataset.live === 'true'", arg=chart.element_handle(), timeout=15000
    )
