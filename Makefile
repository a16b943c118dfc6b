# Two entry points, both from a fresh clone with only Python 3.11 installed.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench

$(BIN)/rnnprog: requirements-dev.txt pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

demo: $(BIN)/rnnprog
	$(BIN)/rnnprog run programs/mul.rm a=6 b=7
	$(BIN)/rnnprog run programs/add.rm a=2 b=1 --trace

test: $(BIN)/rnnprog
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: $(BIN)/rnnprog
	$(BIN)/ruff check .

bench: $(BIN)/rnnprog
	$(BIN)/python bench/bench_rm.py
