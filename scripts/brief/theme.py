"""The book's one chart look: an Altair theme and the German locale, registered once.

Colours: the Okabe–Ito palette (safe for the common colour-vision deficiencies), ordered so
neighbouring series also differ in lightness and stay apart in greyscale print. Fonts: the
reader's installed fonts (Arial or its metric twin Liberation Sans), so no web font is
ever fetched.
"""
from __future__ import annotations

import altair as alt
import vl_convert as vlc

THEME_NAME = "brief"
LOCALE = "de-DE"
# Arial's metrics: vl-convert lays out the static SVG with Liberation Sans (metric-compatible
# with Arial), so labels fit only if the reader's browser draws them with the same widths.
# Both ship with Windows, macOS and most Linux desktops; nothing is downloaded.
FONT = 'Arial, "Liberation Sans", Helvetica, sans-serif'

# Okabe–Ito, reordered dark/light alternately for greyscale: blue, orange, bluish green,
# vermillion, sky blue, reddish purple, yellow. Orange, sky blue and yellow are darkened
# (same hue) so every series colour keeps a 3:1 contrast against the white background
# (WCAG 1.4.11; tests/test_charts.py checks every colour a chart uses).
PALETTE = ["#0072B2", "#C27400", "#009E73", "#D55E00", "#4A9BD1", "#CC79A7", "#9E8A00"]
# Two-group comparisons (Stadt vs Land): dark blue vs orange differ in hue and lightness.
CITY, COUNTRY, NATIONAL = "#0072B2", "#C27400", "#555555"
LIGHT = "#4A9BD1"  # the lighter companion of CITY (e.g. forecast next to measured values)
MUTED = "#8a8a8a"
TEXT = "#1f1f1f"
# Sized to the text column (about 700 px) so the chart shows at 1:1 on a desktop screen;
# on phones the SVG scales down.
WIDTH = 540
HEIGHT = 300


def config() -> dict:
    """The theme as a Vega-Lite config dict (also handed to vl-convert)."""
    return {
        "config": {
            "font": FONT,
            "background": "#ffffff",
            "view": {"stroke": None, "continuousWidth": WIDTH, "continuousHeight": HEIGHT},
            "title": {
                "anchor": "start",
                "fontSize": 16,
                "fontWeight": 600,
                "color": TEXT,
                "subtitleFontSize": 13,
                "subtitleColor": "#3d3d3d",
                "subtitlePadding": 6,
                "offset": 14,
            },
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "titleFontWeight": 500,
                "labelColor": TEXT,
                "titleColor": TEXT,
                "gridColor": "#e3e3e3",
                "domainColor": "#767676",
                "tickColor": "#767676",
            },
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "orient": "bottom",
                "direction": "vertical",
                "labelLimit": 420,
                "symbolStrokeWidth": 2,
            },
            "range": {"category": PALETTE},
            "line": {"strokeWidth": 2.5},
            "point": {"size": 70, "filled": True},
            "bar": {"cornerRadiusEnd": 2},
            "text": {"fontSize": 12, "color": TEXT},
        }
    }


def _theme() -> alt.theme.ThemeConfig:
    return alt.theme.ThemeConfig(config())


def register() -> None:
    """Register and enable the theme. Idempotent; called on import of ``brief.charts``."""
    alt.theme.register(THEME_NAME, enable=True)(_theme)


def format_locale() -> dict:
    """d3 number format locale for de-DE (decimal comma, thousands point, "€" suffix)."""
    return vlc.get_format_locale(LOCALE)


def time_format_locale() -> dict:
    """d3 time format locale for de-DE (month and day names)."""
    return vlc.get_time_format_locale(LOCALE)
