# The two commands in the README; each sets up what it needs first, so both work from a fresh clone.
#
# make serve (writers, on any OS): Python 3.11+, Node and npm only. It installs the site's Python
#   packages (.[site]) and its one npm package (Pyodide): no test tools, no browser, no apt, no sudo.
# make test: the test tools too (.[dev], axe-core, Lighthouse, the linters), and where they are missing Chromium
#   (156 or newer), Firefox ESR, WebKitGTK's WebDriver, Xvfb, nginx (with brotli_static) and Caddy, from
#   Debian's apt-get after refreshing its lists; without apt it says what to install.
#   CHROMIUM, FIREFOX, WEBKIT_DRIVER, NGINX and CADDY name other executables. It runs make lint
#   before the tests.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup setup-site serve build test test-fast lint format bench zensical hosting-configs

setup-site: $(VENV)/.installed-site node_modules/.installed-site
setup: $(VENV)/.installed node_modules/.installed
	$(PY) -m harness.system chromium firefox webkit xvfb nginx caddy

$(VENV)/.installed-site: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "make: this needs Python 3.11 or newer as $(PYTHON); name another with PYTHON=, e.g. make serve PYTHON=python3.12" >&2; \
	  exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[site]'
	touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.installed-site
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

# npm ci empties node_modules first, so each install leaves only its own stamp(s). A full install
# that is up to date holds the site's packages too: no second npm ci back and forth.
node_modules/.installed-site: package.json package-lock.json
	@command -v npm >/dev/null || { echo "make: this needs Node 20 and npm (https://nodejs.org/)" >&2; exit 1; }
	@if [ node_modules/.installed -nt package.json ] && [ node_modules/.installed -nt package-lock.json ]; then \
	  touch $@; \
	else \
	  echo "npm ci --omit=dev"; npm ci --omit=dev --no-audit --no-fund --loglevel=error && touch $@; \
	fi

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "make: this needs Node 20 and npm (https://nodejs.org/)" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@ node_modules/.installed-site

serve: setup-site
	$(VENV)/bin/mkdocs serve --watch validator --watch sitebuild

build: setup-site
	$(VENV)/bin/mkdocs build --strict

test: setup lint
	$(PY) -m pytest

# The tests that drive no browser (the markers `browser`, and `chromium`, `firefox`, `webkit` of
# tests/engines): the checker, the build's checks, the hosting configs on the real servers, the
# checker under Pyodide in Node.
test-fast: setup lint
	$(PY) -m pytest -m "not browser and not chromium and not firefox and not webkit"

# Checks only, in seconds: every tool runs, each finding is printed, and make fails if any tool
# found one. Rules: pyproject.toml ([tool.ruff], [tool.mypy]) and biome.jsonc.
lint: $(VENV)/.installed node_modules/.installed
	@failed=""; \
	run() { echo "--- $$*"; "$$@" || failed="$$failed\n  $$*"; }; \
	run $(VENV)/bin/ruff check --quiet --output-format=concise .; \
	run $(VENV)/bin/ruff format --check --quiet .; \
	run $(VENV)/bin/mypy; \
	run node_modules/.bin/biome ci --colors=off --error-on-warnings .; \
	if [ -n "$$failed" ]; then printf "make lint: findings from$$failed\nmake format applies the fixers; the rest are by hand.\n" >&2; exit 1; fi

# The fixers: import order, safe lint fixes, then the formatters (Python and JavaScript).
format: $(VENV)/.installed node_modules/.installed
	$(VENV)/bin/ruff check --fix-only --quiet .
	$(VENV)/bin/ruff format --quiet .
	node_modules/.bin/biome check --write .

bench: $(VENV)/.installed node_modules/.installed
	$(PY) -m harness.system chromium firefox webkit xvfb nginx
	$(PY) -m benchmarks

# After a change to sitebuild/hosting/: rewrite the marked lines of deploy/ and overrides/main.html.
hosting-configs: setup-site
	$(PY) -m sitebuild.hosting

# Zensical, Material's successor, reads mkdocs.yml and overrides/ but runs no hooks: sitebuild
# stages the runtime before it, and finishes and checks the site after it, as the hooks do.
# Its own environment leaves the MkDocs one alone. 0.0.73 is the newest release installable
# here: 0.0.74 and 0.1.x need zensical-ui, which the package index does not have.
ZENSICAL_VERSION := 0.0.73
ZENSICAL_VENV    ?= .venv-zensical
ZPY              := $(ZENSICAL_VENV)/bin/python

# With strict: true (mkdocs.yml) Zensical stops on a broken link after writing the site; the
# checks run all the same, so every problem is named by file and line before make fails.
zensical: $(ZENSICAL_VENV)/.installed-$(ZENSICAL_VERSION) node_modules/.installed-site
	$(ZPY) -m sitebuild stage
	$(ZENSICAL_VENV)/bin/zensical build --clean; built=$$?; \
	$(ZPY) -m sitebuild finish && $(ZPY) -m sitebuild check && exit $$built

# Zensical, and the packages sitebuild itself needs (pyproject's "build" extra: Brotli), without
# MkDocs. A change to pyproject.toml reinstalls them into an existing environment.
BUILD_PACKAGES = $(shell $(PYTHON) -c 'import tomllib; print(" ".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["build"]))')

$(ZENSICAL_VENV)/.installed-$(ZENSICAL_VERSION): pyproject.toml
	$(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZPY) -m pip install --quiet --disable-pip-version-check zensical==$(ZENSICAL_VERSION) $(BUILD_PACKAGES)
	touch $@
