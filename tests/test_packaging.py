"""The package as a maintained project: optional extras, licence and citation metadata that agree."""
from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


# ------------------------------------------------------------------ dask is optional
def test_dask_is_an_extra_not_a_core_dependency():
    core = " ".join(PYPROJECT["project"]["dependencies"])
    assert "dask" not in core and "distributed" not in core
    assert any(d.startswith("dask[distributed]") for d in PYPROJECT["project"]["optional-dependencies"]["cluster"])


def test_the_local_engine_runs_without_dask(tmp_path):
    """With dask and distributed unimportable, the CLI and the pipeline still import and run."""
    code = (
        "import sys\n"
        "sys.modules['dask'] = sys.modules['distributed'] = None  # as if the extra were not installed\n"
        "import analysis.__main__, analysis.parallel\n"
        "from analysis.pipeline import process_article\n"
        "from analysis.synth import generate_articles\n"
        "rows = [process_article(a) for a in generate_articles(2, seed=1)]\n"
        "assert all(r['quotes'] for r in rows), rows\n"
    )
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


def test_dask_engine_without_the_extra_says_which_extra_to_install(monkeypatch):
    from analysis import parallel

    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` now raises ImportError
    with pytest.raises(ImportError, match=r"pip install -e '\.\[cluster\]'"):
        parallel.dask_client(workers=1)


# ------------------------------------------------------------------ licence, citation, changelog
def test_licence_citation_and_changelog_agree_with_pyproject():
    import yaml

    project = PYPROJECT["project"]
    assert project["license"] == "MIT" and "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["license"] == project["license"]
    assert cff["version"] == project["version"], "bump CITATION.cff with pyproject.toml"
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog
    assert f"## [{project['version']}] - {cff['date-released']}" in changelog, \
        "CHANGELOG.md needs a section for the released version, dated as in CITATION.cff"


def test_make_help_lists_every_target_with_a_line():
    import re

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, re.M))
    documented = set(re.findall(r"^## (\S+)\s+\S", makefile, re.M))
    assert targets <= documented, f"add a '## target  what it does' line for {sorted(targets - documented)}"
    assert {"test", "lint", "types", "report", "help"} <= targets
