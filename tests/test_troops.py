"""Troop-number mentions: forms, units, approximators, distractors, force and claimant."""
import json
import math
from pathlib import Path

import pytest

from analysis import config, numbers, troops
from analysis.actors import load_registry
from analysis.corpus import Article
from analysis.evaluate import overlap

REG = load_registry()
DATA = numbers.load_data()
SEED = Path("/work/shared/seed/000_78141796982900ea.txt")


def art(*paragraphs, title="Troops", aid="a1"):
    return Article(aid, title, None, "", "", "", tuple(paragraphs))


def run(*paragraphs, quotes=(), title="Troops"):
    return troops.extract_troops(art(*paragraphs, title=title), REG, list(quotes))


def one(text, **kw):
    rows = run(text, **kw)
    assert len(rows) == 1, rows
    return rows[0]


# ------------------------------------------------------------------ contract
def test_row_columns_and_offsets():
    para = "Russia has gathered around 100,000 troops close to the Ukrainian border, U.S. officials said."
    rows = run("No figures here.", para)
    assert len(rows) == 1
    r = rows[0]
    assert set(troops.COLUMNS) <= set(r)
    assert r["article_id"] == "a1" and r["paragraph"] == 1
    assert para[r["start"]:r["end"]] == r["text"] == "around 100,000 troops"
    assert (r["value"], r["low"], r["high"], r["qualifier"], r["unit"]) == (100_000, 90_000, 110_000, "approximate", "troops")
    assert r["force"] == "Russia"
    assert r["claimant"] == "U.S. officials" and r["claimant_party"] == "US"


def test_no_numbers_no_rows():
    assert run("Russia has massed troops near the border.", "Talks ended without a deal.") == []


# --------------------------------------------------------------------- units
@pytest.mark.parametrize("noun,unit", sorted((n, u) for u, ns in DATA["units"].items() for n in ns
                                             if not n.endswith("group") and n != "btg"))
def test_every_unit_noun(noun, unit):
    r = one(f"Officials counted 4,000 {noun} at the base.")
    assert r["unit"] == unit
    assert r["value"] == 4_000
    assert r["text"].lower().endswith(noun.lower())


def test_btg_counted_as_groups_not_multiplied():
    r = one("Moscow has deployed some 100 battalion tactical groups.")
    assert (r["unit"], r["value"], r["low"], r["high"]) == ("btg", 100, 90, 110)


@pytest.mark.parametrize("modifier", ["peacekeeping", "multinational", "frontline", "mechanized", "battle-hardened",
                                      "forward-deployed", "paramilitary"])
def test_modifiers_before_the_unit_noun(modifier):
    r = one(f"Officials counted 4,000 {modifier} troops at the base.")
    assert (r["value"], r["text"]) == (4_000, f"4,000 {modifier} troops")


def test_a_casualty_word_before_the_unit_noun_is_no_modifier():
    assert run("Some 300 wounded soldiers were evacuated.") == []


@pytest.mark.parametrize("text", [
    "Around 100,000 Russian troops are near the border.",
    "Tens of thousands of combat-ready troops are near the border.",
    "More than 127,000 servicemen are near the border.",
    "There are 100,000 more combat-ready Russian troops.",
    "Moscow sent two dozen paratroopers.",
    "A hundred thousand soldiers are massed there.",
    "Russia has 100K soldiers there.",
    "Russia has 100 000 soldiers there.",
    "Russia could call on 1.5 million personnel.",
])
def test_forms_are_found(text):
    assert len(run(text)) == 1


# -------------------------------------------------------------- approximators
@pytest.mark.parametrize("phrase", sorted(DATA["approximators"]))
def test_every_approximator_through_the_stage(phrase):
    spec = DATA["approximators"][phrase]
    r = one(f"Russia has {phrase} 50,000 troops in the region.")
    assert r["qualifier"] == spec["qualifier"]
    assert r["text"].lower().startswith(phrase.lower())
    if spec["low"] is None:
        assert r["low"] is None
    else:
        assert r["low"] == pytest.approx(50_000 * spec["low"])
    if spec["high"] is None:
        assert r["high"] is None
    else:
        assert r["high"] == pytest.approx(50_000 * spec["high"])


@pytest.mark.parametrize("phrase,bounds", sorted(DATA["vague"].items()))
def test_every_vague_quantity_through_the_stage(phrase, bounds):
    r = one(f"Russia has {phrase} of troops in the region.")
    assert r["qualifier"] == "vague" and r["value"] is None
    assert (r["low"], r["high"]) == tuple(bounds)


@pytest.mark.parametrize("text,low,high", [
    ("Between 169,000 and 190,000 troops are deployed.", 169_000, 190_000),
    ("Russia has 169,000-190,000 troops there.", 169_000, 190_000),
    ("Russia has 169,000 to 190,000 soldiers there.", 169_000, 190_000),
    ("Between 60 and 80 BTGs are there.", 60, 80),
])
def test_ranges_through_the_stage(text, low, high):
    r = one(text)
    assert r["qualifier"] == "range" and (r["low"], r["high"]) == (low, high)


# ------------------------------------------------- a number far from its noun
@pytest.mark.parametrize("text,value", [
    ("Russian troops, numbering around 100,000, have gathered in Belarus.", 100_000),
    ("The force, estimated at 100,000, includes tanks and artillery.", 100_000),
    ("Russia has amassed a force of nearly 100,000 near the border.", 100_000),
    ("The number of Russian troops has grown to 127,000.", 127_000),
    ("A 30,000-strong force has arrived in Belarus.", 30_000),
    ("Reports spoke of a Russian army of 175,000 massing on the border.", 175_000),
    ("The battlegroups are each between 1,000 and 1,600 strong.", 1_300),
])
def test_far_nouns_judged_by_the_sentence(text, value):
    r = one(text)
    assert r["value"] == value
    assert r["unit"] == "troops"


