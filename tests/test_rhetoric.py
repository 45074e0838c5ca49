"""Tests for analysis.rhetoric: lexicon categories, negation, word forms,
false friends, per-party rows, bootstrap intervals and validation."""
from __future__ import annotations

import csv
import math

import pandas as pd
import pytest

from analysis import rhetoric
from analysis.rhetoric import CATEGORIES, score_text


def cats(text: str) -> set[str]:
    s = score_text(text)
    return {c for c in CATEGORIES if s[c] > 0}


def negated(text: str) -> set[str]:
    s = score_text(text)
    return {c for c in CATEGORIES if s[f"{c}_negated"] > 0}


# --- one test per category -------------------------------------------------

@pytest.mark.parametrize("text", [
    "Moscow threatened to respond.",
    "They fear an invasion within weeks.",
    "It is Russia that has used force and continues to use force against Ukraine.",
    "The allies warned of a military build-up near the border.",
    "Any attack would be met with resistance.",
])
def test_threat(text):
    assert "threat" in cats(text)


@pytest.mark.parametrize("text", [
    "It is Russia that is the aggressor.",
    "whether this was all a pretext",
    "The Kremlin accused the West of a provocation.",
    "He blamed Washington for the crisis.",
])
def test_accusation(text):
    assert "accusation" in cats(text)


@pytest.mark.parametrize("text", [
    "Moscow demanded legally binding security guarantees.",
    "Enlargement is a red line for us.",
    "Russia will have no veto over who joins.",
    "The West must withdraw.",
    "This is an ultimatum.",
])
def test_ultimatum(text):
    assert "ultimatum" in cats(text)


@pytest.mark.parametrize("text", [
    "Ukraine as a sovereign nation has the right to self-defense.",
    "We defend the territorial integrity of Ukraine.",
    "Every country has the right to choose its own alliances.",
    "Ukraine has the right to self-defence.",
])
def test_sovereignty(text):
    assert "sovereignty" in cats(text)


@pytest.mark.parametrize("text", [
    "They may not even know yet.",
    "The envoy was not in a position to agree.",
    "It is unclear what Moscow wants.",
    "It is too early to say.",
    # non-committal wording
    "We will see in the coming days whether diplomacy can still work.",
    "No decision has been taken yet.",
    "The request is being examined carefully.",
    "We are not going to put a date on it.",
    "I am not saying an escalation is impossible.",
    "It does not have to decide until the last moment.",
    "Berlin is keeping its options open.",
])
def test_hedging(text):
    assert "hedging" in cats(text)


@pytest.mark.parametrize("text", [
    "The two sides held talks in Geneva.",
    "a series of confidence-building measures and arms control",
    "We want de-escalation and diplomacy.",
    "They discussed a proposal for negotiations.",
])
def test_dialogue(text):
    assert "dialogue" in cats(text)


@pytest.mark.parametrize("text", [
    "The allies threatened massive economic sanctions.",
    "Washington is weighing export controls and financial penalties.",
    "The EU sanctioned three banks.",
])
def test_sanctions(text):
    assert "sanctions" in cats(text)


# --- negation: marked, not dropped -------------------------------------------

def test_negation_is_marked_and_still_counted():
    s = score_text("We would not like to throw around threats and ultimatums like American officials,")
    assert s["threat"] == 1 and s["ultimatum"] == 1
    assert s["threat_negated"] == 1 and s["ultimatum_negated"] == 1


@pytest.mark.parametrize("text,cat", [
    ("Kyiv is not a threat to its neighbour.", "threat"),
    ("The alliance poses no threat to anyone.", "threat"),
    ("NATO has never expanded through force or coercion.", "threat"),
    ("Moscow denied planning an invasion.", "threat"),
    ("We don't want a war.", "threat"),
])
def test_negated_mentions(text, cat):
    assert cat in cats(text) and cat in negated(text)


def test_negation_stops_at_clause_break():
    s = score_text("We did not agree, but the threat is real.")
    assert s["threat"] == 1 and s["threat_negated"] == 0


def test_negation_scope_is_limited():
    far = "Nobody in the room at the long meeting of ministers on Tuesday evening mentioned threats."
    assert score_text(far)["threat_negated"] == 0


def test_phrase_with_its_own_not_is_not_negated():
    s = score_text("The delegation was not in a position to accept the new proposal.")
    assert s["hedging"] == 1 and s["hedging_negated"] == 0
    assert s["dialogue"] == 1 and s["dialogue_negated"] == 0  # the "not" belongs to the hedge


