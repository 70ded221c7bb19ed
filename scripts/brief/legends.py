"""The group buttons under a chart: one row per legend, each highlighting one group.

Why buttons and not Vega's legend binding: buttons work by tap, click and keyboard on every
chart, also where a chart has several legends (colour, symbol, line style), and they are in
the HTML before any chart script loads. ``brief.charts.marks.legend_filter`` defines the
parameter behind a row (``legende_<field>``), ``book/_static/brief-charts.js`` sets it. Each
button shows the legend's own key (colour, symbol or dash) so it reads like the legend.
"""
from __future__ import annotations

import html
import json

from brief import layouts, theme

PREFIX = "legende_"
LEGEND_CHANNELS = ("color", "shape", "strokeDash")
# Vega's default ranges, used when a chart does not name its own.
SYMBOLS = ["circle", "square", "triangle-up", "cross", "diamond", "triangle-right",
           "triangle-down", "triangle-left"]
DASHES = [[1, 0], [4, 2], [2, 1], [1, 1], [1, 2, 4, 2]]
# A 12 px key for each Vega symbol, drawn as outline like the book's points.
SYMBOL_SVG = {
    "circle": '<circle cx="6" cy="6" r="4.5"/>',
    "square": '<rect x="1.5" y="1.5" width="9" height="9"/>',
    "triangle-up": '<polygon points="6,1.5 10.5,10.5 1.5,10.5"/>',
    "triangle-down": '<polygon points="1.5,1.5 10.5,1.5 6,10.5"/>',
    "triangle-right": '<polygon points="1.5,1.5 10.5,6 1.5,10.5"/>',
    "triangle-left": '<polygon points="10.5,1.5 1.5,6 10.5,10.5"/>',
    "diamond": '<polygon points="6,1 11,6 6,11 1,6"/>',
    "cross": '<polygon points="4,1 8,1 8,4 11,4 11,8 8,8 8,11 4,11 4,8 1,8 1,4 4,4"/>',
}


def _legends(spec: dict):
    """(channel, encoding) of every encoding that draws a legend (colour, symbol, dash)."""
    for unit in layouts.walk_units(spec):
        for channel in LEGEND_CHANNELS:
            enc = (unit.get("encoding") or {}).get(channel)
            if isinstance(enc, dict) and enc.get("field") and enc.get("legend", {}) is not None:
                yield channel, enc


def legend_encodings(spec: dict, field: str) -> list[tuple[str, dict]]:
    """(channel, encoding) of every legend that shows ``field``."""
    return [(channel, enc) for channel, enc in _legends(spec) if enc["field"] == field]


def legend_fields(spec: dict) -> set[str]:
    """Fields a chart draws a legend for (each needs a row of group buttons)."""
    return {enc["field"] for _, enc in _legends(spec)}


def _domain(spec: dict, field: str) -> list:
    """The groups in the legend's order: a named domain or sort, else Vega's sorted order."""
    for _, enc in legend_encodings(spec, field):
        scale, sort = enc.get("scale") or {}, enc.get("sort")
        domain = scale.get("domain") or (sort if isinstance(sort, list) else None)
        if domain:
            return list(domain)
    return sorted(layouts.field_values(spec, field), key=str)


