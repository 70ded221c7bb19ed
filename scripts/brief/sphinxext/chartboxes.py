"""Chart drawings below the screen cost no layout while a page loads (issue 11: TBT, CLS 0).

Every chart is two static SVGs in the HTML (wide and phone; brief.render). Measured on raum at
4x CPU, laying out and styling their 2,000 shapes made the tasks after the first paint long:
Lighthouse counted 60-110 ms of blocking time there. ``content-visibility: auto`` lets the
browser skip a drawing until it comes near the screen, but a skipped box has no content to
take its height from, and a guessed height would make the page jump when the drawing appears.

So each drawing gets its exact height as a rule in one ``<style data-brief-chart-boxes>`` per
page: the SVG is drawn at ``min(its width, the chart's width)`` (brief.css: ``max-width:
100%; height: auto``), so its height is that times height/width, in CSS
``calc(min(Wpx, 100cqi) * H / W)`` with ``cqi`` the width of the chart's box (an inline-size
container, brief.css). Skipped or drawn, the box has the same height at every screen width. A
drawing without the rule is never skipped. The Content Security Policy allows the block by its
hash (brief.sphinxext.csp runs after this step). The rules hold for screens only: a
print draws every chart.
tests/test_chart_boxes.py checks the heights in Chromium and that scrolling shifts nothing.
"""
from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx

from brief.sphinxext import rewrite_pages

_VIEW = re.compile(r'<div class="brief-chart-view" id="(?P<view>chart-[\w-]+-view)"')
_STATIC = re.compile(
    r'<div class="brief-chart-static" data-layout="(?P<layout>\w+)"><svg\b(?P<attrs>[^>]*)>'
)
_SIZE = re.compile(r'\b(?P<name>width|height)="(?P<value>\d+(?:\.\d+)?)"')
BLOCK = re.compile(r"<style data-brief-chart-boxes>.*?</style>\n?", re.DOTALL)


class ChartBoxError(Exception):
    pass


def rules(page: str, name: str = "page") -> str:
    """One rule per static drawing of the page, in page order."""
    out = []
    views = list(_VIEW.finditer(page))
    for i, view in enumerate(views):
        end = views[i + 1].start() if i + 1 < len(views) else len(page)
        for match in _STATIC.finditer(page, view.end(), end):
            size = {m.group("name"): m.group("value") for m in _SIZE.finditer(match.group("attrs"))}
            if set(size) != {"width", "height"}:
                raise ChartBoxError(
                    f"{name}: the {match.group('layout')} drawing of {view.group('view')} has no "
                    "width and height on its <svg> (brief.render.static_svg)"
                )
            width, height = size["width"], size["height"]
            out.append(
                f'#{view.group("view")}>[data-layout="{match.group("layout")}"]'
                f"{{content-visibility:auto;"
                f"contain-intrinsic-block-size:calc(min({width}px,100cqi)*{height}/{width})}}"
            )
    if len(out) != len(_STATIC.findall(page)):
        raise ChartBoxError(f"{name}: a static chart drawing outside a chart box (brief.render)")
    return "".join(out)


def with_boxes(page: str, name: str = "page") -> str:
    """The page with its block of chart boxes at the end of <head> (replacing an earlier
    build's); a page without charts gets none."""
    page = BLOCK.sub("", page)
    css = rules(page, name)
    if not css:
        return page
    if "</head>" not in page:
        raise ChartBoxError(f"{name}: no </head> for the chart boxes")
    block = f"<style data-brief-chart-boxes>@media screen{{{css}}}</style>"
    return page.replace("</head>", f"{block}\n</head>", 1)


def on_build_finished(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    rewrite_pages(Path(app.outdir), with_boxes)


def setup(app: Sphinx) -> None:
    """Called by brief.sphinxext.core's setup; before the Content Security Policy (900)."""
    app.connect("build-finished", on_build_finished, priority=700)
