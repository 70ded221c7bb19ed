"""The discussion kit: the book's third local Sphinx extension (listed in _config.yml).

For readers who take the book into a party meeting, a council group or a post:

- ``:::{kernsatz}`` under each thesis of the start page: one sentence that survives being
  copied out on its own (claim, figure, reference date, short source in brackets). Figures come
  through the ``{zahl}`` role like all prose. A "Kernsatz kopieren" button copies the sentence,
  the book's short citation and the thesis's stable address as plain text.
- ``:::{antrag}`` on Handlungsempfehlungen: a motion building block ("Der Rat möge
  beschließen: …", "Begründung: …"), marked as template and Ergänzung, with a copy button.

The build stops, naming the thesis, when a thesis has no Kernsatz, when a Kernsatz figure has
no reference date in the data, or when the Kernsatz does not state that date's year.
The kit's script and styles load only on pages that use the kit.
"""
from __future__ import annotations

import html
import re
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

from brief import zahlen
from brief.metadata import SLIDE_DIR, SLIDE_OUTPUTS
from brief.sphinxext import EXTENSION_METADATA, add_html_node
from brief.sphinxext.kitfiles import on_build_finished, on_env_get_outdated

KIT_JS = "brief-kit.js"
KIT_CSS = "brief-kit.css"
THESIS_ID = re.compile(r"these-(\d+)")
ANTRAG_START = "Der Rat möge beschließen:"
ANTRAG_REASON = "Begründung:"


class KitError(ExtensionError):
    """A discussion-kit element is missing or incomplete; the message names the thesis."""


# --------------------------------------------------------------------------- figures


def reference_years(name: str, tables: zahlen.Tables) -> set[int]:
    """The year(s) of a named figure's reference date(s) (``brief.zahlen.ref_dates``).

    Raises zahlen.NumberError naming the figure if its data row has no date."""
    years = {ref.when.year for ref in zahlen.ref_dates(name, tables)}
    if not years:
        raise KitError(f"figure {name!r} has no reference date")
    return years


# --------------------------------------------------------------------------- nodes


class kit_copy(nodes.General, nodes.Element):
    """Placeholder for a copy button; filled in at write time (the address needs the base URL)."""


def _visit_copy(self, node):
    text = html.escape(node["text"], quote=True)
    self.body.append(
        f'<p class="brief-kit-tools"><button type="button" class="brief-chart-export '
        f'brief-kit-copy" data-copy="{text}">{html.escape(node["label"])}</button>'
        '<span class="brief-kit-status" role="status"></span></p>'
    )
    if node.get("these") is not None:
        from brief.sphinxext import cards

        number, up = node["these"], node.get("up", "")
        links = [
            f'<a href="{up}{cards.CARD_DIR}/{cards.card_name(number, size)}" download>'
            f'{label} ({w}×{h})</a>'
            for size, label in (("quer", "Querformat"), ("hoch", "Hochformat"))
            for w, h in [cards.SIZES[size]]
        ]
        links.append(f'<a href="{up}{cards.SHARE_DIR}/{number}.html">Seite zum Teilen</a>')
        self.body.append(
            '<p class="brief-kit-cards">Karte herunterladen: ' + " · ".join(links) + "</p>"
        )
        deck = " · ".join(
            f'<a href="{up}{SLIDE_DIR}/{name}" download>{label}</a>'
            for name, label in zip(SLIDE_OUTPUTS, ("PowerPoint (bearbeitbar)", "PDF"))
        )
        self.body.append(f'<p class="brief-kit-cards">Foliensatz zu allen Thesen: {deck}</p>')
    raise nodes.SkipNode


def plain_text(node: nodes.Node) -> str:
    """Plain text of parsed content: paragraphs separated by blank lines, list items with a dash."""
    if isinstance(node, nodes.Text):
        return str(node)
    if isinstance(node, nodes.bullet_list):
        return "\n".join("– " + plain_text(item).strip() for item in node.children)
    if isinstance(node, nodes.enumerated_list):
        return "\n".join(
            f"{n}. " + plain_text(item).strip() for n, item in enumerate(node.children, 1)
        )
    if isinstance(node, nodes.paragraph):
        # Collapse line breaks, keep the non-breaking spaces inside figures ("46,2 Mrd. €").
        return re.sub(r"[ \t\r\n]+", " ", "".join(plain_text(c) for c in node.children)).strip()
    if isinstance(node, nodes.footnote_reference):
        return ""  # footnote markers mean nothing outside the page
    if isinstance(node, nodes.Element):
        parts = [plain_text(c) for c in node.children if not isinstance(c, kit_copy)]
        block = isinstance(node, (nodes.container, nodes.list_item, nodes.section, nodes.document))
        return ("\n\n" if block else "").join(p for p in parts if p)
    return ""


