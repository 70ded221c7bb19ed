"""The print edition: ``make pdf`` (``python -m brief.tools.pdf``) prints the built site to PDF.

It writes, into _build/html/pdf/ (so the site links and serves them):

- ``souveraene-smart-city.pdf``: the whole book, a title page (title, authors, version, date,
  address, licence, contents), then every page in _toc.yml order, links between chapters kept
  as links inside the PDF;
- ``<page>.pdf`` for every page of the book: a handout of one chapter.

Each PDF is printed once: the handouts first, then the book, whose contents know from the
handouts' lengths on which page each chapter starts (see ``print_book``). The handouts are not
cut from the book: their header, footer ("Seite 1 von 10") and links are their own.

Engine: headless Chromium (Debian's package, which the browser tests already need) through
Playwright's ``page.pdf()``; why this engine: README, "Entscheidungen".

The layout is the site's print stylesheet (book/_static/brief-print.css), the same one the
browser's own "Drucken" uses. Before printing, every <details> (chart descriptions and data
tables) is opened, and links into the site are pointed at the public address (baseurl), or at
the place inside the PDF when the target is part of it. The charts are printed as the static
SVG rendered at build time: the Vega runtime is not loaded here, so what prints is exactly
what the build rendered.
"""
from __future__ import annotations

import argparse
import html
import re
import sys
import time
from datetime import date
from pathlib import Path

from brief import paths
from brief.metadata import PDF_DIR, authors_text, build_date, german_date, pdf_name, read_metadata
from brief.sphinxext import csp, firstview
from brief.tools.browser import serve
from brief.tools.build import toc_pages
from brief.tools.pdffile import chapter_pages, finish

