# make setup: idempotent; a local .venv with the pinned dependencies, then the models and sample images.
# make run:   setup, then the dashboard on the built-in default scenario.
# make test:  setup, then the whole test suite.
# make bench: setup, then the benchmark harness (ratios measured side by side in one run).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run test bench lint

setup: $(STAMP)
	$(BIN)/python -m models.prepare
	$(BIN)/python -m sample_images.prepare

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "TCM needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

run: setup
	$(BIN)/streamlit run dashboard/app.py --server.headless false

test: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python -m benchmarks

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy
