# Two entry points, both from a fresh clone with only Python 3.11 installed.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench images

$(BIN)/rnnprog: requirements-dev.txt pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

demo: $(BIN)/rnnprog
	$(BIN)/rnnprog demo

test: $(BIN)/rnnprog
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: $(BIN)/rnnprog
	$(BIN)/ruff check .

bench: $(BIN)/rnnprog
	$(BIN)/python bench/bench_rm.py
	$(BIN)/python bench/bench_iir.py

images: $(BIN)/rnnprog
	$(BIN)/python docs/make_images.py
