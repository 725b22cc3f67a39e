# discourse — development and reproduction entry points (GNU make).
#
# Works on a fresh machine with only python3: if no environment is active, a virtualenv is
# created in .venv and everything is installed there. If a virtualenv ($VIRTUAL_ENV) or a
# conda environment other than `base` ($CONDA_PREFIX) is active, its python is used instead.
#
#   make            list targets
#   make test       install (once, again whenever pyproject.toml changes) and run the tests

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON3 ?= python3
PROCESSED ?= data/processed

# ---------------------------------------------------------------- which python
ifneq ($(VIRTUAL_ENV),)
  ENV_PREFIX := $(VIRTUAL_ENV)
else ifneq ($(and $(CONDA_PREFIX),$(filter-out base,$(CONDA_DEFAULT_ENV))),)
  # An auto-activated conda `base` is not treated as a project environment.
  ENV_PREFIX := $(CONDA_PREFIX)
else
  ENV_PREFIX := .venv
endif
PY := $(ENV_PREFIX)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
# Re-install whenever the declared dependencies change.
INSTALL_STAMP := $(ENV_PREFIX)/.discourse-install-stamp

.PHONY: help install test lint reproduce notebooks bench clean FORCE

help: ## list targets
	@echo "discourse — make targets (python: $(PY))"
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "variables: DATA=$(DATA)  PROCESSED=$(PROCESSED)  FIGURES=$(FIGURES)  SEED=$(SEED)  POSTS=$(POSTS)"
	@echo "           SEEDS=$(SEEDS)  NULL=$(NULL)  CLAIMS=$(CLAIMS)  JOBS=$(JOBS)  PYTHON3=$(PYTHON3)"

# Only used when no environment is active (ENV_PREFIX = .venv).
.venv/bin/python:
	$(PYTHON3) -m venv .venv

# pip >= 25.1 is needed for PEP 735 `--group`.
$(INSTALL_STAMP): pyproject.toml | $(PY)
	$(PIP) install --upgrade "pip>=25.1"
	$(PIP) install -e ".[notebooks]" --group dev
	@touch $@

install: $(INSTALL_STAMP) ## install the package (editable) with the notebooks extra and dev group

test: $(INSTALL_STAMP) ## run the test suite (PYTEST_ARGS="-m 'not slow'" to narrow)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(INSTALL_STAMP) ## ruff check src, tests, benchmarks and notebooks
	$(PY) -m ruff check $(wildcard src tests benchmarks notebooks)

# reproduce: generate the synthetic corpus (unless DATA points at your own raw files), ingest
# it, run the stages, execute the notebooks in order with papermill (executed copies in
# reports/notebooks/) and export their figures to reports/figures/ (FIGURES=...).
# File targets: a second run only redoes what changed.
SYNTH_DIR := data/raw/synthetic
SYNTH_TRUTH := data/raw/synthetic_truth
SEED ?= 2024
POSTS ?= 50000
DATA ?= $(SYNTH_DIR)
# SEED also seeds every stage (Leiden, randomisations, LDA, matching) and is recorded in each
# figure's sidecar. Camp seed accounts (CSV handle,camp) and null-model randomisations of the
# networks stage.
SEEDS ?=
NULL ?= 10
FIGURES ?= reports/figures
NOTEBOOKS_OUT ?= reports/notebooks