def _keys(spec: dict, field: str) -> dict:
    """Group value -> the SVG key (<svg>) the legend draws for it (colour beats symbol beats
    dash)."""
    domain = _domain(spec, field)
    by_channel = dict(reversed(legend_encodings(spec, field)))
    for channel in LEGEND_CHANNELS:
        enc = by_channel.get(channel)
        if enc is None:
            continue
        named = (enc.get("scale") or {}).get("range")
        if channel == "color":
            category = spec.get("config", {}).get("range", {}).get("category")
            colours = named or category or theme.PALETTE
            return {
                v: _swatch('<rect width="12" height="12" rx="2" '
                           f'fill="{html.escape(colours[i % len(colours)])}"/>')
                for i, v in enumerate(domain)
            }
        if channel == "shape":
            shapes = named or SYMBOLS
            return {
                v: _swatch('<g fill="none" stroke="currentColor" stroke-width="1.5">'
                           f"{SYMBOL_SVG.get(shapes[i % len(shapes)], SYMBOL_SVG['circle'])}</g>")
                for i, v in enumerate(domain)
            }
        dashes = named or DASHES
        patterns = {v: dashes[i % len(dashes)] for i, v in enumerate(domain)}
        length = dash_key_length(patterns.values())
        return {
            v: _swatch(f'<line x1="0" y1="6" x2="{length}" y2="6" stroke="currentColor" '
                       f'stroke-width="2" stroke-dasharray="{" ".join(map(str, pattern))}"/>',
                       length)
            for v, pattern in patterns.items()
        }
    return {}


def dash_key_length(patterns) -> int:
    """Length of a row's line keys: two whole dashes and the gap between them of its longest
    pattern, so a dashed line never reads as one short stroke (at least 12 px, like the
    colour keys)."""
    return max([12] + [2 * p[0] + p[1] for p in patterns if len(p) > 1 and p[1] > 0])


def _swatch(inner: str, width: int = 12) -> str:
    return (
        f'<svg class="brief-swatch" width="{width}" height="12" aria-hidden="true" '
        f'focusable="false">{inner}</svg>'
    )


def _title(spec: dict, field: str) -> str:
    for _, enc in legend_encodings(spec, field):
        title = (enc.get("legend") or {}).get("title", enc.get("title"))
        if isinstance(title, str) and title:
            return title
    return field


def legend_filters(spec: dict) -> list[tuple[str, str, list]]:
    """(parameter, field, group values) for every ``legende_<field>`` parameter of the chart."""
    found = []
    for param in spec.get("params", []):
        name = param.get("name", "")
        if name.startswith(PREFIX) and "select" not in param:
            field = name[len(PREFIX):]
            data_values = layouts.field_values(spec, field)
            # A field computed in the chart has no data values; its legend names its groups.
            values = [v for v in _domain(spec, field) if not data_values or v in data_values]
            values += [v for v in data_values if v not in values]
            found.append((name, field, values))
    return found


def legend_html(spec: dict, title: str) -> str:
    """One row of buttons per legend, titled like the legend, and one hint below the last.

    A legend without its filter parameter stops the build: readers would find a legend they
    cannot filter on one chart while every other chart offers it.
    """
    filters = legend_filters(spec)
    missing = legend_fields(spec) - {field for _, field, _ in filters}
    if missing:
        raise ValueError(
            f"Abbildung {title!r}: Legende zu {sorted(missing)} ohne Gruppenfilter; "
            "brief.charts.marks.legend_filter(<Feld>) hinzufügen"
        )
    blocks = []
    for n, (param, field, values) in enumerate(filters, 1):
        keys = _keys(spec, field)
        legend_title = _title(spec, field)
        buttons = [
            '<button type="button" class="brief-chart-group" aria-pressed="false" '
            f'data-value="{html.escape(json.dumps(value, ensure_ascii=False))}">'
            + keys.get(value, "")
            + f"{html.escape(str(value))}</button>"
            for value in values
        ]
        hint = (
            '<p class="brief-chart-hint">Gruppe antippen hebt sie hervor; '
            "nochmals antippen oder Esc zeigt alle.</p>"
            if n == len(filters) else ""
        )
        blocks.append(
            f'<div class="brief-chart-legend" role="group" data-param="{html.escape(param)}" '
            f'data-title="{html.escape(legend_title)}" '
            f'aria-label="{html.escape(f"{legend_title} hervorheben: {title}")}">'
            f'<span class="brief-chart-legend-title" aria-hidden="true">'
            f"{html.escape(legend_title)}:</span>"
            + "".join(buttons)
            + hint
            + "</div>"
        )
    return "".join(blocks)
