# One command to build, one to test; each sets up what it needs first (a venv with the pinned
# packages, the project, and the Jupyter kernel papermill runs the notebooks with).
PYTHON ?= python3
VENV ?= .venv
BIN := $(abspath $(VENV))/bin
STAMP := $(VENV)/.installed
CORES ?= 2
export PATH := $(BIN):$(PATH)

.PHONY: setup chromium quarto report test check lint lock clean bench

setup: $(STAMP)

# The browser test reads the report in Debian's Chromium (playwright drives it; it downloads
# no browser of its own). Installing it needs root and Debian's package registry.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser test"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# The Quarto tests render the report with the real Quarto CLI. Without a `quarto` on PATH, it is
# installed once from ../shared/quarto (where that folder exists) into .quarto-cli/, which the
# tests and the benchmark look in; `make report` itself uses only a quarto on PATH. That kit
# lacks Quarto's typst-gather binary: tools/typst-gather stands in for it.
QUARTO_KIT ?= ../shared/quarto
quarto:
	@if command -v quarto >/dev/null 2>&1; then echo "quarto on PATH: $$(command -v quarto)"; \
	elif [ -f $(QUARTO_KIT)/install.sh ] || [ -f .quarto-cli/.installed ]; then \
		{ [ -f .quarto-cli/.installed ] || bash $(QUARTO_KIT)/install.sh .quarto-cli; } && \
		install -D -m 755 tools/typst-gather .quarto-cli/bin/tools/$$(uname -m)/typst-gather && \
		echo "quarto in .quarto-cli/bin"; \
	else echo "no quarto on PATH and no $(QUARTO_KIT): the Quarto tests will be skipped"; fi

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name clusters-maghreb \
		--display-name "Python (clusters-maghreb)"
	touch $(STAMP)

# --rerun-incomplete: a build stopped by Ctrl-C or a kill resumes (Snakemake refuses otherwise)
# --show-failed-logs: a failed job's log is printed on the console, not only named
report: setup
	$(BIN)/snakemake --cores $(CORES) --rerun-incomplete --show-failed-logs

# Every test, on $(CORES) workers (pytest-xdist); the builds they share are made once per run
# (tests/conftest.py, build_once: every build a test needs, the session's and each failure
# case's, is made once per run whatever the worker), so tests can go to whichever worker is
# free (--dist worksteal); --durations: the slowest tests, printed at the end of every run.
test: setup chromium quarto
	$(BIN)/pytest -n $(CORES) --dist worksteal --durations=25

# The quick tier for the inner loop: lint, and the tests that run no build, kernel or browser
# (markers e2e, slow, browser; see the README's Tests section), on $(CORES) workers.
check: lint
	$(BIN)/pytest -q -n $(CORES) -m "not e2e and not slow and not browser"

# Times cold, no-op and one-source builds and the resolve stages at scale: results/benchmark.json
bench: setup quarto
	$(BIN)/python benchmark/run.py

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
	$(BIN)/snakemake --lint
	$(BIN)/snakefmt --check Snakefile workflow/rules

lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -r requirements.in
	.lock-venv/bin/python -m pip freeze --exclude-editable > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf data/interim data/processed/*.csv results report/_output report/_variables.yml \
		report/_generated report/.quarto logs .snakemake
