"""The built book as a reader gets it: every chapter, in order, German, with key points,
citable anchors, resolved references, no warning, and nothing loaded from another host."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, toc_pages

PAGES = toc_pages()


# <link> rels that make the browser fetch or connect; canonical/alternate are only names.
FETCHING = {"stylesheet", "preload", "prefetch", "modulepreload", "icon", "shortcut",
            "apple-touch-icon", "manifest", "preconnect", "dns-prefetch", "prerender"}


class Page:
    """What the tests look at: lang, title, ids, classes, links and asset URLs."""

    def __init__(self, text: str):
        soup = BeautifulSoup(text, "html.parser")
        self.lang = soup.html.get("lang") if soup.html else None
        self.title = soup.title.get_text() if soup.title else ""
        self.ids: set[str] = {t["id"] for t in soup.find_all(id=True)}
        self.classes: set[str] = {c for t in soup.find_all(class_=True) for c in t["class"]}
        self.links: list[str] = [a["href"] for a in soup.find_all("a", href=True) if a["href"]]
        # (tag, url) for script/link/img/iframe
        self.assets: list[tuple[str, str]] = [
            (t.name, t["src"]) for t in soup.find_all(["script", "img", "iframe"], src=True)
        ] + [
            ("link", t["href"]) for t in soup.find_all("link", href=True)
            if FETCHING & {r.lower() for r in t.get("rel", [])}
        ]


def soup(site, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def read(site, page: str) -> Page:
    return Page((site / f"{page}.html").read_text(encoding="utf-8"))


def test_the_build_emits_no_warning(build_log):
    # Sphinx's own format ("file:line: WARNING: ..."). The kernel's log line about TCP on
    # localhost ("[IPKernelApp] WARNING | ...") is not a build warning and is not matched.
    problems = [
        line
        for line in build_log.splitlines()
        if re.search(r"(^|: )(WARNING|ERROR|CRITICAL|SEVERE):", line)
    ]
    assert problems == []


def test_every_toc_page_is_built(site):
    missing = [p for p in PAGES if not (site / f"{p}.html").exists()]
    assert missing == []


def test_pages_are_chained_in_toc_order(site):
    # Each page's "weiter" link points to the next page of _toc.yml.
    for here, following in zip(PAGES, PAGES[1:]):
        nxt = soup(site, here).select_one("a.right-next[href]")
        assert nxt, f"{here}: no link to the next page"
        assert nxt["href"].split("#")[0] == f"{following}.html", here


@pytest.mark.parametrize("page", PAGES)
def test_page_is_german_titled_and_opens_with_key_points(site, page):
    parsed = read(site, page)
    assert parsed.lang == "de"
    assert parsed.title.strip() and "Souveräne Smart City" in parsed.title
    assert "kernaussagen" in parsed.classes, f"{page}: no 'Das Wichtigste in Kürze' box"
    html = (site / f"{page}.html").read_text(encoding="utf-8")
    assert "Das Wichtigste in Kürze" in html


def test_theme_labels_are_german(site):
    html = (site / "markt.html").read_text(encoding="utf-8")
    assert "Zum Hauptinhalt springen" in html
    assert "Skip to main content" not in html


def test_start_page_theses_have_stable_anchors_that_link_to_chapters(site):
    index = read(site, "index")
    theses = sorted(
        (i for i in index.ids if re.fullmatch(r"these-\d+", i)), key=lambda s: int(s[6:])
    )
    assert 5 <= len(theses) <= 8
    assert theses == [f"these-{n}" for n in range(1, len(theses) + 1)]
    start = soup(site, "index")
    for anchor in theses:
        found = start.find(id=anchor)
        section = found if found.name == "section" else found.find_parent("section")
        # The thesis's own text, not its subsections.
        links = [a for a in section.find_all("a", href=True) if a.find_parent("section") is section]
        targets = {a["href"].split("#")[0] for a in links}
        assert targets & {f"{p}.html" for p in PAGES[1:]}, f"{anchor} links to no chapter"


# Every internal link and anchor of the whole site: tests/test_links.py.


def test_glossary_and_bibliography_are_linked_from_chapters(site):
    glossary_links = bibliography_entries = 0
    for page in PAGES:
        html = soup(site, page)
        glossary_links += len(html.select('a[href^="glossar.html#term-"]'))
        bibliography_entries += len(html.select(".footnote-reference, .footnote-list"))
    assert glossary_links >= 10
    assert bibliography_entries >= 10
    quellen = (site / "quellen.html").read_text(encoding="utf-8")
    assert "korkmaz" in quellen.lower() and "Die Chancen und Risiken der Smart City" in quellen


def test_no_page_refers_to_another_host(site):
    """Privacy: scripts, styles, images and frames all come from the site itself."""
    offenders = []
    for path in sorted(site.rglob("*.html")):
        for tag, url in Page(path.read_text(encoding="utf-8")).assets:
            parsed = urlparse(url)
            if parsed.scheme in ("http", "https") or url.startswith("//"):
                offenders.append(f"{path.relative_to(site)}: <{tag}> {url}")
    assert offenders == []


def test_pages_without_chart_load_no_chart_javascript(site):
    for page in PAGES:
        html = (site / f"{page}.html").read_text(encoding="utf-8")
        has_chart = 'class="brief-chart"' in html
        # Chart pages carry only the loader; it fetches Vega when a reader reaches a chart.
        loads_charts = "_static/brief-charts-loader.js" in html
        assert has_chart == loads_charts, page
        assert "_static/vendor/vega-" not in html and "_static/brief-charts.js" not in html, page


def test_metadata_comes_from_citation_cff(site):
    import yaml

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    html = (site / "index.html").read_text(encoding="utf-8")
    assert cff["title"] in read(site, "index").title
    assert all(a["name"] in html for a in cff["authors"] if "name" in a)


@pytest.mark.parametrize("page", PAGES)
def test_every_section_has_an_explicit_stable_label(page):
    """Anchors must survive a reworded heading: each ##/### heading carries its own label."""
    lines = (ROOT / "book" / f"{page}.md").read_text(encoding="utf-8").splitlines()
    in_code = False
    unlabelled = []
    for i, line in enumerate(lines):
        if line.startswith("```"):
            in_code = not in_code
        if in_code or not re.match(r"#{2,3} ", line):
            continue
        previous = next((p for p in reversed(lines[:i]) if p.strip()), "")
        if not re.fullmatch(r"\([a-z0-9-]+\)=", previous.strip()):
            unlabelled.append(f"{page}.md:{i + 1}: {line}")
    assert unlabelled == []


