"""Data downloads for German spreadsheet programs: beside each CSV an .xlsx and a ;-separated
UTF-8-with-BOM CSV with German headers, decimal commas and the same values as the data."""
from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
import zipfile

import pandas as pd
import pytest

from brief import data
from brief.sphinxext import spreadsheets

NAMES = data.resource_names()
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def read_xlsx(path) -> list[list]:
    """The first sheet's rows as Python values (strings and numbers), without a library."""
    with zipfile.ZipFile(path) as zf:
        shared = []
        if "xl/sharedStrings.xml" in zf.namelist():
            root = ET.fromstring(zf.read("xl/sharedStrings.xml"))
            shared = [
                "".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t"))
                for si in root.findall("m:si", NS)
            ]
        sheet = ET.fromstring(zf.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.find("m:sheetData", NS).findall("m:row", NS):
        cells = {}
        for c in row.findall("m:c", NS):
            col = re.match(r"[A-Z]+", c.get("r")).group(0)
            index = 0
            for ch in col:
                index = index * 26 + ord(ch) - 64
            v = c.find("m:v", NS)
            if v is None:
                value = None
            else:
                value = shared[int(v.text)] if c.get("t") == "s" else float(v.text)
            cells[index - 1] = value
        rows.append([cells.get(i) for i in range(max(cells) + 1)] if cells else [])
    return rows


def expected(name):
    fields = data.schema(name)["fields"]
    return fields, data.load(name)


@pytest.mark.parametrize("name", NAMES)
def test_excel_csv_opens_in_german_spreadsheets(site, name):
    raw = (site / "data" / f"{name}-excel.csv").read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8")), "UTF-8 byte-order mark missing"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    fields, frame = expected(name)
    head = rows[0]
    assert len(head) == len(fields) and len(rows) - 1 == len(frame)
    # German headers: none is the English column name of the CSV.
    assert not [h for h, f in zip(head, fields) if h == f["name"]]
    for i, field in enumerate(fields):
        column = [r[i] for r in rows[1:]]
        if field.get("type") == "number":
            values = frame[field["name"]]
            for text, value in zip(column, values):
                if pd.isna(value):
                    assert text == ""
                else:
                    assert "." not in text and float(text.replace(",", ".")) == pytest.approx(value)
        if field.get("type") == "date":
            assert all(re.fullmatch(r"\d\d\.\d\d\.\d{4}", t) for t in column if t)


@pytest.mark.parametrize("name", NAMES)
def test_xlsx_has_german_headers_and_real_numbers(site, name):
    rows = read_xlsx(site / "data" / f"{name}.xlsx")
    fields, frame = expected(name)
    csv_head = next(csv.reader(io.StringIO(
        (site / "data" / f"{name}-excel.csv").read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == csv_head
    assert len(rows) - 1 == len(frame)
    for i, field in enumerate(fields):
        if field.get("type") in ("number", "integer"):
            for row, value in zip(rows[1:], frame[field["name"]]):
                cell = row[i] if i < len(row) else None
                if pd.isna(value):
                    assert cell is None
                else:
                    assert isinstance(cell, float) and cell == pytest.approx(float(value))


def test_spreadsheets_are_the_same_bytes_every_build(tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    spreadsheets.xlsx(NAMES[-1], first)
    spreadsheets.xlsx(NAMES[-1], second)
    assert first.read_bytes() == second.read_bytes()


def test_methodik_links_every_spreadsheet_with_a_hint(site):
    text = (site / "methodik.html").read_text(encoding="utf-8")
    for name in NAMES:
        assert f'href="data/{name}.xlsx"' in text and f'href="data/{name}-excel.csv"' in text
    assert "Doppelklick" in text
