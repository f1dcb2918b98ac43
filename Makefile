# xjftz — two commands: `make run` and `make test`. Everything else is a step they take.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

GRAPH := graph/build/xjftz.ttl
# The published graph is rebuilt when any input is newer: the source text, translations,
# vocabularies, the ontology and shapes, the code of the build itself (with the search index's
# layout, queries/ask_index.py), the data package's queries and schemas, or the releases
# record (the version the graph describes itself as).
GRAPH_INPUTS := $(shell find graph/sources ontology -type f \( -name '*.md' -o -name '*.ttl' -o -name '*.tsv' -o -name '*.json' -o -name '*.py' \) 2>/dev/null) \
                $(wildcard graph/*.py) graph/datapackage.yaml releases/releases.yaml \
                $(wildcard queries/tables/*.rq) queries/ask_index.py

.PHONY: run test lint bench setup graph system-deps js-deps frontend clean

run: setup frontend $(GRAPH)
	$(BIN)/xjftz serve --host $(HOST) --port $(PORT)

test: system-deps setup js-deps frontend $(GRAPH)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	# cffconvert 2.0.0 (tests/test_citation.py) pins jsonschema<4, which frictionless and
	# schemathesis need at >=4; it validates correctly with 4, so it goes in without its pins.
	$(BIN)/python -m pip install --quiet 'ruamel.yaml>=0.17' click requests python-dateutil docopt
	$(BIN)/python -m pip install --quiet --no-deps 'cffconvert==2.0.0' 'pykwalify==1.8.0'
	touch $@

graph: $(GRAPH)

$(GRAPH): $(VENV)/.installed $(GRAPH_INPUTS)
	$(BIN)/xjftz build

system-deps:
	bash scripts/install-system-deps.sh

js-deps: tests/js/node_modules/.installed

tests/js/node_modules/.installed: tests/js/package.json
	cd tests/js && npm install --no-audit --no-fund --loglevel=error
	touch $@

# The site's JavaScript (YASGUI, Cytoscape.js, d3-geo, world-atlas, axe-core) from npm at the
# versions package-lock.json pins, copied into webapp/static/vendor/ (generated, git-ignored).
FRONTEND := webapp/frontend
frontend: webapp/static/vendor/.installed

webapp/static/vendor/.installed: $(FRONTEND)/package.json $(FRONTEND)/package-lock.json $(FRONTEND)/vendor.mjs
	command -v npm >/dev/null || bash scripts/install-system-deps.sh
	cd $(FRONTEND) && npm ci --no-audit --no-fund --loglevel=error
	node $(FRONTEND)/vendor.mjs
	touch $@

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup $(GRAPH)
	$(BIN)/python -m bench

clean:
	rm -rf graph/build .pytest_cache
