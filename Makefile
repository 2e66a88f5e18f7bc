# Setup contract for the exile casework application.
# Works from a fresh clone: `make run` for the demo, `make test` for the test suite.
# `make help` lists the targets.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
# A recipe that fails leaves no half-made target (or stamp) behind.
.DELETE_ON_ERROR:

PYTHON      ?= python3.11
VENV        := .venv
VPY         := $(VENV)/bin/python
PY_STAMP    := $(VENV)/.installed
NODE_STAMP  := node_modules/.installed
RUNSERVER   ?= 127.0.0.1:8000
PYTEST_ARGS ?=

# Debian packages. Runtime: Pango and fonts for WeasyPrint (PDF case summary), gettext's msgfmt
# for the translations. Tests add Chromium (browser tests, /usr/bin/chromium) and poppler-utils
# (pdftoppm, pdftotext).
RUNTIME_DEB_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core gettext
TEST_DEB_PACKAGES    := $(RUNTIME_DEB_PACKAGES) poppler-utils chromium
# Overridable only to exercise the install logic, e.g.
#   make system-deps-test DPKG_QUERY=false APT_GET='echo apt-get'
DPKG_QUERY ?= dpkg-query
APT_GET    ?= apt-get

# The translations: the .po files are committed, the .mo files are built from them.
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po locale_extra/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: help run test test-fast bench lint clean setup system-deps system-deps-test messages messages-update

help: ## List the targets
	@echo "Targets:"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) \
		| awk 'BEGIN {FS = ":.*## "} {printf "  %-17s %s\n", $$1, $$2}'
	@echo "Variables: PYTEST_ARGS='-k name -x' (make test), RUNSERVER=$(RUNSERVER) (make run)"

# --- setup ------------------------------------------------------------------

setup: $(PY_STAMP) $(NODE_STAMP) ## Create .venv, install Python and npm deps (only when changed)

# The virtual environment is created once and reused.
$(VPY):
	@command -v $(PYTHON) >/dev/null || { \
		echo "ERROR: $(PYTHON) not found. Install Python 3.11 (Debian: apt-get install -y python3.11 python3.11-venv)."; \
		exit 1; }
	@echo "Creating $(VENV) with $$(command -v $(PYTHON))"
	@$(PYTHON) -m venv $(VENV) || { \
		echo "ERROR: could not create $(VENV). On Debian run: apt-get install -y python3.11-venv"; \
		exit 1; }

# Python deps (exact pins in pyproject.toml), reinstalled only when pyproject.toml changes.
$(PY_STAMP): pyproject.toml | $(VPY)
	$(VENV)/bin/pip install --disable-pip-version-check -e ".[dev]"
	touch $@

# Front-end assets (Bootstrap, Bootstrap Icons, htmx), served by Django from node_modules.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { \
		echo "ERROR: npm not found. Install Node.js 20+ with npm (Debian: apt-get install -y nodejs npm)."; \
		exit 1; }
	npm ci --no-audit --no-fund
	touch $@

# msgfmt --check refuses a catalogue whose placeholders or plural forms are broken.
messages: system-deps $(MO_FILES) ## Compile the translations (locale/*/LC_MESSAGES/django.mo)

%/LC_MESSAGES/django.mo: %/LC_MESSAGES/django.po
	msgfmt --check -o $@ $<

# After changing strings: collect them into every catalogue, then translate what is new.
# tests/test_catalogues.py runs this on a copy of the tree and fails when it would add entries.
MESSAGE_LANGUAGES := be ru pl lt de
messages-update: ## Collect the app's strings into locale/*/LC_MESSAGES/django.po (makemessages)
	DEBUG=1 $(VPY) manage.py makemessages --no-obsolete --add-location=file \
		$(addprefix -l ,$(MESSAGE_LANGUAGES)) \
		--ignore=.venv --ignore=node_modules --ignore=tests --ignore=bench \
		--ignore=test-artifacts --ignore=docs --ignore=static

# --- system packages ----------------------------------------------------------

