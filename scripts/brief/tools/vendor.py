"""The vendored browser files (book/_static/vendor/) and their record, VENDORED.json.

Why: the site runs only code it ships, so every shipped third-party file must be the exact
file its npm package published. VENDORED.json names, for each file, the npm package and
version, the file inside the package, its licence and the SHA-256 of the bytes we ship;
``tests/test_supply_chain.py`` checks the files against it.

``python -m brief.tools.vendor`` checks (offline). ``python -m brief.tools.vendor --upgrade`` (run
by ``make upgrade``; needs the network and ``npm``) fetches from the npm registry with npm: Vega in
the version the pinned vl-convert renders with, vega-interpreter in the newest release of its
current major. npm checks each tarball against the registry's ``sha512`` integrity value (recorded
too); the script writes the files, deletes replaced versions and rewrites VENDORED.json.

vega-interpreter 2 is published only as an ES module that imports three helpers from
``vega-util``; Vega's release build already contains them (as ``window.vega``). The upgrade
therefore wraps the module, unchanged in between, into a classic script with a banner:
the helpers come from ``window.vega`` and the interpreter is attached as
``vega.expressionInterpreter``. VENDORED.json keeps the upstream file's SHA-256 too.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tarfile
from pathlib import Path

from brief.sphinxext import assets

RECORD = assets.VENDORED
VENDOR = RECORD.parent

# What each package ships: (file inside the tarball, local name pattern, how it is made).
PACKAGES = {
    "vega": [
        ("build/vega.min.js", "vega-{version}.min.js", "copy"),
        ("LICENSE", "vega-LICENSE.txt", "copy"),
    ],
    # Same monorepo, same BSD-3-Clause licence text as vega (the tarball has no LICENSE file).
    "vega-interpreter": [
        ("build/vega-interpreter.js", "vega-interpreter-{version}.js", "wrap-esm")
    ],
}
LICENSE_FILE = {"vega": "vega-LICENSE.txt", "vega-interpreter": "vega-LICENSE.txt"}


class VendorError(Exception):
    pass


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_record(path: Path = RECORD) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["files"]


def shipped_version(name: str, text: str) -> str | None:
    """The version a vendored script declares itself: our banner, or Vega's own constant."""
    banner = re.match(r"/\*! (\S+) (\d+\.\d+\.\d+) ", text)
    if banner and banner.group(1) == name:
        return banner.group(2)
    own = re.search(r'\bversion="(\d+\.\d+\.\d+)"', text)
    return own.group(1) if own else None


def check(vendor: Path = VENDOR) -> list[str]:
    """Every problem with the vendored files, one line each (empty: all verified)."""
    problems = []
    entries = load_record(vendor / "VENDORED.json")
    listed = {e["file"] for e in entries}
    for path in sorted(vendor.iterdir()):
        if path.name != "VENDORED.json" and path.name not in listed:
            problems.append(f"{path.name}: vendored but not recorded in VENDORED.json")
    for entry in entries:
        path = vendor / entry["file"]
        if not path.exists():
            problems.append(f"{entry['file']}: recorded in VENDORED.json but missing")
            continue
        digest = sha256(path.read_bytes())
        if digest != entry["sha256"]:
            problems.append(
                f"{entry['file']}: SHA-256 {digest} differs from the recorded {entry['sha256']}"
            )
        if not (vendor / entry["license_file"]).exists():
            problems.append(f"{entry['file']}: licence file {entry['license_file']} missing")
        if path.suffix == ".js":
            found = shipped_version(entry["package"], path.read_text(encoding="utf-8"))
            if found != entry["version"]:
                problems.append(
                    f"{entry['file']}: the file says version {found}, "
                    f"VENDORED.json {entry['version']}"
                )
            if entry["version"] not in entry["file"]:
                problems.append(f"{entry['file']}: file name lacks its version {entry['version']}")
    return problems


