"""Links that hold: every link inside the built site lands on a file and, with #, on an anchor.

All HTML files of _build/html are read: <a href>, <link href>, <script src>, <img src>,
<iframe src>, <source src> and <form action>, plus the site's own absolute addresses (the cite
boxes' links, canonical, og:url, og:image, citation_*_url, sitemap). Nothing is skipped
silently: links to other hosts are counted and left to the opt-in `make linkcheck-external`
(Sphinx's linkcheck builder), and links to the PDFs follow one stated rule (see
test_pdf_links_follow_the_stated_rule).
"""
from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from brief import metadata
from brief.metadata import read_metadata
from brief.tools import pdf

BASE = read_metadata()["url"]
REFERENCING = {"a": "href", "link": "href", "script": "src", "img": "src", "iframe": "src",
               "source": "src", "form": "action"}
OWN_URL_TAGS = {"og:url", "og:image", "twitter:image", "citation_public_url", "citation_pdf_url",
                "DC.identifier"}


class Refs:
    """Ids (and <a name>s), references (tag, url) and the site's own absolute addresses."""

    def __init__(self, text: str):
        soup = BeautifulSoup(text, "html.parser")
        self.ids: set[str] = {t["id"] for t in soup.find_all(id=True) if t["id"]}
        self.ids |= {t["name"] for t in soup.find_all("a", attrs={"name": True}) if t["name"]}
        self.refs: list[tuple[str, str]] = [  # (tag, url)
            (t.name, t[REFERENCING[t.name]]) for t in soup.find_all(list(REFERENCING))
            if t.get(REFERENCING[t.name]) is not None
        ]
        # absolute addresses under the base URL
        self.own: list[str] = [
            t.get("content", "") for t in soup.find_all("meta")
            if (t.get("property") or t.get("name")) in OWN_URL_TAGS
        ] + [t.get("href", "") for t in soup.find_all("link", rel="canonical")]


@functools.lru_cache(maxsize=None)
def parsed(path: Path) -> Refs:
    return Refs(path.read_text(encoding="utf-8"))


def pdf_rule(site: Path, target: Path) -> str | None:
    """PDFs are written by `make pdf` after the HTML. Rule: a link to pdf/X.pdf is valid when
    X is a PDF that `make pdf` writes; once pdf/ exists (after `make pdf`), the file must be
    there too. Returns a problem or None."""
    name = target.name
    planned = {metadata.pdf_name(None)} | {metadata.pdf_name(p) for p in pdf.toc_pages()}
    if name not in planned:
        return f"{name} is no PDF that `make pdf` writes"
    if (site / metadata.PDF_DIR).is_dir() and not target.exists():
        return f"{name} missing in {metadata.PDF_DIR}/ (run `make pdf` again)"
    return None


def resolve(site: Path, page: Path, url: str) -> tuple[str, int]:
    """Check one reference; returns (problem or "", 1 if it was checked here else 0)."""
    parts = urlsplit(url)
    if parts.scheme or url.startswith("//"):
        return "", 0
    target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
    if target.is_dir():
        target = target / "index.html"
    if site.resolve() not in (target.resolve(), *target.resolve().parents):
        return f"{url} leaves the site", 1
    if target.suffix == ".pdf" and target.parent.name == metadata.PDF_DIR:
        problem = pdf_rule(site, target)
        return (f"{url}: {problem}" if problem else ""), 1
    if target.parent.name == metadata.SLIDE_DIR and target.name in metadata.SLIDE_OUTPUTS:
        # The deck is written by `make slides` after the HTML (same rule as pdf/).
        missing = (site / metadata.SLIDE_DIR).is_dir() and not target.exists()
        problem = f"{url}: missing in {metadata.SLIDE_DIR}/ (run `make slides` again)"
        return (problem if missing else ""), 1
    if not target.exists():
        return f"{url}: no such file", 1
    anchor = unquote(parts.fragment)
    if anchor and target.suffix == ".html" and anchor not in parsed(target).ids:
        return f"{url}: no anchor #{anchor}", 1
    return "", 1


def pages_and_templates(site: Path) -> tuple[list[Path], list[Path]]:
    """Every HTML file of the site, split into pages and the themes' Jinja macro files that
    Sphinx copies into _static (sbt-webpack-macros.html, webpack-macros.html): those are
    template source, not pages, and no page may link them."""
    pages, templates = [], []
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        (templates if "{% macro" in text or "{%- macro" in text else pages).append(path)
    return pages, templates


