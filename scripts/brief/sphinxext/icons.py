"""The theme's few icons as inline SVG in the built pages, instead of CSS masks (issue 11: TBT).

The theme writes its icons as Font Awesome markup (``<i class="fa-solid fa-bars"></i>``), and the
book drew them with CSS masks of data-URL SVGs (no icon font to fetch). Measured on quellen at 4x
CPU: creating those SVG images during the first style pass cost 100 ms of every page's first
frame (style 150-210 ms with the masks, 55-100 ms without), one long task after the first paint
in Lighthouse. An inline SVG is drawn like text: no image to create. So after the pages are
written, each icon element gets the same 16x16 drawing as an ``<svg>`` inside it, filled with
``currentColor`` (brief.css) and hidden from screen readers; the element keeps its tag and
classes, so its box stays the theme's. An icon not in ICONS stops the build with page and
name: it would be an empty box.
"""
from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from brief.sphinxext import rewrite_pages

_RAYS = '<rect x="7.2" y="0.5" width="1.6" height="3" rx="0.8"/>' \
        '<rect x="7.2" y="12.5" width="1.6" height="3" rx="0.8"/>'
ICONS = {  # the inside of a 16x16 viewBox
    "fa-bars": '<path d="M1 3h14v2H1zm0 4h14v2H1zm0 4h14v2H1z"/>',
    "fa-list": '<path d="M1 3h2v2H1zm4 0h10v2H5zM1 7h2v2H1zm4 0h10v2H5zm-4 4h2v2H1zm4 0h10v2H5z"/>',
    "fa-magnifying-glass": '<path d="M6.5 1a5.5 5.5 0 0 1 4.4 8.8l4 4-1.4 1.4-4-4A5.5 5.5 0 1 1 '
                           '6.5 1zm0 2a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7z"/>',
    "fa-angle-left": '<path d="M10.6 2 12 3.4 7.4 8l4.6 4.6-1.4 1.4-6-6z"/>',
    "fa-angle-right": '<path d="M5.4 2 4 3.4 8.6 8 4 12.6 5.4 14l6-6z"/>',
    "fa-arrow-up": '<path d="M8 1 2 7l1.4 1.4L7 4.8V15h2V4.8l3.6 3.6L14 7z"/>',
    # A sun with eight short rays apart from its disc (four long rays touching it read as a
    # crosshair); each pair of opposite rays is turned, no ids (a page may show it twice).
    "fa-sun": '<circle cx="8" cy="8" r="3"/>' + "".join(
        f'<g transform="rotate({angle} 8 8)">{_RAYS}</g>' if angle else _RAYS
        for angle in (0, 45, 90, 135)
    ),
    "fa-moon": '<path d="M6 1a7 7 0 1 0 9 9A6 6 0 0 1 6 1z"/>',
    "fa-circle-half-stroke": '<path d="M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm0 2v10a5 5 0 0 1 '
                             '0-10z"/>',
    "fa-xmark": '<path d="M3.4 2 8 6.6 12.6 2 14 3.4 9.4 8l4.6 4.6-1.4 1.4L8 9.4 3.4 14 2 12.6 '
                '6.6 8 2 3.4z"/>',
}
_ICON = re.compile(
    r'<(?P<tag>i|span) class="fa-solid (?P<name>fa-[a-z-]+)(?: fa-lg)?"(?: aria-hidden="true")?>'
    r"(?P<inside>(?:<svg [^>]*>.*?</svg>)?)</(?P=tag)>"
)


class IconError(Exception):
    pass


def inline_icons(page: str, name: str = "page") -> str:
    """The page with every Font Awesome icon element drawing its icon as an inline SVG inside
    it (the element keeps its tag and classes, so the theme's rules size it as before; a
    drawing an earlier build put in is replaced)."""

    def svg(match: re.Match) -> str:
        icon = match.group("name")
        if icon not in ICONS:
            raise IconError(f"{name}: icon {icon} has no drawing in brief.sphinxext.icons.ICONS")
        element = match.group(0)
        start = element[: element.index(">") + 1]
        drawing = (f'<svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">'
                   f"{ICONS[icon]}</svg>")
        return f'{start}{drawing}</{match.group("tag")}>'

    return _ICON.sub(svg, page)


def on_build_finished(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    try:
        rewrite_pages(Path(app.outdir), inline_icons)
    except IconError as err:
        raise ExtensionError(str(err)) from None


def setup(app: Sphinx) -> None:
    """Called by brief.sphinxext.core's setup: before the per-page stylesheets (firstview, 600)
    and the Content Security Policy (900)."""
    app.connect("build-finished", on_build_finished, priority=520)
