"""The named figures that the chapters quote, each tied to one row of one table in ``data/``.

Chapters never type a data figure. They write ``{zahl}`markt-2017``` and the Sphinx role in
``brief.sphinxext.core`` replaces it at build time with ``Value.render()``, formatted by ``brief.fmt``.
So a number in the text and the same number in a chart come from the same CSV row and cannot
disagree. Derived figures (growth rates, gaps) are computed from named values by
``brief.derive``.
"""
from __future__ import annotations

import datetime as _dt
import inspect
import re
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from brief import data, derive, fmt


class NumberError(LookupError):
    """A named figure could not be resolved to exactly one value."""


@dataclass(frozen=True)
class Value:
    """One cell: ``column`` of the single row of ``table`` that matches ``where``."""

    table: str
    column: str
    fmt: str
    where: dict = field(default_factory=dict)

    def row(self, tables: "Tables") -> pd.Series:
        frame = tables.get(self.table)
        mask = pd.Series(True, index=frame.index)
        for col, wanted in self.where.items():
            if col not in frame.columns:
                raise NumberError(f"table {self.table!r} has no column {col!r}")
            column = frame[col]
            if pd.api.types.is_datetime64_any_dtype(column):
                wanted = pd.Timestamp(wanted)
            mask &= column == wanted
        hits = frame[mask.fillna(False)]
        if len(hits) != 1:
            raise NumberError(
                f"{self.table} where {self.where}: expected exactly one row, found {len(hits)}"
            )
        return hits.iloc[0]

    def value(self, tables: "Tables") -> float:
        cell = self.row(tables)[self.column]
        if pd.isna(cell):
            raise NumberError(f"{self.table} where {self.where}: {self.column} is empty")
        return float(cell)

    def qualifier(self, tables: "Tables") -> str | None:
        """The source's hedge for this value (column ``qualifier``: ">", "<", "≈" …), if any."""
        row = self.row(tables)
        qualifier = row.get("qualifier") if "qualifier" in row.index else None
        return None if qualifier is None or pd.isna(qualifier) or not qualifier else qualifier

    def number_text(self, tables: "Tables") -> str:
        """The formatted number without its qualifier ("26 %"), as printed.

        A hedged value drops trailing zero decimals: the source's "rund 2 km" stays "rund 2 km",
        not "rund 2,0 km".
        """
        formatter = fmt.FORMATTERS[self.fmt]
        text = formatter(self.value(tables))
        shown = fmt.decimals_shown(text)
        if self.qualifier(tables) and shown and text != (text := fmt.trim_zeros(text)):
            return formatter(self.value(tables), decimals=fmt.decimals_shown(text))
        return text

    def exact(self, tables: "Tables") -> bool:
        """A count without a hedge is exact; measured shares and amounts are not."""
        return self.fmt in EXACT_FORMATS and self.qualifier(tables) is None

    def render(self, tables: "Tables") -> str:
        return fmt.with_qualifier(self.number_text(tables), self.qualifier(tables))

    def ref_dates(self, tables: "Tables") -> list[RefDate]:
        """The reference date of this value, read from its row (see ``DATE_COLUMNS``)."""
        row = self.row(tables)
        forecast = str(row.get("value_type", "")) == "Prognose"
        for column in DATE_COLUMNS:
            if column not in row.index or pd.isna(row[column]) or row[column] == "":
                continue
            when = row[column]
            basis = row.get("date_basis")
            basis = None if basis is None or pd.isna(basis) else str(basis)
            if isinstance(when, pd.Timestamp):
                when = when.date()
                return [RefDate(when, fmt.ref_date(when, basis), forecast)]
            if isinstance(when, str):
                label, sort = fmt.ref_date(when), _sort_date(when)
                short = "" if re.fullmatch(r"(Mitte |Ende )?\d{4}", label) else str(sort.year)
                return [RefDate(sort, label, forecast, short)]
            year = int(when)
            return [RefDate(_dt.date(year, 12, 31), fmt.ref_date(year), forecast)]
        raise NumberError(
            f"{self.table} where {self.where}: no reference date; give the row a value in one "
            f"of the columns {', '.join(DATE_COLUMNS)}"
        )


