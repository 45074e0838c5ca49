"""The notebooks' summaries and charts, on small hand-made tables."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import charts, views  # noqa: E402
from analysis.figures import UNKNOWN_LABEL  # noqa: E402

ARTICLES = pd.DataFrame({
    "article_id": ["a", "b"], "date": ["2022-01-10", "2022-01-20"], "outlet": ["Reuters", "TASS"],
})
QUOTES = pd.DataFrame({
    "article_id": ["a", "a", "a", "b", "b"],
    "paragraph": [0, 1, 2, 0, 3],
    "text": ["We will respond.", "No threat at all.", "Talks must go on.", "Sanctions will follow, a threat.", "Hm."],
    "speaker": ["Dmitry Peskov", "Dmitry Peskov", "", "Wendy Sherman", None],
    "party": ["Russia", "Russia", "", "US", None],
    "start": [1, 1, 1, 1, 1], "end": [17, 18, 19, 33, 4],
    "threat": [0, 1, 0, 1, 0], "threat_negated": [0, 1, 0, 0, 0],
    "polarity": [0.0, 0.1, 0.0, -0.2, 0.0], "subjectivity": [0.0, 0.2, 0.0, 0.3, 0.0], "vader": [0.1, -0.3, 0.0, -0.6, 0.0],
})
CLAIMS = pd.DataFrame({
    "article_id": ["a", "a", "a", "b", "b", "b"],
    "paragraph": [0, 1, 4, 0, 2, 2],
    "actor": ["Moscow", "Peskov", "the allies", "Sherman", "Kyiv", "someone"],
    "party": ["Russia", "Russia", "NATO", "US", "Ukraine", ""],
    "act": ["demand", "denial", "warning", "assertion", "rejection", "assertion"],
    "cue": ["demand", "deny", "warn", "say", "reject", "say"],
    "text": ["guarantees", "any plan", "a high price", "Russia must decide", "the idea", "x"],
    "source": ["reported", "quote", "reported", "quote", "reported", "reported"],
    "negated": [False, False, False, False, False, False],
})
NEGATED = pd.DataFrame({"article_id": ["c"], "paragraph": [0], "actor": ["Moscow"], "party": ["Russia"],
                        "act": ["rejection"], "cue": ["reject"], "text": ["the plan"], "source": ["reported"],
                        "negated": [True]})
TROOPS = pd.DataFrame({
    "article_id": ["a", "a", "b", "b"],
    "paragraph": [1, 2, 0, 1],
    "text": ["around 100,000 troops", "tens of thousands of troops", "more than 127,000 servicemen", "175,000 troops"],
    "value": [100000, None, 127000, 175000], "low": [90000, 20000, 127000, 175000],
    "high": [110000, 90000, None, 175000],
    "qualifier": ["approximate", "vague", "at_least", "exact"], "unit": ["troops"] * 4,
    "force": ["Russia"] * 4, "claimant": ["Jens Stoltenberg", "", "Jens Stoltenberg", "Ukrainian officials"],
    "claimant_party": ["NATO", "", "NATO", "Ukraine"],
})


def test_quotes_per_party_counts_unknown_apart():
    t = views.quotes_per_party(QUOTES).set_index("party")
    assert t.loc["Russia", "quotes"] == 2 and t.loc["Russia", "speakers"] == 1
    assert t.loc[UNKNOWN_LABEL, "quotes"] == 2 and t.loc[UNKNOWN_LABEL, "speakers"] == 0
    assert t["quotes"].sum() == len(QUOTES)
    assert t["share"].sum() == pytest.approx(1.0, abs=0.01)


def test_speakers_ranked_skips_empty_speakers():
    t = views.speakers_ranked(QUOTES)
    assert list(t["speaker"]) == ["Dmitry Peskov", "Wendy Sherman"]
    assert list(t["quotes"]) == [2, 1]


def test_with_context_joins_the_paragraph_and_filters_the_party():
    paras = pd.DataFrame({"article_id": ["a", "a"], "paragraph": [0, 1],
                          "text": ["P0 We will respond. end", "P1 No threat at all."]})
    t = views.with_context(QUOTES, paras, party="Russia")
    assert list(t["context"]) == ["P0 We will respond. end", "P1 No threat at all."]


def test_party_by_act_orders_acts_and_totals():
    t = views.party_by_act(CLAIMS)
    assert list(t.columns) == ["assertion", "demand", "warning", "rejection", "denial", "total", "articles"]
    assert t.loc["Russia", "total"] == 2 and t.loc[UNKNOWN_LABEL, "assertion"] == 1


def test_negated_acts_are_not_counted_as_made():
    with_neg = pd.concat([CLAIMS, NEGATED], ignore_index=True)
    assert views.party_by_act(with_neg).loc["Russia"].to_dict() == views.party_by_act(CLAIMS).loc["Russia"].to_dict()
    shares = views.act_shares(with_neg).set_index(["party", "act"])
    assert shares.loc[("Russia", "rejection"), "statements"] == 0
    assert len(views.made(with_neg)) == len(CLAIMS)


def test_act_shares_are_shares_of_the_party():
    t = views.act_shares(CLAIMS).set_index(["party", "act"])
    assert t.loc[("Russia", "demand"), "share"] == 0.5
    assert t.loc[("NATO", "warning"), "share"] == 1.0
    assert "" not in t.index.get_level_values(0)


def test_troop_timeline_dates_and_figures():
    t = views.troop_timeline(TROOPS, ARTICLES)
    assert list(t["vague"]) == [False, True, False, False]
    assert t.loc[1, "figure"] == 55000  # vague: middle of its bounds
    assert t.loc[2, "figure"] == 127000  # at least: the value
    assert t.loc[1, "claimant_party"] == UNKNOWN_LABEL
    assert t["date"].is_monotonic_increasing


def test_troop_source_moves_tracks_each_source():
    t = views.troop_source_moves(TROOPS, ARTICLES, by="claimant")
    st = t[t["source"] == "Jens Stoltenberg"]
    assert list(st["value"]) == [100000, 127000]
    assert st["change"].iloc[1] == 27000
    assert pd.isna(st["change"].iloc[0])
    assert "tens of thousands of troops" not in set(t["text"])  # vague ones have no value to move


def test_strongest_and_measure_comparison():
    top = views.strongest(QUOTES, "threat", n=1)
    assert top.loc[0, "text"] == "No threat at all."  # 1 hit in 4 words beats 1 in 5
    cmp = views.measure_comparison(QUOTES)
    assert cmp.loc[1, "lexicons"] == "threat (negated)"
    assert cmp.loc[3, "lexicons"] == "threat"
    assert cmp.loc[0, "lexicons"] == ""


def test_charts_draw_with_titles_and_sources():
    from analysis import rhetoric

    rates = rhetoric.party_rates_ci(QUOTES[["article_id", "party", "text"]], n_boot=50)  # scores the texts
    made = [
        charts.quotes_per_party(views.quotes_per_party(QUOTES), ARTICLES),
        charts.acts_by_party(views.act_shares(CLAIMS), ARTICLES),
        charts.rhetoric_heatmap(views.rhetoric_by_party(QUOTES, CLAIMS, n_boot=50), ARTICLES),
        charts.tone_by_party(rates, ARTICLES),
        charts.troop_timeline(views.troop_timeline(TROOPS, ARTICLES), ARTICLES),
        charts.quotes_vs_reported(CLAIMS, ARTICLES),
        charts.articles_per_day(views.articles_per_day(ARTICLES), ARTICLES),
    ]
    for chart in made:
        texts = [t.get_text() for t in chart.figure.texts]
        assert any(t.startswith("Source: 2 articles from 2 outlets, 10 Jan 2022 to 20 Jan 2022") for t in texts)
        assert chart.figure.axes
        assert len(chart.alt) > 40 and isinstance(chart.data, pd.DataFrame) and len(chart.data)
        plt.close(chart.figure)


def test_every_chart_exports_exactly_the_data_it_drew(tmp_path):
    """The CSV beside each exported chart holds the table the chart function returned, nothing else."""
    from analysis import figures

    made = [
        charts.quotes_per_party(views.quotes_per_party(QUOTES), ARTICLES),
        charts.acts_by_party(views.act_shares(CLAIMS), ARTICLES),
        charts.rhetoric_heatmap(views.rhetoric_by_party(QUOTES, CLAIMS, n_boot=20), ARTICLES),
        charts.troop_timeline(views.troop_timeline(TROOPS, ARTICLES), ARTICLES),
        charts.quotes_vs_reported(CLAIMS, ARTICLES),
        charts.articles_per_day(views.articles_per_day(ARTICLES), ARTICLES),
    ]
    names = set()
    for chart in made:
        charts.publish(chart, tmp_path, show=False)
        assert (tmp_path / f"{chart.name}.csv").read_bytes() == figures._csv_bytes(chart.data)
        assert (tmp_path / f"{chart.name}.png").exists() and (tmp_path / f"{chart.name}.svg").exists()
        names.add(chart.name)
        plt.close(chart.figure)
    assert len(names) == len(made)


def test_model_features_lists_each_category_strongest_first():
    rows = [
        {"category": "threat", "direction": "for", "feature": "w:invasion", "weight": 2.5},
        {"category": "threat", "direction": "for", "feature": "lex:threat", "weight": 1.25},
        {"category": "threat", "direction": "against", "feature": "w:talks", "weight": -0.5},
        {"category": "dialogue", "direction": "for", "feature": "b:sit down", "weight": 0.75},
    ]
    t = views.model_features(rows, n_for=1)
    assert list(t["category"]) == ["threat", "dialogue"]  # the categories' own order, absent ones left out
    assert t.iloc[0]["pushes towards"] == "w:invasion (+2.50)"  # n_for=1 keeps the strongest only
    assert t.iloc[0]["pushes against"] == "w:talks (-0.50)"
    assert t.iloc[1]["pushes against"] == ""


def test_model_validation_reads_the_stored_cross_validation():
    cat = {"tp": 6, "fp": 2, "fn": 4, "precision": 0.75, "recall": 0.6, "f1": 0.667}
    lex = {"tp": 3, "fp": 0, "fn": 7, "precision": 1.0, "recall": 0.3, "f1": 0.462}
    model = {"cv": {"crisis": {"categories": {"sanctions": cat}},
                    "crisis_lexicon_only": {"categories": {"sanctions": lex}}},
             "categories": {"sanctions": {"gate": {"adds": True, "precision": 0.75, "tp": 3, "fp": 1}}}}
    t = views.model_validation(model)
    assert t.to_dict("records") == [{"category": "sanctions", "n": 10, "lexicon precision": 1.0,
                                     "lexicon recall": 0.3, "layer precision": 0.75, "layer recall": 0.6,
                                     "gate": "open", "model's additions": "0.75: 3 right, 1 wrong"}]
    model["categories"]["sanctions"]["gate"]["adds"] = False
    assert views.model_validation(model).loc[0, "gate"] == "shut"
    assert views.model_validation({}).empty  # no model file: an empty table, not an error
