"""Every label a reader meets is German: visible text and the names assistive technology reads
(aria-label, title, placeholder, alt) on every built page, plus the search page's messages.

The theme and Sphinx bring English labels ("Link to this heading", "Toggle primary sidebar",
"Search...", "Main", "Page"); book/locales/de/ and book/_templates/ replace them.
"""
from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from conftest import toc_pages

PAGES = toc_pages() + ["search", "genindex"]
# English interface words the theme or Sphinx could bring; none belongs in this German book.
ENGLISH = re.compile(
    r"\b(Link to this|Toggle|Search|Main|Page|Skip to|Back to top|Previous|Next|Contents|"
    r"On this page|visited on|Light|Dark|Close|Copy|Download|Print)\b"
)
# In visible text only phrases that German prose never contains ("Index" names a Bitkom study).
ENGLISH_TEXT = re.compile(
    r"\b(Link to this|Toggle|Search|Skip to|Back to top|Previous|Next|On this page|"
    r"visited on|Copy to clipboard|Download)\b"
)
NAMED = ("aria-label", "title", "placeholder", "alt", "aria-description", "data-bs-title")


def english_labels(text: str) -> list[str]:
    soup = BeautifulSoup(text, "html.parser")
    for hidden in soup.select("script, style, svg, pre, code"):
        hidden.decompose()
    found = []
    for tag in soup.find_all(True):
        for attr in NAMED:
            value = tag.get(attr)
            if value and ENGLISH.search(value):
                found.append(f'<{tag.name} {attr}="{value}">')
    body = soup.body or soup
    for string in body.find_all(string=True):
        # Titles of English-language sources in the bibliography are quotations, not labels.
        if string.find_parent(class_=re.compile("citation|footnote|bibliography|brief-cite")):
            continue
        if ENGLISH_TEXT.search(string):
            found.append(f"text: {string.strip()[:80]!r}")
    return found


@pytest.mark.parametrize("page", PAGES)
def test_no_english_label_on_the_page(site, page):
    text = (site / f"{page}.html").read_text(encoding="utf-8")
    assert english_labels(text) == []


def test_the_check_finds_the_themes_english_labels():
    sample = (
        '<html><body><button title="Toggle primary sidebar"></button>'
        '<input placeholder="Search..."><a class="headerlink" title="Link to this heading">#</a>'
        "<p>Ein Absatz auf Deutsch.</p></body></html>"
    )
    assert len(english_labels(sample)) == 3


def test_search_messages_are_german_with_a_hit_count(site):
    script = (site / "_static" / "translations.js").read_text(encoding="utf-8")
    found = re.search(r"Documentation\.addTranslations\((\{.*\})\);", script, re.S)
    messages = json.loads(found.group(1))["messages"]
    found = messages["Search finished, found ${resultCount} page(s) matching the search query."]
    assert "${resultCount}" in found and "Treffer" in found
    none = messages[
        "Your search did not match any documents. Please make sure that all words are spelled "
        "correctly and that you've selected enough categories."
    ]
    assert "Kategorien" not in none and none.startswith("Keine")
    assert messages["Search Results"] == "Suchergebnisse"
