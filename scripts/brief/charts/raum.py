"""The figures of „Raum“ (book/raum.md), one function each, registered with ``@figure``.

Each function picks its rows (``selected``), shapes them, draws them with the shared pieces of
``brief.charts.marks`` and composes every text that names a figure from the data with
``brief.fmt`` (see ``brief.charts`` for the contract).
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from brief import derive, fmt, theme
from brief.charts.base import Plot, figure, selected
from brief.charts.marks import (
    faded,
    labelled_bars,
    legend_filter,
    period_column,
    value_labels,
)
from brief.zahlen import Tables


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
    areas = [a for a in ["städtisch", "halbstädtisch", "ländlich", "Deutschland"] if a in set(rows["area"])]
    colours = {"städtisch": theme.CITY, "halbstädtisch": theme.PALETTE[2], "ländlich": theme.COUNTRY,
               "Deutschland": theme.NATIONAL}
    legend = legend_filter("area")
    base = alt.Chart(rows).encode(
        x=alt.X("datum:T", title="Stand", axis=alt.Axis(format="%Y", tickCount="year"),
                scale=alt.Scale(padding=16)),
        y=alt.Y("share_pct:Q", title=title_y, scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("area:N", title="Gebiet", sort=areas,
                        scale=alt.Scale(domain=areas, range=[colours[a] for a in areas])),
        opacity=faded(legend),
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
    rows["wert_text"] = value_labels(rows, "value", fmt.pct)
    order = [names[m] for m in names if m in set(rows["measure"])]
    colours = [theme.CITY, theme.COUNTRY, theme.PALETTE[3]][: len(order)]
    legend = legend_filter("kennzahl")
    base = alt.Chart(rows).encode(
        x=alt.X("datum:T", title="Stand", axis=alt.Axis(format="%Y", tickCount="year"),
                scale=alt.Scale(padding=16)),
        y=alt.Y("value:Q", title="Anteil in Prozent", scale=alt.Scale(domain=[0, 60])),
        color=alt.Color("kennzahl:N", title="Glasfaser", sort=order,
                        scale=alt.Scale(domain=order, range=colours),
                        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=320)),
        opacity=faded(legend),
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
    rows["wert_text"] = value_labels(rows, "projects", fmt.count)
    order = [
        "Großstädte",
        "Mittelstädte",
        "Kleinstädte und Landgemeinden",
        "Interkommunale Kooperationen und Landkreise",
    ]
    legend = legend_filter("staffel")
    chart = alt.Chart(rows).mark_bar().encode(
        y=alt.Y("category:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("sum(projects):Q", title="Modellprojekte"),
        color=alt.Color("staffel:N", title="Staffel", scale=alt.Scale(range=[theme.CITY, theme.COUNTRY, theme.PALETTE[2]])),
        order=alt.Order("round:O"),
        opacity=faded(legend),
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
    rows["wert_text"] = value_labels(rows, "anzahl", fmt.count)
    share = derive.share_pct(covered["anzahl"].iloc[0], gemeinden["anzahl"].iloc[0])
    chart = labelled_bars(
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
    "homeoffice-nrw",
    "Homeoffice in kleinen Gemeinden und großen Städten (NRW 2021)",
    {"homeoffice": {"indicator": "Erwerbstätige ohne Homeoffice"}},
)
def homeoffice_nrw(t: Tables) -> Plot:
    """Home office is rarer in small municipalities: broadband is a precondition, not a given."""
    rows = selected(t, "homeoffice-nrw", "homeoffice")
    rows = rows.sort_values("value", ascending=False)
    rows["gebiet"] = rows["area"].str.replace("NRW: ", "", regex=False)
    rows["wert_text"] = value_labels(rows, "value", fmt.pct)
    chart = labelled_bars(
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
