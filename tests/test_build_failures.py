"""A rebuilder's bad day: bad data or a failing cell must stop the build, saying where and what.

Each case builds from a broken copy in a temporary folder; the repository is never touched.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from brief.tools import build
from conftest import ROOT

# Each case runs a real (cold) book build in a temporary folder.
pytestmark = pytest.mark.build

def jupyter_book(out: Path, source: Path | None = None, env=None):
    return subprocess.run(
        build.command(out, source=source or ROOT / "book"),
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
    )


def broken_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    csv = data / "broadband.csv"
    lines = csv.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[4].split(",")
    fields[4] = "120"  # share_pct: a share of households above 100 %
    lines[4] = ",".join(fields)
    csv.write_text("".join(lines), encoding="utf-8")
    return data


def test_bad_data_stops_make_with_one_line_naming_file_line_and_field(tmp_path):
    data = broken_data(tmp_path)
    done = subprocess.run([sys.executable, "-m", "brief.data"], capture_output=True, text=True,
                          env={**os.environ, "BRIEF_DATA_DIR": str(data)})
    assert done.returncode == 1
    first = done.stderr.splitlines()[0]
    assert "broadband.csv" in first and "line 5" in first
    assert '"share_pct"' in first and "120" in first
    assert "Traceback" not in done.stderr


def test_bad_data_stops_the_book_build_before_any_chapter_runs(tmp_path):
    data = broken_data(tmp_path)
    done = jupyter_book(tmp_path / "out", env={"BRIEF_DATA_DIR": str(data)})
    assert done.returncode != 0
    log = done.stdout + done.stderr
    assert "Executing notebook" not in log
    error = next(line for line in log.splitlines() if "bad data" in line)
    assert "broadband.csv" in error and '"share_pct"' in error


def test_a_failing_cell_stops_the_build_and_names_the_chapter(tmp_path, warm_output):
    book = tmp_path / "book"
    shutil.copytree(ROOT / "book", book)
    chapter = book / "markt.md"
    text = chapter.read_text(encoding="utf-8")
    broken = text.replace(
        'glue_figure("markt-volumen")', 'raise ValueError("Testfehler in einer Zelle")', 1
    )
    assert broken != text
    chapter.write_text(broken, encoding="utf-8")
    # The other chapters come from the session's notebook cache; the changed cell must run.
    done = jupyter_book(warm_output(), source=book)
    assert done.returncode != 0
    log = done.stdout + done.stderr
    assert re.search(r"markt\.md.*(Executing notebook failed|CellExecutionError)", log, re.S)
    assert "Testfehler in einer Zelle" in log
