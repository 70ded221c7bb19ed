"""The theme's icons are inline SVG drawings inside their elements (brief.sphinxext.icons), not
CSS-masked data-URL images, which cost every page 100 ms of style work at 4x CPU (issue 11)."""
from __future__ import annotations

import pytest

from brief.sphinxext import icons


def test_each_icon_element_gets_its_drawing_and_keeps_tag_and_classes():
    page = (
        '<i class="fa-solid fa-sun fa-lg" aria-hidden="true"></i>'
        '<span class="fa-solid fa-bars" aria-hidden="true"></span>'
        '<i class="fa-solid fa-arrow-up"></i>'
    )
    once = icons.inline_icons(page, "p.html")
    assert once.startswith('<i class="fa-solid fa-sun fa-lg" aria-hidden="true"><svg viewBox=')
    assert '<span class="fa-solid fa-bars" aria-hidden="true"><svg ' in once
    assert once.count('aria-hidden="true" focusable="false">') == 3
    assert icons.ICONS["fa-arrow-up"] in once and once.endswith("</svg></i>")
    assert icons.inline_icons(once, "p.html") == once  # a rebuild replaces, never nests
    assert "id=" not in "".join(icons.ICONS.values())  # an icon may show twice on a page


def test_an_icon_without_a_drawing_stops_the_build_naming_page_and_icon():
    with pytest.raises(icons.IconError, match="raum.html: icon fa-rocket has no drawing"):
        icons.inline_icons('<i class="fa-solid fa-rocket"></i>', "raum.html")


def test_no_built_page_has_an_icon_without_its_drawing_and_no_stylesheet_masks_one(site):
    from bs4 import BeautifulSoup

    drawn = 0
    for path in sorted(site.glob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for element in soup.select(".fa-solid, .fas"):
            assert element.find("svg", recursive=False), f"{path.name}: {element}"
            drawn += 1
    assert drawn >= 12 * 8
    assert "--icon" not in (site / "_static" / "brief.css").read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [360, 1280])
def test_every_icon_shows_its_drawing_filling_its_box(chromium, server, width):
    """Menu, colour mode, search and contents in the header, arrows at the foot: each icon's
    drawing covers its element's whole box, padding included, as the masks did (the theme sizes
    header svgs itself) and is painted in the text colour."""
    import browsing

    context = (browsing.phone_context(chromium, width=width) if width < 600
               else chromium.new_context(**browsing.DESKTOP))
    page = context.new_page()
    page.goto(f"{server}/methodik.html", wait_until="load")
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('.fa-solid'))
      .filter((el) => el.getBoundingClientRect().width > 0)
      .map((el) => { const box = el.getBoundingClientRect(), svg = el.querySelector('svg');
        const drawn = svg.getBoundingClientRect();
        return [el.className, Math.abs(drawn.width - box.width) < 0.5
                && Math.abs(drawn.height - box.height) < 0.5,
                getComputedStyle(svg).fill === getComputedStyle(el).color]; })""")
    context.close()
    assert len(shown) >= 5, shown
    assert [s for s in shown if not (s[1] and s[2])] == []
