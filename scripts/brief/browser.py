"""Finding and launching the system Chromium for browser tests and the benchmark.

Why not Playwright's own browser: its download is blocked here, and Debian's chromium is one
`apt-get install chromium` away (.ci/run does it). BRIEF_CHROMIUM overrides the search.
"""
from __future__ import annotations

import os
import shutil

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
