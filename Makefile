# Two commands from a fresh clone (Python 3.11):
#   make demo   set up .venv, ingest the bundled sample reports, write out/govkg.ttl and out/*.html
#   make test   set up .venv with the test extras and run the test suite
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= kg-store

.PHONY: demo test setup setup-test clean

$(BIN)/kg:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "make: $(PYTHON) not found (set PYTHON=...)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .

setup: $(BIN)/kg

setup-test: setup
	$(BIN)/pip install --quiet -e ".[test]"

demo: setup
	mkdir -p out
	$(BIN)/kg ingest data/samples --store $(STORE)
	$(BIN)/kg export --store $(STORE) -f turtle -o out/govkg.ttl
	$(BIN)/kg viz --store $(STORE) --view overview -o out/overview.html
	$(BIN)/kg viz --store $(STORE) --view subsidies -o out/subsidies.html
	$(BIN)/kg validate --store $(STORE) --quiet

test: setup-test
	$(BIN)/python -m pytest

clean:
	rm -rf $(STORE) out .pytest_cache
