"""The slide deck: ``make slides`` writes ``_build/html/folien/`` after the book is built.

- ``souveraene-smart-city.pptx``: an editable PowerPoint file (python-pptx; opens in
  PowerPoint and LibreOffice Impress). Title slide with version and date, one slide per thesis
  (title, Kernsatz, chart as a high-resolution image, source line, stable address), one slide
  per chapter's lead chart, a sources slide and a licence slide. All text is text.
- ``souveraene-smart-city.pdf``: the same deck, printed by Chromium from an HTML version.

Everything comes from the build's kit manifest (``_static/kit/kit.json``, written by
``brief.sphinxext.kit``), so the deck says what the book says. Text never shrinks below a
readable size: a text that does not fit its box (measured with the font's metrics) stops with a
message naming the slide, so the text can be shortened.
"""
from __future__ import annotations

import html
import io
import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PIL import Image, ImageFont

from brief import paths
from brief.metadata import SLIDE_DIR, SLIDE_OUTPUTS
from brief.sphinxext import cards

OUTPUTS = SLIDE_OUTPUTS
WIDTH_IN, HEIGHT_IN = 13.333, 7.5
EMU_PER_INCH = 914400
INSET_PT = 7.2  # python-pptx's default left/right inset (0.1 in); top/bottom 3.6 pt
LINE = 1.2  # line height as a multiple of the font size (PowerPoint's single spacing)
BLUE = (0x00, 0x72, 0xB2)
INK = (0x1A, 0x1A, 0x1A)
MUTED = (0x55, 0x55, 0x55)


class SlideError(ValueError):
    """A slide's text does not fit its box; the message names the slide."""


@dataclass
class Text:
    text: str
    size: int  # points
    bold: bool = False
    color: tuple = INK


@dataclass
class Slide:
    name: str  # "These 3" or "Titel": used in error messages
    texts: list  # (Text, (left, top, width, height) in inches)
    image: bytes | None = None
    image_box: tuple | None = None  # inches


def german_date(day: date) -> str:
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def fits(text: Text, width_in: float, height_in: float) -> bool:
    """Does ``text`` fit a box of that size at its size? Word wrap by the font's metrics."""
    font = ImageFont.truetype(str(cards.font_path(text.bold)), text.size)
    usable = width_in * 72 - 2 * INSET_PT
    lines = 0
    for paragraph in text.text.split("\n"):
        wrapped = cards.wrap(paragraph, font, int(usable)) if paragraph else [""]
        if not wrapped:
            return False
        lines += len(wrapped)
    return lines * text.size * LINE <= height_in * 72 - 7.2


def check(slide: Slide) -> None:
    for text, (_, _, width, height) in slide.texts:
        if not fits(text, width, height):
            first = text.text.split("\n")[0][:60]
            raise SlideError(
                f"{slide.name}: the text „{first}…“ does not fit its box at {text.size} pt; "
                "shorten it (text is never shrunk below a readable size)"
            )


def deck(manifest: dict, chart_png) -> list[Slide]:
    """The slides, in order, from the kit manifest; ``chart_png(name)`` gives a chart's PNG."""
    from brief.charts import FIGURES

    meta = manifest["meta"]
    day = date.fromisoformat(manifest["date"])
    authors = ", ".join(meta["authors"])
    slides = [Slide("Titel", [
        (Text(meta["title"], 44, True), (0.8, 2.0, 11.7, 1.3)),
        (Text("Smart-City-Infrastruktur und kommunale Souveränität: Thesen, Zahlen, Quellen",
              24, color=MUTED), (0.8, 3.3, 11.7, 1.0)),
        (Text(f"{authors} · Version {meta['version']} vom {german_date(day)}", 20),
         (0.8, 4.6, 11.7, 0.6)),
        (Text(meta["url"], 20, color=BLUE), (0.8, 5.2, 11.7, 0.6)),
    ])]
    for thesis in manifest["theses"]:
        slides.append(Slide(f"These {thesis['number']}", [
            (Text(f"These {thesis['number']}", 18, True, BLUE), (0.6, 0.35, 6.0, 0.5)),
            (Text(thesis["title"], 30, True), (0.6, 0.85, 6.0, 2.3)),
            (Text(thesis["sentence"], 22), (0.6, 3.2, 6.0, 3.0)),
            (Text(thesis["short_url"], 14, color=BLUE), (0.6, 6.6, 12.0, 0.45)),
        ], chart_png(thesis["chart"]), (6.9, 0.6, 5.9, 5.8)))
    for chapter in manifest["chapters"]:
        figure = FIGURES[chapter["chart"]]
        slides.append(Slide(f"Kapitel {chapter['title']}", [
            (Text(chapter["title"], 28, True), (0.6, 0.35, 12.0, 0.7)),
            (Text(f"Abbildung: {figure.title}", 16, color=MUTED), (0.6, 1.05, 12.0, 0.5)),
            (Text(f"{meta['url']}{chapter['docname']}.html", 14, color=BLUE),
             (0.6, 6.6, 12.0, 0.45)),
        ], chart_png(chapter["chart"]), (0.6, 1.6, 12.1, 4.9)))
    quellen = sorted({t["sentence"].rsplit("(", 1)[-1].rstrip(").") for t in manifest["theses"]})
    slides.append(Slide("Quellen", [
        (Text("Quellen", 32, True), (0.6, 0.4, 12.0, 0.8)),
        (Text("Die Kernsätze stützen sich auf: " + "; ".join(quellen) + ".", 18),
         (0.6, 1.3, 12.0, 2.2)),
        (Text("Alle Quellen mit Adresse und Abrufdatum: " + meta["url"] + "quellen.html\n"
              "Die Daten (CSV) mit Quelle je Zeile: " + meta["url"] + "methodik.html", 18),
         (0.6, 3.6, 12.0, 1.6)),
    ]))
    slides.append(Slide("Lizenz", [
        (Text("Lizenz und Zitieren", 32, True), (0.6, 0.4, 12.0, 0.8)),
        (Text(f"Text und Zusammenstellung der Daten: CC BY 4.0. Frei nutzbar mit Namensnennung: "
              f"„{authors}: {meta['title']}, Version {meta['version']} vom {german_date(day)}, "
              f"{meta['url']}“. Die Rechte an den einzelnen Zahlen liegen bei ihren Quellen.", 20),
         (0.6, 1.3, 12.0, 2.6)),
        (Text(f"Zitierhinweise: {meta['url']}zitieren.html", 18, color=BLUE),
         (0.6, 4.1, 12.0, 0.6)),
    ]))
    for slide in slides:
        check(slide)
    return slides


