"""Tests for analysis.learn: features, the vocabulary rule, training determinism, the stored
model's label hash, pure-Python inference against scikit-learn, and the pipeline's rhetoric layer.
Every sentence here is written for these tests."""
from __future__ import annotations

import json
import math

import pytest

from analysis import learn, rhetoric
from analysis.corpus import Article
from analysis.schema import CATEGORIES

# --- features ------------------------------------------------------------------


def test_ngrams_are_lowercased_unigrams_and_bigrams():
    f = learn.ngram_features("The Talks WILL go on")
    assert {"w:the", "w:talks", "w:will", "w:go", "w:on"} <= f
    assert {"b:the talks", "b:talks will", "b:will go", "b:go on"} <= f
    assert "w:The" not in f and "b:on" not in f


def test_curly_apostrophes_are_one_token_form():
    assert "w:don't" in learn.ngram_features("We don\u2019t know")


def test_lexicon_features_are_capped_and_negation_separate():
    counts = [5, 0, 0, 0, 0, 1, 0]
    negs = [1, 0, 0, 0, 0, 0, 0]
    f = learn.lexicon_features(counts, negs)
    assert f == {"lex:threat": 3.0, "neg:threat": 1.0, "lex:dialogue": 1.0}


@pytest.mark.parametrize("text, cue", [
    ("They must pull back at once.", "cue:must"),
    ("Is anyone listening to us?", "cue:question"),
    ("We have no plans of that kind.", "cue:negation"),
    ("If they cross that road, we answer.", "cue:conditional"),
    ("We will answer in kind.", "cue:future"),
])
def test_cues(text, cue):
    assert cue in learn.cue_features(text)


def test_no_cue_in_a_plain_sentence():
    assert learn.cue_features("The weather was mild on the coast.") == {}


def test_context_counts_are_the_paragraph_less_the_quote():
    para = 'Officials spoke of sanctions. "There is no threat and no talks," he said.'
    q = "There is no threat and no talks,"
    counts = learn._scan(q)[0]
    ctx = dict(zip(CATEGORIES, learn.context_counts(para, counts), strict=True))
    assert ctx["sanctions"] == 1 and ctx["threat"] == 0 and ctx["dialogue"] == 0
    assert learn.context_counts("", counts) == [0] * len(CATEGORIES)


def test_features_join_words_lexicon_context_and_cues():
    f = learn.features("Any attack would be answered.",
                       'Officials spoke of sanctions and talks. "Any attack would be answered."')
    assert f["w:attack"] == 1.0 and f["lex:threat"] >= 1
    assert f["ctx:sanctions"] >= 1 and f["ctx:dialogue"] >= 1
    assert "ctx:threat" not in f  # the context is the paragraph without the quote


def test_vocabulary_needs_three_items_of_two_articles():
    items = [
        {"group": "a", "features": {"w:talks": 1.0, "w:rare": 1.0, "lex:threat": 1.0}},
        {"group": "a", "features": {"w:talks": 1.0, "w:rare": 1.0}},
        {"group": "b", "features": {"w:talks": 1.0}},
        {"group": "a", "features": {"w:rare": 1.0}},  # three items, one article only
    ]
    vocab = learn.vocabulary(items)
    assert vocab == {"w:talks"}
    kept = learn.restrict(items[0]["features"], vocab)
    assert kept == {"w:talks": 1.0, "lex:threat": 1.0}  # lexicon features are always kept


def test_augmented_copies_features_for_the_domain():
    f = learn.augmented({"w:x": 1.0})
    assert f == {"w:x": 1.0, "crisis|w:x": 1.0}
    assert learn.augmented({"w:x": 1.0}, "polnear") == {"w:x": 1.0, "polnear|w:x": 1.0}


# --- thresholds and scores -------------------------------------------------------


def test_thresholds_reach_the_precision_floor_where_they_can():
    probs = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2]
    gold = [True, True, True, False, True, False, False, False]
    tl, tn = learn.choose_thresholds(probs, [False] * 8, gold, min_precision=0.85, min_tp=3)
    flagged = [p >= tn for p in probs]
    tp = sum(f and g for f, g in zip(flagged, gold, strict=True))
    fp = sum(f and not g for f, g in zip(flagged, gold, strict=True))
    assert tp == 3 and fp == 0


