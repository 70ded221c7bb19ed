"""Every figure of the book: one function per figure, built from the loaded data tables.

A figure function takes the loaded tables and returns a ``Plot``: the Altair chart, the rows
it plots (each tagged with the table it came from), and the texts a reader needs beside the
picture (takeaway, alt text, description, table columns). ``build(name)`` adds title, source
line and the ``usermeta`` that ``brief.render`` turns into the figure block.

Texts that mention figures are composed from the data with ``brief.fmt``, never typed, so the
chart, its alt text and the prose always agree. Tooltips show the same pre-formatted labels.
"""
from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field
from typing import Callable

import altair as alt
import pandas as pd

from brief import data, derive, fmt, render, theme, zahlen
from brief.zahlen import Tables

theme.register()
render.register()

FIGURES: dict[str, "Figure"] = {}
SUBTITLE_CHARS = 70


@dataclass
class Plot:
    """What a figure function returns."""

    chart: alt.TopLevelMixin
    rows: pd.DataFrame  # plotted rows; column "table" names the source table, "derived" flags computed rows
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
    """The rows of ``table`` matching ``where`` (value or list of values), tagged with the table."""
    frame = tables.get(table)
    mask = pd.Series(True, index=frame.index)
    for column, wanted in where.items():
        values = wanted if isinstance(wanted, (list, tuple)) else [wanted]
        mask &= frame[column].isin(values)
    rows = frame[mask].copy()
    if rows.empty:
        raise data.DataError(f"data/{table}.csv: no rows match {where} (figure selection)")
    rows["table"] = table
    rows["derived"] = False
    return rows


def selected(tables: Tables, name: str, table: str) -> pd.DataFrame:
    """The rows the registered figure ``name`` declares for ``table``."""
    return pick(tables, table, FIGURES[name].selection[table])


def source_line(rows: pd.DataFrame, tables: Tables) -> str:
    """"Quelle: …" from the sources of the plotted rows, in first-use order."""
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

    ``layout`` ("wide", "phone", "export"; see ``brief.theme.layout``) lays the same chart
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
    laid_out = theme.layout(chart.to_dict(), layout)
    kind = alt.LayerChart if "layer" in laid_out else alt.Chart
    return kind.from_dict(laid_out, validate=False)


def _shipped_columns(plot: Plot, fig: Figure) -> list[str]:
    """The columns the page needs: those the chart encodes, plus row identity and provenance.

    Notes and helper columns stay in the CSV (linked under every chart); shipping them in every
    spec would cost chart pages several kilobytes each.
    """
    spec_text = json.dumps(plot.chart.to_dict(validate=False)["layer"] if hasattr(plot.chart, "layer")
                           else plot.chart.to_dict(validate=False), default=str)
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


# --------------------------------------------------------------------------- helpers


def _label(rows: pd.DataFrame, column: str, formatter: Callable[[float], str]) -> pd.Series:
    """Pre-formatted German value labels (with the source's qualifier) for tooltips and tables."""
    qualifiers = rows["qualifier"] if "qualifier" in rows else pd.Series("", index=rows.index)
    return pd.Series(
        [
            fmt.with_qualifier(formatter(v), None if pd.isna(q) else q)
            for v, q in zip(rows[column], qualifiers)
        ],
        index=rows.index,
    )


def _legend_filter(field_name: str) -> alt.Parameter:
    """A plain parameter ``legende_<field>`` that highlights one group; the others fade.

    No Vega legend binding: buttons under the chart (``brief.render`` writes them,
    ``brief-charts.js`` sets the parameter) work by tap, click and keyboard on every chart,
    also where a chart has several legends. ``null`` shows all groups. The name is fixed:
    Altair would number parameters from a process-wide counter, and the same chart would
    then differ between two builds.
    """
    return alt.param(name=f"{LEGEND_PREFIX}{field_name}", value=None)


LEGEND_PREFIX = "legende_"


def _faded(selection: alt.Parameter):
    name = selection.name
    field_name = json.dumps(name[len(LEGEND_PREFIX):], ensure_ascii=False)
    return alt.condition(
        f"{name} === null || datum[{field_name}] === {name}", alt.value(1.0), alt.value(0.18)
    )


def _labelled_bars(
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
        y=alt.Y(f"{category}:N", sort=order or list(rows[category]), title=None,
                axis=alt.Axis(labelLimit=label_limit)),
        x=alt.X(f"{value}:Q", title=x_title,
                scale=alt.Scale(domain=[0, 100]) if percent else alt.Undefined),
    )
    encoding = {"tooltip": tooltip, "color": color if color is not None else alt.value(theme.CITY)}
    if legend is not None:
        encoding["opacity"] = _faded(legend)
    bars = base.mark_bar().encode(**encoding)
    if legend is not None:
        bars = bars.add_params(legend)
    return bars + base.mark_text(align="left", dx=4).encode(text="wert_text:N")


def _period_column(rows: pd.DataFrame) -> pd.Series:
    return pd.Series(
        [fmt.period(d, b) for d, b in zip(rows["ref_date"], rows["date_basis"])], index=rows.index
    )


# --------------------------------------------------------------------------- Startseite


