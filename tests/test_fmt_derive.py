"""German number formats and derived figures: the arithmetic behind numbers in the text."""
import math

import pytest

from brief import derive, fmt


@pytest.mark.parametrize(
    "func, value, expected",
    [
        (fmt.mrd_eur, 20.4, "20,4\u00a0Mrd.\u00a0€"),
        (fmt.pct, 16.5, "16,5\u202f%"),
        (fmt.pct, 44.0, "44\u202f%"),
        (fmt.count, 10799, "10.799"),
        (fmt.count, 140000, "140.000"),
        (fmt.mio_eur, 820, "820\u00a0Mio.\u00a0€"),
        (fmt.km, 2700, "2,7\u00a0km"),
        (fmt.meters, 945, "945\u00a0m"),
        (fmt.pp, 27.2, "27,2\u00a0Prozentpunkte"),
        (fmt.factor, 6.18, "6,2-mal"),
    ],
)
def test_german_formats(func, value, expected):
    assert func(value) == expected


def test_missing_value_is_refused_not_printed_as_nan():
    with pytest.raises(ValueError):
        fmt.count(float("nan"))


def test_qualifier_becomes_a_word():
    assert fmt.with_qualifier("95\u202f%", ">") == "über 95\u202f%"
    assert fmt.with_qualifier("500\u00a0m", "<") == "unter 500\u00a0m"
    assert fmt.with_qualifier("2,7\u00a0km", "≈") == "rund 2,7\u00a0km"
    assert fmt.with_qualifier("82\u202f%", "") == "82\u202f%"


def test_cagr_matches_the_eco_study():
    # eco/ADL: 20.4 bn EUR (2017) growing 16.5 % a year reaches 43.8 bn EUR in 2022.
    assert round(derive.cagr_pct(20.4, 43.8, 5), 1) == 16.5
    assert round(derive.cagr_pct(38.5, 84.7, 5), 1) == 17.1


def test_cagr_refuses_nonsense():
    with pytest.raises(ValueError):
        derive.cagr_pct(0, 10, 5)


def test_residual_and_gaps():
    assert math.isclose(derive.residual(84.7, 16.6, 14.8, 14.1), 39.2)
    with pytest.raises(ValueError):
        derive.residual(10, 8, 5)
    assert math.isclose(derive.gap_pp(78.4, 22.9), 55.5)
    assert math.isclose(derive.increase(38.5, 84.7), 46.2)
    assert math.isclose(derive.share_pct(81, 10799), 0.750069, rel_tol=1e-5)
    assert round(derive.ratio(20.4, 3.3), 1) == 6.2
    assert derive.total(3, 13, 12) == 28


# --- Precision, qualifiers and reference dates of registry figures -----------------------------
import datetime as dt  # noqa: E402

import pandas as pd  # noqa: E402

from brief import zahlen  # noqa: E402


class FakeTables:
    """Stands in for ``zahlen.Tables``: frames built here, not read from data/."""

    def __init__(self, **frames):
        self.frames = {name: pd.DataFrame(rows) for name, rows in frames.items()}

    def get(self, name):
        return self.frames[name]


def shares(*rows):
    return [
        {"key": k, "share": v, "qualifier": q, "ref_date": pd.Timestamp(d), "value_type": t}
        for k, v, q, d, t in rows
    ]


@pytest.fixture
def registry(monkeypatch):
    """A small registry of its own, so the tests do not depend on today's data values."""
    figures = {
        "stadt": zahlen.V("t", "share", "pct", key="stadt"),
        "land": zahlen.V("t", "share", "pct", key="land"),
        "stadt-genau": zahlen.V("t", "share", "pct", key="stadt-genau"),
        "land-genau": zahlen.V("t", "share", "pct", key="land-genau"),
        "luecke": zahlen.D(derive.gap_pp, "stadt", "land", fmt="pp"),
        "luecke-genau": zahlen.D(derive.gap_pp, "stadt-genau", "land-genau", fmt="pp"),
        "luecke-gemischt": zahlen.D(derive.gap_pp, "stadt-genau", "land", fmt="pp"),
        "markt-alt": zahlen.V("t", "share", "mrd_eur", key="markt-alt"),
        "markt-neu": zahlen.V("t", "share", "mrd_eur", key="markt-neu"),
        "wachstum": zahlen.D(derive.cagr_pct, "markt-alt", "markt-neu", fmt="pct", years=5),
        "faktor": zahlen.D(derive.ratio, "markt-neu", "markt-alt", fmt="factor"),
        "teil": zahlen.V("t", "share", "count", key="teil"),
        "ganz": zahlen.V("t", "share", "count", key="ganz"),
        "anteil": zahlen.D(derive.share_pct, "teil", "ganz", fmt="pct"),
        "ohne-datum": zahlen.V("u", "share", "pct", key="x"),
    }
    monkeypatch.setattr(zahlen, "NUMBERS", figures)
    return FakeTables(
        t=shares(
            ("stadt", 90.0, "knapp", "2019-12-31", "Schätzung"),
            ("land", 64.0, "gut", "2019-12-31", "Schätzung"),
            ("stadt-genau", 78.4, None, "2021-06-30", "Schätzung"),
            ("land-genau", 22.9, None, "2021-06-30", "Schätzung"),
            ("markt-alt", 20.4, None, "2017-12-31", "Schätzung"),
            ("markt-neu", 43.8, None, "2022-12-31", "Prognose"),
            ("teil", 10.0, None, "2021-12-31", "Schätzung"),
            ("ganz", 73.0, None, "2021-12-31", "Schätzung"),
        ),
        u=[{"key": "x", "share": 5.0}],
    )