@dataclass(frozen=True)
class Derived:
    """A figure computed by ``function`` from other named figures (``inputs``)."""

    function: Callable[..., float]
    inputs: tuple[str, ...]
    fmt: str
    kwargs: dict = field(default_factory=dict)

    def value(self, tables: "Tables") -> float:
        args = [NUMBERS[name].value(tables) for name in self.inputs]
        return float(self.function(*args, **self.kwargs))

    def _inputs(self) -> list["Value | Derived"]:
        return [NUMBERS[name] for name in self.inputs]

    def qualifier(self, tables: "Tables") -> str | None:
        """The inputs' hedge, carried over: "≈" (rund) when any input is hedged, but a one-sided
        hedge stays one-sided. "knapp 90" minus "gut 64" is below 26 for sure: "knapp 26"."""
        hedges = [figure.qualifier(tables) for figure in self._inputs()]
        if not any(hedges):
            return None
        if any(hedge and hedge not in _LEANS for hedge in hedges):
            return "≈"  # a two-sided hedge ("rund") makes the result two-sided
        signs = [_LEANS[hedge] if hedge else 0 for hedge in hedges]
        if self.function in (derive.gap_pp, derive.increase) and len(signs) == 2:
            signs[1] = -signs[1]  # a difference: an input over its figure shrinks the gap
        elif self.function is not derive.total:
            return "≈"
        if not (all(sign <= 0 for sign in signs) or all(sign >= 0 for sign in signs)):
            return "≈"
        below = any(sign < 0 for sign in signs)
        unbounded = any(hedge in ("<", ">") for hedge in hedges)  # "unter 90": maybe far below
        return ("<" if below else ">") if unbounded else ("knapp" if below else "gut")

    def exact(self, tables: "Tables") -> bool:
        return self.fmt in EXACT_FORMATS and all(f.exact(tables) for f in self._inputs())

    def number_text(self, tables: "Tables") -> str:
        """The number, never printed more precisely than its inputs allow (``derive.SAME_UNIT``)."""
        value = self.value(tables)
        formatter = fmt.FORMATTERS[self.fmt]
        text = formatter(value)
        shown = fmt.decimals_shown(text)
        inputs = self._inputs()
        if self.function in derive.SAME_UNIT:
            allowed = min(fmt.decimals_shown(f.number_text(tables)) for f in inputs)
        else:
            measured = [f for f in inputs if not f.exact(tables)]
            if not measured:
                return text
            digits = min(fmt.significant_digits(f.number_text(tables)) for f in measured)
            allowed = max(0, shown - max(0, fmt.significant_digits(text) - digits))
        if allowed >= shown:
            return text
        if "decimals" not in inspect.signature(formatter).parameters:
            return text
        return formatter(value, decimals=allowed)

    def render(self, tables: "Tables") -> str:
        return fmt.with_qualifier(self.number_text(tables), self.qualifier(tables))

    def ref_dates(self, tables: "Tables") -> list[RefDate]:
        """The reference dates of all inputs (a growth rate 2017–2022 has two)."""
        found: list[RefDate] = []
        for figure in self._inputs():
            for ref in figure.ref_dates(tables):
                if ref not in found:
                    found.append(ref)
        return sorted(found)


@dataclass(frozen=True, order=True)
class RefDate:
    """When a figure was true: ``when`` orders figures, ``label`` is what readers see."""

    when: _dt.date
    label: str
    forecast: bool = False
    short: str = ""  # for a worded date ("Krankenhaus-Atlas 2019"): the year alone

    @property
    def brief(self) -> str:
        """The label for a summary line: "2019" rather than "Krankenhaus-Atlas 2019"."""
        return self.short or self.label


# Where a row keeps its reference date, first match wins: a date (with ``date_basis`` if the
# table has one), a text period ("Mitte 2025"), a data or model year ("Modell 2019"), a year.
DATE_COLUMNS = ("reference_date", "ref_date", "period", "ref_year", "year")

# Which way a one-sided hedge leans: "knapp 90" / "unter 90" is a little below 90 (-1),
# "gut 64" / "über 64" a little above (+1). "rund" leans neither way and is not listed.
_LEANS = {"knapp": -1, "<": -1, "gut": 1, ">": 1}

# Formats of counts: without a qualifier such a value is exact and limits no derived figure.
EXACT_FORMATS = ("count", "plain", "year")


def _sort_date(text: str) -> _dt.date:
    """An orderable date for a worded period: "Mitte 2025" -> 30.06.2025, else year end."""
    years = re.findall(r"(?<!\d)(\d{4})(?!\d)", text)
    if not years:
        raise NumberError(f"reference date {text!r} names no year")
    year = int(years[-1])
    if re.search(r"\b(Mitte|Juni|Sommer)\b", text):
        return _dt.date(year, 6, 30)
    return _dt.date(year, 12, 31)


