"""Load the curated tables in ``data/`` and refuse bad input with one clear error.

``data/datapackage.json`` (a Frictionless Data Package) describes every CSV file: its columns in
order, their types and their constraints. Before a table reaches a chapter, :func:`load` has the
Frictionless library (frictionless-py) validate the file, and every table it refers to through a
foreign key (``sources.csv`` for every ``source_id``). The first problem stops the build with a
:class:`DataError` whose one-line message names the file, the line in the CSV (the header is
line 1), the field, what was expected and what was found::

    data/broadband.csv, line 5, field "share_pct": expected a number between 0 and 100, found "120"

Frictionless decides what is valid (the full Table Schema, e.g. ``exclusiveMinimum``); this module
only words its report for a person and adds a few hints on top: a byte-order mark, a file saved as
Latin-1, a German decimal comma, spaces around a number, an unclosed quote. Nothing is dropped or
coerced silently: a table either loads completely, with typed columns, or not at all.

Command line (``make check-data``)::

    python -m brief.data [data_dir]
"""
from __future__ import annotations

import copy
import csv
import functools
import hashlib
import io
import json
import math
import re
import sys
from pathlib import Path
from typing import Any

import pandas as pd
from frictionless import FrictionlessException, Package, Plugin, system
from frictionless.formats.csv import CsvControl, CsvParser
from frictionless.schema import Field

from brief import paths

PACKAGE_FILE = "datapackage.json"


# Characters no text in the package may hold: C0/C1 controls except tab and line breaks, DEL,
# zero-width characters, bidirectional embeddings, overrides and isolates, byte-order mark.
_HIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)
MAX_TEXT = 1000  # characters in any text cell; a field may set its own maxLength instead


class DataError(ValueError):
    """Bad or unreadable data. The message is one line naming file, line, field and the problem."""


class _PlainCsvParser(CsvParser):
    """Reads a CSV file in the package's own dialect (RFC 4180 unless datapackage.json says
    otherwise) instead of guessing it first: Frictionless asks Python's ``csv.Sniffer``, whose
    regular expressions backtrack for minutes on long quoted texts (a data copy with markup in
    every text field kept the loader busy for over ten minutes)."""

    def read_cell_stream_create(self):  # type: ignore[override]
        control = CsvControl.from_dialect(self.resource.dialect)
        return csv.reader(self.loader.text_stream, dialect=control.to_python())


class _PlainCsv(Plugin):
    def create_parser(self, resource):  # type: ignore[override]
        if resource.format == "csv":
            return _PlainCsvParser(resource)
        return None


system.register("brief-plain-csv", _PlainCsv())


# ------------------------------------------------------------------------------------------------
# Messages
# ------------------------------------------------------------------------------------------------


def _display(path: Path, data_dir: Path) -> str:
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


def _quote(value: Any) -> str:
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
        return "one of " + ", ".join(_quote(v) for v in values)
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
        return "one of " + ", ".join(_quote(_fmt(v)) for v in constraints["enum"])
    if constraint == "pattern":
        return f"text matching the pattern {constraints['pattern']}"
    if constraint == "minLength":
        return f"text of at least {constraints['minLength']} characters"
    if constraint == "maxLength":
        return f"text of at most {constraints['maxLength']} characters"
    if constraint in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        kind = {"integer": "a whole number", "date": "a date"}.get(ftype, "a number")
        return _range_text(kind, constraints)
    return f"a value that meets the constraint {constraint} = {_quote(constraints.get(constraint))}"


# ------------------------------------------------------------------------------------------------
# The package descriptor
# ------------------------------------------------------------------------------------------------


def _read_descriptor(data_dir: Path) -> tuple[Path, str, dict]:
    """(path, shown path, descriptor) of ``datapackage.json``; unreadable JSON stops here."""
    path = Path(data_dir) / PACKAGE_FILE
    shown = _display(path, data_dir)
    if not path.is_file():
        raise DataError(f"{shown}: file not found (expected the Data Package descriptor here)")
    try:
        descriptor = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as err:
        raise DataError(
            f"{shown}: expected UTF-8 text, "
            f"found the byte {err.object[err.start]:#04x} at offset {err.start}"
        ) from None
    except json.JSONDecodeError as err:
        raise DataError(f"{shown}, line {err.lineno}: not valid JSON ({err.msg})") from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise DataError(f'{shown}: expected a JSON object with a list "resources"')
    return path, shown, descriptor


def _descriptor_error(err: FrictionlessException, descriptor: dict, shown: str) -> DataError:
    """Frictionless refused the descriptor: name the resource and field it refused, if one."""
    reasons = getattr(err, "reasons", None) or [err.error]
    note = reasons[0].note or err.error.note
    v2 = "$schema" in descriptor
    for res in descriptor["resources"]:
        fields = (res.get("schema") or {}).get("fields") or []
        for field in fields if isinstance(fields, list) else []:
            try:
                Field.from_descriptor(copy.deepcopy(field), allow_invalid=False)
            except FrictionlessException as field_err:
                field_note = field_err.error.note
                if v2 and "requires datapackage v2" in field_note:
                    continue
                return DataError(
                    f'{shown}, resource "{res.get("name")}", field "{field.get("name")}": '
                    f"{field_note}"
                )
            except Exception:  # any other refusal: the package-level message below
                pass
    return DataError(f"{shown}: not a valid Data Package ({note})")


