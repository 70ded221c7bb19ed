"""The book's metadata: one source (CITATION.cff), valid, and crediting the source article."""
from __future__ import annotations

import subprocess

import pytest
import yaml

from brief import paths
from brief.metadata import read_metadata

CFFCONVERT = paths.ROOT / ".venv-cff" / "bin" / "cffconvert"


def test_citation_cff_passes_cffconvert_validate():
    if not CFFCONVERT.exists():
        pytest.fail("cffconvert missing: `make test` installs it into .venv-cff")
    done = subprocess.run(
        [str(CFFCONVERT), "--validate", "-i", str(paths.ROOT / "CITATION.cff")],
        capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_metadata_is_read_from_citation_cff():
    cff = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    meta = read_metadata()
    assert meta["title"] == cff["title"]
    assert meta["version"] == str(cff["version"])
    assert meta["date_released"] == str(cff["date-released"])


def test_source_article_is_credited():
    cff = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    article = cff["references"][0]
    assert article["authors"][0]["family-names"] == "Korkmaz"
    assert "DEMO" in article["journal"] and article["issue"] == "03/04" and article["year"] == 2019
    licence = (paths.ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "CC BY 4.0" in licence and "MIT License" in licence and "Korkmaz" in licence
