"""The registry of named figures is data (scripts/brief/zahlen.toml): a wrong entry must stop
the build with a message naming the entry and what is wrong, before any chapter quotes it."""
from __future__ import annotations

import pytest

from brief import derive, zahlen


def load(tmp_path, text: str):
    path = tmp_path / "zahlen.toml"
    path.write_text(text, encoding="utf-8")
    return zahlen.load_registry(path)


def test_entries_become_cells_and_derived_figures(tmp_path):
    figures = load(tmp_path, """
[alt]
table = "t"
column = "share"
fmt = "mrd_eur"
where = { key = "alt", year = 2017 }

[wachstum]
derive = "cagr_pct"
inputs = ["alt", "alt"]
fmt = "pct"
args = { years = 5 }
""")
    assert figures["alt"] == zahlen.Value("t", "share", "mrd_eur", {"key": "alt", "year": 2017})
    assert figures["wachstum"] == zahlen.Derived(derive.cagr_pct, ("alt", "alt"), "pct",
                                                 {"years": 5})


@pytest.mark.parametrize(("entry", "message"), [
    ('[x]\ntable = "t"\ncolumn = "c"\nfmt = "pct"\nwehre = {}\n', "[x]: unknown field(s) wehre"),
    ('[x]\ntable = "t"\nfmt = "pct"\n', "[x]: missing field(s) column"),
    ('[x]\ntable = "t"\ncolumn = "c"\nfmt = "prozent"\n', "[x]: unknown fmt 'prozent'"),
    ('[x]\nderive = "wachstum"\ninputs = []\nfmt = "pct"\n', "no function 'wachstum'"),
    ('[x]\nderive = "ratio"\ninputs = ["a", "b"]\nfmt = "factor"\n', "[x]: unknown input(s) a, b"),
    ('[x\n', "zahlen.toml: "),
])
def test_a_wrong_entry_is_named(tmp_path, entry, message):
    with pytest.raises(zahlen.NumberError) as err:
        load(tmp_path, entry)
    assert message in str(err.value)
    assert "zahlen.toml" in str(err.value)


def test_the_book_registry_loads_and_every_derived_input_exists():
    figures = zahlen.load_registry()
    assert figures == zahlen.NUMBERS
    assert len(figures) > 100
