"""Every figure: a valid spec in the book's theme and locale, plotting exactly its table rows,
and in the built HTML with static SVG, alt text, table and CSV link."""
from __future__ import annotations

import functools
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from brief import charts, data, fmt, legends, paths, render, theme
from brief import layouts as lay
from brief.sphinxext import chartspecs, ui
from brief.zahlen import Tables
from conftest import page_specs

NAMES = sorted(charts.FIGURES)
PACKAGE = json.loads((paths.DATA / "datapackage.json").read_text(encoding="utf-8"))


def primary_key(table: str) -> list[str]:
    res = next(r for r in PACKAGE["resources"] if r["name"] == table)
    key = res["schema"]["primaryKey"]
    return [key] if isinstance(key, str) else list(key)
TABLES = Tables()


@pytest.fixture(scope="module")
def specs() -> dict[str, dict]:
    return {name: charts.build(name, TABLES).to_dict(validate=True) for name in NAMES}


def test_enough_figures_for_every_chapter():
    assert len(NAMES) >= 9


@pytest.mark.parametrize("name", NAMES)
def test_spec_uses_the_theme_title_and_german_texts(specs, name):
    spec = specs[name]
    assert spec["config"]["font"] == theme.FONT
    assert spec["config"]["range"]["category"] == theme.PALETTE
    assert spec["title"]["text"] == charts.FIGURES[name].title
    assert spec["title"]["subtitle"]
    assert " ".join(spec["title"]["subtitle"]) == spec["usermeta"]["brief"]["subtitle"]
    meta = spec["usermeta"]["brief"]
    assert meta["source"].startswith("Quelle: ") and meta["alt"] and meta["description"]
    assert spec["description"] == meta["alt"]


@pytest.mark.parametrize("name", NAMES)
def test_every_mark_has_a_tooltip(specs, name):
    def marks(node):
        if "layer" in node:
            for child in node["layer"]:
                yield from marks(child)
        elif "mark" in node:
            yield node

    with_tooltip = [m for m in marks(specs[name]) if "tooltip" in m.get("encoding", {})]
    assert with_tooltip, f"{name}: no mark carries a tooltip"


def _plotted(spec: dict) -> pd.DataFrame:
    datasets = spec["datasets"]
    assert len(datasets) == 1, "one table per chart keeps the table view honest"
    return pd.DataFrame(next(iter(datasets.values())))


@pytest.mark.parametrize("name", NAMES)
def test_chart_plots_exactly_the_selected_csv_rows(specs, name):
    """Values in the chart equal the CSV; no selected row is missing, none is invented."""
    plotted = _plotted(specs[name])
    fig = charts.FIGURES[name]
    from_tables = plotted[~plotted["derived"]]
    used_tables = set(from_tables["table"])
    for table in fig.selection:
        frame = data.load(table)
        keys = primary_key(table)
        expected = charts.pick(TABLES, table, fig.selection[table])
        got = from_tables[from_tables["table"] == table]
        if name == "stadt-land-kluft" and table == "broadband":
            # The summary chart shows, per bandwidth, the latest urban/rural pair only.
            assert set(got["bandwidth_mbit"]) <= set(expected["bandwidth_mbit"])
            plotted_keys = got[keys].assign(ref_date=pd.to_datetime(got["ref_date"]))
            expected = expected.merge(plotted_keys, on=keys)
        assert len(got) == len(expected), (
            f"{name}/{table}: {len(got)} plotted vs {len(expected)} selected"
        )
        assert table in used_tables
        # Compare every plotted column that exists in the CSV, row by row on the primary key.
        for _, row in got.iterrows():
            match = frame
            for key in keys:
                if pd.isna(row[key]):
                    match = match[match[key].isna()]
                    continue
                wanted = row[key]
                if pd.api.types.is_datetime64_any_dtype(frame[key]):
                    wanted = pd.Timestamp(wanted)
                match = match[match[key] == wanted]
            assert len(match) == 1, (
                f"{name}: plotted row {dict(row[keys])} is not in data/{table}.csv"
            )
            csv_row = match.iloc[0]
            for column in frame.columns:
                if column in row.index and pd.notna(csv_row[column]) and column not in keys:
                    value = row[column]
                    cell = csv_row[column]
                    if pd.api.types.is_number(cell) and not pd.api.types.is_bool(cell):
                        assert float(value) == pytest.approx(csv_row[column]), (name, column)
                    elif isinstance(csv_row[column], pd.Timestamp):
                        assert pd.Timestamp(value) == csv_row[column], (name, column)
                    else:
                        assert str(value) == str(csv_row[column]), (name, column)


