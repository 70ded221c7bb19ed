"""Data downloads that open by double-click in a German spreadsheet program.

Beside each ``data/<name>.csv`` (UTF-8, comma, decimal point: right for programs, wrong for a
double-click in German Excel, which put everything in one column and showed "lÃ¤ndlich"):

- ``<name>.xlsx``: German column headers, numbers as numbers, dates as dates, yes/no as
  "ja"/"nein", header row frozen, a second sheet "Spalten" explaining each column
  (written with xlsxwriter, pinned in requirements.txt);
- ``<name>-excel.csv``: the same German table as text, ``;``-separated, decimal comma, UTF-8
  with byte-order mark (so Excel recognises the encoding).

Both come from the checked tables (``brief.data.load``) and the column descriptions in
``datapackage.json``. Deterministic: same data, same bytes (fixed document dates).
"""
from __future__ import annotations

import csv
import io
import math
import re
from datetime import datetime
from pathlib import Path

import pandas as pd
import xlsxwriter

from brief import data, paths

# German headers for the data package's column names (shared across tables). A new column not
# listed here gets the first words of its German description; one without either stops the build.
HEADERS = {
    "source_id": "Quelle (Kennung)", "title": "Titel", "publisher": "Herausgeber",
    "url": "Adresse", "published": "Veröffentlicht", "accessed": "Abgerufen",
    "grade": "Einstufung", "role": "Rolle", "quoted_from": "Zitiert nach", "note": "Anmerkung",
    "study": "Studie", "year": "Jahr", "value_bn_eur": "Wert (Mrd. €)",
    "value_type": "Art des Werts", "segment": "Segment", "vintage": "Veröffentlichung",
    "method": "Methode", "series_break": "Neue Datenbasis", "ref_date": "Stichtag",
    "date_basis": "Grundlage des Datums", "bandwidth_mbit": "Bandbreite (Mbit/s)",
    "area": "Gemeindeprägung", "share_pct": "Anteil (%)", "qualifier": "Einschränkung",
    "series": "Datenbasis", "round": "Staffel", "category": "Kategorie",
    "projects": "Projekte (Anzahl)", "applications": "Bewerbungen (Anzahl)",
    "applications_qualifier": "Einschränkung Bewerbungen", "selected": "Ausgewählt (Anzahl)",
    "funding_m_eur": "Fördermittel (Mio. €)", "funding_qualifier": "Einschränkung Fördermittel",
    "funding_source_id": "Quelle Fördermittel (Kennung)", "motto": "Motto",
    "indicator": "Kennzahl", "value": "Wert", "unit": "Einheit", "typology": "Abgrenzung",
    "rank": "Platz", "city": "Stadt", "score": "Punkte", "cities_covered": "Bewertete Städte",
    "min_population": "Mindest-Einwohnerzahl", "service": "Einrichtung", "measure": "Messgröße",
    "region_type": "Raumtyp", "ref_year": "Datenjahr", "base": "Bezugsgruppe",
    "denominator": "Bezugsgröße", "pharmacies": "Apotheken (Anzahl)",
}
_FIXED = datetime(2000, 1, 1)  # document properties: no build clock in the file


class SpreadsheetError(ValueError):
    pass


def header(name: str, column: str, description: str = "") -> str:
    if column in HEADERS:
        return HEADERS[column]
    first = re.split(r"[(:;,]| = ", description, maxsplit=1)[0].strip()
    if not first:
        raise SpreadsheetError(
            f"data/{name}.csv: column {column!r} has neither a German header in "
            "brief/sphinxext/spreadsheets.py HEADERS nor a description in datapackage.json"
        )
    return first


def _cells(frame: pd.DataFrame, fields: list[dict]):
    """Each row as Python values: None for missing, 'ja'/'nein' for booleans."""
    for _, row in frame.iterrows():
        out = []
        for field in fields:
            value = row[field["name"]]
            missing = value is None or value is pd.NA
            missing = missing or (isinstance(value, float) and math.isnan(value))
            if missing or (field.get("type") == "date" and pd.isna(value)):
                out.append(None)
            elif field.get("type") == "boolean":
                out.append("ja" if bool(value) else "nein")
            elif field.get("type") == "date":
                out.append(pd.Timestamp(value).to_pydatetime())
            elif field.get("type") == "integer":
                out.append(int(value))
            elif field.get("type") == "number":
                out.append(float(value))
            else:
                out.append(str(value))
        yield out


def german_text(value) -> str:
    """A cell as German spreadsheet text: decimal comma, dates as TT.MM.JJJJ."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        text = repr(value).rstrip("0").rstrip(".") if value != int(value) else str(int(value))
        return text.replace(".", ",")
    return str(value)


def excel_csv(name: str, data_dir: Path = paths.DATA) -> bytes:
    fields = data.schema(name, data_dir)["fields"]
    frame = data.load(name, data_dir)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([header(name, f["name"], f.get("description", "")) for f in fields])
    for row in _cells(frame, fields):
        writer.writerow([german_text(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx(name: str, target: Path, data_dir: Path = paths.DATA) -> Path:
    fields = data.schema(name, data_dir)["fields"]
    frame = data.load(name, data_dir)
    book = xlsxwriter.Workbook(str(target), {"strings_to_urls": False})
    book.set_properties({"title": name, "created": _FIXED, "comments": "Souveräne Smart City"})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    date_format = book.add_format({"num_format": "dd.mm.yyyy"})
    sheet = book.add_worksheet("Daten")
    widths = []
    for col, field in enumerate(fields):
        title = header(name, field["name"], field.get("description", ""))
        sheet.write_string(0, col, title, bold)
        widths.append(len(title))
    for r, row in enumerate(_cells(frame, fields), start=1):
        for col, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, datetime):
                sheet.write_datetime(r, col, value, date_format)
                shown = 10
            elif isinstance(value, (int, float)):
                sheet.write_number(r, col, value)
                shown = len(german_text(value))
            else:
                sheet.write_string(r, col, value)
                shown = len(value)
            widths[col] = max(widths[col], min(shown, 60))
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width + 2)
    sheet.freeze_panes(1, 0)
    about = book.add_worksheet("Spalten")
    about.write_row(0, 0, ["Spalte", "Name in der CSV-Datei", "Bedeutung"], bold)
    for r, field in enumerate(fields, start=1):
        meaning = field.get("description", "")
        about.write_row(r, 0, [header(name, field["name"], meaning), field["name"], meaning])
    about.set_column(0, 1, 28)
    about.set_column(2, 2, 90)
    book.close()
    return target


def write(outdir: Path, data_dir: Path = paths.DATA) -> list[Path]:
    """Write both spreadsheet variants of every table into ``outdir`` (the site's data/)."""
    written = []
    for name in data.resource_names(data_dir):
        written.append(xlsx(name, outdir / f"{name}.xlsx", data_dir))
        target = outdir / f"{name}-excel.csv"
        target.write_bytes(excel_csv(name, data_dir))
        written.append(target)
    return written
