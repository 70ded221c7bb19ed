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
