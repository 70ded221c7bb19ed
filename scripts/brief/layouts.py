"""The three layouts of one chart spec, for the screens a reader uses.

One figure function, three layouts of its spec (``brief.charts.build(name, layout=...)``):
"wide" for the text column on a desktop screen (and print), "phone" for a narrow screen,
"export" for the downloads (fixed width, the wide layout). Labels are wrapped onto several
lines instead of being cut with "…"; the page shows the phone layout whenever the chart's
box is narrower than PHONE_BELOW (a CSS container query and brief-charts.js share it).
"""
from __future__ import annotations

import vl_convert as vlc

from brief import fonts
from brief.theme import WIDTH

LAYOUTS = ("wide", "phone", "export")
PHONE_BELOW = 640  # CSS px of chart box: below it, the phone layout is shown
# The whole phone chart (title, axes, legend included) at 1:1 in the text column of a 360 px
# screen, so its 12 px text stays 12 px as displayed (>= 11 px down to a 330 px column).
PHONE_WIDTH = 300
# The wide layout may be at most this wide, so that scaled down to a PHONE_BELOW box its
# smallest (12 px) text still shows at >= 11 px.
WIDE_MAX_WIDTH = int(PHONE_BELOW * 12 / 11)
# Characters per line (Arial at the given size; measured widths stay under the column).
_WRAP = {
    "wide": {"title": 70, "subtitle": 80, "y": 40, "legend": 60},
    "phone": {"title": 30, "subtitle": 40, "y": 16, "legend": 36},
}
LINE_PX = 15  # line height of a 12 px label in a multi-line band


def _wrap(text: str, width: int, hyphenate: bool = False) -> list[str]:
    """Lines of at most ``width`` characters; with ``hyphenate`` a longer word is split with "-"."""
    import textwrap

    words = []
    for word in str(text).split():
        while hyphenate and len(word) > width >= 6:
            cut = width - 1
            words.append(word[:cut] + "-")
            word = word[cut:]
        words.append(word)
    lines: list[str] = []
    for word in words:
        if lines and not lines[-1].endswith("-") and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if not hyphenate:
        lines = textwrap.wrap(str(text), width, break_long_words=False, break_on_hyphens=True)
    return lines or [str(text)]


def _columns_to_bars(spec: dict) -> None:
    """Grouped columns become grouped horizontal bars: on a phone, categories side by side
    leave each label a few characters; stacked rows give every label the full width."""
    swap = {"x": "y", "y": "x", "x2": "y2", "y2": "x2", "xOffset": "yOffset"}
    rows = 1
    for unit in walk_units(spec):
        enc = unit.get("encoding")
        if not enc:
            continue
        unit["encoding"] = {swap.get(k, k): v for k, v in enc.items()}
        for channel in ("x", "y"):
            axis = unit["encoding"].get(channel, {}).get("axis")
            if isinstance(axis, dict):
                axis.pop("labelAngle", None)
        cats = unit["encoding"].get("y", {}).get("field")
        groups = unit["encoding"].get("yOffset", {}).get("field")
        if cats and groups:
            categories = len(field_values(spec, cats))
            rows = categories * len(field_values(spec, groups)) + categories
        unit.pop("height", None)
    spec["height"] = max(120, rows * 16)


def to_vega(spec: dict) -> dict:
    """The Vega-Lite spec compiled to Vega, with what Vega-Lite cannot say for a layout."""
    import json

    compiled = vlc.vegalite_to_vega(spec)
    compiled = json.loads(compiled) if isinstance(compiled, str) else compiled
    if spec.get("usermeta", {}).get("brief", {}).get("layout") == "phone":
        # Several legends stack below the chart instead of standing side by side.
        legend = compiled.setdefault("config", {}).setdefault("legend", {})
        legend["layout"] = {"bottom": {"anchor": "start", "direction": "vertical", "margin": 10}}
    return compiled


def _svg_width(spec: dict) -> float:
    import re

    fonts.register_for_vl_convert()  # text widths decide the fit
    svg = vlc.vega_to_svg(to_vega(spec))
    return float(re.search(r'<svg[^>]*\bwidth="([\d.]+)"', svg).group(1))


def _fit(spec: dict, target: int, exact: bool) -> None:
    """Set the plot width so the whole chart (axes, labels, legends) is ``target`` px wide.

    Measured with vl-convert (the renderer of the static SVGs): Vega's own "fit" autosize
    ignores legends and text beyond the plot, which then get clipped.
    """
    units = list(walk_units(spec))
    width = next((u["width"] for u in units if isinstance(u.get("width"), (int, float))), WIDTH)
    for unit in units:
        unit.pop("width", None)
    spec["width"] = width
    for _ in range(4):
        total = _svg_width(spec)
        if total <= target and (not exact or total >= target - 3):
            return
        spec["width"] = max(50, int(spec["width"] - (total - target)))


def walk_units(spec: dict):
    """The spec and every layer below it (the places that carry encodings)."""
    yield spec
    for child in spec.get("layer", []):
        yield from walk_units(child)


def field_values(spec: dict, field: str) -> list:
    seen: dict = {}
    for rows in spec.get("datasets", {}).values():
        for row in rows:
            if field in row and row[field] is not None:
                seen.setdefault(row[field], None)
    return list(seen)


def _label_expr(values: list, width: int, hyphenate: bool = False) -> tuple[str, int] | None:
    """A Vega expression that draws each long label on several lines, and the most lines."""
    import json

    wrapped = {str(v): _wrap(v, width, hyphenate) for v in values}
    wrapped = {k: lines for k, lines in wrapped.items() if len(lines) > 1}
    if not wrapped:
        return None
    table = json.dumps(wrapped, ensure_ascii=False, sort_keys=True)
    return f"{table}[datum.label] || datum.label", max(len(v) for v in wrapped.values())