def test_far_noun_does_not_leak_across_distractors():
    rows = run("Russia has 1,000 tanks near Ukraine, up from 900.")
    assert rows == []


def test_with_around_troops_artillery_armour():
    rows = run('"They are gearing up, with around 100,000 troops, heavy guns, air defence, '
               'tens of thousands of combat-ready troops and hostile speeches."')
    assert [r["text"] for r in rows] == ["around 100,000 troops", "tens of thousands of combat-ready troops"]
    assert (rows[1]["low"], rows[1]["high"], rows[1]["value"]) == (20_000, 90_000, None)


# ---------------------------------------------------------------- distractors
@pytest.mark.parametrize("text", [
    "Moscow backs an insurgency in which more than 13,000 people have died.",   # death toll
    "The conflict has killed more than 14,000 people since 2014.",
    "Two Ukrainian soldiers were killed and four wounded on Tuesday.",          # casualties
    "Ukraine said it had lost 13 soldiers to sniper fire.",
    "Four servicemen were wounded in the shelling.",
    "A war could force up to 5 million refugees to flee.",                      # refugees
    "The fighting has displaced about 1.5 million, according to the U.N.",      # displaced
    "The convoy moved 30 km toward the border.",                                # distances
    "The border is 1,200 miles long and a 1,200-mile fence is planned.",
    "The exercises will last 10 days.",                                         # durations
    "The talks lasted nearly eight hours.",
    "Washington pledged $200 million in security aid.",                         # money
    "The ministry spent 3 billion roubles on the drills.",
    "Support for joining NATO rose to 58% and then 62 percent.",                # percentages
    "NATO and Russia broke off cooperation in 2014.",                           # years
    "The council had not met since 2019.",
    "Troops arrived on Jan. 17 and left on 24 February.",                       # dates
    "The 45-year-old commander addressed the troops.",                          # ages
    "Men aged 18 to 60 may not leave the country.",
    "Afterwards, the 30 member states sent the Russian envoys home.",          # countries
    "The 14 countries that joined after 1997 host allied troops.",
    "Eight of its staff were expelled from the mission.",                       # staff
    "Lithuania expelled four Russian diplomats.",
    "Russia moved 30 warships and six landing ships.",                          # ships
    "Denmark sent four F-16 fighter jets and 200 aircraft took part.",          # aircraft
    "Russia has massed around 1,200 tanks and 1,600 artillery pieces.",         # tanks
    "Some 2,000 anti-tank missiles were delivered to the troops.",              # weapons
    "The labor force of 43 million is shrinking.",                              # not a military force
])
def test_distractors_are_not_reported(text):
    assert run(text) == []


def test_distractors_and_figures_in_one_article():
    rows = run(
        "Moscow took a peninsula by force and backs a rebellion in which more than 13,000 people have died.",
        '"And on top of that they are gearing up, with around 100,000 troops, heavy guns, air defence, '
        'tens of thousands of combat-ready troops and hostile speeches."',
        "Afterwards, the 30 member states asked the Russian envoys to fly home.",
        "The mission was withdrawn after eight of its staff were expelled.",
        title="Alliance and Moscow far apart as Russian troops gather",
    )
    assert [(r["paragraph"], r["text"]) for r in rows] == [
        (1, "around 100,000 troops"), (1, "tens of thousands of combat-ready troops")]


@pytest.mark.skipif(not SEED.exists(), reason="shared sample article not available")
def test_sample_article_must_show():
    lines = SEED.read_text(encoding="utf-8").split("\n")
    a = Article(SEED.stem, lines[0], None, lines[2], "", str(SEED), tuple(x.strip() for x in lines[3:] if x.strip()))
    rows = troops.extract_troops(a, REG, [])
    got = {r["text"]: r for r in rows}
    assert set(got) == {"around 100,000 troops", "tens of thousands of combat-ready troops"}
    assert (got["around 100,000 troops"]["low"], got["around 100,000 troops"]["high"]) == (90_000, 110_000)
    vague = got["tens of thousands of combat-ready troops"]
    assert (vague["low"], vague["high"], vague["value"]) == (20_000, 90_000, None)
    assert all(r["claimant"] == "" for r in rows)  # the quote's speaker is unknown


# ---------------------------------------------------------------------- force
@pytest.mark.parametrize("text,force", [
    ("Some 2,000 U.S. soldiers will be deployed to Poland.", "US"),
    ("Russia's estimated 100,000 troops are near Ukraine.", "Russia"),
    ("Moscow has gathered about 100,000 troops along the Ukrainian border.", "Russia"),
    ("Kyiv says Moscow has gathered tens of thousands of soldiers near the lakes.", "Russia"),
    ("Near Ukraine, Russia has 100,000 troops.", "Russia"),
    ("Britain sent two dozen paratroopers to Poland.", "UK"),
    ("Canada has around 200 troops training soldiers in the west.", ""),   # not in the registry
    ("Some 4,000 troops took part in the exercise.", ""),                   # nobody named
])
def test_force(text, force):
    assert one(text, title="Exercise")["force"] == force


def test_force_from_the_article_when_the_sentence_names_nobody():
    rows = run("Russian forces have massed near Ukraine. Russia's troop build-up alarms NATO.",
               '"They have close to 130,000 personnel within striking distance."',
               title="Russian build-up continues")
    assert rows[-1]["force"] == "Russia"


