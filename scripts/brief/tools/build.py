"""The one strict Jupyter Book command: ``make`` runs it (``python -m brief.tools.build``), and
tests and the benchmark call ``command()``, so the build a test checks is the build a reader
gets.
"""
from __future__ import annotations

import sys
from pathlib import Path

from brief import paths

# Warnings are errors (-W), broken references warn (-n), and every problem is reported first.
STRICT = ["--warningiserror", "--nitpick", "--keep-going"]


def command(
    output: Path = paths.ROOT, *, source: Path = paths.BOOK, builder: str = "html"
) -> list[str]:
    """``jupyter-book build`` of ``source`` with the repository's _config.yml and _toc.yml into
    ``output``/_build/<builder>."""
    return [
        str(Path(sys.executable).parent / "jupyter-book"), "build", str(source),
        "--config", str(paths.ROOT / "_config.yml"), "--toc", str(paths.ROOT / "_toc.yml"),
        "--path-output", str(output), "--builder", builder, *STRICT,
    ]


def toc_pages(root: Path = paths.ROOT) -> list[str]:
    """Page names in _toc.yml order (the root first): the book's one reading order."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [c["file"] for c in part["chapters"]]
    return pages


def main(argv: list[str] | None = None) -> int:
    """``python -m brief.tools.build [builder]``: what ``make`` runs."""
    import subprocess

    args = sys.argv[1:] if argv is None else argv
    return subprocess.run(command(builder=args[0] if args else "html"), cwd=paths.ROOT).returncode


if __name__ == "__main__":
    raise SystemExit(main())