# --------------------------------------------------------------------------- directives


class KernsatzDirective(SphinxDirective):
    """``:::{kernsatz}`` with ``:quelle:`` (short source, e.g. "Destatis 2022") and optional
    ``:chart:`` (the chart the share card and slide show). Content: one sentence ending in "."."""

    has_content = True
    option_spec: ClassVar[dict] = {
        "quelle": directives.unchanged_required, "chart": directives.unchanged,
    }

    def run(self):
        quelle = self.options.get("quelle", "").strip()
        where = f"{self.env.docname}.md, line {self.lineno}"
        if not quelle:
            raise self.error(f"kernsatz ({where}): the option :quelle: is missing")
        box = nodes.container(classes=["brief-kernsatz"])
        box["quelle"] = quelle
        box["chart"] = self.options.get("chart", "").strip()
        if box["chart"]:
            from brief.charts import FIGURES

            if box["chart"] not in FIGURES:
                raise self.error(f"kernsatz ({where}): unknown chart {box['chart']!r}")
        box["line"] = self.lineno
        label = nodes.paragraph(classes=["brief-kernsatz-label"])
        label += nodes.strong("Kernsatz", "Kernsatz")
        box += label
        body = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, body)
        paras = list(body.findall(nodes.paragraph))
        if len(paras) != 1:
            raise self.error(f"kernsatz ({where}): write exactly one sentence (one paragraph)")
        sentence = paras[0]
        sentence["classes"].append("brief-kernsatz-text")
        last = sentence.children[-1] if sentence.children else None
        if not isinstance(last, nodes.Text) or not str(last).rstrip().endswith("."):
            raise self.error(f"kernsatz ({where}): the sentence must end with a full stop")
        # "… Gigabit-Zugang." -> "… Gigabit-Zugang (Destatis 2022)."
        sentence.replace(last, nodes.Text(str(last).rstrip()[:-1] + f" ({quelle})."))
        box += sentence
        box += kit_copy(label="Kernsatz kopieren", text="", kind="kernsatz")
        return [box]