def test_force_left_empty_when_the_article_is_mixed():
    rows = run("U.S. troops and Russian troops and Ukrainian troops are all mentioned.",
               '"They have close to 130,000 personnel within striking distance."', title="Tensions")
    assert rows[-1]["force"] == ""


# ------------------------------------------------------------------- claimant
def test_claimant_from_quote_rows():
    para = '"We have 100K soldiers ready," the minister said.'
    q = [{"article_id": "a1", "paragraph": 0, "start": 1, "end": 27, "text": para[1:27],
          "speaker": "Oleksii Reznikov", "party": "Ukraine"}]
    r = one(para, quotes=q)
    assert (r["claimant"], r["claimant_party"]) == ("Oleksii Reznikov", "Ukraine")
    assert r["force"] == "Ukraine"  # "we have" speaks for the speaker's side


def test_quote_rows_from_a_dataframe_with_missing_values():
    para = '"They are building up, with around 100,000 troops," he said.'
    q = [{"article_id": "a1", "paragraph": 0, "start": 1.0, "end": 50.0, "text": para[1:50],
          "speaker": float("nan"), "party": None}]
    r = one(para, quotes=q)
    assert (r["claimant"], r["claimant_party"]) == ("", "")


def test_quote_with_unknown_speaker_leaves_claimant_empty():
    para = '"They are building up, with around 100,000 troops," he said.'
    q = [{"article_id": "a1", "paragraph": 0, "start": 1, "end": 50, "text": para[1:50], "speaker": "", "party": ""}]
    r = one(para, quotes=q)
    assert (r["claimant"], r["claimant_party"]) == ("", "")


@pytest.mark.parametrize("text,claimant,party", [
    ("Russia has 127,000 troops near Ukraine, according to Ukraine's Defence Ministry.", "Ukraine's Defence Ministry", "Ukraine"),
    ("Ukraine's defence ministry said 127,000 Russian servicemen were stationed there.", "Ukraine's defence ministry", "Ukraine"),
    ("Russia has gathered well over 100,000 soldiers, U.S. officials said.", "U.S. officials", "US"),
    ("Russia has massed 100,000 troops, said Antony Blinken.", "Antony Blinken", "US"),
    ("Russia has 100,000 troops there, Stoltenberg said on Monday.", "Jens Stoltenberg", "NATO"),
    ("He said Russia has 100,000 troops there.", "", ""),                       # a pronoun: never a guess
    ("Russia has 100,000 troops there.", "", ""),                               # no source
    ("NATO ministers met, as Russia's slow build-up of tens of thousands of soldiers went on.", "", ""),
])
def test_claimant(text, claimant, party):
    r = one(text)
    assert (r["claimant"], r["claimant_party"]) == (claimant, party)


def test_participle_cue_speaks_for_the_named_subject():
    r = one("Peskov rejected the claims, saying 10,000 troops had left the border area.")
    assert (r["claimant"], r["claimant_party"]) == ("Dmitry Peskov", "Russia")
    r = one("The ministry rejected the claims, saying 10,000 troops had left the border area.")
    assert r["claimant"] == ""  # an unnamed subject is not guessed


@pytest.mark.parametrize("text,claimant", [
    ("Russia has 100,000 troops near Ukraine, which Kyiv says is a threat to its sovereignty.", ""),
    ("Russia has 100,000 troops near Ukraine, a build-up that Washington says is unprovoked.", ""),
    ("Blinken, who met Lavrov in Geneva, said Russia could double its force of 100,000 troops.", "Antony Blinken"),
    ("Russia has about 100,000 troops in the area, said a Western intelligence official who declined to be named.",
     "a Western intelligence official"),
    ("The Pentagon estimates Russia has about 100,000 troops in the area.", "The Pentagon"),
    ("According to Kyiv, Russia has 127,000 troops near its borders, but Moscow denies the figure.", "Kyiv"),
])
def test_claimant_traps(text, claimant):
    assert one(text)["claimant"] == claimant


def test_audience_of_told_is_not_the_force():
    r = one("Lavrov told Blinken that the 100,000 troops posed no threat.")
    assert r["claimant"] == "Sergei Lavrov"
    assert r["force"] != "US"


def test_places_in_a_list_are_not_the_force():
    rows = run("President Joe Biden ordered about 3,000 troops to Poland, Germany and Romania, "
               "including 1,700 from the 82nd Airborne Division.")
    assert [r["force"] for r in rows] == ["US", "US"]
    r = one("According to Kyiv, Russia has 127,000 troops near its borders.")
    assert r["force"] == "Russia"


def test_coordinated_speech_does_not_claim_the_earlier_figure():
    r = run("Washington has put 8,500 U.S. troops on alert, and President Joe Biden said he would send more.")[0]
    assert r["claimant"] == ""


# ------------------------------------------------------- the annotated articles
def _annotated():
    gold_dir = config.ANNOTATED / "gold"
    for gf in sorted(gold_dir.glob("t_*.json")):
        g = json.loads(gf.read_text(encoding="utf-8"))
        txt = config.ANNOTATED / "articles" / g["article"]
        lines = txt.read_text(encoding="utf-8").split("\n")
        a = Article(txt.stem, lines[0], None, lines[2], "", str(txt), tuple(x.strip() for x in lines[3:] if x.strip()))
        yield a, g


