# The two commands: `make run` serves the demo portal, `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test lint format translations messages bench

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

translations: $(VENV)/.runtime
	$(PY) manage.py compile_translations

# Links in e-mails and on certificates lead to the address actually served.
SITE_URL ?= http://127.0.0.1:$(PORT)

run: translations
	$(PY) manage.py migrate --noinput
	SITE_URL=$(SITE_URL) $(PY) manage.py seed_demo
	SITE_URL=$(SITE_URL) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev translations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Needs GNU gettext (developers only): refreshes the catalogues from the sources.
messages: $(VENV)/.runtime
	$(PY) manage.py makemessages --locale fr --locale ar --locale en --no-obsolete --ignore '.venv/*' --ignore 'tests/*'

# The automatic assignment at 5,000 applications × 300 jurors (k = 3), optimal min-cost
# flow against a greedy baseline, on var/bench.sqlite3 (DATABASE_URL: that database).
# Writes bench/results.json.
bench: $(VENV)/.runtime
	$(PY) bench/run.py