class AntragDirective(SphinxDirective):
    """``:::{antrag}``: a motion building block. Content starts with "Der Rat möge beschließen:"
    and has a paragraph starting with "Begründung:"."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True

    def run(self):
        where = f"{self.env.docname}.md, line {self.lineno}"
        box = nodes.container(classes=["brief-antrag"])
        head = nodes.paragraph(classes=["brief-antrag-label"])
        head += nodes.strong("Antragsbaustein", "Antragsbaustein")
        head += nodes.Text(" · Vorlage zum Anpassen · Ergänzung der Redaktion")
        box += head
        body = nodes.container(classes=["brief-antrag-text"])
        self.state.nested_parse(self.content, self.content_offset, body)
        text = plain_text(body)
        if not text.startswith(ANTRAG_START):
            raise self.error(f"antrag ({where}): must start with „{ANTRAG_START}“")
        if f"\n{ANTRAG_REASON}" not in text:
            raise self.error(f"antrag ({where}): a paragraph „{ANTRAG_REASON} …“ is missing")
        box += body
        box += kit_copy(label="Antrag kopieren", text="", kind="antrag")
        return [box]


# --------------------------------------------------------------------------- checks


def kernsatz_of(section: nodes.section) -> nodes.container | None:
    for box in section.findall(nodes.container):
        if "brief-kernsatz" in box["classes"]:
            return box
    return None


def thesis_sections(doctree) -> list[tuple[int, nodes.section]]:
    found = []
    for section in doctree.findall(nodes.section):
        matches = (THESIS_ID.fullmatch(i) for i in section["ids"])
        match = next((m for m in matches if m), None)
        if match:
            found.append((int(match.group(1)), section))
    return found


def check_theses(app: Sphinx, doctree) -> None:
    """Every thesis has a Kernsatz; every Kernsatz figure has a reference date it states."""
    docname = app.env.docname
    theses = thesis_sections(doctree)
    if not theses:
        return
    tables = getattr(app.env, "brief_tables", None) or zahlen.Tables()
    recorded: dict[int, dict] = {}
    for number, section in theses:
        title = section[0].astext().strip()
        name = f"These {number} („{title}“, {docname}.md)"
        box = kernsatz_of(section)
        if box is None:
            raise KitError(f"{name} has no Kernsatz: add a :::{{kernsatz}} block under it")
        sentence = next(
            p for p in box.findall(nodes.paragraph) if "brief-kernsatz-text" in p["classes"]
        )
        text = sentence.astext()
        figures = [n["data-zahl"] for n in sentence.findall(nodes.inline) if "data-zahl" in n]
        if not figures:
            raise KitError(f"{name}: the Kernsatz has no figure from the data ({{zahl}} role)")
        for figure in figures:
            try:
                years = reference_years(figure, tables)
            except (KitError, zahlen.NumberError) as err:
                raise KitError(f"{name}: Kernsatz figure without a reference date: {err}") from None
            missing = [y for y in sorted(years) if str(y) not in text]
            if missing:
                raise KitError(
                    f"{name}: the Kernsatz figure {figure!r} refers to {missing[0]}, "
                    "but the sentence does not name that year"
                )
        if not box.get("chart"):
            raise KitError(f"{name}: the Kernsatz needs a :chart: for its share card and slide")
        box["these"] = number
        recorded[number] = {
            "title": re.sub(r"^These \d+:\s*", "", title),
            "sentence": re.sub(r"[ \t\r\n]+", " ", text).strip(),
            "chart": box["chart"], "docname": docname,
        }
    app.env.brief_kit_theses = {
        n: t for n, t in getattr(app.env, "brief_kit_theses", {}).items()
        if t["docname"] != docname
    } | recorded


# --------------------------------------------------------------------------- write time


def kernsatz_copy_text(meta: dict, docname: str, number: int, sentence: str) -> str:
    """What "Kernsatz kopieren" puts on the clipboard: sentence, short citation, address."""
    from brief.sphinxext.citeformats import page_url

    url = page_url(meta, docname, f"these-{number}")
    return f"{sentence}\nAus: {meta['title']}, These {number}. {url}"


def on_doctree_resolved(app: Sphinx, doctree, docname: str) -> None:
    meta = app.config.brief_metadata
    for node in list(doctree.findall(kit_copy)):
        box = node.parent
        if node["kind"] == "kernsatz":
            sentence = next(
                p for p in box.findall(nodes.paragraph) if "brief-kernsatz-text" in p["classes"]
            )
            number = box.get("these")
            if number is None:
                # A Kernsatz outside a thesis: copy the sentence and the page address.
                from brief.sphinxext.citeformats import page_url

                node["text"] = (
                    f"{sentence.astext()}\nAus: {meta['title']}. {page_url(meta, docname)}"
                )
            else:
                node["text"] = kernsatz_copy_text(meta, docname, number, sentence.astext())
                node["these"] = number
                node["up"] = "../" * docname.count("/")
        else:
            body = next(c for c in box.children if "brief-antrag-text" in c.get("classes", []))
            node["text"] = plain_text(body)


def on_config_inited(app: Sphinx, config) -> None:
    """Jupyter Book adds every file of book/_static to every page; the kit's only to its own."""
    config.html_js_files = [
        f for f in config.html_js_files if (f if isinstance(f, str) else f[0]) != KIT_JS
    ]
    config.html_css_files = [
        f for f in config.html_css_files if (f if isinstance(f, str) else f[0]) != KIT_CSS
    ]


KIT_MARKERS = ("brief-kit-copy", "brief-kernsatz", "brief-antrag")


def on_html_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    body = context.get("body", "")
    if any(marker in body for marker in KIT_MARKERS):
        app.add_js_file(KIT_JS, loading_method="defer", priority=820)
        app.add_css_file(KIT_CSS, priority=820)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", on_config_inited, priority=700)
    add_html_node(app, kit_copy, _visit_copy)
    app.add_directive("kernsatz", KernsatzDirective)
    app.add_directive("antrag", AntragDirective)
    app.connect("doctree-read", check_theses, priority=600)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("html-page-context", on_html_page_context, priority=510)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("build-finished", on_build_finished)
    return EXTENSION_METADATA
