"""A German bibliography style for sphinxcontrib-bibtex (pybtex plugin ``brief``).

Why: pybtex's ``plain``/``unsrt`` style prints English words ("visited on", "URL:", "and",
"editors", "Technical Report"), and "visited on" claimed that every page was retrieved on the
date in ``urldate``. In this book ``urldate`` is the day a source's reading entered the project
(``accessed`` in ``data/sources.csv``), not a retrieval. So the style says "übernommen am";
only an entry with its own field ``retrieved`` (a real retrieval date) says "abgerufen am".
"""
from __future__ import annotations

import datetime as dt

from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import date, pages
from pybtex.style.template import (
    field,
    first_of,
    href,
    join,
    names,
    optional,
    optional_field,
    sentence,
    tag,
    words,
)

from brief import metadata

PLUGIN_NAME = "brief"


def german_date(text) -> Text:
    """ "2026-11-27" -> "27.11.2026"; anything else stays as written."""
    try:
        day = dt.date.fromisoformat(str(text))
    except ValueError:
        return text
    return Text(metadata.german_date(day))


class GermanStyle(UnsrtStyle):
    """``plain`` with German words and an honest date after each address."""

    default_sorting_style = "author_year_title"  # as pybtex's "plain", which this replaces

    def format_names(self, role, as_sentence=True):
        formatted = names(role, sep=", ", sep2=" und ", last_sep=" und ")
        return sentence[formatted] if as_sentence else formatted

    def format_editor(self, e, as_sentence=True):
        editors = self.format_names("editor", as_sentence=False)
        result = join(sep=" ")[editors, "(Hrsg.)"]
        return sentence[result] if as_sentence else result

    def format_volume_and_series(self, e, as_sentence=True):
        return optional[
            words[
                words["Band", field("volume")],
                optional[words["von", field("series")]],
            ]
        ]

    def get_article_template(self, e):
        volume_and_pages = first_of[
            optional[join[field("volume"), optional["(", field("number"), ")"], ":", pages]],
            optional[words["Heft", field("number"), optional[words[", S.", pages]]]],
            words["S.", pages],
        ]
        return toplevel[
            self.format_names("author"),
            self.format_title(e, "title"),
            sentence[
                join(sep=" ")["In:", tag("em")[field("journal")]],
                optional[volume_and_pages],
                date,
            ],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def get_techreport_template(self, e):
        return toplevel[
            sentence[self.format_names("author")],
            self.format_title(e, "title"),
            sentence[
                words[first_of[optional_field("type"), "Bericht"], optional_field("number")],
                field("institution"),
                optional_field("address"),
                date,
            ],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def _thesis(self, e, title, kind: str):
        return toplevel[
            sentence[self.format_names("author")],
            title,
            sentence[
                first_of[optional_field("type"), kind],
                field("school"),
                optional_field("address"),
                date,
            ],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def get_phdthesis_template(self, e):
        return self._thesis(e, self.format_btitle(e, "title"), "Dissertation")

    def get_mastersthesis_template(self, e):
        return self._thesis(e, self.format_title(e, "title"), "Masterarbeit")

    def format_web_refs(self, e):
        when = first_of[
            optional[join[" (abgerufen am ", field("retrieved", apply_func=german_date), ")"]],
            optional[join[" (übernommen am ", field("urldate", apply_func=german_date), ")"]],
        ]
        return sentence[
            optional[self.format_url(e), when],
            optional[self.format_doi(e)],
        ]

    def format_url(self, e):
        url = field("url", raw=True)
        return words["Online:", href(url)[url]]


def register() -> None:
    """Make ``bibtex_default_style: brief`` available (idempotent)."""
    register_plugin("pybtex.style.formatting", PLUGIN_NAME, GermanStyle, force=True)
