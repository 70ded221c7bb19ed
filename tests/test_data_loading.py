"""The curated tables load completely, with the promised dtypes, and say what a reader expects.

(a) every resource loads, typed, with exactly as many rows as the CSV has data lines;
(e) content checks derived from the data (sums, growth rates, series breaks).
"""
from __future__ import annotations

import csv
import shutil

import pandas as pd
import pytest

from brief import data, derive, paths

NAMES = data.resource_names()

EXPECTED_DTYPE = {
    "integer": "Int64",
    "number": "float64",
    "date": "datetime64[ns]",
    "boolean": "bool",
}


def csv_data_lines(name: str) -> int:
    """Data lines of the CSV, counted without the loader (header excluded)."""
    path = paths.DATA / f"{name}.csv"
    text = path.read_text(encoding="utf-8")
    records = list(csv.reader(text.splitlines()))
    physical = len(text.splitlines())
    assert len(records) == physical, (
        f"{path.name}: a quoted cell spans lines; keep one record per line"
    )
    return physical - 1


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return {name: data.load(name) for name in NAMES}


def test_package_lists_the_contract_tables():
    assert set(NAMES) == {
        "sources", "smart_city_market", "smart_city_segments", "games_market", "broadband", "mpsc",
        "mpsc_rounds", "mpsc_programme", "municipalities", "bitkom_index", "bitkom_coverage",
        "reachability", "municipal_capacity", "licence_spending", "open_source_switch",
        "homeoffice", "fibre", "pharmacies",
    }
    assert NAMES[0] == "sources"


@pytest.mark.parametrize("name", NAMES)
def test_resource_loads_every_row(name, frames):
    frame = frames[name]
    assert len(frame) == csv_data_lines(name) > 0
    assert list(frame.columns) == [f["name"] for f in data.schema(name)["fields"]]
    assert isinstance(frame.index, pd.RangeIndex)


@pytest.mark.parametrize("name", NAMES)
def test_resource_dtypes(name, frames):
    frame = frames[name]
    for field in data.schema(name)["fields"]:
        column = frame[field["name"]]
        ftype = field["type"]
        if ftype == "string":
            assert pd.api.types.is_string_dtype(column) or column.dtype == object, field["name"]
            values = column.dropna()
            assert all(isinstance(v, str) and v != "" for v in values), field["name"]
            if field["constraints"].get("required"):
                assert column.notna().all(), field["name"]
        else:
            assert str(column.dtype) == EXPECTED_DTYPE[ftype], (name, field["name"], column.dtype)


def test_optional_empty_strings_are_missing(frames):
    # "" in an optional column is NA, never the empty string.
    market = frames["smart_city_market"]
    assert market["note"].notna().all()
    muni = frames["municipalities"]
    assert muni["typology"].isna().sum() == (muni["unit"] != "Prozent").sum()
    assert muni["qualifier"].isna().any()


def test_validate_package_counts_match_loaded_rows(frames):
    counts = data.validate_package()
    assert counts == {name: len(frames[name]) for name in NAMES}


def test_schema_returns_a_copy():
    first = data.schema("broadband")
    first["fields"].clear()
    assert data.schema("broadband")["fields"], "schema() must not hand out the cached descriptor"
    assert data.schema("broadband")["primaryKey"] == ["ref_date", "bandwidth_mbit", "area"]


def test_package_checksum_is_stable_and_sees_changes(tmp_path):
    original = data.package_checksum()
    assert original == data.package_checksum()
    assert len(original) == 64
    copy = tmp_path / "data"
    shutil.copytree(paths.DATA, copy)
    assert data.package_checksum(copy) == original
    path = copy / "homeoffice.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("12.8", "12.9"), encoding="utf-8")
    assert data.package_checksum(copy) != original


