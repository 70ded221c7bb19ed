"""A strict Content Security Policy in every built page, and ``_headers`` for static hosts.

Why: a brief about digital sovereignty should run only what it ships. The policy allows
scripts, styles, fonts, images and requests from the site itself and nothing else: no
``'unsafe-eval'`` (Vega runs with its CSP-safe expression interpreter), no ``'unsafe-inline'``.
The few inline scripts and styles that Sphinx and the theme write (theme mode, page name,
search-box focus, the no-JavaScript style) are allowed one by one by their SHA-256, computed
here after every page is written (Sphinx's ``build-finished``), so an edited template can never
slip in unhashed code: a script not in the page's own list simply does not run.

Every page gets ``<meta http-equiv="Content-Security-Policy">`` as the first element of its
``<head>`` (it must precede every script) and ``<meta name="referrer" content="no-referrer">``.
Hosts that read a ``_headers`` file (Netlify, Cloudflare Pages) also send the policy as an HTTP
header, with what a meta tag cannot carry: ``frame-ancestors 'none'``, ``Referrer-Policy``,
``X-Content-Type-Options`` and a ``Permissions-Policy`` that switches off every device API.
GitHub Pages ignores ``_headers``; the meta tags still apply there.

The build stops with a message naming page and attribute if a page carries an inline event
handler (``onclick=``) or a ``style=`` attribute: the policy would silently block either.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

from brief.sphinxext import built_pages

# The policy of issue 11 (the minimum), as directive -> sources.
BASE_POLICY = {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    "connect-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "style-src": ["'self'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
}
# Only as an HTTP header: browsers ignore (and warn about) these in a meta tag.
HEADER_ONLY = {"frame-ancestors": ["'none'"]}
HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": ", ".join(
        f"{feature}=()"
        for feature in (
            "accelerometer",
            "autoplay",
            "camera",
            "display-capture",
            "encrypted-media",
            "fullscreen",
            "geolocation",
            "gyroscope",
            "hid",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "picture-in-picture",
            "publickey-credentials-get",
            "screen-wake-lock",
            "serial",
            "usb",
            "xr-spatial-tracking",
            "browsing-topics",
        )
    ),
}
# Script types a browser executes; JSON data blocks are never run.
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
_INLINE_SCRIPT = re.compile(
    r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE
)
_INLINE_STYLE = re.compile(r"<style\b[^>]*>(?P<body>.*?)</style>", re.DOTALL | re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)


class _HandlerOrStyle(HTMLParser):
    """The first real ``on…=`` or ``style=`` attribute of a page, with its line.

    An HTML parser, not a pattern: escaped data text inside an attribute value (a source line
    reading ``<img src=x onerror=…>`` in ``data-source``) is text, not an attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: tuple[str, int] | None = None

    def handle_starttag(self, tag, attrs) -> None:
        for attr, _ in attrs:
            if self.found is None and (attr.startswith("on") or attr == "style"):
                self.found = (attr, self.getpos()[0])

    handle_startendtag = handle_starttag


def _handler_or_style(page: str) -> tuple[str, int] | None:
    finder = _HandlerOrStyle()
    finder.feed(page)
    finder.close()
    return finder.found

# Sphinx's general index lays out its columns with style attributes; brief.css does the same.
_GENINDEX_STYLES = (
    '<table style="width: 100%" class=',
    ' style="width: 33%; vertical-align: top;"',
)


_OURS = re.compile(
    r'\n    <meta http-equiv="Content-Security-Policy" content="[^"]*" />'
    r'\n    <meta name="referrer" content="no-referrer" />'
)


class CSPError(Exception):
    pass


