"""``{datendownloads}`` on Daten und Methodik: every data file with its title, rows and links to
the same table for spreadsheets (written by brief.sphinxext.spreadsheets at build end)."""
from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from brief import data, paths
from brief.sphinxext import assets


class DataDownloads(SphinxDirective):
    """``{datendownloads}``: a table of every data file with its title, rows and link."""

    has_content = False

    def run(self):
        package = json.loads((paths.DATA / "datapackage.json").read_text(encoding="utf-8"))
        table = nodes.table(classes=["brief-downloads"])
        group = nodes.tgroup(cols=3)
        table += group
        for width in (30, 55, 15):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        group += head
        head += self._row(["Datei", "Inhalt", "Zeilen"])
        body = nodes.tbody()
        group += body
        rows = data.validate_package()
        for res in package["resources"]:
            filename = Path(res["path"]).name
            files = self._link(filename)
            for label, target in (
                ("Excel", f"{res['name']}.xlsx"), ("CSV für Excel", f"{res['name']}-excel.csv")
            ):
                files += nodes.Text(" · ")
                files += nodes.reference(label, label, refuri=f"{assets.DATA_DIR}/{target}")
            body += self._row([files, res.get("title", res["name"]), str(rows[res["name"]])])
        body += self._row([
            self._link("datapackage.json"),
            "Beschreibung aller Tabellen (Frictionless Data Package)",
            "",
        ])
        body += self._row([self._link(assets.ZIP_NAME), "Alle Dateien in einem ZIP-Archiv", ""])
        return [table]

    @staticmethod
    def _link(filename: str) -> nodes.Node:
        para = nodes.paragraph()
        para += nodes.reference(filename, filename, refuri=f"{assets.DATA_DIR}/{filename}")
        return para

    @staticmethod
    def _row(cells) -> nodes.row:
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            entry += cell if isinstance(cell, nodes.Node) else nodes.paragraph(text=cell)
            row += entry
        return row
