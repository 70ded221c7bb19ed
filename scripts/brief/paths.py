"""Where things are in the repository.

Everything resolves from the package location, so code works the same from a chapter
notebook (cwd = book/), from tests (cwd = repo root) and from the command line.
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
BOOK = ROOT / "book"
BUILD = ROOT / "_build"
HTML = BUILD / "html"
