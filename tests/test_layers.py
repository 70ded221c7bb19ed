"""The package shows the path of the data in its layout (README, "Aufbau"): the pipeline in
scripts/brief/ (what chapter cells run), the Sphinx layer in sphinxext/, the tools in tools/.
A layer only imports from the layers below it, so the notebook cache, which hashes the whole
pipeline layer, can never miss a module a cell runs, and a newcomer can read one layer alone."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "brief"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
LAYERS = {"sphinxext": 1, "tools": 2}  # everything else: 0, the pipeline
# Names a reader already knows for something else: the standard library, Sphinx and docutils.
KNOWN = set(sys.stdlib_module_names) | {"sphinx", "docutils", "altair", "pandas"}
MAX_LINES = 320  # "about 300": a module a reader takes in at one sitting


def layer(path: Path) -> int:
    return LAYERS.get(path.relative_to(PACKAGE).parts[0], 0)


def imported_layers(path: Path) -> set[tuple[str, int]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "sphinx":
                found.add((name, 1))
            elif parts[0] == "brief" and len(parts) > 1 and parts[1] in LAYERS:
                found.add((name, LAYERS[parts[1]]))
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_imports_only_its_own_layer_and_those_below(path):
    above = sorted(name for name, level in imported_layers(path) if level > layer(path))
    assert above == [], f"{path.relative_to(PACKAGE)} reaches up to {above}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_is_short_and_not_named_like_a_known_one(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE)}: {lines} lines; split it"
    assert path.stem not in KNOWN, f"{path.relative_to(PACKAGE)} shadows a well-known module"


def test_the_layer_check_sees_a_wrong_import(tmp_path):
    wrong = tmp_path / "wrong.py"
    wrong.write_text("from brief.sphinxext.cite import page_url\nimport sphinx.util\n")
    assert {level for _, level in imported_layers(wrong)} == {1}
