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
import json
import math
import sys
from pathlib import Path

import pandas as pd
from frictionless import FrictionlessException, Package, Plugin, system
from frictionless.formats.csv import CsvControl, CsvParser
from frictionless.schema import Field

from brief import paths
from brief.datacheck import (
    PACKAGE_FILE,
    REPORT_ORDER,
    DataError,
    display_path,
    message,
    precheck,
    quote,
    sibling,
)


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
# The package descriptor
# ------------------------------------------------------------------------------------------------


def _read_descriptor(data_dir: Path) -> tuple[Path, str, dict]:
    """(path, shown path, descriptor) of ``datapackage.json``; unreadable JSON stops here."""
    path = Path(data_dir) / PACKAGE_FILE
    shown = display_path(path, data_dir)
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
    raise DataError(f"{shown}: no resource named {quote(name)} (known: {known})")


def _check(package: Package, package_shown: str, descriptor: dict, name: str) -> int:
    """Validate one table; return its number of data rows or raise the first problem."""
    res = _require(descriptor, package_shown, name)
    resource = package.get_resource(name)
    path = Path(package.basepath) / res["path"]
    shown = sibling(package_shown, res["path"])
    precheck(path, shown, res["schema"]["fields"])
    report = resource.validate()
    errors = [e for task in report.tasks for e in task.errors] + list(report.errors)
    if not errors:
        return report.tasks[0].stats["rows"]
    by_name = {r["name"]: r for r in descriptor["resources"]}

    def rank(e):
        row = getattr(e, "row_number", None) or 0
        return (row, REPORT_ORDER.get(e.type, 0), getattr(e, "field_number", None) or 0)

    first = min(errors, key=rank)
    if first.type in ("scheme-error", "source-error", "encoding-error", "format-error"):
        raise DataError(f"{shown}: cannot be read ({first.note})")
    raise DataError(message(first, shown, package_shown, res, by_name))


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
    return _frame(package, res, sibling(shown, res["path"]))


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
            shown = display_path(file, Path(data_dir))
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