@figure(
    "stadt-land-kluft",
    "Stadt und Land: dieselben Dienste, ungleich verteilt",
    {
        "broadband": {
            "ref_date": [pd.Timestamp("2019-06-30"), pd.Timestamp("2020-12-31"), pd.Timestamp("2024-12-31")],
            "area": ["städtisch", "ländlich"],
        },
        "reachability": {
            "service": "Krankenhaus der Grundversorgung",
            "measure": "Bevölkerungsanteil in 15 Pkw-Minuten",
            "region_type": ["städtische Regionen", "ländliche Regionen"],
        },
    },
)
def stadt_land_kluft(t: Tables) -> Plot:
    """The divide in one picture: urban vs rural shares for broadband and hospital access."""
    bb = selected(t, "stadt-land-kluft", "broadband")
    # One comparison per bandwidth class: its latest date that has both an urban and a rural value.
    bb = bb.groupby(["bandwidth_mbit", "ref_date"]).filter(lambda g: set(g["area"]) == {"städtisch", "ländlich"})
    latest = bb.groupby("bandwidth_mbit")["ref_date"].transform("max")
    bb = bb[bb["ref_date"] == latest].sort_values(["bandwidth_mbit", "area"], ascending=[True, False])
    # Stadt/Land means something different in each source: say which typology each row uses.
    new_basis = bb["series"] == "Gigabit-Grundbuch"
    bb["typologie"] = new_basis.map({True: "Siedlungsdichte (Destatis)", False: "Gemeindeprägung (Breitbandatlas)"})
    bb["indikator"] = [
        ("Gigabit" if b == 1000 else f"{fmt.count(b)}\u00a0Mbit/s")
        + f", {fmt.period(d, basis)} ({typ.split(' ')[0]})"
        for b, d, basis, typ in zip(bb["bandwidth_mbit"], bb["ref_date"], bb["date_basis"], bb["typologie"])
    ]
    bb["raum"] = bb["area"].map({"städtisch": "Stadt", "ländlich": "Land"})
    bb["wert"] = bb["share_pct"]
    hosp = selected(t, "stadt-land-kluft", "reachability")
    hosp["typologie"] = "Regionstyp (Destatis)"
    hosp["indikator"] = "Klinik in 15 Pkw-Min., Daten 2016 (Regionstyp)"
    hosp["raum"] = hosp["region_type"].map({"städtische Regionen": "Stadt", "ländliche Regionen": "Land"})
    hosp["wert"] = hosp["value"]
    rows = pd.concat([bb, hosp], ignore_index=True)
    rows["wert_text"] = _label(rows, "wert", fmt.pct)
    rows["derived"] = rows["derived"].astype(bool)
    gaps = rows.pivot_table(index="indikator", columns="raum", values="wert")
    biggest = (gaps["Stadt"] - gaps["Land"]).idxmax()
    gap = derive.gap_pp(gaps.loc[biggest, "Stadt"], gaps.loc[biggest, "Land"])
    order = list(dict.fromkeys(rows["indikator"]))
    legend = _legend_filter("raum")
    base = alt.Chart(rows).encode(
        y=alt.Y("indikator:N", sort=order, title=None, axis=alt.Axis(labelLimit=300)),
    )
    rule = base.mark_rule(color=theme.MUTED, strokeWidth=2).encode(
        x=alt.X("min(wert):Q"), x2="max(wert):Q"
    )
    dots = base.mark_point(size=140, filled=True, opacity=1).encode(
        x=alt.X("wert:Q", title="Anteil in Prozent", scale=alt.Scale(domain=[0, 100]), axis=alt.Axis(tickCount=5)),
        color=alt.Color(
            "raum:N",
            title="Raum",
            scale=alt.Scale(domain=["Stadt", "Land"], range=[theme.CITY, theme.COUNTRY]),
        ),
        shape=alt.Shape("raum:N", scale=alt.Scale(domain=["Stadt", "Land"], range=["circle", "square"])),
        opacity=_faded(legend),
        tooltip=[
            alt.Tooltip("indikator:N", title="Merkmal"),
            alt.Tooltip("raum:N", title="Raum"),
            alt.Tooltip("wert_text:N", title="Anteil"),
            alt.Tooltip("typologie:N", title="Stadt/Land nach"),
        ],
    ).add_params(legend)
    labels = rows.set_index(["indikator", "raum"])["wert_text"]
    return Plot(
        chart=(rule + dots).properties(width=theme.WIDTH, height=220),
        rows=rows,
        subtitle=f"Die größte Lücke: {fmt.pp(gap)} bei {biggest}. "
        "Jede Zeile grenzt Stadt und Land anders ab (in Klammern).",
        alt="Punktdiagramm: Anteile in der Stadt und auf dem Land für Breitband und die "
        "Erreichbarkeit eines Krankenhauses; auf dem Land liegen alle Werte niedriger.",
        description="; ".join(
            f"{ind}: Stadt {labels[(ind, 'Stadt')]}, Land {labels[(ind, 'Land')]}" for ind in order
        )
        + ". Breitband bis 2021: Gemeindeprägung des Breitbandatlas (Einwohner je km² der Gemeinde); "
        "Ende 2024: dicht, mittel und dünn besiedelte Gebiete (DNS-Indikator, Destatis); "
        "Krankenhaus: städtische und ländliche Regionen des Krankenhaus-Atlas (Destatis, Daten 2016).",
        columns={"indikator": "Merkmal", "raum": "Raum", "wert_text": "Anteil",
                 "typologie": "Stadt/Land nach"},
    )


# --------------------------------------------------------------------------- Markt


@figure(
    "markt-volumen",
    "Smart-City-Markt und Games-Markt in Deutschland",
    {"smart_city_market": {}, "games_market": {}},
)
def markt_volumen(t: Tables) -> Plot:
    """The market the article describes, in both eco/ADL studies, against the games market."""
    market = selected(t, "markt-volumen", "smart_city_market")
    market["reihe"] = "Smart City: " + market["study"]
    market["art"] = market["value_type"]
    games = selected(t, "markt-volumen", "games_market")
    games["reihe"] = "Games: " + games["method"]
    games["art"] = "Ist-Wert"
    rows = pd.concat([market, games], ignore_index=True)
    rows["wert_text"] = _label(rows, "value_bn_eur", fmt.mrd_eur)
    rows["jahr"] = rows["year"].astype(int)
    rows["derived"] = rows["derived"].astype(bool)
    legend = _legend_filter("reihe")
    base = alt.Chart(rows).encode(
        # A true time axis: the gap between 2022 and 2026 must look like four years.
        x=alt.X("jahr:Q", title="Jahr", axis=alt.Axis(format="d", values=list(range(2014, 2027, 2))),
                scale=alt.Scale(domain=[2014, 2026])),
        y=alt.Y("value_bn_eur:Q", title="Umsatz in Mrd. €", axis=alt.Axis(format=",.0f")),
        color=alt.Color("reihe:N", title="Reihe"),
        detail="reihe:N",
        opacity=_faded(legend),
    )
    lines = base.mark_line().encode(
        strokeDash=alt.StrokeDash(
            "linie:N",
            title="Linie",
            scale=alt.Scale(domain=["bis zur Prognose", "Ist-Werte"], range=[[6, 4], [1, 0]]),
        )
    ).transform_calculate(linie="indexof(datum.reihe, 'Smart City') === 0 ? 'bis zur Prognose' : 'Ist-Werte'")
    points = base.mark_point(size=80).encode(
        shape=alt.Shape("art:N", title="Wert"),
        tooltip=[
            alt.Tooltip("reihe:N", title="Reihe"),
            alt.Tooltip("jahr:Q", title="Jahr", format="d"),
            alt.Tooltip("art:N", title="Art"),
            alt.Tooltip("wert_text:N", title="Umsatz"),
        ],
    ).add_params(legend)
    first = market[market["study"] == market["study"].min()].sort_values("year")
    start = first["value_bn_eur"].iloc[0]
    games_2017 = games[(games["year"] == first["year"].iloc[0]) & (games["series_break"] == False)]  # noqa: E712
    ratio = derive.ratio(start, games_2017["value_bn_eur"].iloc[0])
    forecasts = market[market["value_type"] == "Prognose"].sort_values("year")
    forecast_years = " und ".join(str(y) for y in forecasts["year"])
    breaks = games[games["series_break"] == True].sort_values("year")  # noqa: E712
    break_years = " und ".join(f"{y - 1}/{y}" for y in breaks["year"])
    return Plot(
        chart=(lines + points).properties(width=theme.WIDTH, height=theme.HEIGHT),
        rows=rows,
        subtitle=f"Schätzung {first['year'].iloc[0]}: Der Smart-City-Markt war {fmt.factor(ratio)} so groß wie der "
        f"Games-Markt. Die Werte für {forecast_years} sind Prognosen; Ist-Werte dazu sind nicht "
        "veröffentlicht.",
        alt=f"Liniendiagramm: Smart-City-Umsatz in Deutschland nach zwei eco-Studien, von "
        f"{fmt.mrd_eur(start)} ({first['year'].iloc[0]}) bis {fmt.mrd_eur(market['value_bn_eur'].max())} "
        f"(Prognose {market['year'].max()}), dazu der viel kleinere Games-Markt.",
        description="; ".join(
            f"{r.reihe}, {r.jahr}: {r.wert_text} ({r.art})" for r in rows.itertuples()
        )
        + ". Gestrichelte Linien führen zu Prognosen. Die Games-Reihe bricht "
        f"{break_years}: erst kamen App-Daten hinzu, dann Gaming-PCs. Eine Linie über einen Bruch "
        "hinweg würde Wachstum zeigen, das nur aus der neuen Abgrenzung kommt.",
        columns={"reihe": "Reihe", "jahr": "Jahr", "art": "Art", "wert_text": "Umsatz"},
    )


