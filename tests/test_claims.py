"""Tests for analysis.claims: every construction, every act, negation and modality."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import claims, config
from analysis.actors import load_registry
from analysis.corpus import Article
from analysis.text import split_paragraphs

REG = load_registry()


def art(*paragraphs, aid="t"):
    return Article(aid, "t", None, "", "", "", tuple(paragraphs))


def run(*paragraphs, quotes=()):
    return claims.extract_claims(art(*paragraphs), REG, list(quotes))


def one(text, **kw):
    rows = run(text, **kw)
    assert len(rows) == 1, rows
    return rows[0]


def by_act(rows):
    return {(r["party"], r["act"]) for r in rows}


# ----------------------------------------------------------------------------- contract
def test_columns_and_offsets_point_at_the_content():
    p = "Stoltenberg said the alliance would not compromise on its open-door policy."
    r = one(p)
    assert tuple(r) == claims.COLUMNS
    assert p[r["start"]:r["end"]] == r["text"]
    assert r["text"].startswith("the alliance would not compromise")
    assert (r["actor"], r["party"], r["act"], r["cue"]) == ("Stoltenberg", "NATO", "assertion", "say")
    assert r["negated"] is False and r["quote_id"] == "" and r["source"] == "reported"


def test_lexicon_is_data_with_enough_valid_cues():
    lex = claims.load_lexicon()
    lemmas = {lemma for entries in lex.verbs.values() for _, lemma, *_ in entries}
    assert len(lemmas) + len(lex.nouns) >= 150
    assert {act for entries in lex.verbs.values() for _, _, act, *_ in entries} == set(claims.ACTS)
    # inflections are generated: -s, -ed/-d, -ing, -ies/-ied
    for form in ("warns", "warned", "warning", "denies", "denied", "invites", "invited", "inviting"):
        assert form in lex.verbs


# ----------------------------------------------------------------------------- one cue per act
@pytest.mark.parametrize("sentence, party, act, cue", [
    ("Lavrov said the talks had reached a dead end.", "Russia", "assertion", "say"),
    ("Moscow has demanded legal guarantees that NATO will not expand.", "Russia", "demand", "demand"),
    ("Blinken on Tuesday urged Russia to pull back its forces.", "US", "demand", "urge"),
    ("Ukraine called for more defensive weapons from its partners.", "Ukraine", "demand", "call for"),
    ("Scholz warned that an invasion would carry a heavy cost.", "Germany", "warning", "warn"),
    ("The allies have threatened sweeping sanctions against Moscow.", "NATO", "warning", "threaten"),
    ("NATO allies rejected the proposal for a new security treaty.", "NATO", "rejection", "reject"),
    ("The Kremlin has repeatedly denied that it means to invade.", "Russia", "denial", "deny"),
    ("Lavrov accused the West of ignoring Russia's concerns.", "Russia", "accusation", "accuse"),
    ("Britain condemned the build-up near Ukraine's border.", "UK", "accusation", "condemn"),
    ("Washington has proposed reciprocal limits on exercises.", "US", "proposal", "propose"),
    ("The 30 member states invited Moscow's diplomats to a second round.", "NATO", "proposal", "invite"),
    ("Berlin declined to send weapons to Ukraine.", "Germany", "refusal", "decline"),
    ("Peskov refused to be drawn on the timing of the drills.", "Russia", "refusal", "refuse"),
])
def test_each_act(sentence, party, act, cue):
    r = one(sentence)
    assert (r["party"], r["act"], r["cue"]) == (party, act, cue)


def test_content_decides_denial():
    # an assertion whose content denies a threat, and a rejection of accusations
    assert one("Moscow insists its forces pose no threat to its neighbour.")["act"] == "denial"
    assert one("The Kremlin dismissed the accusations as baseless.")["act"] == "denial"
    # but a plain negative statement stays an assertion
    assert one("Stoltenberg said Moscow would have no veto over enlargement.")["act"] == "assertion"


def test_content_decides_warning():
    r = one("Scholz said Russia would pay a high price for any intervention.")
    assert r["act"] == "warning" and r["cue"] == "say"


# ----------------------------------------------------------------------------- negation and modality
def test_negated_speech_act_is_flagged_not_dropped():
    r = one("Russia did not reject the offer of talks on missile limits.")
    assert (r["party"], r["act"], r["negated"]) == ("Russia", "rejection", True)
    r = one("Biden has never threatened to send troops to Ukraine.")
    assert r["negated"] is True and r["act"] == "warning"


def test_negated_assertion_is_no_claim_but_would_not_say_is_a_refusal():
    assert run("Borrell did not say when the sanctions would be ready.") == []
    r = one("The official would not say whether Washington would cut its forces.")
    assert r["act"] == "refusal" and r["negated"] is False


def test_refused_to_rule_out_is_one_refusal():
    rows = run("Moscow refused to rule out military action against Ukraine.")
    assert [(r["party"], r["act"], r["cue"]) for r in rows] == [("Russia", "refusal", "refuse")]


def test_hypothetical_cue_is_no_claim():
    assert run("Germany could reject the plan if the talks fail.") == []
    assert run("NATO might demand more time.") == []


# ----------------------------------------------------------------------------- constructions
def test_participial_clause_takes_the_main_subject():
    rows = run("Meeting senior Kremlin envoys in Brussels, the NATO members said Moscow would have no veto, "
               "warning it would pay a high price if it invaded.")
    assert by_act(rows) == {("NATO", "assertion"), ("NATO", "warning")}
    assert all(r["actor"] == "the NATO members" for r in rows)


def test_participle_after_despite_skips_the_relative_clause():
    rows = run("But the Western allies have received no promise that Russia will stand down its forces  which "
               "Moscow insists pose no threat  despite threatening massive sanctions if the Kremlin attacks.")
    assert by_act(rows) == {("Russia", "denial"), ("NATO", "warning")}


def test_sentence_initial_participle_and_quote_opening():
    rows = run("Warning of severe consequences, Blinken said Washington was ready for either path.")
    assert by_act(rows) == {("US", "warning"), ("US", "assertion")}
    p = '"We have no intention of invading," Ryabkov told reporters, adding that Moscow would not bend.'
    q = dict(paragraph=0, text="We have no intention of invading,", speaker="Sergei Ryabkov", party="Russia",
             cue="tell", quote_id="q1")
    rows = run(p, quotes=[q])
    assert ("Russia", "assertion") in by_act(rows)
    assert all(r["party"] == "Russia" for r in rows)


def test_absolute_construction():
    rows = run("The talks ended without a breakthrough, with Moscow insisting it had no plans to invade "
               "and Washington warning of severe costs.")
    assert by_act(rows) == {("Russia", "denial"), ("US", "warning")}


def test_according_to_both_positions():
    for p in ("According to Washington, Russia has moved more troops to the border.",
              "Russia has moved more troops to the border, according to U.S. officials."):
        r = one(p)
        assert (r["party"], r["act"], r["cue"]) == ("US", "assertion", "according to")
        assert r["text"].startswith("Russia has moved")


def test_appositive_inverted_and_trailing_attribution():
    assert one("Peskov, the Kremlin spokesman, said the talks were useful.")["actor"] == "Peskov"
    assert one("Russia's delegation, led by Alexander Grushko, declined to set a date.")["party"] == "Russia"
    r = one("The talks were useful, said Peskov.")
    assert (r["actor"], r["text"]) == ("Peskov", "The talks were useful")
    # the trailing attribution owns the sentence: no separate Russian rejection
    r = one("Russia did not reject the proposal, Stoltenberg said.")
    assert (r["party"], r["act"]) == ("NATO", "assertion")
    r = one("NATO could reject any Russian proposal that limits enlargement, diplomats said.")
    assert (r["party"], r["act"]) == ("", "assertion")


def test_trailing_attribution_with_circumstance_participle_and_dateline():
    p = ("WASHINGTON, Jan 28 (Wire) - Russia has assembled more troops near the border, U.S. officials "
         "said on Friday, warning that the build-up had grown.")
    rows = run(p)
    assert by_act(rows) == {("US", "assertion"), ("US", "warning")}
    said = next(r for r in rows if r["act"] == "assertion")
    assert said["text"].startswith("Russia has assembled") and p[said["start"]:said["end"]] == said["text"]
    r = one("A hundred thousand soldiers are deployed, Defence Secretary Ben Wallace told lawmakers on Thursday.")
    assert (r["party"], r["text"]) == ("UK", "A hundred thousand soldiers are deployed")
    r = one("The deployment could grow, two U.S. defence officials said, speaking on condition of anonymity.")
    assert (r["party"], r["text"]) == ("US", "The deployment could grow")


def test_according_to_owns_the_acts_it_attributes():
    rows = run("Moscow refused to guarantee the monitors' safety, according to a statement from the mission.")
    assert [(r["party"], r["cue"]) for r in rows] == [("", "according to")]


def test_according_to_and_the_words_it_relays_are_both_claims():
    # the clause "according to" attributes may relay someone's words, with their own subject
    rows = run("According to the German chancellor, Putin also said no fresh garrisons would appear by the frontier.")
    assert sorted((r["party"], r["cue"]) for r in rows) == [("Germany", "according to"), ("Russia", "say")]


def test_subject_noun_phrases():
    # a possessor anchors a head noun the word lists do not know
    assert one("The OSCE's special monitoring mission reported a rise in violations.")["party"] == "OSCE"
    # the object of a preposition is not the subject: no guess
    assert run("Diplomats close to Russia's delegation said the mood was tense.") == []
    # an appositive name after a title phrase
    r = one("Russia's envoy to the OSCE, Alexander Lukashevich, said Moscow expected an answer.")
    assert (r["actor"], r["party"]) == ("Alexander Lukashevich", "Russia")


def test_coordination():
    rows = run("Putin's government has demanded guarantees and has demanded limits on allied deployments.")
    assert [(r["actor"], r["party"], r["act"]) for r in rows] == [("Putin's government", "Russia", "demand")] * 2
    rows = run("Stoltenberg and Sherman said the door remained open.")
    assert sorted(r["party"] for r in rows) == ["NATO", "US"]
    rows = run("NATO offered talks on arms control but rejected the demand for a veto.")
    assert by_act(rows) == {("NATO", "proposal"), ("NATO", "rejection")}
    rows = run("The allies offered talks on arms control, while Moscow insisted on a halt to enlargement.")
    assert by_act(rows) == {("NATO", "proposal"), ("Russia", "demand")}


def test_embedded_statements_are_not_claims_of_their_own():
    rows = run("Stoltenberg said Russia rejected the offer and Moscow's core demands were unacceptable.")
    assert by_act(rows) == {("NATO", "assertion")}
    # ... but a reduced relative clause is
    rows = run("The Kremlin has demanded that NATO withdraw, a demand the alliance has flatly rejected.")
    assert by_act(rows) == {("Russia", "demand"), ("NATO", "rejection")}


def test_passive_needs_an_agent():
    assert run("Russia was accused of massing troops on the border.") == []
    r = one("The proposal was rejected by Moscow on Friday.")
    assert (r["party"], r["act"], r["text"]) == ("Russia", "rejection", "The proposal")


def test_nominal_forms():
    r = one("Moscow's refusal to pull back its forces has alarmed the Baltic states.")
    assert (r["party"], r["act"]) == ("Russia", "refusal")
    r = one("Russia's warning that it could take military measures has unsettled governments.")
    assert (r["party"], r["act"]) == ("Russia", "warning")
    # the object of another claim is not a claim of its own
    rows = run("NATO allies rejected Russia's demand for a new security settlement in Europe.")
    assert by_act(rows) == {("NATO", "rejection")}


def test_non_person_actors():
    for p, party in (("The West defends the alliance's open-door policy.", "NATO"),
                     ("The allies have threatened massive sanctions.", "NATO"),
                     ("Kyiv accused Moscow of preparing a pretext.", "Ukraine"),
                     ("The White House said all options remained on the table.", "US"),
                     ("Russia has massed troops near Ukraine, a build-up the West says could precede an invasion.",
                      "NATO")):
        assert one(p)["party"] == party


def test_unknown_actor_has_no_party():
    r = one("Analysts said the build-up was the largest since the Cold War.")
    assert r["actor"] == "Analysts" and r["party"] == ""


def test_pronouns_resolved_only_safely():
    r = one("He said the sanctions would be severe.")
    assert r["actor"] == "" and r["party"] == ""
    rows = run("Putin met reporters in Moscow. He said the sanctions would be unjust.")
    assert [(r["actor"], r["party"]) for r in rows] == [("Vladimir Putin", "Russia")]
    # two people named before the pronoun: no guess
    r = one("Putin met Scholz in Moscow. He said the talks had been frank.")
    assert r["actor"] == "" and r["party"] == ""
    # 'they' / 'it' are never resolved
    assert one("They warned of consequences.")["party"] == ""


def test_distractor_verbs_and_nouns_are_not_claims():
    for p in ("Russia has massed troops and held snap drills near the border.",
              "The demands of the member states were clear.",
              "The United States and the Islamic State were discussed.",
              "The drills came with threatening rhetoric from state media.",
              "The warning came as the talks ended.",
              "Russia's massive troop build-up has forced Washington to engage.",
              "Washington sought to reassure its allies."):
        assert run(p) == [], p


# ----------------------------------------------------------------------------- quotes
def test_every_attributed_quote_is_a_claim_linked_by_quote_id():
    p = 'Sherman said Washington was ready to talk. "Nobody will decide the future of Kyiv behind its back," she said.'
    q = dict(article_id="t", paragraph=0, start=None, end=None,
             text="Nobody will decide the future of Kyiv behind its back,", speaker="Wendy Sherman",
             party="US", cue="say", kind="full", quote_id="t:q0")
    rows = run(p, quotes=[q])
    quoted = [r for r in rows if r["source"] == "quote"]
    assert len(quoted) == 1 and quoted[0]["quote_id"] == "t:q0" and quoted[0]["party"] == "US"
    assert p[quoted[0]["start"]:quoted[0]["end"]] == q["text"]
    assert any(r["source"] == "reported" and r["actor"] == "Sherman" for r in rows)


def test_quote_without_speaker_is_no_claim():
    q = dict(paragraph=0, text="Nobody knows what the Kremlin wants,", speaker="", party="", cue="say", quote_id="q")
    assert run('"Nobody knows what the Kremlin wants," one of them said.', quotes=[q]) == []


def test_cue_introducing_a_quote_gives_one_claim_with_the_cue_act():
    p = 'Grushko had earlier described the meeting as a "moment of truth."'
    q = dict(paragraph=0, text="moment of truth.", speaker="Alexander Grushko", party="Russia", cue="describe",
             quote_id="q7")
    r = one(p, quotes=[q])
    assert (r["source"], r["quote_id"], r["act"], r["party"]) == ("quote", "q7", "assertion", "Russia")
    p = 'Peskov dismissed Western accusations as "hysteria."'
    q = dict(paragraph=0, text="hysteria.", speaker="Dmitry Peskov", party="Russia", cue="dismiss", quote_id="q8")
    r = one(p, quotes=[q])
    assert (r["source"], r["act"]) == ("quote", "denial")


def test_quote_cue_sets_the_act_and_words_inside_quotes_are_not_cues():
    p = '"They didn\'t reject it, and we demand an answer," Stoltenberg warned.'
    q = dict(paragraph=0, text="They didn't reject it, and we demand an answer,", speaker="Jens Stoltenberg",
             party="NATO", cue="warn", quote_id="q")
    rows = run(p, quotes=[q])
    assert [(r["party"], r["act"], r["source"]) for r in rows] == [("NATO", "warning", "quote")]


# ----------------------------------------------------------------------------- robustness
@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(
    ["Russia", "NATO", "said", "warned", "rejected", "the", "allies", ",", "that", "not", "did", "demand",
     "Moscow's", "refusal", "according", "to", "Peskov", "he", "was", "by", "warning", "and", '"', "."]),
    max_size=30))
def test_any_token_soup_gives_consistent_rows(tokens):
    p = " ".join(tokens)
    for r in run(p):
        assert r["act"] in claims.ACTS
        assert 0 <= r["start"] <= r["end"] <= len(p)
        assert p[r["start"]:r["end"]] == r["text"]
        assert r["party"] == "" or r["party"] in REG.parties


def test_deterministic():
    p = "NATO allies rejected Russia's demand, challenging Putin to withdraw troops."
    assert run(p) == run(p)


# ----------------------------------------------------------------------------- annotated articles
def _own_articles():
    gold = sorted((config.ANNOTATED / "gold").glob("c_*.json"))
    for gf in gold:
        g = json.loads(gf.read_text(encoding="utf-8"))
        lines = (config.ANNOTATED / "articles" / g["article"]).read_text(encoding="utf-8").split("\n")
        a = Article(Path(g["article"]).stem, lines[0], None, lines[2], "", "", tuple(split_paragraphs("\n".join(lines[3:]))))
        quotes = [dict(paragraph=q["paragraph"], text=q["text"], speaker=q.get("speaker") or "",
                       party=q.get("party") or "", cue=q.get("cue") or "", quote_id=f"{a.article_id}:{i}")
                  for i, q in enumerate(g["quotes"])]
        yield g, claims.extract_claims(a, REG, quotes)


def test_own_annotated_articles_recall_act_and_party():
    n = hit = act_ok = 0
    wrong_side = 0
    for g, rows in _own_articles():
        for c in g["claims"]:
            n += 1
            same = [r for r in rows if r["paragraph"] == c["paragraph"] and r["party"] == (c["party"] or "")]
            hit += bool(same)
            act_ok += any(r["act"] == c["act"] for r in same)
        gold_pairs = {(c["paragraph"], c["party"] or "") for c in g["claims"]}
        quote_pairs = {(q["paragraph"], q.get("party") or "") for q in g["quotes"]}
        wrong_side += sum(1 for r in rows if r["party"] and (r["paragraph"], r["party"]) not in gold_pairs | quote_pairs)
    assert n >= 50
    assert hit / n >= 0.9
    assert act_ok / hit >= 0.85
    assert wrong_side == 0


# ----------------------------------------------------------------------------- acts read from the content
@pytest.mark.parametrize("text,party,act", [
    ("Beijing says the exercises near Taiwan are aimed at nobody and that China threatens no one.",
     "China", "denial"),
    ("Britain's foreign ministry said the Russian claims were a ploy to divide the allies.", "UK", "accusation"),
    ("The Kremlin says Western weapons shipments to Kyiv are a provocation.", "Russia", "accusation"),
    ("Berlin said it would retaliate swiftly against any cyberattack.", "Germany", "warning"),
    ("Paris said it was ready to introduce tough sanctions if the talks failed.", "France", "warning"),
    ("France said it would not accept any settlement reached without Kyiv.", "France", "rejection"),
    ("A German official dismissed the reports as propaganda.", "Germany", "denial"),
])
def test_act_read_from_the_content(text, party, act):
    assert (party, act) in by_act(run(text))


def test_plain_assertion_stays_assertion():
    assert by_act(run("Berlin said the meeting would take place in Vienna.")) == {("Germany", "assertion")}


def test_put_at_is_an_estimate_only_with_at():
    assert ("Ukraine", "assertion") in by_act(
        run("Ukraine's border service put the number of troops near Kharkiv at 20,000."))
    assert run("Kyiv put pressure on Berlin.") == []


def test_negated_confirm_is_a_refusal():
    rows = run("Germany's interior ministry estimated the number at 40,000, a figure Moscow has not confirmed.")
    assert ("Russia", "refusal") in by_act(rows)
    assert ("Germany", "assertion") in by_act(rows)


# ----------------------------------------------------------------------------- subjects and anaphora
def test_cue_in_a_subordinate_clause_with_a_pronoun_subject():
    rows = run("Germany's finance minister told reporters that the budget was sound, "
               "even as he urged Western banks to lend more to Kyiv.")
    assert by_act(rows) == {("Germany", "assertion"), ("Germany", "demand")}
    tell = next(r for r in rows if r["act"] == "assertion")
    assert "urged" not in tell["text"]


def test_pronoun_it_after_though_is_the_sentence_actor_only_when_not_a_person():
    assert ("NATO", "proposal") in by_act(run("NATO has turned down both requests, though it has offered talks on arms control."))
    # "it" cannot stand for a person
    rows = run("Scholz has turned down both requests, though it has offered talks on arms control.")
    assert all(r["party"] == "" for r in rows if r["act"] == "proposal")


def test_relative_clause_cue_belongs_to_the_noun_before_the_comma():
    rows = run("NATO, which says it wants dialogue, has demanded that Moscow withdraw its troops.")
    assert by_act(rows) == {("NATO", "assertion"), ("NATO", "demand")}


def test_head_with_its_own_party_before_a_place_or_group():
    assert by_act(run("A British diplomat in Vienna said the letter had been received.")) == {("UK", "assertion")}
    assert by_act(run("German lawmakers from three parties have urged Scholz to send helmets.")) == {("Germany", "demand")}
    # no party from the prepositional object itself
    assert all(r["party"] == "" for r in run("Diplomats in Moscow said the talks were stalled."))


def test_institution_named_by_a_registry_name_and_common_nouns():
    assert by_act(run("The UN human rights office has estimated that 3,000 civilians died.")) == {("UN", "assertion")}


def test_circumstance_between_commas_keeps_the_subject():
    rows = run("The German foreign ministry, in a statement, rejected the reports as fabrications.")
    assert by_act(rows) == {("Germany", "denial")}


def test_definite_description_and_they_take_the_party_of_their_antecedent():
    rows = run("Two French officials said Paris would send more jets. They said a decision was near.",
               "The officials, who asked not to be named, said the jets would arrive in March.",
               "A Russian diplomat in Vienna said the letter was received. "
               "The diplomat declined to say when Moscow would answer.")
    assert {(r["paragraph"], r["party"]) for r in rows} == {(0, "France"), (1, "France"), (2, "Russia")}
    assert ("Russia", "refusal") in by_act(rows)


def test_anaphor_without_a_party_antecedent_stays_empty():
    rows = run("Western analysts said the buildup was slowing.", "The officials said the talks would resume.",
               "They said nothing else.")
    assert [r["party"] for r in rows if r["paragraph"] > 0] == ["", ""]
    # "they" after a country speaker is not resolved
    rows = run("France said the talks would resume. They said the date was open.")
    assert [r["party"] for r in rows] == ["France", ""]


def test_participial_appositive_keeps_subject_and_coordinated_cue():
    rows = run("France's finance minister, speaking after a meeting in Paris, said the bloc was ready to impose "
               "sanctions if Russia attacked, and accused Moscow of trying to split the allies.")
    assert by_act(rows) == {("France", "warning"), ("France", "accusation")}


def test_unregistered_name_takes_the_party_of_its_title_head_only():
    assert by_act(run("The EU's envoy to Moscow, Markus Ederer, said the talks were useful.")) == {("EU", "assertion")}
    # the party after a preposition is where the envoy serves, not whom he speaks for
    assert [r["party"] for r in run("An envoy to Russia, John Smithers, said the talks were useful.")] == [""]


def test_relative_clause_on_an_appositive_is_its_own_claim():
    rows = run("Kyiv says Moscow has moved 20,000 troops to the border, numbers that the Kremlin has not confirmed.")
    assert by_act(rows) == {("Ukraine", "assertion"), ("Russia", "refusal")}
    # a complementiser "that" after the cue stays inside the first claim
    rows = run("Kyiv says that the Kremlin has not confirmed the numbers.")
    assert by_act(rows) == {("Ukraine", "assertion")}


def test_appositive_with_its_own_speaker_ends_the_content():
    rows = run("A German official in Kyiv said 5,000 soldiers would take part, a number the French defence "
               "ministry said was too low.")
    assert by_act(rows) == {("Germany", "assertion"), ("France", "assertion")}
    ger = next(r for r in rows if r["party"] == "Germany")
    assert "French" not in ger["text"]


def test_participle_after_a_quote_attribution_is_the_same_speaker():
    from analysis import quotes as quotes_mod
    for text, party in (('"Nothing is excluded," he said, adding that talks would go on.', ""),
                        ('Lavrov spoke on Monday. "Nothing is excluded," he said, adding that talks would go on.',
                         "Russia")):
        a = art(text)
        rows = claims.extract_claims(a, REG, quotes_mod.extract_quotes(a, REG))
        add = [r for r in rows if r["cue"] == "add"]
        assert len(add) == 1 and add[0]["party"] == party
        assert all(r["party"] == party for r in rows)


def test_according_to_a_phrase_with_common_nouns():
    rows = run("Satellite images showed new tents in Belarus, according to a private imaging company.")
    assert [(r["actor"], r["party"]) for r in rows] == [("a private imaging company", "")]
    rows = run("Satellite images showed new tents, according to Ukraine's border service.")
    assert by_act(rows) == {("Ukraine", "assertion")}


@pytest.mark.parametrize("text,expected", [
    ("Germany's ambassador to NATO told a closed meeting that Berlin had no intention of leaving.",
     {("Germany", "denial")}),
    ("Minsk insists its exercises pose no risk to Lithuania.", {("Belarus", "denial")}),
    ("France's envoy called the Russian draft treaty \"a non-starter.\"", {("France", "rejection")}),
    ("The U.K. envoy countered that the drills were the largest in years.", {("UK", "assertion")}),
    ("A German delegate said Berlin was studying the text, but she warned that time was short.",
     {("Germany", "assertion"), ("Germany", "warning")}),
])
def test_blind_c3_constructions_in_other_words(text, expected):
    assert by_act(run(text)) == expected


def test_an_institution_named_again_by_its_head_noun_keeps_its_party():
    rows = run("The Russian Defence Ministry said the drills were routine. "
               "The ministry denied that any of its forces would stay in Belarus.")
    assert [(r["actor"], r["party"], r["act"]) for r in rows] == [
        ("The Russian Defence Ministry", "Russia", "assertion"), ("The ministry", "Russia", "denial")]
    # with no earlier mention that names a side, the party stays empty
    assert [(r["party"], r["act"]) for r in run("The ministry denied that its forces would stay.")] == [("", "denial")]


@pytest.mark.parametrize("text", [
    "Washington said an attack could begin at any time.",
    "The White House said an invasion would bring widespread human suffering.",
    "The official said Washington was equally prepared for other scenarios.",
])
def test_an_announced_danger_is_a_warning(text):
    assert one(text)["act"] == "warning"


def test_a_plain_forecast_stays_an_assertion():
    assert one("The minister said the talks would bring no change.")["act"] == "assertion"


def test_every_content_pattern_begins_at_a_word():
    """content_re is searched behind one consumed non-word character (for speed): that reads the same
    only if every pattern (and every top-level alternative of one) starts with \\b."""
    import re
    from pathlib import Path

    import yaml

    data = yaml.safe_load(open(Path(claims.__file__).parent / "data" / "cues.yml", encoding="utf-8"))
    for kind in claims.Lexicon.CONTENT_KINDS:
        for p in data.get(f"{kind}_content") or []:
            depth, alts, cur = 0, [], ""
            for ch in p:  # split on top-level "|"
                depth += ch == "("
                depth -= ch == ")"
                if ch == "|" and depth == 0:
                    alts.append(cur)
                    cur = ""
                else:
                    cur += ch
            alts.append(cur)
            assert all(a.startswith(r"\b") for a in alts), p
            re.compile(p)


# ----------------------------------------------------------------------------- registries
def _registry(party):
    from analysis.actors import Registry

    return Registry.from_dict({"parties": {party: {"names": ["Zorvania"]}}})


def test_party_lookups_never_answer_from_a_freed_registry(monkeypatch):
    # CPython reuses the address (the id) of a freed object: a registry built after another
    # was freed may carry its id, and a cache keyed by id(registry) then answers with the
    # freed registry's parties. Both registries are given one id here, as reuse would.
    import builtins

    from analysis.actors import Registry

    monkeypatch.setattr(claims, "id", lambda o: 1 if isinstance(o, Registry) else builtins.id(o),
                        raising=False)
    text = "Zorvania said the talks had failed."
    assert [r["party"] for r in claims.extract_claims(art(text), _registry("Alpha"), [])] == ["Alpha"]
    assert [r["party"] for r in claims.extract_claims(art(text), _registry("Beta"), [])] == ["Beta"]


# ----------------------------------------------------------------------------- role nouns
def test_role_nouns_are_one_data_file_each_word_once():
    from analysis.roles import ROLES_PATH, load_roles

    roles = load_roles()
    assert {"negotiator", "negotiators", "ministry", "official"} <= roles.nouns
    assert "negotiator" in roles.person and "negotiators" in roles.group
    assert "ministry" in roles.anaphor and "ministry" not in roles.person
    assert roles.modifiers.isdisjoint(roles.nouns)
    words = [line.split(":")[0].strip() for line in ROLES_PATH.read_text().splitlines()
             if line.startswith("  ") and ":" in line]
    assert len(words) == len(set(words)) > 100  # each noun once


def test_role_file_with_a_misspelt_key_or_flag_stops_the_load(tmp_path):
    from analysis.datafile import DataFileError
    from analysis.roles import load_roles

    bad = tmp_path / "roles.yml"
    bad.write_text("modifiers: [senior]\nnuons:\n  envoy: [person]\n")
    with pytest.raises(DataFileError, match=r"line 2: unknown key 'nuons'"):
        load_roles(str(bad))
    bad.write_text("nouns:\n  envoy: [persn]\n")
    with pytest.raises(DataFileError, match=r"'persn' for 'envoy'"):
        load_roles(str(bad))


def test_cue_file_with_a_misspelt_key_stops_the_load(tmp_path):
    from analysis.datafile import DataFileError

    bad = tmp_path / "cues.yml"
    bad.write_text("verbs:\n  say: assertion\n  warn: {act: warning, nuon_like: true}\n")
    with pytest.raises(DataFileError, match=r"line 3: unknown key 'nuon_like' under verbs.warn"):
        claims.load_lexicon(str(bad))
    bad.write_text("verbs:\n  say: assertion\ndenial_contnet: ['no threat']\n")
    with pytest.raises(DataFileError, match=r"line 3: unknown key 'denial_contnet'"):
        claims.load_lexicon(str(bad))


# ----------------------------------------------------------------------------- regressions
@pytest.mark.parametrize("sentence", [
    "Lavrov brushed aside the accusations of a planned invasion.",
    "Lavrov shrugged off the reports of troops massing near the border.",
    "Lavrov scoffed at the claims that Moscow was preparing an attack.",
    "Lavrov brushed off the allegations as Western propaganda.",
])
def test_multi_word_dismissals_of_an_accusation_are_denials(sentence):
    # the cue list once held "brush", "aside", "shrug", "off"... as single words: never a lemma
    r = one(sentence)
    assert (r["party"], r["act"]) == ("Russia", "denial"), r


def test_every_role_noun_is_part_of_an_actor_phrase():
    r = one("The senator said the sanctions would hurt Russia.")
    assert (r["actor"], r["act"]) == ("The senator", "assertion")


# ----------------------------------------------------------------------------- acts from the words
@pytest.mark.parametrize("sentence, party, act", [
    ("Blinken said Moscow must pull its forces back from the frontier.", "US", "demand"),
    ("Lavrov said there must be no new bases near Russian soil.", "Russia", "demand"),
    ("Stoltenberg said any incursion would cost Moscow dearly.", "NATO", "warning"),
    ("Blinken said that if the tanks rolled in, the price for Moscow would be severe.", "US", "warning"),
    ("Blinken said the regime could launch an offensive at any moment.", "US", "warning"),
    ("Lavrov said Moscow will never let the bloc creep closer to its borders.", "Russia", "refusal"),
    ("Lavrov said Moscow had no plans to attack anyone.", "Russia", "denial"),
    ("Stoltenberg said the troops sent east are not going to fight in the conflict.", "NATO", "denial"),
    ("Blinken said it is Russia that is the aggressor in this crisis.", "US", "accusation"),
    ("Lavrov said the West was trying to divide Europe and weaken its neighbours.", "Russia", "accusation"),
    ("Stoltenberg said the allies are ready to talk about limits on missiles.", "NATO", "proposal"),
    ("Lavrov said Moscow remained open to further discussions on arms control.", "Russia", "proposal"),
    # a contrast: the words after "but" carry the act
    ("Lavrov said Moscow does not want a conflict but the alliance must halt its expansion.", "Russia", "demand"),
])
def test_neutral_verb_takes_the_act_its_words_perform(sentence, party, act):
    r = one(sentence)
    assert (r["party"], r["act"], r["cue"]) == (party, act, "say"), r


@pytest.mark.parametrize("sentence", [
    "Blinken said the talks would resume in the spring.",
    "Lavrov said he must leave for Beijing on Friday.",
    "Stoltenberg said there was no reason to doubt the figures.",
])
def test_neutral_verb_with_plain_words_stays_an_assertion(sentence):
    assert one(sentence)["act"] == "assertion"


def test_a_quote_with_a_neutral_cue_takes_the_act_of_its_words():
    p = '"Those troops must go home now," Blinken said.'
    q = dict(paragraph=0, text="Those troops must go home now,", speaker="Antony Blinken", party="US",
             cue="say", quote_id="q1")
    (r,) = [r for r in run(p, quotes=[q]) if r["source"] == "quote"]
    assert (r["party"], r["act"]) == ("US", "demand")
    p = '"We must be patient with our partners," Lavrov said.'
    q = dict(paragraph=0, text="We must be patient with our partners,", speaker="Sergei Lavrov",
             party="Russia", cue="say", quote_id="q1")
    (r,) = [r for r in run(p, quotes=[q]) if r["source"] == "quote"]
    assert r["act"] == "assertion"  # what the speaker's own side must do is no demand on another


# ----------------------------------------------------------------------------- pronouns and roles across paragraphs
def test_he_at_a_paragraph_start_is_the_person_last_speaking():
    rows = run("Lavrov said the talks had been useful.", "He added that Moscow would wait for a written reply.")
    second = [r for r in rows if r["paragraph"] == 1]
    assert [(r["actor"], r["party"]) for r in second] == [("Lavrov", "Russia")]


def test_a_role_without_a_party_is_the_person_last_speaking():
    rows = run("Lavrov said the talks had been useful.", "The foreign minister added that Moscow would wait.")
    second = [r for r in rows if r["paragraph"] == 1]
    assert [(r["actor"], r["party"]) for r in second] == [("The foreign minister", "Russia")]


def test_he_after_a_group_or_two_people_stays_empty():
    rows = run("Allied officials said the talks had been useful.", "He added that more meetings would follow.")
    assert [r["party"] for r in rows if r["paragraph"] == 1] == [""]
    rows = run("Lavrov and Blinken said the talks were frank.", "He added that more meetings would follow.")
    assert [r["party"] for r in rows if r["paragraph"] == 1] == [""]


@pytest.mark.parametrize("sentence, party, act, cue", [
    ("Blinken continued to warn that an offensive could start within days.", "US", "warning", "warn"),
    ("Lavrov said Moscow had not detected any unusual troop movements near the frontier.", "Russia", "denial",
     "say"),
    ("Lavrov said it was imperative that the bloc stop growing.", "Russia", "demand", "say"),
    ("Blinken said talk of a pullback was 'premature'.", "US", "rejection", "say"),
])
def test_more_acts_from_the_words(sentence, party, act, cue):
    r = one(sentence)
    assert (r["party"], r["act"], r["cue"]) == (party, act, cue), r


def test_an_indefinite_appositive_of_any_words_keeps_the_name_before_it():
    r = one("Lavrov, a veteran of two decades of arms talks in 1990s Geneva, said the offer was late.")
    assert (r["actor"], r["party"], r["act"]) == ("Lavrov", "Russia", "assertion")


# ----------------------------------------------------------------------------- real coverage, recall
def test_that_before_a_prepositional_phrase_keeps_the_content():
    # "that at least ...", "that in the coming weeks ...": the content, not a circumstance of the verb
    r = one("Blinken said that at least two brigades had moved north overnight.")
    assert (r["party"], r["act"]) == ("US", "assertion") and r["text"].startswith("at least two brigades")
    r = one("Lavrov said that in the coming weeks the talks would resume.")
    assert r["text"] == "in the coming weeks the talks would resume"
    # the circumstance without "that" is still skipped
    assert one("Lavrov said in an interview that the talks would resume.")["text"] == "the talks would resume"


def test_a_weekday_with_a_part_of_the_day_between_subject_and_verb():
    r = one("Senior German officials on Friday evening rejected the plan for a summit.")
    assert (r["actor"], r["party"], r["act"]) == ("Senior German officials", "Germany", "rejection")


@pytest.mark.parametrize("sentence, actor, party, act", [
    ("Minsk, however, denied that its pilots had crossed the border.", "Minsk", "Belarus", "denial"),
    ("The Kremlin, for its part, rejected the offer as too little.", "The Kremlin", "Russia", "rejection"),
    ("Washington, meanwhile, warned that the costs would be severe.", "Washington", "US", "warning"),
])
def test_an_aside_between_subject_and_verb(sentence, actor, party, act):
    r = one(sentence)
    assert (r["actor"], r["party"], r["act"]) == (actor, party, act)


def test_a_cue_coordinated_with_a_main_verb_that_is_no_cue_takes_its_subject():
    r = one("The Kremlin published a long list of grievances and said the bloc had ignored them.")
    assert (r["actor"], r["party"], r["cue"]) == ("The Kremlin", "Russia", "say")
    r = one("The Ukrainian president toured the front on Monday but said an attack was not imminent.")
    assert (r["party"], r["cue"]) == ("Ukraine", "say")
    # a coordinated clause with its own subject keeps it
    rows = run("Russia moved more tanks to the border and NATO said it was watching closely.")
    assert [(r["actor"], r["party"]) for r in rows] == [("NATO", "NATO")]
    # "or" offers an alternative, not a second act
    assert run("Kyiv will publish the list or deny the report.") == []


@pytest.mark.parametrize("sentence, act", [
    ("Blinken said the brigades could be used to invade within weeks.", "warning"),
    ("Lavrov said Western papers were waging a disinformation campaign against Moscow.", "accusation"),
])
def test_acts_of_words_seen_in_real_coverage(sentence, act):
    assert one(sentence)["act"] == act


def test_a_step_said_not_to_mean_war_is_a_denial():
    r = one("The Ukrainian president signed the mobilisation order but said it did not mean an offensive was near.")
    assert (r["party"], r["act"]) == ("Ukraine", "denial")


def test_according_to_relaying_a_claim_is_a_report():
    rows = run("Lavrov said Moscow had no plans to invade, according to the news agency.")
    assert sorted((r["party"], r["act"], r["cue"]) for r in rows) == [
        ("", "assertion", "according to"), ("Russia", "denial", "say")]
    # with no claim inside, the words still decide
    r = one("Moscow has no plans to invade, according to the news agency.")
    assert (r["act"], r["cue"]) == ("denial", "according to")


@pytest.mark.parametrize("sentence, actor, party", [
    # a circumstance that runs on to the end of the sentence
    ("The exercise involves about 40,000 troops, the U.S. ambassador said in a statement to a council "
     "meeting on the border crisis on Thursday.", "the U.S. ambassador", "US"),
    # an addressee with its own appositive, a date with an abbreviated month
    ("Moscow has moved two more brigades west, Blinken, the secretary of state, told the Senate, the upper "
     "house, on Feb. 3.", "Blinken", "US"),
])
def test_trailing_attribution_with_long_circumstances(sentence, actor, party):
    r = one(sentence)
    assert (r["actor"], r["party"], r["cue"]) == (actor, party, r["cue"]) and r["text"].startswith(sentence[:12])


def test_told_x_is_no_inverted_subject():
    # "..., told the parliament": the parliament is the addressee, never the speaker
    rows = run("Moscow has moved two more brigades west, told the parliament.")
    assert all(r["actor"] != "the parliament" for r in rows)
    r = one("Moscow has moved two more brigades west, Blinken, the secretary of state, told the Senate.")
    assert (r["actor"], r["party"], r["cue"]) == ("Blinken", "US", "tell")


def test_nothing_observed_is_a_denial():
    r = one("Lavrov said no offensive preparations have been observed near the frontier.")
    assert r["act"] == "denial"


def test_content_before_a_pronoun_speaker_keeps_its_first_word():
    rows = run("Moscow has moved two brigades, Blinken said.",
               "But no offensive preparations have been seen near the capital, he said.")
    r = [r for r in rows if r["paragraph"] == 1][0]
    assert (r["actor"], r["party"], r["act"]) == ("Blinken", "US", "denial")
    assert r["text"].startswith("no offensive preparations")


@pytest.mark.parametrize("sentence, actor, cue", [
    ("Several journalists reported that the convoy had turned back.", "Several journalists", "report"),
    ("Foreign media have speculated that the summit may be cancelled.", "Foreign media", "speculate"),
    ("The border was closed overnight, and the newspaper blamed the rebels.", "the newspaper", "blame"),
    # a leaning is no side: the pro-Kremlin paper is not the Kremlin
    ("The pro-Kremlin Vedomosti newspaper, citing unnamed sources, briefly reported Tuesday that the "
     "convoy had turned back.", "The pro-Kremlin Vedomosti newspaper", "report"),
])
def test_the_press_reports_with_no_party(sentence, actor, cue):
    r = one(sentence)
    assert (r["actor"], r["party"], r["cue"]) == (actor, "", cue)


def test_speculation_is_an_assertion_whatever_it_says():
    assert one("Foreign media have speculated that Russia could invade within days.")["act"] == "assertion"
    assert one("Blinken said that Russia could invade within days.")["act"] == "warning"


@pytest.mark.parametrize("sentence, actor, party", [
    ("Lavrov, the head of the foreign ministry in Moscow (MID), said the offer was late.", "Lavrov", "Russia"),
    ("Sen. Blinken (D-NY), who toured the border last week, said the offer was late.", "Sen. Blinken", "US"),
])
def test_appositives_with_a_definite_description_or_a_parenthesis(sentence, actor, party):
    r = one(sentence)
    assert (r["actor"], r["party"]) == (actor, party)


def test_a_nominal_with_its_agent_after_from_or_by():
    rows = run("The deployment follows warnings from British officials that an attack could come within days.")
    assert [(r["actor"], r["party"], r["act"], r["cue"]) for r in rows] == [
        ("British officials", "UK", "warning", "warnings")]
    # also as the object of another side's claim: both acts are in the text
    rows = run("Kyiv has rejected accusations by the Kremlin that it is preparing an offensive.")
    assert by_act(rows) == {("Ukraine", "denial"), ("Russia", "accusation")}
    # an agent that names no side and no person gives nothing
    assert [r["cue"] for r in run("The ban follows warnings from several analysts about the risk.")] == []


def test_a_nominal_with_a_demonym_adjective():
    r = one("Russian demands for a halt to enlargement have dominated the talks.")
    assert (r["actor"], r["party"], r["act"]) == ("Russian", "Russia", "demand")
    # not a danger ("the Russian threat"), not a name ("the Russian Foreign Ministry demands"),
    # not a subject and its verb ("Moscow demands that ...")
    assert run("The Russian threat to the Baltic states has grown.") == []
    rows = run("Meanwhile, Lavrov demands that the alliance stop growing.")
    assert [(r["party"], r["cue"]) for r in rows] == [("Russia", "demand")]
    assert run("Moscow demands more.") == []  # a capital before a noun-like form: no adjective
    # as the object of another claim it is that claim's content only (as with a possessor)
    rows = run("NATO rejected Russian demands for a halt to enlargement.")
    assert by_act(rows) == {("NATO", "rejection")}


def test_announcements_statements_and_characterisations_are_nominal_claims():
    rows = run("The Kremlin's announcement of a pullback was met with caution in Brussels.")
    assert by_act(rows) == {("Russia", "assertion")}
    rows = run("Blinken's characterisation of the talks came a day before the summit.")
    assert by_act(rows) == {("US", "assertion")}


def test_a_coordinated_subject_after_that():
    rows = run("Moscow moved more tanks west, a step that Britain and its partners have warned would bring sanctions.")
    assert [(r["actor"], r["party"], r["act"]) for r in rows] == [("Britain", "UK", "warning")]


@pytest.mark.parametrize("sentence, party", [
    ("Russia has published no new figure since it said in March that 300 soldiers had died.", "Russia"),
    ("The Ukrainian delegation reached the border on Monday, where it said talks would begin.", "Ukraine"),
])
def test_it_is_the_main_clause_subject(sentence, party):
    rows = [r for r in run(sentence) if r["cue"] == "say"]
    assert [r["party"] for r in rows] == [party]


def test_it_opening_a_sentence_is_the_body_last_speaking_never_a_person():
    rows = run("The Kremlin said the drills were over.", "It added that the troops would return to base.")
    assert [(r["party"]) for r in rows if r["paragraph"] == 1] == ["Russia"]
    rows = run("Lavrov said the drills were over.", "It added that the troops would return to base.")
    assert [(r["party"]) for r in rows if r["paragraph"] == 1] == [""]


def test_a_demonym_plural_names_its_party():
    r = one("The Ukrainians said their delegation would stay in Minsk overnight.")
    assert (r["actor"], r["party"]) == ("The Ukrainians", "Ukraine")
    # without the article it is the public (a poll), no side
    assert one("Ukrainians say they expect the talks to fail.")["party"] == ""


def test_an_article_after_a_noun_opens_the_subject():
    # "... along the frontier the United States said": the subject is not "the frontier the United States"
    rows = [r for r in run("Moscow has moved 5,000 more soldiers along the Ukraine frontier the United States "
                           "alleged on Tuesday.") if r["cue"] == "allege"]
    assert [(r["actor"], r["party"]) for r in rows] == [("the United States", "US")]


def test_according_to_relaying_a_quote_leaves_the_quote_to_its_speaker():
    p = "According to the German chancellor, Putin said there would be no “permanent base” in Belarus."
    s = p.index("permanent base")
    q = dict(article_id="t", paragraph=0, start=s, end=s + len("permanent base"), text="permanent base",
             speaker="Vladimir Putin", party="Russia", cue="say", quote_id="t:q0")
    rows = run(p, quotes=[q])
    assert ("Russia", "denial") in by_act(rows) and ("Germany", "assertion") in by_act(rows)


def test_no_base_to_come_is_a_denial():
    assert one("Lukashenko told reporters there won't be any foreign bases in his country.")["act"] == "denial"


def test_according_to_her_is_the_woman_named_before():
    rows = run("Zakharova spoke at length on Thursday. According to her, the new rules flout the Minsk accords.")
    r = [r for r in rows if r["cue"] == "according to"][0]
    assert (r["party"], r["act"]) == ("Russia", "accusation")


def test_a_participle_after_an_irregular_past_main_verb():
    r = one("Blinken spoke to Kuleba by phone on Sunday, urging calm along the line of contact.")
    assert (r["actor"], r["party"], r["act"]) == ("Blinken", "US", "demand")


def test_a_participle_after_a_statement_is_the_issuers():
    r = one("The Kremlin issued a statement stressing that the exercises were defensive.")
    assert (r["actor"], r["party"], r["cue"]) == ("The Kremlin", "Russia", "stress")


def test_a_relative_clause_after_a_dash_has_its_own_subject():
    rows = run("Moscow has sent more tanks north while denying any plan to attack – a step that Britain "
               "and its partners have warned would bring sanctions.")
    assert by_act(rows) == {("Russia", "denial"), ("UK", "warning")}


def test_a_plural_possessive_names_its_actor():
    r = one("The Ukrainian authorities' statements that no build-up was seen surprised the monitors.")
    assert (r["actor"], r["party"], r["cue"]) == ("The Ukrainian authorities", "Ukraine", "statements")




def test_headline_case_cues_and_dotted_abbreviations():
    rows = run("Talks Stall In Geneva; Lavrov Rejects Western Offer On Missiles; E.U. Urges Restraint, "
               "Warns Against Escalation; Markets Slide As Oil Prices Rise")
    assert {("Russia", "rejection"), ("EU", "demand"), ("EU", "warning")} <= by_act(rows)
    # in ordinary text a capitalised cue inside a name is still no cue
    assert [r["actor"] for r in run("The Islamic State Warns group was banned in 2015, officials said.")
            if r["cue"] == "warn"] == []


def test_press_reports_with_no_source_are_claims_of_no_side():
    rows = run("The pullback follows weeks of tension and reports that Moscow was massing armour.")
    assert [(r["actor"], r["party"], r["act"]) for r in rows] == [("reports", "", "assertion")]
    rows = run("Reports surfaced on Friday that a second convoy had left the base.")
    assert [(r["actor"], r["party"]) for r in rows] == [("Reports", "")]
    # a named source's reports are not the press's; reports as a plain noun are nothing
    assert run("The ministry's reports that troops had left were false.") == []
    assert run("Both reports were published on Friday.") == []


def test_by_saying_inside_reported_words_is_their_subjects():
    rows = run("Lavrov said the alliance had misled Moscow by promising it would never expand.")
    assert by_act(rows) >= {("Russia", "accusation"), ("NATO", "proposal")}
    # a participle after a comma still belongs to the main clause
    r = [r for r in run("Lavrov said the talks were over, warning that Moscow would respond.")
         if r["cue"] == "warn"][0]
    assert r["party"] == "Russia"


def test_headline_cue_must_follow_its_segments_subject():
    rows = run("Stocks Dip As Envoys Part; Pentagon: 3,000 Soldiers On High Readiness Ahead Of Drills; "
               "Lavrov Rejects Western Offer")
    assert [(r["party"], r["cue"]) for r in rows] == [("Russia", "reject")]


def test_a_participle_before_a_possessor_is_no_part_of_the_actor():
    r = one("Concerning the Kremlin's announcement of a pullback, the allies stayed silent.")
    assert (r["actor"], r["party"]) == ("the Kremlin", "Russia")


def test_claims_of_an_actor_doing_something_are_that_actors():
    rows = run("Blinken said the claims of Moscow withdrawing its brigades were not true.")
    assert by_act(rows) == {("US", "rejection"), ("Russia", "assertion")}
    # "the threat of war": no actor, no claim of its own
    assert [r["party"] for r in run("Blinken said the threat of war was growing.")] == ["US"]


def test_more_nominal_cues_with_an_agent():
    rows = run("The broadside from the Kremlin came a day after the summit.")
    assert by_act(rows) == {("Russia", "accusation")}
    rows = run("The pipeline drew sharp criticism from several analysts on Monday.")
    assert rows == []  # an agent of no side and no name gives no claim


@pytest.mark.parametrize("sentence, expected", [
    ("The Kremlin issued a warning that any strike on its bases would be answered.", {("Russia", "warning")}),
    ("Britain and Kyiv have been spreading allegations of an imminent assault.",
     {("UK", "accusation"), ("Ukraine", "accusation")}),
    ("Moscow denied any plan to attack and made fresh demands for guarantees.", {("Russia", "denial"),
                                                                                ("Russia", "demand")}),
])
def test_a_light_verb_performs_its_nominal_objects_act(sentence, expected):
    assert by_act(run(sentence)) == expected


def test_no_light_verb_claim_when_negated_or_without_a_nominal_cue():
    assert run("Kyiv did not make any demands at the meeting.") == []
    assert run("Lavrov made his way to Geneva on Monday.") == []


def test_reiterating_a_nominal_performs_its_act():
    r = [r for r in run("Moscow reiterated its demands that the alliance halt its expansion.")
         if r["cue"] == "reiterate"][0]
    assert (r["party"], r["act"]) == ("Russia", "demand")
    assert one("Moscow reiterated that the drills were over.")["act"] == "assertion"


def test_a_cited_source_with_a_party_makes_the_claim_it_backs():
    rows = run("Two more brigades have left Crimea, the agency reported, citing the Russian Defence Ministry.")
    cited = [r for r in rows if r["cue"] == "cite"]
    assert [(r["party"], r["text"]) for r in cited] == [("Russia", "Two more brigades have left Crimea")]
    # a source of no side gives no row of its own
    rows = run("Two more brigades have left Crimea, the agency reported, citing unnamed sources.")
    assert [r["cue"] for r in rows] == ["report"]