def layout(spec: dict, name: str = "wide") -> dict:
    """The Vega-Lite ``spec`` laid out for ``name`` (one of LAYOUTS); a new dict."""
    import copy

    if name not in LAYOUTS:
        raise ValueError(f"unknown chart layout {name!r}; expected one of {LAYOUTS}")
    spec = copy.deepcopy(spec)
    kind = "phone" if name == "phone" else "wide"
    wrap = _WRAP[kind]
    title = spec.get("title")
    if isinstance(title, dict):
        text = title.get("text", "")
        text = " ".join(text) if isinstance(text, list) else text
        title["text"] = _wrap(text, wrap["title"]) if kind == "phone" else text
        sub = title.get("subtitle")
        if sub:
            sub = " ".join(sub) if isinstance(sub, list) else sub
            title["subtitle"] = _wrap(sub, wrap["subtitle"])
    config = spec.setdefault("config", {})
    # Vega's own ARIA output would give the live chart an unnamed image whose text is every
    # axis label run together; the chart box carries the alt text and the table the data.
    config["aria"] = False
    legend = config.setdefault("legend", {})
    legend.update({"labelLimit": 0, "titleLimit": 0, "orient": "bottom", "direction": "vertical"})
    if kind == "phone" and any("xOffset" in (u.get("encoding") or {}) for u in walk_units(spec)):
        _columns_to_bars(spec)
    band_lines = 1
    bands = 0
    # A legend below starts at the plot's left edge, right of the category labels: narrower.
    legend_chars = wrap["legend"]
    if kind == "phone" and any(
        (u.get("encoding") or {}).get("y", {}).get("type") == "nominal" for u in walk_units(spec)
    ):
        legend_chars = wrap["y"] + 4
    for unit in walk_units(spec):
        for channel, enc in (unit.get("encoding") or {}).items():
            if not isinstance(enc, dict) or "field" not in enc:
                continue
            field = enc["field"]
            if channel in ("x", "y") and enc.get("type") in ("nominal", "ordinal"):
                if enc.get("axis", {}) is None:
                    continue
                axis = enc.setdefault("axis", {})
                values = field_values(spec, field)
                if channel == "y":
                    width = wrap["y"]
                else:
                    plot = (PHONE_WIDTH - 60) if kind == "phone" else WIDTH
                    width = max(8, int(plot / max(1, len(values)) / 7))
                axis["labelLimit"] = 0
                found = _label_expr(values, width)
                if found:
                    axis["labelExpr"], lines = found
                    if channel == "y":
                        band_lines = max(band_lines, lines)
                        bands = max(bands, len(values))
            elif channel in ("color", "shape", "strokeDash") and enc.get("legend", {}) is not None:
                leg = enc.setdefault("legend", {})
                leg["labelLimit"] = 0
                found = _label_expr(field_values(spec, field), legend_chars)
                if found:
                    leg["labelExpr"] = found[0]
            if kind == "phone" and channel == "x" and enc.get("axis", {}) is not None:
                # A long axis title ends under the plot's right edge and may wrap.
                axis = enc.setdefault("axis", {})
                title_text = axis.get("title", enc.get("title"))
                if isinstance(title_text, str):
                    axis["title"] = _wrap(title_text, wrap["legend"])
                    axis["titleAnchor"] = "end"
            continuous = enc.get("type") in ("quantitative", "temporal")
            if kind == "phone" and channel == "x" and continuous:
                axis = enc.get("axis", {})
                if axis is None:
                    continue
                axis = enc.setdefault("axis", {})
                if isinstance(axis.get("values"), list) and len(axis["values"]) > 5:
                    axis["values"] = axis["values"][::2]
                elif enc["type"] == "temporal":
                    axis["tickCount"] = {"interval": "year", "step": 2}
                else:
                    axis["tickCount"] = 4
    if bands and band_lines > 1:
        # Multi-line labels need taller bands, or neighbouring labels overlap.
        height = spec.get("height")
        if isinstance(height, (int, float)):
            spec["height"] = max(height, bands * (band_lines * LINE_PX + 8))
    if kind == "phone":
        spec.setdefault("usermeta", {}).setdefault("brief", {})["layout"] = "phone"
        _fit(spec, PHONE_WIDTH, exact=True)
        if _thin_ticks(spec):
            _fit(spec, PHONE_WIDTH, exact=True)
    else:
        _fit(spec, WIDE_MAX_WIDTH, exact=False)
        if _thin_ticks(spec):
            _fit(spec, WIDE_MAX_WIDTH, exact=False)
    return spec


def _thin_ticks(spec: dict) -> bool:
    """As many value ticks as the plot has room for (a label every ~60 px), and year axes
    labelled once per year (a year format on half-year ticks repeats the year)."""
    ticks = max(2, int(spec["width"] // 60))
    changed = False
    for unit in walk_units(spec):
        enc = (unit.get("encoding") or {}).get("x")
        if not isinstance(enc, dict) or enc.get("axis", {}) is None:
            continue
        axis = enc.setdefault("axis", {})
        if "values" in axis:
            continue
        if enc.get("type") == "quantitative" and axis.get("tickCount", 99) > ticks:
            axis["tickCount"] = ticks
            changed = True
        elif enc.get("type") == "temporal" and axis.get("format") == "%Y" and (
            "tickCount" not in axis
        ):
            axis["tickCount"] = {"interval": "year", "step": max(1, round(60 * 8 / spec["width"]))}
            changed = True
    return changed
