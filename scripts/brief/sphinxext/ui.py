"""Page body touches for phone readers (a Sphinx extension, in _config.yml).

- Every table sits in its own horizontally scrollable region: focusable (``tabindex=0``) so a
  keyboard can scroll it, ``role=region`` with a German name; ``_static/brief-site.js`` adds a
  visible hint below it when the table is wider than the screen. Without this, the
  chart data tables on a 360 px phone were cut off with no way to reach their last column.
- A chart figure's caption ("Abbildung 4.1", title, "Link kopieren") comes first, right above
  the chart: below it, the caption drifted far from the chart whenever a reader opened
  "Beschreibung, Tabelle und Daten" (reader review §14). Moved in the HTML, not only by CSS,
  so screen readers and the keyboard meet it in the order the eye does. On screen the caption
  shows only the number and "Link kopieren": the chart below draws the same title
  (brief.css; the figure's accessible name and the print keep the whole caption).
"""
from __future__ import annotations

import re

from sphinx.application import Sphinx

REGION = 'tabindex="0" role="region" aria-label="{name} (seitlich verschiebbar)"'

_THEME_WRAPPER = re.compile(
    r'<div class="pst-scrollable-table-container">(.*?</table>)\s*</div>', re.S
)
_CHART_TABLE = re.compile(r'(<table class="brief-chart-table">.*?</table>)', re.S)
_CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.S)
_TAG = re.compile(r"<[^>]+>")
# A figure holding a chart, its content, and its caption (docutils writes the caption last).
_CHART_FIGURE = re.compile(
    r'(<figure\b[^>]*>\s*)(<div class="output text_html"><div class="brief-chart".*?)'
    r"(<figcaption>.*?</figcaption>\s*)(</figure>)",
    re.S,
)


def _name(table_html: str) -> str:
    found = _CAPTION.search(table_html)
    text = " ".join(_TAG.sub("", found.group(1)).split()) if found else ""
    return (text or "Tabelle").replace('"', "&quot;")


def _wrap(table_html: str) -> str:
    region = REGION.format(name=_name(table_html))
    return f'<div class="brief-table-scroll" {region}>{table_html}</div>'


def scrollable_tables(body: str) -> str:
    """Wrap each table (the theme's and the chart data tables) in a named scroll region."""
    body = _THEME_WRAPPER.sub(lambda m: _wrap(m.group(1)), body)
    return _CHART_TABLE.sub(lambda m: _wrap(m.group(1)), body)


def captions_first(body: str) -> str:
    """Put each chart figure's caption before the chart (see module docstring)."""
    def move(m: re.Match) -> str:
        opening = m.group(1).replace('class="', 'class="brief-chart-figure ', 1)
        return opening + m.group(3) + m.group(2) + m.group(4)

    return _CHART_FIGURE.sub(move, body)


def on_html_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if "body" in context:
        context["body"] = captions_first(scrollable_tables(context["body"]))


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", on_html_page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
