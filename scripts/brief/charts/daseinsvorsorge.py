"""The figures of „Daseinsvorsorge“ (book/daseinsvorsorge.md): one function each,
registered with ``@figure``.
"""
from __future__ import annotations

import altair as alt

from brief import fmt, theme, zahlen
from brief.charts.base import Plot, figure, selected
from brief.charts.marks import faded, labelled_bars, legend_filter, value_labels
from brief.tables import Tables


@figure(
    "erreichbarkeit-nahversorgung",
    "Wie weit es zur nächsten Hausarztpraxis und Apotheke ist",
    {
        "reachability": {
            "service": ["Hausarztpraxis", "Apotheke"],
            "measure": "Mittlere Luftlinienentfernung",
        }
    },
)
def erreichbarkeit_nahversorgung(t: Tables) -> Plot:
    """Distance to everyday health services grows from big city to small rural municipality."""
    rows = selected(t, "erreichbarkeit-nahversorgung", "reachability")
    rows["km"] = rows["value"] / 1000
    rows["wert_text"] = value_labels(
        rows, "value", lambda v: fmt.meters(v) if v < 1000 else fmt.km(v)
    )
    order = ["Großstädte", "Deutschland", "Landgemeinden West", "Landgemeinden Ost"]
    order = [o for o in order if o in set(rows["region_type"])] + sorted(
        set(rows["region_type"]) - set(order)
    )
    # A value the source does not give is said under its group, not left as an empty slot.
    services = sorted(set(rows["service"]))
    given = set(zip(rows["region_type"], rows["service"]))
    missing = {r: [s for s in services if (r, s) not in given] for r in order}
    named = {r: r + "".join(f" ({s}: keine Angabe)" for s in missing[r]) for r in order}
    rows["gruppe"] = rows["region_type"].map(named)
    legend = legend_filter("service")
    base = alt.Chart(rows).encode(
        x=alt.X(
            "gruppe:N", sort=[named[r] for r in order], title=None, axis=alt.Axis(labelAngle=0)
        ),
        xOffset=alt.XOffset("service:N"),
        y=alt.Y("km:Q", title="Mittlere Entfernung (Luftlinie) in km"),
    )
    colours = alt.Scale(range=[theme.CITY, theme.COUNTRY])
    bars = (
        base.mark_bar(strokeWidth=1.5)
        .encode(
            color=alt.Color("service:N", title="Einrichtung", scale=colours),
            stroke=alt.Stroke("service:N", legend=None, scale=colours),
            # An upper bound ("unter 500 m") is an outline, not a bar of exactly that length.
            fillOpacity=alt.condition("datum.qualifier === '<'", alt.value(0.25), alt.value(1.0)),
            opacity=faded(legend),
            tooltip=[
                alt.Tooltip("service:N", title="Einrichtung"),
                alt.Tooltip("region_type:N", title="Gemeindetyp"),
                alt.Tooltip("wert_text:N", title="Entfernung"),
            ],
        )
        .add_params(legend)
    )
    gp = rows[rows["service"] == "Hausarztpraxis"].set_index("region_type")
    far = gp["value"].idxmax()
    city = gp.loc["Großstädte"] if "Großstädte" in gp.index else None
    return Plot(
        chart=bars.properties(width=theme.WIDTH, height=280),
        rows=rows,
        subtitle=f"{gp.loc[far, 'ref_year']}: In {far} war die Hausarztpraxis im Mittel "
        f"{fmt.with_qualifier(fmt.km(gp.loc[far, 'value']), gp.loc[far, 'qualifier'])} "
        "entfernt, in Großstädten "
        f"{fmt.with_qualifier(fmt.meters(city['value']), city['qualifier'])}."
        if city is not None
        else "Auf dem Land sind die Wege weiter.",
        alt="Säulendiagramm: mittlere Entfernung zur nächsten Hausarztpraxis und Apotheke nach "
        "Gemeindetyp; in Landgemeinden, besonders im Osten, sind die Wege am längsten.",
        description="; ".join(
            f"{r.service}, {r.region_type}: {r.wert_text}" for r in rows.itertuples()
        )
        + "".join(f"; {s}, {r}: keine Angabe" for r in order for s in missing[r])
        + ". Ein heller Balken mit Rand ist eine Obergrenze (unter diesem Wert).",
        columns={
            "service": "Einrichtung",
            "region_type": "Gemeindetyp",
            "wert_text": "Mittlere Entfernung",
        },
    )


# The hospital rows, also the start page's Stadt/Land comparison (brief.charts.index).
HOSPITAL_15_MIN = {
    "service": "Krankenhaus der Grundversorgung",
    "measure": "Bevölkerungsanteil in 15 Pkw-Minuten",
    # One model only: the Deutschland row comes from another model (Thünen 2019).
    "region_type": ["städtische Regionen", "ländliche Regionen"],
}


@figure(
    "erreichbarkeit-krankenhaus",
    "Krankenhaus der Grundversorgung in 15 Minuten erreichbar",
    {"reachability": HOSPITAL_15_MIN},
)
def erreichbarkeit_krankenhaus(t: Tables) -> Plot:
    """A basic hospital within 15 minutes by car: the norm in cities, not in rural regions."""
    rows = selected(t, "erreichbarkeit-krankenhaus", "reachability")
    rows["wert_text"] = value_labels(rows, "value", fmt.pct)
    colour = {"städtische Regionen": theme.CITY, "ländliche Regionen": theme.COUNTRY}
    rows = rows.sort_values("value", ascending=False)
    chart = labelled_bars(
        rows,
        "region_type",
        "value",
        "Anteil der Bevölkerung in Prozent",
        [
            alt.Tooltip("region_type:N", title="Region"),
            alt.Tooltip("wert_text:N", title="Anteil"),
            alt.Tooltip("ref_year:N", title="Stand"),
        ],
        color=alt.Color(
            "region_type:N",
            title="Region",
            legend=None,
            scale=alt.Scale(domain=list(colour), range=list(colour.values())),
        ),
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
        columns={
            "region_type": "Region",
            "wert_text": "Anteil in 15 Pkw-Minuten",
            "ref_year": "Stand",
        },
    )
