# make setup: idempotent; a local .venv with the pinned dependencies (Ray, an optional extra, included so the
#             tests cover it), then the models and sample images.
# make run:   setup, then the dashboard on the built-in default scenario, at http://$(HOST):$(PORT)
#             (localhost only unless HOST=0.0.0.0); never prompts, opens a browser only where a display exists.
# make test:  setup, then the whole test suite, on every core (pytest-xdist; the browser tests share one worker
#             and one dashboard server).
# make bench: setup, then the benchmark harness (ratios measured side by side in one run).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8501
URL    := http://$(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST)):$(PORT)

.PHONY: setup run test bench lint

setup: $(STAMP)
	$(BIN)/python -m models.prepare
	$(BIN)/python -m sample_images.prepare

$(STAMP): requirements.txt requirements-dev.txt requirements-ray.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "TCM needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# Headless (the repository's .streamlit/config.toml says so too): Streamlit never asks for an e-mail.
# Where a display exists, a browser opens once the server answers its health check.
run: setup
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  ( for i in $$(seq 60); do \
	      if $(BIN)/python -c "import urllib.request; urllib.request.urlopen('$(URL)/_stcore/health', timeout=1)" \
	        2>/dev/null; then exec $(BIN)/python -m webbrowser -t "$(URL)" >/dev/null; fi; sleep 1; \
	    done ) & \
	fi; \
	exec $(BIN)/streamlit run dashboard/app.py --server.headless true --server.address $(HOST) --server.port $(PORT)

test: setup
	$(BIN)/python -m pytest -n auto --dist loadgroup

bench: setup
	$(BIN)/python -m benchmarks

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy
