"""How bad data is reported: one line a person can act on (file, line, field, expected,
found), worded from the Frictionless report, plus the hints Frictionless does not give (a
byte-order mark, Latin-1, a decimal comma, spaces around a number, an unclosed quote, hidden
characters, overlong texts). ``brief.data`` decides when to check; this module only words.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from brief import paths

# Characters no text in the package may hold: C0/C1 controls except tab and line breaks, DEL,
# zero-width characters, bidirectional embeddings, overrides and isolates, byte-order mark.
_HIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)
MAX_TEXT = 1000  # characters in any text cell; a field may set its own maxLength instead


PACKAGE_FILE = "datapackage.json"


class DataError(ValueError):
    """Bad or unreadable data. The message is one line naming file, line, field and the problem."""



# ------------------------------------------------------------------------------------------------
# Messages
# ------------------------------------------------------------------------------------------------


def display_path(path: Path, data_dir: Path) -> str:
    """The path as a reader should see it: relative to the repository, e.g. ``data/mpsc.csv``.

    A copy of the data elsewhere (tests use one in a temporary folder) is shown relative to the
    folder that holds the data directory, so the message still reads ``data/mpsc.csv``.
    """
    path = Path(path)
    for base in (paths.ROOT, Path(data_dir).resolve().parent):
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def quote(value: Any) -> str:
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    # Hidden characters are shown as \u escapes, never applied to the reader's terminal.
    text = _HIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return '"' + text.replace("\n", "\\n").replace('"', '\\"') + '"'


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _range_text(kind: str, constraints: dict) -> str:
    # An exclusive bound, where given, is the one the author meant (the stricter one).
    lo = constraints.get("exclusiveMinimum", constraints.get("minimum"))
    hi = constraints.get("exclusiveMaximum", constraints.get("maximum"))
    above = "above" if "exclusiveMinimum" in constraints else "of at least"
    below = "below" if "exclusiveMaximum" in constraints else "of at most"
    if lo is not None and hi is not None:
        if above == "above" or below == "below":
            return f"{kind} {above} {_fmt(lo)} and {below} {_fmt(hi)}"
        return f"{kind} between {_fmt(lo)} and {_fmt(hi)}"
    if lo is not None:
        return f"{kind} {above} {_fmt(lo)}"
    if hi is not None:
        return f"{kind} {below} {_fmt(hi)}"
    return kind


_KINDS = {
    "integer": "a whole number", "number": "a number", "year": "a year (four digits)",
    "date": "a date as YYYY-MM-DD", "datetime": "a date and time as YYYY-MM-DDThh:mm:ss",
}


def _expected_type(field: dict) -> str:
    """What a cell of ``field`` must look like, in words (for a type error)."""
    ftype = field.get("type", "string")
    if ftype == "boolean":
        values = field.get("trueValues", ["true"]) + field.get("falseValues", ["false"])
        return "one of " + ", ".join(quote(v) for v in values)
    kind = _KINDS.get(ftype, f"a value of type {ftype}")
    if ftype in ("integer", "number"):
        kind = _range_text(kind, field.get("constraints", {}))
    return kind


def _expected_constraint(field: dict, constraint: str) -> str:
    """What ``constraint`` of ``field`` asks for, in words (for a constraint error)."""
    constraints = field.get("constraints", {})
    ftype = field.get("type", "string")
    if constraint == "required":
        return "a value (the field is required)"
    if constraint == "enum":
        return "one of " + ", ".join(quote(_fmt(v)) for v in constraints["enum"])
    if constraint == "pattern":
        return f"text matching the pattern {constraints['pattern']}"
    if constraint == "minLength":
        return f"text of at least {constraints['minLength']} characters"
    if constraint == "maxLength":
        return f"text of at most {constraints['maxLength']} characters"
    if constraint in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        kind = {"integer": "a whole number", "date": "a date"}.get(ftype, "a number")
        return _range_text(kind, constraints)
    return f"a value that meets the constraint {constraint} = {quote(constraints.get(constraint))}"


# ------------------------------------------------------------------------------------------------
# Checking one CSV file
# ------------------------------------------------------------------------------------------------


def _check_text(value: str, field: dict, where: str) -> None:
    """The package-wide rules for every text (data/README.md): nothing a reader cannot see,
    such as bidirectional overrides that reorder what is displayed, and no text so long it can
    only be a mistake or an attack. Markup is allowed: every output escapes it."""
    hidden = _HIDDEN.search(value)
    if hidden:
        raise DataError(
            f"{where}: expected text without control, zero-width or bidirectional characters, "
            f"found U+{ord(hidden.group()):04X} in {quote(value)}"
        )
    if "maxLength" not in field.get("constraints", {}) and len(value) > MAX_TEXT:
        raise DataError(
            f"{where}: expected text of at most {MAX_TEXT} characters, found {len(value)}"
        )


def precheck(path: Path, shown: str, fields: list[dict]) -> None:
    """Hints Frictionless does not give: encoding, BOM, empty file, unclosed quote, spaces;
    and the package-wide text rules (``_check_text``)."""
    if not path.is_file():
        raise DataError(f"{shown}: file not found (listed in {PACKAGE_FILE})")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise DataError(
            f"{shown}, line {line}: expected UTF-8 text, found the byte {raw[err.start]:#04x} "
            f"(was the file saved as Latin-1 or Windows-1252?)"
        ) from None
    if text.startswith("\ufeff"):
        raise DataError(f"{shown}, line 1: expected UTF-8 without a byte-order mark, found a BOM")
    if not text.strip():
        raise DataError(f"{shown}: the file is empty (expected a header line and data rows)")
    names = [f["name"] for f in fields]
    typed = [i for i, f in enumerate(fields) if f.get("type", "string") != "string"]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    last = 0
    try:
        for row in reader:
            line, last = last + 1, reader.line_num
            if line == 1 or len(row) != len(names):
                continue  # the header and the row's shape are Frictionless's to judge
            for i, field in enumerate(fields):
                if i not in typed:
                    _check_text(row[i], field, f'{shown}, line {line}, field "{names[i]}"')
            for i in typed:
                if row[i] != row[i].strip():
                    raise DataError(
                        f'{shown}, line {line}, field "{names[i]}": expected a value without '
                        f"leading or trailing spaces, found {quote(row[i])}"
                    )
    except csv.Error as exc:
        raise DataError(
            f"{shown}, line {last + 1}: expected well-formed CSV (quotes in pairs), "
            f"found a quoting problem ({exc})"
        ) from None


# Which error of a report to show first, within a line: the row's shape before its cells,
# cells before keys.
REPORT_ORDER = {"blank-row": 0, "missing-cell": 1, "extra-cell": 1, "type-error": 2,
          "constraint-error": 3, "unique-error": 4, "primary-key": 5, "foreign-key": 6}


def message(err, shown: str, package_shown: str, res: dict, by_name: dict) -> str:
    """One line for one Frictionless error: file, line, field, expected, found."""
    fields = {f["name"]: f for f in res["schema"]["fields"]}
    line = getattr(err, "row_number", None) or 1
    where = f"{shown}, line {line}"
    field = fields.get(getattr(err, "field_name", None) or "", {})
    cell = getattr(err, "cell", None)
    kind = err.type
    if kind == "incorrect-label":
        return (
            f'{where}, field "{err.field_name}": expected column {err.field_number} to be '
            f'"{err.field_name}" as {package_shown} says, found {quote(err.label)} in its place'
        )
    if kind == "missing-label":
        return (
            f'{where}, field "{err.field_name}": expected column {err.field_number} to be '
            f'"{err.field_name}" as {package_shown} says, found none'
        )
    if kind == "extra-label":
        return (
            f'{where}, field "{err.label}": expected only the columns listed in {package_shown}, '
            f"found the extra column {quote(err.label)}"
        )
    if kind == "duplicate-label":
        return f'{where}, field "{err.label}": expected each column once, found it again'
    if kind == "blank-row":
        return f"{where}: expected a data row, found an empty line"
    if kind in ("missing-cell", "extra-cell"):
        found = len([c for c in err.cells if c is not None])
        return f"{where}: expected {len(fields)} values (one per column), found {found}"
    if kind == "type-error":
        hint = ""
        if field.get("type") == "number" and re.fullmatch(r"[+-]?[0-9.]*,[0-9]+", cell or ""):
            hint = ' with "." as decimal separator'
        return f'{where}, field "{err.field_name}": expected {_expected_type(field)}{hint}, ' \
            f"found {quote(cell)}"
    if kind == "constraint-error":
        constraint = re.match(r'constraint "(\w+)"', err.note or "")
        expected = _expected_constraint(field, constraint.group(1) if constraint else "")
        found = "found an empty cell" if cell in ("", None) else f"found {quote(cell)}"
        return f'{where}, field "{err.field_name}": expected {expected}, {found}'
    first = re.search(r"row at position (\d+)", err.note or "")
    first_text = f" (first on line {first.group(1)})" if first else ""
    if kind == "unique-error":
        return (
            f'{where}, field "{err.field_name}": expected a unique value, '
            f"found {quote(cell)} again{first_text}"
        )
    if kind == "primary-key":
        keys = res["schema"]["primaryKey"]
        keys = [keys] if isinstance(keys, str) else keys
        header = list(fields)
        values = [err.cells[header.index(k)] if header.index(k) < len(err.cells) else ""
                  for k in keys]
        label = ", ".join(f'"{k}"' for k in keys)
        noun = "fields" if len(keys) > 1 else "field"
        shown_key = ", ".join(v if v not in ("", None) else "(empty)" for v in values)
        return (
            f"{where}, {noun} {label}: expected a unique primary key, "
            f"found ({shown_key}) again{first_text}"
        )
    if kind == "foreign-key":
        names = err.field_names
        ref = by_name[err.reference_name or res["name"]]
        return (
            f'{where}, field "{"+".join(names)}": expected an id listed in '
            f'{sibling(shown, ref["path"])} (column "{", ".join(err.reference_field_names)}"), '
            f'found {quote(", ".join(str(c) for c in err.field_cells))}'
        )
    return f"{shown}: {err.message}"


def sibling(shown: str, rel: str) -> str:
    """The shown path of another file in the same data folder."""
    return (Path(shown).parent / rel).as_posix()
