"""Files the built site serves besides the pages: the vendored Vega runtime and the data.

Why here and not in git: the Vega bundle is generated from the pinned vl-convert (so it always
matches Altair's Vega-Lite version) and the data files are copied from data/ at build time, so
the site can never serve stale copies. Both are written deterministically.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import vl_convert as vlc

from brief import data, paths, theme

VEGA_FILE = "vendor/vega.js"  # under _static/
DATA_DIR = "data"  # under the site root
ZIP_NAME = "souveraene-smart-city-daten.zip"
_FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # zip entries get one fixed timestamp: same bytes every build

VEGA_LICENSE = """\
The file vega.js is generated at build time by vl-convert-python from the Vega library
(https://github.com/vega/vega). Vega is licensed under the BSD 3-Clause License:

Copyright (c) 2015-2023, University of Washington Interactive Data Lab
All rights reserved.

Redistribution and use in source and binary forms, with or without modification, are permitted
provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this list of
   conditions and the following disclaimer.
2. Redistributions in binary form must reproduce the above copyright notice, this list of
   conditions and the following disclaimer in the documentation and/or other materials provided
   with the distribution.
3. Neither the name of the copyright holder nor the names of its contributors may be used to
   endorse or promote products derived from this software without specific prior written
   permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS OR
IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND
FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR
CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE,
DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY,
WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY
WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.

The charts' specifications are compiled at build time with Vega-Lite
(https://github.com/vega/vega-lite), also BSD 3-Clause, same copyright holder; the book does not
ship Vega-Lite or vega-embed code to the browser.
"""


def vega_bundle() -> str:
    """Vega alone (the pages get specs already compiled to Vega) plus the German locale."""
    import altair as alt

    vl_version = "v" + "_".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    bundle = vlc.javascript_bundle("window.vega = vega;", vl_version=vl_version)
    locale = (
        f"\nwindow.vega.formatLocale({json.dumps(theme.format_locale(), sort_keys=True)});"
        f"\nwindow.vega.timeFormatLocale({json.dumps(theme.time_format_locale(), sort_keys=True)});\n"
    )
    return f"/* Vega {vlc.get_vega_version()}, BSD-3-Clause, see vega-LICENSE.txt */\n" + bundle + locale


def write_vega(static_dir: Path) -> Path:
    target = static_dir / VEGA_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(vega_bundle(), encoding="utf-8")
    (target.parent / "vega-LICENSE.txt").write_text(VEGA_LICENSE, encoding="utf-8")
    return target


def data_files(data_dir: Path = paths.DATA) -> list[Path]:
    """Every file a reader can download: the package descriptor, each CSV, the data README."""
    names = ["datapackage.json", "README.md"] + [f"{n}.csv" for n in data.resource_names(data_dir)]
    return [data_dir / n for n in sorted(set(names))]


def write_data(outdir: Path, data_dir: Path = paths.DATA) -> list[Path]:
    """Copy data/ to <site>/data/ and pack the same files into one zip."""
    target = outdir / DATA_DIR
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for src in data_files(data_dir):
        dst = target / src.name
        dst.write_bytes(src.read_bytes())
        written.append(dst)
    with zipfile.ZipFile(target / ZIP_NAME, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for src in data_files(data_dir):
            info = zipfile.ZipInfo(f"souveraene-smart-city-daten/{src.name}", date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, src.read_bytes())
    written.append(target / ZIP_NAME)
    return written