def test_loaded_frames_do_not_depend_on_cwd(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert len(data.load("mpsc")) == csv_data_lines("mpsc")


# ------------------------------------------------------------------------------------------------
# (e) What a reader of the brief relies on
# ------------------------------------------------------------------------------------------------


def test_mpsc_projects_add_up_to_the_programme_total(frames):
    mpsc, rounds, programme = frames["mpsc"], frames["mpsc_rounds"], frames["mpsc_programme"]
    total = programme.set_index("indicator")["value"]
    assert mpsc["projects"].sum() == total["Modellprojekte insgesamt"] == 73
    assert rounds["selected"].sum() == 73
    per_round = mpsc.groupby("round")["projects"].sum()
    assert per_round.to_dict() == rounds.set_index("round")["selected"].to_dict()
    small = mpsc.loc[mpsc["category"] == "Kleinstädte und Landgemeinden", "projects"].sum()
    assert small == total["Kleinstädte und Landgemeinden unter 20.000 Einwohnern"] == 10
    assert total["Start mit Strategiephase"] + total["Start direkt in Umsetzung"] == 73
    assert total["Fördermittel insgesamt"] == 820
    # Year of each round agrees between the two tables.
    years = mpsc.groupby("round")["year"].unique().map(lambda v: list(v))
    assert years.to_dict() == {r: [y] for r, y in rounds.set_index("round")["year"].items()}


def test_market_2022_forecast_matches_base_and_growth_rate(frames):
    market = frames["smart_city_market"].set_index(["study", "year"])["value_bn_eur"]
    start, end = market[("eco/ADL 2017–2022", 2017)], market[("eco/ADL 2017–2022", 2022)]
    assert start == 20.4
    # The study's 16.5 % a year from 20.4 gives 43.8 (not the 48.3 printed on de.digital).
    assert abs(start * 1.165**5 - end) < 0.05
    assert round(derive.cagr_pct(start, end, 5), 1) == 16.5
    assert end != 48.3


def test_market_2021_2026_is_over_17_percent_and_over_46_bn(frames):
    market = frames["smart_city_market"].set_index(["study", "year"])["value_bn_eur"]
    start, end = market[("eco/ADL 2021–2026", 2021)], market[("eco/ADL 2021–2026", 2026)]
    assert derive.cagr_pct(start, end, 5) > 17  # "über 17 Prozent"
    assert derive.increase(start, end) > 46  # "über 46 Milliarden"


def test_segments_leave_a_positive_residual(frames):
    market = frames["smart_city_market"].set_index(["study", "year"])["value_bn_eur"]
    segments = frames["smart_city_segments"]
    assert len(segments) == 3 and (segments["year"] == 2026).all()
    rest = derive.residual(market[("eco/ADL 2021–2026", 2026)], *segments["value_bn_eur"])
    assert round(rest, 1) == 39.2


def test_games_2017_first_published_is_the_articles_figure(frames):
    games = frames["games_market"]
    first = games[(games["year"] == 2017) & (games["vintage"] == "game 2018")]
    restated = games[(games["year"] == 2017) & (games["vintage"] == "game 2019")]
    assert first["value_bn_eur"].tolist() == [3.3]  # DEMO 03/04 2019: "3.3 Milliarden Euro"
    assert first["method"].tolist() == ["GfK (bis 2017)"]
    assert restated["value_bn_eur"].tolist() == [4.0]
    assert restated["series_break"].tolist() == [True]
    # series_break is true exactly on the first row of each later method.
    for method, rows in games.sort_values(["year", "vintage"]).groupby("method", sort=False):
        flags = rows["series_break"].tolist()
        expected = [method != "GfK (bis 2017)"] + [False] * (len(flags) - 1)
        assert flags == expected, method


def test_broadband_shares_and_series_breaks(frames):
    bb = frames["broadband"]
    assert bb["share_pct"].between(0, 100).all()
    # series_break marks the first value of a (bandwidth, area) line on a new data basis when the
    # line has earlier values on another basis: charts must not draw one line across it.
    for (_, _), line in bb.sort_values("ref_date").groupby(["bandwidth_mbit", "area"]):
        previous = None
        for row in line.itertuples():
            expected = previous is not None and row.series != previous
            assert row.series_break == expected, (row.ref_date, row.bandwidth_mbit, row.area)
            previous = row.series
    # Conflict 10: the national 50 Mbit/s value drops across the 2021/2022 break;
    # that row is flagged.
    de50 = bb[(bb["bandwidth_mbit"] == 50) & (bb["area"] == "Deutschland")].set_index("ref_date")
    assert de50.loc[pd.Timestamp("2022-06-30"), "series_break"]
    assert de50.loc[pd.Timestamp("2021-06-30"), "qualifier"] == ">"
    # Dates follow the convention: mid-year 30.06., end of year / year only 31.12.
    year_only = bb[bb["date_basis"] == "Jahr"]["ref_date"]
    assert ((year_only.dt.month == 12) & (year_only.dt.day == 31)).all()
    stichtag = bb[bb["date_basis"] == "Stichtag"]["ref_date"]
    assert stichtag.dt.strftime("%m-%d").isin(["06-30", "12-31"]).all()


def test_broadband_city_ahead_of_country_at_every_date(frames):
    bb = frames["broadband"]
    wide = bb.pivot_table(index=["ref_date", "bandwidth_mbit"], columns="area", values="share_pct")
    both = wide.dropna(subset=["städtisch", "ländlich"])
    assert len(both) >= 8
    assert (both["städtisch"] > both["ländlich"]).all()


def test_bitkom_ranks_and_scores_agree(frames):
    index, coverage = frames["bitkom_index"], frames["bitkom_coverage"].set_index("year")
    for year, rows in index.groupby("year"):
        rows = rows.sort_values("rank")
        assert rows["score"].is_monotonic_decreasing, year
        covered = coverage.loc[year, "cities_covered"]
        if pd.notna(covered):
            assert rows["rank"].max() <= covered
    assert index.loc[index["rank"] == 81, "city"].tolist() == ["Salzgitter"]
    assert (coverage["min_population"] == 100_000).all()


def test_reachability_counts_are_within_their_totals(frames):
    r = frames["reachability"]
    by_key = ["service", "region_type"]
    counts = r[r["measure"] == "Gemeinden mit 90 % fußläufig"].set_index(by_key)["value"]
    totals = r[r["measure"] == "Gemeinden insgesamt"].set_index(by_key)["value"]
    assert set(counts.index) == set(totals.index)
    assert (counts <= totals.loc[counts.index]).all()
    assert r.loc[r["unit"] == "Prozent", "value"].between(0, 100).all()


def test_sources_grades_and_roles_are_consistent(frames):
    sources = frames["sources"]
    # An outlet quoting someone (B, C) is "zitiert"; the source itself (A, A-) is "primär".
    assert (sources.loc[sources["grade"].isin(["B", "C"]), "role"] == "zitiert").all()
    assert (sources.loc[sources["grade"].isin(["A", "A-"]), "role"] == "primär").all()
    # A source is read after it appeared and never in the future.
    published = pd.to_numeric(sources["published"].astype("str").str[:4], errors="coerce")
    assert (sources["accessed"].dt.year >= published.fillna(0)).all()
    assert (sources["accessed"] <= pd.Timestamp.now()).all()
    assert "korkmaz-2019-demo" in set(sources["source_id"])
