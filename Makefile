# Two commands for a newcomer: `make` builds the book, `make test` runs every test
# (`make check`: lint and the fast tests only).
# Both set up .venv from requirements.txt first (only when it is missing or out of date).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# cffconvert lives in its own environment (its jsonschema<4 pin clashes with the book's).
CFF_VENV  := .venv-cff
CFF_STAMP := $(CFF_VENV)/.installed
PORT ?= 8000
# make check and make test spread the tests over two pytest-xdist workers (one per core); tests that
# share an expensive fixture run on one worker (groups: tests/conftest.py). XDIST= runs them in one.
XDIST ?= -n 2 --dist loadgroup

SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := book
.PHONY: book setup check golden test serve clean upgrade check-data benchmark lighthouse pdf linkcheck-external

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed, found " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# Every package, pip included, at its pinned version and checked against its recorded hash.
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt
	# The brief package (scripts/brief) in editable mode, without touching the pins.
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

$(CFF_STAMP): tools/cffconvert.txt
	test -x $(CFF_VENV)/bin/python || $(PYTHON) -m venv $(CFF_VENV)
	$(CFF_VENV)/bin/python -m pip install --quiet -r tools/cffconvert.txt
	touch $(CFF_STAMP)

# Bad data stops here, with one line naming file, row and field, before any chapter runs.
check-data: $(STAMP)
	$(BIN)/python -m brief.data

book: check-data
	@# The strict Jupyter Book command (warnings are errors), defined once in scripts/brief/tools/build.py.
	$(BIN)/python -m brief.tools.build

# The fast tier (measured times: README, "Tests"): lint and every test that needs neither the built site nor a
# browser. Tests are marked `build`/`browser` by the fixtures they use (tests/conftest.py).
check: $(STAMP) $(CFF_STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(XDIST) -m "not build and not browser"

# Rewrite tests/golden/figures.txt (every {zahl} figure and chart takeaway) after an intended
# change; review its diff in the commit.
golden: $(STAMP)
	BRIEF_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_golden.py

test: $(STAMP) $(CFF_STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(XDIST)

# The print edition: the whole book and one handout per page in _build/html/pdf/
# (headless Chromium, see scripts/brief/tools/pdf.py). Run before publishing: the pages link them.
pdf: book
	$(BIN)/python -m brief.tools.pdf

# The slide deck: editable PowerPoint and PDF in _build/html/folien/ (scripts/brief/tools/slides.py).
# Run before publishing: every thesis links it.
slides: book
	$(BIN)/python -m brief.tools.slides

# Links to other hosts with Sphinx's linkcheck builder (needs the network; never part of
# `make test`). Report: _build/linkcheck/output.txt.
linkcheck-external: check-data
	$(BIN)/python -m brief.tools.build linkcheck

serve: book
	@echo "Serving _build/html on http://localhost:$(PORT)/ (Ctrl+C stops)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

# Build time, page weight and chart render time (see scripts/brief/tools/benchmark.py).
benchmark: $(STAMP)
	$(BIN)/python -m brief.tools.benchmark

# Lighthouse's own score per page (scripts/brief/tools/lighthouse.py). Optional: needs Node.js;
# installs the version pinned in tools/lighthouse/package-lock.json. Measurement only.
lighthouse: book
	@command -v npm >/dev/null || { echo "make lighthouse needs Node.js and npm"; exit 2; }
	test -x tools/lighthouse/node_modules/.bin/lighthouse || \
	    npm ci --prefix tools/lighthouse --no-audit --no-fund --loglevel=error
	$(BIN)/python -m brief.tools.lighthouse

clean:
	rm -rf _build

# Re-resolve every pin from requirements.in (needs the package index), then fetch the vendored
# browser files (Vega for the new vl-convert, vega-interpreter) with npm and rewrite
# book/_static/vendor/VENDORED.json (scripts/brief/tools/vendor.py says how).
upgrade: $(STAMP)
	$(BIN)/pip-compile --quiet --upgrade --allow-unsafe --generate-hashes --strip-extras \
	    --no-emit-index-url --no-emit-find-links --output-file requirements.txt requirements.in
	$(BIN)/pip-compile --quiet --upgrade --strip-extras --no-emit-index-url --no-emit-find-links \
	    --output-file tools/cffconvert.txt tools/cffconvert.in
	$(MAKE) setup
	$(BIN)/python -m brief.tools.vendor --upgrade
