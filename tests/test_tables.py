"""Row selection is defined once (brief.tables.select): a figure in the text and a chart read
their rows the same way, and a selection that misses stops naming the file and the criteria."""
from __future__ import annotations

import pandas as pd
import pytest

from brief import charts, zahlen
from brief.data import DataError
from brief.tables import select, select_one


class FakeTables:
    """Frames built here instead of read from data/."""

    def __init__(self, **frames):
        self.frames = {name: pd.DataFrame(rows) for name, rows in frames.items()}

    def get(self, name):
        return self.frames[name]


TABLES = FakeTables(
    broadband=[
        {"area": "städtisch", "bandwidth_mbit": 50, "ref_date": pd.Timestamp("2019-06-30"),
         "share_pct": 94.0},
        {"area": "ländlich", "bandwidth_mbit": 50, "ref_date": pd.Timestamp("2019-06-30"),
         "share_pct": 64.0},
        {"area": "ländlich", "bandwidth_mbit": 1000, "ref_date": pd.Timestamp("2024-12-31"),
         "share_pct": 22.9},
    ]
)


def test_criteria_take_a_value_a_list_or_a_date_written_as_text():
    assert list(select(TABLES, "broadband", {"bandwidth_mbit": 50})["area"]) == [
        "städtisch", "ländlich"]
    both = select(TABLES, "broadband", {"area": ["ländlich"], "ref_date": "2019-06-30"})
    assert list(both["share_pct"]) == [64.0]
    assert select_one(TABLES, "broadband", {"bandwidth_mbit": 1000})["share_pct"] == 22.9


@pytest.mark.parametrize(("where", "found"), [
    ({"bandwidth_mbit": 16}, "no rows match {'bandwidth_mbit': 16}"),
    ({"gebiet": "ländlich"}, "no column 'gebiet'"),
    ({"area": "ländlich"}, "2 rows match {'area': 'ländlich'}, expected exactly one"),
])
def test_a_figure_in_the_text_that_matches_no_row_or_several_stops_naming_file_and_criteria(
    where, found
):
    value = zahlen.Value("broadband", "share_pct", "pct", where)
    with pytest.raises(zahlen.NumberError) as err:
        value.render(TABLES)
    assert str(err.value).startswith("data/broadband.csv: ")
    assert found in str(err.value)


def test_a_chart_selection_that_matches_no_row_stops_naming_file_and_criteria():
    with pytest.raises(DataError, match=r"^data/broadband\.csv: no rows match \{'area': 'Dorf'\}"):
        charts.pick(TABLES, "broadband", {"area": "Dorf"})
    rows = charts.pick(TABLES, "broadband", {"area": "ländlich"})
    assert list(rows["table"]) == ["broadband"] * 2 and not rows["derived"].any()
