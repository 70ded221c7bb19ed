"""The book's Altair renderer: one mime bundle per chart, for every builder.

Why a renderer of our own: Altair's default HTML loads Vega from a CDN when the page is
viewed, and MyST-NB does not render Altair's Vega-Lite mime type. This renderer returns

- ``text/html``: two static SVGs of the chart, in the wide and the phone layout
  (``brief.layouts.layout``; CSS shows the one that fits, also without JavaScript), the same
  two layouts compiled to Vega specs (``book/_static/brief-charts.js`` turns the shown one
  live with the vendored Vega runtime once a reader reaches for the chart), buttons that
  highlight a group and download the chart, the source line, and a details box with
  description, table and CSV links;
- ``application/pdf`` (vector) and ``image/png`` for LaTeX/PDF and other builders;
- ``text/plain``: the title, never ``alt.Chart(...)``.

The figure's texts travel inside the spec as ``usermeta["brief"]`` (see ``brief.charts``).
Everything is deterministic: ids come from figure names, JSON is written with sorted keys.
"""
from __future__ import annotations

import base64
import html
import json
import re

import altair as alt
import vl_convert as vlc

from brief import fonts, layouts, legends, theme

RENDERER = "brief"
DATA_URL = "data/"  # where brief.sphinxext.core publishes data/ inside the built site


