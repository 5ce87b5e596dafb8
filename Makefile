# Two commands on a fresh clone: `make run` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DATA ?= data/contacts.yaml
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
VERSION_OF = $(shell $(1) -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null)
PYTHON_VERSION := $(call VERSION_OF,$(PYTHON))
VENV_VERSION := $(call VERSION_OF,$(BIN)/python)

CHROMIUM ?= /usr/bin/chromium

.PHONY: run serve test test-long test-browser test-repeat check bench docs clean python-version venv-stale

# A venv made with another Python than $(PYTHON) (an older one, or one since upgraded or
# removed) fails in pip with no hint: it is made again, and everything installed again.
ifneq ($(wildcard $(VENV)),)
ifneq ($(VENV_VERSION),$(PYTHON_VERSION))
STALE := venv-stale
endif
endif

$(BIN)/python: $(STALE) | python-version
ifneq ($(STALE),)
	@echo "$(VENV) was made with $(if $(VENV_VERSION),Python $(VENV_VERSION),a Python that is gone), not with $(PYTHON) (Python $(PYTHON_VERSION)): making it again" >&2
	rm -rf $(VENV)
endif
	$(PYTHON) -m venv $(VENV)

# Before anything is built: kontakt needs Python 3.11 or newer.
python-version:
	@case "$(PYTHON_VERSION)" in \
	3.1[1-9].*|3.[2-9][0-9].*|[4-9].*) ;; \
	"") echo "make: cannot run '$(PYTHON)'. kontakt needs Python 3.11 or newer: name one, e.g. make $(or $(MAKECMDGOALS),run) PYTHON=python3.12" >&2; exit 1;; \
	*) echo "make: '$(PYTHON)' is Python $(PYTHON_VERSION), and kontakt needs 3.11 or newer: install one and name it, e.g. make $(or $(MAKECMDGOALS),run) PYTHON=python3.12" >&2; exit 1;; \
	esac

# Stamps re-run the install when pyproject.toml changes.
$(VENV)/.installed-run: pyproject.toml $(STALE) | $(BIN)/python
	$(PIP) -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(STALE) | $(BIN)/python
	$(PIP) -e '.[dev]'
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	@if [ -n "$$TELEGRAM_BOT_TOKEN" ]; then \
		exec $(BIN)/python -m kontakt.bot --data "$(DATA)"; \
	else \
		echo "TELEGRAM_BOT_TOKEN is not set: starting the terminal chat on $(DATA)."; \
		echo "To run the Telegram bot: TELEGRAM_BOT_TOKEN=<token from @BotFather> make run"; \
		echo "To try a full staff list (fictional): make run DATA=examples/solsjo.yaml"; \
		echo "The same answers on a web page: make serve (http://127.0.0.1:8080/)"; \
		exec $(BIN)/kontakt chat --data "$(DATA)"; \
	fi

# The search page and JSON API on $(DATA): http://127.0.0.1:8080/
serve: $(VENV)/.installed-run
	exec $(BIN)/kontakt serve --data "$(DATA)"

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q

test-long: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q -m long

# Before a release, on a fresh clone: the whole suite RUNS times in a row while another process
# keeps a core busy; the first failure stops it.
RUNS ?= 20
test-repeat: $(VENV)/.installed-dev
	@yes > /dev/null & hog=$$!; trap 'kill $$hog' EXIT; \
	for run in $$(seq $(RUNS)); do \
		echo "run $$run of $(RUNS)"; \
		$(BIN)/python -m pytest -q || exit 1; \
	done

# axe-core, the accessibility rules the browser tests run, pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

# End-to-end in Debian's Chromium (apt-get install chromium); .ci/run installs it.
test-browser: $(VENV)/.installed-dev node_modules/.installed
	@test -x "$(CHROMIUM)" || { echo "Chromium is not at $(CHROMIUM): apt-get install chromium, or make test-browser CHROMIUM=/path/to/chromium" >&2; exit 2; }
	KONTAKT_CHROMIUM="$(CHROMIUM)" $(BIN)/python -m pytest -q -m browser

check: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench

# The API reference of the public surface (kontakt.__all__ and kontakt.bot), from docstrings.
docs: $(VENV)/.installed-dev
	$(BIN)/python -m pdoc --output-directory build/docs kontakt kontakt.bot
	@echo "open build/docs/index.html"

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis build *.egg-info src/*.egg-info node_modules
