# Two commands for a fresh machine with Python 3.11+ and make:
#   make run    build the demo database (through the real ETL) and serve the dashboard
#   make test   ruff, unit, app and browser tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := data/demo.duckdb
PORT ?= 8501

.PHONY: run test venv demo lint browser-deps node-deps clean

# The environment is rebuilt whenever the lock file changes.
$(BIN)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

venv: $(BIN)/.installed

# Rebuilt when the code that builds it changes (demo --force replaces only a demo database).
$(DEMO_DB): $(BIN)/.installed etl/demo.py etl/demo_year.py $(wildcard monitor/migrations/*.sql) \
		$(wildcard data/*.yaml data/plans/*.yaml data/seed_figures/*)
	$(BIN)/python -m etl --db $(DEMO_DB) demo --force

demo: $(DEMO_DB)

# The meeting pack's charts are drawn by plotly through kaleido in Debian's chromium.
run: $(DEMO_DB) browser-deps
	MONITOR_DB=$(DEMO_DB) MONITOR_DEMO=1 $(BIN)/streamlit run app.py \
		--server.port $(PORT) --server.headless true --browser.gatherUsageStats false

# The browser tests and the meeting pack's charts need Debian's chromium; install it when
# missing (root or sudo).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	fi

# The accessibility test injects axe-core (pinned in package-lock.json) into every page; npm
# installs it here, never at test time. Reinstalled whenever the lock file changes.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	@if ! command -v npm >/dev/null; then \
		echo "Installing Debian's nodejs and npm for the accessibility test"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq nodejs npm >/dev/null; \
	fi
	npm ci --no-audit --no-fund
	touch $@

node-deps: $(AXE)

lint: venv
	$(BIN)/ruff check .

test: venv browser-deps node-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(DEMO_DB) .pytest_cache
