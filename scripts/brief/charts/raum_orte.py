"""The figures of „Raum“ (book/raum.md) about programmes and places: Modellprojekte Smart
Cities, Smart-City-Abdeckung by town size, home office; one function each, registered with
``@figure``. The network figures (broadband, gigabit, fibre) are in ``brief.charts.raum``.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from brief import derive, fmt, theme
from brief.charts.base import Plot, figure, selected
from brief.charts.marks import faded, labelled_bars, legend_filter, value_labels
from brief.tables import Tables


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
    chart = (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            y=alt.Y("category:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X("sum(projects):Q", title="Modellprojekte"),
            color=alt.Color(
                "staffel:N",
                title="Staffel",
                scale=alt.Scale(range=[theme.CITY, theme.COUNTRY, theme.PALETTE[2]]),
            ),
            order=alt.Order("round:O"),
            opacity=faded(legend),
            tooltip=[
                alt.Tooltip("category:N", title="Gemeindetyp"),
                alt.Tooltip("staffel:N", title="Staffel"),
                alt.Tooltip("wert_text:N", title="Projekte"),
            ],
        )
        .add_params(legend)
    )
    totals = rows.groupby("category")["projects"].sum()
    big = derive.share_pct(totals.get("Großstädte", 0), totals.sum())
    return Plot(
        chart=chart.properties(width=theme.WIDTH - 200, height=200),
        rows=rows,
        subtitle=f"Staffeln 2019–2021: {fmt.count(totals.get('Großstädte', 0))} von "
        f"{fmt.count(totals.sum())} "
        f"Projekten ({fmt.pct(big, 0)}) gingen an Großstädte, "
        f"{fmt.count(totals.get('Kleinstädte und Landgemeinden', 0))} an Kleinstädte und "
        "Landgemeinden.",
        alt="Gestapeltes Balkendiagramm: Modellprojekte Smart Cities nach Gemeindetyp, aufgeteilt "
        "auf die drei Staffeln 2019 bis 2021.",
        description="; ".join(
            f"{r.category}, {r.staffel}: {r.wert_text}" for r in rows.itertuples()
        )
        + ".",
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
        rows,
        "gruppe",
        "anzahl",
        "Anzahl (2019)",
        [alt.Tooltip("gruppe:N", title="Gruppe"), alt.Tooltip("wert_text:N", title="Anzahl")],
        color=alt.Color("gruppe:N", scale=alt.Scale(range=[theme.MUTED, theme.CITY]), legend=None),
    )
    return Plot(
        chart=chart.properties(width=theme.WIDTH - 220, height=110),
        rows=rows,
        subtitle=f"2019 erfasste der Index {fmt.pct(share, 1)} der Gemeinden: nur Städte ab "
        f"{fmt.count(covered['min_population'].iloc[0])}\u00a0Einwohnern.",
        alt=f"Balkendiagramm: {fmt.count(gemeinden['anzahl'].iloc[0])} Gemeinden in Deutschland, "
        f"davon {fmt.count(covered['anzahl'].iloc[0])} im Smart City Index erfasst.",
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
        rows,
        "gebiet",
        "value",
        "Erwerbstätige ohne Homeoffice in Prozent",
        [
            alt.Tooltip("gebiet:N", title="Gebiet"),
            alt.Tooltip("wert_text:N", title="Ohne Homeoffice"),
            alt.Tooltip("year:Q", title="Jahr", format="d"),
        ],
        percent=True,
    )
    by = rows.set_index("gebiet")
    small = by.filter(like="unter", axis=0)
    large = by.filter(like="über", axis=0)
    gap = derive.gap_pp(small["value"].iloc[0], large["value"].iloc[0])
    return Plot(
        chart=chart.properties(width=theme.WIDTH - 220, height=120),
        rows=rows,
        subtitle=f"{rows['year'].iloc[0]}: In kleinen Gemeinden arbeiteten {fmt.pp(gap)} mehr "
        "Erwerbstätige nie im Homeoffice.",
        alt="Balkendiagramm: Anteil der Erwerbstätigen ohne Homeoffice in NRW 2021, in Gemeinden "
        "unter 20.000 Einwohnern höher als in Städten über 500.000 Einwohnern.",
        description="; ".join(f"{r.gebiet}: {r.wert_text}" for r in rows.itertuples())
        + ". Nur Nordrhein-Westfalen; bundesweite Werte nach Gemeindegröße fehlen.",
        columns={"gebiet": "Gebiet", "wert_text": "Ohne Homeoffice"},
    )
