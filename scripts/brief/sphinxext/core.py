"""The book's local Sphinx extension (listed in _config.yml under sphinx.extra_extensions).

Why it exists: Jupyter Book 1 leaves a few things to the project that this book needs:

- book metadata (title, authors, version, date) read once, from CITATION.cff;
- the ``{zahl}`` role that puts data figures into the prose at build time (``brief.zahlen``);
- a notebook cache that notices changed data (MyST-NB keys its cache on code cells only);
- a data check before anything else runs, so bad data stops the build with one clear line;
- chart pages (and only those) get a small loader that fetches the vendored Vega runtime when a
  reader reaches for a chart, with the page's chart specs (moved out of the page into a script of
  their own by brief.sphinxext.chartspecs); the data are served under /data/.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from brief import data, paths, zahlen
from brief.metadata import german_date, read_metadata
from brief.sphinxext import (
    EXTENSION_METADATA,
    assets,
    bibstyle,
    chartboxes,
    chartspecs,
    csp,
    downloads,
    firstview,
    icons,
    spreadsheets,
    stand,
    typo,
)


def on_config_inited(app: Sphinx, config) -> None:
    """Set Sphinx's metadata from CITATION.cff and tie the notebook cache to the data."""
    meta = read_metadata()
    config.project = meta["title"]
    config.html_title = meta["title"]
    config.author = ", ".join(meta["authors"])
    config.version = config.release = meta["version"]
    config.copyright = f"{meta['date_released'][:4]} {config.author}"
    config.brief_metadata = meta
    # `make linkcheck-external` (Sphinx's linkcheck builder): the book's own addresses do not
    # exist before the first publication; tests/test_links.py checks them offline.
    config.linkcheck_ignore = [*config.linkcheck_ignore, re.escape(meta["url"])]
    # Jupyter Book adds every .js under book/_static to every page; the chart scripts are added
    # by on_html_page_context to chart pages only (brief.css, needed everywhere, stays).
    config.html_js_files = [
        f for f in config.html_js_files if not _is_chart_script(f if isinstance(f, str) else f[0])
    ]
    try:
        data.validate_package()
        checksum = inputs_checksum()
    except data.DataError as err:
        # One line, first thing in the log: file, row, field, what was expected.
        raise ExtensionError(f"bad data: {err}") from None
    # MyST-NB's cache keys on code cells only; a cache folder per state of data/ and of the
    # brief package makes a CSV or chart-code edit re-execute every chapter, and the changed
    # config value makes Sphinx re-read them.
    # The cache sits beside the output (_build/.jupyter_cache), so a build into another
    # folder (benchmark, tests) starts cold and never touches the main build's cache.
    config.nb_execution_cache_path = str(Path(app.outdir).parent / ".jupyter_cache" / checksum[:16])


def cell_modules() -> list[Path]:
    """Every file of the brief package that a chapter's cells can reach: the whole pipeline
    layer, i.e. everything except the Sphinx layer (``sphinxext/``) and the tools (``tools/``),
    which cells never import (tests/test_book.py checks). A layer rather than a traced import
    list: a new module or registry file is covered the day it is added, and editing the Sphinx,
    citation or PDF code re-executes no notebook."""
    package = Path(__file__).parents[1]
    return sorted(
        path for path in package.rglob("*")
        if path.suffix in (".py", ".toml") and "__pycache__" not in path.parts
        and path.relative_to(package).parts[0] not in ("sphinxext", "tools")
    )


