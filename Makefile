# ascassure: `make help` lists the targets.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help

help: ## list the targets
	@grep -hE '^[a-z][a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(STAMP) ## install the Python environment (.venv) from the pinned constraints

run: $(STAMP) ## run the product: SQLite, demo data, sign-ins printed, http://127.0.0.1:8000
	$(VENV)/bin/ascassure demo

test: $(STAMP) node_modules/.installed ## run the whole test suite (SQLite, then PostgreSQL)
	scripts/test

lint: $(STAMP) ## ruff and mypy
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy

format: $(STAMP) ## format the code with ruff
	$(VENV)/bin/ruff check --fix src tests bench
	$(VENV)/bin/ruff format src tests bench

assets: node_modules/.installed ## rebuild the stylesheet from assets/scss
	npm run build:css
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js src/ascassure/static/ascassure/

bench: $(STAMP) ## run the benchmarks (prints each figure and its ratio to its reference)
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

lock: ## re-pin constraints.txt from the current environment
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

clean: ## remove the virtual environment, node_modules and local data
	rm -rf $(VENV) node_modules data

.PHONY: help install run test lint format assets bench lock clean
