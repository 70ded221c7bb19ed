"""The tables of one build, loaded once each, and the one way to select rows from them.

Figures in the text (``brief.zahlen``) and charts (``brief.charts``) both point at rows of
``data/`` by criteria such as ``{"area": "ländlich", "ref_date": "2024-12-31"}``. Both select
through :func:`select`, so a criterion means the same everywhere (a value or a list of values;
a date may be written as text), and a selection that misses stops the build with a message
naming the file and the criteria instead of plotting or printing the wrong row.
"""
from __future__ import annotations

import pandas as pd

from brief import data
from brief.datacheck import DataError


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


def select(tables, table: str, where: dict) -> pd.DataFrame:
    """The rows of ``table`` matching every criterion of ``where`` (column -> value or list of
    values), in file order. ``tables``: anything with ``get(name) -> DataFrame``.

    Raises :class:`DataError` naming the CSV and the criteria when a column does not exist or
    no row matches.
    """
    frame = tables.get(table)
    mask = pd.Series(True, index=frame.index)
    for column, wanted in where.items():
        if column not in frame.columns:
            raise DataError(f"data/{table}.csv: no column {column!r} (selection {where})")
        values = list(wanted) if isinstance(wanted, (list, tuple)) else [wanted]
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            values = [pd.Timestamp(value) for value in values]
        mask &= frame[column].isin(values).fillna(False).astype(bool)
    rows = frame[mask]
    if rows.empty:
        raise DataError(f"data/{table}.csv: no rows match {where}")
    return rows


def select_one(tables, table: str, where: dict) -> pd.Series:
    """The single row of ``table`` matching ``where``; several or none stop with a
    :class:`DataError` naming the CSV, the criteria and the count."""
    rows = select(tables, table, where)
    if len(rows) != 1:
        raise DataError(f"data/{table}.csv: {len(rows)} rows match {where}, expected exactly one")
    return rows.iloc[0]
