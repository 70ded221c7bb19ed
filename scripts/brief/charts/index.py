"""The figures of the start page (book/index.md): one function each,
registered with ``@figure``.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from brief import derive, fmt, theme
from brief.charts.base import Plot, figure, selected
from brief.charts.daseinsvorsorge import HOSPITAL_15_MIN
from brief.charts.marks import faded, legend_filter, value_labels
from brief.tables import Tables


@figure(
    "stadt-land-kluft",
    "Stadt und Land: dieselben Dienste, ungleich verteilt",
    {
        "broadband": {
            "ref_date": [
                pd.Timestamp("2019-06-30"),
                pd.Timestamp("2020-12-31"),
                pd.Timestamp("2024-12-31"),
            ],
            "area": ["städtisch", "ländlich"],
        },
        "reachability": HOSPITAL_15_MIN,
    },
)
def stadt_land_kluft(t: Tables) -> Plot:
    """The divide in one picture: urban vs rural shares for broadband and hospital access."""
    bb = selected(t, "stadt-land-kluft", "broadband")
    # One comparison per bandwidth class: its latest date that has both an urban and a rural value.
    bb = bb.groupby(["bandwidth_mbit", "ref_date"]).filter(
        lambda g: set(g["area"]) == {"städtisch", "ländlich"}
    )
    latest = bb.groupby("bandwidth_mbit")["ref_date"].transform("max")
    bb = bb[bb["ref_date"] == latest].sort_values(
        ["bandwidth_mbit", "area"], ascending=[True, False]
    )
    # Stadt/Land means something different in each source: say which typology each row uses.
    new_basis = bb["series"] == "Gigabit-Grundbuch"
    bb["typologie"] = new_basis.map(
        {True: "Siedlungsdichte (Destatis)", False: "Gemeindeprägung (Breitbandatlas)"}
    )
    bb["indikator"] = [
        ("Gigabit" if b == 1000 else f"{fmt.count(b)}\u00a0Mbit/s")
        + f", {fmt.period(d, basis)} ({typ.split(' ')[0]})"
        for b, d, basis, typ in zip(
            bb["bandwidth_mbit"], bb["ref_date"], bb["date_basis"], bb["typologie"]
        )
    ]
    bb["raum"] = bb["area"].map({"städtisch": "Stadt", "ländlich": "Land"})
    bb["wert"] = bb["share_pct"]
    hosp = selected(t, "stadt-land-kluft", "reachability")
    hosp["typologie"] = "Regionstyp (Destatis)"
    hosp["indikator"] = "Klinik in 15 Pkw-Min., Daten 2016 (Regionstyp)"
    hosp["raum"] = hosp["region_type"].map(
        {"städtische Regionen": "Stadt", "ländliche Regionen": "Land"}
    )
    hosp["wert"] = hosp["value"]
    rows = pd.concat([bb, hosp], ignore_index=True)
    rows["wert_text"] = value_labels(rows, "wert", fmt.pct)
    rows["derived"] = rows["derived"].astype(bool)
    gaps = rows.pivot_table(index="indikator", columns="raum", values="wert")
    biggest = (gaps["Stadt"] - gaps["Land"]).idxmax()
    gap = derive.gap_pp(gaps.loc[biggest, "Stadt"], gaps.loc[biggest, "Land"])
    order = list(dict.fromkeys(rows["indikator"]))
    legend = legend_filter("raum")
    base = alt.Chart(rows).encode(
        y=alt.Y("indikator:N", sort=order, title=None, axis=alt.Axis(labelLimit=300)),
    )
    rule = base.mark_rule(color=theme.MUTED, strokeWidth=2).encode(
        x=alt.X("min(wert):Q"), x2="max(wert):Q"
    )
    dots = (
        base.mark_point(size=140, filled=True, opacity=1)
        .encode(
            x=alt.X(
                "wert:Q",
                title="Anteil in Prozent",
                scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(tickCount=5),
            ),
            color=alt.Color(
                "raum:N",
                title="Raum",
                scale=alt.Scale(domain=["Stadt", "Land"], range=[theme.CITY, theme.COUNTRY]),
            ),
            shape=alt.Shape(
                "raum:N", scale=alt.Scale(domain=["Stadt", "Land"], range=["circle", "square"])
            ),
            opacity=faded(legend),
            tooltip=[
                alt.Tooltip("indikator:N", title="Merkmal"),
                alt.Tooltip("raum:N", title="Raum"),
                alt.Tooltip("wert_text:N", title="Anteil"),
                alt.Tooltip("typologie:N", title="Stadt/Land nach"),
            ],
        )
        .add_params(legend)
    )
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
        + ". Breitband bis 2021: Gemeindeprägung des Breitbandatlas (Einwohner je km² der "
        "Gemeinde); Ende 2024: dicht, mittel und dünn besiedelte Gebiete (DNS-Indikator, "
        "Destatis); Krankenhaus: städtische und ländliche Regionen des Krankenhaus-Atlas "
        "(Destatis, Daten 2016).",
        columns={
            "indikator": "Merkmal",
            "raum": "Raum",
            "wert_text": "Anteil",
            "typologie": "Stadt/Land nach",
        },
    )