@figure(
    "markt-segmente",
    "Die größten Segmente des Smart-City-Markts 2026",
    {"smart_city_segments": {}},
    inputs=("smart_city_market",),
)
def markt_segmente(t: Tables) -> Plot:
    """Which services the 2026 forecast expects to earn most; the unnamed rest is derived."""
    segments = selected(t, "markt-segmente", "smart_city_segments")
    study, year = segments["study"].iloc[0], int(segments["year"].iloc[0])
    market = t.get("smart_city_market")
    total_row = market[(market["study"] == study) & (market["year"] == year)].iloc[0]
    total = total_row["value_bn_eur"]
    rest = derive.residual(total, *segments["value_bn_eur"])
    others = 9 - len(segments)
    rest_row = pd.DataFrame(
        [{"segment": f"Übrige {others} Segmente (abgeleitet)", "value_bn_eur": rest, "year": year,
          "study": study, "table": "derived", "derived": True, "source_id": total_row["source_id"],
          "value_type": "Prognose"}]
    )
    rows = pd.concat([segments, rest_row], ignore_index=True)
    rows["derived"] = rows["derived"].astype(bool)
    rows["wert_text"] = _label(rows, "value_bn_eur", fmt.mrd_eur)
    rows["art"] = rows["derived"].map({False: "berichtet", True: "abgeleitet"})
    order = list(segments.sort_values("value_bn_eur", ascending=False)["segment"]) + [rest_row["segment"][0]]
    chart = _labelled_bars(
        rows, "segment", "value_bn_eur", f"Umsatz {year} in Mrd. € (Prognose)",
        [alt.Tooltip("segment:N", title="Segment"), alt.Tooltip("wert_text:N", title="Umsatz"),
         alt.Tooltip("art:N", title="Wert")],
        color=alt.Color("art:N", title="Wert", scale=alt.Scale(
            domain=["berichtet", "abgeleitet"], range=[theme.CITY, theme.MUTED])),
        order=order,
        legend=_legend_filter("art"),
    )
    top = segments.sort_values("value_bn_eur", ascending=False).iloc[0]
    return Plot(
        chart=chart.properties(width=theme.WIDTH - 120, height=200),
        rows=rows,
        subtitle=f"Prognose für {year}: {top['segment']} führt mit "
        f"{fmt.mrd_eur(top['value_bn_eur'])}; nur drei von neun Segmenten sind öffentlich beziffert.",
        alt=f"Balkendiagramm: Prognose {year} für drei Segmente des Smart-City-Markts und den "
        f"abgeleiteten Rest von {fmt.mrd_eur(rest)}.",
        description="; ".join(f"{r.segment}: {r.wert_text}" for r in rows.itertuples())
        + f". Der Rest ist die Differenz zum Gesamtmarkt von {fmt.mrd_eur(total)}.",
        columns={"segment": "Segment", "wert_text": "Umsatz (Prognose)", "art": "Wert"},
    )


# --------------------------------------------------------------------------- Autonomie


@figure(
    "vku-mitglieder",
    "Kommunale Unternehmen im VKU",
    {"municipal_capacity": {"indicator": "VKU-Mitgliedsunternehmen"}},
)
def vku_mitglieder(t: Tables) -> Plot:
    """Municipal companies are many and growing: the base for sovereign infrastructure."""
    rows = selected(t, "vku-mitglieder", "municipal_capacity").sort_values("ref_date")
    rows["datum"] = rows["ref_date"].dt.strftime("%Y-%m-%d")
    rows["stand"] = [f"{d.month:02d}/{d.year}" for d in rows["ref_date"]]
    rows["wert_text"] = _label(rows, "value", fmt.count)
    first, last = rows.iloc[0], rows.iloc[-1]
    base = alt.Chart(rows).encode(
        x=alt.X("datum:T", title="Stand", axis=alt.Axis(format="%Y", tickCount="year")),
        # Zero-based: the growth is modest, and a cut axis would make it look steep.
        y=alt.Y("value:Q", title="Mitgliedsunternehmen", scale=alt.Scale(zero=True)),
    )
    chart = base.mark_line(color=theme.CITY) + base.mark_point(color=theme.CITY, size=90).encode(
        tooltip=[alt.Tooltip("stand:N", title="Stand"), alt.Tooltip("wert_text:N", title="Mitglieder")]
    )
    return Plot(
        chart=chart.properties(width=theme.WIDTH, height=260),
        rows=rows,
        subtitle=f"Von {fmt.with_qualifier(fmt.count(first['value']), first['qualifier'])} "
        f"({first['ref_date'].year}) auf {fmt.count(last['value'])} ({last['ref_date'].year}) "
        "Mitgliedsunternehmen.",
        alt=f"Liniendiagramm: Die Zahl der VKU-Mitgliedsunternehmen steigt von "
        f"{fmt.count(first['value'])} auf {fmt.count(last['value'])}.",
        description="; ".join(f"{r.stand}: {r.wert_text}" for r in rows.itertuples())
        + ". Die Achse beginnt bei null.",
        columns={"stand": "Stand", "wert_text": "Mitgliedsunternehmen"},
    )


