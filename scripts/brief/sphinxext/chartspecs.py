"""The live charts' Vega specs out of the pages, into one script per page (issue 11: LCP).

Why: every chart block (``brief.render.chart_html``) carries its two Vega specs (wide and phone
layout) as ``<script type="application/json" class="brief-chart-spec">``. Only a chart that goes
live needs them, yet a reader who only reads downloaded them with the page: 16.6 KB gzip of
raum.html, and Lighthouse's simulated LCP of raum was 1.60-1.69 s with them, 1.49-1.50 s
without (budget 1.5 s). So after the pages are written (Sphinx's ``build-finished``) this step
moves each page's spec blocks into ``_static/specs/<page>-<checksum>.js`` (the checksum of its
bytes: a changed spec is never served stale from a cache) and names that file in the chart
loader's ``data-load`` list before brief-charts.js: it loads with Vega, on the same trigger
(brief-charts-loader.js), never before a reader reaches for a chart. The checksum is in the
name, not a ``?v=``: brief.sphinxext.firstview reads every file of that list by its name.

A script, not JSON fetched at run time: the site must also work opened from disk (file://),
where a fetch of a local file fails but a script tag loads, and the Content Security Policy's
``script-src 'self'`` already allows it. Each line registers one spec::

    window.briefSpecs["chart-<name>-spec-<layout>"] = {...};

JSON is valid JavaScript; the specs carry data text (tooltips, labels), so ``<`` and U+2028/29
are written as ``\\u`` escapes: nothing in the data can end the statement, open an HTML comment
or end a ``<script>`` if the file is ever inlined (tests/test_hostile_data.py checks the file).

Rebuilds: Sphinx does not rewrite an unchanged page. Such a page has no spec blocks any more but
already names its specs file, which the last build wrote and this one keeps; the build stops if
that file is gone (only a clean build can write it again). Files no page names are removed.
Output is deterministic (sorted keys, fixed order): two builds give the same bytes. The step
runs before every other step that reads the finished pages (the stylesheet pruning of
brief.sphinxext.assets and .firstview counts the words of a page and of the scripts it loads),
so a fresh build and a rebuild that leaves a page alone give them the same page and files.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from brief.sphinxext import built_pages

SPEC_DIR = "specs"  # under _static/, beside the loader: data-load names files relative to it
SPEC_BLOCK = re.compile(
    r'<script type="application/json" class="brief-chart-spec" data-layout="[a-z]+" '
    r'id="(?P<id>[^"]+)">(?P<json>.*?)</script>',
    re.DOTALL,
)
_DATA_LOAD = re.compile(r'(?P<head>\sdata-load=")(?P<files>[^"]*)"')
# The entry a page's loader gets: specs/<page>-<checksum>.js.
_ENTRY = re.compile(rf"^{SPEC_DIR}/(?P<file>\S+-[0-9a-f]{{12}}\.js)$")
LOADS_BEFORE = "brief-charts.js"  # the script that reads window.briefSpecs (specOf)
HEADER = "window.briefSpecs = window.briefSpecs || {};"


class SpecError(Exception):
    """A page or its specs file is not as this step expects; the message names the page."""


def js_value(value) -> str:
    """``value`` as JSON that is also safe JavaScript source for data of any origin."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # Outside strings JSON has no "<" and no line separators: these escapes touch strings only.
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def specs_script(specs: dict[str, dict], page: str) -> str:
    """The specs file: one registration per line, in the page's order."""
    lines = [f"/* Vega specs of {page}'s live charts (brief.sphinxext.chartspecs). */", HEADER]
    lines += [f"window.briefSpecs[{js_value(key)}] = {js_value(s)};" for key, s in specs.items()]
    return "\n".join(lines) + "\n"


_REGISTRATION = re.compile(r'^window\.briefSpecs\[(?P<key>"[^"\\]*")\] = (?P<spec>\{.*\});$')


def read_specs_script(script: str) -> dict[str, dict]:
    """The specs registered by a specs file, read strictly: every line must be exactly what
    ``specs_script`` writes (a comment, the header, or one registration of one JSON object), or
    SpecError. The check that nothing else is in the file (tests/test_hostile_data.py)."""
    lines = script.split("\n")
    if lines[-1:] != [""] or len(lines) < 3:
        raise SpecError("a specs file ends with a newline after at least one registration")
    if not (lines[0].startswith("/* ") and lines[0].endswith(" */") and "*/" not in lines[0][3:-3]):
        raise SpecError(f"line 1 is not the file's comment: {lines[0][:80]!r}")
    if lines[1] != HEADER:
        raise SpecError(f"line 2 is not {HEADER!r}: {lines[1][:80]!r}")
    specs: dict[str, dict] = {}
    for number, line in enumerate(lines[2:-1], 3):
        match = _REGISTRATION.match(line)
        try:
            key, spec = json.loads(match.group("key")), json.loads(match.group("spec"))
        except (AttributeError, json.JSONDecodeError):
            raise SpecError(f"line {number} is not one registration: {line[:80]!r}") from None
        if js_value(spec) != match.group("spec") or key in specs:
            raise SpecError(f"line {number}: not as written by specs_script: {line[:80]!r}")
        specs[key] = spec
    return specs