@functools.lru_cache(maxsize=8)
def _package(data_dir: str, checksum: str) -> tuple[Package, str, dict]:
    """The Frictionless package of ``data_dir``; cached per content (``checksum``)."""
    _, shown, descriptor = _read_descriptor(Path(data_dir))
    try:
        package = Package(copy.deepcopy(descriptor), basepath=data_dir)
    except FrictionlessException as err:
        raise _descriptor_error(err, descriptor, shown) from None
    return package, shown, descriptor


def _open(data_dir: Path) -> tuple[Package, str, dict]:
    return _package(str(Path(data_dir).resolve()), package_checksum(data_dir))


def _require(descriptor: dict, shown: str, name: str) -> dict:
    for res in descriptor["resources"]:
        if res.get("name") == name:
            return res
    known = ", ".join(str(r.get("name")) for r in descriptor["resources"])
    raise DataError(f"{shown}: no resource named {_quote(name)} (known: {known})")


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
            f"found U+{ord(hidden.group()):04X} in {_quote(value)}"
        )
    if "maxLength" not in field.get("constraints", {}) and len(value) > MAX_TEXT:
        raise DataError(
            f"{where}: expected text of at most {MAX_TEXT} characters, found {len(value)}"
        )


def _precheck(path: Path, shown: str, fields: list[dict]) -> None:
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
                        f"leading or trailing spaces, found {_quote(row[i])}"
                    )
    except csv.Error as exc:
        raise DataError(
            f"{shown}, line {last + 1}: expected well-formed CSV (quotes in pairs), "
            f"found a quoting problem ({exc})"
        ) from None


# Which error of a report to show first, within a line: the row's shape before its cells,
# cells before keys.
_ORDER = {"blank-row": 0, "missing-cell": 1, "extra-cell": 1, "type-error": 2,
          "constraint-error": 3, "unique-error": 4, "primary-key": 5, "foreign-key": 6}


