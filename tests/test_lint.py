"""The code base stays clean: ruff (pinned in requirements.txt, rules in pyproject.toml) finds
nothing in scripts/ and tests/. Fix with `.venv/bin/ruff check --fix .`, then by hand."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from brief import paths


def test_ruff_finds_nothing():
    ruff = Path(sys.executable).with_name("ruff")
    done = subprocess.run(
        [str(ruff), "check", "--output-format", "concise", "--no-cache", "."],
        cwd=paths.ROOT, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