TITLE_PAGES = 1  # the whole book's title page with the contents: one sheet (brief-print.css)
A4_MARGIN = {"top": "20mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
# Chromium's header and footer live in the page margin and know no page CSS: inline styles.
BAND = (
    'style="font-family: sans-serif; font-size: 7.5pt; color: #555; width: 100%; '
    'margin: 0 16mm; display: flex; justify-content: space-between; gap: 8mm;"'
)


# The print preparation (links, ids, the whole book's chapters, open <details>, contents page
# numbers) is a script of its own, added to each page before it loads; see its head comment.
PREPARE_JS = Path(__file__).with_name("pdf-prepare.js")


def _band(left: str, right: str) -> str:
    return f"<div {BAND}><span>{left}</span><span>{right}</span></div>"


def _print(page, target: Path, meta: dict, day: date, header: str, address: str) -> None:
    """``page`` as A4 PDF into ``target``, with bookmarks and tags; header: ``header`` (HTML)
    and the version, footer: ``address`` and "Seite n von m" (Chromium's own bands)."""
    e = html.escape
    page.pdf(
        path=str(target), format="A4", margin=A4_MARGIN, print_background=True,
        display_header_footer=True, outline=True, tagged=True,
        header_template=_band(header, f"Version {e(meta['version'])} vom {german_date(day)}"),
        footer_template=_band(
            e(address),
            'Seite <span class="pageNumber"></span> von <span class="totalPages"></span>',
        ),
    )


def title_page(meta: dict, day: date, pages: list[tuple[str, str]]) -> str:
    """The whole book's first page: title, authors, version, date, address, contents."""
    e = html.escape
    contents = "".join(f'<li><a href="#{e(p)}">{e(t)}</a></li>' for p, t in pages)
    return (
        '<section class="brief-title-page">'
        f'<h1 class="brief-title">{e(meta["title"])}</h1>'
        f'<p class="brief-title-abstract">{e(meta["abstract"])}</p>'
        f'<p class="brief-title-authors">{e(authors_text(meta["authors"]))}</p>'
        f'<p class="brief-title-version">Version {e(meta["version"])} vom {german_date(day)}</p>'
        f'<p class="brief-title-url">{e(meta["url"])}</p>'
        f'<p class="brief-title-license">Text und Daten: {e(meta["license"])}. '
        f"Code: MIT. Zitierangaben am Ende jedes Kapitels.</p>"
        '<nav class="brief-title-contents" aria-label="Inhalt">'
        # A list without numbers: the chapter titles carry their own ("1. Markt …").
        f'<h2>Inhalt</h2><ul class="brief-title-toc">{contents}</ul></nav>'
        "</section>"
    )


def _open(browser, url: str, whole_css_from: Path | None = None):
    """A page of the served site, ready for briefPrint. ``whole_css_from`` (the site folder):
    the page comes with every rule of its stylesheets, not only its own share
    (brief.sphinxext.firstview), because the whole book puts every page's content into it."""
    page = browser.new_page(locale="de-DE")
    page.add_init_script(path=str(PREPARE_JS))
    # The static SVG from the build is what prints: keep the live-chart runtime away.
    page.route(re.compile(r".*/_static/vendor/vega-[^/]*\.js.*"), lambda route: route.abort())
    if whole_css_from is not None:
        name = url.rsplit("/", 1)[-1]
        text = (whole_css_from / name).read_text(encoding="utf-8")
        text = firstview.whole_sheets(
            text, lambda href: (whole_css_from / href).read_text(encoding="utf-8")
        )
        body = csp.secure_page(text, name)[0]  # the policy allows the whole blocks instead
        page.route(url, lambda route: route.fulfill(status=200, content_type="text/html",
                                                    body=body))
    page.goto(url, wait_until="load")
    return page


def page_title(site: Path, name: str) -> str:
    """A built page's h1 as the PDF shows it (section number included, no "#"), read from the
    file: the title page and the handout header need it before the page is opened."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
    heading = soup.select_one("article.bd-article h1")
    if heading is None:
        raise SystemExit(f"{site / f'{name}.html'}: no <h1> in the article to title the PDF")
    for link in heading.select(".headerlink"):
        link.decompose()
    return heading.get_text().strip()


def print_page(browser, base: str, name: str, target: Path, meta: dict, day: date,
               heading: str) -> Path:
    """One page of the book, titled ``heading``, as a handout PDF."""
    page = _open(browser, f"{base}/{name}.html")
    try:
        headings = page.evaluate(
            "(options) => window.briefPrint.prepare(options)",
            {"publicBase": meta["url"], "pages": [], "book": False, "titlePage": "", "title": ""},
        )
        e = html.escape
        _print(page, target, meta, day, f"{e(meta['title'])} · {e(heading)}",
               f"{meta['url']}{name}.html")
    finally:
        page.close()
    return finish(
        target, meta, f"{heading} – {meta['title']}",
        f"Kapitel „{heading}“ aus {meta['title']}, "
        f"Version {meta['version']} vom {german_date(day)}",
        headings,
    )


def print_book(browser, base: str, titles: list[tuple[str, str]], target: Path, meta: dict,
               day: date, lengths: list[int] | None = None, site: Path = paths.HTML) -> Path:
    """The whole book: title page, then every page (``titles``: name and heading, in order).

    Chromium cannot number the contents itself (no CSS target-counter): the bookmarks of a
    print tell on which page each chapter starts, and a second print shows the numbers. With
    ``lengths`` (each page's handout length, printed in the same run) one print does: every
    chapter starts on a new sheet and lays out as in its handout, so the numbers are known
    beforehand; the bookmarks confirm them, and only if they differ is the book printed again.
    """
    pages = [name for name, _ in titles]
    chapters = [heading for _, heading in titles]
    page = _open(browser, f"{base}/{pages[0]}.html", whole_css_from=site)
    try:
        headings = page.evaluate(
            "(options) => window.briefPrint.prepare(options)",
            {
                "publicBase": meta["url"], "pages": pages, "book": True,
                "titlePage": title_page(meta, day, titles),
                "title": f"{meta['title']} (Version {meta['version']})",
            },
        )

        def print_numbered(starts: list[int] | None) -> list[int]:
            if starts:
                page.evaluate("(starts) => window.briefPrint.numberContents(starts)", starts)
            _print(page, target, meta, day, html.escape(meta["title"]), meta["url"])
            return chapter_pages(target, chapters)

        expected = None
        if lengths:
            expected = [TITLE_PAGES + 1 + sum(lengths[:i]) for i in range(len(lengths))]
        starts = print_numbered(expected)
        if starts != expected and print_numbered(starts) != starts:
            raise RuntimeError(f"{target}: page numbers moved when the contents got numbers")
    finally:
        page.close()
    return finish(
        target, meta, meta["title"], meta.get("abstract") or meta["title"], headings
    )


def build(
    site: Path = paths.HTML,
    outdir: Path | None = None,
    pages: list[str] | None = None,
    book: bool = True,
    browser=None,
) -> list[Path]:
    """Print the handouts for ``pages`` (default: every page) and, if ``book``, the whole book.

    ``browser``: a running Playwright Chromium to print with (the tests share one); without it,
    one is launched and closed here.
    """
    if browser is None:
        from playwright.sync_api import sync_playwright

        from brief.tools.browser import launch

        with sync_playwright() as playwright:
            own = launch(playwright)
            try:
                return build(site, outdir, pages, book, browser=own)
            finally:
                own.close()
    outdir = outdir or site / PDF_DIR
    outdir.mkdir(parents=True, exist_ok=True)
    meta, day = read_metadata(), build_date()
    everything = toc_pages()
    missing = [p for p in everything if not (site / f"{p}.html").exists()]
    if missing:
        raise SystemExit(f"{site}: pages missing ({', '.join(missing)}): run `make` first")
    titles = {name: page_title(site, name) for name in everything}
    handouts = {}
    with serve(site) as base:
        for name in everything if pages is None else pages:
            handouts[name] = print_page(
                browser, base, name, outdir / pdf_name(name), meta, day, titles[name]
            )
        if not book:
            return list(handouts.values())
        # Printed after the handouts: with all of them at hand, the book prints once.
        lengths = [page_count(handouts[n]) for n in everything] if pages is None else None
        target = outdir / pdf_name(None)
        whole = print_book(browser, base, list(titles.items()), target, meta, day, lengths,
                           site)
    return [whole, *handouts.values()]


def page_count(path: Path) -> int:
    """Pages of a PDF file (pypdf)."""
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def linked_pdfs(site: Path) -> set[str]:
    """Every pdf/... file a built page links (the names must all exist after `make pdf`)."""
    found = set()
    for page in site.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        found.update(re.findall(rf'href="{PDF_DIR}/([^"#?]+\.pdf)"', text))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=paths.HTML, help="built site (_build/html)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (<site>/pdf)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    written = build(args.site.resolve(), args.out.resolve() if args.out else None)
    seconds = time.perf_counter() - started
    for path in written:
        shown = path.relative_to(paths.ROOT) if paths.ROOT in path.parents else path
        print(f"{shown}: {page_count(path)} Seiten, {path.stat().st_size / 1024:.0f} KB")
    total = sum(p.stat().st_size for p in written)
    print(f"{len(written)} PDFs, {total / 1024 / 1024:.1f} MB, in {seconds:.1f} s")
    outdir = args.out or args.site / PDF_DIR
    unlinked = sorted(n for n in linked_pdfs(args.site) if not (outdir / n).exists())
    if unlinked:
        print(f"linked but not written: {', '.join(unlinked)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