# Short bar labels: the survey questions differ, and the label says what each bar counts.
_STRATEGY_LABELS = {
    "Kommunen, die eine Digitalstrategie planen, entwickeln oder haben": "Strategie geplant, in Arbeit oder da",
    "Kommunen mit Digitalstrategie in Entwicklung oder Umsetzung": "Strategie in Entwicklung/Umsetzung",
    "Kommunen mit Digitalstrategie": "Strategie vorhanden",
    "Kommunen mit Digitalstrategie in Arbeit": "Strategie in Arbeit",
    "Kommunen ohne Digitalstrategie": "ohne Strategie",
    "Kommunalverwaltungen mit IT-Fachkräftemangel": "IT-Fachkräftemangel",
}


@figure(
    "digitalstrategien",
    "Digitalstrategien und Fachkräfte in den Kommunen",
    {"municipal_capacity": {"indicator": list(_STRATEGY_LABELS)}},
)
def digitalstrategien(t: Tables) -> Plot:
    """Survey results on strategies and IT staff: each bar names its survey; never one series."""
    rows = selected(t, "digitalstrategien", "municipal_capacity").sort_values(["ref_date", "survey", "category"])
    if rows["survey"].isna().any():
        raise data.DataError("data/municipal_capacity.csv: a survey row of the figure "
                             "'digitalstrategien' has no survey name (column survey)")
    short = {"ab 20.000 Einwohner": "ab 20.000 Einw.", "unter 20.000 Einwohner": "unter 20.000 Einw."}
    rows["merkmal"] = [
        _STRATEGY_LABELS[ind] + (f" ({short.get(cat, cat)})" if isinstance(cat, str) and cat else "")
        + f", {d.year}"
        for ind, cat, d in zip(rows["indicator"], rows["category"], rows["ref_date"])
    ]
    rows["wert_text"] = _label(rows, "value", fmt.pct)
    rows["umfrage"] = rows["survey"]
    legend = _legend_filter("umfrage")
    chart = _labelled_bars(
        rows, "merkmal", "value", "Anteil der befragten Kommunen in Prozent",
        [alt.Tooltip("merkmal:N", title="Merkmal"), alt.Tooltip("umfrage:N", title="Umfrage"),
         alt.Tooltip("wert_text:N", title="Anteil")],
        color=alt.Color("umfrage:N", title="Umfrage", sort=list(dict.fromkeys(rows["umfrage"])),
                        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=340)),
        percent=True, legend=legend, label_limit=260,
    )
    small = rows[rows["category"].astype(str).str.startswith("unter")]
    large = rows[rows["category"].astype(str).str.startswith("ab")]
    have = rows[(rows["indicator"] == "Kommunen mit Digitalstrategie") & rows["category"].isna()]
    subtitle = "Kleine Gemeinden haben seltener eine Digitalstrategie als größere."
    if len(small) and len(large):
        subtitle = (
            f"{large['ref_date'].iloc[0].year}: Strategie in "
            f"{fmt.with_qualifier(fmt.pct(large['value'].iloc[0]), large['qualifier'].iloc[0])} der "
            f"Kommunen ab 20.000 Einwohnern, in "
            f"{fmt.with_qualifier(fmt.pct(small['value'].iloc[0]), small['qualifier'].iloc[0])} der kleineren."
        )
    if len(have):
        latest = have.iloc[-1]
        subtitle += (f" {latest['ref_date'].year}: {fmt.pct(latest['value'])} mit Strategie"
                     f" ({latest['survey']}). Jede Umfrage fragt anders; keine Zeitreihe.")
    years = sorted({d.year for d in rows["ref_date"]})
    return Plot(
        chart=chart.properties(width=theme.WIDTH - 240, height=26 * len(rows)),
        rows=rows,
        subtitle=subtitle,
        alt=f"Balkendiagramm aus {rows['survey'].nunique()} Umfragen {years[0]} bis {years[-1]}: Anteil der "
        "Kommunen mit, ohne oder in Arbeit an einer Digitalstrategie, nach Größe, und Anteil der "
        "Verwaltungen mit IT-Fachkräftemangel. Jeder Balken nennt seine Umfrage.",
        description="; ".join(f"{r.merkmal} ({r.umfrage}): {r.wert_text}" for r in rows.itertuples())
        + ". Die Werte stammen aus verschiedenen Umfragen mit verschiedenen Fragen und "
        "Stichproben; sie bilden keine Zeitreihe.",
        columns={"merkmal": "Merkmal", "umfrage": "Umfrage", "wert_text": "Anteil"},
    )


@figure(
    "lizenzausgaben",
    "Ausgaben des Bundes für Microsoft-Lizenzen",
    {"licence_spending": {}},
)
def lizenzausgaben(t: Tables) -> Plot:
    """Two parliamentary answers with different scopes: two series, never joined."""
    rows = selected(t, "lizenzausgaben", "licence_spending").sort_values(["series", "year"])
    rows["wert_text"] = _label(rows, "value_mio_eur", fmt.mio_eur)
    rows["jahr"] = rows["year"].astype(int)
    # The legend names the answer; its scope stands in the tooltip, the table and the description
    # (in full, never cut off with "…").
    rows["reihe"] = rows["series"]
    order = list(dict.fromkeys(rows.sort_values("value_mio_eur", ascending=False)["reihe"]))
    legend = _legend_filter("reihe")
    years = list(range(rows["jahr"].min(), rows["jahr"].max() + 1))
    base = alt.Chart(rows).encode(
        x=alt.X("jahr:Q", title="Haushaltsjahr", axis=alt.Axis(format="d", values=years),
                scale=alt.Scale(domain=[years[0] - 0.3, years[-1] + 0.3])),
        y=alt.Y("value_mio_eur:Q", title="Ausgaben in Mio. €", scale=alt.Scale(zero=True)),
        color=alt.Color("reihe:N", title="Anfrage", sort=order,
                        scale=alt.Scale(range=[theme.PALETTE[3], theme.CITY]),
                        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=340)),
        detail="reihe:N",
        opacity=_faded(legend),
    )
    chart = base.mark_line() + base.mark_point(size=80, filled=True).encode(
        tooltip=[alt.Tooltip("reihe:N", title="Anfrage"), alt.Tooltip("scope:N", title="Erfasste Stellen"),
                 alt.Tooltip("jahr:Q", title="Jahr", format="d"), alt.Tooltip("wert_text:N", title="Ausgaben")],
    ).add_params(legend)
    wide = rows[rows["series"] == "Lenhard-Anfrage"].sort_values("year")
    narrow = rows[rows["series"] == "Perli-Anfragen"].sort_values("year")
    first, last = wide.iloc[0], wide.iloc[-1]
    factor = derive.ratio(last["value_mio_eur"], first["value_mio_eur"])
    return Plot(
        chart=chart.properties(width=theme.WIDTH - 120, height=260),
        rows=rows,
        subtitle=f"Laut Lenhard-Anfrage {last['wert_text']} im Jahr {last['jahr']}, "
        f"{fmt.factor(factor)} so viel wie {first['jahr']}. Die Perli-Anfragen erfassen weniger "
        f"Stellen ({narrow.iloc[-1]['jahr']}: {narrow.iloc[-1]['wert_text']}); die beiden Reihen sind "
        "nicht verbunden.",
        alt=f"Liniendiagramm: Microsoft-Lizenzausgaben des Bundes nach zwei Anfragen, getrennt "
        f"gezeichnet; die weitere steigt von {first['wert_text']} ({first['jahr']}) auf "
        f"{last['wert_text']} ({last['jahr']}).",
        description="; ".join(f"{r.reihe} ({r.scope}), {r.jahr}: {r.wert_text}" for r in rows.itertuples())
        + ". Die beiden Anfragen erfassen verschiedene Stellen; ihre Zahlen lassen sich nicht "
        "zu einer Reihe verbinden.",
        columns={"series": "Anfrage", "scope": "Erfasste Stellen", "jahr": "Jahr", "wert_text": "Ausgaben"},
    )


