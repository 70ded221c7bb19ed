"""Where things are in the repository.

Everything resolves from the package location, so code works the same from a chapter
notebook (cwd = book/), from tests (cwd = repo root) and from the command line.
"""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# BRIEF_DATA_DIR points the whole pipeline at another copy of the data package (tests use it
# to prove that a corrupted copy stops the build with a clear message).
DATA = Path(os.environ.get("BRIEF_DATA_DIR") or ROOT / "data")
BOOK = ROOT / "book"
BUILD = ROOT / "_build"
HTML = BUILD / "html"