$(SYNTH_TRUTH)/counts.json: $(INSTALL_STAMP) $(wildcard src/discourse/synth/*.py)
	$(PY) -m discourse synth --seed $(SEED) --posts $(POSTS) --out $(SYNTH_DIR) --truth $(SYNTH_TRUTH)

ifeq ($(DATA),$(SYNTH_DIR))
RAW_DEPS := $(SYNTH_TRUTH)/counts.json
# The synthetic corpus holds no real people, so it is pseudonymised with a fixed, published key
# ("discourse-synthetic-corpus") and every clone gets the same ids, communities and figures.
# Your own data uses your secret key (DISCOURSE_KEY or data/.discourse_key, never committed).
INGEST_ENV := DISCOURSE_KEY=646973636f757273652d73796e7468657469632d636f72707573
else
# Your own data: a fingerprint of the file names, sizes and modification times under DATA,
# rewritten only when it changes, so a second run skips the ingest when nothing changed.
RAW_DEPS := $(PROCESSED)/.raw-fingerprint
INGEST_ENV :=
endif

FORCE:

$(PROCESSED)/.raw-fingerprint: FORCE | $(INSTALL_STAMP)
	@mkdir -p $(PROCESSED)
	@$(PY) -c 'import hashlib, pathlib, sys; root = pathlib.Path(sys.argv[1]); \
	  files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]; \
	  print(hashlib.sha256("".join(f"{p}\t{p.stat().st_size}\t{p.stat().st_mtime_ns}\n" \
	  for p in files).encode()).hexdigest())' "$(DATA)" > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; fi

$(PROCESSED)/manifest.json: $(RAW_DEPS) $(INSTALL_STAMP) $(wildcard src/discourse/io/*.py)
	$(INGEST_ENV) $(PY) -m discourse ingest $(DATA) --out $(PROCESSED)

$(PROCESSED)/networks.json: $(PROCESSED)/manifest.json $(wildcard src/discourse/networks.py src/discourse/communities.py src/discourse/polarization.py src/discourse/pipeline.py $(SEEDS))
	$(PY) -m discourse networks --processed $(PROCESSED) --null $(NULL) --seed $(SEED) $(if $(SEEDS),--seeds $(SEEDS))

# Topics (issue 5) and hoaxes (issue 6) read the networks stage's camps; they are independent of
# each other. CLAIMS: a claim catalogue for your own data (default: the one the ingest found).
CLAIMS ?=
$(PROCESSED)/topics.json: $(PROCESSED)/networks.json $(wildcard src/discourse/text.py src/discourse/topics.py src/discourse/pipeline.py src/discourse/data/*.csv src/discourse/data/*.txt)
	$(PY) -m discourse topics --processed $(PROCESSED) --seed $(SEED)

$(PROCESSED)/hoaxes.json: $(PROCESSED)/networks.json $(wildcard src/discourse/hoaxes/*.py src/discourse/pipeline.py $(CLAIMS))
	$(PY) -m discourse hoaxes --processed $(PROCESSED) --seed $(SEED) $(if $(CLAIMS),--claims $(CLAIMS))

# Stage outputs; each notebook waits only for the stage it reads (STAGES_<notebook>), others for
# all of them, so `make -j2` runs topics, hoaxes and the early notebooks side by side.
STAGES := $(PROCESSED)/networks.json $(PROCESSED)/topics.json $(PROCESSED)/hoaxes.json
STAGES_01-ingest-describe := $(PROCESSED)/manifest.json
STAGES_02-networks-polarisation := $(PROCESSED)/networks.json
STAGES_03-topics := $(PROCESSED)/topics.json
STAGES_04-hoax-spread := $(PROCESSED)/hoaxes.json
stages_of = $(or $(STAGES_$(1)),$(STAGES))

# Notebooks (jupytext percent .py), each into an executed copy; papermill runs them with
# notebooks/ as working directory, so relative paths are passed from there. A notebook is rerun
# when it, the stage output it reads or the package changes.
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]-*.py))
EXECUTED := $(NOTEBOOKS:notebooks/%.py=$(NOTEBOOKS_OUT)/%.ipynb)
PACKAGE_FILES := $(shell find src/discourse -type f \( -name '*.py' -o -name '*.mplstyle' -o -name '*.csv' -o -name '*.txt' \) 2>/dev/null)
from_notebooks = $(if $(filter /%,$(1)),$(1),../$(1))

.SECONDEXPANSION:
$(NOTEBOOKS_OUT)/%.ipynb: notebooks/%.py $$(call stages_of,$$*) $(PACKAGE_FILES)
	$(PY) -m discourse notebook $< --out $@ -p PROCESSED=$(call from_notebooks,$(PROCESSED)) \
	  -p FIGURES=$(call from_notebooks,$(FIGURES)) -p SEED=$(SEED)

notebooks: $(EXECUTED) ## execute the notebooks (after the stages they read) into reports/notebooks/

# Two jobs by default (JOBS=1 for one at a time): on 2 cores the topic model and the hoax stage,
# or a notebook and a stage, run side by side; output is grouped per target.
JOBS ?= 2
reproduce: ## corpus (or DATA=...), ingest, stages, notebooks and figures; JOBS=2 in parallel
	@$(MAKE) --no-print-directory -j$(JOBS) --output-sync=target notebooks
	@echo
	@echo "Raw corpus:         $(DATA)/"
	@echo "Processed tables:   $(PROCESSED)/"
	@echo "Executed notebooks: $(NOTEBOOKS_OUT)/ ($(words $(EXECUTED)) notebooks)"
	@echo "Figures:            $(FIGURES)/ (PDF, PNG, SVG and a JSON sidecar each)"
	@for f in $(FIGURES)/*.json; do [ -e "$$f" ] && echo "  $$(basename $$f .json)"; done; true

bench: $(INSTALL_STAMP) ## run the ingest benchmark (prints figures; not a test)
	$(PY) benchmarks/bench_ingest.py

clean: ## remove processed outputs, executed notebooks, figures and caches (never data/raw)
	@case "$(abspath $(PROCESSED))/" in "$(abspath data/raw)/"*|"$(CURDIR)/"|"$(abspath data)/"|/|//) \
	  echo "refusing to clean PROCESSED='$(PROCESSED)' (raw data and the repo are never deleted)" >&2; \
	  exit 1;; esac
	@if [ -d "$(PROCESSED)" ]; then \
	  find "$(PROCESSED)" -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} + ; \
	fi
	rm -rf .pytest_cache .ruff_cache .hypothesis benchmarks/_data reports/notebooks
	find reports/figures -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
	find . \( -path ./.venv -o -path ./data/raw \) -prune -o -type d -name __pycache__ -exec rm -rf {} +

# ---------------------------------------------------------------- documentation
# The Sphinx site (docs/), offline: warnings are errors (-W --keep-going), cross-references
# are checked (-n), the environment is rebuilt (-E) because the API pages are generated from
# the package on every build. The tutorial is executed; the gallery shows reports/notebooks/
# as `make reproduce` left it (never re-executed). Options: see the top of docs/conf.py.
DOCS_OUT ?= docs/_build
SPHINXOPTS ?=

.PHONY: docs docs-clean
docs: $(INSTALL_STAMP) ## build the documentation site into docs/_build/html (offline, warnings are errors)
	$(PY) -m sphinx -E -W --keep-going -n -b html $(SPHINXOPTS) docs $(DOCS_OUT)/html
	@echo "Documentation: $(DOCS_OUT)/html/index.html"

docs-clean: ## remove the built site and the generated documentation pages
	rm -rf $(DOCS_OUT) docs/api docs/_generated docs/jupyter_execute