class Tables:
    """Loads each table once per build; ``brief.data.load`` validates it on the way in."""

    def __init__(self, data_dir=None):
        self._data_dir = data_dir
        self._frames: dict[str, pd.DataFrame] = {}

    def get(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            kwargs = {} if self._data_dir is None else {"data_dir": self._data_dir}
            self._frames[name] = data.load(name, **kwargs)
        return self._frames[name]


def V(table: str, column: str, fmt: str, **where) -> Value:  # noqa: N802 - reads like a table cell
    return Value(table, column, fmt, where)


def D(function: Callable[..., float], *inputs: str, fmt: str, **kwargs) -> Derived:  # noqa: N802
    return Derived(function, inputs, fmt, kwargs)


def render(name: str, tables: Tables | None = None) -> str:
    """The formatted text of the named figure; raises NumberError naming it if it cannot."""
    if name not in NUMBERS:
        raise NumberError(f"unknown figure {name!r}; known figures are listed in brief/zahlen.py")
    try:
        return NUMBERS[name].render(tables or Tables())
    except NumberError as err:
        raise NumberError(f"figure {name!r}: {err}") from err


def ref_dates(name: str, tables: Tables | None = None) -> list[RefDate]:
    """The reference dates of the named figure; raises NumberError naming it if it has none."""
    if name not in NUMBERS:
        raise NumberError(f"unknown figure {name!r}; known figures are listed in brief/zahlen.py")
    try:
        return NUMBERS[name].ref_dates(tables or Tables())
    except NumberError as err:
        raise NumberError(f"figure {name!r}: {err}") from err


def ref_label(name: str, tables: Tables | None = None) -> str:
    """The reference date as text: "Mitte 2025"; for a figure from two dates "2017 bis 2022"."""
    refs = ref_dates(name, tables)
    labels = list(dict.fromkeys(ref.label for ref in refs))
    if len(labels) == 1:
        return labels[0]
    if len({ref.when.year for ref in refs}) == 1:  # "2019" and "Ende 2019": one year
        return str(refs[0].when.year)
    return f"{labels[0]} bis {labels[-1]}"


# ---------------------------------------------------------------------------------------------
# The registry. Keys are kebab-case, prefixed by chapter topic. Keep them sorted by chapter.
# ---------------------------------------------------------------------------------------------
NUMBERS: dict[str, Value | Derived] = {
    # --- Markt (book/markt.md, index.md) --------------------------------------------------
    "markt-2017": V(
        "smart_city_market", "value_bn_eur", "mrd_eur", study="eco/ADL 2017–2022", year=2017,
    ),
    "markt-2022": V(
        "smart_city_market", "value_bn_eur", "mrd_eur", study="eco/ADL 2017–2022", year=2022,
    ),
    "markt-cagr-2017-2022": D(derive.cagr_pct, "markt-2017", "markt-2022", fmt="pct", years=5),
    "markt-faktor-2017-2022": D(derive.ratio, "markt-2022", "markt-2017", fmt="factor"),
    "markt-2021": V(
        "smart_city_market", "value_bn_eur", "mrd_eur", study="eco/ADL 2021–2026", year=2021,
    ),
    "markt-2026": V(
        "smart_city_market", "value_bn_eur", "mrd_eur", study="eco/ADL 2021–2026", year=2026,
    ),
    "markt-cagr-2021-2026": D(derive.cagr_pct, "markt-2021", "markt-2026", fmt="pct", years=5),
    "markt-zuwachs-2021-2026": D(derive.increase, "markt-2021", "markt-2026", fmt="mrd_eur"),
    "segment-bildung-2026": V(
        "smart_city_segments", "value_bn_eur", "mrd_eur",
        study="eco/ADL 2021–2026", year=2026, segment="Digitale Bildung",
    ),
    "segment-transport-2026": V(
        "smart_city_segments", "value_bn_eur", "mrd_eur",
        study="eco/ADL 2021–2026", year=2026, segment="Transport und Logistik",
    ),
    "segment-gebaeude-2026": V(
        "smart_city_segments", "value_bn_eur", "mrd_eur",
        study="eco/ADL 2021–2026", year=2026, segment="Gebäudeautomatisierung",
    ),
    # The six unnamed segments: what the 2026 total leaves after the three published ones.
    "segment-rest-2026": D(
        derive.residual, "markt-2026",
        "segment-bildung-2026", "segment-transport-2026", "segment-gebaeude-2026",
        fmt="mrd_eur",
    ),
    # The article's games figure is the first-published 2017 value;
    # the restated one differs by method.
    "games-2017": V("games_market", "value_bn_eur", "mrd_eur", year=2017, vintage="game 2018"),
    "games-2017-revidiert": V(
        "games_market", "value_bn_eur", "mrd_eur", year=2017, vintage="game 2019",
    ),
    "markt-games-faktor-2017": D(derive.ratio, "markt-2017", "games-2017", fmt="factor"),
    "markt-games-faktor-2017-revidiert": D(
        derive.ratio, "markt-2017", "games-2017-revidiert", fmt="factor",
    ),
    # The rejected 2022 value (de.digital) and the growth it would need: quoted only as rejected.
    "markt-2022-verworfen": V(
        "smart_city_market", "rejected_bn_eur", "mrd_eur", study="eco/ADL 2017–2022", year=2022,
    ),
    "markt-cagr-2017-2022-verworfen": D(
        derive.cagr_pct, "markt-2017", "markt-2022-verworfen", fmt="pct", years=5,
    ),
    # What the 2017 study's forecast path implies for 2021, beside the 2021 study's own estimate.
    "markt-pfad-2017-fuer-2021": D(
        derive.on_growth_path, "markt-2017", "markt-2022", fmt="mrd_eur", years=5, at=4,
    ),
    # Games: the 2019 scope break (gaming PCs counted from 2019). The line from 2018 to 2019
    # crosses it; the association's reported growth is on a comparable base.
    "games-2018": V("games_market", "value_bn_eur", "mrd_eur", year=2018, vintage="game 2019"),
    "games-2019": V("games_market", "value_bn_eur", "mrd_eur", year=2019, vintage="game 2020"),
    "games-2020": V("games_market", "value_bn_eur", "mrd_eur", year=2020, vintage="game 2021"),
    "games-sprung-2018-2019": D(derive.cagr_pct, "games-2018", "games-2019", fmt="pct", years=1),
    "games-wachstum-2019-gemeldet": V(
        "games_market", "growth_pct_reported", "pct", year=2019, vintage="game 2020",
    ),
    "games-wachstum-2020-gemeldet": V(
        "games_market", "growth_pct_reported", "pct", year=2020, vintage="game 2021",
    ),
    # --- Autonomie (book/autonomie.md) -----------------------------------------------------
    # Federal Microsoft licence spending: two answers with different scopes, never one series.
    "ms-perli-2022": V("licence_spending", "value_mio_eur", "mio_eur", series="Perli-Anfragen", year=2022),
    "ms-perli-2023": V("licence_spending", "value_mio_eur", "mio_eur", series="Perli-Anfragen", year=2023),
    "ms-perli-2024": V("licence_spending", "value_mio_eur", "mio_eur", series="Perli-Anfragen", year=2024),
    "ms-lenhard-2023": V("licence_spending", "value_mio_eur", "mio_eur", series="Lenhard-Anfrage", year=2023),
    "ms-lenhard-2024": V("licence_spending", "value_mio_eur", "mio_eur", series="Lenhard-Anfrage", year=2024),
    "ms-lenhard-2025": V("licence_spending", "value_mio_eur", "mio_eur", series="Lenhard-Anfrage", year=2025),
    "ms-lenhard-faktor-2023-2025": D(derive.ratio, "ms-lenhard-2025", "ms-lenhard-2023", fmt="factor"),
    "sh-libreoffice-2025": V(
        "open_source_switch", "value", "pct", jurisdiction="Schleswig-Holstein",
        indicator="Arbeitsplätze der Landesverwaltung mit LibreOffice",
    ),
    "sh-ms-neu-2025": V(
        "open_source_switch", "value", "pct", jurisdiction="Schleswig-Holstein",
        indicator="Arbeitsplätze mit neuer Microsoft-Lizenz",
    ),
    "sh-postfaecher-2025": V(
        "open_source_switch", "value", "count", jurisdiction="Schleswig-Holstein",
        indicator="E-Mail-Postfächer auf Open-Xchange umgezogen",
    ),
    "sh-ersparnis-2026": V(
        "open_source_switch", "value", "mio_eur", jurisdiction="Schleswig-Holstein",
        indicator="Erwartete Ersparnis an Lizenzkosten 2026",
    ),
    "sh-investition-2026": V(
        "open_source_switch", "value", "mio_eur", jurisdiction="Schleswig-Holstein",
        indicator="Einmalige Investition 2026",
    ),
    "vku-mitglieder-2018": V(
        "municipal_capacity", "value", "count", indicator="VKU-Mitgliedsunternehmen",
        ref_date="2018-03-31",
    ),
    "vku-mitglieder-2024": V(
        "municipal_capacity", "value", "count", indicator="VKU-Mitgliedsunternehmen",
        ref_date="2024-07-03",
    ),
    "vku-umsatz-2021": V(
        "municipal_capacity", "value", "mrd_eur", indicator="Umsatz der VKU-Mitglieder",
        ref_date="2021-12-31",
    ),
    "stadtwerke-neu-2005-2012": V(
        "municipal_capacity", "value", "count", indicator="Neue Stadtwerke", ref_date="2012-12-31"
    ),
    "stadtwerke-neu-2016": V(
        "municipal_capacity", "value", "count", indicator="Neue Stadtwerke", ref_date="2016-02-29"
    ),
    "digitalstrategie-gross-2019": V(
        "municipal_capacity", "value", "pct",
        indicator="Kommunen mit Digitalstrategie", ref_date="2019-11-30",
        category="ab 20.000 Einwohner",
    ),
    "digitalstrategie-klein-2019": V(
        "municipal_capacity", "value", "pct",
        indicator="Kommunen mit Digitalstrategie", ref_date="2019-11-30",
        category="unter 20.000 Einwohner",
    ),
    "ohne-digitalstrategie-2022": V(
        "municipal_capacity", "value", "pct", indicator="Kommunen ohne Digitalstrategie",
        ref_date="2022-12-31",
    ),
    "digitalstrategie-geplant-2018": V(
        "municipal_capacity", "value", "pct",
        indicator="Kommunen, die eine Digitalstrategie planen, entwickeln oder haben",
        ref_date="2018-12-31",
    ),
    "digitalstrategie-2022": V(
        "municipal_capacity", "value", "pct", indicator="Kommunen mit Digitalstrategie",
        ref_date="2022-12-31", survey="Kommunalstudie 2022",
    ),
    "digitalstrategie-2024": V(
        "municipal_capacity", "value", "pct", indicator="Kommunen mit Digitalstrategie",
        ref_date="2024-12-31",
    ),
    "digitalstrategie-in-arbeit-2024": V(
        "municipal_capacity", "value", "pct", indicator="Kommunen mit Digitalstrategie in Arbeit",
        ref_date="2024-12-31",
    ),
    "personal-digital-schlecht-2022": V(
        "municipal_capacity", "value", "pct",
        indicator="Kommunen mit schlechter Personalsituation für Digitales", ref_date="2022-12-31",
    ),
    "it-mangel-kommunen-2023": V(
        "municipal_capacity", "value", "pct",
        indicator="Kommunalverwaltungen mit IT-Fachkräftemangel", ref_date="2023-12-31",
    ),
    "it-luecke-2023": V(
        "municipal_capacity", "value", "count",
        indicator="IT-Fachkräftelücke öffentlicher Dienst", ref_date="2023-01-31",
    ),
    "it-luecke-2030": V(
        "municipal_capacity", "value", "count",
        indicator="IT-Fachkräftelücke öffentlicher Dienst", ref_date="2030-12-31",
    ),
    "it-luecke-faktor": D(derive.ratio, "it-luecke-2030", "it-luecke-2023", fmt="factor"),
    # --- Daseinsvorsorge (book/daseinsvorsorge.md) -----------------------------------------
    "hausarzt-de": V(
        "reachability", "value", "meters",
        service="Hausarztpraxis", measure="Mittlere Luftlinienentfernung",
        region_type="Deutschland",
    ),
    "hausarzt-grossstadt": V(
        "reachability", "value", "meters",
        service="Hausarztpraxis", measure="Mittlere Luftlinienentfernung", region_type="Großstädte",
    ),
    "hausarzt-land-west": V(
        "reachability", "value", "km",
        service="Hausarztpraxis", measure="Mittlere Luftlinienentfernung",
        region_type="Landgemeinden West",
    ),
    "hausarzt-land-ost": V(
        "reachability", "value", "km",
        service="Hausarztpraxis", measure="Mittlere Luftlinienentfernung",
        region_type="Landgemeinden Ost",
    ),
    "apotheke-de": V(
        "reachability", "value", "km",
        service="Apotheke", measure="Mittlere Luftlinienentfernung", region_type="Deutschland",
    ),
    "apotheke-land-west": V(
        "reachability", "value", "km",
        service="Apotheke", measure="Mittlere Luftlinienentfernung",
        region_type="Landgemeinden West",
    ),
    "hausarzt-fuss-grossstadt": V(
        "reachability", "value", "count",
        service="Hausarztpraxis", measure="Gemeinden mit 90 % fußläufig", region_type="Großstädte",
    ),
    "grossstaedte-gesamt": V(
        "reachability", "value", "count",
        service="Hausarztpraxis", measure="Gemeinden insgesamt", region_type="Großstädte",
    ),
    "hausarzt-fuss-grossstadt-anteil": D(
        derive.share_pct, "hausarzt-fuss-grossstadt", "grossstaedte-gesamt", fmt="pct"
    ),
    "hausarzt-fuss-land": V(
        "reachability", "value", "count",
        service="Hausarztpraxis", measure="Gemeinden mit 90 % fußläufig",
        region_type="Landgemeinden",
    ),
    "landgemeinden-gesamt": V(
        "reachability", "value", "count",
        service="Hausarztpraxis", measure="Gemeinden insgesamt", region_type="Landgemeinden",
    ),
    "hausarzt-fuss-land-anteil": D(
        derive.share_pct, "hausarzt-fuss-land", "landgemeinden-gesamt", fmt="pct",
    ),
    "kh-grund-stadt": V(
        "reachability", "value", "pct",
        service="Krankenhaus der Grundversorgung", measure="Bevölkerungsanteil in 15 Pkw-Minuten",
        region_type="städtische Regionen",
    ),
    "kh-grund-land": V(
        "reachability", "value", "pct",
        service="Krankenhaus der Grundversorgung", measure="Bevölkerungsanteil in 15 Pkw-Minuten",
        region_type="ländliche Regionen",
    ),
    "kh-grund-luecke": D(derive.gap_pp, "kh-grund-stadt", "kh-grund-land", fmt="pp"),
    "kh-max-de": V(
        "reachability", "value", "minutes",
        service="Krankenhaus der Schwerpunkt-/Maximalversorgung", measure="Mittlere Pkw-Fahrzeit",
        region_type="Deutschland",
    ),
    "kh-max-berlin": V(
        "reachability", "value", "minutes",
        service="Krankenhaus der Schwerpunkt-/Maximalversorgung", measure="Mittlere Pkw-Fahrzeit",
        region_type="Berlin",
    ),
    "kh-max-brandenburg": V(
        "reachability", "value", "minutes",
        service="Krankenhaus der Schwerpunkt-/Maximalversorgung", measure="Mittlere Pkw-Fahrzeit",
        region_type="Brandenburg",
    ),
    # GP reachability, Thünen model 2023: a new measure (median, 5 minutes), not the 2019 mean.
    "hausarzt-pkw-mittel-2019": V(
        "reachability", "value", "minutes",
        service="Hausarztpraxis", measure="Mittlere Pkw-Fahrzeit", region_type="Deutschland",
    ),
    "hausarzt-pkw-median-2023": V(
        "reachability", "value", "minutes",
        service="Hausarztpraxis", measure="Median Pkw-Fahrzeit", region_type="Deutschland",
    ),
    "hausarzt-5min-de-2023": V(
        "reachability", "value", "pct",
        service="Hausarztpraxis", measure="Bevölkerungsanteil in 5 Pkw-Minuten",
        region_type="Deutschland",
    ),
    "hausarzt-5min-land-2023": V(
        "reachability", "value", "pct",
        service="Hausarztpraxis", measure="Bevölkerungsanteil in 5 Pkw-Minuten",
        region_type="ländliche Regionen",
    ),
    "hausarzt-5min-ballung-2023": V(
        "reachability", "value", "pct",
        service="Hausarztpraxis", measure="Bevölkerungsanteil in 5 Pkw-Minuten",
        region_type="Ballungsräume",
    ),
    "apotheken-2024": V("pharmacies", "pharmacies", "count", ref_date="2024-12-31"),
    "apotheken-2025": V("pharmacies", "pharmacies", "count", ref_date="2025-12-31"),
    "apotheken-rueckgang-2025": D(derive.increase, "apotheken-2025", "apotheken-2024", fmt="count"),
    # --- Raum (book/raum.md, index.md) -----------------------------------------------------
    "bitkom-mindestgroesse": V("bitkom_coverage", "min_population", "count", year=2019),
    "bitkom-staedte-2019": V("bitkom_coverage", "cities_covered", "count", year=2019),
    "bitkom-staedte-2025": V("bitkom_coverage", "cities_covered", "count", year=2025),
    "gemeinden-2019": V(
        "municipalities", "value", "count", indicator="Gemeinden", ref_date="2019-12-31",
    ),
    "bitkom-staedte-2021": V("bitkom_coverage", "cities_covered", "count", year=2021),
    "bitkom-staedte-2024": V("bitkom_coverage", "cities_covered", "count", year=2024),
    "bitkom-2025-1": V("bitkom_index", "score", "points", year=2025, rank=1),
    "bitkom-2025-4": V("bitkom_index", "score", "points", year=2025, rank=4),
    "grossstadt-einwohner-2022": V(
        "municipalities", "value", "count", indicator="Einwohner in Großstädten",
        ref_date="2022-12-31",
    ),
    "mpsc-bund-2023": V(
        "mpsc_programme", "value", "mio_eur", indicator="Bundesmittel im Haushaltsjahr",
    ),
    "mpsc-stellen": V(
        "mpsc_programme", "value", "count", indicator="Neue Stellen in den Modellprojekten",
    ),
    "mpsc-3-kreise": V(
        "mpsc", "projects", "count", round=3, category="Interkommunale Kooperationen und Landkreise",
    ),
    "mpsc-2-kreise": V(
        "mpsc", "projects", "count", round=2, category="Interkommunale Kooperationen und Landkreise",
    ),
    "mpsc-1-kreise": V(
        "mpsc", "projects", "count", round=1, category="Interkommunale Kooperationen und Landkreise",
    ),
    "mpsc-gross": D(derive.total, "mpsc-1-gross", "mpsc-2-gross", "mpsc-3-gross", fmt="count"),
    "mpsc-gross-anteil": D(derive.share_pct, "mpsc-gross", "mpsc-gesamt", fmt="pct"),
    "mpsc-kreise": D(derive.total, "mpsc-1-kreise", "mpsc-2-kreise", "mpsc-3-kreise", fmt="count"),
    "bitkom-anteil-gemeinden": D(
        derive.share_pct, "bitkom-staedte-2019", "gemeinden-2019", fmt="pct",
    ),
    "gemeinden-2014": V(
        "municipalities", "value", "count", indicator="Gemeinden", ref_date="2014-12-31",
    ),
    "gemeinden-ab-20000-2014": V(
        "municipalities", "value", "count", indicator="Gemeinden ab 20.000 Einwohnern",
        ref_date="2014-12-31",
    ),
    "laendlich-bevoelkerung": V(
        "municipalities", "value", "pct",
        indicator="Bevölkerungsanteil ländlicher Raum", typology="Thünen-Landatlas",
    ),
    "laendlich-bevoelkerung-laender": V(
        "municipalities", "value", "pct",
        indicator="Bevölkerungsanteil ländlicher Raum", typology="Länderdefinitionen (BMEL)",
    ),
    "laendlich-bevoelkerung-degurba": V(
        "municipalities", "value", "pct",
        indicator="Bevölkerungsanteil ländlicher Raum", typology="EU-Verstädterungsgrad (DEGURBA)",
    ),
    "mpsc-gesamt": V("mpsc_programme", "value", "count", indicator="Modellprojekte insgesamt"),
    "mpsc-foerderung": V("mpsc_programme", "value", "mio_eur", indicator="Fördermittel insgesamt"),
    "mpsc-klein": V(
        "mpsc_programme", "value", "count",
        indicator="Kleinstädte und Landgemeinden unter 20.000 Einwohnern",
    ),
    "mpsc-klein-anteil": D(derive.share_pct, "mpsc-klein", "mpsc-gesamt", fmt="pct"),
    "grossstaedte-2019": V(
        "municipalities", "value", "count", indicator="Großstädte", ref_date="2019-12-31",
    ),
    "grossstaedte-anteil-gemeinden-2019": D(
        derive.share_pct, "grossstaedte-2019", "gemeinden-2019", fmt="pct"
    ),
    "mpsc-1-gross": V("mpsc", "projects", "count", round=1, category="Großstädte"),
    "mpsc-1-gesamt": V("mpsc_rounds", "selected", "count", round=1),
    "mpsc-2-gross": V("mpsc", "projects", "count", round=2, category="Großstädte"),
    "mpsc-2-gesamt": V("mpsc_rounds", "selected", "count", round=2),
    "mpsc-3-gross": V("mpsc", "projects", "count", round=3, category="Großstädte"),
    "mpsc-3-gesamt": V("mpsc_rounds", "selected", "count", round=3),
    "mpsc-1-gross-anteil": D(derive.share_pct, "mpsc-1-gross", "mpsc-1-gesamt", fmt="pct"),
    "mpsc-2-gross-anteil": D(derive.share_pct, "mpsc-2-gross", "mpsc-2-gesamt", fmt="pct"),
    "mpsc-3-gross-anteil": D(derive.share_pct, "mpsc-3-gross", "mpsc-3-gesamt", fmt="pct"),
    "bb50-stadt-2014": V(
        "broadband", "share_pct", "pct", ref_date="2014-12-31", bandwidth_mbit=50, area="städtisch"
    ),
    "bb50-land-2014": V(
        "broadband", "share_pct", "pct", ref_date="2014-12-31", bandwidth_mbit=50, area="ländlich"
    ),
    "bb50-luecke-2014": D(derive.gap_pp, "bb50-stadt-2014", "bb50-land-2014", fmt="pp"),
    "bb50-stadt-2019": V(
        "broadband", "share_pct", "pct", ref_date="2019-06-30", bandwidth_mbit=50, area="städtisch"
    ),
    "bb50-halbstadt-2019": V(
        "broadband", "share_pct", "pct", ref_date="2019-06-30", bandwidth_mbit=50,
        area="halbstädtisch",
    ),
    "bb50-land-2019": V(
        "broadband", "share_pct", "pct", ref_date="2019-06-30", bandwidth_mbit=50, area="ländlich"
    ),
    "bb50-luecke-2019": D(derive.gap_pp, "bb50-stadt-2019", "bb50-land-2019", fmt="pp"),
    "gigabit-stadt-2020": V(
        "broadband", "share_pct", "pct", ref_date="2020-06-30", bandwidth_mbit=1000,
        area="städtisch",
    ),
    "gigabit-land-2020": V(
        "broadband", "share_pct", "pct", ref_date="2020-06-30", bandwidth_mbit=1000, area="ländlich"
    ),
    "gigabit-stadt-2021": V(
        "broadband", "share_pct", "pct", ref_date="2021-06-30", bandwidth_mbit=1000,
        area="städtisch",
    ),
    "gigabit-land-2021": V(
        "broadband", "share_pct", "pct", ref_date="2021-06-30", bandwidth_mbit=1000, area="ländlich"
    ),
    "gigabit-luecke-2021": D(derive.gap_pp, "gigabit-stadt-2021", "gigabit-land-2021", fmt="pp"),
    "gigabit-stadt-2020-ende": V(
        "broadband", "share_pct", "pct", ref_date="2020-12-31", bandwidth_mbit=1000,
        area="städtisch",
    ),
    "gigabit-land-2020-ende": V(
        "broadband", "share_pct", "pct", ref_date="2020-12-31", bandwidth_mbit=1000, area="ländlich"
    ),
    "gigabit-luecke-2020": D(derive.gap_pp, "gigabit-stadt-2020", "gigabit-land-2020", fmt="pp"),
    "gigabit-luecke-2020-ende": D(
        derive.gap_pp, "gigabit-stadt-2020-ende", "gigabit-land-2020-ende", fmt="pp"
    ),
    "gigabit-de-2021": V(
        "broadband", "share_pct", "pct", ref_date="2021-06-30", bandwidth_mbit=1000,
        area="Deutschland",
    ),
    "gigabit-de-2022": V(
        "broadband", "share_pct", "pct", ref_date="2022-06-30", bandwidth_mbit=1000,
        area="Deutschland",
    ),
    "gigabit-de-2025": V(
        "broadband", "share_pct", "pct", ref_date="2025-06-30", bandwidth_mbit=1000,
        area="Deutschland",
    ),
    "bb50-de-2021": V(
        "broadband", "share_pct", "pct", ref_date="2021-06-30", bandwidth_mbit=50, area="Deutschland"
    ),
    "bb50-de-2022": V(
        "broadband", "share_pct", "pct", ref_date="2022-06-30", bandwidth_mbit=50, area="Deutschland"
    ),
    "bb50-de-2024": V(
        "broadband", "share_pct", "pct", ref_date="2024-12-31", bandwidth_mbit=50, area="Deutschland"
    ),
    "gigabit-stadt-2024": V(
        "broadband", "share_pct", "pct", ref_date="2024-12-31", bandwidth_mbit=1000,
        area="städtisch",
    ),
    "gigabit-halbstadt-2024": V(
        "broadband", "share_pct", "pct", ref_date="2024-12-31", bandwidth_mbit=1000,
        area="halbstädtisch",
    ),
    "gigabit-land-2024": V(
        "broadband", "share_pct", "pct", ref_date="2024-12-31", bandwidth_mbit=1000, area="ländlich"
    ),
    "gigabit-luecke-2024": D(derive.gap_pp, "gigabit-stadt-2024", "gigabit-land-2024", fmt="pp"),
    "glasfaser-2022": V(
        "fibre", "value", "pct", ref_date="2022-12-31", measure="Verfügbarkeit FTTB/H",
    ),
    "glasfaser-2025": V(
        "fibre", "value", "pct", ref_date="2025-06-30", measure="Verfügbarkeit FTTB/H",
    ),
    "glasfaser-aktiv-anteil-2021": V(
        "fibre", "value", "pct", ref_date="2021-12-31",
        measure="Glasfaseranteil an aktiven Breitbandanschlüssen",
    ),
    "glasfaser-aktiv-anteil-2024": V(
        "fibre", "value", "pct", ref_date="2024-12-31",
        measure="Glasfaseranteil an aktiven Breitbandanschlüssen",
    ),
    "glasfaser-aktiv-hh-2025": V(
        "fibre", "value", "pct", ref_date="2025-06-30",
        measure="Haushalte und Unternehmensstandorte mit aktivem Glasfaseranschluss",
    ),
    "glasfaser-aktiv-2025": V(
        "fibre", "value", "mio", ref_date="2025-06-30", measure="Aktive Glasfaseranschlüsse",
    ),
    "glasfaser-ungenutzt-2025": V(
        "fibre", "value", "mio", ref_date="2025-06-30",
        measure="Angeschlossene, nicht gebuchte Glasfaseranschlüsse",
    ),
    "homeoffice-2019": V(
        "homeoffice", "value", "pct", indicator="Erwerbstätige mit Homeoffice", year=2019,
        area="Deutschland",
    ),
    "homeoffice-2021": V(
        "homeoffice", "value", "pct", indicator="Erwerbstätige mit Homeoffice", year=2021,
        area="Deutschland",
    ),
    "homeoffice-nrw-klein-ohne": V(
        "homeoffice", "value", "pct",
        indicator="Erwerbstätige ohne Homeoffice", year=2021,
        area="NRW: Gemeinden unter 20.000 Einwohner",
    ),
    "homeoffice-nrw-gross-ohne": V(
        "homeoffice", "value", "pct",
        indicator="Erwerbstätige ohne Homeoffice", year=2021,
        area="NRW: Städte über 500.000 Einwohner",
    ),
    "homeoffice-nrw-luecke": D(
        derive.gap_pp, "homeoffice-nrw-klein-ohne", "homeoffice-nrw-gross-ohne", fmt="pp"
    ),
}
