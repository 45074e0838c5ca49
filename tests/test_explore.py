"""Views, filters and the offline HTML of the interactive tables (analysis.explore)."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from analysis import explore


@pytest.fixture
def tables():
    articles = pd.DataFrame({"article_id": ["a1", "a2"], "outlet": ["Reuters", "BBC"],
                             "date": ["2022-01-11", "2022-01-10"], "title": ["t", "t"]})
    quotes = pd.DataFrame({
        "article_id": ["a1", "a1", "a2"], "paragraph": [0, 1, 0],
        "text": ["we will respond", "</script><b>x</b>", "talks must go on"],
        "speaker": ["Official One", "", "Envoy Two"], "party": ["Russia", "", "US"],
        "start": [5, 1, 0], "end": [20, 18, 16], "quote_id": ["a1:q0", "a1:q1", "a2:q0"],
        "threat": [1, 0, 0], "dialogue": [0, 0, 1], "ultimatum": [0, 0, 1], "corrected": ["", "", "c1"]})
    claims = pd.DataFrame({"article_id": ["a1", "a2"], "paragraph": [0, 0], "actor": ["Official One", "Envoy Two"],
                           "party": ["Russia", "US"], "act": ["warning", "demand"], "text": ["x", "y"],
                           "quote_id": ["a1:q0", "a2:q0"], "start": [0, 0], "end": [1, 1]})
    troops = pd.DataFrame({"article_id": ["a2"], "paragraph": [0], "text": ["about 1,000 troops"], "value": [1000.0],
                           "low": [900.0], "high": [1100.0], "qualifier": ["approximate"], "unit": ["troops"],
                           "force": ["Russia"], "claimant": [""], "claimant_party": [""], "start": [0], "end": [5]})
    paragraphs = pd.DataFrame({"article_id": ["a1", "a1", "a2"], "paragraph": [0, 1, 0],
                               "text": ['Said "we will respond" today.', '"</script><b>x</b>" it read.',
                                        "talks must go on, about 1,000 troops"]})
    return {"articles": articles, "quotes": quotes, "claims": claims, "troops": troops, "paragraphs": paragraphs}


def test_quotes_view_joins_outlet_date_act_and_rhetoric(tables):
    v = explore.quotes_view(tables)
    assert v["article_id"].tolist() == ["a2", "a1", "a1"]  # by date
    first = v.iloc[0]
    assert (first["outlet"], first["date"], first["act"], first["rhetoric"]) == ("BBC", "2022-01-10", "demand",
                                                                                 "ultimatum, dialogue")
    assert v.loc[v["speaker"] == "Official One", "act"].tolist() == ["warning"]
    assert v.loc[v["text"].str.startswith("<"), "act"].isna().all()  # no claim stands for it


def test_filter_rows_whole_values_and_words(tables):
    v = explore.quotes_view(tables)
    assert explore.filter_rows(v, party="us")["party"].tolist() == ["US"]  # not Russia
    assert explore.filter_rows(v, party="(none)")["text"].tolist() == ["</script><b>x</b>"]
    assert explore.filter_rows(v, search="WILL respond")["speaker"].tolist() == ["Official One"]
    assert len(explore.filter_rows(v, party="", search="")) == 3
    assert explore.filter_rows(v, party="Russia", search="talks").empty


def test_table_html_is_offline_and_escapes_row_text(tables):
    h = explore.table_html(explore.quotes_view(tables), "quotes", tables["paragraphs"])
    # nothing to fetch: no src/href to the network, the script is inline
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", h)
    # row text cannot close the data element or inject markup
    data = re.search(r'<script type="application/json" class="xt-data">(.*?)</script>', h, re.DOTALL).group(1)
    assert "</script>" not in data and "<b>" not in data
    spec = json.loads(data)
    names = [c["name"] for c in spec["columns"]]
    texts = [r[names.index("text")] for r in spec["rows"]]
    assert "</script><b>x</b>" in texts
    ctx = spec["rows"][0][names.index("context")]
    assert ctx == ["a2:0", 0, 16] and spec["paragraphs"]["a2:0"].startswith("talks must go on")
    # a filter box for each filter column, with the values to pick from
    assert 'data-col="party"' in h and '<option value="Russia">' in h and '<option value="(none)">' in h


def test_max_rows_caps_the_embedded_rows_and_says_so(tables):
    h = explore.table_html(explore.quotes_view(tables), "quotes", tables["paragraphs"], max_rows=2)
    spec = json.loads(re.search(r'class="xt-data">(.*?)</script>', h, re.DOTALL).group(1))
    assert len(spec["rows"]) == 2
    assert "The first 2 of 3 rows" in h


def test_troops_and_claims_views(tables):
    t = explore.troops_view(tables)
    assert t[["force", "value", "qualifier", "outlet"]].values.tolist() == [["Russia", 1000.0, "approximate", "BBC"]]
    c = explore.claims_view(tables)
    assert c["act"].tolist() == ["demand", "warning"]


def test_add_to_report_is_idempotent_and_shows_validation(tables, tmp_path):
    processed = tmp_path / "processed"
    processed.mkdir()
    for n, df in tables.items():
        df.to_csv(processed / f"{n}.csv", index=False)
    pd.DataFrame([{"id": "c1", "action": "set", "table": "quotes", "article_id": "a2", "paragraph": 0,
                   "words": "talks", "rows": 1, "status": "applied"},
                  {"id": "c2", "action": "drop", "table": "troops", "article_id": "a9", "paragraph": 3,
                   "words": "5,000", "rows": 0, "status": "unmatched: the article is not in this run"}]
                 ).to_csv(processed / "corrections.csv", index=False)
    val = tmp_path / "validation"
    val.mkdir()
    (val / "quotes-sample.score.json").write_text(json.dumps({
        "table": "quotes", "rows": 100, "checked_on": "2026-12-01", "sample": "quotes-sample.csv",
        "columns": {"speaker_ok": {"question": "speaker right", "right": 92, "checked": 100, "precision": 0.92,
                                   "ci_low": 0.8500, "ci_high": 0.9589}},
        "by_party": {"Russia": {"speaker_ok": {"right": 60, "checked": 62, "ci_low": 0.89, "ci_high": 0.99}},
                     "US": {"speaker_ok": {"right": 32, "checked": 38, "ci_low": 0.69, "ci_high": 0.93}}}}))
    page = tmp_path / "report.html"
    page.write_text("<html><body><main><h1>R</h1></main></body></html>", encoding="utf-8")
    explore.add_to_report(page, processed, val)
    once = page.read_text(encoding="utf-8")
    explore.add_to_report(page, processed, val)
    assert page.read_text(encoding="utf-8") == once
    assert once.count(explore.MARK_START) == 1 and once.index(explore.MARK_END) < once.index("</main>")
    assert "speaker right in 92 of 100 checked quotes, 95% CI 85–96%" in once
    assert "2026-12-01" in once
    assert "<td>US</td><td>32 of 38 (69–93%)</td>" in once
    assert "1 no longer match any row" in once and "c2" in once
    assert 'id="xt-quotes"' in once and 'id="xt-troops"' in once


def test_filter_panel_builds_widgets(tables):
    pytest.importorskip("ipywidgets")
    v = explore.quotes_view(tables)
    panel = explore.filter_panel(v, paragraphs=tables["paragraphs"])
    drops = [c for row in panel.children[:2] for c in row.children if hasattr(c, "options")]
    party = next(d for d in drops if d.description == "party")
    assert [o[1] for o in party.options] == ["", "Russia", "US", "(none)"]
    party.value = "US"
    assert "<b>1</b> of 3 rows" in panel.children[2].value
