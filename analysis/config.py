"""Paths in one place (cookiecutter-data-science style): notebooks and the CLI import these."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("ANALYSIS_ROOT", Path(__file__).resolve().parent.parent))
DATA = ROOT / "data"
RAW = DATA / "raw"
PROCESSED = DATA / "processed"
ANNOTATED = DATA / "annotated"
REGISTRY = DATA / "actors.yml"
LEXICONS = Path(__file__).resolve().parent / "data"
REPORTS = ROOT / "reports"
FIGURES = REPORTS / "figures"
