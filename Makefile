# The two commands (see README):
#   make report   ingest data/raw, run the pipeline, re-execute the notebooks, export figures
#   make test     unit tests and nbval over every notebook
# Each creates .venv and installs what it needs when missing.

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
	$(PY) -m pip install --quiet -e '.[notebooks,test]'
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

test: $(STAMP) chromium
	$(PY) -m pytest -q tests
	$(PY) -m pytest -q --nbval-lax notebooks

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
	@command -v chromium >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  echo "note: chromium not installed; the report screenshot check will be skipped"; }

clean:
	rm -rf $(OUT)/*.csv $(OUT)/*.parquet $(OUT)/.cache reports/figures reports/notebooks reports/report.html reports/*.png
