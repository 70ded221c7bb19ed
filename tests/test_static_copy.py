"""An edit to a stylesheet or script alone reaches the built site.

Sphinx copies ``_static`` only when it writes a page; without brief's hook a CSS-only change left
the old file in ``_build/html`` and every browser test ran against it.
"""

from __future__ import annotations

from types import SimpleNamespace

from brief.sphinxext.assets import stale_static_docs


def fake_app(tmp_path, extra_static=()):
    src = tmp_path / "src"
    (src / "book" / "_static").mkdir(parents=True)
    (src / "book" / "_static" / "brief.css").write_text("a{}", encoding="utf-8")
    (tmp_path / "out" / "_static").mkdir(parents=True)
    config = SimpleNamespace(html_static_path=["book/_static", *extra_static], root_doc="index")
    return SimpleNamespace(srcdir=src, confdir=src, outdir=tmp_path / "out", config=config)


def check(app):
    return stale_static_docs(app, None, set(), set(), set())


def test_a_missing_or_changed_copy_rebuilds_the_start_page(tmp_path):
    app = fake_app(tmp_path)
    assert check(app) == ["index"]  # never copied
    (tmp_path / "out" / "_static" / "brief.css").write_text("a{}", encoding="utf-8")
    assert check(app) == []  # up to date: nothing re-read
    (app.srcdir / "book" / "_static" / "brief.css").write_text("a{color:red}", encoding="utf-8")
    assert check(app) == ["index"]  # edited since the last copy


def test_assets_of_other_packages_are_not_compared(tmp_path):
    theirs = tmp_path / "site-packages" / "ext" / "_static"
    theirs.mkdir(parents=True)
    (theirs / "copybutton.js_t").write_text("{{ template }}", encoding="utf-8")
    app = fake_app(tmp_path, extra_static=[str(theirs)])
    (tmp_path / "out" / "_static" / "brief.css").write_text("a{}", encoding="utf-8")
    assert check(app) == []
