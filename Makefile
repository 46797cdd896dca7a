# The two commands in the README. Each sets up what it needs first, so they
# work on a fresh machine: Python packages in .venv, npm packages, Debian's Chromium.

VENV   ?= .venv
PY     := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build test bench chromium

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
