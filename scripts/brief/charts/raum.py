"""The figures of „Raum“ (book/raum.md) about networks: broadband, gigabit, fibre; one function
each, registered with ``@figure``. Programmes and places are in ``brief.charts.raum_orte``.
"""
from __future__ import annotations

import json

import altair as alt
import pandas as pd

from brief import derive, fmt, theme
from brief.charts.base import Plot, figure, selected
from brief.charts.marks import faded, legend_filter, period_column, value_labels
from brief.data import DataError
from brief.tables import Tables


def _broadband_lines(rows: pd.DataFrame, title_y: str) -> alt.TopLevelMixin:
    """Lines per area that break where the data basis changes (one line per area and series)."""
    # A figure the source dates only by year is drawn mid-year, not on New Year's Eve.
    rows["datum"] = [
        f"{d.year}-07-01" if basis == "Jahr" else d.strftime("%Y-%m-%d")
        for d, basis in zip(rows["ref_date"], rows["date_basis"])
    ]
    rows["stand"] = period_column(rows)
    rows["wert_text"] = value_labels(rows, "share_pct", fmt.pct)
    rows["linie"] = rows["area"] + " · " + rows["series"]
    # The legend names the data basis by its years, not by the contractor that compiled it
    # ("Breitbandatlas (TÜV Rheinland)" means nothing to most readers); the table keeps both.
    # Computed in the chart from one small table, not shipped as a column (page weight).
    years = rows.groupby("series")["ref_date"].agg(lambda d: f"{d.min().year}–{d.max().year}")
    labels = {s: f"{s.split(' (')[0]} {y}" for s, y in years.items()}
    basis = json.dumps(labels, ensure_ascii=False)
    areas = [
        a
        for a in ["städtisch", "halbstädtisch", "ländlich", "Deutschland"]
        if a in set(rows["area"])
    ]
    colours = {
        "städtisch": theme.CITY,
        "halbstädtisch": theme.PALETTE[2],
        "ländlich": theme.COUNTRY,
        "Deutschland": theme.NATIONAL,
    }
    # One group filter per legend: area (colour) and data basis (shape).
    by_area, by_basis = legend_filter("area"), legend_filter("grundlage")
    base = (
        alt.Chart(rows)
        .encode(
            x=alt.X(
                "datum:T",
                title="Stand",
                axis=alt.Axis(format="%Y", tickCount="year"),
                scale=alt.Scale(padding=16),
            ),
            y=alt.Y("share_pct:Q", title=title_y, scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "area:N",
                title="Gebiet",
                sort=areas,
                scale=alt.Scale(domain=areas, range=[colours[a] for a in areas]),
            ),
            opacity=faded(by_area, by_basis),
        )
        # On lines and points alike (a line never crosses a change of basis), so the
        # data-basis filter highlights both.
        .transform_calculate(grundlage=f"{basis}[datum.series]")
    )
    lines = base.mark_line().encode(detail="linie:N")
    points = (
        base.mark_point(size=80)
        .encode(
            # The domain in Vega's own order (sorted), named here for the group buttons.
            shape=alt.Shape(
                "grundlage:N",
                title="Datengrundlage",
                scale=alt.Scale(domain=sorted(labels.values())),
            ),
            tooltip=[
                alt.Tooltip("area:N", title="Gebiet"),
                alt.Tooltip("stand:N", title="Stand"),
                alt.Tooltip("wert_text:N", title="Haushalte"),
                alt.Tooltip("grundlage:N", title="Datengrundlage"),
            ],
        )
        .add_params(by_area, by_basis)
    )
    return (lines + points).properties(width=theme.WIDTH, height=theme.HEIGHT)


def _latest_pair(rows: pd.DataFrame) -> tuple[pd.Timestamp, pd.DataFrame]:
    """The latest date with broadband rows for city and country, and those rows by ``area``
    ("städtisch", "ländlich"); a date with only one of them stops the build naming it."""
    pair = rows[rows["area"].isin(["städtisch", "ländlich"])]
    when = pair["ref_date"].max()
    last = pair[pair["ref_date"] == when].set_index("area")
    if set(last.index) != {"städtisch", "ländlich"}:
        raise DataError(
            f"data/broadband.csv: the latest date {when:%Y-%m-%d} needs one row for "
            f"'städtisch' and one for 'ländlich', found {sorted(last.index)}"
        )
    return when, last


# The table view and the description of both broadband figures.
BROADBAND_COLUMNS = {
    "area": "Gemeindeprägung",
    "stand": "Stand",
    "wert_text": "Haushalte",
    "series": "Datengrundlage",
}


def _broadband_values(rows) -> str:
    return "; ".join(f"{r.area}, {r.stand}: {r.wert_text} ({r.series})" for r in rows.itertuples())


@figure(
    "breitband-50",
    "Schnelles Internet (ab 50 Mbit/s) nach Gemeindeprägung",
    {"broadband": {"bandwidth_mbit": 50}},
)
def breitband_50(t: Tables) -> Plot:
    """≥50 Mbit/s by settlement type over time; method changes break the lines."""
    rows = selected(t, "breitband-50", "broadband").sort_values(["ref_date", "area"])
    chart = _broadband_lines(rows, "Haushalte mit Anschluss ab 50 Mbit/s in Prozent")
    last_date, last = _latest_pair(rows)
    return Plot(
        chart=chart,
        rows=rows,
        subtitle=f"{fmt.period(last_date, last['date_basis'].iloc[0])}: städtisch "
        f"{fmt.pct(last.loc['städtisch', 'share_pct'])}, "
        f"ländlich {fmt.pct(last.loc['ländlich', 'share_pct'])}; Linien brechen beim "
        "Methodenwechsel.",
        alt="Liniendiagramm: Anteil der Haushalte mit mindestens 50 Mbit/s nach städtischen, "
        "halbstädtischen und ländlichen Gemeinden; die Linien brechen, wo die Datengrundlage "
        "wechselt.",
        description=_broadband_values(rows)
        + ". Werte verschiedener Datengrundlagen sind nicht direkt vergleichbar.",
        columns=BROADBAND_COLUMNS,
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
    last_date, last = _latest_pair(rows)
    gap = derive.gap_pp(last.loc["städtisch", "share_pct"], last.loc["ländlich", "share_pct"])
    # The gap before the 2021/22 break, on the old basis: compared within its own series only.
    old_date, old_last = _latest_pair(rows[rows["series"] != last["series"].iloc[0]])
    old_gap = derive.gap_pp(
        old_last.loc["städtisch", "share_pct"], old_last.loc["ländlich", "share_pct"]
    )
    when = fmt.period(last_date, last["date_basis"].iloc[0])
    return Plot(
        chart=chart,
        rows=rows,
        subtitle=f"{when} lag das Land um {fmt.pp(gap)} zurück, "
        f"{fmt.period(old_date)} um {fmt.pp(old_gap)} "
        "(alte Datenbasis, andere Abgrenzung: nicht direkt vergleichbar).",
        alt="Liniendiagramm: Anteil der Haushalte mit Gigabit-Anschluss in städtischen, "
        "halbstädtischen und ländlichen Gebieten und bundesweit; die Linien brechen beim Wechsel "
        "der Datenbasis 2021/22.",
        description=_broadband_values(rows)
        + ". Bis Mitte 2021 Gemeindeprägung des Breitbandatlas; Ende 2024 dicht, mittel und dünn "
        "besiedelte Gebiete nach dem DNS-Indikator 9.1.b (Zuordnung wahrscheinlich, nicht "
        "bestätigt).",
        columns=BROADBAND_COLUMNS,
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
        "Glasfaseranteil an aktiven Breitbandanschlüssen":
            "gebucht (Anteil aller Breitbandverträge)",
        "Haushalte und Unternehmensstandorte mit aktivem Glasfaseranschluss":
            "gebucht (Anteil aller Haushalte und Firmen)",
    }
    rows["kennzahl"] = rows["measure"].map(names)
    rows["datum"] = rows["ref_date"].dt.strftime("%Y-%m-%d")
    rows["stand"] = [fmt.period(d) for d in rows["ref_date"]]
    rows["wert_text"] = value_labels(rows, "value", fmt.pct)
    order = [names[m] for m in names if m in set(rows["measure"])]
    colours = [theme.CITY, theme.COUNTRY, theme.PALETTE[3]][: len(order)]
    legend = legend_filter("kennzahl")
    base = alt.Chart(rows).encode(
        x=alt.X(
            "datum:T",
            title="Stand",
            axis=alt.Axis(format="%Y", tickCount="year"),
            scale=alt.Scale(padding=16),
        ),
        y=alt.Y("value:Q", title="Anteil in Prozent", scale=alt.Scale(domain=[0, 60])),
        color=alt.Color(
            "kennzahl:N",
            title="Glasfaser",
            sort=order,
            scale=alt.Scale(domain=order, range=colours),
            legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=320),
        ),
        opacity=faded(legend),
    )
    lines = base.mark_line().encode(detail="measure:N")
    points = (
        base.mark_point(size=80, filled=True)
        .encode(
            tooltip=[
                alt.Tooltip("kennzahl:N", title="Kennzahl"),
                alt.Tooltip("stand:N", title="Stand"),
                alt.Tooltip("wert_text:N", title="Anteil"),
                alt.Tooltip("denominator:N", title="Bezogen auf"),
            ],
        )
        .add_params(legend)
    )
    avail = rows[rows["measure"] == "Verfügbarkeit FTTB/H"]
    booked = rows[rows["measure"] == "Glasfaseranteil an aktiven Breitbandanschlüssen"]
    a_last, b_last = avail.iloc[-1], booked.iloc[-1]
    return Plot(
        chart=(lines + points).properties(width=theme.WIDTH, height=260),
        rows=rows,
        subtitle=f"{fmt.period(a_last['ref_date'])} konnten {fmt.pct(a_last['value'])} der "
        "Haushalte "
        f"Glasfaser bekommen; {fmt.period(b_last['ref_date'])} liefen {fmt.pct(b_last['value'])} "
        "der Breitbandverträge über Glasfaser.",
        alt="Liniendiagramm: Anteil der Haushalte, die Glasfaser bekommen könnten, steigt steil; "
        "der Anteil gebuchter Glasfaseranschlüsse bleibt weit darunter.",
        description="; ".join(f"{r.kennzahl}, {r.stand}: {r.wert_text}" for r in rows.itertuples())
        + ". Die Anteile haben verschiedene Nenner und sind nicht verbunden: verfügbar = Anteil "
        "aller Haushalte (Breitbandatlas); gebucht = Anteil aller aktiven Breitbandanschlüsse "
        "(Jahresbericht der Bundesnetzagentur) oder aller Haushalte und Unternehmensstandorte "
        "(Tätigkeitsbericht).",
        columns={
            "kennzahl": "Kennzahl",
            "stand": "Stand",
            "wert_text": "Anteil",
            "denominator": "Bezogen auf",
        },
    )
