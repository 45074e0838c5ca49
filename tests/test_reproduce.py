"""The one-command rerun, end to end, in a scratch copy of the project.

From a copy holding only the notebooks and the sample article: the notebooks
run headless and export every figure with its CSV and the HTML report; a rerun
with nothing new changes no exported byte; a second article dropped into
data/raw shows up in every table and in the figures' data; the report renders
its figures in headless Chromium.
"""
from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.reproduce import run_notebooks, scrub

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "raw" / "2022-01-12_moscow-times_nato-russia-stark-differences.txt"
SECOND = ROOT / "data" / "annotated" / "articles" / "t_buildup_estimates.txt"
CHARTS_02_TO_05 = {"quotes-per-party", "claims-demand-warn-reject-offer-by-party",
                   "rhetoric-rate-by-party-and-category", "tone-by-party", "troop-figures-by-claimant",
                   "quotes-and-claims-per-party", "outlet-statements-by-party", "articles-per-day-by-outlet"}


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "notebooks", root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (root / "data" / "raw").mkdir(parents=True)
    shutil.copy(SAMPLE, root / "data" / "raw" / SAMPLE.name)
    root.joinpath("committed").mkdir()
    for nb in (root / "notebooks").glob("*.ipynb"):
        shutil.copy(nb, root / "committed" / nb.name)
    run_notebooks(root=root)
    return root


def committed_unchanged(project) -> bool:
    """The notebooks under notebooks/ hold exactly the bytes they had before any run."""
    now = {p.name: p.read_bytes() for p in (project / "notebooks").glob("*.ipynb")}
    before = {p.name: p.read_bytes() for p in (project / "committed").glob("*.ipynb")}
    return now == before and len(now) == 6  # the five numbered notebooks and explore-and-correct


def test_report_command_exports_every_chart_and_the_report(project):
    figs = project / "reports" / "figures"
    names = {p.stem for p in figs.iterdir()}
    assert CHARTS_02_TO_05 <= names
    for name in CHARTS_02_TO_05:
        for ext in ("png", "svg", "csv"):
            f = figs / f"{name}.{ext}"
            assert f.exists() and f.stat().st_size > 0, f
    assert (project / "reports" / "report.html").stat().st_size > 10_000
    assert (project / "data" / "processed" / "quotes.csv").exists()
    executed = sorted(p.name for p in (project / "reports" / "notebooks").glob("*.ipynb"))
    # the numbered notebooks run; explore-and-correct needs a live kernel for its drop-downs
    assert executed == sorted(p.name for p in (project / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    assert committed_unchanged(project)


def test_the_report_opens_with_findings_and_lists_the_articles(project):
    text = (project / "reports" / "report.html").read_text(encoding="utf-8")
    assert text.index("Key findings") < text.index("The corpus") < text.index("The articles covered")
    assert "NATO and Russia Lay Out Stark Differences on Ukraine Crisis" in text
    assert ">NaN<" not in text and "nan</td>" not in text
    for heading in ("The articles covered", "2. Who is quoted", "3. What each side says"):
        counts = text[text.index(heading):].split("</table>")[0]  # tables of counts: no float for a count
        assert "<td" in counts and re.search(r"<td[^>]*>[\d,]+\.\d+</td>", counts) is None, heading


def test_rerun_with_nothing_new_changes_no_exported_file(project):
    figs = project / "reports" / "figures"
    before = digests(figs)
    executed = project / "reports" / "notebooks"
    nb_before = {p.name: p.read_bytes() for p in executed.glob("*.ipynb")}
    run_notebooks(root=project)
    assert digests(figs) == before
    assert {p.name: p.read_bytes() for p in executed.glob("*.ipynb")} == nb_before


def test_report_renders_its_figures_in_headless_chromium(project):
    from analysis.render import check_report, find_chromium

    shot = project / "reports" / "report.png"
    result = check_report(project / "reports" / "report.html", shot)
    assert result["figures"] >= 5, result
    if find_chromium() is None:
        pytest.skip("chromium is not installed (make test installs it with apt-get when it can)")
    assert result["ok"], result["problems"]
    assert result["browser"]["images_ok"] == result["browser"]["images"] >= 5
    assert shot.exists()


def test_a_new_article_reaches_every_table_and_figure(project):
    shutil.copy(SECOND, project / "data" / "raw" / SECOND.name)
    run_notebooks(root=project)
    new_id = SECOND.stem
    processed = project / "data" / "processed"
    for table in ("articles", "quotes", "claims", "troops", "rhetoric"):
        df = pd.read_csv(processed / f"{table}.csv")
        assert new_id in set(df["article_id"]), table
    figs = project / "reports" / "figures"
    troop_points = pd.read_csv(figs / "troop-figures-by-claimant.csv")
    assert new_id in set(troop_points["article_id"])
    per_day = pd.read_csv(figs / "articles-per-day-by-outlet.csv")
    assert per_day["articles"].sum() == 2
    assert committed_unchanged(project)  # a report run on a grown corpus leaves notebooks/ alone


def test_scrub_removes_run_timestamps(tmp_path):
    import json

    nb = {"cells": [{"cell_type": "code", "metadata": {"execution": {"iopub.execute_input": "x"},
                                                         "papermill": {"duration": 1}}, "outputs": [],
                     "source": ""},
                    {"cell_type": "code", "metadata": {"tags": ["injected-parameters"]}, "outputs": [],
                     "source": "export_pdf = True"}],
          "metadata": {"papermill": {"start_time": "now"}}, "nbformat": 4, "nbformat_minor": 5}
    p = tmp_path / "n.ipynb"
    p.write_text(json.dumps(nb))
    scrub(p)
    out = json.loads(p.read_text())
    assert "papermill" not in out["metadata"]
    assert len(out["cells"]) == 1 and out["cells"][0]["metadata"] == {}


def test_the_sample_corpus_is_what_git_tracks_in_data_raw():
    from analysis.reproduce import sample_files

    files = sample_files(ROOT)
    assert SAMPLE in files
    assert all(f.is_relative_to(ROOT / "data" / "raw") and f.name != "MANIFEST.csv" for f in files)
