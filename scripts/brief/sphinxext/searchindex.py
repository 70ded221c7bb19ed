"""Search that reads well (a Sphinx extension, listed in _config.yml).

- The index leaves out chart drawings: Sphinx indexes raw HTML by stripping its tags, so every
  axis label of every static chart SVG became searchable text ("020406080100Anteil in Prozent").
  The chart's title, description and data table stay searchable.
- The result snippets leave out charts and page chrome: ``_static/brief-snippets.js`` (search page
  only) replaces Sphinx's ``Search.htmlToText``.
- German result messages with the hit count: Sphinx's German catalog has no text for "Search
  finished, found ${resultCount} page(s)…" (the reader saw English) and its no-result text
  speaks of "Kategorien" this search does not have. The JavaScript catalog is Sphinx's German
  one plus these overrides, written at config time to ``book/locales/de/LC_MESSAGES/sphinx.js``
  (generated, not in git), where Sphinx looks first.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import sphinx
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.search import IndexBuilder

SNIPPET_SCRIPT = "brief-snippets.js"
JS_MESSAGES = {
    "Search finished, found ${resultCount} page(s) matching the search query.":
        "${resultCount} Seite(n) mit Treffern gefunden.",
    "Your search did not match any documents. Please make sure that all words are spelled "
    "correctly and that you've selected enough categories.":
        "Keine Treffer. Prüfen Sie die Schreibweise oder versuchen Sie ein anderes Wort.",
    "Search Results": "Suchergebnisse",
    "Searching": "Suche läuft",
    "Preparing search...": "Suche wird vorbereitet …",
    "Hide Search Matches": "Treffer nicht mehr hervorheben",
    "Searching for multiple words only shows matches that contain\n    all words.":
        "Bei mehreren Wörtern zeigt die Suche nur Seiten, die alle Wörter enthalten.",
}
_SVG = re.compile(r"<svg\b.*?</svg>", re.S | re.I)
_TAGS = re.compile(r"<(?!/?(?:script|style)\b)[^<>]+>", re.I)
_CATALOG = re.compile(r"Documentation\.addTranslations\((\{.*\})\);", re.S)


def js_catalog(language: str) -> str:
    """Sphinx's own JavaScript catalog for the language, with JS_MESSAGES laid over it."""
    builtin = Path(sphinx.__file__).parent / "locale" / language / "LC_MESSAGES" / "sphinx.js"
    data = json.loads(_CATALOG.search(builtin.read_text(encoding="utf-8")).group(1))
    data["messages"].update(JS_MESSAGES)
    text = json.dumps(data, ensure_ascii=False, indent=4, sort_keys=True)
    return f"Documentation.addTranslations({text});\n"


def on_config_inited(app: Sphinx, config) -> None:
    if config.language != "de":
        return
    # Sphinx reads .po catalogs relative to the source folder but looks for sphinx.js relative
    # to the working directory: absolute paths serve both.
    config.locale_dirs = [str(Path(app.srcdir) / d) for d in config.locale_dirs]
    target = Path(config.locale_dirs[0]) / "de" / "LC_MESSAGES" / "sphinx.js"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = js_catalog("de")
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def without_chart_drawings(doctree: nodes.document) -> nodes.document:
    """A copy of the page for the index: chart SVGs removed from raw HTML outputs."""
    copy = doctree.deepcopy()
    for raw in list(copy.findall(nodes.raw)):
        text = raw.astext()
        if "<svg" in text:
            # Tags become spaces: Sphinx strips them without one, gluing table cells together.
            text = _TAGS.sub(" ", _SVG.sub(" ", text))
            raw.replace_self(nodes.raw("", text, format=raw.get("format", "html")))
    return copy


_feed = IndexBuilder.feed


def _feed_without_charts(self, docname, filename, title, doctree):
    return _feed(self, docname, filename, title, without_chart_drawings(doctree))


def on_html_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """The snippet script only on the search page."""
    if pagename != "search" and "script_files" in context:
        context["script_files"][:] = [
            a for a in context["script_files"]
            if not str(getattr(a, "filename", a) or "").endswith(SNIPPET_SCRIPT)
        ]


def setup(app: Sphinx) -> dict:
    # Sphinx builds its IndexBuilder itself; wrapping feed() is the one place that sees each
    # page's doctree before it is indexed.
    IndexBuilder.feed = _feed_without_charts
    app.connect("config-inited", on_config_inited)
    app.connect("html-page-context", on_html_page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
