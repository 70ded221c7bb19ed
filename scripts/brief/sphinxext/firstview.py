"""What holds a page's first paint, taken out of its way (issue 11: LCP, TBT).

Measured on the budgets' slow 4G (brief.tools.budgets, 562.5 ms per request): Chromium fetched
the eight synchronous scripts of every <head> one after another, about 600 ms each, before it
painted anything, and theme.css imported Sphinx's basic.css, a second round trip in a row
before the first paint. Nothing those scripts do is needed to show the text. So:

- every script file of a page gets ``defer`` (it loads in parallel and runs after parsing);
  the inline page settings of Sphinx and the theme (``DOCUMENTATION_OPTIONS.pagename = …``)
  become ``type="module"``, which also runs after parsing, in document order, so each still
  runs after documentation_options.js defines the object. The colour-mode script of
  book/_templates/layout.html stays synchronous, or dark mode would flash light first.
  The Content Security Policy hashes the inline bodies, unchanged (brief.sphinxext.csp).
- the print stylesheet gets ``media="print"``: the screen does not wait for it; printing and
  ``make pdf`` (print media) still apply it.
- theme.css carries basic.css's rules itself instead of ``@import``-ing them.
- every screen stylesheet is written into the page as a ``<style>`` in the link's place (same
  rules, same order in the cascade): the stylesheets were still a second round trip in a row
  (562.5 ms each) and the page painted only after the largest had arrived (LCP 1.8-2.6 s on
  every page; inlined, 0.90-1.04 s; README, "Entscheidungen"). The Content Security Policy
  allows each block by its hash (brief.sphinxext.csp); ``style-src`` stays without
  ``'unsafe-inline'``. The block names its file (``data-brief-css``), so a rebuild that does
  not rewrite a page still refreshes the rules from the file.
- each page keeps only the rules its own HTML and scripts can use (brief.sphinxext.cssprune):
  a rule needing a class that neither the page nor a script it loads ever names cannot match
  there. The theme's stylesheet alone, already cut to what the whole site uses
  (brief.sphinxext.assets), was 122 KB in every page.

tests/test_first_view.py checks all four in every built page.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

from sphinx.application import Sphinx

from brief.sphinxext import cssprune, rewrite_pages

PRINT_CSS = "brief-print.css"  # under _static/; Jupyter Book adds every .css there to each page
THEME_ENTRY_CSS = "styles/theme.css"  # under _static/: the theme's first stylesheet
_IMPORT_BASIC = re.compile(r"""@import\s+["']\.\./basic\.css["'];""")
_RELATIVE_URL = re.compile(r"""url\((?!["']?(?:data:|/|https?:|#))["']?([^"')]+)["']?\)""")
_RUNNABLE = {None, "", "text/javascript", "application/javascript"}
_SHEET_LINK = re.compile(r"<link\b[^>]*\brel=\"stylesheet\"[^>]*>")
INLINED = re.compile(r'<style data-brief-css="(?P<href>[^"]+)">.*?</style>', re.DOTALL)
_HREF = re.compile(r'\bhref="(?P<href>[^"?#]+)[^"]*"')
_SCRIPT_TAG = re.compile(r"<script\b[^>]*>")
_SRC = re.compile(r'\bsrc="(?P<src>[^"?#]+)[^"]*"')
_DATA_LOAD = re.compile(r'\bdata-load="(?P<files>[^"]*)"')
# Lines only for the server copy: a source map a browser fetches when devtools open, and
# @charset, which means nothing inside a page (the page is UTF-8).
_FILE_ONLY = re.compile(r'/\*# sourceMappingURL=[^*]*\*/|@charset "[^"]*";')


def print_css_for_print_only(app: Sphinx, config) -> None:
    config.html_css_files = [
        (PRINT_CSS, {"media": "print"}) if f == PRINT_CSS else f for f in config.html_css_files
    ]


def deferred(asset):
    """The script asset so that it never blocks the first paint (see the module's docstring)."""
    if isinstance(asset, str):
        return asset  # an old-style string asset renders plain; this book has none
    attrs = dict(asset.attributes)
    if asset.filename and not attrs.get("async"):
        attrs["defer"] = "defer"
    elif not asset.filename and attrs.get("type") in _RUNNABLE:
        attrs["type"] = "module"
    else:
        return asset
    return type(asset)(asset.filename, priority=asset.priority, **attrs)


def defer_scripts(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """The last html-page-context handler: the theme adds its inline settings in its own."""
    if "script_files" in context:
        # In place: the builder's add_js_file appends to this very list.
        context["script_files"][:] = [deferred(a) for a in context["script_files"]]


def inline_basic_css(static_dir: Path) -> bool:
    """Put Sphinx's basic.css into theme.css in place of its ``@import`` (same rules, same
    place in the cascade; relative urls move one folder up). False if already done."""
    entry = static_dir / THEME_ENTRY_CSS
    text = entry.read_text(encoding="utf-8")
    if not _IMPORT_BASIC.search(text):
        return False
    basic = (static_dir / "basic.css").read_text(encoding="utf-8")
    basic = _RELATIVE_URL.sub(lambda m: f"url(../{m.group(1)})", basic)
    entry.write_text(_IMPORT_BASIC.sub(lambda _: basic, text), encoding="utf-8")
    return True


def inline_css(css: str, href: str) -> str:
    """A stylesheet's text as a page's ``<style>`` body: url()s resolve from the page now."""
    folder = posixpath.dirname(href)
    css = _RELATIVE_URL.sub(
        lambda m: f"url({posixpath.normpath(posixpath.join(folder, m.group(1)))})", css
    )
    css = _FILE_ONLY.sub("", css).strip()
    if "</style" in css.lower():
        raise ValueError(f"{href}: '</style' would end the inline block early")
    return css


def loaded_scripts(page: str) -> list[str]:
    """Every script file of the site a page runs (hrefs from the page): its ``<script src>``
    and the files brief-charts-loader.js loads later (its ``data-load``, relative to it)."""
    found = []
    for tag in _SCRIPT_TAG.finditer(page):
        src = _SRC.search(tag.group(0))
        if not src or "://" in src.group("src"):
            continue
        found.append(src.group("src"))
        later = _DATA_LOAD.search(tag.group(0))
        if later:
            folder = posixpath.dirname(src.group("src"))
            found += [posixpath.join(folder, name) for name in later.group("files").split()]
    return found


def page_words(page: str, read) -> set[str]:
    """The words that can name a class on this page: its HTML (without the stylesheets an
    earlier build put in) and every script it runs, which may add classes to elements."""
    named = cssprune.words(INLINED.sub("", page))
    for href in loaded_scripts(page):
        named |= cssprune.words(read(href))
    return named


def inline_sheets(page: str, read) -> str:
    """The page with every screen stylesheet link (or block inlined by an earlier build)
    replaced by ``<style data-brief-css="href">rules</style>`` holding the rules the page can
    use; print stylesheets and links outside the site stay. ``read(href)`` gives the text of a
    stylesheet or script named in the page."""
    dead = cssprune.needs_unnamed_class(page_words(page, read))

    def block(href: str) -> str:
        css = cssprune.drop_rules(inline_css(read(href), href), dead)
        return f'<style data-brief-css="{href}">{css}</style>'

    def link(match: re.Match) -> str:
        tag, href = match.group(0), _HREF.search(match.group(0))
        if 'media="print"' in tag or not href or "_static/" not in href.group("href"):
            return tag
        if "://" in href.group("href"):
            return tag
        return block(href.group("href"))

    page = INLINED.sub(lambda m: block(m.group("href")), page)
    return _SHEET_LINK.sub(link, page)


def whole_sheets(page: str, read) -> str:
    """The page with each of its stylesheet blocks whole again (every rule of the file): for
    a page that takes in other pages' content, such as the whole book in print
    (brief.tools.pdf), whose classes its own share of the rules does not cover."""

    def whole(match: re.Match) -> str:
        href = match.group("href")
        return f'<style data-brief-css="{href}">{inline_css(read(href), href)}</style>'

    return INLINED.sub(whole, page)


ARTICLE = '<article class="bd-article">'
ARTICLE_ID = "brief-article"
EXPECT = f'<link rel="expect" href="#{ARTICLE_ID}" blocking="render" />'


def paint_after_header(page: str) -> str:
    """The page with its first paint held until the article begins (``rel=expect``, Chromium
    124+; other browsers ignore it). Without it Chromium sometimes painted while the parser was
    still inside the header: the buttons that came next pushed the shown ones aside (CLS 0.004
    on quellen in one of six loads at 4x CPU, measured 29.11.2026). A page without an article
    (the share pages) stays as it is."""
    if ARTICLE not in page:
        return page
    page = page.replace(ARTICLE, f'<article class="bd-article" id="{ARTICLE_ID}">', 1)
    return page if EXPECT in page else page.replace("</head>", f"{EXPECT}\n</head>", 1)


def inline_site_sheets(outdir: Path) -> int:
    """Inline the screen stylesheets of every page under ``outdir`` and hold its first paint
    until the header is complete; returns pages changed."""
    texts: dict[Path, str] = {}

    def finish(text: str, name: str) -> str:
        folder = (outdir / name).parent

        def read(href: str) -> str:
            file = (folder / href).resolve()
            if file not in texts:  # Vega and the theme's scripts: read once per build
                texts[file] = file.read_text(encoding="utf-8")
            return texts[file]

        return paint_after_header(inline_sheets(text, read))

    return rewrite_pages(outdir, finish)


def on_build_finished(app: Sphinx, exception) -> None:
    if exception is None and app.builder.format == "html":
        inline_basic_css(Path(app.outdir) / "_static")
        inline_site_sheets(Path(app.outdir))


def setup(app: Sphinx) -> None:
    """Called by brief.sphinxext.core's setup."""
    app.connect("config-inited", print_css_for_print_only, priority=450)
    app.connect("html-page-context", defer_scripts, priority=1000)
    # Before the Content Security Policy (priority 900) hashes the pages.
    app.connect("build-finished", on_build_finished, priority=600)
