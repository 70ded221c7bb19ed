"""The named figures that the chapters quote, each tied to one row of one table in ``data/``.

Chapters never type a data figure. They write ``{zahl}`markt-2017``` and the Sphinx role in
``brief.sphinx`` replaces it at build time with ``Value.render()``, formatted by ``brief.fmt``.
So a number in the text and the same number in a chart come from the same CSV row and cannot
disagree. Derived figures (growth rates, gaps) are computed from named values by
``brief.derive``.
"""
from __future__ import annotations

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

    def render(self, tables: "Tables") -> str:
        row = self.row(tables)
        text = fmt.FORMATTERS[self.fmt](self.value(tables))
        qualifier = row.get("qualifier") if "qualifier" in row.index else None
        return fmt.with_qualifier(text, None if pd.isna(qualifier) else qualifier)


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

    def render(self, tables: "Tables") -> str:
        return fmt.FORMATTERS[self.fmt](self.value(tables))


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
        raise NumberError(f"unknown figure {name!r}; known figures are listed in brief/numbers.py")
    try:
        return NUMBERS[name].render(tables or Tables())
    except NumberError as err:
        raise NumberError(f"figure {name!r}: {err}") from err


# ---------------------------------------------------------------------------------------------
# The registry. Keys are kebab-case, prefixed by chapter topic. Keep them sorted by chapter.
# ---------------------------------------------------------------------------------------------
NUMBERS: dict[str, Value | Derived] = {}