def test_annotated_articles_precision_recall_bounds():
    def same(x, y):  # two bounds agree: both open, or within half a unit
        return (x is None and y is None) or (x is not None and y is not None and abs(x - y) <= 0.5)

    n_gold = n_got = tp = bounds_ok = 0
    for a, g in _annotated():
        quotes = []
        for q in g["quotes"]:
            p = a.paragraphs[q["paragraph"]]
            i = p.find(q["text"])
            quotes.append({"article_id": a.article_id, "paragraph": q["paragraph"], "start": i,
                           "end": i + len(q["text"]), "text": q["text"], "speaker": q["speaker"] or "",
                           "party": q["party"] or ""})
        rows = troops.extract_troops(a, REG, quotes)
        n_gold += len(g["troops"])
        n_got += len(rows)
        used = set()
        for gt in g["troops"]:
            cands = [(i, r) for i, r in enumerate(rows) if i not in used and r["paragraph"] == gt["paragraph"]
                     and overlap(gt["text"], r["text"]) >= 0.5]
            if not cands:
                continue
            i, r = max(cands, key=lambda c: overlap(gt["text"], c[1]["text"]))
            used.add(i)
            tp += 1
            lo = None if gt["qualifier"] == "at_most" else gt["low"]
            hi = None if gt["high"] is None or math.isinf(gt["high"]) else gt["high"]
            bounds_ok += same(r["low"], lo) and same(r["high"], hi) and r["qualifier"] == gt["qualifier"]
        for nt in g["not_troops"]:
            assert not any(r["paragraph"] == nt["paragraph"] and r["text"] == nt["text"] for r in rows), nt
    assert n_gold >= 40
    assert tp / n_got >= 0.95
    assert tp / n_gold >= 0.95
    assert bounds_ok / tp >= 0.95


def test_annotated_articles_list_every_form():
    """The in-house articles cover the forms and distractors the issue names."""
    texts = " ".join(t["text"] for _a, g in _annotated() for t in g["troops"]).lower()
    quals = {t["qualifier"] for _a, g in _annotated() for t in g["troops"]}
    assert quals == {"exact", "approximate", "at_least", "at_most", "range", "vague"}
    for needle in ("tens of thousands", "100k", "250 000", "1.5 million", "a hundred thousand", "two dozen",
                   "battalion tactical groups", "strong", "paratroopers", "service members", "servicemen",
                   "ground forces", "combat troops", "personnel", "soldiers"):
        assert needle in texts, needle


def test_fraction_of_a_million_is_the_whole_figure():
    r = one("Poland's armed forces total roughly a quarter of a million service members.")
    assert r["text"].startswith("roughly a quarter of a million")
    assert (r["value"], r["low"], r["high"], r["qualifier"]) == (250_000, 225_000, 275_000, "approximate")


@pytest.mark.parametrize("text", [
    "Analysts said an assault might kill 3,000 to 8,000 residents and between 2,000 and 6,000 Ukrainian troops.",
    "The shelling killed 40 civilians and some 25 soldiers, officials said.",
    "A long war could leave dead 9,000 civilians or as many as 4,000 servicemen.",
])
def test_casualty_verb_governs_a_later_coordinated_figure(text):
    assert run(text) == []


def test_casualty_verb_in_an_earlier_clause_does_not_cancel_a_force():
    rows = run("The fighting has killed 14,000 people since 2014, and Russia has massed 100,000 troops.")
    assert [r["value"] for r in rows] == [100_000]


@pytest.mark.parametrize("text,value", [
    ("Lithuania is forming a 6,000-strong national guard force for the border districts.", 6_000),
    ("The bloc's 5,000-strong rapid reaction force was put on alert.", 5_000),
    ("Britain sent an 800-strong mechanised infantry battlegroup to Estonia.", 800),
])
def test_strong_compound_with_plain_modifiers_before_the_force_noun(text, value):
    r = one(text)
    assert r["value"] == value and "-strong" in r["text"]


@pytest.mark.parametrize("text", [
    "A 15,000-strong anti-war crowd marched in Moscow.",
    "A 3,000-strong national labour force was idle.",
    "The 40-strong negotiating team flew home from the army base.",
])
def test_strong_compound_before_a_non_troop_noun(text):
    assert run(text) == []


@pytest.mark.parametrize("text,values,units", [
    ("Moscow now fields 95 battalion tactical groups on the frontier, up from 70 in December.",
     [95, 70], ["btg", "btg"]),
    ("Belarus hosts about 30,000 Russian soldiers, compared with 5,000 a month earlier.",
     [30_000, 5_000], ["troops", "troops"]),
    ("The garrison shrank to 2,000 troops, down from roughly 3,500 last year.",
     [2_000, 3_500], ["troops", "troops"]),
])
def test_earlier_figure_after_up_from_inherits_the_unit(text, values, units):
    rows = run(text)
    assert [r["value"] for r in rows] == values
    assert [r["unit"] for r in rows] == units


@pytest.mark.parametrize("text", [
    "Prices rose to 90 dollars, up from 60 a week ago, as troops gathered.",
    "The war has killed 80 soldiers this month, up from 60 in May.",
    "Turnout reached 70 percent, up from 61 in 2019, among soldiers.",
])
def test_up_from_after_a_non_troop_figure(text):
    assert run(text) == []


@pytest.mark.parametrize("text,value,unit,start", [
    ("Reznikov put the number of Russian troops in the border region at 87,000, his ministry said.", 87_000, "troops",
     "troops"),
    ("Western analysts estimated the count of battalion tactical groups in Crimea at about 20.", 20, "btg",
     "battalion"),
    ("The ministry numbered the Belarusian forces taking part in the drills at 9,000.", 9_000, "troops", "forces"),
])
def test_figure_after_at_takes_the_noun_of_the_verbs_object(text, value, unit, start):
    r = one(text)
    assert (r["value"], r["unit"]) == (value, unit)
    assert r["text"].startswith(start)


