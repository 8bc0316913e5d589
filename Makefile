# peersupport: every day-to-day command. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.13 || command -v python3.12 || (command -v pyenv >/dev/null && pyenv which python 2>/dev/null) || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: help venv install run up stack-env test test-fast lint format migrate seed check-deploy bench ci clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-13s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || { \
	  echo "peersupport needs Python 3.12 or newer (Django 6); '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
	  echo "Install Python 3.12+ or run: make PYTHON=/path/to/python3.13 ..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

venv: $(BIN)/python ## Create .venv (refuses Python older than 3.12)

install: $(STAMP) ## Install runtime and development requirements into .venv

migrate: install ## Apply database migrations
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-peersupport.settings.local} $(BIN)/python manage.py migrate --noinput

seed: migrate ## Create or refresh the demo data and logins
	$(BIN)/python manage.py seed_demo

# Links in the demo's emails (and those seed_demo records) point at the port it runs on.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: seed ## Run the demo on 127.0.0.1:$(PORT) (SQLite, Celery eager, email to the console)
	@echo "Open http://127.0.0.1:$(PORT)/ and log in with one of the demo logins above."
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

stack-env:
	@test -n "$$DATABASE_URL" || { echo "make up needs DATABASE_URL (for example postgres://postgres@127.0.0.1:5432/peersupport)"; exit 1; }
	@test -n "$$REDIS_URL" || { echo "make up needs REDIS_URL (for example redis://127.0.0.1:6379/0)"; exit 1; }

up: export SITE_URL ?= http://127.0.0.1:$(PORT)
up: stack-env migrate ## Web, Celery worker and beat together (needs DATABASE_URL and REDIS_URL)
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-peersupport.settings.local} PORT=$(PORT) $(BIN)/honcho start

test: install ## Run the test suite (on DATABASE_URL; SQLite when unset)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install ## ruff (lint and format check) and the app boundaries (import-linter)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install ## ruff: fix what can be fixed and format
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-deploy: install ## Django's deployment checks under production settings
	DJANGO_SETTINGS_MODULE=peersupport.settings.production \
	  DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/peersupport} REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} SITE_URL=$${SITE_URL:-https://peersupport.example.org} SECRET_KEY=$${SECRET_KEY:-check-deploy-$$(head -c 32 /dev/urandom | base64 | tr -dc a-zA-Z0-9)} \
	  ALLOWED_HOSTS=$${ALLOWED_HOSTS:-peersupport.example.org} $(BIN)/python manage.py check --deploy --fail-level WARNING

# Needs PostgreSQL, Redis and wrk; see bench/README.md. BENCH_SMOKE=1: the smallest run, to check it works.
bench: install ## Every key page under load beside a bare page, ranking, exports: bench/results/latest.json
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/peersupport_bench} \
	  BENCH_SMOKE=$(BENCH_SMOKE) $(BIN)/python bench/run.py

ci: ## What CI runs (.ci/run)
	bash .ci/run

clean: ## Remove the virtualenv, collected static files and the demo database
	rm -rf $(VENV) staticfiles db.sqlite3 .pytest_cache
