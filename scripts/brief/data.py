"""Load the curated tables in ``data/`` and refuse bad input with one clear error.

``data/datapackage.json`` (a Frictionless Data Package, v1) describes every CSV file: its columns
in order, their types and their constraints. Before a table reaches a chapter, :func:`load` checks
the file against that description, and against ``sources.csv`` for every ``source_id``. The first
problem stops the build with a :class:`DataError` whose one-line message names the file, the line
in the CSV (the header is line 1), the field, what was expected and what was found::

    data/broadband.csv, line 5, field "share_pct": expected a number between 0 and 100, found "120"

The checker is our own, small and fast (the Frictionless library is used only in the tests, as a
second opinion on the same package). Nothing is dropped or coerced silently: a table either loads
completely, with typed columns, or not at all.

Command line (``make check-data``)::

    python -m brief.data [data_dir]
"""
from __future__ import annotations

import copy
import csv
import datetime as _dt
import hashlib
import io
import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from brief import paths

PACKAGE_FILE = "datapackage.json"
SOURCES = "sources"

_TYPES = ("string", "integer", "number", "date", "boolean")
_CONSTRAINTS = {
    "required", "unique", "minimum", "maximum", "enum", "pattern", "minLength", "maxLength",
}
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class DataError(ValueError):
    """Bad or unreadable data. The message is one line naming file, line, field and the problem."""


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
    return '"' + text.replace("\n", "\\n").replace('"', '\\"') + '"'


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


# ------------------------------------------------------------------------------------------------
# The package descriptor
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Package:
    data_dir: Path
    path: Path
    display: str
    descriptor: dict
    resources: dict[str, dict]  # name -> resource descriptor, in file order


def _read_package(data_dir: Path) -> _Package:
    data_dir = Path(data_dir)
    path = data_dir / PACKAGE_FILE
    shown = _display(path, data_dir)
    if not path.is_file():
        raise DataError(f"{shown}: file not found (expected the Data Package descriptor here)")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        raise DataError(
            f"{shown}: expected UTF-8 text, "
            f"found the byte {err.object[err.start]:#04x} at offset {err.start}"
        ) from None
    except OSError as err:
        raise DataError(f"{shown}: cannot be read ({err.strerror})") from None
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as err:
        raise DataError(f"{shown}, line {err.lineno}: not valid JSON ({err.msg})") from None
    if not isinstance(descriptor, dict):
        kind = type(descriptor).__name__
        raise DataError(f"{shown}: expected a JSON object at the top level, found {kind}")
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        raise DataError(f'{shown}: expected a non-empty list "resources"')
    by_name: dict[str, dict] = {}
    for i, res in enumerate(resources):
        where = f"{shown}, resources[{i}]"
        if not isinstance(res, dict):
            raise DataError(f"{where}: expected an object")
        name = res.get("name")
        if not isinstance(name, str) or not name:
            raise DataError(f'{where}: expected a "name"')
        where = f'{shown}, resource "{name}"'
        if name in by_name:
            raise DataError(f"{where}: the name is used twice")
        rel = res.get("path")
        inside = isinstance(rel, str) and rel != ""
        if inside:
            inside = not Path(rel).is_absolute() and ".." not in Path(rel).parts
        if not inside:
            raise DataError(
                f'{where}: expected "path" to be a file name inside the data folder, '
                f"found {_quote(rel)}"
            )
        _check_schema(res.get("schema"), where)
        by_name[name] = res
    for name, res in by_name.items():
        for fk in res["schema"].get("foreignKeys", []):
            target = fk["reference"].get("resource")
            if target not in by_name:
                raise DataError(
                    f'{shown}, resource "{name}": foreign key refers to unknown resource '
                    f"{_quote(target)}"
                )
    return _Package(data_dir, path, shown, descriptor, by_name)


def _as_list(value: Any) -> list:
    return [value] if isinstance(value, str) else list(value or [])


