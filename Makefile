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

.PHONY: help install test lint reproduce bench clean FORCE

help: ## list targets
	@echo "discourse — make targets (python: $(PY))"
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "variables: DATA=$(DATA)  PROCESSED=$(PROCESSED)  SEED=$(SEED)  POSTS=$(POSTS)  PYTHON3=$(PYTHON3)"

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

lint: $(INSTALL_STAMP) ## ruff check src, tests and benchmarks
	$(PY) -m ruff check $(wildcard src tests benchmarks)

# reproduce: generate the synthetic corpus (unless DATA points at your own raw files), ingest
# it, and (as the stages land) run networks, topics, hoaxes and the notebooks into figures.
# File targets: a second run only redoes what changed.
SYNTH_DIR := data/raw/synthetic
SYNTH_TRUTH := data/raw/synthetic_truth
SEED ?= 2024
POSTS ?= 50000
DATA ?= $(SYNTH_DIR)

$(SYNTH_TRUTH)/counts.json: $(INSTALL_STAMP) $(wildcard src/discourse/synth/*.py)
	$(PY) -m discourse synth --seed $(SEED) --posts $(POSTS) --out $(SYNTH_DIR) --truth $(SYNTH_TRUTH)

ifeq ($(DATA),$(SYNTH_DIR))
RAW_DEPS := $(SYNTH_TRUTH)/counts.json
else
# your own data: make cannot see inside the folder, so the ingest always runs
RAW_DEPS := FORCE
endif

FORCE:

$(PROCESSED)/manifest.json: $(RAW_DEPS) $(INSTALL_STAMP) $(wildcard src/discourse/io/*.py)
	$(PY) -m discourse ingest $(DATA) --out $(PROCESSED)

$(PROCESSED)/networks.json: $(PROCESSED)/manifest.json $(wildcard src/discourse/networks.py src/discourse/communities.py src/discourse/polarization.py src/discourse/pipeline.py)
	$(PY) -m discourse networks --processed $(PROCESSED)

reproduce: $(PROCESSED)/networks.json ## generate the synthetic corpus (or use DATA=...), ingest it, networks
	@echo
	@echo "Raw corpus: $(DATA)/   processed: $(PROCESSED)/ (posts.parquet, rejects.jsonl, manifest.json)"

bench: $(INSTALL_STAMP) ## run the ingest benchmark (prints figures; not a test)
	$(PY) benchmarks/bench_ingest.py

clean: ## remove processed outputs and caches (never touches data/raw)
	@case "$(abspath $(PROCESSED))/" in "$(abspath data/raw)/"*|"$(CURDIR)/"|"$(abspath data)/"|/|//) \
	  echo "refusing to clean PROCESSED='$(PROCESSED)' (raw data and the repo are never deleted)" >&2; \
	  exit 1;; esac
	@if [ -d "$(PROCESSED)" ]; then \
	  find "$(PROCESSED)" -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} + ; \
	fi
	rm -rf .pytest_cache .ruff_cache .hypothesis benchmarks/_data
	find . \( -path ./.venv -o -path ./data/raw \) -prune -o -type d -name __pycache__ -exec rm -rf {} +
