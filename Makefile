# infobook: two commands on a fresh machine.
#   make book   build the website (every notebook executed, warnings are errors)
#   make test   run every test (library, notebooks, the built site in Chromium)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
MATHJAX := vendor/mathjax/tex-mml-chtml.js
MATHJAX_VERSION := 3.2.2
AXE := .cache/npm/node_modules/axe-core/axe.min.js
AXE_VERSION := 4.14.1
CHROMIUM := /usr/bin/chromium
BOOK_STAMP := _build/.infolib-stamp
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Jupyter refuses to run as root unless told; containers often run as root.
LAB_ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
# Kernels started by Jupyter Book, nbval and the grader must be this venv's Python.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg

.PHONY: book test lab setup chromium mathjax axe clean distclean checked-outputs coursework grade pdf bench peer-values

## Set-up: the venv with requirements.txt and infolib, MathJax served locally.
setup: $(STAMP) $(MATHJAX)

$(STAMP): requirements.txt pyproject.toml setup.py infolib/estimators/_pair_counts.c
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

mathjax: $(MATHJAX)
$(MATHJAX):
	@mkdir -p .cache/npm vendor/mathjax/output/chtml/fonts vendor/mathjax/input/tex
	npm install --silent --no-audit --no-fund --prefix .cache/npm mathjax@$(MATHJAX_VERSION)
	cp -r .cache/npm/node_modules/mathjax/es5/output/chtml/fonts/woff-v2 vendor/mathjax/output/chtml/fonts/
	cp -r .cache/npm/node_modules/mathjax/es5/input/tex/extensions vendor/mathjax/input/tex/
	cp .cache/npm/node_modules/mathjax/es5/tex-mml-chtml.js $@

## axe-core, the accessibility checker the site tests inject into every page (never served).
axe: $(AXE)
$(AXE):
	@mkdir -p .cache/npm
	npm install --silent --no-audit --no-fund --prefix .cache/npm axe-core@$(AXE_VERSION)
	@test -f $@ && touch $@

## Debian's Chromium for the browser tests (installed only when missing).
chromium: $(CHROMIUM)
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null

## The website, in _build/html. Notebooks whose code is unchanged come from the execution
## cache, unless infolib changed since the last build (then every notebook runs again).
book: setup
	@if [ -f $(BOOK_STAMP) ] && [ -n "$$(find infolib -name '*.py' -newer $(BOOK_STAMP))" ]; then \
		echo "infolib changed since the last build: executing every notebook again"; \
		rm -rf _build/.jupyter_cache _build/.doctrees; fi
	INFOBOOK_STATIC=1 jupyter-book build . -W -n --keep-going
	@touch $(BOOK_STAMP)
	@echo
	@echo "The book is built. Open file://$(CURDIR)/_build/html/index.html"

## Every test: infolib (unit, property, oracle, doctest), the notebooks (nbval), a clean build
## of the site and Chromium on it, the student edition, the grader, the PDF.  Two workers, one
## file each at a time (a notebook's cells share a kernel); the book is built once for both.
TEST_WORKERS ?= 2
test: setup chromium axe
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder --nbval-lax --nbval-current-env --doctest-modules -p no:cacheprovider tests book infolib coursework

## infolib's estimators beside scikit-learn, NPEET and infomeasure (benchmarks/requirements.txt,
## installed into .cache/bench-peers, never into the book's venv).
BENCH_PEERS := .cache/bench-peers
$(BENCH_PEERS)/.installed: benchmarks/requirements.txt | $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --upgrade --target $(BENCH_PEERS) -r $<
	@touch $@

bench: setup $(BENCH_PEERS)/.installed
	PYTHONPATH=$(BENCH_PEERS) $(PY) benchmarks/estimators_vs_peers.py

## The peers' values that tests/test_estimator_families.py compares with (tests/data/peer_values.json).
peer-values: setup $(BENCH_PEERS)/.installed
	PYTHONPATH=$(BENCH_PEERS) $(PY) benchmarks/peer_values.py

## The student edition under _build/coursework: notebooks with stubs, the website without solutions.
## The website takes the outputs of the book's executed notebooks (no second execution).
coursework: book
	$(PY) -m coursework.edition --executed _build/jupyter_execute

## Grade a folder of handed-in notebooks: make grade SUBMISSIONS=dir [GRADES=grades.csv]
SUBMISSIONS ?= submissions
GRADES ?= grades.csv
grade: setup
	$(PY) -m coursework.grade $(SUBMISSIONS) --out $(GRADES)

## A printable PDF of the whole book: _build/pdf/infobook.pdf (single-page HTML printed by Chromium).
pdf: setup chromium
	INFOBOOK_STATIC=1 jupyter-book build . --builder singlehtml -W -n --keep-going
	$(PY) tools/make_pdf.py _build/singlehtml/index.html _build/pdf/infobook.pdf

## JupyterLab on the chapters, widgets live.
lab: setup
	jupyter lab $(LAB_ROOT_FLAG) book/

## After changing a notebook: run it and keep only the outputs of `# NBVAL_CHECK_OUTPUT` cells.
checked-outputs: setup
	$(PY) tools/checked_outputs.py book/*.ipynb

clean:
	rm -rf _build test-artifacts .pytest_cache .hypothesis
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) vendor .cache