def _check_schema(schema: Any, where: str) -> None:
    """Refuse a schema this loader would misread; the messages name the resource and field."""
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if not isinstance(fields, list) or not fields:
        raise DataError(f'{where}: expected "schema" with a non-empty list "fields"')
    names = []
    for j, field in enumerate(schema["fields"]):
        if not isinstance(field, dict) or not isinstance(field.get("name"), str):
            raise DataError(f'{where}: schema field {j + 1} has no "name"')
        name = field["name"]
        ftype = field.get("type", "string")
        if ftype not in _TYPES:
            raise DataError(
                f'{where}, field "{name}": type {_quote(ftype)} is not supported '
                f"(expected one of {', '.join(_TYPES)})"
            )
        if name in names:
            raise DataError(f'{where}, field "{name}": the field is listed twice')
        names.append(name)
        constraints = field.get("constraints", {})
        if not isinstance(constraints, dict):
            raise DataError(f'{where}, field "{name}": "constraints" must be an object')
        unknown = set(constraints) - _CONSTRAINTS
        if unknown:
            raise DataError(
                f'{where}, field "{name}": constraint {_quote(sorted(unknown)[0])} is not checked '
                f"by brief.data (supported: {', '.join(sorted(_CONSTRAINTS))})"
            )
        if "pattern" in constraints:
            try:
                re.compile(constraints["pattern"])
            except re.error as err:
                raise DataError(
                    f'{where}, field "{name}": pattern is not a valid regular expression ({err})'
                ) from None
    missing = schema.get("missingValues", [""])
    if not isinstance(missing, list) or not all(isinstance(m, str) for m in missing):
        raise DataError(f'{where}: "missingValues" must be a list of strings')
    for key in _as_list(schema.get("primaryKey")):
        if key not in names:
            raise DataError(f'{where}: primary key field {_quote(key)} is not in the schema')
    for fk in schema.get("foreignKeys", []):
        ref = fk.get("reference") if isinstance(fk, dict) else None
        if not isinstance(ref, dict):
            raise DataError(f'{where}: foreign key without a "reference"')
        fields, ref_fields = _as_list(fk.get("fields")), _as_list(ref.get("fields"))
        if not fields or len(fields) != len(ref_fields):
            raise DataError(
                f"{where}: foreign key fields {fields} do not match reference fields {ref_fields}"
            )
        for key in fields:
            if key not in names:
                raise DataError(f'{where}: foreign key field {_quote(key)} is not in the schema')


# ------------------------------------------------------------------------------------------------
# Reading and checking one CSV file
# ------------------------------------------------------------------------------------------------


@dataclass
class _Table:
    name: str
    display: str
    fields: list[dict]
    columns: dict[str, list]  # field name -> typed values (None = missing)
    lines: list[int]  # CSV line number of each data row


def _read_text(path: Path, shown: str) -> str:
    if not path.is_file():
        raise DataError(f"{shown}: file not found (listed in {PACKAGE_FILE})")
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise DataError(f"{shown}: cannot be read ({err.strerror})") from None
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
    return text


def _check_header(header: list[str], names: list[str], shown: str, package_shown: str) -> None:
    if header == names:
        return
    where = f"{shown}, line 1"
    for pos, name in enumerate(names):
        if name not in header:
            found = "found none"
            if pos < len(header):
                found = f"found {_quote(header[pos])} in its place"
            raise DataError(
                f'{where}, field "{name}": expected column {pos + 1} to be "{name}" '
                f"as {package_shown} says, {found}"
            )
    for pos, col in enumerate(header):
        if col not in names:
            raise DataError(
                f'{where}, field "{col}": expected only the columns listed in {package_shown}, '
                f"found the extra column {_quote(col)}"
            )
        if header.count(col) > 1:
            raise DataError(
                f'{where}, field "{col}": expected each column once, '
                f"found {_quote(col)} {header.count(col)} times"
            )
    for pos, (col, name) in enumerate(zip(header, names)):
        if col != name:
            raise DataError(
                f'{where}, field "{name}": expected column {pos + 1} to be "{name}" '
                f"as {package_shown} says, found {_quote(col)}"
            )