def test_keep_lexicon_keeps_every_lexicon_find():
    tl, _tn = learn.choose_thresholds([0.1, 0.9], [True, False], [True, True], keep_lexicon=True)
    assert tl == 0.0


def test_scores_macro_over_labelled_categories():
    items = [{"labels": ["threat"]}, {"labels": []}]
    s = learn.scores([{"threat": 1.0}, {"threat": 1.0, "dialogue": 1.0}], items)
    assert s["categories"]["threat"]["precision"] == 0.5
    assert "dialogue" not in s["categories"]  # no gold dialogue: not in the macro
    assert s["macro_f1"] == pytest.approx(0.667, abs=1e-3)


# --- training ---------------------------------------------------------------------

_SENTS = [
    ("Any attack on us will be met with force.", ["threat"]),
    ("They are massing tanks to invade the region.", ["threat"]),
    ("The strikes could begin at any hour.", ["threat"]),
    ("We are ready to sit down and talk.", ["dialogue"]),
    ("Talks will resume in the capital next week.", ["dialogue"]),
    ("Both sides agreed to keep negotiating.", ["dialogue"]),
    ("They lied about the whole operation.", ["accusation"]),
    ("The other side broke the deal it signed.", ["accusation"]),
    ("Their claims are a pack of lies.", ["accusation"]),
    ("The weather stayed mild all week.", []),
    ("The museum opens at nine.", []),
    ("Ticket sales rose in the spring.", []),
]


def _items() -> list[dict]:
    out = []
    for i, (text, labels) in enumerate(_SENTS * 2):
        out.append({"id": f"t{i:03d}", "source": "polnear" if i % 3 else "inhouse", "batch": f"{i // 8:02d}",
                    "group": f"g{i % 6}", "labels": labels, "features": learn.features(text)})
    return out


def test_training_is_deterministic_byte_for_byte():
    pytest.importorskip("sklearn")  # training needs it; the pipeline does not
    a = learn.dumps_model(learn.train(_items(), "abc", seed=3, k=3))
    b = learn.dumps_model(learn.train(list(reversed(_items())), "abc", seed=3, k=3))
    assert a == b
    model = json.loads(a)
    assert model["labels_sha256"] == "abc" and model["seed"] == 3
    assert set(model["categories"]) == {"threat", "dialogue", "accusation"}
    assert model["sizes"]["items"] == len(_SENTS) * 2


def test_pure_python_inference_equals_sklearn_predict_proba():
    pytest.importorskip("sklearn")  # training needs it; the pipeline does not
    from sklearn.linear_model import LogisticRegression

    items = _items()
    names = learn._names(items)
    x = learn._matrix(items, names)
    y = [int("threat" in it["labels"]) for it in items]
    clf = LogisticRegression(C=1.0, solver="liblinear", random_state=0).fit(x, y)
    # stored as the trainer stores it: no polnear| copies; read as the pipeline reads (crisis coverage)
    w = {n: float(v) for n, v in zip(names, clf.coef_[0], strict=True) if v != 0.0 and not n.startswith("polnear|")}
    model = learn.Model({"categories": {"threat": {"weights": w, "intercept": float(clf.intercept_[0]),
                                                    "threshold_lexicon": 0.5, "threshold": 0.5}}})
    want = clf.predict_proba(x)[:, 1]
    crisis = [(it, p) for it, p in zip(items, want, strict=True) if it["source"] != "polnear"]
    assert crisis
    for it, p in crisis:
        assert model.proba(it["features"])["threat"] == pytest.approx(float(p), abs=1e-9)


def test_learning_curve_scores_each_batch_before_it_is_used():
    pytest.importorskip("sklearn")  # training needs it; the pipeline does not
    items = _items()
    order = learn.batch_order(items)
    curve = learn.learning_curve(items, order)
    assert [r["batch"] for r in curve] == order[1:len(curve) + 1]
    assert all(r["train_items"] == sum(it["batch"] in order[:order.index(r["batch"])] for it in items)
               for r in curve)


# --- the stored model and labels ------------------------------------------------------


def test_committed_model_comes_from_the_committed_labels():
    model = json.loads(learn.MODEL_PATH.read_text(encoding="utf-8"))
    assert model["labels_sha256"] == learn.sha256_of(learn.LABELS_PATH)


