"""The "Stand der Daten" line: generated at the end of each chapter's summary box.

Why generated: a typed "Stand: 2021" goes stale the day a figure is updated. This line is
computed from the figures the chapter quotes through ``{zahl}``: the newest and the oldest
reference date among them (``brief.zahlen.ref_dates``). Forecasts (a row marked "Prognose",
or a date after the book's release) never count as "newest"; the line names them separately.
A quoted figure without a reference date stops the build, naming page and figure.
"""
from __future__ import annotations

import datetime as dt

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from brief import data, zahlen

BOX_CLASS = "kernaussagen"
LINE_CLASS = "stand-der-daten"


def figures_used(doctree: nodes.Node) -> list[str]:
    """Keys of every ``{zahl}`` figure on the page, in reading order, once each."""
    keys = [node["data-zahl"] for node in doctree.findall(nodes.inline) if "data-zahl" in node]
    return list(dict.fromkeys(keys))


def stand_text(keys: list[str], tables: zahlen.Tables, released: dt.date) -> str | None:
    """ "Stand der Daten: neueste Zahl Mitte 2025, älteste 2016; Prognosen bis 2026." """
    # One date only: "Stand der Daten: Mitte 2021."
    refs = [ref for key in keys for ref in zahlen.ref_dates(key, tables)]
    if not refs:
        return None
    forecasts = [r for r in refs if r.forecast or r.when > released]
    facts = [r for r in refs if r not in forecasts]
    parts = []
    if facts:
        newest, oldest = max(facts), min(facts)
        if newest.brief == oldest.brief:
            parts.append(newest.brief)
        else:
            parts.append(f"neueste Zahl {newest.brief}, älteste {oldest.brief}")
    text = "Stand der Daten: " + "; ".join(parts)
    if forecasts:
        text += ("; " if parts else "") + f"Prognosen bis {max(forecasts).brief}"
    return text + "."


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    boxes = [
        node for node in doctree.findall(nodes.admonition) if BOX_CLASS in node.get("classes", [])
    ]
    if not boxes:
        return
    env = app.env
    tables = getattr(env, "brief_tables", None)
    if tables is None:
        tables = env.brief_tables = zahlen.Tables()
    released = dt.date.fromisoformat(app.config.brief_metadata["date_released"])
    try:
        text = stand_text(figures_used(doctree), tables, released)
    except (zahlen.NumberError, data.DataError) as err:
        raise ExtensionError(f"{env.docname}: Stand der Daten: {err}") from None
    if text is None:
        return
    boxes[0] += nodes.paragraph(text, text, classes=[LINE_CLASS])


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", on_doctree_read)
