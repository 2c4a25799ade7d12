# Two commands a newcomer needs: `make report` and `make test`; `make app` serves the planner's workbench.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup kernels browser test validate report app bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# setup ends by compiling the numba kernels once into their cache (one line, with the seconds), so
# that no run pays the compile; it says so and takes about a second when they are there already
setup: $(STAMP) kernels

kernels: $(STAMP)
	$(PY) -m sim.engines.kernel_cache

# The browser tests (tests/web) and the report's page checks need Debian's chromium; no run ever does.
browser:
	@command -v chromium > /dev/null || command -v chromium-browser > /dev/null || { \
	  [ "$$(id -u)" = 0 ] && command -v apt-get > /dev/null \
	  && echo "installing Debian's chromium for the browser tests (apt-get install chromium) ..." \
	  && { apt-get install -y -q chromium > /dev/null 2>&1 \
	       || { apt-get update -q > /dev/null 2>&1 && apt-get install -y -q chromium > /dev/null 2>&1; }; }; } \
	  || echo "chromium is missing and cannot be installed here (needs root and apt-get): run 'sudo apt-get install chromium', or the browser tests fail" >&2

test: $(STAMP) browser
	$(VENV)/bin/ruff check sim analysis tests benchmarks
	$(PY) -m pytest --durations=15

validate: $(STAMP)
	$(PY) -m pytest -m validation

report: $(STAMP)
	$(PY) -m analysis.default_study

app: $(STAMP)
	$(PY) -m analysis.workbench

bench: $(STAMP)
	$(PY) -m benchmarks.simpy_engine --write
	$(PY) -m benchmarks.numba_engine --write
	$(PY) -m benchmarks.throughput --write
	$(PY) -m benchmarks.sweep --write
	$(PY) -m benchmarks.heaps --write
	$(PY) -m benchmarks.call_cost --write
	$(PY) -m benchmarks.memory --write
	$(PY) -m benchmarks.register_load --write

lint: $(STAMP)
	$(VENV)/bin/ruff check sim analysis tests benchmarks

clean:
	rm -rf $(VENV) outputs multirun .pytest_cache