def test_labels_file_holds_no_sentence():
    for it in learn.read_labels()[:300]:
        assert set(it) <= {"id", "source", "batch", "group", "labels", "features", "labellings"}
        assert set(it["labels"]) <= set(CATEGORIES)
        assert all(k.startswith(("w:", "b:", "lex:", "neg:", "ctx:", "cue:")) for k in it["features"])
        assert all(len(k.split()) <= 2 for k in it["features"])


def test_a_bad_labels_line_names_its_line(tmp_path):
    p = tmp_path / "labels.jsonl"
    p.write_text('{"id": "a", "source": "x", "batch": "1", "group": "g", "labels": [], "features": {}}\n'
                 '{"id": "b", "labels": ["fury"]}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=":2: missing"):
        learn.read_labels(p)


# --- the pipeline's rhetoric layer ---------------------------------------------------


def _toy_model(tmp_path):
    """A model that finds dialogue wherever the word "bridge" stands and drops every threat."""
    data = {"categories": {
        "dialogue": {"weights": {"crisis|w:bridge": 6.0}, "intercept": -3.0, "threshold_lexicon": 0.5,
                     "threshold": 0.5},
        "threat": {"weights": {}, "intercept": -5.0, "threshold_lexicon": 0.5, "threshold": 0.5}}}
    p = tmp_path / "model.json"
    p.write_text(json.dumps(data), encoding="utf-8")
    return p


def test_layer_columns_follow_the_model(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_RHETORIC_MODEL", str(_toy_model(tmp_path)))
    row = {"text": "We will build a bridge, not a threat.", "paragraph": 0}
    out = rhetoric.score_row(row, ["The minister said so."])
    assert out["dialogue"] == 1  # no lexicon term: the model's find counts one
    assert out["threat"] == 0 and out["threat_negated"] == 0  # the model overrules the lexicon
    assert "threat" in out["rhetoric_terms"]  # the lexicon's evidence stays
    assert out["rhetoric_model"].startswith("dialogue 0.95")


def test_lexicon_only_switch(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_RHETORIC_MODEL", str(_toy_model(tmp_path)))
    monkeypatch.setenv("ANALYSIS_RHETORIC", "lexicon")
    out = rhetoric.score_row({"text": "We will build a bridge, not a threat."})
    assert out["threat"] == 1 and out["threat_negated"] == 1 and out["dialogue"] == 0
    assert out["rhetoric_model"] == ""
    monkeypatch.setenv("ANALYSIS_RHETORIC", "sometimes")
    with pytest.raises(ValueError, match="ANALYSIS_RHETORIC"):
        learn.mode()


def test_pipeline_quote_rows_get_the_model_columns_with_their_paragraph(tmp_path, monkeypatch):
    from analysis.pipeline import process_article

    monkeypatch.setenv("ANALYSIS_RHETORIC_MODEL", str(_toy_model(tmp_path)))
    art = Article("toy-1", "Toy", "2022-01-12", "https://example.org/toy", "", "", (
        '"We want to build a bridge between us," the minister said on Monday.',
        "The weather was mild."))
    res = process_article(art)
    q = res["quotes"][0]
    assert q["dialogue"] == 1 and q["rhetoric_model"].startswith("dialogue")
    assert all(c in q for c in CATEGORIES)


def test_context_is_read_from_the_row_paragraph(monkeypatch):
    seen = []
    monkeypatch.setattr(learn, "decide", lambda text, context, *rest: (seen.append(context), ({}, ""))[1])
    paras = ["An opening line.", 'Sanctions were on the table when she said "we keep going" to reporters.']
    rhetoric.score_row({"text": "we keep going", "paragraph": 1}, paras)
    rhetoric.score_row({"text": "we keep going", "paragraph": 7}, paras)
    assert seen == [paras[1], ""]


def test_sigmoid_is_safe_for_large_margins():
    assert learn._sigmoid(-1000.0) == 0.0
    assert learn._sigmoid(0.0) == 0.5
    assert math.isclose(learn._sigmoid(1000.0), 1.0)


def test_top_features_sum_shared_and_crisis_weights():
    m = learn.Model({"categories": {"threat": {"weights": {"w:war": 1.0, "crisis|w:war": 0.5, "w:cake": -2.0},
                                               "intercept": 0.0, "threshold_lexicon": 0.5, "threshold": 0.5}}})
    rows = learn.top_features(m, n=5)
    assert {"category": "threat", "direction": "for", "feature": "w:war", "weight": 1.5} in rows
    assert {"category": "threat", "direction": "against", "feature": "w:cake", "weight": -2.0} in rows
    assert len(rows) == 2


# --- the gate: the model adds a category only where its CV additions are precise -----------


def test_gate_opens_where_the_additions_are_precise_with_support():
    # six items the lexicon misses: the five the model scores high are right, the low one is not
    probs = [0.9, 0.9, 0.8, 0.8, 0.7, 0.2, 0.5]
    lexicon = [False] * 6 + [True]
    gold = [True, True, True, True, True, False, True]
    tn, gate = learn.gated_threshold(probs, lexicon, gold, min_precision=0.85, min_support=5)
    assert gate["adds"] and gate["tp"] == 5 and gate["fp"] == 0
    assert 0.2 < tn <= 0.7


def test_gate_shuts_where_the_additions_are_imprecise_or_too_few():
    probs = [0.9, 0.9, 0.8, 0.8]
    gold = [True, False, True, False]  # additions at best half right
    tn, gate = learn.gated_threshold(probs, [False] * 4, gold, min_precision=0.85, min_support=1)
    assert tn == 1.01 and not gate["adds"] and gate["precision"] == 0.5
    # precise but only two true positives: below the support of 5
    tn, gate = learn.gated_threshold([0.9, 0.9, 0.1], [False] * 3, [True, True, False], min_support=5)
    assert tn == 1.01 and not gate["adds"] and gate["tp"] == 2


def _bridge_items(source: str, prefix: str, groups: int) -> list[dict]:
    """40 items of ``source``: every other one labelled dialogue and holding the word "bridge", the
    rest "wall" (a perfectly learnable category), dealt to ``groups`` groups."""
    return [{"id": f"{prefix}{n:02d}", "source": source, "batch": prefix, "group": f"{source}:{prefix}{n % groups}",
             "labels": ["dialogue"] if n % 2 == 0 else [],
             "features": {"w:bridge": 1.0} if n % 2 == 0 else {"w:wall": 1.0}} for n in range(40)]


def test_train_stores_the_gate_per_category():
    items = _bridge_items("crisis-dev", "i", 8)
    model = learn.train(items, "x", k=4, min_support=5)
    gate = model["categories"]["dialogue"]["gate"]
    assert gate["adds"] and gate["precision"] >= 0.85 and gate["tp"] >= 5
    assert model["categories"]["dialogue"]["threshold_lexicon"] == 0.0
    assert model["params"]["min_support"] == 5


# --- speed: a category whose gate is shut costs no probability, a model without context weights no scan ---


def _cats(**over):
    base = {c: {"weights": {"w:zzz": 1.0}, "intercept": -2.0, "threshold_lexicon": 0.0, "threshold": 1.01}
            for c in learn.CATEGORIES}
    base.update(over)
    return learn.Model({"categories": base})


def test_shut_categories_are_the_lexicons_without_features(monkeypatch):
    model = _cats()
    assert not model.decided and len(model.lexicon_only) == len(learn.CATEGORIES)

    def boom(*a, **k):
        raise AssertionError("features computed for a lexicon-only model")

    monkeypatch.setattr(learn, "features", boom)
    counts = [0] * len(learn.CATEGORIES)
    counts[learn.CATEGORIES.index("dialogue")] = 2
    found, evidence = learn.decide("Talks will go on.", "A paragraph.", counts, [0] * len(counts), model)
    assert found == {"dialogue": None} and evidence == ""


def test_the_paragraph_is_scanned_only_when_a_decided_category_weighs_context(monkeypatch):
    scanned = []
    real = learn._scan
    monkeypatch.setattr(learn, "_scan", lambda t: scanned.append(t) or real(t))
    zero = [0] * len(learn.CATEGORIES)
    no_ctx = _cats(dialogue={"weights": {"w:talks": 6.0}, "intercept": -3.0, "threshold_lexicon": 0.0,
                             "threshold": 0.5})
    assert not no_ctx.uses_context
    found, evidence = learn.decide("Talks go on", "Talks go on, they said of the unique paragraph one.", zero,
                                   zero, no_ctx)
    assert set(found) == {"dialogue"} and evidence.startswith("dialogue 0.95") and scanned == []
    with_ctx = _cats(dialogue={"weights": {"w:talks": 6.0, "ctx:threat": 0.5}, "intercept": -3.0,
                               "threshold_lexicon": 0.0, "threshold": 0.5})
    assert with_ctx.uses_context
    learn.decide("Talks go on", "Talks go on, they said of the unique paragraph two.", zero, zero, with_ctx)
    assert scanned == ["Talks go on, they said of the unique paragraph two."]


# --- the written set: trained on, never judged by ------------------------------------------


def test_the_gate_is_chosen_on_real_coverage_not_on_the_written_set():
    # the model finds "bridge" items perfectly among written items and never among crisis-dev ones:
    # the gate must look only at the crisis-dev items and stay shut
    items = _bridge_items("written", "w", 4)
    for n in range(24):
        items.append({"id": f"c{n:02d}", "source": "crisis-dev", "batch": "c", "group": f"crisis-dev:a{n % 6}",
                      "labels": ["dialogue"] if n % 2 else [], "features": {"w:bridge": 1.0}})
    assert not learn.is_real_coverage(items[0]) and learn.is_real_coverage(items[-1])
    model = learn.train(items, "x", k=4, min_support=5)
    assert not model["categories"]["dialogue"]["gate"]["adds"]
    assert model["cv"]["written"]["categories"]["dialogue"]["precision"] == 1.0


def test_a_shut_category_keeps_only_its_strongest_weights_for_display():
    w = {f"w:x{i}": float(i - 30) / 10 for i in range(61)}
    w["crisis|w:x60"] = 0.5  # the crisis copy of the strongest feature is kept with it
    kept = learn.display_weights(w, n=5)
    assert {k for k in kept if not k.startswith("crisis|")} == {f"w:x{i}" for i in (0, 1, 2, 3, 4, 56, 57, 58, 59, 60)}
    assert kept["crisis|w:x60"] == 0.5 and "w:x30" not in kept  # a zero weight pushes neither way


def test_written_items_are_read_and_a_bad_line_is_reported(tmp_path, capsys):
    import importlib.util

    from analysis import config

    spec = importlib.util.spec_from_file_location("rhetoric_labels", config.ROOT / "scripts" / "rhetoric_labels.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    p = tmp_path / "written.jsonl"
    p.write_text('{"id": "W9:1", "text": "Our tanks are ready.", "paragraph": "He said: \\"Our tanks are ready.\\"", '
                 '"labels": ["threat"]}\n'
                 '{"id": "W9:2", "text": "x", "labels": ["fury"]}\n'
                 'not json\n', encoding="utf-8")
    items = mod.written_items(p)
    assert [it["id"] for it in items] == ["written:W9:1"]
    assert items[0]["source"] == "written" and items[0]["group"] == "written:W9" and items[0]["labels"] == ["threat"]
    assert items[0]["features"]["lex:threat"] >= 1
    assert "2 lines unreadable" in capsys.readouterr().err


def _jsonl(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("name", ["rhetoric_written.jsonl", "rhetoric_heldback.jsonl"])
def test_written_sets_are_well_formed(name):
    from analysis import config

    items = _jsonl(config.ANNOTATED / name)
    assert len(items) >= 500
    assert len({d["id"] for d in items}) == len(items)
    for d in items:
        assert d["text"] and d["text"] in d["paragraph"], d["id"]
        assert set(d["labels"]) <= set(CATEGORIES), d["id"]


def test_the_held_back_batch_is_never_trained_on():
    # the batch that judges the lexicons and the layer blind: none of its quotes (nor its writers)
    # may reach the labels the model is trained from
    from analysis import config

    held = _jsonl(config.ANNOTATED / "rhetoric_heldback.jsonl")
    written = _jsonl(config.ANNOTATED / "rhetoric_written.jsonl")
    writers = {d["id"].split(":")[0] for d in held}
    assert writers.isdisjoint({d["id"].split(":")[0] for d in written})
    assert {d["paragraph"] for d in held}.isdisjoint({d["paragraph"] for d in written})
    trained = {it["id"] for it in learn.read_labels() if it["source"] == "written"}
    assert trained == {f"written:{d['id']}" for d in written}
