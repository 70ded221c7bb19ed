"""Share cards and share pages for the theses (written at build-finished by
``brief.sphinxext.kit``).

For every thesis with a Kernsatz: two PNG cards in ``_static/kit/`` (1200×630 for link
previews, 1080×1350 for posts) with book title, thesis title, Kernsatz, a compact version of
the thesis's chart, source line, licence and short address; and a small share page
``these/<n>.html`` whose Open Graph and Twitter tags carry that card, title and description
and which leads to the thesis in the book.

Text never shrinks below a readable size: when a text does not fit its box at the smallest
size, the build stops naming the thesis (shorten the text instead). The font is Liberation
Sans (Arial metrics, as for the charts; brief.fonts); without it the build stops with a hint.
"""
from __future__ import annotations

import hashlib
import html
import io
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from brief import fonts, paths

CARD_DIR = "_static/kit"
SHARE_DIR = "these"
SIZES = {"quer": (1200, 630), "hoch": (1080, 1350)}
BLUE = (0, 114, 178)
INK = (26, 26, 26)
MUTED = (85, 85, 85)
# Smallest sizes (px) a phone reader can still read on a shared card.
MIN_TITLE = {"quer": 34, "hoch": 44}
MIN_BODY = {"quer": 24, "hoch": 32}


class CardError(ValueError):
    """A card's text does not fit at a readable size; the message names the thesis."""


@dataclass
class Thesis:
    number: int
    title: str  # without "These N: "
    sentence: str  # the Kernsatz as readers see it, short source included
    chart: str
    url: str  # stable address of the thesis
    short_url: str  # the address without https://
    book_title: str
    license: str
    boxes: dict = field(default_factory=dict)  # size -> list of (label, box) drawn


def font_path(bold: bool = False) -> Path:
    """Liberation Sans (brief.fonts); a missing font is a CardError like any card problem."""
    try:
        return fonts.font_path(bold)
    except fonts.FontMissing as err:
        raise CardError(str(err)) from None


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(bold)), size)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap by measured width; a single word wider than the box does not fit."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        trial = f"{line} {word}".strip()
        if font.getlength(trial) <= width:
            line = trial
            continue
        if not line:
            return []  # one word alone is too wide
        lines.append(line)
        line = word
        if font.getlength(line) > width:
            return []
    if line:
        lines.append(line)
    return lines


def fit(text: str, box_w: int, box_h: int, start: int, smallest: int, bold: bool, what: str,
        thesis: Thesis, spacing: float = 1.25):
    """The largest size from ``start`` down to ``smallest`` at which ``text`` fits the box."""
    for size in range(start, smallest - 1, -2):
        font = _font(size, bold)
        lines = wrap(text, font, box_w)
        height = int(len(lines) * size * spacing)
        if lines and height <= box_h:
            return font, lines, int(size * spacing)
    raise CardError(
        f"These {thesis.number} („{thesis.title}“): the {what} does not fit its share card at "
        f"{smallest} px, the smallest readable size; shorten it"
    )


def draw_lines(draw, x, y, lines, font, line_h, fill) -> int:
    for line in lines:
        draw.text((x, y), line, font=font, fill=fill)
        y += line_h
    return y


def render(thesis: Thesis, size: str, chart_png: bytes) -> Image.Image:
    """One card. Records every drawn text box in ``thesis.boxes[size]`` (for tests)."""
    width, height = SIZES[size]
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    pad = 48 if size == "quer" else 64
    boxes = thesis.boxes.setdefault(size, [])
    boxes.clear()
    draw.rectangle((0, 0, width, 12), fill=BLUE)
    small = _font(MIN_BODY[size] - 2 if size == "quer" else MIN_BODY[size] - 4)
    head = f"{thesis.book_title} · These {thesis.number}"
    draw.text((pad, pad - 12), head, font=small, fill=BLUE)
    boxes.append(("kopf", draw.textbbox((pad, pad - 12), head, font=small)))
    top = pad + 36
    foot_h = 70 if size == "quer" else 90
    if size == "quer":
        text_w = 620
        chart_box = (pad + text_w + 32, top, width - pad, height - pad - foot_h)
        text_h = height - top - pad - foot_h
    else:
        text_w = width - 2 * pad
        chart_box = (pad, 640, width - pad, height - pad - foot_h)
        text_h = 640 - top - 24
    title_font, title_lines, title_lh = fit(
        thesis.title, text_w, int(text_h * 0.42), 48 if size == "quer" else 64,
        MIN_TITLE[size], True, "title", thesis,
    )
    y = draw_lines(draw, pad, top, title_lines, title_font, title_lh, INK)
    boxes.append(("titel", (pad, top, pad + text_w, y)))
    y += 16
    body_font, body_lines, body_lh = fit(
        thesis.sentence, text_w, top + text_h - y, 32 if size == "quer" else 42,
        MIN_BODY[size], False, "Kernsatz", thesis,
    )
    end = draw_lines(draw, pad, y, body_lines, body_font, body_lh, INK)
    boxes.append(("kernsatz", (pad, y, pad + text_w, end)))
    # The chart, scaled into its box (never enlarged beyond 2x, never distorted).
    chart = Image.open(io.BytesIO(chart_png)).convert("RGB")
    box_w, box_h = chart_box[2] - chart_box[0], chart_box[3] - chart_box[1]
    scale = min(box_w / chart.width, box_h / chart.height, 2.0)
    chart = chart.resize((int(chart.width * scale), int(chart.height * scale)), Image.LANCZOS)
    img.paste(chart, (chart_box[0] + (box_w - chart.width) // 2, chart_box[1]))
    boxes.append(("diagramm", (chart_box[0], chart_box[1], chart_box[0] + chart.width,
                               chart_box[1] + chart.height)))
    foot_font = _font(MIN_BODY[size] - 4 if size == "quer" else MIN_BODY[size] - 6)
    foot_y = height - pad - foot_h + 20
    draw.line((pad, foot_y - 12, width - pad, foot_y - 12), fill=(200, 200, 200), width=2)
    for n, text in enumerate((f"Zahlen: siehe Quelle in Klammern · {thesis.license}",
                              thesis.short_url)):
        if foot_font.getlength(text) > width - 2 * pad:
            raise CardError(
                f"These {thesis.number} („{thesis.title}“): the footer line {text!r} is wider "
                "than the card"
            )
        pos = (pad, foot_y + n * int(foot_font.size * 1.3))
        draw.text(pos, text, font=foot_font, fill=MUTED if n == 0 else BLUE)
        boxes.append(("fuss", draw.textbbox(pos, text, font=foot_font)))
    return img


def card_name(number: int, size: str) -> str:
    width, height = SIZES[size]
    return f"these-{number}-{width}x{height}.png"


def share_page(thesis: Thesis, base_url: str) -> str:
    """``these/<n>.html``: its own preview tags; a reader is sent on to the thesis."""
    width, height = SIZES["quer"]
    image = f"{base_url}{CARD_DIR}/{card_name(thesis.number, 'quer')}"
    title = f"These {thesis.number}: {thesis.title}"
    e = html.escape
    tags = [
        ("property", "og:type", "article"), ("property", "og:title", title),
        ("property", "og:description", thesis.sentence),
        ("property", "og:url", f"{base_url}{SHARE_DIR}/{thesis.number}.html"),
        ("property", "og:site_name", thesis.book_title), ("property", "og:locale", "de_DE"),
        ("property", "og:image", image), ("property", "og:image:width", str(width)),
        ("property", "og:image:height", str(height)),
        ("property", "og:image:alt", f"{title}. {thesis.sentence}"),
        ("name", "twitter:card", "summary_large_image"), ("name", "twitter:title", title),
        ("name", "twitter:description", thesis.sentence), ("name", "twitter:image", image),
        ("name", "description", thesis.sentence),
    ]
    meta = "\n".join(f'  <meta {a}="{k}" content="{e(v)}">' for a, k, v in tags)
    target = f"../index.html#these-{thesis.number}"
    return f"""<!DOCTYPE html>
<html lang="de">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{e(title)} – {e(thesis.book_title)}</title>
  <link rel="canonical" href="{e(thesis.url)}">
{meta}
  <meta http-equiv="refresh" content="0; url={target}">
  <style>
    body{{font-family:Arial,"Liberation Sans",sans-serif;max-width:40rem;margin:1rem auto;
      padding:0 1rem;line-height:1.4}}
    img{{max-width:100%;height:auto}}
  </style>
</head>
<body>
<main>
  <h1>{e(title)}</h1>
  <p>{e(thesis.sentence)}</p>
  <p><a href="{target}">Zur These im Buch „{e(thesis.book_title)}“</a></p>
  <img src="../{CARD_DIR}/{card_name(thesis.number, 'quer')}"
    width="{width}" height="{height}" alt="">
</main>
</body>
</html>
"""


def write(outdir: Path, theses: list[Thesis], base_url: str, chart_png) -> list[Path]:
    """All cards and share pages; ``chart_png(name)`` returns a chart's PNG bytes."""
    cards = outdir / CARD_DIR
    pages = outdir / SHARE_DIR
    cards.mkdir(parents=True, exist_ok=True)
    pages.mkdir(parents=True, exist_ok=True)
    written = []
    cache = paths.BUILD / ".kit-cache"
    cache.mkdir(parents=True, exist_ok=True)
    code = Path(__file__).read_bytes()
    for thesis in theses:
        png = chart_png(thesis.chart)
        for size in SIZES:
            target = cards / card_name(thesis.number, size)
            # Same text, chart and layout code: the card from the last build (about 0.5 s each).
            key = hashlib.sha256(
                repr((thesis.number, thesis.title, thesis.sentence, thesis.short_url,
                      thesis.book_title, thesis.license, size)).encode() + png + code
            ).hexdigest()[:20]
            cached = cache / f"{key}.png"
            if not cached.exists():
                render(thesis, size, png).save(cached)
            shutil.copyfile(cached, target)
            written.append(target)
        page = pages / f"{thesis.number}.html"
        page.write_text(share_page(thesis, base_url), encoding="utf-8")
        written.append(page)
    return written
