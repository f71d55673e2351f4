# JOMCase. `make help` lists the targets. With no DATABASE_URL an embedded PostgreSQL is used,
# and with no CELERY_BROKER_URL the broker is a folder, so nothing needs installing.

PYTHON ?= python3.11
ifeq (, $(shell command -v $(PYTHON) 2>/dev/null))
PYTHON := python3
endif
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Exported: the links in e-mails (SITE_URL, unless it is set) follow the port `make run` serves on.
export PORT

.DEFAULT_GOAL := help
.PHONY: help install assets migrate seed run test lint format bench check clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-8s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/app.css: node_modules/.installed assets/build.mjs $(wildcard assets/scss/*.scss assets/js/*)
	npm run --silent build

install: $(VENV)/.installed node_modules/.installed ## Install Python and npm dependencies
assets: static/build/app.css ## Build the GOV.UK Frontend assets

migrate: install ## Apply database migrations
	$(PY) manage.py migrate --no-input

seed: migrate ## Load the demo organisation, users, claimants and FTE returns (safe to repeat)
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_fte_returns
	$(PY) manage.py seed_qas_demo

run: install assets seed ## Set up everything and serve on 127.0.0.1:$PORT with a Celery worker and beat
	@$(PY) manage.py demo_logins --port $(PORT)
	$(PY) manage.py serve --port $(PORT)

test: install assets ## Run the whole test suite
	$(VENV)/bin/pytest -n 2 --dist loadgroup

lint: install ## Check style with ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install assets ## Run the benchmarks and write figures to bench/results/
	$(PY) bench/run.py

check: lint ## Lint, Django's checks and a check that no migration is missing
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean: ## Remove the virtualenv, node_modules, built assets and the embedded database
	rm -rf $(VENV) node_modules static/build staticfiles .pgdata .run