def test_derived_rows_are_flagged_and_computed(specs):
    plotted = _plotted(specs["markt-segmente"])
    rest = plotted[plotted["derived"]]
    assert len(rest) == 1
    market = data.load("smart_city_market").set_index(["study", "year"])
    total = market.loc[("eco/ADL 2021–2026", 2026), "value_bn_eur"]
    named = plotted.loc[~plotted["derived"], "value_bn_eur"].sum()
    assert rest["value_bn_eur"].iloc[0] == pytest.approx(total - named)


@pytest.mark.parametrize("name", NAMES)
def test_static_svg_uses_german_number_format(specs, name):
    svg = render.static_svg(specs[name], name)
    assert svg.startswith("<svg")
    texts = (t.get_text() for t in BeautifulSoup(svg, "html.parser").find_all("text"))
    labels = [t for t in texts if re.fullmatch(r"[0-9][0-9.,\u00a0]*", t)]
    assert labels, "axis labels expected"
    for label in labels:
        # A decimal point would be English; "1.000" style thousands separators are German.
        assert not re.fullmatch(r"\d+\.\d{1,2}", label), f"English decimal {label!r} in {name}"


def test_renderer_bundle_serves_every_builder(specs):
    bundle = render.bundle(specs["markt-volumen"])
    assert set(bundle) == {"text/html", "application/pdf", "image/png", "text/plain"}
    import base64

    assert base64.b64decode(bundle["application/pdf"]).startswith(b"%PDF")
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert "alt.Chart" not in bundle["text/plain"]
    html = bundle["text/html"]
    assert "cdn.jsdelivr" not in html and "<script src" not in html


def test_rendering_is_deterministic(specs):
    first = render.chart_html(specs["breitband-50"])
    second = render.chart_html(charts.build("breitband-50", Tables()).to_dict())
    assert first == second


def test_bad_selection_fails_loudly():
    with pytest.raises(data.DataError, match="no rows match"):
        charts.pick(TABLES, "broadband", {"bandwidth_mbit": 12345})


def test_a_latest_date_without_its_city_row_stops_the_chart_naming_it(tmp_path):
    """The subtitle compares city and country at the latest date; a date with only one of them
    must stop the build, not compare with an older row."""
    data_dir = tmp_path / "data"
    shutil.copytree(paths.DATA, data_dir)
    frame = pd.read_csv(data_dir / "broadband.csv", dtype=str, keep_default_na=False)
    rows = frame[(frame["bandwidth_mbit"] == "50") & (frame["area"] == "städtisch")]
    latest = rows["ref_date"].max()
    frame.drop(rows.index[rows["ref_date"] == latest]).to_csv(
        data_dir / "broadband.csv", index=False, lineterminator="\n"
    )
    message = rf"broadband.csv: the latest date {latest}.*found \['ländlich'\]"
    with pytest.raises(data.DataError, match=message):
        charts.build("breitband-50", Tables(data_dir))


# ------------------------------------------------------------------ in the built HTML


