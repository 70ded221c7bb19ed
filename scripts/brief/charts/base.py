"""The figure registry and the one way a figure becomes a finished chart.

A figure function (one module per chapter, registered with ``@figure``) takes the loaded
tables and returns a ``Plot``: the Altair chart, the rows it plots (each tagged with the table
it came from), and the texts a reader needs beside the picture (takeaway, alt text,
description, table columns). ``build(name)`` adds title, source line and the ``usermeta`` that
``brief.render`` turns into the figure block. ``pick``/``selected`` give a figure the rows
it declares, selected as the figures in the text select theirs (``brief.tables.select``).
"""
from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field
from typing import Callable

import altair as alt
import pandas as pd

from brief import data, fmt, layouts, render, theme
from brief.tables import Tables, select

theme.register()
render.register()

FIGURES: dict[str, "Figure"] = {}
SUBTITLE_CHARS = 70


@dataclass
class Plot:
    """What a figure function returns."""

    chart: alt.TopLevelMixin
    rows: (
        pd.DataFrame
    )  # plotted rows; column "table" names the source table, "derived" flags computed rows
    subtitle: str  # the takeaway, one sentence
    alt: str  # short alt text (what it shows and the main numbers)
    description: str  # longer description for screen readers and the details box
    columns: dict[str, str]  # rows column -> German header for the table view


@dataclass(frozen=True)
class Figure:
    name: str
    title: str
    tables: tuple[str, ...]
    function: Callable[[Tables], Plot] = field(repr=False)
    # Which CSV rows the figure must plot: table -> {column: value or list of values}.
    selection: dict = field(default_factory=dict)


def figure(name: str, title: str, selection: dict, inputs: tuple[str, ...] = ()):
    """Register a figure function under ``name`` (the figure's stable id and anchor).

    ``selection`` names the rows the figure plots; ``inputs`` names tables it only computes
    derived values from (their CSVs are linked too, but their rows are not plotted).
    """

    def register(function: Callable[[Tables], Plot]) -> Callable[[Tables], Plot]:
        FIGURES[name] = Figure(name, title, tuple(selection) + tuple(inputs), function, selection)
        return function

    return register


def pick(tables: Tables, table: str, where: dict) -> pd.DataFrame:
    """The rows of ``table`` matching ``where`` (``brief.tables.select``), tagged with the table."""
    rows = select(tables, table, where).copy()
    rows["table"] = table
    rows["derived"] = False
    return rows


def selected(tables: Tables, name: str, table: str) -> pd.DataFrame:
    """The rows the registered figure ``name`` declares for ``table``."""
    return pick(tables, table, FIGURES[name].selection[table])


def source_line(rows: pd.DataFrame, tables: Tables) -> str:
    """ "Quelle: …" from the sources of the plotted rows, in first-use order."""
    sources = tables.get("sources").set_index("source_id")
    parts = []
    for source_id in dict.fromkeys(rows["source_id"].dropna()):
        src = sources.loc[source_id]
        via = f" nach {src['quoted_from']}" if pd.notna(src.get("quoted_from")) else ""
        year = f" ({str(src['published'])[:4]})" if pd.notna(src.get("published")) else ""
        parts.append(f"{src['publisher']}{year}{via}")
    derived = " Abgeleitete Werte berechnet." if rows["derived"].any() else ""
    return "Quelle: " + "; ".join(parts) + "." + derived + " Grafik: Souveräne Smart City."


def table_rows(plot: Plot) -> list[list[str]]:
    return [[str(row[c]) for c in plot.columns] for _, row in plot.rows.iterrows()]


def build(name: str, tables: Tables | None = None, layout: str | None = None) -> alt.TopLevelMixin:
    """The finished chart for figure ``name``: title, takeaway, alt text, source, usermeta.

    ``layout`` ("wide", "phone", "export"; see ``brief.layouts.layout``) lays the same chart
    out for a screen; without it the chart is returned as the figure function drew it and
    the renderer (``brief.render``) derives every layout the page needs from it.
    """
    tables = tables or Tables()
    fig = FIGURES[name]
    plot = fig.function(tables)
    # Chart texts keep each number with its unit on one line, as the prose does (book/STYLE.md).
    plot.subtitle, plot.alt, plot.description = (
        fmt.bind_units(text) for text in (plot.subtitle, plot.alt, plot.description)
    )
    meta = {
        "name": name,
        "title": fmt.bind_units(fig.title),
        "subtitle": plot.subtitle,
        "alt": plot.alt,
        "description": plot.description,
        "source": source_line(plot.rows, tables),
        "csv": [f"{t}.csv" for t in fig.tables] + ["sources.csv"],
        "table": {
            "columns": list(plot.columns.values()),
            "rows": [[fmt.bind_units(cell) for cell in row] for row in table_rows(plot)],
        },
    }
    plot.chart.data = plot.chart.data[_shipped_columns(plot, fig)]
    chart = plot.chart.properties(
        # Vega does not wrap titles: short lines keep the chart narrow enough for phones.
        title=alt.TitleParams(fig.title, subtitle=textwrap.wrap(plot.subtitle, SUBTITLE_CHARS)),
        description=plot.alt,
        usermeta={"brief": meta},
    )
    if layout is None:
        return chart
    laid_out = layouts.layout(chart.to_dict(), layout)
    kind = alt.LayerChart if "layer" in laid_out else alt.Chart
    return kind.from_dict(laid_out, validate=False)


def _shipped_columns(plot: Plot, fig: Figure) -> list[str]:
    """The columns the page needs: those the chart encodes, plus row identity and provenance.

    Notes and helper columns stay in the CSV (linked under every chart); shipping them in every
    spec would cost chart pages several kilobytes each.
    """
    spec_text = json.dumps(
        plot.chart.to_dict(validate=False)["layer"]
        if hasattr(plot.chart, "layer")
        else plot.chart.to_dict(validate=False),
        default=str,
    )
    keys = {"table", "derived", "source_id"}
    for table in fig.selection:
        primary = data.schema(table).get("primaryKey", [])
        keys |= set([primary] if isinstance(primary, str) else primary)
    used = {c for c in plot.rows.columns if f'"{c}"' in spec_text or f"datum.{c}" in spec_text}
    return [c for c in plot.rows.columns if c in used | keys]


def glue_figure(name: str) -> None:
    """Glue figure ``name`` for a ``{glue:figure}`` directive in a chapter (MyST-NB)."""
    from myst_nb import glue

    glue(name, build(name), display=False)
