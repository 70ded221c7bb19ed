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

tests/test_first_view.py checks all three in every built page.
"""
from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx

PRINT_CSS = "brief-print.css"  # under _static/; Jupyter Book adds every .css there to each page
THEME_ENTRY_CSS = "styles/theme.css"  # under _static/: the theme's first stylesheet
_IMPORT_BASIC = re.compile(r"""@import\s+["']\.\./basic\.css["'];""")
_RELATIVE_URL = re.compile(r"""url\((?!["']?(?:data:|/|https?:|#))["']?([^"')]+)["']?\)""")
_RUNNABLE = {None, "", "text/javascript", "application/javascript"}


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


def on_build_finished(app: Sphinx, exception) -> None:
    if exception is None and app.builder.format == "html":
        inline_basic_css(Path(app.outdir) / "_static")


def setup(app: Sphinx) -> None:
    """Called by brief.sphinxext.core's setup."""
    app.connect("config-inited", print_css_for_print_only, priority=450)
    app.connect("html-page-context", defer_scripts, priority=1000)
    # Before the Content Security Policy (priority 900) hashes the pages.
    app.connect("build-finished", on_build_finished, priority=600)
