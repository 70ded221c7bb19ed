"""The figures of „Markt“ (book/markt.md): one function each,
registered with ``@figure``.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from brief import derive, fmt, theme
from brief.charts.base import Plot, figure, selected
from brief.charts.marks import faded, labelled_bars, legend_filter, value_labels
from brief.tables import Tables


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
    rows["wert_text"] = value_labels(rows, "value_bn_eur", fmt.mrd_eur)
    rows["jahr"] = rows["year"].astype(int)
    rows["derived"] = rows["derived"].astype(bool)
    # One group filter per legend: series (colour), line style and kind of value (shape).
    by_series, by_line, by_kind = (legend_filter(f) for f in ("reihe", "linie", "art"))
    base = (
        alt.Chart(rows)
        .encode(
            # A true time axis: the gap between 2022 and 2026 must look like four years.
            x=alt.X(
                "jahr:Q",
                title="Jahr",
                axis=alt.Axis(format="d", values=list(range(2014, 2027, 2))),
                scale=alt.Scale(domain=[2014, 2026]),
            ),
            y=alt.Y("value_bn_eur:Q", title="Umsatz in Mrd. €", axis=alt.Axis(format=",.0f")),
            color=alt.Color("reihe:N", title="Reihe"),
            detail="reihe:N",
        )
        # On lines and points alike, so the line-style filter highlights both.
        .transform_calculate(
            linie="indexof(datum.reihe, 'Smart City') === 0 ? 'bis zur Prognose' : 'Ist-Werte'"
        )
    )
    lines = base.mark_line().encode(
        strokeDash=alt.StrokeDash(
            "linie:N",
            title="Linie",
            scale=alt.Scale(domain=["bis zur Prognose", "Ist-Werte"], range=[[6, 4], [1, 0]]),
        ),
        # A line runs through estimates and forecasts: it fades while a kind of value is picked.
        opacity=faded(by_series, by_line, whole=(by_kind,)),
    )
    points = (
        base.mark_point(size=80)
        .encode(
            shape=alt.Shape("art:N", title="Wert"),
            opacity=faded(by_series, by_line, by_kind),
            tooltip=[
                alt.Tooltip("reihe:N", title="Reihe"),
                alt.Tooltip("jahr:Q", title="Jahr", format="d"),
                alt.Tooltip("art:N", title="Art"),
                alt.Tooltip("wert_text:N", title="Umsatz"),
            ],
        )
        .add_params(by_series, by_line, by_kind)
    )
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
        subtitle=f"Schätzung {first['year'].iloc[0]}: Der Smart-City-Markt war {fmt.factor(ratio)} "
        "so groß wie der "
        f"Games-Markt. Die Werte für {forecast_years} sind Prognosen; Ist-Werte dazu sind nicht "
        "veröffentlicht.",
        alt=f"Liniendiagramm: Smart-City-Umsatz in Deutschland nach zwei eco-Studien, von "
        f"{fmt.mrd_eur(start)} ({first['year'].iloc[0]}) bis "
        f"{fmt.mrd_eur(market['value_bn_eur'].max())} "
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
        [
            {
                "segment": f"Übrige {others} Segmente (abgeleitet)",
                "value_bn_eur": rest,
                "year": year,
                "study": study,
                "table": "derived",
                "derived": True,
                "source_id": total_row["source_id"],
                "value_type": "Prognose",
            }
        ]
    )
    rows = pd.concat([segments, rest_row], ignore_index=True)
    rows["derived"] = rows["derived"].astype(bool)
    rows["wert_text"] = value_labels(rows, "value_bn_eur", fmt.mrd_eur)
    rows["art"] = rows["derived"].map({False: "berichtet", True: "abgeleitet"})
    order = list(segments.sort_values("value_bn_eur", ascending=False)["segment"]) + [
        rest_row["segment"][0]
    ]
    chart = labelled_bars(
        rows,
        "segment",
        "value_bn_eur",
        f"Umsatz {year} in Mrd. € (Prognose)",
        [
            alt.Tooltip("segment:N", title="Segment"),
            alt.Tooltip("wert_text:N", title="Umsatz"),
            alt.Tooltip("art:N", title="Wert"),
        ],
        color=alt.Color(
            "art:N",
            title="Wert",
            scale=alt.Scale(domain=["berichtet", "abgeleitet"], range=[theme.CITY, theme.MUTED]),
        ),
        order=order,
        legend=legend_filter("art"),
    )
    top = segments.sort_values("value_bn_eur", ascending=False).iloc[0]
    return Plot(
        chart=chart.properties(width=theme.WIDTH - 120, height=200),
        rows=rows,
        subtitle=f"Prognose für {year}: {top['segment']} führt mit "
        f"{fmt.mrd_eur(top['value_bn_eur'])}; nur drei von neun Segmenten sind öffentlich "
        "beziffert.",
        alt=f"Balkendiagramm: Prognose {year} für drei Segmente des Smart-City-Markts und den "
        f"abgeleiteten Rest von {fmt.mrd_eur(rest)}.",
        description="; ".join(f"{r.segment}: {r.wert_text}" for r in rows.itertuples())
        + f". Der Rest ist die Differenz zum Gesamtmarkt von {fmt.mrd_eur(total)}.",
        columns={"segment": "Segment", "wert_text": "Umsatz (Prognose)", "art": "Wert"},
    )
