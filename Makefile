# Avance: the two set-up commands are `make demo` and `make test`.
# Django 6 needs Python >= 3.12; the default python3 on our machines is 3.11, so we look for
# python3.13 / python3.12 on PATH and in pyenv, and stop with a clear message if neither runs.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

PYTHON ?= $(shell for c in python3.13 python3.12 \
	$$HOME/.pyenv/versions/3.13*/bin/python3.13 $$HOME/.pyenv/versions/3.12*/bin/python3.12 \
	/usr/local/bin/python3.13 /usr/local/bin/python3.12 /usr/bin/python3.13 /usr/bin/python3.12; do \
	if $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then echo $$c; break; fi; done)

.PHONY: install demo test test-sqlite test-postgres lint format bench clean check-python messages

check-python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "Avance needs Python 3.12 or 3.13 (Django 6 does not run on 3.11)."; \
		echo "Install one (e.g. 'pyenv install 3.13') or run: make PYTHON=/path/to/python3.13 ..."; \
		exit 1; fi

$(STAMP): pyproject.toml | check-python
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# make demo PORT=8080 serves on another port.
PORT ?= 8000
demo: install
	$(BIN)/avance demo --serve --port $(PORT)

# Every test on SQLite; then, when TEST_POSTGRES_URL names a PostgreSQL server, the database
# tests again on PostgreSQL (pytest-django creates and drops its test database there).
# Two workers, one test file each at a time (pytest-xdist): browser, server and subprocess tests
# spend most of their time waiting. The PostgreSQL pass leaves out what does not depend on the
# database: the page walk and browser tests (language, layout, accessibility), the slow-client
# server test and the rendering of report files.
WORKERS ?= -n 2 --dist loadfile

test: install
	env -u DATABASE_URL -u TEST_POSTGRES_URL $(BIN)/python -m pytest $(WORKERS)
	@if [ -n "$$TEST_POSTGRES_URL" ]; then \
		echo "== the same tests on PostgreSQL ($$TEST_POSTGRES_URL)"; \
		DATABASE_URL="$$TEST_POSTGRES_URL" $(BIN)/python -m pytest $(WORKERS) \
			-k "not sqlite and not core and not test_page_walk and not browser and not slow_clients and not test_reports"; \
	fi

lint: install
	$(BIN)/ruff check src bench
	$(BIN)/ruff format --check src bench
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix src bench
	$(BIN)/ruff format src bench

# The Spanish catalogue: collect new msgids, then compile (docs/development.md).
messages: install
	cd src/avance && DJANGO_SETTINGS_MODULE=avance.settings ../../$(BIN)/django-admin makemessages \
		-l es_MX --ignore "*/tests/*" --no-location --no-obsolete
	cd src/avance && DJANGO_SETTINGS_MODULE=avance.settings ../../$(BIN)/django-admin compilemessages \
		-l es_MX

bench: install
	$(BIN)/python bench/rollup.py
	$(BIN)/python bench/import.py
	$(BIN)/python bench/reports.py
	$(BIN)/python bench/pages.py

clean:
	rm -rf $(VENV) var build src/*.egg-info
