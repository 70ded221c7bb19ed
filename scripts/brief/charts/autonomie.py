"""The figures of „Autonomie“ (book/autonomie.md): one function each,
registered with ``@figure``.
"""
from __future__ import annotations

import altair as alt

from brief import data, derive, fmt, theme
from brief.charts.base import Plot, figure, selected
from brief.charts.marks import faded, labelled_bars, legend_filter, value_labels
from brief.tables import Tables


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
    rows["wert_text"] = value_labels(rows, "value", fmt.count)
    first, last = rows.iloc[0], rows.iloc[-1]
    base = alt.Chart(rows).encode(
        x=alt.X("datum:T", title="Stand", axis=alt.Axis(format="%Y", tickCount="year")),
        # Zero-based: the growth is modest, and a cut axis would make it look steep.
        y=alt.Y("value:Q", title="Mitgliedsunternehmen", scale=alt.Scale(zero=True)),
    )
    chart = base.mark_line(color=theme.CITY) + base.mark_point(color=theme.CITY, size=90).encode(
        tooltip=[
            alt.Tooltip("stand:N", title="Stand"),
            alt.Tooltip("wert_text:N", title="Mitglieder"),
        ]
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
    "Kommunen, die eine Digitalstrategie planen, entwickeln oder haben":
        "Strategie geplant, in Arbeit oder da",
    "Kommunen mit Digitalstrategie in Entwicklung oder Umsetzung":
        "Strategie in Entwicklung/Umsetzung",
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
    rows = selected(t, "digitalstrategien", "municipal_capacity").sort_values(
        ["ref_date", "survey", "category"]
    )
    if rows["survey"].isna().any():
        raise data.DataError(
            "data/municipal_capacity.csv: a survey row of the figure "
            "'digitalstrategien' has no survey name (column survey)"
        )
    short = {
        "ab 20.000 Einwohner": "ab 20.000 Einw.",
        "unter 20.000 Einwohner": "unter 20.000 Einw.",
    }
    rows["merkmal"] = [
        _STRATEGY_LABELS[ind]
        + (f" ({short.get(cat, cat)})" if isinstance(cat, str) and cat else "")
        + f", {d.year}"
        for ind, cat, d in zip(rows["indicator"], rows["category"], rows["ref_date"])
    ]
    rows["wert_text"] = value_labels(rows, "value", fmt.pct)
    rows["umfrage"] = rows["survey"]
    legend = legend_filter("umfrage")
    chart = labelled_bars(
        rows,
        "merkmal",
        "value",
        "Anteil der befragten Kommunen in Prozent",
        [
            alt.Tooltip("merkmal:N", title="Merkmal"),
            alt.Tooltip("umfrage:N", title="Umfrage"),
            alt.Tooltip("wert_text:N", title="Anteil"),
        ],
        color=alt.Color(
            "umfrage:N",
            title="Umfrage",
            sort=list(dict.fromkeys(rows["umfrage"])),
            legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=340),
        ),
        percent=True,
        legend=legend,
        label_limit=260,
    )
    small = rows[rows["category"].astype(str).str.startswith("unter")]
    large = rows[rows["category"].astype(str).str.startswith("ab")]
    have = rows[(rows["indicator"] == "Kommunen mit Digitalstrategie") & rows["category"].isna()]
    subtitle = "Kleine Gemeinden haben seltener eine Digitalstrategie als größere."
    if len(small) and len(large):
        subtitle = (
            f"{large['ref_date'].iloc[0].year}: Strategie in "
            f"{fmt.with_qualifier(fmt.pct(large['value'].iloc[0]), large['qualifier'].iloc[0])} "
            f"der Kommunen ab 20.000 Einwohnern, in "
            f"{fmt.with_qualifier(fmt.pct(small['value'].iloc[0]), small['qualifier'].iloc[0])} "
            "der kleineren."
        )
    if len(have):
        latest = have.iloc[-1]
        subtitle += (
            f" {latest['ref_date'].year}: {fmt.pct(latest['value'])} mit Strategie"
            f" ({latest['survey']}). Jede Umfrage fragt anders; keine Zeitreihe."
        )
    years = sorted({d.year for d in rows["ref_date"]})
    return Plot(
        chart=chart.properties(width=theme.WIDTH - 240, height=26 * len(rows)),
        rows=rows,
        subtitle=subtitle,
        alt=f"Balkendiagramm aus {rows['survey'].nunique()} Umfragen {years[0]} bis {years[-1]}: "
        "Anteil der "
        "Kommunen mit, ohne oder in Arbeit an einer Digitalstrategie, nach Größe, und Anteil der "
        "Verwaltungen mit IT-Fachkräftemangel. Jeder Balken nennt seine Umfrage.",
        description="; ".join(
            f"{r.merkmal} ({r.umfrage}): {r.wert_text}" for r in rows.itertuples()
        )
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
    rows["wert_text"] = value_labels(rows, "value_mio_eur", fmt.mio_eur)
    rows["jahr"] = rows["year"].astype(int)
    # The legend names the answer; its scope stands in the tooltip, the table and the description
    # (in full, never cut off with "…").
    rows["reihe"] = rows["series"]
    order = list(dict.fromkeys(rows.sort_values("value_mio_eur", ascending=False)["reihe"]))
    legend = legend_filter("reihe")
    years = list(range(rows["jahr"].min(), rows["jahr"].max() + 1))
    base = alt.Chart(rows).encode(
        x=alt.X(
            "jahr:Q",
            title="Haushaltsjahr",
            axis=alt.Axis(format="d", values=years),
            scale=alt.Scale(domain=[years[0] - 0.3, years[-1] + 0.3]),
        ),
        y=alt.Y("value_mio_eur:Q", title="Ausgaben in Mio. €", scale=alt.Scale(zero=True)),
        color=alt.Color(
            "reihe:N",
            title="Anfrage",
            sort=order,
            scale=alt.Scale(range=[theme.PALETTE[3], theme.CITY]),
            legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=340),
        ),
        detail="reihe:N",
        opacity=faded(legend),
    )
    chart = base.mark_line() + base.mark_point(size=80, filled=True).encode(
        tooltip=[
            alt.Tooltip("reihe:N", title="Anfrage"),
            alt.Tooltip("scope:N", title="Erfasste Stellen"),
            alt.Tooltip("jahr:Q", title="Jahr", format="d"),
            alt.Tooltip("wert_text:N", title="Ausgaben"),
        ],
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
        f"Stellen ({narrow.iloc[-1]['jahr']}: {narrow.iloc[-1]['wert_text']}); die beiden Reihen "
        "sind nicht verbunden.",
        alt=f"Liniendiagramm: Microsoft-Lizenzausgaben des Bundes nach zwei Anfragen, getrennt "
        f"gezeichnet; die weitere steigt von {first['wert_text']} ({first['jahr']}) auf "
        f"{last['wert_text']} ({last['jahr']}).",
        description="; ".join(
            f"{r.reihe} ({r.scope}), {r.jahr}: {r.wert_text}" for r in rows.itertuples()
        )
        + ". Die beiden Anfragen erfassen verschiedene Stellen; ihre Zahlen lassen sich nicht "
        "zu einer Reihe verbinden.",
        columns={
            "series": "Anfrage",
            "scope": "Erfasste Stellen",
            "jahr": "Jahr",
            "wert_text": "Ausgaben",
        },
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
        f"Prognose {d.year}"
        if isinstance(c, str) and c.startswith("Prognose")
        else f"{d.month:02d}/{d.year}"
        for d, c in zip(rows["ref_date"], rows["category"])
    ]
    rows["wert_text"] = value_labels(rows, "value", fmt.count)
    rows["art"] = ["Prognose" if s.startswith("Prognose") else "Stand" for s in rows["stand"]]
    base = alt.Chart(rows).encode(
        x=alt.X("stand:N", sort=list(rows["stand"]), title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title="Fehlende IT-Fachkräfte (Personen)", axis=alt.Axis(format=",.0f")),
    )
    legend = legend_filter("art")
    bars = (
        base.mark_bar(size=70)
        .encode(
            color=alt.Color(
                "art:N",
                title="Wert",
                scale=alt.Scale(domain=["Stand", "Prognose"], range=[theme.CITY, theme.LIGHT]),
            ),
            opacity=faded(legend),
            tooltip=[
                alt.Tooltip("stand:N", title="Stand"),
                alt.Tooltip("wert_text:N", title="Fehlende Fachkräfte"),
            ],
        )
        .add_params(legend)
    )
    labels = base.mark_text(dy=-8).encode(text="wert_text:N")
    first, last = rows.iloc[0], rows.iloc[-1]
    factor = derive.ratio(last["value"], first["value"])
    return Plot(
        chart=(bars + labels).properties(width=theme.WIDTH - 260, height=240),
        rows=rows,
        subtitle=f"Prognose: Die Lücke von {first['ref_date'].year} könnte bis "
        f"{last['ref_date'].year} auf das {fmt.factor(factor).replace('-mal', '-Fache')} wachsen.",
        alt=f"Säulendiagramm: {fmt.count(first['value'])} fehlende IT-Fachkräfte im öffentlichen "
        f"Dienst ({first['ref_date'].year}), Prognose "
        f"{fmt.with_qualifier(fmt.count(last['value']), last['qualifier'])} "
        f"für {last['ref_date'].year}.",
        description="; ".join(f"{r.stand}: {r.wert_text}" for r in rows.itertuples())
        + ". Alle staatlichen Ebenen, nicht nur Kommunen.",
        columns={"stand": "Stand", "wert_text": "Fehlende IT-Fachkräfte"},
    )
