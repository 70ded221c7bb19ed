"""Files the built site serves besides the pages: the chart locale and the data downloads.

Why at build time: the data files are copied from data/ and the locale comes from the pinned
vl-convert, so the site can never serve stale copies. Both are written deterministically.
"""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import vl_convert as vlc

from brief import data, paths, theme
from brief.sphinxext import cssprune, firstview

VEGA_VERSION = vlc.get_vega_version()
# Vega's own release build (BSD-3-Clause, npm package "vega", file build/vega.min.js), kept in
# book/_static/vendor/ beside its LICENSE; why it is vendored: README, "Entscheidungen". The
# file name carries the version vl-convert renders with, so the static SVG and the live chart
# come from the same Vega; a vl-convert upgrade that changes Vega fails the build until the
# vendored file is replaced.
VEGA_FILE = f"vendor/vega-{VEGA_VERSION}.min.js"  # under _static/
# Vega's CSP-safe expression interpreter (npm "vega-interpreter", BSD-3-Clause), so the live
# charts run without eval under the Content Security Policy (brief.sphinxext.csp); its version is
# the one recorded in _static/vendor/VENDORED.json (brief.tools.vendor).
# The record of every vendored file (written and checked by brief.tools.vendor).
VENDORED = paths.BOOK / "_static" / "vendor" / "VENDORED.json"
INTERPRETER_FILE = "vendor/" + next(
    e["file"] for e in json.loads(VENDORED.read_text(encoding="utf-8"))["files"]
    if e["package"] == "vega-interpreter"
)
LOCALE_FILE = "brief-locale-de.js"  # under _static/, written at build time
DATA_DIR = "data"  # under the site root
ZIP_NAME = "souveraene-smart-city-daten.zip"
_FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # zip entries get one fixed timestamp: same bytes every build


def locale_script() -> str:
    """The de-DE number and time locale for live charts, the same that renders the SVGs."""
    locale = {"number": theme.format_locale(), "time": theme.time_format_locale()}
    return f"window.briefLocale = {json.dumps(locale, ensure_ascii=False, sort_keys=True)};\n"


def write_locale(static_dir: Path) -> Path:
    target = static_dir / LOCALE_FILE
    target.write_text(locale_script(), encoding="utf-8")
    return target


def data_files(data_dir: Path = paths.DATA) -> list[Path]:
    """Every file a reader can download: the package descriptor, each CSV, the data README."""
    names = ["datapackage.json", "README.md"] + [f"{n}.csv" for n in data.resource_names(data_dir)]
    return [data_dir / n for n in sorted(set(names))]


def write_data(outdir: Path, data_dir: Path = paths.DATA) -> list[Path]:
    """Copy data/ to <site>/data/ and pack the same files into one zip."""
    target = outdir / DATA_DIR
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for src in data_files(data_dir):
        dst = target / src.name
        dst.write_bytes(src.read_bytes())
        written.append(dst)
    with zipfile.ZipFile(target / ZIP_NAME, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for src in data_files(data_dir):
            info = zipfile.ZipInfo(f"souveraene-smart-city-daten/{src.name}", date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, src.read_bytes())
    written.append(target / ZIP_NAME)
    return written


THEME_CSS = "styles/pydata-sphinx-theme.css"  # under _static/


def slim_theme_css(static_dir: Path) -> int:
    """Drop from the theme's stylesheet what no page of this book can use.

    The theme ships all of Font Awesome's CSS (about 72 KB of glyph rules and the font itself),
    but the book draws its few icons from SVG masks (brief.css): the glyph rules and @font-face
    blocks go, so the icon font is never fetched. Then the rules of components the book never
    renders (FOREIGN_CLASS), and every rule no page or script can use (Bootstrap's carousel,
    toasts, popovers, navbar variants …): 46.9 -> 23.2 KB gzip on every first view; every
    element of every page keeps its box and computed style at 360 and 1280 px (compared in
    Chromium, 2026-11-29). Each page then keeps only its own share (brief.sphinxext.firstview).
    Returns the bytes saved.
    """
    path = static_dir / THEME_CSS
    before = path.read_text(encoding="utf-8")
    after = cssprune.drop_rules(cssprune.drop_icon_font(before), _foreign)
    after = cssprune.drop_rules(after, cssprune.needs_unnamed_class(site_words(static_dir.parent)))
    path.write_text(after, encoding="utf-8")
    return len(before) - len(after)


def site_words(site: Path) -> set[str]:
    """Every word of every page and script of the built site: a superset of the classes that
    can ever be on an element (in the HTML, or added by a script that names the class).
    Without the stylesheets an earlier build put into the pages (brief.sphinxext.firstview):
    their selectors name every class, and a rebuild must keep the same rules as a fresh build."""
    words: set[str] = set()
    for path in site.rglob("*"):
        if path.suffix in (".html", ".js") and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            if path.suffix == ".html":
                text = firstview.INLINED.sub("", text)
            words |= cssprune.words(text)
    return words


# Classes of components the theme styles but this book never renders: sphinx-design (its assets
# are dropped, see sphinxext.core.UNUSED_ASSETS), Jupyter and nbsphinx outputs, xarray reprs.
# tests/test_theme_css.py checks that no built page uses them (1.6 KB gzip per first view).
FOREIGN_CLASS = re.compile(r"\.(?:sd-|jp-|xr-|nbinput|nboutput)")


def _foreign(selector: str) -> bool:
    return bool(FOREIGN_CLASS.search(selector))


def stale_static_docs(app, env, added, changed, removed) -> list[str]:
    """Re-read the start page when one of the book's own static files is newer than its copy.

    Sphinx copies ``_static`` only in a build that writes at least one page; after an edit to
    brief.css or a script alone it reports "no targets are out of date" and the site (and every
    browser test on it) keeps the old file. One outdated page makes it copy them again.
    """
    outdir = Path(app.outdir) / "_static"
    for entry in app.config.html_static_path:
        root = Path(app.confdir) / entry
        if not root.resolve().is_relative_to(Path(app.srcdir).resolve()):
            continue  # extensions' own assets (templates, files this book drops) are not ours
        for source in root.rglob("*") if root.is_dir() else ():
            copy = outdir / source.relative_to(root)
            if not source.is_file():
                continue
            # Sphinx skips a copy whose bytes already match, so compare bytes, not times.
            if not copy.exists() or source.read_bytes() != copy.read_bytes():
                return [app.config.root_doc]
    return []
