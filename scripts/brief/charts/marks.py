"""Pieces shared by the figures of every chapter: German value labels, the highlight
parameter behind the group buttons, the book's labelled bar chart, the period column.
"""
from __future__ import annotations

import json
from typing import Callable

import altair as alt
import pandas as pd

from brief import fmt, theme


def value_labels(rows: pd.DataFrame, column: str, formatter: Callable[[float], str]) -> pd.Series:
    """Pre-formatted German value labels (with the source's qualifier) for tooltips and tables."""
    qualifiers = rows["qualifier"] if "qualifier" in rows else pd.Series("", index=rows.index)
    return pd.Series(
        [
            fmt.with_qualifier(formatter(v), None if pd.isna(q) else q)
            for v, q in zip(rows[column], qualifiers)
        ],
        index=rows.index,
    )


def legend_filter(field_name: str) -> alt.Parameter:
    """A plain parameter ``legende_<field>`` that highlights one group; the others fade.

    No Vega legend binding: buttons under the chart (``brief.render`` writes them,
    ``brief-charts.js`` sets the parameter) work by tap, click and keyboard on every chart,
    also where a chart has several legends. ``null`` shows all groups. The name is fixed:
    Altair would number parameters from a process-wide counter, and the same chart would
    then differ between two builds.
    """
    return alt.param(name=f"{LEGEND_PREFIX}{field_name}", value=None)


LEGEND_PREFIX = "legende_"


def faded(*selections: alt.Parameter, whole: tuple[alt.Parameter, ...] = ()):
    """Opacity that fades the marks outside the highlighted groups of ``selections``.

    One parameter per legend field; a mark stays full only if it belongs to every group a
    reader picked. ``whole`` names filters on a field that varies along a single mark (a line
    through estimates and forecasts): such a mark cannot be partly in the group, so it fades
    whenever one of them is set and the marks that carry the field stand out.
    """
    tests = []
    for selection in selections:
        name = selection.name
        field_name = json.dumps(name[len(LEGEND_PREFIX) :], ensure_ascii=False)
        tests.append(f"({name} === null || datum[{field_name}] === {name})")
    tests += [f"{selection.name} === null" for selection in whole]
    return alt.condition(" && ".join(tests), alt.value(1.0), alt.value(0.18))


def labelled_bars(
    rows: pd.DataFrame,
    category: str,
    value: str,
    x_title: str,
    tooltip: list,
    *,
    color=None,
    order: list | None = None,
    percent: bool = False,
    legend: alt.Parameter | None = None,
    label_limit: int = 320,
) -> alt.LayerChart:
    """The book's bar chart: horizontal bars, each with its German value label at the end."""
    base = alt.Chart(rows).encode(
        y=alt.Y(
            f"{category}:N",
            sort=order or list(rows[category]),
            title=None,
            axis=alt.Axis(labelLimit=label_limit),
        ),
        x=alt.X(
            f"{value}:Q",
            title=x_title,
            scale=alt.Scale(domain=[0, 100]) if percent else alt.Undefined,
        ),
    )
    encoding = {"tooltip": tooltip, "color": color if color is not None else alt.value(theme.CITY)}
    if legend is not None:
        encoding["opacity"] = faded(legend)
    bars = base.mark_bar().encode(**encoding)
    if legend is not None:
        bars = bars.add_params(legend)
    return bars + base.mark_text(align="left", dx=4).encode(text="wert_text:N")


def period_column(rows: pd.DataFrame) -> pd.Series:
    return pd.Series(
        [fmt.period(d, b) for d, b in zip(rows["ref_date"], rows["date_basis"])], index=rows.index
    )
