# The two commands a newcomer runs: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CORPUS := ../shared/corpus/sosreport-compute4-2022-02-10.tar.xz

.PHONY: demo test lint unit clean

# Re-install only when the project's metadata changes.
$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/.installed
	@if [ -f $(CORPUS) ]; then \
		$(BIN)/stacksleuth host $(CORPUS) && $(BIN)/stacksleuth analyze $(CORPUS); \
	else \
		echo "demo: $(CORPUS) not found; point stacksleuth at any sosreport:"; \
		echo "  $(BIN)/stacksleuth host PATH"; \
	fi

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

unit: $(BIN)/.installed
	$(BIN)/pytest -q

test: lint unit

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build src/*.egg-info
