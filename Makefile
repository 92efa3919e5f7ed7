# The entry points people type. `make run` and `make test` are the README's two commands.
PY := .venv/bin/python
KG := $(PY) -m kg
LINT_PATHS := kg tests $(wildcard benchmarks)

.PHONY: setup run build test lint bench clean notebooks

setup:
	@./scripts/setup.sh

# One progress line per step, then the first answer: the programme, fitted to the terminal.
run: setup
	@echo "run: building the graph from ontology/ and data/curated/ into dist/"
	@$(KG) build
	@echo "run: the first question - what is the programme of the event? (kg query programme)"
	@$(KG) query programme

build: setup
	$(KG) build

lint: setup
	$(PY) -m ruff check $(LINT_PATHS)
	$(PY) -m ruff format --check $(LINT_PATHS)
	$(PY) -m mypy kg
	.venv/bin/lint-imports

test: setup lint
	$(KG) lint --strict
	$(PY) -m pytest -q
	timeout 600 $(PY) -m pytest -q -m bench

notebooks: setup
	$(KG) notebooks --html
# Scale benchmarks at 10k, 100k and 1M triples (about 40 minutes on 2 cores): rewrites the
# table in docs/benchmarks.md and the plot docs/benchmarks.png.
bench: setup
	$(PY) -m benchmarks.bench_scale --sizes 10000 100000 1000000 --docs

clean:
	rm -rf dist site test-artifacts