def _hash(text: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def inline_hashes(page: str) -> tuple[list[str], list[str]]:
    """SHA-256 sources for the executable inline scripts and the <style> blocks of a page."""
    scripts = []
    for match in _INLINE_SCRIPT.finditer(page):
        attrs = match.group("attrs")
        if re.search(r"\bsrc\s*=", attrs, re.IGNORECASE):
            continue
        kind = _TYPE.search(attrs)
        if (kind.group(1).lower() if kind else "") in _JS_TYPES:
            scripts.append(_hash(match.group("body")))
    styles = [_hash(m.group("body")) for m in _INLINE_STYLE.finditer(page)]
    return sorted(set(scripts)), sorted(set(styles))


def policy(script_hashes=(), style_hashes=(), *, header: bool = False) -> str:
    directives = {k: list(v) for k, v in BASE_POLICY.items()}
    directives["script-src"] += list(script_hashes)
    directives["style-src"] += list(style_hashes)
    if header:
        directives.update(HEADER_ONLY)
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def secure_page(page: str, name: str) -> tuple[str, list[str], list[str]]:
    """The page with its policy meta tag first in <head>; also its script and style hashes."""
    # A page Sphinx did not rewrite in an incremental build still has last build's tags.
    page = _OURS.sub("", page)
    if 'http-equiv="Content-Security-Policy"' in page:
        raise CSPError(f"{name}: has a Content-Security-Policy meta tag from elsewhere")
    page = page.replace(_GENINDEX_STYLES[0], "<table class=").replace(_GENINDEX_STYLES[1], "")
    bad = _handler_or_style(page)
    if bad:
        raise CSPError(
            f"{name}, line {bad[1]}: inline {bad[0]}= attribute; the Content Security "
            f"Policy blocks it: use a class (brief.css) or a script file instead"
        )
    scripts, styles = inline_hashes(page)
    # After <meta charset> (it must stay within the first 1024 bytes), before every script.
    head = re.search(r"<head\b[^>]*>(\s*<meta charset=[^>]*>)?", page)
    if head is None:
        raise CSPError(f"{name}: no <head> to put the Content Security Policy in")
    meta = (
        f'\n    <meta http-equiv="Content-Security-Policy" content="{policy(scripts, styles)}" />'
        '\n    <meta name="referrer" content="no-referrer" />'
    )
    return page[: head.end()] + meta + page[head.end() :], scripts, styles


def headers_file(script_hashes, style_hashes) -> str:
    """``_headers`` (Netlify/Cloudflare format): one rule for every path of the site."""
    lines = [
        "/*",
        "  Content-Security-Policy: "
        + policy(sorted(script_hashes), sorted(style_hashes), header=True),
    ]
    lines += [f"  {name}: {value}" for name, value in HEADERS.items()]
    return "\n".join(lines) + "\n"


# Sphinx's doctools.js turns the translation catalogue's plural rule into code with
# ``new Function`` (an eval the policy forbids). The book is German; German (like English) has
# one plural rule: index 0 for exactly one, 1 otherwise.
_PLURAL_EVAL = """    Documentation.PLURAL_EXPR = new Function(
      "n",
      `return (${catalog.plural_expr})`
    );"""
_PLURAL_SAFE = """    // brief.sphinxext.csp: no new Function under the CSP; the German plural rule.
    Documentation.PLURAL_EXPR = (n) => (n === 1 ? 0 : 1);"""
SUPPORTED_PLURAL_RULES = ("(n != 1)",)


def patch_doctools(static: Path) -> None:
    """Replace doctools.js's eval of the plural rule by the rule itself (German only)."""
    doctools = static / "doctools.js"
    if not doctools.exists():
        return
    text = doctools.read_text(encoding="utf-8")
    if "Documentation.PLURAL_EXPR = (n) =>" in text:  # patched in an earlier build
        return
    if _PLURAL_EVAL not in text:
        raise CSPError(
            "_static/doctools.js: the plural-rule code changed (new Sphinx?); "
            "brief.sphinxext.csp must replace its new Function, which the Content Security "
            "Policy blocks"
        )
    translations = static / "translations.js"
    if translations.exists():
        rule = re.search(r'"plural_expr":\s*"([^"]*)"', translations.read_text(encoding="utf-8"))
        if rule and rule.group(1) not in SUPPORTED_PLURAL_RULES:
            raise CSPError(
                f"_static/translations.js: plural rule {rule.group(1)!r} is not German's; "
                "extend brief.sphinxext.csp"
            )
    doctools.write_text(text.replace(_PLURAL_EVAL, _PLURAL_SAFE), encoding="utf-8")


def secure_site(outdir: Path) -> int:
    """Add the policy to every page under ``outdir`` and write ``_headers``; returns pages done."""
    patch_doctools(outdir / "_static")
    all_scripts: set[str] = set()
    all_styles: set[str] = set()
    pages = built_pages(outdir)
    for path in pages:
        text, scripts, styles = secure_page(
            path.read_text(encoding="utf-8"), str(path.relative_to(outdir))
        )
        path.write_text(text, encoding="utf-8")
        all_scripts.update(scripts)
        all_styles.update(styles)
    (outdir / "_headers").write_text(headers_file(all_scripts, all_styles), encoding="utf-8")
    return len(pages)
