"""Derived figures: simple arithmetic on sourced values, computed, never typed.

Each function is named for what it means in the text, so a reader of ``brief.zahlen`` sees
how a figure such as "17,1 % Wachstum pro Jahr" came about.
"""
from __future__ import annotations


def cagr_pct(start: float, end: float, years: int) -> float:
    """Compound annual growth rate in percent between two values ``years`` apart."""
    if start <= 0 or years <= 0:
        raise ValueError(f"CAGR needs a positive start and span, got start={start}, years={years}")
    return ((end / start) ** (1 / years) - 1) * 100


def increase(start: float, end: float) -> float:
    """Absolute increase from ``start`` to ``end`` (same unit)."""
    return end - start


def ratio(numerator: float, denominator: float) -> float:
    """How many times ``numerator`` is ``denominator`` ("gut sechsmal so groß")."""
    if denominator == 0:
        raise ValueError("ratio with a zero denominator")
    return numerator / denominator


def gap_pp(higher: float, lower: float) -> float:
    """Gap between two shares in percentage points."""
    return higher - lower


def total(*values: float) -> float:
    """Sum of several sourced values (e.g. projects of one category across rounds)."""
    return float(sum(values))


def residual(total: float, *parts: float) -> float:
    """What is left of ``total`` after the named ``parts`` (e.g. the unnamed market segments)."""
    rest = total - sum(parts)
    if rest < 0:
        raise ValueError(f"parts ({sum(parts)}) exceed the total ({total})")
    return rest


def share_pct(part: float, whole: float) -> float:
    """``part`` as a percentage of ``whole``."""
    if whole == 0:
        raise ValueError("share of a zero whole")
    return part / whole * 100


def on_growth_path(start: float, end: float, years: int, at: int) -> float:
    """The value a forecast from ``start`` to ``end`` over ``years`` implies after ``at`` years,
    at a constant growth rate (e.g. what the 2017 study's path gives for 2021)."""
    if start <= 0 or years <= 0:
        raise ValueError(
            f"growth path needs a positive start and span, got start={start}, years={years}"
        )
    return start * (end / start) ** (at / years)


# How precise a derived figure may be (brief.zahlen.Derived.render): a sum or difference is
# known to the decimals of its least precise input ("knapp 90" − "gut 64" = "rund 26", never
# "26,0"); a ratio, share or growth rate to the significant digits of its least precise
# measured input.
SAME_UNIT = (increase, gap_pp, total, residual)