# --------------------------------------------------------------------------- Daseinsvorsorge


@figure(
    "erreichbarkeit-nahversorgung",
    "Wie weit es zur nächsten Hausarztpraxis und Apotheke ist",
    {"reachability": {"service": ["Hausarztpraxis", "Apotheke"], "measure": "Mittlere Luftlinienentfernung"}},
)
def erreichbarkeit_nahversorgung(t: Tables) -> Plot:
    """Distance to everyday health services grows from big city to small rural municipality."""
    rows = selected(t, "erreichbarkeit-nahversorgung", "reachability")
    rows["km"] = rows["value"] / 1000
    rows["wert_text"] = _label(rows, "value", lambda v: fmt.meters(v) if v < 1000 else fmt.km(v))
    order = ["Großstädte", "Deutschland", "Landgemeinden West", "Landgemeinden Ost"]
    order = [o for o in order if o in set(rows["region_type"])] + sorted(set(rows["region_type"]) - set(order))
    legend = _legend_filter("service")
    base = alt.Chart(rows).encode(
        x=alt.X("region_type:N", sort=order, title=None, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("service:N"),
        y=alt.Y("km:Q", title="Mittlere Entfernung (Luftlinie) in km"),
    )
    bars = base.mark_bar().encode(
        color=alt.Color("service:N", title="Einrichtung", scale=alt.Scale(range=[theme.CITY, theme.COUNTRY])),
        opacity=_faded(legend),
        tooltip=[
            alt.Tooltip("service:N", title="Einrichtung"),
            alt.Tooltip("region_type:N", title="Gemeindetyp"),
            alt.Tooltip("wert_text:N", title="Entfernung"),
        ],
    ).add_params(legend)
    gp = rows[rows["service"] == "Hausarztpraxis"].set_index("region_type")
    far = gp["value"].idxmax()
    return Plot(
        chart=bars.properties(width=theme.WIDTH, height=280),
        rows=rows,
        subtitle=f"{gp.loc[far, 'ref_year']}: In {far} war die Hausarztpraxis im Mittel "
        f"{fmt.with_qualifier(fmt.km(gp.loc[far, 'value']), gp.loc[far, 'qualifier'])} "
        f"entfernt, in Großstädten {fmt.with_qualifier(fmt.meters(gp.loc['Großstädte', 'value']), gp.loc['Großstädte', 'qualifier'])}."
        if "Großstädte" in gp.index else "Auf dem Land sind die Wege weiter.",
        alt="Säulendiagramm: mittlere Entfernung zur nächsten Hausarztpraxis und Apotheke nach "
        "Gemeindetyp; in Landgemeinden, besonders im Osten, sind die Wege am längsten.",
        description="; ".join(f"{r.service}, {r.region_type}: {r.wert_text}" for r in rows.itertuples())
        + ".",
        columns={"service": "Einrichtung", "region_type": "Gemeindetyp", "wert_text": "Mittlere Entfernung"},
    )


@figure(
    "erreichbarkeit-krankenhaus",
    "Krankenhaus der Grundversorgung in 15 Minuten erreichbar",
    {
        "reachability": {
            "service": "Krankenhaus der Grundversorgung",
            "measure": "Bevölkerungsanteil in 15 Pkw-Minuten",
            # One model only: the Deutschland row comes from another model (Thünen 2019).
            "region_type": ["städtische Regionen", "ländliche Regionen"],
        }
    },
)
def erreichbarkeit_krankenhaus(t: Tables) -> Plot:
    """A basic hospital within 15 minutes by car: the norm in cities, not in rural regions."""
    rows = selected(t, "erreichbarkeit-krankenhaus", "reachability")
    rows["wert_text"] = _label(rows, "value", fmt.pct)
    colour = {"städtische Regionen": theme.CITY, "ländliche Regionen": theme.COUNTRY}
    rows = rows.sort_values("value", ascending=False)
    chart = _labelled_bars(
        rows, "region_type", "value", "Anteil der Bevölkerung in Prozent",
        [alt.Tooltip("region_type:N", title="Region"), alt.Tooltip("wert_text:N", title="Anteil"),
         alt.Tooltip("ref_year:N", title="Stand")],
        color=alt.Color("region_type:N", title="Region", legend=None,
                        scale=alt.Scale(domain=list(colour), range=list(colour.values()))),
        percent=True,
    )
    # The gap as the text prints it: "knapp 26" from "knapp 90" and "gut 64" (brief.zahlen).
    gap = zahlen.render("kh-grund-luecke", t)
    return Plot(
        chart=chart.properties(width=theme.WIDTH - 140, height=120),
        rows=rows,
        subtitle=f"{rows['ref_year'].iloc[0]} (Krankenhaus-Atlas 2019): Zwischen städtischen und "
        f"ländlichen Regionen lagen {gap}.",
        alt="Balkendiagramm: Anteil der Bevölkerung, der ein Krankenhaus der Grundversorgung in "
        "15 Minuten mit dem Auto erreicht, in städtischen und ländlichen Regionen.",
        description="; ".join(f"{r.region_type}: {r.wert_text}" for r in rows.itertuples()) + ".",
        columns={"region_type": "Region", "wert_text": "Anteil in 15 Pkw-Minuten", "ref_year": "Stand"},
    )


# --------------------------------------------------------------------------- Raum


def _broadband_lines(rows: pd.DataFrame, title_y: str) -> alt.TopLevelMixin:
    """Lines per area that break where the data basis changes (one line per area and series)."""
    # A figure the source dates only by year is drawn mid-year, not on New Year's Eve.
    rows["datum"] = [
        f"{d.year}-07-01" if basis == "Jahr" else d.strftime("%Y-%m-%d")
        for d, basis in zip(rows["ref_date"], rows["date_basis"])
    ]
    rows["stand"] = _period_column(rows)
    rows["wert_text"] = _label(rows, "share_pct", fmt.pct)
    rows["linie"] = rows["area"] + " · " + rows["series"]
    areas = [a for a in ["städtisch", "halbstädtisch", "ländlich", "Deutschland"] if a in set(rows["area"])]
    colours = {"städtisch": theme.CITY, "halbstädtisch": theme.PALETTE[2], "ländlich": theme.COUNTRY,
               "Deutschland": theme.NATIONAL}
    legend = _legend_filter("area")
    base = alt.Chart(rows).encode(
        x=alt.X("datum:T", title="Stand", axis=alt.Axis(format="%Y", tickCount="year"),
                scale=alt.Scale(padding=16)),
        y=alt.Y("share_pct:Q", title=title_y, scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("area:N", title="Gebiet", sort=areas,
                        scale=alt.Scale(domain=areas, range=[colours[a] for a in areas])),
        opacity=_faded(legend),
    )
    lines = base.mark_line().encode(detail="linie:N")
    points = base.mark_point(size=80).encode(
        shape=alt.Shape("series:N", title="Datengrundlage"),
        tooltip=[
            alt.Tooltip("area:N", title="Gebiet"),
            alt.Tooltip("stand:N", title="Stand"),
            alt.Tooltip("wert_text:N", title="Haushalte"),
            alt.Tooltip("series:N", title="Datengrundlage"),
        ],
    ).add_params(legend)
    return (lines + points).properties(width=theme.WIDTH, height=theme.HEIGHT)


@figure(
    "breitband-50",
    "Schnelles Internet (ab 50 Mbit/s) nach Gemeindeprägung",
    {"broadband": {"bandwidth_mbit": 50}},
)
def breitband_50(t: Tables) -> Plot:
    """≥50 Mbit/s by settlement type over time; method changes break the lines."""
    rows = selected(t, "breitband-50", "broadband").sort_values(["ref_date", "area"])
    chart = _broadband_lines(rows, "Haushalte mit Anschluss ab 50 Mbit/s in Prozent")
    latest = rows[rows["area"].isin(["städtisch", "ländlich"])].sort_values("ref_date")
    last_date = latest["ref_date"].max()
    last = latest[latest["ref_date"] == last_date].set_index("area")
    subtitle = "Das Land holt auf, liegt aber weiter zurück."
    if {"städtisch", "ländlich"} <= set(last.index):
        subtitle = (
            f"{fmt.period(last_date, last['date_basis'].iloc[0])}: städtisch {fmt.pct(last.loc['städtisch', 'share_pct'])}, "
            f"ländlich {fmt.pct(last.loc['ländlich', 'share_pct'])}; Linien brechen beim Methodenwechsel."
        )
    return Plot(
        chart=chart,
        rows=rows,
        subtitle=subtitle,
        alt="Liniendiagramm: Anteil der Haushalte mit mindestens 50 Mbit/s nach städtischen, "
        "halbstädtischen und ländlichen Gemeinden; die Linien brechen, wo die Datengrundlage wechselt.",
        description="; ".join(f"{r.area}, {r.stand}: {r.wert_text} ({r.series})" for r in rows.itertuples())
        + ". Werte verschiedener Datengrundlagen sind nicht direkt vergleichbar.",
        columns={"area": "Gemeindeprägung", "stand": "Stand", "wert_text": "Haushalte", "series": "Datengrundlage"},
    )


@figure(
    "gigabit-stadt-land",
    "Gigabit-Anschlüsse in Stadt und Land",
    {"broadband": {"bandwidth_mbit": 1000}},
)
def gigabit_stadt_land(t: Tables) -> Plot:
    """Gigabit is a city thing: rural households lag by tens of percentage points."""
    rows = selected(t, "gigabit-stadt-land", "broadband").sort_values(["ref_date", "area"])
    chart = _broadband_lines(rows, "Haushalte mit Gigabit-Anschluss in Prozent")
    pair = rows[rows["area"].isin(["städtisch", "ländlich"])]
    last_date = pair["ref_date"].max()
    last = pair[pair["ref_date"] == last_date].set_index("area")
    gap = derive.gap_pp(last.loc["städtisch", "share_pct"], last.loc["ländlich", "share_pct"])
    # The gap before the 2021/22 break, on the old basis: compared within its own series only.
    old = pair[pair["series"] != last["series"].iloc[0]]
    old_last = old[old["ref_date"] == old["ref_date"].max()].set_index("area")
    old_gap = derive.gap_pp(old_last.loc["städtisch", "share_pct"], old_last.loc["ländlich", "share_pct"])
    when = fmt.period(last_date, last["date_basis"].iloc[0])
    return Plot(
        chart=chart,
        rows=rows,
        subtitle=f"{when} lag das Land um {fmt.pp(gap)} zurück, "
        f"{fmt.period(old['ref_date'].max())} um {fmt.pp(old_gap)} "
        "(alte Datenbasis, andere Abgrenzung: nicht direkt vergleichbar).",
        alt="Liniendiagramm: Anteil der Haushalte mit Gigabit-Anschluss in städtischen, halbstädtischen "
        "und ländlichen Gebieten und bundesweit; die Linien brechen beim Wechsel der Datenbasis 2021/22.",
        description="; ".join(f"{r.area}, {r.stand}: {r.wert_text} ({r.series})" for r in rows.itertuples())
        + ". Bis Mitte 2021 Gemeindeprägung des Breitbandatlas; Ende 2024 dicht, mittel und dünn "
        "besiedelte Gebiete nach dem DNS-Indikator 9.1.b (Zuordnung wahrscheinlich, nicht bestätigt).",
        columns={"area": "Gemeindeprägung", "stand": "Stand", "wert_text": "Haushalte", "series": "Datengrundlage"},
    )


@figure(
    "glasfaser",
    "Glasfaser: verfügbar und genutzt",
    {"fibre": {"unit": "Prozent"}},
)
def glasfaser(t: Tables) -> Plot:
    """Fibre: what households could get vs what is booked; each share has its own denominator."""
    rows = selected(t, "glasfaser", "fibre").sort_values(["measure", "ref_date"])
    names = {
        "Verfügbarkeit FTTB/H": "verfügbar (Anteil aller Haushalte)",
        "Glasfaseranteil an aktiven Breitbandanschlüssen": "gebucht (Anteil aller Breitbandverträge)",
        "Haushalte und Unternehmensstandorte mit aktivem Glasfaseranschluss":
            "gebucht (Anteil aller Haushalte und Firmen)",
    }
    rows["kennzahl"] = rows["measure"].map(names)
    rows["datum"] = rows["ref_date"].dt.strftime("%Y-%m-%d")
    rows["stand"] = [fmt.period(d) for d in rows["ref_date"]]
    rows["wert_text"] = _label(rows, "value", fmt.pct)
    order = [names[m] for m in names if m in set(rows["measure"])]
    colours = [theme.CITY, theme.COUNTRY, theme.PALETTE[3]][: len(order)]
    legend = _legend_filter("kennzahl")
    base = alt.Chart(rows).encode(
        x=alt.X("datum:T", title="Stand", axis=alt.Axis(format="%Y", tickCount="year"),
                scale=alt.Scale(padding=16)),
        y=alt.Y("value:Q", title="Anteil in Prozent", scale=alt.Scale(domain=[0, 60])),
        color=alt.Color("kennzahl:N", title="Glasfaser", sort=order,
                        scale=alt.Scale(domain=order, range=colours),
                        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=320)),
        opacity=_faded(legend),
    )
    lines = base.mark_line().encode(detail="measure:N")
    points = base.mark_point(size=80, filled=True).encode(
        tooltip=[
            alt.Tooltip("kennzahl:N", title="Kennzahl"),
            alt.Tooltip("stand:N", title="Stand"),
            alt.Tooltip("wert_text:N", title="Anteil"),
            alt.Tooltip("denominator:N", title="Bezogen auf"),
        ],
    ).add_params(legend)
    avail = rows[rows["measure"] == "Verfügbarkeit FTTB/H"]
    booked = rows[rows["measure"] == "Glasfaseranteil an aktiven Breitbandanschlüssen"]
    a_last, b_last = avail.iloc[-1], booked.iloc[-1]
    return Plot(
        chart=(lines + points).properties(width=theme.WIDTH, height=260),
        rows=rows,
        subtitle=f"{fmt.period(a_last['ref_date'])} konnten {fmt.pct(a_last['value'])} der Haushalte "
        f"Glasfaser bekommen; {fmt.period(b_last['ref_date'])} liefen {fmt.pct(b_last['value'])} "
        "der Breitbandverträge über Glasfaser.",
        alt="Liniendiagramm: Anteil der Haushalte, die Glasfaser bekommen könnten, steigt steil; "
        "der Anteil gebuchter Glasfaseranschlüsse bleibt weit darunter.",
        description="; ".join(f"{r.kennzahl}, {r.stand}: {r.wert_text}" for r in rows.itertuples())
        + ". Die Anteile haben verschiedene Nenner und sind nicht verbunden: verfügbar = Anteil aller "
        "Haushalte (Breitbandatlas); gebucht = Anteil aller aktiven Breitbandanschlüsse (Jahresbericht "
        "der Bundesnetzagentur) oder aller Haushalte und Unternehmensstandorte (Tätigkeitsbericht).",
        columns={"kennzahl": "Kennzahl", "stand": "Stand", "wert_text": "Anteil",
                 "denominator": "Bezogen auf"},
    )


@figure(
    "modellprojekte",
    "Modellprojekte Smart Cities nach Gemeindetyp und Staffel",
    {"mpsc": {}},
)
def modellprojekte(t: Tables) -> Plot:
    """Federal Smart City funding: most projects went to big cities."""
    rows = selected(t, "modellprojekte", "mpsc").sort_values(["round", "category"])
    rows["staffel"] = "Staffel " + rows["round"].astype(str) + " (" + rows["year"].astype(str) + ")"
    rows["wert_text"] = _label(rows, "projects", fmt.count)
    order = [
        "Großstädte",
        "Mittelstädte",
        "Kleinstädte und Landgemeinden",
        "Interkommunale Kooperationen und Landkreise",
    ]
    legend = _legend_filter("staffel")
    chart = alt.Chart(rows).mark_bar().encode(
        y=alt.Y("category:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("sum(projects):Q", title="Modellprojekte"),
        color=alt.Color("staffel:N", title="Staffel", scale=alt.Scale(range=[theme.CITY, theme.COUNTRY, theme.PALETTE[2]])),
        order=alt.Order("round:O"),
        opacity=_faded(legend),
        tooltip=[
            alt.Tooltip("category:N", title="Gemeindetyp"),
            alt.Tooltip("staffel:N", title="Staffel"),
            alt.Tooltip("wert_text:N", title="Projekte"),
        ],
    ).add_params(legend)
    totals = rows.groupby("category")["projects"].sum()
    big = derive.share_pct(totals.get("Großstädte", 0), totals.sum())
    return Plot(
        chart=chart.properties(width=theme.WIDTH - 200, height=200),
        rows=rows,
        subtitle=f"Staffeln 2019–2021: {fmt.count(totals.get('Großstädte', 0))} von {fmt.count(totals.sum())} "
        f"Projekten ({fmt.pct(big, 0)}) gingen an Großstädte, "
        f"{fmt.count(totals.get('Kleinstädte und Landgemeinden', 0))} an Kleinstädte und Landgemeinden.",
        alt="Gestapeltes Balkendiagramm: Modellprojekte Smart Cities nach Gemeindetyp, aufgeteilt "
        "auf die drei Staffeln 2019 bis 2021.",
        description="; ".join(f"{r.category}, {r.staffel}: {r.wert_text}" for r in rows.itertuples()) + ".",
        columns={"category": "Gemeindetyp", "staffel": "Staffel", "wert_text": "Projekte"},
    )


@figure(
    "bitkom-abdeckung",
    "Wen der Smart City Index misst und wen nicht",
    {
        "municipalities": {"indicator": "Gemeinden", "ref_date": pd.Timestamp("2019-12-31")},
        "bitkom_coverage": {"year": 2019},
    },
)
def bitkom_abdeckung(t: Tables) -> Plot:
    """The best-known Smart City ranking covers under one percent of German municipalities."""
    gemeinden = selected(t, "bitkom-abdeckung", "municipalities")
    gemeinden["gruppe"] = "Gemeinden in Deutschland"
    gemeinden["anzahl"] = gemeinden["value"]
    covered = selected(t, "bitkom-abdeckung", "bitkom_coverage")
    covered["gruppe"] = "im Bitkom Smart City Index erfasst (Großstädte)"
    covered["anzahl"] = covered["cities_covered"].astype(float)
    rows = pd.concat([gemeinden, covered], ignore_index=True)
    rows["derived"] = rows["derived"].astype(bool)
    rows["wert_text"] = _label(rows, "anzahl", fmt.count)
    share = derive.share_pct(covered["anzahl"].iloc[0], gemeinden["anzahl"].iloc[0])
    chart = _labelled_bars(
        rows, "gruppe", "anzahl", "Anzahl (2019)",
        [alt.Tooltip("gruppe:N", title="Gruppe"), alt.Tooltip("wert_text:N", title="Anzahl")],
        color=alt.Color("gruppe:N", scale=alt.Scale(range=[theme.MUTED, theme.CITY]), legend=None),
    )
    return Plot(
        chart=chart.properties(width=theme.WIDTH - 220, height=110),
        rows=rows,
        subtitle=f"2019 erfasste der Index {fmt.pct(share, 1)} der Gemeinden: nur Städte ab "
        f"{fmt.count(covered['min_population'].iloc[0])}\u00a0Einwohnern.",
        alt=f"Balkendiagramm: {fmt.count(gemeinden['anzahl'].iloc[0])} Gemeinden in Deutschland, davon "
        f"{fmt.count(covered['anzahl'].iloc[0])} im Smart City Index erfasst.",
        description="; ".join(f"{r.gruppe}: {r.wert_text}" for r in rows.itertuples())
        + f". Das sind {fmt.pct(share, 1)} aller Gemeinden (Stand 2019).",
        columns={"gruppe": "Gruppe", "wert_text": "Anzahl"},
    )


@figure(
    "it-fachkraefte",
    "Fehlende IT-Fachkräfte im öffentlichen Dienst",
    {"municipal_capacity": {"indicator": "IT-Fachkräftelücke öffentlicher Dienst"}},
)
def it_fachkraefte(t: Tables) -> Plot:
    """The public sector's IT staff gap, now and as forecast: capacity for own infrastructure."""
    rows = selected(t, "it-fachkraefte", "municipal_capacity").sort_values("ref_date")
    rows["stand"] = [
        f"Prognose {d.year}" if isinstance(c, str) and c.startswith("Prognose") else f"{d.month:02d}/{d.year}"
        for d, c in zip(rows["ref_date"], rows["category"])
    ]
    rows["wert_text"] = _label(rows, "value", fmt.count)
    rows["art"] = ["Prognose" if s.startswith("Prognose") else "Stand" for s in rows["stand"]]
    base = alt.Chart(rows).encode(
        x=alt.X("stand:N", sort=list(rows["stand"]), title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title="Fehlende IT-Fachkräfte (Personen)", axis=alt.Axis(format=",.0f")),
    )
    legend = _legend_filter("art")
    bars = base.mark_bar(size=70).encode(
        color=alt.Color("art:N", title="Wert", scale=alt.Scale(domain=["Stand", "Prognose"],
                                                           range=[theme.CITY, theme.LIGHT])),
        opacity=_faded(legend),
        tooltip=[alt.Tooltip("stand:N", title="Stand"), alt.Tooltip("wert_text:N", title="Fehlende Fachkräfte")],
    ).add_params(legend)
    labels = base.mark_text(dy=-8).encode(text="wert_text:N")
    first, last = rows.iloc[0], rows.iloc[-1]
    factor = derive.ratio(last["value"], first["value"])
    return Plot(
        chart=(bars + labels).properties(width=theme.WIDTH - 260, height=240),
        rows=rows,
        subtitle=f"Prognose: Die Lücke von {first['ref_date'].year} könnte bis {last['ref_date'].year} auf das {fmt.factor(factor).replace('-mal', '-Fache')} wachsen.",
        alt=f"Säulendiagramm: {fmt.count(first['value'])} fehlende IT-Fachkräfte im öffentlichen Dienst "
        f"({first['ref_date'].year}), Prognose {fmt.with_qualifier(fmt.count(last['value']), last['qualifier'])} "
        f"für {last['ref_date'].year}.",
        description="; ".join(f"{r.stand}: {r.wert_text}" for r in rows.itertuples())
        + ". Alle staatlichen Ebenen, nicht nur Kommunen.",
        columns={"stand": "Stand", "wert_text": "Fehlende IT-Fachkräfte"},
    )


@figure(
    "homeoffice-nrw",
    "Homeoffice in kleinen Gemeinden und großen Städten (NRW 2021)",
    {"homeoffice": {"indicator": "Erwerbstätige ohne Homeoffice"}},
)
def homeoffice_nrw(t: Tables) -> Plot:
    """Home office is rarer in small municipalities: broadband is a precondition, not a given."""
    rows = selected(t, "homeoffice-nrw", "homeoffice")
    rows = rows.sort_values("value", ascending=False)
    rows["gebiet"] = rows["area"].str.replace("NRW: ", "", regex=False)
    rows["wert_text"] = _label(rows, "value", fmt.pct)
    chart = _labelled_bars(
        rows, "gebiet", "value", "Erwerbstätige ohne Homeoffice in Prozent",
        [alt.Tooltip("gebiet:N", title="Gebiet"), alt.Tooltip("wert_text:N", title="Ohne Homeoffice"),
         alt.Tooltip("year:Q", title="Jahr", format="d")],
        percent=True,
    )
    by = rows.set_index("gebiet")
    small = by.filter(like="unter", axis=0)
    large = by.filter(like="über", axis=0)
    gap = derive.gap_pp(small["value"].iloc[0], large["value"].iloc[0])
    return Plot(
        chart=chart.properties(width=theme.WIDTH - 220, height=120),
        rows=rows,
        subtitle=f"{rows['year'].iloc[0]}: In kleinen Gemeinden arbeiteten {fmt.pp(gap)} mehr Erwerbstätige "
        "nie im Homeoffice.",
        alt="Balkendiagramm: Anteil der Erwerbstätigen ohne Homeoffice in NRW 2021, in Gemeinden "
        "unter 20.000 Einwohnern höher als in Städten über 500.000 Einwohnern.",
        description="; ".join(f"{r.gebiet}: {r.wert_text}" for r in rows.itertuples())
        + ". Nur Nordrhein-Westfalen; bundesweite Werte nach Gemeindegröße fehlen.",
        columns={"gebiet": "Gebiet", "wert_text": "Ohne Homeoffice"},
    )
