"""The named figures that the chapters quote, each tied to one row of one table in ``data/``.

Chapters never type a data figure. They write ``{zahl}`markt-2017``` and the Sphinx role in
``brief.sphinxext.core`` replaces it at build time with ``Value.render()``, formatted by
``brief.fmt``. So a number in the text and the same number in a chart come from the same CSV row
and cannot disagree. Derived figures (growth rates, gaps) are computed from named values by
``brief.derive``. Which name means which row is data, not code: ``zahlen.toml`` beside this
module (see ``load_registry``).
"""
from __future__ import annotations

import datetime as _dt
import inspect
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from brief import data, derive, fmt
from brief.tables import Tables, select_one


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
        try:
            return select_one(tables, self.table, self.where)
        except data.DataError as err:
            raise NumberError(str(err)) from None

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


def V(table: str, column: str, fmt: str, **where) -> Value:  # noqa: N802 - reads like a table cell
    return Value(table, column, fmt, where)


def D(function: Callable[..., float], *inputs: str, fmt: str, **kwargs) -> Derived:  # noqa: N802
    return Derived(function, inputs, fmt, kwargs)


def _named(name: str, tables: Tables | None, ask: Callable):
    """``ask(figure, tables)`` for the named figure; a NumberError names the figure."""
    if name not in NUMBERS:
        raise NumberError(f"unknown figure {name!r}; known figures are listed in brief/zahlen.toml")
    try:
        return ask(NUMBERS[name], tables or Tables())
    except NumberError as err:
        raise NumberError(f"figure {name!r}: {err}") from err


def render(name: str, tables: Tables | None = None) -> str:
    """The formatted text of the named figure; raises NumberError naming it if it cannot."""
    return _named(name, tables, lambda figure, tables: figure.render(tables))


def ref_dates(name: str, tables: Tables | None = None) -> list[RefDate]:
    """The reference dates of the named figure; raises NumberError naming it if it has none."""
    return _named(name, tables, lambda figure, tables: figure.ref_dates(tables))


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
# The registry: content, not code. Each entry of zahlen.toml is a cell of one data row (table,
# column, format, the values that pick the row) or a figure derived by a function of
# brief.derive from other entries. A bad entry stops the build naming the entry and the field.
# ---------------------------------------------------------------------------------------------
REGISTRY = Path(__file__).with_name("zahlen.toml")
_VALUE_KEYS = {"table", "column", "fmt", "where"}
_DERIVED_KEYS = {"derive", "inputs", "fmt", "args"}


def load_registry(path: Path = REGISTRY) -> dict[str, Value | Derived]:
    """The named figures of ``path`` in file order; raises NumberError naming a bad entry."""
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise NumberError(f"{path.name}: {err}") from None
    figures: dict[str, Value | Derived] = {}
    for name, entry in entries.items():
        where = f"{path.name}, [{name}]"
        allowed = _DERIVED_KEYS if "derive" in entry else _VALUE_KEYS
        required = allowed - {"where", "args"}
        if unknown := set(entry) - allowed:
            raise NumberError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        if missing := required - set(entry):
            raise NumberError(f"{where}: missing field(s) {', '.join(sorted(missing))}")
        if entry["fmt"] not in fmt.FORMATTERS:
            raise NumberError(f"{where}: unknown fmt {entry['fmt']!r}")
        if "derive" in entry:
            function = getattr(derive, entry["derive"], None)
            if not callable(function):
                raise NumberError(f"{where}: brief.derive has no function {entry['derive']!r}")
            figures[name] = Derived(function, tuple(entry["inputs"]), entry["fmt"],
                                    dict(entry.get("args", {})))
        else:
            figures[name] = Value(entry["table"], entry["column"], entry["fmt"],
                                  dict(entry.get("where", {})))
    for name, figure in figures.items():
        if isinstance(figure, Derived) and (unknown := set(figure.inputs) - set(figures)):
            names = ", ".join(sorted(unknown))
            raise NumberError(f"{path.name}, [{name}]: unknown input(s) {names}")
    return figures


NUMBERS: dict[str, Value | Derived] = load_registry()
