# The entry points people type. `make run` and `make test` are the README's two commands.
PY := .venv/bin/python
KG := $(PY) -m kg
LINT_PATHS := kg tests $(wildcard benchmarks)

.PHONY: setup run build test lint clean notebooks

setup:
	./scripts/setup.sh

run: setup
	$(KG) build
	$(KG) query programme

build: setup
	$(KG) build

lint: setup
	$(PY) -m ruff check $(LINT_PATHS)
	$(PY) -m ruff format --check $(LINT_PATHS)

test: setup lint
	$(KG) lint --strict
	$(PY) -m pytest -q

notebooks: setup
	$(KG) notebooks --html

clean:
	rm -rf dist site test-artifacts
