"""evaluate(): the reference scorer's semantics as a library."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import config
from analysis.evaluate import blank, evaluate, format_report, match, overlap, run_stages, same_speaker

# write_gold, write_house, make_article and annotated_articles come from conftest.py


def test_overlap_and_matching():
    assert overlap("We will keep every channel open", "we will keep every channel open,") == 1.0
    assert overlap("", "anything") == 0.0
    assert overlap("channel", "we will keep every channel open to anyone who calls today") < 0.6
    pairs = match([{"text": "a b c d"}, {"text": "x y z"}], [{"text": "x y z"}, {"text": "a b c d"}], 0.6)
    assert [(g["text"], o["text"]) for g, o in pairs] == [("a b c d", "a b c d"), ("x y z", "x y z")]


def test_same_speaker_uses_last_name_and_alternatives():
    assert same_speaker("Wendy Sherman", "Sherman")
    assert same_speaker("senior U.S. diplomat", "Wendy Sherman", ["Wendy Sherman"])
    assert not same_speaker("Wendy Sherman", "")
    assert same_speaker(None, "") and not same_speaker(None, "Peskov")


def test_quote_figures(tmp_path, write_gold):
    gold = tmp_path / "gold"
    write_gold(gold, "a1", quotes=[
        {"paragraph": 0, "text": "We will respond firmly,", "speaker": "Dmitry Peskov", "party": "Russia"},
        {"paragraph": 1, "text": "Nobody knows what comes next.", "speaker": None, "party": None},
        {"paragraph": 2, "text": "Dialogue is the only way.", "speaker": "Jens Stoltenberg", "party": "NATO"},
    ], not_quotes=[{"paragraph": 3, "text": "membership path"}])
    quotes = pd.DataFrame([
        {"article_id": "a1", "paragraph": 0, "text": "We will respond firmly,", "speaker": "Peskov", "party": "Russia"},
        {"article_id": "a1", "paragraph": 1, "text": "Nobody knows what comes next.", "speaker": "X", "party": "US"},
        {"article_id": "a1", "paragraph": 3, "text": "membership path", "speaker": "", "party": ""},
    ])
    s = evaluate(gold, None, {"quotes": quotes})
    assert s["quote_precision"] == round(2 / 3, 3) and s["quote_recall"] == round(2 / 3, 3)
    assert s["speaker_accuracy"] == 1.0
    assert s["unattributable_left_blank"] == 0.0
    assert s["party_accuracy"] == 1.0
    assert s["quotes_given_a_wrong_party"] == 1
    assert s["scare_quotes_reported"] == 1
    text = format_report(s)
    assert "speaker accuracy" in text and "a1: 2/3 quotes found" in text


def test_claims_scored_without_troops_and_troops_scored(tmp_path, write_gold):
    gold = tmp_path / "gold"
    write_gold(gold, "b1", quotes=[], claims=[
        {"paragraph": 0, "actor": "NATO allies", "party": "NATO", "act": "rejection"},
        {"paragraph": 2, "actor": "Moscow", "party": "Russia", "act": "demand"},
    ])
    write_gold(gold, "b2", quotes=[], troops=[
        {"paragraph": 1, "text": "about 85,000 troops", "value": 85000, "low": 80000, "high": 90000},
    ], not_troops=[{"paragraph": 2, "text": "13,000 people"}])
    tables = {
        "quotes": [],
        "claims": [{"article_id": "b1", "paragraph": 0, "party": "NATO", "act": "rejection"},
                   {"article_id": "b1", "paragraph": 2, "party": "US", "act": "demand"}],
        "troops": [{"article_id": "b2", "paragraph": 1, "text": "about 85,000 troops", "value": 85000},
                   {"article_id": "b2", "paragraph": 2, "text": "13,000 people", "value": 13000}],
    }
    s = evaluate(gold, None, tables)
    assert s["claim_recall"] == 0.5 and s["claim_act_accuracy"] == 1.0 and s["claims_reported"] == 2
    assert s["troop_recall"] == 1.0 and s["troop_precision"] == 0.5
    assert s["troop_value_accuracy"] == 1.0 and s["non_troop_numbers_reported"] == 1


def test_rhetoric_categories_scored_when_present(tmp_path, write_gold):
    gold = tmp_path / "gold"
    write_gold(gold, "c1", quotes=[{"paragraph": 0, "text": "This is a threat to us.", "rhetoric": ["threat"]}])
    s = evaluate(gold, None, {"quotes": [{"article_id": "c1", "text": "This is a threat to us.",
                                          "threat": 1, "accusation": 0}]})
    assert s["rhetoric_f1"]["threat"] == 1.0


def test_runs_the_stages_over_an_articles_folder(tmp_path, write_gold, write_house):
    arts = tmp_path / "articles"
    write_house(arts, "d1", '"We came to listen, not to bargain," Wendy Sherman said.', "The talks ended.")
    write_gold(tmp_path / "gold", "d1", quotes=[
        {"paragraph": 0, "text": "We came to listen, not to bargain,", "speaker": "Wendy Sherman", "party": "US"}])
    s = evaluate(tmp_path / "gold", arts)
    assert s["quote_f1"] == 1.0 and s["speaker_accuracy"] == 1.0 and s["party_accuracy"] == 1.0


def test_project_quote_test_set(tmp_path):
    """The in-house q_* articles: every quote found, no wrong side, unknowable speakers left empty."""
    src = config.ANNOTATED / "gold"
    files = sorted(src.glob("q_*.json"))
    if not files:
        pytest.skip("no annotated quote articles")
    gold = tmp_path / "gold"
    gold.mkdir()
    for f in files:
        (gold / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    s = evaluate(gold, config.ANNOTATED / "articles")
    assert s["quote_recall"] >= 0.95 and s["quote_precision"] >= 0.95
    assert s["quotes_given_a_wrong_party"] == 0
    assert s["scare_quotes_reported"] == 0
    assert s["unattributable_left_blank"] == 1.0
    assert s["speaker_accuracy"] >= 0.9


def test_blank_is_the_shared_blank_test_plus_unknown():
    for v in (None, float("nan"), pd.NA, "", " ", "nan", "None", "null", "unknown", " Unknown "):
        assert blank(v), repr(v)
    for v in ("Peskov", "Unknown Soldier", 0):
        assert not blank(v), repr(v)


def test_run_stages_gives_every_table_per_article(make_article):
    rows = run_stages([make_article('"We will not back down," Ada Nolan told reporters.', aid="e1"),
                       make_article("Nothing was said.", aid="e2")])
    assert set(rows) == {"quotes", "claims", "troops"}
    assert [(q["article_id"], q["text"]) for q in rows["quotes"]] == [("e1", "We will not back down,")]
    assert rows["troops"] == []


def test_annotated_gold_points_into_its_articles(annotated_articles):
    """Every annotated quote, claim and troop figure names a paragraph of its article, and every
    quote and troop text is found in that paragraph (a gold file that drifted from its article
    would score the tool against the wrong words)."""
    n = 0
    for article, gold in annotated_articles(""):
        paras = article.paragraphs
        for kind in ("quotes", "not_quotes", "troops", "not_troops", "claims"):
            for item in gold.get(kind, []):
                where = f"{gold['article']} {kind} {item.get('text', item.get('actor'))!r}"
                assert 0 <= item["paragraph"] < len(paras), where
                if kind != "claims":
                    assert item["text"] in paras[item["paragraph"]], where
                n += 1
    assert n > 300


def test_real_coverage_scores_stand_beside_the_in_house_ones(tmp_path, write_gold):
    from analysis.evaluate import format_report, with_real_coverage
    real = tmp_path / "real"
    (real / "articles").mkdir(parents=True)
    (real / "articles" / "r1.txt").write_text("Title\n20220112\nhttps://example.org/r\n"
                                              "‘We want answers in writing,’ Sergei Ryabkov said.\n", encoding="utf-8")
    write_gold(real / "gold", "r1", quotes=[
        {"paragraph": 0, "text": "We want answers in writing,", "speaker": "Sergei Ryabkov", "party": "Russia"}])
    s = with_real_coverage({"articles": 2, "quote_f1": 0.5}, tmp_path / "in-house-gold", real=real)
    assert s["beside"]["real"]["quote_f1"] == 1.0 and s["quote_f1"] == 0.5
    report = format_report(s, details=False)
    assert "in-house" in report and "real" in report
    assert with_real_coverage({"articles": 1}, real / "gold", real=real) == {"articles": 1}  # not scored twice


def test_an_open_gold_bound_is_unbounded():
    from analysis.evaluate import troop_value_ok
    assert troop_value_ok({"value": 40000, "low": 40000, "high": None}, {"value": 55000})
    assert not troop_value_ok({"value": 40000, "low": 40000, "high": None}, {"value": 30000})


def test_held_back_written_quotes_are_scored_per_category_with_their_paragraph(tmp_path, monkeypatch):
    from analysis import evaluate as ev

    monkeypatch.setenv("ANALYSIS_RHETORIC", "lexicon")
    p = tmp_path / "held.jsonl"
    p.write_text('{"text": "a dangerous escalation", "paragraph": "The envoy called it \\"a dangerous escalation\\".", '
                 '"labels": ["threat"]}\n'
                 '{"text": "We met for two hours.", "paragraph": "\\"We met for two hours.\\"", "labels": ["dialogue"]}\n'
                 '{"text": "The museum reopens.", "paragraph": "", "labels": []}\n'
                 'not json\n', encoding="utf-8")
    s = ev.heldback_rhetoric(p)
    assert s["items"] == 3 and s["unreadable"] == 1
    assert s["rhetoric_precision"]["threat"] == 1.0 and s["rhetoric_recall"]["threat"] == 1.0
    assert s["rhetoric_recall"]["dialogue"] == 0.0  # "met" alone is no dialogue term: a miss, counted
    assert ev.heldback_rhetoric(tmp_path / "missing.jsonl") is None


def test_the_rhetoric_block_has_a_column_per_set():
    s = {"articles": 1, "rhetoric_f1": {"threat": 0.5}, "rhetoric_precision": {"threat": 1.0},
         "rhetoric_recall": {"threat": 0.333}, "rhetoric_macro_f1": 0.5,
         "rhetoric_heldback": {"items": 7, "rhetoric_f1": {"threat": 1.0}, "rhetoric_precision": {"threat": 1.0},
                               "rhetoric_recall": {"threat": 1.0}, "rhetoric_macro_f1": 1.0}}
    report = format_report(s, details=False)
    row = next(line for line in report.splitlines() if line.strip().startswith("threat"))
    assert "0.500 (1.00/0.33)" in row and "1.000 (1.00/1.00)" in row
    assert "written held back (7)" in report
    assert "n/a" in next(line for line in report.splitlines() if line.strip().startswith("dialogue"))