def test_gap_of_hedged_whole_numbers_is_whole_and_keeps_the_hedge_direction(registry):
    # "knapp 90" minus "gut 64": known to whole points, and a little under 26 (content-review §3).
    assert zahlen.render("stadt", registry) == "knapp 90\u202f%"
    assert zahlen.render("luecke", registry) == "knapp 26\u00a0Prozentpunkte"


def test_gap_keeps_the_decimals_of_its_inputs(registry):
    assert zahlen.render("luecke-genau", registry) == "55,5\u00a0Prozentpunkte"
    # One whole-number input "knapp" limits the gap to whole points and leaves it a little under.
    assert zahlen.render("luecke-gemischt", registry) == "knapp 14\u00a0Prozentpunkte"


def test_rates_and_factors_keep_the_significant_digits_of_measured_inputs(registry):
    assert zahlen.render("wachstum", registry) == "16,5\u202f%"
    assert zahlen.render("faktor", registry) == "2,1-mal"


def test_shares_of_exact_counts_keep_their_decimals(registry):
    # 10 of 73 projects are counted, not estimated: 13,7 % is as exact as the formatter shows.
    assert zahlen.render("anteil", registry) == "13,7\u202f%"


def test_every_derived_figure_in_the_book_is_no_more_precise_than_its_inputs():
    tables = zahlen.Tables()
    for name, figure in zahlen.NUMBERS.items():
        if not isinstance(figure, zahlen.Derived) or figure.function not in derive.SAME_UNIT:
            continue
        shown = fmt.decimals_shown(zahlen.render(name, tables))
        inputs = [fmt.decimals_shown(zahlen.render(i, tables)) for i in figure.inputs]
        assert shown <= min(inputs), (name, zahlen.render(name, tables))
        hedged = any(zahlen.NUMBERS[i].qualifier(tables) for i in figure.inputs)
        shown_hedge = zahlen.render(name, tables).startswith(("rund ", "knapp ", "gut ",
                                                                "unter ", "über "))
        assert shown_hedge == hedged, name


def test_a_gap_of_one_sided_hedges_keeps_their_direction():
    """content-review §3: "knapp 90" minus "gut 64" is a little under 26, never "rund 26,0"."""
    assert zahlen.render("kh-grund-luecke") == "knapp 26\u00a0Prozentpunkte"


def test_reference_dates_come_from_the_row(registry):
    assert zahlen.ref_label("stadt-genau", registry) == "Mitte 2021"
    assert zahlen.ref_label("stadt", registry) == "Ende 2019"
    assert zahlen.ref_label("wachstum", registry) == "Ende 2017 bis Ende 2022"
    assert [r.forecast for r in zahlen.ref_dates("wachstum", registry)] == [False, True]


def test_a_figure_without_reference_date_is_refused_by_name(registry):
    with pytest.raises(zahlen.NumberError, match="'ohne-datum'.*no reference date"):
        zahlen.ref_dates("ohne-datum", registry)


@pytest.mark.parametrize(
    "when, basis, expected",
    [
        (dt.date(2025, 6, 30), None, "Mitte 2025"),
        (dt.date(2024, 12, 31), "Stichtag", "Ende 2024"),
        (dt.date(2018, 3, 31), None, "März 2018"),
        (dt.date(2024, 7, 3), None, "3. Juli 2024"),
        (dt.date(2015, 12, 31), "Jahr", "2015"),
        (dt.date(2016, 10, 31), "Veröffentlichung", "veröff. 10/2016"),
        (2016, None, "2016"),
        ("Modell 2019", None, "Modell 2019"),
    ],
)
def test_reference_dates_in_german(when, basis, expected):
    assert fmt.ref_date(when, basis) == expected


def test_precision_helpers_read_the_printed_number():
    assert fmt.decimals_shown("rund 20,4\u00a0Mrd.\u00a0€") == 1
    assert fmt.decimals_shown("10.799") == 0
    assert fmt.significant_digits("rund 140.000") == 2
    assert fmt.significant_digits("0,75\u202f%") == 2
    assert fmt.significant_digits("1.460") == 3


def test_hedged_values_show_no_zero_decimals():
    # The source says "rund 2 km"; "rund 2,0 km" would claim a measured tenth.
    assert fmt.with_qualifier(fmt.km(2000), "≈") == "rund 2\u00a0km"
    assert fmt.with_qualifier(fmt.km(2700), "≈") == "rund 2,7\u00a0km"
    assert fmt.with_qualifier(fmt.km(2000), None) == "2,0\u00a0km"
