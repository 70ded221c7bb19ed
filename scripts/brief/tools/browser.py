"""Finding and launching the system Chromium, and serving the built site to it on localhost,
for browser tests, the benchmark and the PDF edition.

Why not Playwright's own browser: its download is blocked here, and Debian's chromium is one
`apt-get install chromium` away (.ci/run does it). BRIEF_CHROMIUM overrides the search.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
]
HOW_TO_GET_ONE = (
    "no Chromium found: install Debian's package (`apt-get install chromium`) or set "
    "BRIEF_CHROMIUM=/path/to/chromium"
)


def find_chromium() -> str | None:
    if os.environ.get("BRIEF_CHROMIUM"):
        return os.environ["BRIEF_CHROMIUM"]
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def launch(playwright):
    executable = find_chromium()
    if executable is None:
        raise RuntimeError(HOW_TO_GET_ONE)
    return playwright.chromium.launch(executable_path=executable, args=FLAGS, headless=True)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test and benchmark output readable
        pass


@contextlib.contextmanager
def serve(site: Path, handler_class: type = QuietHandler):
    """The built site on 127.0.0.1 (a free port): pages load their CSS and scripts as on the web.
    ``handler_class`` changes how files are sent (brief.tools.budgets sends text gzip-encoded)."""
    handler = functools.partial(handler_class, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