def _message(err, shown: str, package_shown: str, res: dict, by_name: dict) -> str:
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
            f'"{err.field_name}" as {package_shown} says, found {_quote(err.label)} in its place'
        )
    if kind == "missing-label":
        return (
            f'{where}, field "{err.field_name}": expected column {err.field_number} to be '
            f'"{err.field_name}" as {package_shown} says, found none'
        )
    if kind == "extra-label":
        return (
            f'{where}, field "{err.label}": expected only the columns listed in {package_shown}, '
            f"found the extra column {_quote(err.label)}"
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
            f"found {_quote(cell)}"
    if kind == "constraint-error":
        constraint = re.match(r'constraint "(\w+)"', err.note or "")
        expected = _expected_constraint(field, constraint.group(1) if constraint else "")
        found = "found an empty cell" if cell in ("", None) else f"found {_quote(cell)}"
        return f'{where}, field "{err.field_name}": expected {expected}, {found}'
    first = re.search(r"row at position (\d+)", err.note or "")
    first_text = f" (first on line {first.group(1)})" if first else ""
    if kind == "unique-error":
        return (
            f'{where}, field "{err.field_name}": expected a unique value, '
            f"found {_quote(cell)} again{first_text}"
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
            f'{_sibling(shown, ref["path"])} (column "{", ".join(err.reference_field_names)}"), '
            f'found {_quote(", ".join(str(c) for c in err.field_cells))}'
        )
    return f"{shown}: {err.message}"


def _sibling(shown: str, rel: str) -> str:
    """The shown path of another file in the same data folder."""
    return (Path(shown).parent / rel).as_posix()


def _check(package: Package, package_shown: str, descriptor: dict, name: str) -> int:
    """Validate one table; return its number of data rows or raise the first problem."""
    res = _require(descriptor, package_shown, name)
    resource = package.get_resource(name)
    path = Path(package.basepath) / res["path"]
    shown = _sibling(package_shown, res["path"])
    _precheck(path, shown, res["schema"]["fields"])
    report = resource.validate()
    errors = [e for task in report.tasks for e in task.errors] + list(report.errors)
    if not errors:
        return report.tasks[0].stats["rows"]
    by_name = {r["name"]: r for r in descriptor["resources"]}

    def rank(e):
        row = getattr(e, "row_number", None) or 0
        return (row, _ORDER.get(e.type, 0), getattr(e, "field_number", None) or 0)

    first = min(errors, key=rank)
    if first.type in ("scheme-error", "source-error", "encoding-error", "format-error"):
        raise DataError(f"{shown}: cannot be read ({first.note})")
    raise DataError(_message(first, shown, package_shown, res, by_name))


def _references(descriptor: dict, name: str) -> list[str]:
    """``name`` after every table it refers to through foreign keys (depth first)."""
    by_name = {r.get("name"): r for r in descriptor["resources"]}
    order: list[str] = []

    def add(n: str) -> None:
        if n in order:
            return
        for fk in (by_name[n].get("schema") or {}).get("foreignKeys", []):
            target = fk.get("reference", {}).get("resource") or n
            if target != n and target in by_name:
                add(target)
        order.append(n)

    add(name)
    return order


@functools.lru_cache(maxsize=64)
def _checked(data_dir: str, checksum: str, name: str) -> int:
    """Validate ``name`` and the tables it refers to, once per content of the data folder;
    return the number of data rows of ``name``."""
    package, shown, descriptor = _package(data_dir, checksum)
    rows = 0
    for n in _references(descriptor, name):
        rows = _check(package, shown, descriptor, n)
    return rows


# ------------------------------------------------------------------------------------------------
# Typed frames
# ------------------------------------------------------------------------------------------------


def _frame(package: Package, res: dict, shown: str) -> pd.DataFrame:
    rows = package.get_resource(res["name"]).read_rows()
    data = {}
    for field in res["schema"]["fields"]:
        values = [row[field["name"]] for row in rows]
        ftype = field.get("type", "string")
        if ftype in ("integer", "year"):
            series = pd.Series(pd.array(values, dtype="Int64"))
        elif ftype == "number":
            series = pd.Series([math.nan if v is None else float(v) for v in values],
                               dtype="float64")
        elif ftype == "date":
            series = pd.to_datetime(pd.Series(values, dtype=object)).astype("datetime64[ns]")
        elif ftype == "boolean":
            series = pd.Series(values, dtype="boolean" if None in values else bool)
        elif ftype == "string":
            series = pd.Series(values, dtype="str")
        else:
            series = pd.Series(values, dtype=object)
        data[field["name"]] = series.reset_index(drop=True)
    frame = pd.DataFrame(data, index=pd.RangeIndex(len(rows)))
    frame.attrs["resource"] = res["name"]
    frame.attrs["path"] = shown
    return frame


# ------------------------------------------------------------------------------------------------
# Public API
# ------------------------------------------------------------------------------------------------


def resource_names(data_dir: Path = paths.DATA) -> list[str]:
    """Names of all tables in the package, in the order of ``datapackage.json``."""
    return [r.get("name") for r in _read_descriptor(data_dir)[2]["resources"]]


def schema(name: str, data_dir: Path = paths.DATA) -> dict:
    """The Table Schema of ``name`` (a copy): ``fields`` (the field list), ``primaryKey``, ..."""
    _, shown, descriptor = _read_descriptor(data_dir)
    return copy.deepcopy(_require(descriptor, shown, name)["schema"])


def load(name: str, data_dir: Path = paths.DATA) -> pd.DataFrame:
    """The table ``name`` as a typed DataFrame, after checking it completely.

    integer, year -> ``Int64``, number -> ``float64``, date -> ``datetime64[ns]``,
    boolean -> ``bool``, string -> ``str`` (an empty optional cell is missing, NA).
    Raises :class:`DataError`.
    """
    package, shown, descriptor = _open(data_dir)
    res = _require(descriptor, shown, name)
    key = (str(Path(data_dir).resolve()), package_checksum(data_dir))
    _checked(*key, name)
    return _frame(package, res, _sibling(shown, res["path"]))


def validate_package(data_dir: Path = paths.DATA) -> dict[str, int]:
    """Check every table; return the number of data rows per table. Raises :class:`DataError`."""
    _, _, descriptor = _open(data_dir)
    key = (str(Path(data_dir).resolve()), package_checksum(data_dir))
    return {res["name"]: _checked(*key, res["name"]) for res in descriptor["resources"]}


def package_checksum(data_dir: Path = paths.DATA) -> str:
    """sha256 over ``datapackage.json`` and every resource file (sorted by path).

    Chapters print or use it so that the notebook cache sees a change in the data.
    """
    path, _, descriptor = _read_descriptor(data_dir)
    digest = hashlib.sha256()
    rels = sorted(str(r.get("path")) for r in descriptor["resources"])
    for rel, file in [(PACKAGE_FILE, path)] + [(r, Path(data_dir) / r) for r in rels]:
        if not file.is_file():
            shown = _display(file, Path(data_dir))
            raise DataError(f"{shown}: file not found (listed in {PACKAGE_FILE})")
        content = file.read_bytes()
        digest.update(rel.encode("utf-8") + b"\0" + str(len(content)).encode() + b"\0" + content)
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    """``python -m brief.data [data_dir]``: check everything, print one line, exit 0 or 1."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1:
        print("usage: python -m brief.data [data_dir]", file=sys.stderr)
        return 2
    data_dir = Path(args[0]) if args else paths.DATA
    try:
        counts = validate_package(data_dir)
    except DataError as err:
        print(str(err), file=sys.stderr)
        print("Fix the file and run `make check-data` again (see data/README.md).", file=sys.stderr)
        return 1
    print(f"data OK: {len(counts)} tables, {sum(counts.values())} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