def _inches(value: float) -> int:
    return int(value * EMU_PER_INCH)


def write_pptx(slides: list[Slide], target: Path) -> Path:
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = _inches(WIDTH_IN), _inches(HEIGHT_IN)
    blank = prs.slide_layouts[6]
    for slide in slides:
        page = prs.slides.add_slide(blank)
        for text, (left, top, width, height) in slide.texts:
            frame = page.shapes.add_textbox(
                _inches(left), _inches(top), _inches(width), _inches(height)
            ).text_frame
            frame.word_wrap = True
            for n, line in enumerate(text.text.split("\n")):
                para = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
                run = para.add_run()
                run.text = line
                run.font.size = Pt(text.size)
                run.font.bold = text.bold
                run.font.name = "Arial"
                run.font.color.rgb = RGBColor(*text.color)
        if slide.image:
            left, top, width, height = slide.image_box
            with Image.open(io.BytesIO(slide.image)) as img:
                ratio = img.width / img.height
            w, h = (width, width / ratio) if width / ratio <= height else (height * ratio, height)
            page.shapes.add_picture(io.BytesIO(slide.image), _inches(left + (width - w) / 2),
                                    _inches(top), _inches(w), _inches(h))
    prs.core_properties.language = "de-DE"
    target.parent.mkdir(parents=True, exist_ok=True)
    prs.save(target)
    return target


def deck_html(slides: list[Slide], images: dict[int, str]) -> str:
    """The same deck as HTML, one 13.333 × 7.5 in page per slide, for Chromium to print."""
    parts = []
    for n, slide in enumerate(slides):
        boxes = []
        for text, (left, top, width, height) in slide.texts:
            style = (f"left:{left}in;top:{top}in;width:{width}in;height:{height}in;"
                     f"font-size:{text.size}pt;font-weight:{'bold' if text.bold else 'normal'};"
                     f"color:rgb{text.color}")
            body = "<br>".join(html.escape(line) for line in text.text.split("\n"))
            boxes.append(f'<div class="t" style="{style}">{body}</div>')
        if slide.image:
            left, top, width, height = slide.image_box
            boxes.append(f'<img src="{images[n]}" alt="" style="left:{left}in;top:{top}in;'
                         f'max-width:{width}in;max-height:{height}in">')
        parts.append(f'<section>{"".join(boxes)}</section>')
    return f"""<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><style>
@page {{ size: {WIDTH_IN}in {HEIGHT_IN}in; margin: 0; }}
body {{ margin: 0; font-family: Arial, "Liberation Sans", sans-serif; line-height: {LINE}; }}
section {{ position: relative; width: {WIDTH_IN}in; height: {HEIGHT_IN}in; overflow: hidden;
  page-break-after: always; break-after: page; }}
section:last-child {{ page-break-after: auto; break-after: auto; }}
.t, img {{ position: absolute; box-sizing: border-box; padding: 3.6pt 7.2pt; }}
img {{ padding: 0; }}
</style></head><body>{"".join(parts)}</body></html>"""


def write_pdf(slides: list[Slide], target: Path, browser=None) -> Path:
    import base64

    images = {
        n: "data:image/png;base64," + base64.b64encode(s.image).decode("ascii")
        for n, s in enumerate(slides) if s.image
    }
    page_html = deck_html(slides, images)
    if browser is None:
        from playwright.sync_api import sync_playwright

        from brief.tools.browser import launch

        with sync_playwright() as playwright:
            own = launch(playwright)
            try:
                return write_pdf(slides, target, own)
            finally:
                own.close()
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(page_html, wait_until="load")
        target.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(target), width=f"{WIDTH_IN}in", height=f"{HEIGHT_IN}in",
                 print_background=True, prefer_css_page_size=True)
    finally:
        context.close()
    return target


def build(site: Path = paths.HTML, outdir: Path | None = None, browser=None) -> list[Path]:
    from brief.sphinxext.kitfiles import MANIFEST, chart_png

    source = site / cards.CARD_DIR / MANIFEST
    if not source.exists():
        raise SystemExit(f"{source} is missing: run `make` first")
    manifest = json.loads(source.read_text(encoding="utf-8"))
    slides = deck(manifest, chart_png)
    outdir = outdir or site / SLIDE_DIR
    pptx = write_pptx(slides, outdir / OUTPUTS[0])
    return [pptx, write_pdf(slides, outdir / OUTPUTS[1], browser)]


def main() -> int:
    try:
        for path in build():
            print(f"wrote {path.relative_to(paths.ROOT)}")
    except (SlideError, cards.CardError) as err:
        print(f"slides: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
