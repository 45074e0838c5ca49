# The two commands (see README):
#   make report   ingest data/raw, run the pipeline, re-execute the notebooks, export figures
#   make test     lint, types, unit tests and nbval over every notebook
# Each creates .venv and installs what it needs when missing.

# `make help` (or plain `make`) prints the lines below that start with "## ":
## report     ingest data/raw, run the pipeline, re-execute the notebooks, export figures and report.html
## notebooks  maintainer: refresh the outputs saved in notebooks/ from the sample corpus (tracked data/raw)
## test       lint, types, unit tests, then nbval over every notebook (what CI runs)
## lint       ruff over the package, tests, scripts, benchmarks and notebooks
## types      mypy over the package, scripts, benchmarks and (through nbqa) the notebooks
## unit       unit tests only
## nbval      re-run every notebook and compare the outputs marked NBVAL_CHECK_OUTPUT
## evaluate   score the pipeline on the project's annotated articles (data/annotated)
## bench      speed benchmarks (benchmarks/README.md)
## env        create .venv and install the package with every extra
## chromium   install headless Chromium when missing (the report screenshot check; part of test)
## clean      remove the tables, figures and report made from data/raw
## help       this list

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
RAW    ?= data/raw
OUT    ?= data/processed

.PHONY: report notebooks test unit nbval evaluate bench env chromium clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[notebooks,test,dev,cluster]'
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

env: $(STAMP)

# exit status 3 means some inputs were rejected (listed in rejected.csv): the rest is written, carry on
# executed notebooks go to reports/notebooks/; the committed notebooks/ are never modified
report: $(STAMP)
	$(PY) -m analysis run $(RAW) --out $(OUT) || [ $$? -eq 3 ]
	$(PY) -m analysis notebooks

# maintainer: refresh the outputs saved in notebooks/ from the sample corpus (the files of data/raw in git)
notebooks: $(STAMP)
	$(PY) -m analysis.reproduce --refresh-committed

# lint and types first: they take seconds, the notebooks take minutes
test: lint types $(STAMP) chromium
	$(PY) -m pytest -q tests
	$(PY) -m pytest -q --nbval-lax notebooks

lint: $(STAMP)
	$(PY) -m ruff check .

types: $(STAMP)
	$(PY) -m mypy
	$(PY) -m nbqa mypy notebooks

unit: $(STAMP)
	$(PY) -m pytest -q tests

nbval: $(STAMP)
	$(PY) -m pytest -q --nbval-lax notebooks

evaluate: $(STAMP)
	$(PY) -m analysis evaluate data/annotated/gold

bench: $(STAMP)
	$(PY) benchmarks/run.py --articles 2000 --workers 2

# Headless Chromium renders reports/report.html for its check and screenshot.
# Installed when missing and apt-get is usable; the render test says so and skips otherwise.
chromium:
	@{ command -v chromium && command -v chromedriver; } >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) || \
	  echo "note: chromium not installed; the report screenshot check will be skipped"; }

clean:
	rm -rf $(OUT)/*.csv $(OUT)/*.parquet $(OUT)/.cache reports/figures reports/notebooks reports/report.html reports/*.png

.PHONY: help lint types
.DEFAULT_GOAL := help
help:
	@sed -n 's/^## /  make /p' $(MAKEFILE_LIST)