def _range_text(kind: str, lo: Any, hi: Any) -> str:
    if lo is not None and hi is not None:
        return f"{kind} between {_fmt(lo)} and {_fmt(hi)}"
    if lo is not None:
        return f"{kind} of at least {_fmt(lo)}"
    return f"{kind} of at most {_fmt(hi)}"


def _convert(cell: str, field: dict, err) -> Any:
    """The typed value of one non-empty cell; ``err(expected)`` raises a DataError."""
    ftype = field.get("type", "string")
    constraints = field.get("constraints", {})
    lo, hi = constraints.get("minimum"), constraints.get("maximum")
    bounded = lo is not None or hi is not None
    if ftype != "string" and cell != cell.strip():
        err("a value without leading or trailing spaces")
    if ftype == "string":
        value: Any = cell
    elif ftype == "integer":
        if not _INTEGER.fullmatch(cell):
            err(_range_text("a whole number", lo, hi) if bounded else "a whole number")
        value = int(cell)
    elif ftype == "number":
        if not _NUMBER.fullmatch(cell):
            comma = re.fullmatch(r"[+-]?[0-9.]*,[0-9]+", cell)
            hint = ' with "." as decimal separator' if comma else ""
            err((_range_text("a number", lo, hi) if bounded else "a number") + hint)
        value = float(cell)
        if not math.isfinite(value):
            err("a finite number")
    elif ftype == "date":
        try:
            if not _DATE.fullmatch(cell):
                raise ValueError
            value = _dt.date.fromisoformat(cell)
        except ValueError:
            err("a date as YYYY-MM-DD")
    else:  # boolean
        true_values = field.get("trueValues", ["true", "True", "TRUE", "1"])
        false_values = field.get("falseValues", ["false", "False", "FALSE", "0"])
        if cell in true_values:
            value = True
        elif cell in false_values:
            value = False
        else:
            err("one of " + ", ".join(_quote(v) for v in true_values + false_values))

    if ftype in ("integer", "number", "date"):
        bound = (lambda b: _dt.date.fromisoformat(b)) if ftype == "date" else (lambda b: b)
        if (lo is not None and value < bound(lo)) or (hi is not None and value > bound(hi)):
            kind = {"integer": "a whole number", "number": "a number", "date": "a date"}[ftype]
            err(_range_text(kind, lo, hi))
    if ftype == "string":
        if "minLength" in constraints and len(value) < constraints["minLength"]:
            err(f"text of at least {constraints['minLength']} characters")
        if "maxLength" in constraints and len(value) > constraints["maxLength"]:
            err(f"text of at most {constraints['maxLength']} characters")
        if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
            err(f"text matching the pattern {constraints['pattern']}")
    enum = constraints.get("enum")
    if enum is not None:
        allowed = [_convert_enum(v, ftype) for v in enum]
        if value not in allowed:
            err("one of " + ", ".join(_quote(_fmt(v)) for v in enum))
    return value


def _convert_enum(value: Any, ftype: str) -> Any:
    if ftype == "date" and isinstance(value, str):
        return _dt.date.fromisoformat(value)
    if ftype == "number":
        return float(value)
    return value


def _read_table(pkg: _Package, name: str) -> _Table:
    res = pkg.resources[name]
    path = pkg.data_dir / res["path"]
    shown = _display(path, pkg.data_dir)
    schema = res["schema"]
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    missing_values = set(schema.get("missingValues", [""]))

    text = _read_text(path, shown)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    last = 0  # physical lines read before the current record
    try:
        header = next(reader)
        _check_header(header, names, shown, pkg.display)
        columns: dict[str, list] = {n: [] for n in names}
        lines: list[int] = []
        last = reader.line_num
        for row in reader:
            line = last + 1  # first physical line of this record
            last = reader.line_num
            if not row or row == [""]:
                raise DataError(f"{shown}, line {line}: expected a data row, found an empty line")
            if len(row) != len(names):
                raise DataError(
                    f"{shown}, line {line}: expected {len(names)} values (one per column), "
                    f"found {len(row)}"
                )
            for field, cell in zip(fields, row):
                fname = field["name"]
                where = f'{shown}, line {line}, field "{fname}"'

                def err(expected: str, _where=where, _cell=cell) -> None:
                    raise DataError(f"{_where}: expected {expected}, found {_quote(_cell)}")

                if cell in missing_values:
                    if field.get("constraints", {}).get("required", False):
                        raise DataError(
                            f"{where}: expected a value (the field is required), "
                            "found an empty cell"
                        )
                    columns[fname].append(None)
                else:
                    columns[fname].append(_convert(cell, field, err))
            lines.append(line)
    except csv.Error as exc:
        raise DataError(
            f"{shown}, line {last + 1}: expected well-formed CSV (quotes in pairs), "
            f"found a quoting problem ({exc})"
        ) from None

    table = _Table(name, shown, fields, columns, lines)
    _check_unique(table)
    _check_primary_key(table, schema)
    return table


def _check_unique(table: _Table) -> None:
    for field in table.fields:
        if not field.get("constraints", {}).get("unique"):
            continue
        seen: dict[Any, int] = {}
        for value, line in zip(table.columns[field["name"]], table.lines):
            if value is None:
                continue
            if value in seen:
                raise DataError(
                    f'{table.display}, line {line}, field "{field["name"]}": '
                    "expected a unique value, "
                    f"found {_quote(_fmt(value))} again (first on line {seen[value]})"
                )
            seen[value] = line


def _check_primary_key(table: _Table, schema: dict) -> None:
    keys = _as_list(schema.get("primaryKey"))
    if not keys:
        return
    seen: dict[tuple, int] = {}
    for i, key in enumerate(zip(*(table.columns[k] for k in keys))):
        if key in seen:
            label = ", ".join(f'"{k}"' for k in keys)
            shown_key = ", ".join("(empty)" if v is None else _fmt(v) for v in key)
            noun = "fields" if len(keys) > 1 else "field"
            raise DataError(
                f"{table.display}, line {table.lines[i]}, {noun} {label}: "
                f"expected a unique primary key, found ({shown_key}) again "
                f"(first on line {seen[key]})"
            )
        seen[key] = table.lines[i]


def _check_foreign_keys(table: _Table, schema: dict, tables: dict[str, _Table]) -> None:
    for fk in schema.get("foreignKeys", []):
        fields = _as_list(fk["fields"])
        ref = fk["reference"]
        target = tables[ref["resource"]]
        ref_fields = _as_list(ref["fields"])
        allowed = set(zip(*(target.columns[f] for f in ref_fields)))
        for i, key in enumerate(zip(*(table.columns[f] for f in fields))):
            if all(v is None for v in key):
                continue  # an optional reference left empty
            if key not in allowed:
                shown_key = ", ".join(_fmt(v) for v in key)
                label = "+".join(fields)
                columns = ", ".join(ref_fields)
                raise DataError(
                    f'{table.display}, line {table.lines[i]}, field "{label}": '
                    f'expected an id listed in {target.display} (column "{columns}"), '
                    f"found {_quote(shown_key)}"
                )


# ------------------------------------------------------------------------------------------------
# Typed frames
# ------------------------------------------------------------------------------------------------


def _string_dtype() -> str | type:
    return "str" if int(pd.__version__.split(".")[0]) >= 3 else object


def _frame(table: _Table) -> pd.DataFrame:
    data = {}
    for field in table.fields:
        values = table.columns[field["name"]]
        ftype = field.get("type", "string")
        if ftype == "integer":
            series = pd.Series(pd.array(values, dtype="Int64"))
        elif ftype == "number":
            series = pd.Series([math.nan if v is None else v for v in values], dtype="float64")
        elif ftype == "date":
            series = pd.to_datetime(pd.Series(values, dtype=object)).astype("datetime64[ns]")
        elif ftype == "boolean":
            series = pd.Series(values, dtype="boolean" if None in values else bool)
        else:
            series = pd.Series(values, dtype=_string_dtype())
        data[field["name"]] = series.reset_index(drop=True)
    frame = pd.DataFrame(data, index=pd.RangeIndex(len(table.lines)))
    frame.attrs["resource"] = table.name
    frame.attrs["path"] = table.display
    return frame


# ------------------------------------------------------------------------------------------------
# Public API
# ------------------------------------------------------------------------------------------------


def _validated(pkg: _Package, names: list[str]) -> dict[str, _Table]:
    """Read ``names`` and everything they refer to; check types, keys and foreign keys."""
    wanted: list[str] = []

    def add(name: str) -> None:
        if name in wanted:
            return
        for fk in pkg.resources[name]["schema"].get("foreignKeys", []):
            target = fk["reference"]["resource"]
            if target != name:
                add(target)
        wanted.append(name)

    for n in names:
        add(n)
    tables: dict[str, _Table] = {}
    for n in wanted:
        tables[n] = _read_table(pkg, n)
    for n in wanted:
        _check_foreign_keys(tables[n], pkg.resources[n]["schema"], tables)
    return tables


def _require(pkg: _Package, name: str) -> None:
    if name not in pkg.resources:
        known = ", ".join(pkg.resources)
        raise DataError(f"{pkg.display}: no resource named {_quote(name)} (known: {known})")


def resource_names(data_dir: Path = paths.DATA) -> list[str]:
    """Names of all tables in the package, in the order of ``datapackage.json``."""
    return list(_read_package(data_dir).resources)


def schema(name: str, data_dir: Path = paths.DATA) -> dict:
    """The Table Schema of ``name`` (a copy): ``fields`` (the field list), ``primaryKey``, ..."""
    pkg = _read_package(data_dir)
    _require(pkg, name)
    return copy.deepcopy(pkg.resources[name]["schema"])


def load(name: str, data_dir: Path = paths.DATA) -> pd.DataFrame:
    """The table ``name`` as a typed DataFrame, after checking it completely.

    integer -> ``Int64``, number -> ``float64``, date -> ``datetime64[ns]``, boolean -> ``bool``,
    string -> ``str`` (an empty optional cell is missing, NA). Raises :class:`DataError`.
    """
    pkg = _read_package(data_dir)
    _require(pkg, name)
    return _frame(_validated(pkg, [name])[name])


def validate_package(data_dir: Path = paths.DATA) -> dict[str, int]:
    """Check every table; return the number of data rows per table. Raises :class:`DataError`."""
    pkg = _read_package(data_dir)
    tables = _validated(pkg, list(pkg.resources))
    return {n: len(tables[n].lines) for n in pkg.resources}


def package_checksum(data_dir: Path = paths.DATA) -> str:
    """sha256 over ``datapackage.json`` and every resource file (sorted by path).

    Chapters print or use it so that the notebook cache sees a change in the data.
    """
    pkg = _read_package(data_dir)
    digest = hashlib.sha256()
    files = [(PACKAGE_FILE, pkg.path)] + sorted(
        (res["path"], pkg.data_dir / res["path"]) for res in pkg.resources.values()
    )
    for rel, path in files:
        if not path.is_file():
            shown = _display(path, pkg.data_dir)
            raise DataError(f"{shown}: file not found (listed in {PACKAGE_FILE})")
        content = path.read_bytes()
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