def test_every_internal_link_and_anchor_in_the_site_resolves(site):
    broken, checked, other_hosts = [], 0, 0
    pages, templates = pages_and_templates(site)
    assert all(t.parent == site / "_static" for t in templates), templates
    for page in pages:
        for tag, url in parsed(page).refs:
            if url.startswith(("mailto:", "tel:", "javascript:", "data:")):
                other_hosts += 1
                continue
            if url.startswith(BASE):
                # The cite boxes' addresses under the base URL: this very site, checked offline.
                local = url.removeprefix(BASE) or "index.html"
                problem, counted = resolve(site, site / "index.html", local)
            else:
                problem, counted = resolve(site, page, url)
            checked += counted
            other_hosts += 1 - counted
            if problem:
                broken.append(f"{page.relative_to(site)}: <{tag}> {problem}")
    linked = {
        (page.parent / urlsplit(url).path).resolve()
        for page in pages for _, url in parsed(page).refs if not urlsplit(url).scheme
    }
    broken += [
        f"{t.relative_to(site)}: a template, linked from a page"
        for t in templates if t.resolve() in linked
    ]
    print(f"\n{checked} internal links checked in {len(pages)} pages; "
          f"{other_hosts} to other hosts left to `make linkcheck-external`; "
          f"not pages: {', '.join(t.name for t in templates)}")
    assert broken == []
    assert checked > 1000 and len(pages) >= 10


def test_thesis_figure_and_download_links_are_among_those_checked(site):
    """The links readers cite and download most: theses, figures, data, the PDFs."""
    hrefs = {url for page in site.glob("*.html") for tag, url in parsed(page).refs if tag == "a"}
    assert any(re.fullmatch(rf"({re.escape(BASE)})?index\.html#these-\d+", h) for h in hrefs)
    assert any(re.search(r"(\.html|^)#abb-[a-z0-9-]+$", h) for h in hrefs)
    assert any(h.startswith("data/") and h.endswith(".csv") for h in hrefs)
    assert any(h.startswith(f"{metadata.PDF_DIR}/") for h in hrefs)


def test_the_sites_own_absolute_addresses_map_to_files(site):
    """canonical, og:image, citation_public_url, sitemap: each names a file of this site."""
    own = [u for page in site.glob("*.html") for u in parsed(page).own]
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    own += [e.text for e in ET.parse(site / "sitemap.xml").findall("s:url/s:loc", ns)]
    assert len(own) > 50
    broken = []
    for url in own:
        if not url.startswith(BASE):
            broken.append(f"{url}: not under {BASE}")
            continue
        problem, _ = resolve(site, site / "index.html", url.removeprefix(BASE) or "index.html")
        if problem:
            broken.append(problem)
    assert broken == []


def test_pdf_links_follow_the_stated_rule(tmp_path):
    fake = tmp_path / "site"
    fake.mkdir()
    # Before `make pdf`: a PDF that `make pdf` writes is a valid target, any other is not.
    assert pdf_rule(fake, fake / metadata.PDF_DIR / "markt.pdf") is None
    assert "no PDF" in pdf_rule(fake, fake / metadata.PDF_DIR / "gibt-es-nicht.pdf")
    # Once pdf/ exists, a missing chapter PDF is a broken link.
    (fake / metadata.PDF_DIR).mkdir()
    assert "missing" in pdf_rule(fake, fake / metadata.PDF_DIR / "markt.pdf")
    (fake / metadata.PDF_DIR / "markt.pdf").write_bytes(b"%PDF-1.4")
    assert pdf_rule(fake, fake / metadata.PDF_DIR / "markt.pdf") is None


def test_a_broken_anchor_is_caught(site, tmp_path):
    page = tmp_path / "a.html"
    page.write_text(
        '<p id="da"></p><a href="a.html#da">ok</a><a href="#weg">x</a><a href="b.html">y</a>'
    )
    problems = [resolve(tmp_path, page, url)[0] for _, url in Refs(page.read_text()).refs]
    assert problems[0] == "" and "no anchor #weg" in problems[1] and "no such file" in problems[2]