def inputs_checksum() -> str:
    """Checksum of what chapter cells read besides their own code: data/ and cell_modules()."""
    digest = hashlib.sha256(data.package_checksum().encode())
    for source in cell_modules():
        name = source.relative_to(paths.ROOT).as_posix()
        digest.update(name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def _is_chart_script(filename: str) -> bool:
    return filename in (*CHART_SCRIPTS, CHART_LOADER)


# Chart pages load only this small script; it loads the rest (in this order) once a reader
# reaches for a chart (pointer, focus or tap), so reading costs no chart JavaScript. The page's
# own specs file (specs/<page>-<checksum>.js) joins the list before brief-charts.js once the page
# is written (brief.sphinxext.chartspecs: its checksum is known only then).
CHART_LOADER = "brief-charts-loader.js"
CHART_SCRIPTS = (assets.VEGA_FILE, assets.INTERPRETER_FILE, assets.LOCALE_FILE, "brief-charts.js")


def _figure_role(kind: str, lookup):
    """A role that puts a named figure's text, ``lookup(name, tables)``, into the prose; a bad
    name or a figure that cannot be resolved is an error at its line, naming the figure."""

    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        env = inliner.document.settings.env
        tables = getattr(env, "brief_tables", None)
        if tables is None:
            tables = env.brief_tables = zahlen.Tables()
        try:
            value = lookup(text.strip(), tables)
        except (zahlen.NumberError, data.DataError) as err:
            msg = inliner.reporter.error(f"{{{kind}}}: {err}", line=lineno)
            return [inliner.problematic(rawtext, rawtext, msg)], [msg]
        node = nodes.inline(rawtext, value, classes=[kind])
        node[f"data-{kind}"] = text.strip()
        return [node], []

    return role


# ``{zahl}`markt-2017``` -> "20,4 Mrd. €", from the same CSV row the charts use.
zahl_role = _figure_role("zahl", zahlen.render)
# ``{datum}`gigabit-land-2021``` -> "Mitte 2021": a figure's reference date, from its row.
datum_role = _figure_role("datum", zahlen.ref_label)


def meta_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{meta}`version``` -> "0.2.0", ``{meta}`datum``` -> "28.11.2026": from CITATION.cff."""
    meta = inliner.document.settings.env.config.brief_metadata
    key = text.strip()
    if key == "datum":
        value = german_date(date.fromisoformat(meta["date_released"]))
    elif key in meta and isinstance(meta[key], str):
        value = meta[key]
    else:
        msg = inliner.reporter.error(
            f"{{meta}}: unknown field {key!r} (version, datum, title …)", line=lineno
        )
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    if value.startswith("https://"):
        # An address (``{meta}`repository```) is a link a reader can follow.
        return [nodes.reference(rawtext, value, refuri=value, classes=["meta"])], []
    return [nodes.inline(rawtext, value, classes=["meta"])], []


def on_env_purge(app: Sphinx, env) -> None:
    """Drop cached tables between builds so a data edit is read afresh."""
    if hasattr(env, "brief_tables"):
        del env.brief_tables


CHART_MARKER = 'class="brief-chart"'


# Assets that Jupyter Book's extensions add to every page but this book never uses: code
# copy buttons (no code is shown), toggle buttons, sphinx-design tabs, thebe (live code is off),
# code highlighting. Dropping them keeps a chart page under its weight budget and removes
# thebe's duplicated inline script, which logs a console error on every page.
UNUSED_ASSETS = (
    "copybutton", "clipboard.min.js", "togglebutton", "design-tabs.js", "sphinx-design",
    "sphinx-thebe", "pygments.css", "mystnb.",
)
# Full-text search needs these only on the search page itself (the theme's search box sends
# the query there); book/_templates/layout.html keeps the theme from adding them elsewhere.
SEARCH_ASSETS = ("searchtools.js", "language_data.js", "searchindex.js")


_THEBE_INLINE = re.compile(
    r'\s*<script type="text/x-thebe-config">.*?</script>'
    r"|<script>kernelName = '[^']*'</script>",
    re.S,
)
DEAD_INLINE = (
    "thebe", "requestKernel", "kernelName", "toggleHint", "toggleOpenOnPrint",
    "togglebuttonSelector",
)


def _asset_name(asset) -> str:
    return str(getattr(asset, "filename", asset) or "")


def _keep(asset, pagename: str) -> bool:
    name = _asset_name(asset)
    body = getattr(asset, "attributes", {}).get("body", "") if not name else ""
    # Inline settings for the dropped thebe and togglebutton scripts: dead code, and each
    # would need its own hash in the Content Security Policy (brief.sphinxext.csp).
    if any(marker in body for marker in DEAD_INLINE):
        return False
    if any(part in name for part in UNUSED_ASSETS):
        return False
    return pagename == "search" or not any(name.endswith(part) for part in SEARCH_ASSETS)


def on_html_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Trim unused assets; load the chart runtime only on pages that show a chart."""
    for key in ("css_files", "script_files"):
        if key in context:
            # In place: the builder's add_js_file appends to this very list.
            context[key][:] = [a for a in context[key] if _keep(a, pagename)]
    if "body" in context:
        # docutils marks bibliography entries with the deprecated ARIA role doc-biblioentry
        # inside a role="list" container; axe-core flags both. listitem is what the list needs.
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')
        # sphinx-thebe writes its settings into every page although live code is off (its
        # script is dropped above): dead inline scripts the Content Security Policy would
        # otherwise have to allow by hash.
        context["body"] = _THEBE_INLINE.sub("", context["body"])
    if CHART_MARKER in context.get("body", ""):
        app.add_js_file(CHART_LOADER, loading_method="defer", priority=800,
                        **{"data-load": " ".join(CHART_SCRIPTS)})


def on_build_finished(app: Sphinx, exception) -> None:
    """Write the data downloads into the built site and slim the theme's stylesheet."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    if not (outdir / "_static" / assets.VEGA_FILE).exists():
        raise ExtensionError(
            f"book/_static/{assets.VEGA_FILE} is missing: vl-convert now renders with Vega "
            f"{assets.VEGA_VERSION}; vendor that release (see README, 'Vega aktualisieren')"
        )
    assets.slim_theme_css(outdir / "_static")
    assets.write_data(outdir)
    # Beside each CSV: .xlsx and a ;-separated CSV for German spreadsheet programs.
    spreadsheets.write(outdir / assets.DATA_DIR)


def on_builder_inited(app: Sphinx) -> None:
    """Write the chart locale before any page: pages link it with Sphinx's ?v= checksum only
    if the file exists when they are written, so a fresh build and a rebuild would differ."""
    if app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        assets.write_locale(static)


def on_build_finished_csp(app: Sphinx, exception) -> None:
    """Last step of an HTML build: the Content Security Policy into every page
    (brief.sphinxext.csp), after every other step that writes pages, so it hashes the final
    inline scripts."""
    if exception is not None or app.builder.format != "html":
        return
    try:
        csp.secure_site(Path(app.outdir))
    except csp.CSPError as err:
        raise ExtensionError(f"Content Security Policy: {err}") from None


def setup(app: Sphinx) -> dict:
    app.add_config_value("brief_metadata", {}, "env")
    app.connect("config-inited", on_config_inited, priority=400)
    app.connect("env-before-read-docs", lambda app, env, docnames: on_env_purge(app, env))
    app.add_role("zahl", zahl_role)
    app.add_role("datum", datum_role)
    app.add_role("meta", meta_role)
    stand.setup(app)
    firstview.setup(app)  # no script or print stylesheet holds the first paint
    chartboxes.setup(app)  # off-screen chart drawings are not laid out while loading
    icons.setup(app)  # the theme's icons as inline SVG, not CSS-masked images
    chartspecs.setup(app)  # the chart specs leave the page for a script loaded with Vega
    app.add_transform(typo.BindUnits)
    app.add_post_transform(typo.BindUnitsLate)
    bibstyle.register()  # bibtex_default_style: brief (German labels, honest dates)
    app.add_directive("datendownloads", downloads.DataDownloads)
    app.connect("html-page-context", on_html_page_context)
    app.connect("builder-inited", on_builder_inited)
    app.connect("env-get-outdated", assets.stale_static_docs)
    app.connect("build-finished", on_build_finished)
    app.connect("build-finished", on_build_finished_csp, priority=900)
    return EXTENSION_METADATA
