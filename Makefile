# The front door: `make demo` runs the main job, `make test` passes the tests.
# Both create .venv and install the project on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The demo's account for the web page: local, on synthetic data only.
DEMO_USER := demo@oss.nl
DEMO_PASSWORD := wijkraden-demo

.PHONY: demo test lint bench fuzz clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The main job: a whole four-year cycle for all 11 councils on the embedded default
# (SQLite, Prefect's local mode, a local SMTP server), everything under ./var.
demo: $(STAMP)
	$(BIN)/wijkraad simulate --seed 2026
	@echo "$(DEMO_PASSWORD)" | WIJKRAAD_HOME=var/simulation $(BIN)/wijkraad users add $(DEMO_USER) \
		--name "Demo wijkcoördinator" --role coordinator >/dev/null 2>&1 || true
	@echo ""
	@echo "De gesimuleerde cyclus in de browser: start de webpagina met"
	@echo "  WIJKRAAD_HOME=var/simulation WIJKRAAD_NOW=2030-06-30 $(BIN)/wijkraad web"
	@echo "open http://127.0.0.1:8000/ en log in met $(DEMO_USER), wachtwoord $(DEMO_PASSWORD)"

# The end-to-end tests (whole processes, browsers, the production topology) run in pytest
# processes of their own, apart from the unit, integration and web tests. Each run spreads its
# test files over TEST_WORKERS processes (pytest-xdist); each process has its own database (on
# PostgreSQL `NAME_gw0`, ...) and its own Prefect test server. The files are handed out in
# collection order (--no-loadscope-reorder), which puts the slowest first (SLOW_FILES in
# tests/conftest.py). At the end: what did not run and how to make it run
# (tests/skip_policy.py; a skip for any other reason fails the run).
TEST_WORKERS ?= 2
PYTEST := $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder
SKIP_LOG := var/test-skips.log
test: export WIJKRAAD_TEST_SKIP_LOG = $(CURDIR)/$(SKIP_LOG)
test: $(STAMP)
	@mkdir -p var && rm -f $(SKIP_LOG)
	$(PYTEST) tests/e2e
	$(PYTEST) tests/unit tests/integration tests/web
	@if [ -n "$$WIJKRAAD_TEST_POSTGRES_URL" ]; then \
		echo "== the same suite on PostgreSQL (the production tests ran already: they make their own databases) =="; \
		WIJKRAAD_TEST_DATABASE_URL="$$WIJKRAAD_TEST_POSTGRES_URL" $(PYTEST) -m "not production" tests/e2e && \
		WIJKRAAD_TEST_DATABASE_URL="$$WIJKRAAD_TEST_POSTGRES_URL" $(PYTEST) tests/unit tests/integration tests/web; \
	fi
	@$(BIN)/python -m tests.skip_policy $(SKIP_LOG)

# The invariant test over many more generated histories than CI runs, with a random seed
# (FUZZ_EXAMPLES histories of FUZZ_STEPS steps; a failure prints the commands to replay it).
FUZZ_EXAMPLES ?= 300
FUZZ_STEPS ?= 60
fuzz: $(STAMP)
	WIJKRAAD_INVARIANT_EXAMPLES=$(FUZZ_EXAMPLES) WIJKRAAD_INVARIANT_STEPS=$(FUZZ_STEPS) \
		WIJKRAAD_INVARIANT_RANDOM=1 $(BIN)/python -m pytest tests/integration/test_invariants.py -q -s

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf var .mypy_cache .ruff_cache
