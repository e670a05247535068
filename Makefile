# Vlaanderen helpt — the commands. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# The first Python >= 3.12 on this machine (pyenv shims honour .python-version).
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3 $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null); do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then echo $$p; break; fi; done)

.PHONY: help install vnu run prod faults backup-drill test test-postgres lint format bench lighthouse messages clean

help: ## List the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "Python 3.12 of nieuwer is nodig en werd niet gevonden. Installeer het (bv. 'pyenv install 3.12' of 'apt install python3.12') en probeer opnieuw."; \
		exit 1; fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project (only when pyproject.toml changed)

# The Nu HTML checker that the browser tests run over every page (Java and npm needed).
VNU_VERSION := 26.9.27
VNU_JAR := .tools/node_modules/vnu-jar/build/dist/vnu.jar
$(VNU_JAR):
	npm install --silent --no-audit --no-fund --prefix .tools vnu-jar@$(VNU_VERSION)

vnu: $(VNU_JAR) ## Install the Nu HTML checker for the browser tests

QUIET_MAIL := django.core.mail.backends.locmem.EmailBackend

run: $(STAMP) ## Migrate, load reference data and demo content, serve on http://127.0.0.1:8000
	DJANGO_DEBUG=true $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=true $(PY) manage.py load_local_governments
	@# The demo's own notification e-mails stay in memory: the console shows the demo logins, not a stream of mails.
	DJANGO_DEBUG=true EMAIL_BACKEND=$(QUIET_MAIL) $(PY) manage.py load_demo
	DJANGO_DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

prod: $(STAMP) ## Production on this machine: nginx, gunicorn, task worker, SMTP sink (APPS=2 for two app servers)
	@command -v nginx >/dev/null || { echo "nginx ontbreekt: apt-get install nginx-light"; exit 1; }
	$(PY) deploy/stack.py --demo --apps $${APPS:-1}

faults: $(STAMP) ## Take the production stack's parts down in turn under load; table in bench/results/
	@command -v nginx >/dev/null || { echo "nginx ontbreekt: apt-get install nginx-light"; exit 1; }
	$(PY) bench/faults.py

backup-drill: $(STAMP) ## Back up, lose, restore and check the database and the files on a cluster of its own; table in bench/results/
	$(PY) deploy/backup_drill.py

test: $(STAMP) $(if $(shell command -v npm),$(VNU_JAR)) ## Run the whole test suite (DATABASE_URL picks the database; SQLite by default)
	$(PY) -m pytest $(ARGS)

test-postgres: $(STAMP) $(if $(shell command -v npm),$(VNU_JAR)) ## Run the whole test suite on the local PostgreSQL
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/vlaanderenhelpt} $(PY) -m pytest $(ARGS)

lint: $(STAMP) ## ruff check, ruff format --check, and the import layers (lint-imports)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(STAMP) ## Format the code with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(STAMP) ## Benchmark at 100,000 practices on PostgreSQL (N=… to change); results in bench/results/
	$(PY) bench/run.py --practices $${N:-100000}

LIGHTHOUSE := .tools/node_modules/.bin/lighthouse
$(LIGHTHOUSE):
	npm install --silent --no-audit --no-fund --prefix .tools lighthouse@12.8.2

lighthouse: $(STAMP) $(LIGHTHOUSE) ## Lighthouse on phone and desktop over every public page type of a running `make prod`
	$(PY) bench/lighthouse.py $${URL:-http://127.0.0.1:8080}

messages: $(STAMP) ## Update the Dutch message catalogue in locale/nl
	DJANGO_DEBUG=true $(PY) manage.py makemessages -l nl --no-obsolete --ignore=.venv --ignore=bench
	DJANGO_DEBUG=true $(PY) manage.py compilemessages -l nl --ignore=.venv

clean: ## Remove the virtual environment, the SQLite database and uploaded files
	rm -rf $(VENV) .tools db.sqlite3 media staticfiles