def wrap_esm(package: str, version: str, source: str) -> str:
    """An ES module that imports from vega-util -> a classic script over window.vega."""
    imports = re.findall(r"^import \{([^}]*)\} from 'vega-util';\n", source, flags=re.MULTILINE)
    exports = re.findall(r"^export \{ (\w+) as (\w+) \};\n", source, flags=re.MULTILINE)
    if len(imports) != 1 or len(exports) != 1:
        raise VendorError(
            f"{package} {version}: unexpected module shape (imports {imports}, exports {exports})"
        )
    # The module's import and export lines go; so does its source-map comment (no map is shipped).
    body = re.sub(
        r"^(import \{[^}]*\} from 'vega-util';|export \{ \w+ as \w+ \};|//# sourceMappingURL=.*)\n",
        "",
        source,
        flags=re.MULTILINE,
    )
    local, public = exports[0]
    return (
        f"/*! {package} {version} (npm, BSD-3-Clause, see vega-LICENSE.txt); the ES module wrapped "
        f"as a classic script over window.vega by scripts/brief/tools/vendor.py */\n"
        f"(function (vega) {{\n'use strict';\nconst {{{imports[0]}}} = vega;\n{body}"
        f"vega.{public} = {local};\n}})(window.vega);\n"
    )


def _npm(*args: str, cwd: Path | None = None):
    """npm, the registry's own client (it verifies every tarball against the registry's
    integrity value), with JSON output."""
    import subprocess

    done = subprocess.run(
        ["npm", *args, "--json"], check=False, cwd=cwd, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise VendorError(f"npm {' '.join(args)} failed: {done.stderr.strip()[:500]}")
    return json.loads(done.stdout)


def fetch(package: str, version: str) -> tuple[dict, dict[str, bytes]]:
    """package@version from the npm registry: its metadata and the files of its tarball."""
    import tempfile

    meta = _npm("view", f"{package}@{version}")
    with tempfile.TemporaryDirectory() as tmp:
        packed = _npm("pack", f"{package}@{version}", "--pack-destination", tmp)[0]
        if packed["integrity"] != meta["dist"]["integrity"]:
            raise VendorError(
                f"{package}@{version}: tarball does not match the registry's integrity value"
            )
        files = {}
        with tarfile.open(Path(tmp) / packed["filename"]) as tar:
            for member in tar.getmembers():
                if member.isfile():
                    files[member.name.removeprefix("package/")] = tar.extractfile(member).read()
    return meta, files


def newest_of_major(package: str, major: int) -> str:
    versions = _npm("view", package, "versions")
    same = [v for v in versions if re.fullmatch(rf"{major}\.\d+\.\d+", v)]
    return max(same, key=lambda v: tuple(int(p) for p in v.split(".")))


def upgrade(vendor: Path = VENDOR) -> list[dict]:
    old = {e["package"]: e["version"] for e in load_record(vendor / "VENDORED.json")}
    wanted = {"vega": assets.VEGA_VERSION}
    if "vega-interpreter" in old:
        wanted["vega-interpreter"] = newest_of_major(
            "vega-interpreter", int(old["vega-interpreter"].split(".")[0])
        )
    entries = []
    for package, version in wanted.items():
        meta, files = fetch(package, version)
        for inner, pattern, how in PACKAGES[package]:
            upstream = files[inner]
            name = pattern.format(version=version)
            shipped = (
                upstream
                if how == "copy"
                else wrap_esm(package, version, upstream.decode()).encode()
            )
            (vendor / name).write_bytes(shipped)
            entry = {
                "file": name,
                "package": package,
                "version": version,
                "from": inner,
                "license": meta.get("license", ""),
                "license_file": LICENSE_FILE[package],
                "sha256": sha256(shipped),
                "tarball_integrity": meta["dist"]["integrity"],
            }
            if how != "copy":
                entry["upstream_sha256"] = sha256(upstream)
                entry["note"] = (
                    "ES module wrapped as a classic script over window.vega "
                    "(brief.tools.vendor.wrap_esm)"
                )
            entries.append(entry)
            print(f"{name}: {package} {version} ({how})")
    keep = {e["file"] for e in entries}
    for path in vendor.iterdir():
        if path.name != "VENDORED.json" and path.name not in keep:
            print(f"removing {path.name}")
            path.unlink()
    write_record(entries, vendor)
    return entries


def write_record(entries: list[dict], vendor: Path = VENDOR) -> None:
    record = {
        "about": "Third-party files shipped with the site, as published on npm. Checked by "
        "tests/test_supply_chain.py; updated by `make upgrade` "
        "(python -m brief.tools.vendor --upgrade).",
        "files": entries,
    }
    (vendor / "VENDORED.json").write_text(
        json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--upgrade" in args:
        upgrade()
    problems = check()
    for line in problems:
        print(f"vendor: {line}", file=sys.stderr)
    if not problems:
        print(f"vendor: {len(load_record())} files match VENDORED.json")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