@pytest.mark.parametrize("text", [
    "Officials put the cost of deploying troops abroad at 4 billion dollars.",
    "He estimated the number of refugees fleeing the troops at 20,000.",
    "The ministry put the number of soldiers killed at 14, troops said.",
    "Analysts put the troops' arrival at 10 p.m.",
])
def test_put_at_with_a_non_troop_object(text):
    assert run(text) == []


def test_bare_groups_count_btgs_once_the_article_names_them():
    rows = run("Russia has moved 40 battalion tactical groups to the frontier.",
               "Another five to eight groups are training in Belarus, the ministry said.")
    assert [(r["value"], r["low"], r["high"], r["unit"]) for r in rows] == [(40, 40, 40, "btg"), (6.5, 5, 8, "btg")]
    assert rows[1]["text"].startswith("Another five to eight groups")


@pytest.mark.parametrize("paras", [
    ("Some 12 groups of protesters gathered outside the ministry, where troops stood guard.",),
    ("Russia has 40 battalion tactical groups near the border.",
     "Twelve human rights groups condemned the arrests of 30 activists."),
])
def test_bare_groups_without_btg_context_or_with_other_nouns(paras):
    rows = run(*paras)
    assert all(r["unit"] == "btg" and r["value"] == 40 for r in rows)


def test_groups_of_something_else_in_a_btg_article():
    rows = run("Russia has 40 battalion tactical groups near the border.",
               "Nine groups of monitors left Donetsk, the mission said.")
    assert [r["value"] for r in rows] == [40]


@pytest.mark.parametrize("text,force", [
    ("Belarus, where Russia has deployed what British officials call several thousand soldiers, held drills.",
     "Russia"),
    ("Moscow has stationed what NATO describes as about 40 battalion tactical groups in Crimea.", "Russia"),
    ("Russia has massed 90,000 troops, according to Kyiv, and has moved what U.S. intelligence calls some 50 battalion tactical groups.", "Russia"),
    ("Kyiv has mobilised what Russian officials term some 125,000 troops near Donbas.", "Ukraine"),
])
def test_what_x_describe_as_the_describers_are_not_the_force(text, force):
    assert run(text)[-1]["force"] == force


@pytest.mark.parametrize("text,claimant", [
    ("Russia has massed 90,000 troops, according to Kyiv, and has moved what U.S. intelligence calls some "
     "50 battalion tactical groups.", "U.S. intelligence"),
    ("Russia has 100,000 troops nearby, according to NATO chief Jens Stoltenberg, and has moved what U.S. "
     "officials call about 60 battalion tactical groups.", "U.S. officials"),
    ("Belarus, where Moscow has sent what British officials describe as several thousand soldiers, held drills.",
     "British officials"),
])
def test_what_x_describe_as_the_describers_are_the_claimant(text, claimant):
    r = run(text)[-1]
    assert r["claimant"] == claimant
    assert r["force"] == "Russia"


def test_what_they_call_leaves_the_sentence_claimant():
    r = one("Moscow has sent what they call 5,000 combat troops, Stoltenberg said.")
    assert r["claimant"] == "Jens Stoltenberg"


# ------------------------------------------------------- party terms, fast path
TRICKY = [
    "Pro-Russian rebels and U.S.-led talks", "U.S-Russia talks", "the U.S.5 plan", "U.SRussia",
    "nato.int says NATO", "Russia's troops, Kyiv_Moscow", "Gary Johnson and Boris Johnson",
    "Russian-backed forces near Ukraine", "(Moscow) “Kyiv” said", "Blinken—Lavrov", "e.g.Russia and U.K.",
    "the Kremlin’s and Washington's envoys", "Secretary of State Antony Blinken met Sergei Lavrov",
    "  Zelenskyy,Putin;Biden", "President Joe Biden's aide", "Stoltenberg/NATO", "NATO-Russia Council",
]


def _paragraphs_of_annotated_articles():
    from analysis.corpus import read_corpus

    arts, _ = read_corpus([config.ROOT / "data" / "annotated" / "articles"], report=lambda m: None)
    return [p for a in arts for p in (a.title, *a.paragraphs)]


def test_party_terms_fast_path_agrees_with_full_tokenisation():
    idx = troops._party_index(REG)
    assert idx.fast
    texts = TRICKY + _paragraphs_of_annotated_articles()
    assert len(texts) > 300
    fast = 0
    for t in texts:
        low = t.lower().replace("’", "'")
        full = idx._find_all_tokens(t, low)
        assert idx.find(t) == full, t
        if troops._GLUED_ABBR.search(low) is None:
            assert idx._find_at_first_words(t, low) == full, t
            fast += 1
    assert fast > 300  # (most text takes the fast path)


@pytest.mark.parametrize("text, parties", [
    ("U.SRussia", ["Russia"]),  # a glued abbreviation: the full tokenisation reads it
    ("Pro-Russian rebels and U.S.-led talks", ["US"]),  # one hyphenated token is no term
    ("Gary Johnson and Boris Johnson", ["UK"]),  # another Johnson is not the registered one
    ("Blinken—Lavrov", ["US", "Russia"]),
])
def test_party_terms_edge_cases(text, parties):
    assert [p for _, _, p in troops._party_terms(text, REG)] == parties


def test_number_word_prefilter_is_the_word_boundary_pattern():
    """_NUMWORD_BOUNDED (on " " + text) stands for ``\\b(?:number words)s?\\b``."""
    import random
    import re

    plain = re.compile(r"\b(?:%s)s?\b" % troops._NUMBER_WORDS)
    rng = random.Random(11)
    parts = ["ten", "tens", "thousand", "thousands", "s", "x", " ", "-", "_", "\u00e9", "2", "often", "scores", "."]
    texts = ["tens of thousands", "often", "hundreds", "a dozen", "\u00e9ten", "ten_", "score"]
    texts += ["".join(rng.choice(parts) for _ in range(rng.randint(1, 8))) for _ in range(5000)]
    for t in texts:
        assert (troops._NUMWORD_BOUNDED.search(" " + t) is None) == (plain.search(t) is None), t