def test_data_downloads_are_served_and_linked(site):
    import json
    import zipfile

    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    files = [r["path"] for r in package["resources"]] + ["datapackage.json"]
    for name in files:
        served = site / "data" / name
        assert served.read_bytes() == (ROOT / "data" / name).read_bytes(), name
    methodik = (site / "methodik.html").read_text(encoding="utf-8")
    for name in files + ["souveraene-smart-city-daten.zip"]:
        assert f'href="data/{name}"' in methodik, name
    with zipfile.ZipFile(site / "data" / "souveraene-smart-city-daten.zip") as zf:
        packed = {Path(n).name for n in zf.namelist()}
    assert set(files) <= packed


UNCHANGED = re.compile(r"0 added, 0 changed, 0 removed")


def test_unchanged_rebuild_executes_nothing(build_log, second_build):
    """The notebook cache: a second build of an unchanged book runs no cell. When `make` built
    the book before the tests, the session's own build is that second build; otherwise the
    shared second build (a fresh folder with the session's cache) is built once more."""
    _, first, rebuild = second_build
    assert "Executing notebook" not in first
    log = build_log if UNCHANGED.search(build_log) else rebuild()
    assert "Executing notebook" not in log
    assert UNCHANGED.search(log)


def test_the_notebook_cache_key_covers_every_module_a_chapter_runs():
    """MyST-NB keys its cache on code only; the book adds data/ and every brief module a cell
    can reach. Import what the chapters import and compare with what Python actually loaded."""
    import subprocess
    import sys

    from brief.sphinxext import core as ext

    chapters = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "book").glob("*.md"))
    imports = sorted(set(re.findall(r"^(?:from|import) brief\b.*$", chapters, re.M)))
    assert imports, "the chapters import nothing from brief"
    probe = "\n".join(imports + [
        "import sys",
        "print(' '.join(sorted(m.__file__ for n, m in sys.modules.items()",
        "                      if n == 'brief' or n.startswith('brief.'))))",
    ])
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = {Path(name) for name in done.stdout.split()}
    hashed = set(ext.cell_modules())
    assert loaded - hashed == set(), "modules the cells run but the cache key ignores"
    package = ROOT / "scripts" / "brief"
    assert package / "sphinxext" / "core.py" not in hashed
    assert package / "sphinxext" / "cite.py" not in hashed
