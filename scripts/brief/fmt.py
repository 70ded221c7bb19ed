"""German number formatting: the one helper behind every figure in prose, tables and charts.

Why one module: a number quoted in the text and the same number on a chart axis or in a
tooltip must look the same ("20,4 Mrd. €", "16,5 %", "10.799"). Charts use the matching
d3 format strings from ``D3_FORMATS`` with the de-DE locale, so Vega prints what Python prints.
"""
from __future__ import annotations

import datetime as _dt
import math
import re

NBSP = "\u00a0"  # between a number and a word-like unit ("20,4 Mrd. €")
NNBSP = "\u202f"  # narrow no-break space before "%" (DIN 5008 spacing, kept on one line)

QUALIFIER_WORDS = {
    "": "", ">": "über ", "<": "unter ", "≈": "rund ", "~": "rund ",
    # The sources' own words for "a little under/over" ("knapp 75 %", "gut 64 %").
    "knapp": "knapp ", "gut": "gut ",
}


def number(value: float, decimals: int = 0) -> str:
    """Format ``value`` with German separators: ``1234.5`` -> ``"1.234,5"``.

    Raises ValueError for NaN so that a missing value can never print as "nan".
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise ValueError("cannot format a missing value")
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def count(value: float) -> str:
    """Whole numbers with a thousands point: ``10799`` -> ``"10.799"``."""
    return number(value, 0)


def pct(value: float, decimals: int | None = None) -> str:
    """Percent with a narrow no-break space: ``16.5`` -> ``"16,5 %"``, ``44.0`` -> ``"44 %"``.

    Without ``decimals``, whole values print without ",0": a survey's "44 %" must not read as
    if it were measured to a tenth.
    """
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    return f"{number(value, decimals)}{NNBSP}%"


def pp(value: float, decimals: int = 1) -> str:
    """A difference of two shares, in percentage points."""
    return f"{number(value, decimals)}{NBSP}Prozentpunkte"


def mrd_eur(value: float, decimals: int | None = None) -> str:
    """Billions of euros: ``20.4`` -> ``"20,4 Mrd. €"``, ``141`` -> ``"141 Mrd. €"``.

    Without ``decimals``, like ``mio_eur``: a whole value prints without ",0" (the VKU reports
    "141 Mrd.", not "141,0"), others with the one decimal the market studies give.
    """
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    return f"{number(value, decimals)}{NBSP}Mrd.{NBSP}€"


def mio_eur(value: float, decimals: int | None = None) -> str:
    """Millions of euros: ``820`` -> ``"820 Mio. €"``, ``481.4`` -> ``"481,4 Mio. €"``.

    Without ``decimals``, whole values print without ",0" and others with the one decimal
    the sources give (federal licence spending is reported to 0,1 Mio. €).
    """
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    return f"{number(value, decimals)}{NBSP}Mio.{NBSP}€"


def mio(value: float, decimals: int = 1) -> str:
    """Millions of a counted thing named in the text: ``5.8`` -> ``"5,8 Mio."``."""
    return f"{number(value, decimals)}{NBSP}Mio."


def points(value: float, decimals: int = 1) -> str:
    """Index points (of 100): ``90.2`` -> ``"90,2 Punkte"``."""
    return f"{number(value, decimals)}{NBSP}Punkte"


def meters(value: float) -> str:
    """Distances under 10 km in metres: ``945`` -> ``"945 m"``."""
    return f"{count(value)}{NBSP}m"


def km(value: float, decimals: int = 1) -> str:
    """Distances in kilometres given in metres: ``2700`` -> ``"2,7 km"``."""
    return f"{number(value / 1000, decimals)}{NBSP}km"


def minutes(value: float) -> str:
    """Travel times: ``16`` -> ``"16 Minuten"``."""
    return f"{count(value)}{NBSP}Minuten"


def factor(value: float, decimals: int = 1) -> str:
    """How many times larger: ``6.18`` -> ``"6,2-mal"``."""
    return f"{number(value, decimals)}-mal"


def plain(value: float, decimals: int = 0) -> str:
    """A bare number in German style, for counts with their noun in the text."""
    return number(value, decimals)


def year(value: float) -> str:
    """Years without a thousands point: ``2017`` -> ``"2017"``."""
    return str(int(value))


def with_qualifier(text: str, qualifier: str | None) -> str:
    """Prefix a word for the source's own hedge: ``">"`` -> ``"über 95 %"``.

    The qualifier comes from the data (column ``qualifier``), never from the prose, so the text
    cannot claim more precision than the source; a hedged value drops zero decimals.
    """
    word = QUALIFIER_WORDS.get(qualifier or "", "")
    return word + (trim_zeros(text) if word else text)


def trim_zeros(text: str) -> str:
    """ "2,0 km" -> "2 km", "2,50" -> "2,5": a hedged value ("rund 2 km") shows no zero decimals
    that its source never printed."""
    return re.sub(
        r"(\d),(\d*?)0+(?!\d)",
        lambda m: m.group(1) + ("," + m.group(2) if m.group(2) else ""),
        text,
        count=1,
    )


FORMATTERS = {
    f.__name__: f
    for f in (
        count, pct, pp, mrd_eur, mio_eur, mio, points, meters, km, minutes, factor, plain, year
    )
}

# The same formats for Vega's d3-format with the de-DE locale (decimal ",", thousands ".").
D3_FORMATS = {
    "count": ",.0f",
    "pct": ".1f",
    "mrd_eur": ".1f",
    "mio_eur": ",.0f",
    "plain": ",.0f",
}


def period(date, basis: str = "Stichtag") -> str:
    """A reference date as readers say it: "Mitte 2019", "Ende 2020", "2015", "veröff. 10/2016".

    ``basis`` is the table's ``date_basis``: a "Jahr" value names only the year; a
    "Veröffentlichung" date is when the figure was published, not what it describes.
    """
    if basis == "Jahr":
        return f"{date.year}"
    if basis == "Veröffentlichung":
        return f"veröff. {date.month:02d}/{date.year}"
    if basis == "erschlossen":  # the source names no date; the note says how it was inferred
        if date.month == 12:
            return f"vermutl. Ende {date.year}"
        return f"vermutl. {date.month:02d}/{date.year}"
    if date.month == 6:
        return f"Mitte {date.year}"
    if date.month == 12:
        return f"Ende {date.year}"
    return f"{date.day}.{date.month}.{date.year}"


GERMAN_MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)


def ref_date(when, basis: str | None = None) -> str:
    """A figure's reference date in German: "Mitte 2025", "Ende 2024", "März 2018", "2016".

    ``when`` is what the data row holds: a date (with the table's ``date_basis``, see
    ``period``), a year as a whole number, or a text the table already words for readers
    ("Modell 2019"), which is returned as it is.
    """
    if isinstance(when, str):
        return when.strip()
    if isinstance(when, (int, float)) and not isinstance(when, bool):
        return year(when)
    if basis not in (None, "", "Stichtag"):
        return period(when, basis)
    if (when.month, when.day) in ((6, 30), (12, 31)):
        return period(when)
    next_day = when + _dt.timedelta(days=1)
    if next_day.day == 1:  # month end: the source named only the month (data/README.md)
        return f"{GERMAN_MONTHS[when.month - 1]} {when.year}"
    return f"{when.day}. {GERMAN_MONTHS[when.month - 1]} {when.year}"


_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})*(?:,(\d+))?|\d+(?:,(\d+))?")


def _first_number(text: str) -> re.Match:
    match = _NUMBER.search(text)
    if match is None:
        raise ValueError(f"no number in {text!r}")
    return match


def decimals_shown(text: str) -> int:
    """How many decimals the first number in a formatted text shows: "20,4 Mrd. €" -> 1."""
    match = _first_number(text)
    digits = match.group(1) or match.group(2) or ""
    return len(digits)


def significant_digits(text: str) -> int:
    """Significant digits of the first number in a formatted text: "20,4" -> 3, "140.000" -> 2.

    Trailing zeros of a whole number do not count: "rund 140.000" is known to two digits.
    """
    number_text = _first_number(text).group(0)
    digits = number_text.replace(".", "")
    if "," in digits:
        return len(digits.replace(",", "").lstrip("0")) or 1
    return len(digits.lstrip("0").rstrip("0")) or 1


# Units and counted nouns that belong to the number before them (book/STYLE.md, "Einheiten").
UNITS = (
    r"%|Prozentpunkte?n?|Prozent|Mrd\.|Mio\.|Milliarden|Millionen|€|Euro|km²|km|m|Mbit/s|Gbit/s"
    r"|Minuten|Min\.|Stunden|Jahre?n?|Einwohner(?:innen|n)?|Haushalte?n?|Gemeinden|Städte"
    r"|Projekte?n?|Punkte?n?"
)
_NUMBER_UNIT = re.compile(rf"(?<=\d) (?=(?:{UNITS})(?!\w))")
_INSIDE_UNIT = re.compile(r"\b(Mrd\.|Mio\.) (?=€|Euro\b)")


def bind_units(text: str) -> str:
    """Keep hand-typed units with their number: "50 Mbit/s" -> "50\u00a0Mbit/s", "13,7 %"
    -> "13,7\u202f%", "20 Mrd. €" -> "20\u00a0Mrd.\u00a0€" (for prose and chart texts)."""
    text = _NUMBER_UNIT.sub(NBSP, text)
    text = text.replace(f"{NBSP}%", f"{NNBSP}%")
    return _INSIDE_UNIT.sub(lambda m: m.group(1) + NBSP, text)