@pytest.mark.parametrize("text, force", [
    ("The Pentagon said 1,700 paratroopers from the 82nd Airborne Division would deploy to Poland.", "US"),
    ("About 4,700 service members of the 82nd Airborne Division could go.", "US"),
    ("About 2,000 troops from the 1st Guards Tank Army arrived near Yelnya.", "Russia"),
    ("Officials said 900 soldiers from Germany would move east.", ""),  # a place: whose troops is not said
])
def test_force_from_a_registered_unit_after_the_noun(text, force):
    assert one(text)["force"] == force


# ---------------------------------------------------------------------- kind
def kinds(text):
    return [(r["value"], r["kind"]) for r in run(text)]


@pytest.mark.parametrize("text,kind", [
    ("The ministry said it had added about 4,000 soldiers to the garrison.", "increment"),
    ("Officials said a further 1,500 paratroopers would arrive within days.", "increment"),
    ("The alliance will send 2,500 additional troops to the northern flank.", "increment"),
    ("Another 650 troops are expected next week.", "increment"),
    ("The premier is thinking about sending up to 3,000 troops to the islands.", "increment"),
    ("The cabinet approved the deployment of 4,200 marines to the islands.", "increment"),
    ("Lawmakers voted to enlarge the reserve by 12,000 troops before 2030.", "increment"),
    ("Some 6,000 soldiers were being moved to the frontier, the agency said.", "increment"),
    ("The junta pulled back some 2,400 troops from the river.", "decrease"),
    ("About 3,000 marines are now returning to their ships.", "decrease"),
    ("The navy said it was withdrawing 850 troops from the training range.", "decrease"),
    ("The alliance has 40,000 troops in the region.", "total"),
    ("More than 90,000 soldiers are stationed near the frontier.", "total"),
    ("Some 14 battalion tactical groups were deployed in the valley for good.", "total"),
])
def test_kind_of_a_figure(text, kind):
    assert one(text)["kind"] == kind


def test_kind_is_read_in_the_figures_own_clause():
    # the verb after the conjunction belongs to the second figure only
    assert kinds("The army has assembled 70,000 troops near the lake and 8,000 more soldiers were on their way.") \
        == [(70_000, "total"), (8_000, "increment")]
    # a parenthesis between dashes is skipped; "already" keeps a total
    assert kinds("Roughly 450 soldiers from the northern garrison - a unit that the general called his best "
                 "- would join 300 troops already on the island.") == [(450, "increment"), (300, "total")]


def test_a_figure_stating_the_make_up_of_another_shares_its_kind():
    assert kinds("Four battalion tactical groups of some 2,600 soldiers were flown to the coast.") \
        == [(4, "increment"), (2_600, "increment")]
    # "with another N" is a second body, not the make-up of the first
    got = kinds("Analysts tallied 38 battalion tactical groups around the port, with another 7 battalion "
                "tactical groups in reserve.")
    assert got == [(38, "total"), (7, "increment")]


def test_kind_values_are_the_contract():
    assert {r["kind"] for r in run("The regime pulled back 5,500 troops.", "Another 1,300 troops arrived.",
                                   "The army has 80,000 troops.")} == {"total", "increment", "decrease"}


# ------------------------------------------------- figures real coverage writes
@pytest.mark.parametrize("text,value", [
    ("By Friday the count of soldiers at the dam had reached 48,000 people, a spokesman claimed.", 48_000),
    ("Drones are tracking military formations that number roughly 37,000 people.", 37_000),
    ("Last autumn the landing component stood at 29,000 people, the navy said.", 29_000),
    ("The kingdom's budget pays nearly 62,000 people in the royal armed forces.", 62_000),
])
def test_people_counted_as_troops_where_the_sentence_says_so(text, value):
    r = one(text)
    assert r["value"] == value and r["unit"] == "troops"


@pytest.mark.parametrize("text", [
    "About 85,000 people attended the rally near the barracks.",
    "The floods displaced 20,000 people, the army said.",
    "The tally of soldiers injured reached 1,700 people.",
])
def test_people_stay_people_elsewhere(text):
    assert run(text) == []


@pytest.mark.parametrize("text,value,unit", [
    ("Observers spotted 28 Belarusian tactical groups on the plain.", 28, "btg"),
    ("The colonel listed 19 battalions along the canal.", 19, "btg"),
    ("Kyiv says 37 battalion tactial groups are near the border.", 37, "btg"),
    ("The report lists roughly 26 so-called \u201cBTGs\u201d in the steppe.", 26, "btg"),
    ("The Pentagon will fly in 6,500 service-members next month.", 6_500, "troops"),
])
def test_unit_variants_and_misspellings(text, value, unit):
    r = one(text)
    assert (r["value"], r["unit"]) == (value, unit)


def test_a_unit_made_of_other_things_is_no_troop_figure():
    assert [r["value"] for r in run("The army moved 9 battalion tactical groups and three battalions of attack "
                                    "helicopters to the north.")] == [9]


def test_a_figure_standing_for_troops_named_before_a_place():
    r = one("Nobody can confirm if the brigades went back to their staging sites, and more than 70,000 stay "
            "on the plain.")
    assert (r["value"], r["low"], r["high"], r["qualifier"]) == (70_000, 70_000, None, "at_least")