# $(call ensure_deb_packages,PACKAGES): install the missing Debian packages when root,
# otherwise stop and print the exact command to run.
define ensure_deb_packages
	@if ! command -v $(DPKG_QUERY) >/dev/null; then \
		echo "WARNING: no dpkg here; make sure the equivalents of these Debian packages are installed: $(1)"; \
		exit 0; \
	fi; \
	missing=""; \
	for pkg in $(1); do \
		$(DPKG_QUERY) -W -f='$${Status}' "$$pkg" 2>/dev/null | grep -q 'install ok installed' \
			|| missing="$$missing $$pkg"; \
	done; \
	if [ -z "$$missing" ]; then echo "System packages present: $(strip $(1))"; exit 0; fi; \
	echo "Missing system packages:$$missing"; \
	if [ "$$(id -u)" -eq 0 ]; then \
		export DEBIAN_FRONTEND=noninteractive; \
		$(APT_GET) update; \
		$(APT_GET) install -y $$missing; \
	else \
		echo "ERROR: these system packages are needed and only root can install them. Run:"; \
		echo "    sudo apt-get update && sudo apt-get install -y$$missing"; \
		echo "then run make again."; \
		exit 1; \
	fi
endef

system-deps: ## Ensure Pango + fonts for WeasyPrint (installs them if root)
	$(call ensure_deb_packages,$(RUNTIME_DEB_PACKAGES))

system-deps-test: ## Ensure the above plus Chromium and pdftoppm for the tests
	$(call ensure_deb_packages,$(TEST_DEB_PACKAGES))
	@test -x /usr/bin/chromium || { \
		echo "ERROR: /usr/bin/chromium is missing although the chromium package is installed."; \
		echo "    Run: sudo apt-get install --reinstall -y chromium"; exit 1; }
	@command -v pdftoppm >/dev/null || { \
		echo "ERROR: pdftoppm not found. Run: sudo apt-get install -y poppler-utils"; exit 1; }

# --- everyday targets ---------------------------------------------------------

# The task worker (bulk PDF exports) runs beside the web server and stops with it. The demo
# logins have no second factor: REQUIRE_2FA=0 here only (REQUIRE_2FA=1 make run to try it).
# DEBUG is off unless set: the demo, the tests, the benchmark and lint (mypy loads the settings)
# set it on; lint's check --deploy sets it off again.
run test test-fast bench lint: export DEBUG = 1
run: setup system-deps messages ## Migrate, load seeds and demo data (prints logins), serve on 127.0.0.1:8000 with the task worker
	$(VPY) manage.py migrate --noinput
	$(VPY) manage.py load_seeds
	$(VPY) manage.py load_demo
	@$(VPY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	REQUIRE_2FA=$${REQUIRE_2FA:-0} $(VPY) manage.py runserver $(RUNSERVER)

test: setup system-deps-test messages ## Run the test suite (pytest; extra args via PYTEST_ARGS=...)
	$(VPY) -m pytest $(PYTEST_ARGS)

# Everything but the browser tests, so no Chromium. The PDF summary tests (tests/docs_app) still
# need WeasyPrint's Pango and fonts, and poppler-utils for pdftoppm.
test-fast: setup messages ## Run the test suite without the browser tests (-m "not browser"; no Chromium)
	$(call ensure_deb_packages,$(RUNTIME_DEB_PACKAGES) poppler-utils)
	@command -v pdftoppm >/dev/null || { \
		echo "ERROR: pdftoppm not found. Run: sudo apt-get install -y poppler-utils"; exit 1; }
	$(VPY) -m pytest -m "not browser" $(PYTEST_ARGS)

bench: setup system-deps messages ## Run the benchmark (python -m bench, see bench/)
	$(VPY) -m bench

# check --deploy runs with production-like settings and throw-away secrets made here.
lint: setup system-deps ## ruff check + format check, mypy, missing migrations, check --deploy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VPY) manage.py makemigrations --check --dry-run
	SECRET_KEY="$$($(VPY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	FIELD_ENCRYPTION_KEYS="$$($(VPY) -c 'import base64,os;print(base64.urlsafe_b64encode(os.urandom(32)).decode())')" \
	DEBUG=0 ALLOWED_HOSTS=example.org \
		$(VPY) manage.py check --deploy --fail-level WARNING

clean: ## Remove .venv, node_modules, the SQLite database and test artifacts
	rm -rf $(VENV) node_modules test-artifacts
	rm -f $(MO_FILES)
	rm -f db.sqlite3 db.sqlite3-journal db.sqlite3-wal db.sqlite3-shm
