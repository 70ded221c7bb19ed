"""The group buttons under a chart: one row per legend, each highlighting one group.

Why buttons and not Vega's legend binding: buttons work by tap, click and keyboard on every
chart, also where a chart has several legends, and they are in the HTML before any chart
script loads. ``brief.charts.marks.legend_filter`` defines the parameter behind a row,
``book/_static/brief-charts.js`` sets it.
"""
from __future__ import annotations

import html
import json

from brief import layouts, theme


def _color_of(spec: dict, field: str) -> dict:
    """Group value -> colour of the colour encoding on ``field`` (for the filter buttons)."""
    for unit in layouts.walk_units(spec):
        enc = (unit.get("encoding") or {}).get("color")
        if isinstance(enc, dict) and enc.get("field") == field:
            scale = enc.get("scale") or {}
            sort = enc.get("sort")
            domain = scale.get("domain") or (sort if isinstance(sort, list) else None)
            domain = domain or sorted(layouts.field_values(spec, field), key=str)
            category = spec.get("config", {}).get("range", {}).get("category")
            colours = scale.get("range") or category or theme.PALETTE
            return {value: colours[i % len(colours)] for i, value in enumerate(domain)}
    return {}


def legend_filters(spec: dict) -> list[tuple[str, str, list]]:
    """(parameter, field, group values) for every ``legende_<field>`` parameter of the chart."""
    found = []
    for param in spec.get("params", []):
        name = param.get("name", "")
        if name.startswith("legende_") and "select" not in param:
            field = name[len("legende_"):]
            colours = _color_of(spec, field)
            values = [v for v in colours if v in layouts.field_values(spec, field)]
            values += [v for v in layouts.field_values(spec, field) if v not in values]
            found.append((name, field, values))
    return found


def legend_html(spec: dict, title: str) -> str:
    """Buttons that highlight one group (``brief-charts.js`` sets the chart's parameter)."""
    blocks = []
    for param, field, values in legend_filters(spec):
        colours = _color_of(spec, field)
        buttons = []
        for value in values:
            colour = colours.get(value)
            swatch = (
                '<svg class="brief-swatch" width="12" height="12" aria-hidden="true" '
                'focusable="false">'
                f'<rect width="12" height="12" rx="2" fill="{html.escape(colour)}"/></svg>'
                if colour else ""
            )
            buttons.append(
                f'<button type="button" class="brief-chart-group" aria-pressed="false" '
                f'data-value="{html.escape(json.dumps(value, ensure_ascii=False))}">'
                f"{swatch}{html.escape(str(value))}</button>"
            )
        blocks.append(
            f'<div class="brief-chart-legend" role="group" data-param="{html.escape(param)}" '
            f'aria-label="{html.escape(f"Gruppe hervorheben: {title}")}">'
            + "".join(buttons)
            + '<p class="brief-chart-hint">Gruppe antippen hebt sie hervor; '
            "nochmals antippen oder Esc zeigt alle.</p>"
            "</div>"
        )
    return "".join(blocks)
