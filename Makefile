# The two commands a newcomer runs: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint unit clean chromium bench

# Re-install only when the project's metadata changes.
$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# A generated 171-host cloud with the seeds' problems planted, analysed end to end.
demo: $(BIN)/.installed
	$(BIN)/stacksleuth demo --out stacksleuth-demo
	@echo "report: $(CURDIR)/stacksleuth-demo/report.html  (also kb.md, analysis.json)"

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

unit: $(BIN)/.installed chromium
	$(BIN)/pytest -q

# The HTML report's browser test drives Debian's chromium: install it when missing (as root,
# on CI). If that fails, say so and go on; the test then skips and says why.
chromium:
	@command -v chromium >/dev/null 2>&1 || \
	apt-get install -y -qq --no-install-recommends chromium >/dev/null || \
	{ apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; } || \
	echo "warning: could not install chromium; the HTML report's browser test will skip" >&2

test: lint unit

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build src/*.egg-info

# Scan, host, fleet and start-up benchmarks (minutes; not part of `make test`).
# BENCH_SCAN_MB=64 for a quick run; see bench/README.md.
bench: $(BIN)/.installed
	$(BIN)/python bench/run.py