@functools.cache
def _chart_blocks(site: Path) -> dict[str, tuple[str, str]]:
    found = {}
    for path in sorted(site.glob("*.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for block in page.select("div.brief-chart[data-chart]"):
            found[block["data-chart"]] = (path.stem, str(block))
    return found


def chart_blocks(site) -> dict[str, tuple[str, str]]:
    """name -> (page, html of its figure block) for every chart in the built site (the pages
    are parsed once per session; the site does not change while the tests run)."""
    return _chart_blocks(Path(site))


def test_every_figure_is_in_the_book_once_numbered(site):
    blocks = chart_blocks(site)
    assert sorted(blocks) == NAMES
    for name, (page, _) in blocks.items():
        soup = BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "lxml")
        fig = soup.find("figure", id=f"abb-{name}")
        assert fig, f"{name}: not inside a numbered figure with id abb-{name}"
        number = fig.select_one("figcaption .caption-number")
        assert number and re.fullmatch(r"Abbildung [\d.]+ ", number.get_text()), name
        # The caption typed in the chapter must be the chart's own title.
        text = fig.select_one("figcaption .caption-text").get_text()
        # (brief.sphinxext.typo binds numbers to units with a no-break space in the built page)
        assert text.replace("\u00a0", " ") == charts.FIGURES[name].title, name


@pytest.mark.parametrize("name", NAMES)
def test_built_chart_has_svg_alt_table_source_and_csv_link(site, specs, name):
    page, block = chart_blocks(site)[name]
    soup = BeautifulSoup(block, "html.parser")
    meta = specs[name]["usermeta"]["brief"]
    assert soup.find("svg")
    assert soup.find(attrs={"role": "img", "aria-label": meta["alt"]})
    assert soup.find("table") and soup.find("th")
    assert meta["source"].split(";")[0] in soup.get_text()
    for csv in meta["csv"]:
        assert soup.find("a", href=f"data/{csv}"), csv
        assert (site / "data" / csv).exists()
    for kind in ("wide", "phone"):
        spec = page_specs(site, f"{page}.html")[f"chart-{name}-spec-{kind}"]
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega/")


def test_two_builds_give_identical_chart_html(site, specs):
    """Each built chart block and its two specs (in the page's specs file) are what the
    renderer makes of the figure now."""
    for name, (page, block) in chart_blocks(site).items():
        # The page wraps every table in its scroll region (brief.sphinxext.ui) after the chart is
        # rendered, and its specs leave it for the page's specs file (brief.sphinxext.chartspecs).
        fresh, fresh_specs = chartspecs.take_specs(render.chart_html(specs[name]), name)
        fresh = ui.scrollable_tables(fresh)
        assert block == str(BeautifulSoup(fresh, "lxml").select_one("div.brief-chart")), name
        built = page_specs(site, f"{page}.html")
        assert sorted(fresh_specs) == [f"chart-{name}-spec-phone", f"chart-{name}-spec-wide"]
        assert {key: built.get(key) for key in fresh_specs} == fresh_specs, name


def test_latex_build_gets_vector_charts(warm_output):
    """The print route: a LaTeX build takes each chart's application/pdf, not alt.Chart(...).
    (The cells' outputs come from the session build's notebook cache: the same outputs.)"""
    import subprocess

    from brief.tools import build
    from conftest import ROOT

    out = warm_output()
    done = subprocess.run(
        build.command(out, builder="latex"), cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    latex = out / "_build" / "latex"
    tex = "\n".join(p.read_text(encoding="utf-8") for p in latex.glob("*.tex"))
    tex = tex.replace("\\sphinxhyphen{}", "-")
    graphics = re.findall(r"includegraphics(?:\[[^\]]*\])?\{\{?([0-9a-f]{64})\}?\.pdf", tex)
    assert len(graphics) == len(NAMES)
    for stem in graphics:
        assert (latex / f"{stem}.pdf").read_bytes().startswith(b"%PDF"), stem
    assert "alt.Chart" not in tex
    for name in NAMES:
        assert charts.FIGURES[name].title in tex


# ------------------------------------------------------------------ layouts, colours, filters


@pytest.fixture(scope="module")
def layouts(specs) -> dict[str, dict[str, str]]:
    """name -> {layout: static SVG} for the two layouts a page shows."""
    return {
        name: {kind: render.static_svg(lay.layout(specs[name], kind), name)
               for kind in ("wide", "phone")}
        for name in NAMES
    }


def _svg_root(svg: str):
    return BeautifulSoup(svg, "html.parser").find("svg")


def _svg_size(svg: str) -> float:
    return float(_svg_root(svg)["width"])


@pytest.mark.parametrize("name", NAMES)
def test_phone_layout_fits_a_phone_at_full_size_and_wide_stays_readable(layouts, name):
    """The phone chart is shown 1:1 in a 360 px screen's column; the wide one shrinks at most
    so far that its 12 px text stays >= 11 px in the narrowest box that shows it."""
    phone, wide = _svg_size(layouts[name]["phone"]), _svg_size(layouts[name]["wide"])
    assert lay.PHONE_WIDTH - 4 <= phone <= lay.PHONE_WIDTH, f"{name}: phone chart {phone} px"
    assert wide <= lay.WIDE_MAX_WIDTH, f"{name}: wide chart {wide} px wide"
    for kind, svg in layouts[name].items():
        sizes = [float(t["font-size"].removesuffix("px"))
                 for t in _svg_root(svg).find_all(attrs={"font-size": True})]
        assert sizes and min(sizes) >= 11, f"{name} ({kind}): text at {min(sizes)} px"


@pytest.mark.parametrize("name", NAMES)
def test_no_label_is_cut_short(layouts, name):
    for kind, svg in layouts[name].items():
        assert "…" not in svg, f"{name} ({kind}): a label ends in '…'"


def _contrast(colour: str, background: str = "#ffffff") -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    light, dark = sorted((luminance(colour), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("name", NAMES)
def test_every_series_colour_stands_out_from_the_background(specs, name):
    """WCAG 1.4.11: marks that carry meaning need 3:1 against the white chart background."""
    spec = specs[name]
    used = set(spec["config"]["range"]["category"])
    text = json.dumps(
        {k: v for k, v in spec.items() if k not in ("config", "datasets", "usermeta")}
    )
    used |= set(re.findall(r'"(#[0-9a-fA-F]{6})"', text))
    weak = {c: round(_contrast(c), 2) for c in used if _contrast(c) < 3}
    assert not weak, f"{name}: colours below 3:1 on white: {weak}"


def _grouped(spec: dict) -> set[str]:
    """Fields with a legend a reader can filter: colour, symbol or line style, one per field."""
    fields = set()
    for unit in lay.walk_units(spec):
        for channel in ("color", "shape", "strokeDash", "size", "opacity", "fill", "stroke"):
            enc = (unit.get("encoding") or {}).get(channel)
            if isinstance(enc, dict) and enc.get("field") and enc.get("legend", {}) is not None:
                fields.add(enc["field"])
    return fields


@pytest.mark.parametrize("name", NAMES)
def test_every_legend_has_a_group_filter(specs, name):
    """Every legend field gets its own parameter and a row of buttons, one per group of the
    legend (also symbol and line-style legends, and fields computed in the chart)."""
    spec = render.stable_view_names(specs[name])
    filters = {field: values for _, field, values in legends.legend_filters(spec)}
    soup = BeautifulSoup(render.chart_html(spec), "html.parser")
    for field in _grouped(spec):
        assert field in filters, f"{name}: legend on {field!r} but no legende_{field} parameter"
        data_values = lay.field_values(spec, field)
        if data_values:
            assert set(filters[field]) == set(data_values)
        row = soup.select_one(f'.brief-chart-legend[data-param="legende_{field}"]')
        assert row is not None, f"{name}: legend on {field!r} has no buttons"
        labels = [b.get_text() for b in row.select(".brief-chart-group")]
        assert labels == [str(v) for v in filters[field]] and len(labels) > 1
        assert row["aria-label"].startswith(row["data-title"] + " hervorheben: ")
    hints = soup.select(".brief-chart-hint")
    assert len(hints) == (1 if filters else 0)


def test_every_button_key_shows_its_whole_line_style(specs):
    """A dashed key shows two whole dashes and the gap between them inside its swatch, so
    "bis zur Prognose" (dashed) reads differently from "Ist-Werte" (solid) at 12 px height."""
    dashed = 0
    for name in NAMES:
        spec = render.stable_view_names(specs[name])
        buttons = legends.legend_html(spec, spec["usermeta"]["brief"]["title"])
        for swatch in BeautifulSoup(buttons, "html.parser").select(".brief-chart-group svg"):
            line = swatch.find("line")
            pattern = [float(x) for x in line["stroke-dasharray"].split()] if line else []
            if len(pattern) < 2 or pattern[1] == 0:
                continue  # a colour, a symbol or a solid line
            dash, gap = pattern[:2]
            dashed += 1
            assert float(line["x2"]) >= 2 * dash + gap, f"{name}: key {line}"
            assert float(swatch["width"]) >= float(line["x2"]), f"{name}: key cut by {swatch}"
    assert dashed, "no dashed key found (markt-volumen has one)"


def test_markt_volumen_and_broadband_filter_every_legend(specs):
    """Reader-review §6: line style, kind of value and data basis had no buttons."""
    found = {
        name: {f for _, f, _ in legends.legend_filters(render.stable_view_names(specs[name]))}
        for name in ("markt-volumen", "breitband-50", "gigabit-stadt-land")
    }
    assert found["markt-volumen"] == {"reihe", "linie", "art"}
    assert found["breitband-50"] == found["gigabit-stadt-land"] == {"area", "grundlage"}
    values = dict((f, v) for _, f, v in legends.legend_filters(specs["markt-volumen"]))
    assert values["linie"] == ["bis zur Prognose", "Ist-Werte"]


def test_a_kind_of_value_fades_the_lines_that_run_through_several(specs):
    """A line crosses estimates and forecasts: picking 'Prognose' must not keep it full."""
    spec = specs["markt-volumen"]
    line = next(u for u in spec["layer"] if "line" in json.dumps(u.get("mark")))
    condition = line["encoding"]["opacity"]["condition"]["test"]
    assert "legende_art === null" in condition and "datum[\"reihe\"]" in condition


@pytest.mark.parametrize("name", NAMES)
def test_live_chart_hides_its_marks_from_assistive_technology(specs, name):
    for kind in ("wide", "phone"):
        assert render.vega_spec(lay.layout(specs[name], kind))["config"]["aria"] is False


def test_download_buttons_name_their_chart(site):
    for name, (page, block) in chart_blocks(site).items():
        title = fmt.bind_units(charts.FIGURES[name].title)  # as the page shows it
        soup = BeautifulSoup(block, "html.parser")
        names = {b["aria-label"] for b in soup.select(".brief-chart-export")}
        assert names == {f"SVG speichern: {title}", f"PNG speichern: {title}"}, name


def test_build_gives_each_layout_from_the_same_figure_function():
    phone = charts.build("markt-volumen", TABLES, layout="phone").to_dict(validate=False)
    wide = charts.build("markt-volumen", TABLES, layout="wide").to_dict(validate=False)
    assert phone["datasets"] == wide["datasets"]
    assert phone["width"] < wide["width"] and phone["config"]["legend"]["labelLimit"] == 0
    with pytest.raises(ValueError, match="unknown chart layout"):
        charts.build("markt-volumen", TABLES, layout="tablet")


def test_nahversorgung_says_keine_angabe_and_draws_an_upper_bound_as_an_outline():
    """reader-review §13: a missing pharmacy value was an empty slot, "unter 500 m" a bar of
    exactly 0,5 km."""
    rows = charts.selected(TABLES, "erreichbarkeit-nahversorgung", "reachability")
    spec = charts.build("erreichbarkeit-nahversorgung", TABLES).to_dict()
    values = next(iter(spec["datasets"].values()))
    groups = {v["region_type"]: v["gruppe"] for v in values}
    for region, group in groups.items():
        given = set(rows.loc[rows["region_type"] == region, "service"])
        for service in set(rows["service"]) - given:
            assert f"{service}: keine Angabe" in group, group
        if given == set(rows["service"]):
            assert "keine Angabe" not in group
    fill = json.dumps(spec["layer"][0]["encoding"]["fillOpacity"] if "layer" in spec
                      else spec["encoding"]["fillOpacity"])
    assert "datum.qualifier === '<'" in fill
    assert any(v["qualifier"] == "<" for v in values)


@pytest.mark.parametrize("name", ["breitband-50", "gigabit-stadt-land"])
def test_broadband_legends_name_the_data_basis_by_years_not_by_contractor(name):
    """reader-review §13: "TÜV Rheinland" and "atene KOM/aconium" mean nothing to readers."""
    spec = charts.build(name, TABLES).to_dict()
    values = next(iter(spec["datasets"].values()))
    # Lines and points compute it alike (the data-basis filter fades both).
    (expr,) = set(re.findall(r'"calculate": "(\{.*?\})\[datum\.series\]"', json.dumps(spec)))
    shown = json.loads(json.loads(f'"{expr}"'))
    assert set(shown) == {v["series"] for v in values}
    assert not [s for s in shown.values() if "TÜV" in s or "atene" in s or "(" in s]
    assert all(re.search(r"\d{4}–\d{4}$", s) for s in shown.values())
