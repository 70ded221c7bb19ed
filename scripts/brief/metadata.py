"""The book's metadata, read once, and the names of the files that pages link to.

- Title, authors, version, release date, address, licence: from CITATION.cff, the one metadata
  source (why: README, "Entscheidungen").
- The build date: the date of the last commit (or ``SOURCE_DATE_EPOCH``), never "now", so the
  same commit always gives the same HTML, PDF and citation.
- Where the print edition and the slide deck live in the site: the pages link these names at
  build time, and ``make pdf`` / ``make slides`` (brief.tools) write them later.
"""
from __future__ import annotations

import os
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path

import yaml

from brief import paths

SLUG = "souveraene-smart-city"  # the book's file name stem (PDF, slide deck, citation files)
PDF_DIR = "pdf"  # under the site root
BOOK_PDF = f"{SLUG}.pdf"
SLIDE_DIR = "folien"  # under the site root
SLIDE_OUTPUTS = (f"{SLUG}.pptx", f"{SLUG}.pdf")


def read_metadata(root: Path = paths.ROOT) -> dict:
    """Title, authors, version and release date from CITATION.cff, the one metadata source."""
    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    authors = [
        a.get("name") or f"{a.get('given-names', '')} {a.get('family-names', '')}".strip()
        for a in cff["authors"]
    ]
    return {
        "title": cff["title"],
        "authors": authors,
        # As written in CITATION.cff ("name" for a corporate author, else family/given names).
        "author_entries": [dict(a) for a in cff["authors"]],
        "version": str(cff["version"]),
        "date_released": str(cff["date-released"]),
        "url": cff["url"].rstrip("/") + "/",
        "repository": cff.get("repository-code", ""),
        "license": cff["license"],
        "abstract": " ".join(cff.get("abstract", "").split()),
        "keywords": [str(k) for k in cff.get("keywords", [])],
    }


def build_epoch(root: Path = paths.ROOT) -> int:
    """Seconds since 1970 for the build date: SOURCE_DATE_EPOCH, else the last commit, else
    CITATION.cff's date-released. Never the clock: rebuilding a commit gives the same output."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        return int(os.environ["SOURCE_DATE_EPOCH"].strip())
    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True,
            timeout=20,
        )
        if done.returncode == 0 and done.stdout.strip():
            return int(done.stdout.strip())
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    released = date.fromisoformat(read_metadata(root)["date_released"])
    midnight = datetime(released.year, released.month, released.day, tzinfo=timezone.utc)
    return int(midnight.timestamp())


def build_date(root: Path = paths.ROOT) -> date:
    """The build date in UTC (as Sphinx reads SOURCE_DATE_EPOCH)."""
    return datetime.fromtimestamp(build_epoch(root), tz=timezone.utc).date()


def german_date(day: date) -> str:
    """27.11.2026, as the theme's "Zuletzt aktualisiert" line writes it."""
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def authors_text(authors: list[str]) -> str:
    """"A", "A und B", "A, B und C"."""
    if len(authors) <= 1:
        return "".join(authors)
    return ", ".join(authors[:-1]) + " und " + authors[-1]


def pdf_name(page: str | None) -> str:
    """A page's PDF file name under ``PDF_DIR`` (None: the whole book)."""
    return BOOK_PDF if page is None else f"{page}.pdf"


def pdf_path(page: str | None) -> str:
    """Site-relative path of a page's PDF (None: the whole book)."""
    return f"{PDF_DIR}/{pdf_name(page)}"