def test_the_figure_noun_and_a_comparative_with_the():
    r = one("This would lift the tally of soldiers on the island well above the 42,000 figure from the spring.")
    assert (r["value"], r["low"], r["high"], r["qualifier"]) == (42_000, 42_000, None, "at_least")
    # "about the" is a preposition, not an approximator
    assert one("The minister spoke about the 40,000 troops in the east.")["qualifier"] == "exact"


# --------------------------------------------------------------------- force
@pytest.mark.parametrize("text,force", [
    ("Finland protested at Russia's concentration of more than 46,000 troops on the isthmus.", "Russia"),
    ("Roughly 215,000 people in Kyiv's military were on active duty last winter.", "Ukraine"),
    ("Diplomats fear a strike soon since the Kremlin keeps some 58,000 troops by the lake.", "Russia"),
    ("Russia's concentration of forces facing Ukraine now stands at about 97,000, a think tank estimated.", "Russia"),
])
def test_force_named_by_the_phrase_or_the_clause(text, force):
    assert one(text)["force"] == force


def test_each_figure_of_a_comparison_keeps_its_force():
    rows = run("Nearly 230,000 soldiers in Ukraine's military are few next to Russia's entire strength "
               "of some 850,000.")
    assert [(r["value"], r["force"]) for r in rows] == [(230_000, "Ukraine"), (850_000, "Russia")]


def test_added_with_a_figure_is_a_change_not_a_statement():
    r = one("Over the weekend Russia added roughly 5,000 troops to its garrison on the island, "
            "U.S. officials claimed.")
    assert (r["force"], r["kind"], r["claimant_party"]) == ("Russia", "increment", "US")


def test_a_source_that_is_correct_is_not_the_force():
    rows = run("Russian troops have gathered near the lake.",
               "If Washington is right, at least 90,000 soldiers are now camped by the lake.", title="Russian troops gather")
    assert rows[-1]["force"] == "Russia"


def test_its_troops_take_the_party_the_sentence_before_names():
    rows = run("NATO has put dozens of jets on alert. Its battlegroups in the Baltic states, which total about "
               "4,000 troops, are a tripwire.", title="Russian troops mass near Ukraine")
    assert rows[-1]["force"] == "NATO"


def test_the_make_up_of_a_body_shares_its_force():
    rows = run("Five battalion tactical groups of roughly 3,400 Russian paratroopers were airlifted to the coast, "
               "a report said.")
    assert [r["force"] for r in rows] == ["Russia", "Russia"]


# ------------------------------------------- number forms and non-figures in the stage
@pytest.mark.parametrize("text,value", [
    ("The army has 1.2m troops under arms.", 1_200_000),
    ("The army has gathered 95.000 soldiers near the lake.", 95_000),
    ("The army has gathered 95 000 soldiers near the lake.", 95_000),
    ("Officials said two and a half thousand paratroopers had landed.", 2_500),
    ("The general said one million and a half reservists could be called up.", 1_500_000),
])
def test_number_forms_through_the_stage(text, value):
    assert one(text)["value"] == value


@pytest.mark.parametrize("text", [
    "The 52nd brigade moved to the north.",
    "The one hundred and thirty fourth regiment arrived.",
    "As many as 3,500 Russian soldiers might be killed by the spring, a study warned.",
    "The wall near the barracks is 1.5m high and guarded by soldiers.",
    "Roughly two-thirds of the troops have left.",
    "The battalion lost four point five soldiers on average.",
])
def test_never_troop_figures(text):
    assert run(text) == []


def test_claimant_from_a_following_source_sentence():
    rows = run("Belarus added as many as 2,300 troops at the crossing overnight. That's according to a senior U.S. "
               "defence official.")
    assert (rows[0]["claimant"], rows[0]["claimant_party"], rows[0]["kind"]) == (
        "a senior U.S. defence official", "US", "increment")
    # across a paragraph break, and only a sentence that gives nothing but the source
    rows = run("The army now has about 70,000 soldiers near the lake.", "According to NATO officials, the drills end soon.")
    assert rows[0]["claimant"] == ""
    rows = run("The army now has about 70,000 soldiers near the lake.", "That is according to NATO officials.")
    assert rows[0]["claimant_party"] == "NATO"


def test_claimant_from_an_announcing_sentence_before():
    rows = run("A senior NATO official told reporters: the army now has 110,000 soldiers near the lake.")
    assert rows[0]["claimant_party"] == "NATO"


def test_according_to_keeps_abbreviations():
    assert one("Russia has 90,000 troops near the lake, according to U.S. officials.")["claimant"] == "U.S. officials"


def test_the_word_before_a_term_is_read_as_the_pattern_reads_it():
    # ``_prev_word`` reads backwards what this pattern captures in the 24 characters before s
    import random
    import re

    from analysis.troops import _prev_word
    ref = re.compile(r"([A-Za-z]+)\s+(?:the\s+)?\Z")
    assert _prev_word("troops near the Poland", 16) == "near"
    assert _prev_word("troops bathe Poland", 13) == "bathe"
    assert _prev_word("troops 5 the Poland", 13) == "the"
    assert _prev_word("troopsPoland", 6) is None
    parts = ["a", "T", "the", "he", " ", "  ", "\u00a0", "\t", ".", "5", "é", "'", "near", "The", "th"]
    rng = random.Random(7)
    for _ in range(20000):
        t = "".join(rng.choice(parts) for _ in range(rng.randint(0, 14)))
        s = rng.randint(0, len(t))
        m = ref.search(t, max(0, s - 24), s)
        assert _prev_word(t, s) == (m.group(1) if m else None), (t, s)


