# Two commands from a fresh clone (Python 3.11):
#   make demo   set up .venv, ingest the bundled sample reports, write out/govkg.ttl and out/*.html
#   make test   set up .venv with the test extras and run the test suite
#   make lint   set up .venv with the dev extras and run ruff (pyflakes, bugbear, import order, complexity)
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= kg-store

.PHONY: demo test lint setup setup-test setup-dev clean

# Re-run when pyproject.toml changes (packages, entry points): an older .venv is installed again.
$(BIN)/kg: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "make: $(PYTHON) not found (set PYTHON=...)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

setup: $(BIN)/kg

setup-test: setup
	$(BIN)/pip install --quiet -e ".[test]"

setup-dev: setup
	$(BIN)/pip install --quiet -e ".[dev]"

demo: setup
	mkdir -p out
	$(BIN)/kg ingest data/samples --store $(STORE)
	$(BIN)/kg export --store $(STORE) -f turtle -o out/govkg.ttl
	$(BIN)/kg viz --store $(STORE) --view overview -o out/overview.html
	$(BIN)/kg viz --store $(STORE) --view subsidies -o out/subsidies.html
	$(BIN)/kg validate --store $(STORE) --quiet

test: setup-test
	$(BIN)/python -m pytest

lint: setup-dev
	$(BIN)/ruff check .

clean:
	rm -rf $(STORE) out .pytest_cache
