"""Bad input stops with one DataError whose one-line message names file, line and field.

Every case corrupts a COPY of data/ in a temporary folder; the real data are never touched.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from brief import data, paths
from brief.data import DataError


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(paths.DATA, copy)
    return copy


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def set_cell(data_dir: Path, table: str, line: int, field: str, value: str) -> None:
    """Put ``value`` into ``field`` on CSV line ``line`` (header = line 1)."""
    path = data_dir / f"{table}.csv"
    rows = read_rows(path)
    rows[line - 1][rows[0].index(field)] = value
    write_rows(path, rows)


def error_for(data_dir: Path, name: str | None = None) -> str:
    """The message of the DataError raised by load(name) (or validate_package)."""
    with pytest.raises(DataError) as info:
        if name is None:
            data.validate_package(data_dir)
        else:
            data.load(name, data_dir)
    message = str(info.value)
    assert isinstance(info.value, ValueError)
    assert "\n" not in message, "the message must be one line"
    return message


# ------------------------------------------------------------------------------------------------
# Cell values
# ------------------------------------------------------------------------------------------------


def test_non_numeric_value(data_copy):
    set_cell(data_copy, "broadband", 5, "share_pct", "viel")
    message = error_for(data_copy, "broadband")
    assert message.startswith('data/broadband.csv, line 5, field "share_pct": expected a number')
    assert message.endswith('found "viel"')


def test_german_decimal_comma_gets_a_hint(data_copy):
    set_cell(data_copy, "smart_city_market", 2, "value_bn_eur", "20,4")
    message = error_for(data_copy, "smart_city_market")
    assert message.startswith('data/smart_city_market.csv, line 2, field "value_bn_eur"')
    assert 'with "." as decimal separator' in message and 'found "20,4"' in message


def test_value_out_of_range(data_copy):
    set_cell(data_copy, "broadband", 5, "share_pct", "120")
    assert error_for(data_copy, "broadband") == (
        'data/broadband.csv, line 5, field "share_pct": '
        'expected a number between 0 and 100, found "120"'
    )


def test_integer_out_of_range(data_copy):
    set_cell(data_copy, "mpsc", 4, "round", "4")
    assert error_for(data_copy, "mpsc") == (
        'data/mpsc.csv, line 4, field "round": expected a whole number between 1 and 3, found "4"'
    )


def test_not_a_whole_number(data_copy):
    set_cell(data_copy, "mpsc", 6, "projects", "3.5")
    message = error_for(data_copy, "mpsc")
    assert message.startswith('data/mpsc.csv, line 6, field "projects": expected a whole number')
    assert message.endswith('found "3.5"')


def test_unknown_enum_category(data_copy):
    set_cell(data_copy, "smart_city_market", 3, "value_type", "Vermutung")
    assert error_for(data_copy, "smart_city_market") == (
        'data/smart_city_market.csv, line 3, field "value_type": '
        'expected one of "Schätzung", "Prognose", found "Vermutung"'
    )


def test_bad_date(data_copy):
    set_cell(data_copy, "broadband", 7, "ref_date", "30.06.2019")
    assert error_for(data_copy, "broadband") == (
        'data/broadband.csv, line 7, field "ref_date": '
        'expected a date as YYYY-MM-DD, found "30.06.2019"'
    )


def test_bad_boolean(data_copy):
    set_cell(data_copy, "games_market", 3, "series_break", "ja")
    assert error_for(data_copy, "games_market") == (
        'data/games_market.csv, line 3, field "series_break": '
        'expected one of "true", "false", found "ja"'
    )


def test_pattern_violation(data_copy):
    set_cell(data_copy, "sources", 4, "source_id", "Eco 2021")
    message = error_for(data_copy, "sources")
    assert message.startswith('data/sources.csv, line 4, field "source_id": expected text matching')
    assert message.endswith('found "Eco 2021"')


def test_required_value_blank(data_copy):
    set_cell(data_copy, "smart_city_market", 3, "value_bn_eur", "")
    assert error_for(data_copy, "smart_city_market") == (
        'data/smart_city_market.csv, line 3, field "value_bn_eur": '
        "expected a value (the field is required), found an empty cell"
    )


def test_spaces_around_a_number(data_copy):
    set_cell(data_copy, "homeoffice", 2, "value", " 12.8")
    message = error_for(data_copy, "homeoffice")
    assert message.startswith(
        'data/homeoffice.csv, line 2, field "value": expected a value without leading'
    )


# ------------------------------------------------------------------------------------------------
# Keys
# ------------------------------------------------------------------------------------------------


def test_unknown_source_id(data_copy):
    set_cell(data_copy, "mpsc", 3, "source_id", "erfunden-2099")
    message = error_for(data_copy, "mpsc")
    assert message == (
        'data/mpsc.csv, line 3, field "source_id": expected an id listed in data/sources.csv '
        '(column "source_id"), found "erfunden-2099"'
    )


def test_unknown_optional_reference(data_copy):
    set_cell(data_copy, "mpsc_rounds", 3, "funding_source_id", "gibt-es-nicht")
    message = error_for(data_copy, "mpsc_rounds")
    assert message.startswith(
        'data/mpsc_rounds.csv, line 3, field "funding_source_id": '
        "expected an id listed in data/sources.csv"
    )


def test_duplicate_primary_key(data_copy):
    set_cell(data_copy, "bitkom_index", 3, "rank", "1")  # line 2 is 2019, rank 1
    message = error_for(data_copy, "bitkom_index")
    assert message == (
        'data/bitkom_index.csv, line 3, fields "year", "rank": '
        "expected a unique primary key, found (2019, 1) again (first on line 2)"
    )


def test_duplicate_single_field_key_in_sources(data_copy):
    rows = read_rows(data_copy / "sources.csv")
    rows.append(list(rows[5]))
    write_rows(data_copy / "sources.csv", rows)
    message = error_for(data_copy)
    assert message.startswith(
        f'data/sources.csv, line {len(rows)}, field "source_id": expected a unique primary key'
    )
    assert message.endswith("(first on line 6)")


def test_broken_sources_stop_every_table(data_copy):
    set_cell(data_copy, "sources", 2, "grade", "D")
    message = error_for(data_copy, "homeoffice")
    assert message.startswith(
        'data/sources.csv, line 2, field "grade": expected one of "A", "A-", "B", "C"'
    )


def test_load_checks_only_what_it_needs(data_copy):
    set_cell(data_copy, "broadband", 5, "share_pct", "120")
    assert len(data.load("mpsc", data_copy)) == 12
    with pytest.raises(DataError, match="data/broadband.csv, line 5"):
        data.validate_package(data_copy)


# ------------------------------------------------------------------------------------------------
# Files
# ------------------------------------------------------------------------------------------------


def test_missing_required_column(data_copy):
    path = data_copy / "smart_city_market.csv"
    rows = [[c for i, c in enumerate(r) if i != 2] for r in read_rows(path)]  # drop value_bn_eur
    write_rows(path, rows)
    message = error_for(data_copy, "smart_city_market")
    assert message.startswith(
        'data/smart_city_market.csv, line 1, field "value_bn_eur": expected column 3'
    )
    assert "data/datapackage.json" in message


def test_extra_column(data_copy):
    path = data_copy / "homeoffice.csv"
    rows = [r + (["quelle_alt"] if i == 0 else ["x"]) for i, r in enumerate(read_rows(path))]
    write_rows(path, rows)
    message = error_for(data_copy, "homeoffice")
    assert message.startswith(
        'data/homeoffice.csv, line 1, field "quelle_alt": expected only the columns listed'
    )


def test_row_with_too_few_values(data_copy):
    path = data_copy / "mpsc_programme.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = "Start mit Strategiephase,61"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert error_for(data_copy, "mpsc_programme") == (
        "data/mpsc_programme.csv, line 4: expected 7 values (one per column), found 2"
    )


def test_empty_line_inside_the_table(data_copy):
    path = data_copy / "mpsc_programme.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(2, "")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert error_for(data_copy, "mpsc_programme") == (
        "data/mpsc_programme.csv, line 3: expected a data row, found an empty line"
    )


def test_unclosed_quote(data_copy):
    path = data_copy / "mpsc_programme.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = '"' + lines[2]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = error_for(data_copy, "mpsc_programme")
    assert message.startswith("data/mpsc_programme.csv, line 3: expected well-formed CSV")


def test_empty_file(data_copy):
    (data_copy / "homeoffice.csv").write_bytes(b"")
    assert error_for(data_copy, "homeoffice") == (
        "data/homeoffice.csv: the file is empty (expected a header line and data rows)"
    )


def test_file_not_utf8(data_copy):
    path = data_copy / "mpsc.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    message = error_for(data_copy, "mpsc")
    # Line 2 holds the first non-ASCII character ("Großstädte").
    assert message.startswith("data/mpsc.csv, line 2: expected UTF-8 text, found the byte 0xdf")


def test_byte_order_mark(data_copy):
    path = data_copy / "homeoffice.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    message = error_for(data_copy, "homeoffice")
    assert message.startswith(
        "data/homeoffice.csv, line 1: expected UTF-8 without a byte-order mark"
    )


def test_missing_file(data_copy):
    (data_copy / "games_market.csv").unlink()
    assert error_for(data_copy, "games_market") == (
        "data/games_market.csv: file not found (listed in datapackage.json)"
    )
    with pytest.raises(DataError, match="data/games_market.csv: file not found"):
        data.package_checksum(data_copy)


def test_datapackage_renamed_field_no_longer_matches_header(data_copy):
    path = data_copy / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    broadband = next(r for r in package["resources"] if r["name"] == "broadband")
    field = next(f for f in broadband["schema"]["fields"] if f["name"] == "share_pct")
    field["name"] = "share_percent"
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    assert error_for(data_copy, "broadband") == (
        'data/broadband.csv, line 1, field "share_percent": '
        'expected column 5 to be "share_percent" '
        'as data/datapackage.json says, found "share_pct" in its place'
    )


def test_datapackage_not_json(data_copy):
    path = data_copy / "datapackage.json"
    path.write_text('{\n  "name": "x",\n  "resources": [\n}\n', encoding="utf-8")
    message = error_for(data_copy, "mpsc")
    assert message.startswith("data/datapackage.json, line 4: not valid JSON")


def test_datapackage_missing(data_copy):
    (data_copy / "datapackage.json").unlink()
    assert error_for(data_copy) == (
        "data/datapackage.json: file not found (expected the Data Package descriptor here)"
    )
    with pytest.raises(DataError):
        data.resource_names(data_copy)


def test_datapackage_unknown_type(data_copy):
    path = data_copy / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    package["resources"][1]["schema"]["fields"][1]["type"] = "jahr"
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    message = error_for(data_copy)
    assert message.startswith(
        'data/datapackage.json, resource "smart_city_market", field "year": '
        'field type "jahr" is not supported'
    )


def test_the_full_table_schema_applies_exclusive_minimum(data_copy):
    # A Table Schema v2 constraint the old home-made checker refused to read.
    market = read_rows(data_copy / "smart_city_market.csv")
    first_value = market[1][market[0].index("value_bn_eur")]
    path = data_copy / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    fields = package["resources"][1]["schema"]["fields"]
    fields[2]["constraints"]["exclusiveMinimum"] = float(first_value)
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    assert error_for(data_copy, "smart_city_market") == (
        'data/smart_city_market.csv, line 2, field "value_bn_eur": '
        f'expected a number above {first_value}, found "{first_value}"'
    )


def test_unknown_resource_name():
    with pytest.raises(DataError, match='no resource named "breitband"'):
        data.load("breitband")


# ------------------------------------------------------------------------------------------------
# Command line (make check-data)
# ------------------------------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "brief.data", *args],
        capture_output=True, text=True, cwd=paths.ROOT, timeout=120,
    )


def test_cli_success():
    result = run_cli()
    assert result.returncode == 0, result.stderr
    counts = data.validate_package()
    assert result.stdout.strip() == f"data OK: {len(counts)} tables, {sum(counts.values())} rows"
    assert result.stderr == ""


def test_cli_failure_prints_the_message_first_and_exits_1(data_copy):
    set_cell(data_copy, "broadband", 5, "share_pct", "120")
    result = run_cli(str(data_copy))
    assert result.returncode == 1
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert first == (
        'data/broadband.csv, line 5, field "share_pct": '
        'expected a number between 0 and 100, found "120"'
    )
    assert "Traceback" not in result.stderr


def test_cli_failure_on_a_missing_file(data_copy):
    (data_copy / "sources.csv").unlink()
    result = run_cli(str(data_copy))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "data/sources.csv: file not found (listed in datapackage.json)"
    )