def test_the_token_pattern_reads_words_as_the_plain_alternation_does():
    import random
    import re

    from analysis.troops import _TOKEN
    ref = re.compile(r"[A-Za-z](?:\.[A-Za-z])+\.?(?:-[A-Za-z]+)*|[A-Za-z]+(?:[-'’][A-Za-z]+)*(?:['’]s?)?"
                     r"|\d+(?:[.,]\d+)*|\S")
    assert _TOKEN.findall("U.S.-led troops' 1,500 men's") == ["U.S.-led", "troops'", "1,500", "men's"]
    parts = ["a", "B", "U.S.", ".", "-", "'", "’", "s", " ", "5", ",", "é", "x-y", "N.A.T.O", "'s"]
    rng = random.Random(8)
    for _ in range(20000):
        t = "".join(rng.choice(parts) for _ in range(rng.randint(0, 12)))
        assert [m.span() for m in _TOKEN.finditer(t)] == [m.span() for m in ref.finditer(t)], t


def test_a_letter_whose_lower_case_is_longer_leaves_the_sentences_found_alike():
    # "İ" lower-cases to two characters: such a paragraph is read one sentence at a time
    for lead in ("Near İzmir, Russia has massed 100,000 troops. Then 5 more.",
                 "Near Izmir, Russia has massed 100,000 troops. Then 5 more."):
        rows = troops.extract_troops(art(lead, "Another 3,000 soldiers arrived."), REG, [])
        assert [(r["text"], r["value"], r["paragraph"]) for r in rows] == [
            ("100,000 troops", 100_000, 0), ("3,000 soldiers", 3000, 1)]


def test_phrase_matching_tries_no_join_longer_than_a_phrase_can_be():
    # the reference: every length from the longest phrase down, as the stage matched before
    import random

    from analysis.troops import _lex, _match_phrase, _match_phrase_back, _tokens

    def ref(toks, i, table):
        if i >= len(toks) or (toks[i][3] not in table.first and toks[i][3].rstrip(".'") not in table.first):
            return None
        for n in range(min(table.maxn, len(toks) - i), 0, -1):
            key = " ".join(t[3] for t in toks[i:i + n])
            if key in table.map:
                return key, n
            if key.rstrip(".'") != key and key.rstrip(".'") in table.map:
                return key.rstrip(".'"), n
        return None

    def ref_back(toks, j, table):
        if j < 0 or toks[j][3].rstrip(".'") not in table.last:
            return None
        for n in range(min(table.maxn, j + 1), 0, -1):
            key = " ".join(t[3] for t in toks[j - n + 1:j + 1]).rstrip(".'")
            if key in table.map:
                return key, j - n + 1
        return None

    lex = _lex()
    words = sorted({w for t in (lex.units, lex.anchors, lex.distractors) for k in t.map for w in k.split()})
    words += sorted(k for t in (lex.units, lex.anchors, lex.distractors) for k in t.map if " " in k)  # whole phrases
    assert any(" " in w for w in words)
    rng = random.Random(5)
    for _ in range(3000):
        text = " ".join(rng.choice(words) + rng.choice(["", "", ".", "'", "s."]) for _ in range(rng.randint(1, 7)))
        toks = _tokens(text)
        for table in (lex.units, lex.anchors, lex.distractors):
            for i in range(len(toks)):
                assert _match_phrase(toks, i, table) == ref(toks, i, table), text
                assert _match_phrase_back(toks, i, table) == ref_back(toks, i, table), text


def test_the_put_at_pre_test_never_hides_a_match():
    import random

    from analysis.troops import _PUT_AT, _may_put_at
    parts = ["put", "Puts", "ESTIMATED", "numbered", "pegged", "placed", "the", "figure", "at", "some",
             "about", " ", " ", ",", "troops", "ſ", "ı", "PLACES", "estimates"]
    rng = random.Random(9)
    hits = 0
    for _ in range(20000):
        w = "".join(rng.choice(parts) for _ in range(rng.randint(1, 10))) + " at "
        if _PUT_AT.search(w):
            hits += 1
            assert _may_put_at(w), w
    assert hits > 100 and not _may_put_at("the force stood at ")


def test_speech_verbs_found_after_a_leading_class_as_with_a_word_boundary():
    import random

    from analysis.troops import _SAYS_LOW, _SAYS_LOW_SPACED
    parts = ["said", "says", "estimates", "estimates that", "puts the figure", "according", " ", ",", "x",
             "added", "_", "5", "unsaid", "told", ".", "é"]
    rng = random.Random(11)
    for _ in range(20000):
        t = "".join(rng.choice(parts) for _ in range(rng.randint(0, 10)))
        want = [m.span() for m in _SAYS_LOW.finditer(t)]
        assert [(m.start(1) - 1, m.end(1) - 1) for m in _SAYS_LOW_SPACED.finditer(" " + t)] == want, t


def test_tokens_cut_by_white_space_are_the_pattern_tokens():
    import random
    import re

    from analysis.troops import _tokens
    ref_re = re.compile(r"[A-Za-z](?:\.[A-Za-z])+\.?(?:-[A-Za-z]+)*|[A-Za-z]+(?:[-'’][A-Za-z]+)*(?:['’]s?)?"
                        r"|\d+(?:[.,]\d+)*|\S")

    def ref(text):
        low = text.lower().replace("’", "'")
        return [(m.group(), m.start(), m.end(), low[m.start():m.end()]) for m in ref_re.finditer(text)]

    parts = ["a", "B", "U.S.", ".", "-", "'", "’", "s", " ", "  ", "\t", "5", ",", "é", "x-y", "N.A.T.O",
             "'s", ")", "(", "?", "\u00a0", ";", "troops", "1,500"]
    rng = random.Random(12)
    for _ in range(20000):
        t = "".join(rng.choice(parts) for _ in range(rng.randint(0, 12)))
        assert _tokens(t) == ref(t), t