def take_specs(page: str, name: str) -> tuple[str, dict[str, dict]]:
    """The page without its spec blocks, and the specs by block id (in page order)."""
    specs: dict[str, dict] = {}

    def take(match: re.Match) -> str:
        key = match.group("id")
        if key in specs:
            raise SpecError(f"{name}: two chart spec blocks with id {key!r}")
        try:
            # render._json_for_script wrote "</" as "<\/", which JSON reads back as "</".
            specs[key] = json.loads(match.group("json"))
        except json.JSONDecodeError as err:
            raise SpecError(f"{name}: chart spec {key!r} is not valid JSON: {err}") from None
        return ""

    return SPEC_BLOCK.sub(take, page), specs


def named_specs_file(page: str) -> str | None:
    """The specs file (relative to _static/specs/) that the page's chart loader names."""
    found = _DATA_LOAD.search(page)
    if not found:
        return None
    for entry in found.group("files").split():
        match = _ENTRY.match(entry)
        if match:
            return match.group("file")
    return None


def with_specs_entry(page: str, entry: str, name: str) -> str:
    """The page with ``entry`` in its loader's list, just before brief-charts.js (an entry of an
    earlier build is replaced)."""
    loads = _DATA_LOAD.findall(page)
    if len(loads) != 1:
        raise SpecError(f"{name}: has chart specs but {len(loads)} chart loaders (data-load=)")

    def add(match: re.Match) -> str:
        files = [f for f in match.group("files").split() if not _ENTRY.match(f)]
        if LOADS_BEFORE not in files:
            raise SpecError(f"{name}: the chart loader does not load {LOADS_BEFORE}")
        files.insert(files.index(LOADS_BEFORE), entry)
        return f'{match.group("head")}{" ".join(files)}"'

    return _DATA_LOAD.sub(add, page)


def move_specs(page: str, name: str) -> tuple[str, str | None, str | None]:
    """The page without spec blocks, naming ``specs/<page>-<checksum>.js`` in its loader, that
    name (relative to _static/specs/) and the file's text; ``(page, None, None)`` if the page
    has no spec blocks. ``name``: the page's path in the site (a folder stays: ``a/b-….js``)."""
    page, specs = take_specs(page, name)
    if not specs:
        return page, None, None
    script = specs_script(specs, name)
    checksum = hashlib.sha256(script.encode("utf-8")).hexdigest()[:12]
    file = f"{name.removesuffix('.html')}-{checksum}.js"
    return with_specs_entry(page, f"{SPEC_DIR}/{file}", name), file, script


def move_site_specs(outdir: Path) -> dict[str, str]:
    """Move the spec blocks of every page under ``outdir`` into ``_static/specs/``; returns the
    specs file each chart page names (page -> file), after removing files no page names."""
    folder = outdir / "_static" / SPEC_DIR
    named: dict[str, str] = {}
    for path in built_pages(outdir):
        name = path.relative_to(outdir).as_posix()
        text = path.read_text(encoding="utf-8")
        page, file, script = move_specs(text, name)
        if script is not None:
            target = folder / file
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(script, encoding="utf-8")
            path.write_text(page, encoding="utf-8")
        file = named_specs_file(page)
        if file is not None:
            if not (folder / file).exists():
                raise SpecError(
                    f"{name}: names _static/{SPEC_DIR}/{file}, which is gone; "
                    "a clean build (rm -r _build/html) writes it again"
                )
            named[name] = file
    if folder.exists():
        for stale in sorted(folder.rglob("*.js")):
            if stale.relative_to(folder).as_posix() not in named.values():
                stale.unlink()
    return named


def on_build_finished(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    try:
        move_site_specs(Path(app.outdir))
    except SpecError as err:
        raise ExtensionError(f"chart specs: {err}") from None


def setup(app: Sphinx) -> None:
    """Called by brief.sphinxext.core's setup."""
    # Before brief.sphinxext.core (500: the theme's stylesheet pruned by the site's words) and
    # .firstview (600: each page's stylesheets by its words), so both see the final pages and
    # specs files; long before the Content Security Policy (900) hashes the pages.
    app.connect("build-finished", on_build_finished, priority=450)
