# LeaseLine. `make run` serves the app with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev

# The embedded default: SQLite, local-memory cache, Celery tasks inline.
RUN_ENV := DJANGO_DEBUG=true SCRAPER_ALLOW_PRIVATE_NETWORKS=true DJANGO_SECURE_SSL_REDIRECT=false
TEST_ENV := DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/leaseline} \
            REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0}

.PHONY: run test worker beat bench lint install install-dev browsers migrate clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP_RUN): requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(STAMP_DEV): requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(STAMP_RUN)

install: $(STAMP_RUN)
install-dev: $(STAMP_DEV)

# Debian's Chromium for the browser tests (Playwright cannot download its own here).
browsers:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

run: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py demo
	@echo "LeaseLine is on http://127.0.0.1:8000"
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: install-dev browsers
	$(TEST_ENV) $(PY) -m pytest --create-db $(PYTEST_ARGS)

worker: install
	$(VENV)/bin/celery -A config worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A config beat --loglevel=INFO

bench: install-dev
	$(TEST_ENV) $(PY) -m bench

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run

migrate: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-output
