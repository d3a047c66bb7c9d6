# Two commands for a fresh machine (see README): `make run` and `make test`.
# Both create .venv and install the locked closure (exact versions, SHA-256 hashes) themselves.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
# axe-core for the accessibility browser tests: npm, pinned with integrity hashes in tests/axe.
AXE := tests/axe/node_modules/axe-core/axe.min.js
HOST ?= 127.0.0.1
PORT ?= 8501
REPLICAS ?= 2
# How the lock files are compiled from the top-level pins (requirements*.txt): `make lock`.
LOCK_FLAGS := --quiet --generate-hashes --python-version 3.11 --python-platform x86_64-manylinux_2_28 \
	--no-header --annotation-style line

.PHONY: run serve loadtest test check lint format lock database bench bench-pages screenshots clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): requirements.lock | $(PY)
	$(PIP_INSTALL) -r requirements.lock
	rm -f $(DEV_STAMP)
	touch $@

$(DEV_STAMP): requirements-dev.lock $(RUNTIME_STAMP)
	$(PIP_INSTALL) -r requirements-dev.lock
	touch $@

database: $(RUNTIME_STAMP)
	$(PY) -m queries.build

run: database
	$(PY) scripts/streamlit_run.py app.py --server.address $(HOST) --server.port $(PORT)  # streamlit run, Nagle off

# N replicas behind HAProxy on HOST:PORT (Debian packages haproxy; for a shared store set ATLAS_LAKE and
# ATLAS_LAKE_DATA, see docs/deployment.md; scripts/dev_postgres.sh starts a PostgreSQL for trying it).
serve: $(RUNTIME_STAMP)
	$(PY) scripts/serve.py --replicas $(REPLICAS) --port $(PORT) --host $(HOST)

# Locust against 1 and 2 replicas at 10/25/50/100 viewer sessions; prints the README's table.
loadtest: $(DEV_STAMP)
	$(PY) benchmarks/loadtest.py

$(AXE): tests/axe/package-lock.json
	@if command -v npm >/dev/null; then cd tests/axe && npm ci --ignore-scripts --no-audit --no-fund && touch node_modules/axe-core/axe.min.js; \
	else echo "npm not found: the accessibility browser tests will be skipped (CI installs npm)"; fi

# The whole suite, browser tests included: what CI runs.
test: $(DEV_STAMP) $(AXE)
	$(PY) -m pytest

# The fast loop: everything but the browser tests.
check: $(DEV_STAMP)
	$(PY) -m pytest -m "not browser"

# Gates: ruff (lint + format) and mypy, configured in pyproject.toml; `.ci/run` runs them first.
lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(DEV_STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Recompile the lock files after editing requirements.txt or requirements-dev.txt.
lock: $(DEV_STAMP)
	$(VENV)/bin/uv pip compile $(LOCK_FLAGS) requirements.txt -o requirements.lock
	$(VENV)/bin/uv pip compile $(LOCK_FLAGS) requirements-dev.txt -o requirements-dev.lock

# Timing: run under `flock /tmp/atlas-browser.lock` on a shared machine (the tables note the load).
bench: bench-pages
	$(PY) benchmarks/run_all.py

# Per page: server CPU and bytes per rerun, browser time to a drawn map; before, now and a bare page.
bench-pages: $(DEV_STAMP)
	$(PY) benchmarks/bench_pages.py

screenshots: $(DEV_STAMP)
	$(PY) scripts/take_screenshots.py

clean:
	rm -rf var test-artifacts
