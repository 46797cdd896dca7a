# The two commands in the README. Each sets up what it needs first, so they
# work on a fresh machine: Python packages in .venv, npm packages, Debian's Chromium.

VENV   ?= .venv
PY     := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build test bench chromium zensical

setup: $(VENV)/.installed node_modules/.installed chromium

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Playwright's own browser download cannot work here: tests use Debian's.
chromium:
	@command -v chromium >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

serve: setup
	$(VENV)/bin/mkdocs serve --watch validator --watch sitebuild

build: setup
	$(VENV)/bin/mkdocs build --strict

test: setup
	$(PY) -m pytest

bench: setup
	$(PY) -m benchmarks

# Zensical, Material's successor, reads mkdocs.yml and overrides/ but runs no hooks: sitebuild
# stages the runtime before it, and finishes and checks the site after it, as the hooks do.
# Its own environment leaves the MkDocs one alone. 0.0.73 is the newest release installable
# here: 0.0.74 and 0.1.x need zensical-ui, which the package index does not have.
ZENSICAL_VERSION := 0.0.73
# sitebuild's one package beyond the standard library (the Brotli siblings), as in pyproject.toml.
BROTLI_VERSION   := 1.2.1
ZENSICAL_VENV    ?= .venv-zensical
ZPY              := $(ZENSICAL_VENV)/bin/python
ZENSICAL_STAMP   := $(ZENSICAL_VENV)/.installed-$(ZENSICAL_VERSION)-brotli-$(BROTLI_VERSION)

# With strict: true (mkdocs.yml) Zensical stops on a broken link after writing the site; the
# checks run all the same, so every problem is named by file and line before make fails.
zensical: $(ZENSICAL_STAMP) node_modules/.installed
	$(ZPY) -m sitebuild stage
	$(ZENSICAL_VENV)/bin/zensical build --clean; built=$$?; \
	$(ZPY) -m sitebuild finish && $(ZPY) -m sitebuild check && exit $$built

$(ZENSICAL_STAMP):
	python3 -m venv $(ZENSICAL_VENV)
	$(ZPY) -m pip install --quiet --disable-pip-version-check zensical==$(ZENSICAL_VERSION) brotli==$(BROTLI_VERSION)
	touch $@