def _json_for_script(obj) -> str:
    """JSON safe to embed in a <script> element."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("</", "<\\/")


def _scope_svg_ids(svg: str, prefix: str) -> str:
    """Rename the SVG's internal ids (clip paths, gradients) to ``<prefix>-<n>`` in order.

    Two reasons: two charts on one page must never share an id, and vl-convert numbers clip
    paths from a process-wide counter, so the raw ids differ from build to build.
    """
    ids = list(dict.fromkeys(re.findall(r'\bid="([^"]+)"', svg)))
    mapping = {old: f"{prefix}-{n}" for n, old in enumerate(ids, 1)}

    def rename(match: re.Match) -> str:
        before, old, after = match.group(1), match.group(2), match.group(3)
        return f"{before}{mapping.get(old, old)}{after}"

    return re.sub(r'(\bid="|url\(#|href="#)([^")]+)([")])', rename, svg)


def stable_view_names(spec: dict) -> dict:
    """Replace Altair's hashed view names ("view_3f9a…") with "view_1", "view_2", … in order.

    Altair hashes the text form of a chart's data to name views that carry selections; that
    text depends on pandas display options, which differ between a Jupyter kernel and a plain
    process. Numbering by first appearance makes the same chart give the same spec anywhere.
    """
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    names = list(dict.fromkeys(re.findall(r"view_[0-9a-f]{16}", text)))
    for n, old in enumerate(names, 1):
        text = text.replace(old, f"view_{n}")
    return json.loads(text)


def _round_coordinates(match: re.Match) -> str:
    """Two decimals in geometry attributes only; text (e.g. "10.000") is never touched."""
    return re.sub(r"(\d+\.\d{2})\d+", r"\1", match.group(0))


def static_svg(spec: dict, name: str) -> str:
    """The chart as SVG, rendered by vl-convert with the German locale and Liberation Sans."""
    svg = vlc.vega_to_svg(layouts.to_vega(spec), **_render_options())
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    # Decorative copy for sighted readers; the container carries the alt text and the table
    # the data. Inside an aria-hidden SVG the per-mark ARIA labels are dead weight (a third of
    # the bytes), the font is set once by brief.css, and two decimals are finer than a pixel.
    svg = re.sub(r'\s(?:aria-label|aria-roledescription|role)="[^"]*"', "", svg)
    svg = re.sub(r'\sfont-family="[^"]*"', "", svg)
    svg = re.sub(r'\s(?:d|transform)="[^"]*"', _round_coordinates, svg)
    svg = svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    return _scope_svg_ids(svg, f"chart-{name}")


def vega_spec(spec: dict) -> dict:
    """The Vega-Lite spec compiled to Vega, so the page needs only the Vega runtime."""
    compiled = layouts.to_vega(spec)
    # The figure's texts are already in the HTML around the chart; the browser needs only Vega.
    compiled.pop("usermeta", None)
    return compiled


def table_html(meta: dict) -> str:
    """The plotted data as an accessible HTML table (values already formatted in German)."""
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in meta["table"]["columns"])
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>"
        for row in meta["table"]["rows"]
    )
    caption = html.escape(f"Daten zu: {meta['title']}")
    return (
        f'<table class="brief-chart-table"><caption>{caption}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def export_html(title: str) -> str:
    """Download buttons; each names its chart (the same labels would be ambiguous)."""
    return '<p class="brief-chart-tools">' + "".join(
        f'<button type="button" class="brief-chart-export" data-type="{kind}" '
        f'aria-label="{html.escape(f"{label}: {title}")}">{label}</button>'
        for kind, label in (("svg", "SVG speichern"), ("png", "PNG speichern"))
    ) + "</p>"


def chart_html(spec: dict) -> str:
    """The figure block the HTML builder shows (see module docstring).

    Two static SVGs (wide and phone layout; CSS shows the one that fits the chart's box),
    the two Vega specs for the live chart, group buttons, download buttons, source line and
    the details box.
    """
    spec = stable_view_names(spec)
    meta = spec["usermeta"]["brief"]
    name = meta["name"]
    links = " · ".join(
        f'<a href="{DATA_URL}{html.escape(f)}" download>{html.escape(f)}</a>' for f in meta["csv"]
    )
    statics, specs = [], []
    for kind in ("wide", "phone"):
        laid_out = layouts.layout(spec, kind)
        statics.append(
            f'<div class="brief-chart-static" data-layout="{kind}">'
            f"{static_svg(laid_out, f'{name}-{kind}')}</div>"
        )
        specs.append(
            f'<script type="application/json" class="brief-chart-spec" data-layout="{kind}" '
            f'id="chart-{name}-spec-{kind}">{_json_for_script(vega_spec(laid_out))}</script>'
        )
    return (
        f'<div class="brief-chart" id="chart-{name}" data-chart="{name}" '
        f'data-source="{html.escape(meta["source"])}">'
        f'<div class="brief-chart-view" id="chart-{name}-view" role="img" '
        f'aria-label="{html.escape(meta["alt"])}">{"".join(statics)}</div>'
        + "".join(specs)
        + legends.legend_html(spec, meta["title"])
        + f'<p class="brief-chart-source">{html.escape(meta["source"])}</p>'
        + export_html(meta["title"])
        + f'<details class="brief-chart-details"><summary>Beschreibung, Tabelle und Daten</summary>'
        f'<p class="brief-chart-description">{html.escape(meta["description"])}</p>'
        f"{table_html(meta)}"
        f'<p class="brief-chart-csv">Daten als CSV: {links}</p>'
        f"</details></div>"
    )


def _render_options() -> dict:
    """What every vl-convert drawing of the book gets: the German locales, and Liberation Sans
    registered first (brief.fonts: without it the cell stops instead of measuring text with
    another font)."""
    fonts.register_for_vl_convert()
    return {
        "format_locale": theme.format_locale(),
        "time_format_locale": theme.time_format_locale(),
    }


def png(spec: dict) -> bytes:
    """The chart as PNG at twice the size (sharp on high-density screens and previews)."""
    spec = layouts.layout(stable_view_names(spec), "export")
    return vlc.vegalite_to_png(spec, scale=2, **_render_options())


def bundle(spec: dict, **_ignored) -> dict:
    """The Altair renderer: a mime bundle with HTML, PDF, PNG and plain text."""
    spec = stable_view_names(spec)
    meta = spec["usermeta"]["brief"]
    pdf = vlc.vegalite_to_pdf(layouts.layout(spec, "export"), **_render_options())
    return {
        "text/html": chart_html(spec),
        "application/pdf": base64.b64encode(pdf).decode("ascii"),
        "image/png": base64.b64encode(png(spec)).decode("ascii"),
        "text/plain": f"Abbildung: {meta['title']}",
    }


def register() -> None:
    """Register and enable the renderer (idempotent)."""
    alt.renderers.register(RENDERER, bundle)
    alt.renderers.enable(RENDERER)
