"""Shared fixtures: the built site (built once per test session) and a local web server.

The site is built exactly as `make` builds it (same command, same strict flags) into the
normal _build/ folder, so the notebook cache is shared with `make` and an unchanged book
rebuilds in seconds. Tests then read the HTML as a reader's browser would get it.
"""
from __future__ import annotations

import fcntl
import json
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


def _build() -> tuple[int, str]:
    done = subprocess.run(
        BUILD_CMD, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}
    )
    return done.returncode, done.stdout + done.stderr


@pytest.fixture(scope="session")
def build_log(tmp_path_factory) -> str:
    """Build the site once per session; fail every dependent test with the build's own words.
    Under pytest-xdist (make test) every worker asks for it: the first one builds while holding
    a lock in the run's shared temporary folder, the others wait and read its log, so _build/
    is written by one build only."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        code, log = _build()
    else:
        shared = tmp_path_factory.getbasetemp().parent
        with open(shared / "build.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            record = shared / "build.json"
            if record.exists():
                code, log = json.loads(record.read_text(encoding="utf-8"))
            else:
                code, log = _build()
                record.write_text(json.dumps([code, log]), encoding="utf-8")
    if code != 0:
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


@pytest.fixture(scope="session")
def second_build(warm_output):
    """A second build of the same commit (same SOURCE_DATE_EPOCH) into a fresh folder that starts
    with the session build's notebook cache: ``build(out)`` runs it (again) there and returns its
    log. Built once for both tests that need a second build: test_citation compares its pages
    byte for byte, test_book checks that no cell runs."""
    from brief import metadata

    out = warm_output()
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(metadata.build_epoch()), "NO_COLOR": "1"}

    def again() -> str:
        done = subprocess.run(build.command(out), cwd=ROOT, capture_output=True, text=True,
                              env=env)
        log = done.stdout + done.stderr
        assert done.returncode == 0, log[-3000:]
        return log

    return out, again(), again


# Session fixtures that cost a build or a browser round (see pytest_collection_modifyitems).
SHARED = ("visits", "second_build")


@pytest.hookimpl(tryfirst=True)  # before xdist's hook reads the groups
def pytest_collection_modifyitems(items):
    """Mark each test by what it needs, read from its fixtures (their whole closure), so that
    `-m "not build and not browser"` (make check) selects the fast tier without hand marks.
    A test that runs Sphinx or a book build itself (no fixture) carries @pytest.mark.build.

    For pytest-xdist's ``--dist loadgroup`` (make test, make check) the tests that share an
    expensive fixture form one group and so run on one worker, which sets the fixture up once:
    every reader of the browser ``visits``, both users of ``second_build``, and the tests of a
    module that share one of its module-scoped fixtures (a hostile build, the printed PDFs)."""
    for item in items:
        needs = set(getattr(item, "fixturenames", ()))
        if "build_log" in needs:
            item.add_marker(pytest.mark.build)
        if "chromium" in needs:
            item.add_marker(pytest.mark.browser)
        defs = getattr(item, "_fixtureinfo", None)
        shared = defs and any(
            d[-1].scope == "module" for n, d in defs.name2fixturedefs.items() if n in needs
        )
        group = next((name for name in SHARED if name in needs), None)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
        elif shared:
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


def pytest_collection_finish(session):
    """Stop at once when pytest-xdist drops the groups (it did on pytest 9.2 with xdist 3.8,
    pytest-dev/pytest-xdist#1386): each worker would then repeat the browser visits and the
    second build, and make test would take minutes longer without saying why."""
    if not getattr(session.config.option, "loadgroup", False):
        return
    lost = [i.nodeid for i in session.items
            if i.get_closest_marker("xdist_group") and "@" not in i.nodeid]
    if lost:
        raise pytest.UsageError(
            f"pytest-xdist ignored the xdist_group of {len(lost)} tests (first: {lost[0]}); "
            "pin pytest and pytest-xdist to versions that keep them (requirements.in)"
        )


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


def page_specs(site: Path, page: str) -> dict[str, dict]:
    """The chart specs a built page's loader loads (its specs file, brief.sphinxext.chartspecs),
    read strictly: anything in the file but the registrations fails."""
    from brief.sphinxext import chartspecs

    text = (site / page).read_text(encoding="utf-8")
    file = chartspecs.named_specs_file(text)
    assert file, f"{page}: its chart loader names no specs file"
    return chartspecs.read_specs_script(
        (site / "_static" / chartspecs.SPEC_DIR / file).read_text(encoding="utf-8")
    )