def test_double_negation_cancels():
    assert "threat" not in negated("Moscow is not ruling out an attack.")


def test_negation_only_where_the_cue_precedes():
    assert negated("The threat is not new.") == set()


# --- word forms, case, apostrophes ----------------------------------------

@pytest.mark.parametrize("form", ["threat", "threats", "threaten", "threatens", "threatened", "threatening"])
def test_inflections(form):
    assert score_text(f"They spoke of {form} today.")["threat"] == 1


def test_inflection_generator():
    assert {"invades", "invaded", "invading"} <= rhetoric.inflections("invade")
    assert {"vetoes", "vetoed"} <= rhetoric.inflections("veto")
    assert {"penalties"} <= rhetoric.inflections("penalty")


def test_case_insensitive_and_curly_apostrophes():
    assert cats("THE AGGRESSOR") == {"accusation"}
    for apos in ("'", "\u2019"):
        s = score_text(f"We don{apos}t want a war.")
        assert s["threat"] == 1 and s["threat_negated"] == 1
        assert score_text(f"We didn{apos}t know what they planned.")["hedging"] == 1


def test_hyphen_and_space_variants():
    for t in ("de-escalation", "de escalation", "deescalation", "confidence building", "self defense"):
        assert cats(t), t


# --- false friends ----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Market forces will decide the price of gas.",          # forces of the market
    "The crisis has forced Washington to engage.",          # forced
    "The meeting was held on May 12.",                     # May the month
    "The talks ended in May.",                              # May again (talks counted elsewhere)
    "He talks to reporters every morning.",                # talks as a verb
    "Relations have been poor since the Cold War.",       # Cold War
    "The answer lies in economics.",                       # lies = is located
    "He acted as soon as possible.",                       # not a hedge
    "Sanctions would be swift and severe.",                 # swift the adjective is no SWIFT ban
])
def test_false_friends(text):
    s = score_text(text)
    assert s["threat"] == 0 and s["hedging"] == 0 and s["accusation"] == 0
    if "talks to reporters" in text:
        assert s["dialogue"] == 0
    if "swift" in text:
        assert s["sanctions"] == 1  # the word "sanctions", not "swift"


def test_talks_as_a_noun_is_dialogue():
    assert score_text("Talks between the two sides resumed.")["dialogue"] == 1
    assert score_text("Russia held talks with NATO.")["dialogue"] == 1


def test_swift_network_is_sanctions():
    assert cats("Banks could be cut off from SWIFT.") == {"sanctions"}


def test_neutral_sentence_has_no_category():
    s = score_text("The ministers arrived in Brussels on Wednesday morning.")
    assert all(s[c] == 0 for c in CATEGORIES) and s["lex_tone"] == 0


# --- columns ----------------------------------------------------------------

def test_score_text_columns():
    s = score_text("Russia is the aggressor and must stop its threats.")
    for col in ("polarity", "subjectivity", "vader", "n_words", "lex_tone", "rhetoric_terms", *CATEGORIES,
                *rhetoric.NEGATED):
        assert col in s
    assert s["n_words"] == 9
    assert -1 <= s["polarity"] <= 1 and 0 <= s["subjectivity"] <= 1 and -1 <= s["vader"] <= 1
    assert s["lex_tone"] == -1
    assert "accusation:aggressor" in s["rhetoric_terms"]


def test_empty_text():
    s = score_text("")
    assert s["n_words"] == 0 and s["polarity"] == 0 and all(s[c] == 0 for c in CATEGORIES)
    assert score_text(None)["n_words"] == 0


def test_annotate_returns_new_rows_and_leaves_its_input():
    rows = [{"text": "Kyiv is not a threat.", "party": "Ukraine"}, {"text": "The talks went well."}]
    out = rhetoric.annotate(rows)
    assert out is not rows and out[0] is not rows[0]
    assert rows == [{"text": "Kyiv is not a threat.", "party": "Ukraine"}, {"text": "The talks went well."}]
    assert out[0]["threat"] == 1 and out[0]["threat_negated"] == 1 and out[1]["dialogue"] == 1
    assert out[0]["party"] == "Ukraine"


def test_article_rhetoric_leaves_its_rows_as_they_are():
    quotes = [{"text": "a red line", "party": "Russia"}]
    rhetoric.article_rhetoric(_Art(), quotes, [])
    assert quotes == [{"text": "a red line", "party": "Russia"}]


def test_lexicon_file_with_a_key_written_twice_stops_the_load(tmp_path):
    # YAML keeps the second of two same keys: the first block would vanish without a word
    from analysis.datafile import DataFileError

    bad = tmp_path / "rhetoric.yml"
    bad.write_text("categories:\n  threat:\n    words: [menace]\n    phrases: [red line]\n"
                   "    words: [peril]\n")
    with pytest.raises(DataFileError, match=r"line 5: key 'words' written twice in one mapping \(first at line 3\)"):
        rhetoric.load_lexicon(str(bad))


def test_lexicon_file_with_a_misspelt_key_stops_the_load(tmp_path):
    from analysis.datafile import DataFileError

    bad = tmp_path / "rhetoric.yml"
    bad.write_text("categories:\n  threat:\n    words: [menace]\n    phrazes: [red line]\n")
    with pytest.raises(DataFileError, match=r"line 4: unknown key 'phrazes' under categories.threat"):
        rhetoric.load_lexicon(str(bad))


def test_vader_on_a_long_text_is_scored_in_sentence_pieces():
    sent = "The talks were a great success and everyone was happy. "
    long_text = sent * 200  # 11,000 characters
    pieces = rhetoric._pieces(long_text, rhetoric.VADER_PIECE)
    assert all(len(p) <= rhetoric.VADER_PIECE for p in pieces) and len(pieces) >= 5
    assert "".join(pieces).replace(" ", "") == long_text.replace(" ", "")  # nothing lost
    # the same sentence repeated scores as the sentence's pieces do, not saturated at 1.0
    piece_score = rhetoric._vader().polarity_scores(pieces[0])["compound"]
    assert rhetoric.vader_compound(long_text) == pytest.approx(piece_score, abs=0.01)
    # a short text is VADER's own score
    assert rhetoric.vader_compound(sent) == rhetoric._vader().polarity_scores(sent)["compound"]


def test_a_sentence_longer_than_a_piece_is_cut_at_spaces():
    text = " ".join(["word"] * 1500)  # one 7,499-character sentence
    pieces = rhetoric._pieces(text, 2000)
    assert all(len(p) <= 2000 for p in pieces)
    assert " ".join(p.strip() for p in pieces).split() == text.split()


# --- per article and party ------------------------------------------------------

class _Art:
    article_id = "a1"


def test_article_rhetoric_rows():
    quotes = [
        {"text": "It is Russia that is the aggressor.", "party": "US", "article_id": "a1"},
        {"text": "NATO threatens us.", "party": "Russia", "article_id": "a1"},
        {"text": "An unattributed threat.", "party": "", "article_id": "a1"},
    ]
    claims = [
        {"text": "NATO threatens us.", "party": "Russia", "quote_id": "q2"},      # repeats a quote
        {"text": "wants talks on arms control", "party": "Russia", "quote_id": ""},
        {"text": "rejected the demand", "party": None, "quote_id": ""},
    ]
    quotes = rhetoric.annotate(quotes)
    claims = rhetoric.annotate(claims)
    rows = rhetoric.article_rhetoric(_Art(), quotes, claims)
    by = {r["party"]: r for r in rows}
    assert set(by) == {"US", "Russia"}
    ru = by["Russia"]
    assert ru["article_id"] == "a1" and ru["n_quotes"] == 1 and ru["n_claims"] == 1
    assert ru["n_words"] == 3 + 5
    assert ru["threat"] == pytest.approx(1000 / 8, rel=1e-3)
    assert ru["dialogue"] == pytest.approx(2 * 1000 / 8, rel=1e-3)
    assert by["US"]["accusation"] > 0 and by["US"]["threat"] == 0
    for col in ("polarity", "subjectivity", "vader", *CATEGORIES):
        assert col in ru


def test_article_rhetoric_weighted_means():
    quotes = [{"text": "good good good good", "party": "EU"}, {"text": "bad", "party": "EU"}]
    quotes = rhetoric.annotate(quotes)
    (row,) = rhetoric.article_rhetoric({"article_id": "x"}, quotes, [])
    want = (quotes[0]["vader"] * 4 + quotes[1]["vader"] * 1) / 5
    assert row["vader"] == pytest.approx(want, abs=1e-4)


def test_article_rhetoric_scores_unannotated_rows():
    rows = rhetoric.article_rhetoric(_Art(), [{"text": "a red line", "party": "Russia"}], None)
    assert rows[0]["ultimatum"] > 0


# --- bootstrap ------------------------------------------------------------------

def _rhetoric_table():
    texts = {
        "Russia": ["NATO threatens us.", "The West must give guarantees.", "We want talks.",
                   "Their threats are a provocation.", "A quiet day."],
        "US": ["Russia is the aggressor.", "Sanctions will follow an invasion.", "Diplomacy remains open."],
    }
    rows = []
    for i in range(12):
        for party, ts in texts.items():
            q = [{"text": ts[(i + k) % len(ts)], "party": party} for k in range(2)]
            rows += rhetoric.article_rhetoric({"article_id": f"a{i}"}, rhetoric.annotate(q), [])
    return pd.DataFrame(rows)


def test_bootstrap_deterministic_and_contains_point():
    df = _rhetoric_table()
    a = rhetoric.party_rates_ci(df, n_boot=300, seed=7)
    b = rhetoric.party_rates_ci(df, n_boot=300, seed=7)
    pd.testing.assert_frame_equal(a, b)
    assert set(a["party"]) == {"Russia", "US"}
    assert set(a["measure"]) == set(CATEGORIES) | set(rhetoric.MEASURES)
    for r in a.itertuples():
        assert r.low - 1e-9 <= r.value <= r.high + 1e-9, r
    c = rhetoric.party_rates_ci(df, n_boot=300, seed=8)
    assert not c[["low", "high"]].equals(a[["low", "high"]])


def test_bootstrap_point_is_corpus_rate():
    df = _rhetoric_table()
    ci = rhetoric.party_rates_ci(df, n_boot=100)
    ru = df[df.party == "Russia"]
    counts = (ru["threat"] * ru["n_words"] / 1000).sum()
    got = ci[(ci.party == "Russia") & (ci.measure == "threat")].iloc[0]
    assert got.value == pytest.approx(1000 * counts / ru["n_words"].sum())
    assert got.n_units == len(ru)


def test_bootstrap_on_text_rows():
    rows = [{"text": t, "party": p} for t, p in [("a threat", "A"), ("talks", "A"), ("nothing here", "B")]]
    ci = rhetoric.party_rates_ci(rows, n_boot=50)
    a = ci[(ci.party == "A") & (ci.measure == "threat")].iloc[0]
    assert a["value"] == pytest.approx(1000 * 1 / 3) and a["count"] == 1
    b = ci[(ci.party == "B") & (ci.measure == "threat")].iloc[0]
    assert b["value"] == 0 and b["low"] == 0 and b["high"] == 0


def test_bootstrap_empty():
    assert rhetoric.party_rates_ci([], n_boot=10).empty


# --- validation ---------------------------------------------------------------------

def test_cohen_kappa():
    assert rhetoric.cohen_kappa([1, 0, -1, 1], [1, 0, -1, 1]) == 1.0
    assert rhetoric.cohen_kappa([1, 1, 0, 0], [0, 0, 1, 1]) < 0
    assert math.isnan(rhetoric.cohen_kappa([], []))


def test_validate_on_a_small_file(tmp_path):
    p = tmp_path / "s.csv"
    with open(p, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["sentence", "categories", "tone", "negated"])
        w.writeheader()
        w.writerow(dict(sentence="Russia is the aggressor.", categories="accusation", tone=-1, negated=""))
        w.writerow(dict(sentence="Kyiv is not a threat.", categories="threat", tone=1, negated="threat"))
        w.writerow(dict(sentence="The talks were useful.", categories="dialogue;hedging", tone=1, negated=""))
        w.writerow(dict(sentence="The ministers arrived.", categories="", tone=0, negated=""))
    v = rhetoric.validate(p)
    assert v["n"] == 4
    assert v["categories"]["accusation"]["precision"] == 1.0 and v["categories"]["accusation"]["recall"] == 1.0
    assert v["categories"]["hedging"]["recall"] == 0.0 and v["categories"]["hedging"]["support"] == 1
    assert v["negation"]["tp"] == 1
    assert set(v["kappa"]) == {"textblob", "vader", "lexicon"}
    assert len(v["errors"]) == 1
    table = rhetoric.validation_table(v)
    assert list(table.columns) == ["precision", "recall", "f1", "support"]


