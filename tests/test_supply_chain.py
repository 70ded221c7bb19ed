"""The supply chain: what the site ships and what builds it is exactly what was recorded.

- every vendored browser file (book/_static/vendor/) has the SHA-256, npm version and licence
  recorded in VENDORED.json, and a changed byte or a wrong version is caught;
- every Python package is pinned with hashes and installed with --require-hashes;
- the optional measuring tool Lighthouse (tools/lighthouse/, Node) is pinned exactly, and its
  lock file records an integrity hash for every package `npm ci` installs;
- the publishing workflow passes zizmor (the GitHub Actions security linter) offline, even
  with its strictest persona (auditor).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from brief.sphinxext import assets
from brief.tools import vendor

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
ZIZMOR = Path(sys.executable).parent / "zizmor"


def test_every_vendored_file_matches_its_record():
    assert vendor.check() == []


def test_every_vendored_script_has_licence_version_and_package(tmp_path):
    entries = vendor.load_record()
    scripts = [e for e in entries if e["file"].endswith(".js")]
    assert scripts, "no vendored script recorded"
    for entry in entries:
        assert entry["license"] == "BSD-3-Clause", entry
        assert re.fullmatch(r"sha512-[A-Za-z0-9+/=]{88}", entry["tarball_integrity"]), entry
    # The live charts run the Vega that drew the static SVGs.
    assert any(e["package"] == "vega" and e["version"] == assets.VEGA_VERSION for e in scripts)


@pytest.fixture
def vendor_copy(tmp_path) -> Path:
    copy = tmp_path / "vendor"
    shutil.copytree(vendor.VENDOR, copy)
    return copy


def test_a_changed_byte_is_caught(vendor_copy):
    target = vendor_copy / vendor.load_record(vendor_copy / "VENDORED.json")[0]["file"]
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 1
    target.write_bytes(bytes(data))
    problems = vendor.check(vendor_copy)
    assert any(p.startswith(target.name) and "SHA-256" in p for p in problems), problems


def test_a_wrong_version_and_an_unrecorded_file_are_caught(vendor_copy):
    record = json.loads((vendor_copy / "VENDORED.json").read_text(encoding="utf-8"))
    script = next(e for e in record["files"] if e["file"].endswith(".js"))
    script["version"] = "0.0.1"
    (vendor_copy / "VENDORED.json").write_text(json.dumps(record), encoding="utf-8")
    (vendor_copy / "extra.js").write_text("alert(1)", encoding="utf-8")
    problems = vendor.check(vendor_copy)
    assert any(p.startswith(script["file"]) and "0.0.1" in p for p in problems), problems
    assert any(p.startswith("extra.js") for p in problems), problems


def test_every_python_package_is_pinned_with_a_hash():
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    requirements = re.split(
        r"\n(?=[A-Za-z0-9])", text.split("\n", 1)[1] if text.startswith("#") else text
    )
    pins = [r for r in requirements if re.match(r"[A-Za-z0-9][\w.-]*==", r)]
    assert len(pins) > 50
    unhashed = [r.split()[0] for r in pins if "--hash=sha256:" not in r]
    assert unhashed == []
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.txt" in makefile


def _zizmor(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            str(ZIZMOR),
            "--offline",
            "--no-progress",
            "--persona=auditor",
            "--format",
            "plain",
            str(path),
        ],
        check=False,
        capture_output=True,
        text=True,
    )


def test_lighthouse_and_everything_it_installs_are_pinned_with_hashes():
    tool = ROOT / "tools" / "lighthouse"
    manifest = json.loads((tool / "package.json").read_text(encoding="utf-8"))
    wanted = {**manifest["dependencies"], **manifest.get("overrides", {})}
    loose = {name: v for name, v in wanted.items() if not re.fullmatch(r"\d+\.\d+\.\d+", v)}
    assert not loose, f"tools/lighthouse/package.json: not an exact version: {loose}"
    lock = json.loads((tool / "package-lock.json").read_text(encoding="utf-8"))
    installed = {path: entry for path, entry in lock["packages"].items() if path}
    assert installed["node_modules/lighthouse"]["version"] == manifest["dependencies"]["lighthouse"]
    unhashed = [path for path, entry in installed.items() if not entry.get("integrity")]
    assert not unhashed, f"package-lock.json: no integrity hash for {unhashed[:5]}"


def test_the_publishing_workflow_passes_zizmor():
    done = _zizmor(WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout + done.stderr


def test_zizmor_would_catch_an_unpinned_action(tmp_path):
    """Guards the test above: zizmor really reads the workflow and flags a tag-pinned action."""
    workflow = (WORKFLOWS / "publish.yml").read_text(encoding="utf-8")
    loose = re.sub(r"actions/checkout@[0-9a-f]{40}", "actions/checkout@v4", workflow)
    assert loose != workflow
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "publish.yml").write_text(loose, encoding="utf-8")
    done = _zizmor(tmp_path / ".github" / "workflows" / "publish.yml")
    assert done.returncode != 0 and "unpinned" in done.stdout + done.stderr, done.stdout
