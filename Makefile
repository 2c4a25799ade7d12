# Two commands a newcomer needs: `make report` and `make test`; `make app` serves the planner's workbench.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup kernels test validate report app bench lint clean

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

test: $(STAMP)
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