def test_validation_set_meets_targets():
    """The project's hand-labelled sentences: precision and recall per category."""
    v = rhetoric.validate()
    assert v["n"] >= 150
    for cat, m in v["categories"].items():
        assert m["support"] >= 5, cat
        assert m["precision"] >= 0.9, (cat, m)
        assert m["recall"] >= 0.8, (cat, m)
    assert v["negation"]["precision"] >= 0.85 and v["negation"]["recall"] >= 0.85
    # the crisis lexicon agrees with the tone labels better than TextBlob does
    assert v["kappa"]["lexicon"] > v["kappa"]["textblob"]


def test_polarity_is_textblobs():
    from textblob import TextBlob

    for t in ("A wonderful, constructive meeting.", "This is a terrible and dangerous provocation.",
              "Kyiv is not a threat to its neighbour."):
        s = TextBlob(t).sentiment
        got = score_text(t)
        assert got["polarity"] == pytest.approx(s.polarity, abs=1e-4)
        assert got["subjectivity"] == pytest.approx(s.subjectivity, abs=1e-4)


def test_lexicon_data_errors(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("categories:\n  threat:\n    words: [no]\n", encoding="utf-8")
    with pytest.raises(ValueError):
        rhetoric.load_lexicon(bad)
    bad.write_text("categories:\n  anger:\n    words: [rage]\n", encoding="utf-8")
    with pytest.raises(ValueError):
        rhetoric.load_lexicon(bad)



def test_measure_notes():
    assert set(rhetoric.MEASURE_NOTES) == {"textblob", "vader", "lexicon"}


# --- negation scope ----------------------------------------------------------

def test_negation_stops_at_a_new_predicate():
    s = score_text("Lavrov denied that Russia was threatening anyone and proposed new talks on security.")
    assert s["threat_negated"] == 1 and s["dialogue"] >= 1 and s["dialogue_negated"] == 0
    s = score_text("The spokesman said Moscow did not threaten anyone and that its drills were an answer to provocations.")
    assert s["threat_negated"] == 1 and s["accusation"] == 1 and s["accusation_negated"] == 0


def test_negation_reaches_only_the_first_term_and_its_coordinates():
    s = score_text("We are not going to negotiate under the threat of a gun.")
    assert s["dialogue_negated"] == 1 and s["threat"] == 1 and s["threat_negated"] == 0
    s = score_text("Moscow issued no threats or ultimatums.")
    assert s["threat_negated"] == 1 and s["ultimatum_negated"] == 1


def test_negation_stops_at_a_relative_pronoun():
    s = score_text("He did not meet the envoy who proposed the talks.")
    assert s["dialogue"] >= 1 and s["dialogue_negated"] == 0


def test_post_cue_negates_what_precedes():
    s = score_text("Its troops are on its own soil and pose a danger to no one.")
    assert s["threat_negated"] == 1 and s["sovereignty"] >= 1


@pytest.mark.parametrize("text,cat", [
    ("The ministry denied the report as disinformation.", "accusation"),
    ("We have not rejected the proposal, we are studying it.", "dialogue"),
    ("Ukraine will not cede an inch of its land.", "sovereignty"),       # asserts sovereignty
    ("No outside power can dictate our foreign policy.", "sovereignty"),
])
def test_not_negations(text, cat):
    assert cat in cats(text) and cat not in negated(text)


# --- a phrase keeps the categories of the terms inside it ---------------------

@pytest.mark.parametrize("text,want", [
    ("The statement condemned Russian interference in its affairs.", {"accusation", "sovereignty"}),
    ("He called the expansion a direct threat to Russia's security.", {"accusation", "threat"}),
    ("Officials fear a false-flag operation.", {"accusation", "threat"}),
])
def test_phrase_keeps_inner_categories(text, want):
    assert want <= cats(text)


# --- general sovereignty, accusation, ultimatum and threat phrasing ------------

@pytest.mark.parametrize("text", [
    "Every country has the right to decide for itself which alliance it joins.",
    "Moscow has no say over who joins the alliance.",
    "It is up to Ukraine alone to decide whether to seek membership.",
    "There can be no decisions about Georgia without Georgia.",
    "Nobody can tell sovereign nations what to do.",
    "The country will not give up its aspiration to join the alliance.",
    "Borders in Europe cannot be redrawn by force.",
    "Neutrality is a choice for the Finns alone.",
])
def test_sovereignty_phrasing(text):
    assert "sovereignty" in cats(text)


@pytest.mark.parametrize("text", [
    "The Kremlin says NATO is raising tensions in the region.",
    "Officials said Moscow was trying to undermine the government in Kyiv.",
    "The minister said the West was manufacturing a crisis.",
    "The envoy said the allies had ignored Russia's security concerns.",
    "Kyiv condemned the shelling.",
])
def test_accusation_phrasing(text):
    assert "accusation" in cats(text)


@pytest.mark.parametrize("text", [
    "Moscow wants NATO to withdraw its troops from Eastern Europe.",
    "Russia will act if its security concerns are ignored.",
    "If the West refuses, Moscow will respond.",
    "If NATO keeps moving east, Russia will respond.",
])
def test_ultimatum_without_a_demand_word(text):
    assert "ultimatum" in cats(text)


@pytest.mark.parametrize("text", [
    "All options remain on the table, the official said.",
    "Moscow will be forced to take appropriate measures.",
    "The Pentagon put 6,200 troops on heightened alert.",
    "The alliance will reinforce its eastern flank.",
])
def test_threat_phrasing(text):
    assert "threat" in cats(text)


@pytest.mark.parametrize("text,cat", [
    ("The Independence Day parade was cancelled.", "sovereignty"),
    ("The policy was dictated by events.", "sovereignty"),
    ("His team is in danger if he cannot carry Nevada.", "ultimatum"),
    ("Berlin does not export arms to conflict zones.", "threat"),
    ("The talks were held, unless the reports are wrong.", "ultimatum"),
])
def test_new_false_friends(text, cat):
    assert cat not in cats(text)


def test_heldout2_split_exists_and_is_scored_separately():
    v = rhetoric.validate(split="heldout2")
    assert v["n"] >= 60
    assert v["n"] < rhetoric.validate()["n"]
    assert v["categories"]["sovereignty"]["support"] >= 10
    assert v["categories"]["accusation"]["support"] >= 10


def test_not_ruling_out_is_not_counted_as_hedging():
    # labelled as a signal of sanctions or threat in the validation set, not as a hedge
    assert "hedging" not in cats("Berlin was not ruling out halting the pipeline.")


def test_blame_by_deceit_and_raised_readiness_are_named():
    assert score_text("They fooled us for thirty years.")["accusation"] == 1
    assert "heightened alert" in score_text("Two units were put on heightened alert.")["rhetoric_terms"]


def test_the_ball_in_their_court_invites_an_answer_it_is_no_demand():
    # an idiom of talks: the other side is asked to move, nothing is demanded of it
    assert cats("The envoy said the ball is in Moscow's court now.") == {"dialogue"}


def test_a_guarantee_is_no_ultimatum_a_demand_for_one_is():
    assert "ultimatum" not in cats("The ministers discussed security guarantees for the region.")
    assert "ultimatum" not in cats("We guarantee the convoy safe passage.")
    assert "ultimatum" in cats("Moscow demands legal guarantees by the end of the month.")


def test_a_request_is_no_ultimatum_a_demand_still_is():
    # the guide: "a polite request or a wish is not" an ultimatum
    assert "ultimatum" not in cats("The mayor called on residents to stay calm during the drills.")
    assert "ultimatum" not in cats("Several envoys called for restraint on both sides of the river.")
    assert "ultimatum" in cats("The alliance must halt its expansion, the deputy minister said.")
    assert "ultimatum" in cats("Minsk repeated its demand for a written answer.")


def test_a_demand_of_circumstances_and_talks_without_preconditions_are_no_ultimatum():
    assert "ultimatum" not in cats("The situation demands a calm and steady response.")
    assert "ultimatum" not in cats("Both delegations agreed to sit down without any preconditions.")
    assert "ultimatum" not in cats("He offered talks with no preconditions.")
    assert "ultimatum" in cats("Moscow set preconditions that Kyiv found impossible.")


def test_certainty_and_rhetorical_asides_are_no_hedging():
    assert "hedging" not in cats("There is nothing unclear about our position on the bases.")
    assert "hedging" not in cats("And, if anyone does not know, the brigade has been there for years.")
    assert "hedging" not in cats("The rebels reportedly shelled the depot overnight.")
    assert "hedging" in cats("It is unclear whether the columns will turn back.")
    assert "hedging" in cats("We do not know what the general staff intends.")


@pytest.mark.parametrize("text", [
    "Some 30,000 soldiers are taking part in the manoeuvres.",
    "The convoy carried anti-aircraft missiles and artillery.",
    "Two more battalions were moved to the border overnight.",
    "Washington approved a new package of military aid.",
    "The deployment of the brigade will take three weeks.",
    "The drills in the north involve several thousand troops.",
])
def test_military_force_is_threat(text):
    # the guide's threat is "force, danger, consequences": the author's gold marks force itself
    assert "threat" in cats(text)


@pytest.mark.parametrize("text", [
    "Market forces will decide the price of gas.",
    "The forces of globalisation reshaped the port.",
    "The defence ministry published the schedule.",
    "A military historian wrote the catalogue.",
])
def test_force_words_in_other_senses_are_no_threat(text):
    assert "threat" not in cats(text)


@pytest.mark.parametrize("text, cat", [
    ("It is premature to speak of a withdrawal.", "hedging"),
    ("Everything depends on the answer we get next week.", "hedging"),
    ("In principle we are open to a second round.", "hedging"),
    ("The report has not yet been confirmed by the ministry.", "hedging"),
    ("These are our historical lands and we will say so.", "sovereignty"),
    ("Finland has made its choice and it will not be reversed.", "sovereignty"),
    ("Moldova wants to stay a neutral country.", "sovereignty"),
    ("Nobody's backyard: that is the point of the treaty.", "sovereignty"),
    ("It was a frank and useful conversation between the two envoys.", "dialogue"),
    ("We remain in close contact with our partners in Vilnius.", "dialogue"),
    ("We see positive signals from the other side.", "dialogue"),
    ("The pullback of some units is under way.", "dialogue"),
    ("The allies prepared economic and political measures against Minsk.", "sanctions"),
    ("New investment restrictions take effect on Monday.", "sanctions"),
    ("It is Moscow, not Kyiv, that keeps raising the stakes.", "accusation"),
    ("This was an unprovoked and unjustified assault.", "accusation"),
    ("They staged provocations near the line of contact.", "accusation"),
])
def test_crisis_phrasings_without_the_usual_words(text, cat):
    assert cat in cats(text)


def test_a_cleft_that_names_who_decides_is_no_accusation():
    assert "accusation" not in cats("It is Ukraine that decides its own future.")


def test_force_words_count_as_threat_but_not_in_the_tone():
    quiet = score_text("The troops returned to their barracks after the drills.")
    assert quiet["threat"] >= 1 and quiet["lex_tone"] == 0
    assert score_text("The troops are a menace to the whole region.")["lex_tone"] == -1


def test_a_term_marked_toneless_leaves_the_tone_alone(tmp_path):
    lex_file = tmp_path / "rhetoric.yml"
    lex_file.write_text("categories:\n  threat:\n    words: [menace, {term: convoy, tone: false}]\n"
                        "tone:\n  negative: [threat]\n  positive: []\n")
    lex = rhetoric.load_lexicon(str(lex_file))
    for text, tone in (("A convoy passed.", 0), ("A menace passed.", -1), ("A convoy, a menace.", -1)):
        counts, negs, hits = lex.scan(text)
        assert counts[list(rhetoric.CATEGORIES).index("threat")] >= 1
        assert lex.tone(counts, negs, hits) == tone, text


@pytest.mark.parametrize("text, cat", [
    ("The convoy carried crates of ammunition east.", "threat"),
    ("Satellite pictures show military vehicles near the lake.", "threat"),
    ("Our neutrality is not up for discussion.", "ultimatum"),
    ("This list is not a menu to choose from.", "ultimatum"),
    ("There is no third way for the delegation.", "ultimatum"),
    ("We cannot confirm the report at this stage.", "hedging"),
    ("There is no decision yet on the embassy.", "hedging"),
    ("The crossing stays closed for now.", "hedging"),
    ("I would not read too much into one photograph.", "hedging"),
    ("The Normandy format met again in Paris.", "dialogue"),
    ("The minister spoke with her Turkish counterpart on Monday.", "dialogue"),
    ("The point is to get both delegations into the same room.", "dialogue"),
    ("The yachts of two oligarchs were seized in the harbour.", "sanctions"),
    ("Their accounts were frozen within hours.", "sanctions"),
])
def test_phrasings_mined_from_the_written_set(text, cat):
    # general phrasings that many writers used for a category, found in the written training set
    # (never in crisis-dev) and checked against the political-news labels for false friends
    assert cat in cats(text)


def test_proximity_to_borders_is_no_sovereignty():
    assert "sovereignty" not in cats("NATO keeps moving its bases towards our borders.")
