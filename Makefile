# Two commands for a fresh machine (see README): `make run` and `make test`.
# Both create .venv and install the exact pins themselves.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
HOST ?= 127.0.0.1
PORT ?= 8501

.PHONY: run test database bench screenshots clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt $(RUNTIME_STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

database: $(RUNTIME_STAMP)
	$(PY) -m queries.build

run: database
	$(PY) -m streamlit run app.py --server.address $(HOST) --server.port $(PORT)

test: $(DEV_STAMP)
	$(PY) -m pytest

bench: $(DEV_STAMP)
	$(PY) benchmarks/run_all.py

screenshots: $(DEV_STAMP)
	$(PY) scripts/take_screenshots.py

clean:
	rm -rf var test-artifacts
