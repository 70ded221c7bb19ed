"""The charts are measured with Liberation Sans or not drawn at all (brief.fonts): a build on a
machine without the font must stop, not publish charts laid out with another font's widths."""
from __future__ import annotations

import pytest

from brief import charts, fonts, render
from brief.zahlen import Tables


@pytest.fixture
def no_fonts(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "FONT_DIRS", (tmp_path / "none",))
    fonts.register_for_vl_convert.cache_clear()
    yield
    fonts.register_for_vl_convert.cache_clear()


def test_without_liberation_sans_a_chart_cell_stops_and_says_what_to_install(no_fonts):
    spec = charts.build(sorted(charts.FIGURES)[0], Tables()).to_dict()
    hint = r"LiberationSans-Regular\.ttf.*apt-get install fonts-liberation"
    with pytest.raises(fonts.FontMissing, match=hint):
        render.bundle(spec)

