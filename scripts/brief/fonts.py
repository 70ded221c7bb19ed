"""Liberation Sans, the one font every picture of the book is measured and drawn with.

Why it matters: the static chart SVGs are laid out by vl-convert with the text widths of the
font it finds. Without Liberation Sans (Arial's metric twin, the font the page asks for) it
quietly falls back to another font, and the same data gives other axis widths and legend
boxes: a build that differs from machine to machine, and a notebook cache that keeps such
output. So every renderer asks here first: the chart cells (brief.render), the share cards
(brief.sphinxext.cards) and the slides (brief.tools.slides). A missing font stops the build
with the folders looked in and the package that brings it.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/liberation"),
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".fonts",
)
REGULAR = "LiberationSans-Regular.ttf"
BOLD = "LiberationSans-Bold.ttf"


class FontMissing(FileNotFoundError):
    """Liberation Sans is not installed; the message says where we looked and what to install."""


def font_path(bold: bool = False) -> Path:
    name = BOLD if bold else REGULAR
    folders = FONT_DIRS
    for folder in folders:
        if (folder / name).exists():
            return folder / name
    raise FontMissing(
        f"font {name} not found (looked in {', '.join(map(str, folders))}); "
        "install Liberation Sans (Debian/Ubuntu: apt-get install fonts-liberation)"
    )


@cache
def register_for_vl_convert() -> Path:
    """The folder of Liberation Sans, registered with vl-convert so its layout uses exactly
    this font; raises FontMissing before any chart is drawn with a fallback."""
    import vl_convert as vlc

    folder = font_path().parent
    vlc.register_font_directory(str(folder))
    return folder
