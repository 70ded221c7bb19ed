"""A golden file of every figure a reader sees: each `{zahl}` figure as the text renders it and
each chart's takeaway (its subtitle). A figure that points at the wrong row, a changed CSV value
or a broken formatter changes a line here, and the test fails with the diff.

When a change is intended, regenerate and review the diff in the commit:

    make golden        # writes tests/golden/figures.txt
"""
from __future__ import annotations

import difflib
import os

from brief import charts, paths, zahlen

GOLDEN = paths.ROOT / "tests" / "golden" / "figures.txt"


def current() -> str:
    tables = zahlen.Tables()
    lines = ["# Every {zahl} figure and every chart takeaway. Regenerate: make golden", ""]
    lines += [f"zahl {key} = {zahlen.render(key, tables)}" for key in sorted(zahlen.NUMBERS)]
    lines.append("")
    for name in sorted(charts.FIGURES):
        meta = charts.build(name, tables).usermeta["brief"]
        lines.append(f"chart {name}: {meta['subtitle']}")
    return "\n".join(lines) + "\n"


def test_every_rendered_figure_matches_the_golden_file():
    now = current()
    if os.environ.get("BRIEF_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(now, encoding="utf-8")
    old = GOLDEN.read_text(encoding="utf-8") if GOLDEN.exists() else ""
    diff = "".join(difflib.unified_diff(
        old.splitlines(keepends=True), now.splitlines(keepends=True),
        "tests/golden/figures.txt", "now",
    ))
    assert not diff, (
        "A figure in the text or a chart takeaway changed. If intended, run `make golden` and "
        "commit the new tests/golden/figures.txt with the change:\n" + diff
    )
