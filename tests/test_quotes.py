"""The quotes stage: every quote form, attribution form and speaker rule of issue 3."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.actors import load_registry
from analysis.corpus import Article
from analysis.quotes import extract_quotes, quote_spans

COLUMNS = {"article_id", "paragraph", "start", "end", "text", "speaker", "title", "party", "cue", "kind",
           "confidence", "quote_id"}


@pytest.fixture(scope="module")
def reg():
    return load_registry()


def art(*paragraphs, aid="t"):
    return Article(aid, "Title", "2022-01-12", "", "", "", tuple(paragraphs))


def quotes(reg, *paragraphs):
    return extract_quotes(art(*paragraphs), reg)


def one(reg, *paragraphs):
    rows = quotes(reg, *paragraphs)
    assert len(rows) == 1, rows
    return rows[0]


# ----------------------------------------------------------------- rows

def test_rows_have_contract_columns_offsets_and_ids(reg):
    paras = ('"We are ready to talk," Jens Stoltenberg said. "But not about that."',
             'Sergei Lavrov said: "Our patience has limits."')
    rows = extract_quotes(art(*paras, aid="a1"), reg)
    assert len(rows) == 3
    for i, r in enumerate(rows):
        assert COLUMNS <= set(r)
        assert paras[r["paragraph"]][r["start"]:r["end"]] == r["text"]
        assert r["quote_id"] == f"a1:q{i}"
        assert 0 <= r["confidence"] <= 1
        assert r["kind"] in ("full", "partial")
    assert [r["paragraph"] for r in rows] == [0, 0, 1]


def test_no_quotes_no_rows(reg):
    assert quotes(reg, "Russia massed troops near the border.", "") == []


# ---------------------------------------------------------- quote forms

def test_full_quote_attribution_after(reg):
    r = one(reg, '"We will keep every channel open," Wendy Sherman said.')
    assert r["text"] == "We will keep every channel open,"
    assert (r["speaker"], r["party"], r["cue"], r["kind"]) == ("Wendy Sherman", "US", "say", "full")


def test_multi_sentence_quote(reg):
    r = one(reg, 'Sergei Ryabkov said: "The situation is dangerous. We cannot accept this. It must stop."')
    assert r["text"].count(".") == 3
    assert r["speaker"] == "Sergei Ryabkov" and r["party"] == "Russia"


def test_partial_quote_inside_sentence(reg):
    r = one(reg, 'Grushko described the meeting as a "moment of truth" for European security.')
    assert r["text"] == "moment of truth"
    assert r["speaker"] == "Alexander Grushko" and r["party"] == "Russia"
    assert r["kind"] == "partial" and r["cue"] == "describe"


def test_quote_split_around_attribution(reg):
    rows = quotes(reg, '"Moscow was not ready to sign anything," Stoltenberg said. "Nor did it walk away."')
    assert [r["speaker"] for r in rows] == ["Jens Stoltenberg"] * 2
    assert {r["party"] for r in rows} == {"NATO"}


def test_attribution_inside_one_sentence(reg):
    rows = quotes(reg, '«We will stand together with our brothers,» Lukashenko said, «as we always have.»')
    assert [r["text"] for r in rows] == ["We will stand together with our brothers,", "as we always have."]
    assert {r["speaker"] for r in rows} == {"Alexander Lukashenko"}
    assert {r["party"] for r in rows} == {"Belarus"}


def test_attribution_before_with_colon(reg):
    r = one(reg, 'Just ahead of the talks, Kremlin spokesman Dmitry Peskov said: "NATO is a threat to us."')
    assert r["speaker"] == "Dmitry Peskov" and r["title"] == "Kremlin spokesman" and r["party"] == "Russia"


@pytest.mark.parametrize("open_, close", [('"', '"'), ("“", "”"), ("«", "»"), ("''", "''"), ("„", "“")])
def test_every_kind_of_quote_mark(reg, open_, close):
    par = f"{open_}Dialogue is the only way forward,{close} Olaf Scholz said."
    r = one(reg, par)
    assert r["text"] == "Dialogue is the only way forward,"
    assert r["speaker"] == "Olaf Scholz" and r["party"] == "Germany"


def test_apostrophes_are_never_paired(reg):
    par = "''We didn't come here for the countries' leaders to lecture us,'' Lavrov said, ''and we won't stay.''"
    rows = quotes(reg, par)
    assert [r["text"] for r in rows] == ["We didn't come here for the countries' leaders to lecture us,",
                                         "and we won't stay."]
    curly = one(reg, "“NATO’s allies didn’t listen,” Peskov said.")
    assert curly["text"] == "NATO’s allies didn’t listen,"


def test_single_quotes_are_not_quote_marks():
    assert quote_spans("The 'open door' is a NATO principle, officials' notes say.") == []


def test_unclosed_quote_ends_at_paragraph_end(reg):
    rows = quotes(reg, 'A Downing Street spokesman said: "Any incursion would be a massive strategic mistake.',
                  "The prime minister will travel to the region next week.")
    assert len(rows) == 1
    r = rows[0]
    assert r["text"] == "Any incursion would be a massive strategic mistake."
    assert r["party"] == "UK"


def test_unclosed_quote_continues_in_next_paragraph_with_one_speaker(reg):
    rows = quotes(reg, 'Michael Carpenter said: "The drumbeat of war is loud.',
                  '"Russia\'s demands would divide Europe into spheres of influence."')
    assert len(rows) == 2
    assert [r["speaker"] for r in rows] == ["Michael Carpenter", "Michael Carpenter"]
    assert rows[1]["paragraph"] == 1


def test_new_quote_opening_inside_an_unclosed_one(reg):
    spans = quote_spans('He said: "first part. "Second part," she said.')
    assert len(spans) == 2


# ---------------------------------------------------------- scare quotes

@pytest.mark.parametrize("par", [
    "The West defends NATO's \"membership path\" for any future applicants.",
    "Moscow's list of \"security guarantees\" includes a halt to NATO's expansion.",
    "Western capitals fear a repeat of the \"little green men\" who seized Crimea.",
    "Germany and France want to revive the \"Normandy Format\" talks.",
    "Officials dismissed Moscow's claims of \"encirclement\" as a pretext.",
])
def test_scare_quotes_are_not_quotations(reg, par):
    assert quotes(reg, par) == []


def test_short_attributed_partial_quote_is_kept(reg):
    r = one(reg, 'Kuleba said Kyiv had "no illusions" about Moscow.')
    assert r["text"] == "no illusions" and r["speaker"] == "Dmytro Kuleba"


# ------------------------------------------------------- speaker forms

def test_title_separated_from_name(reg):
    r = one(reg, '"Russia must decide," U.S. Deputy Secretary of State Wendy Sherman said.')
    assert r["speaker"] == "Wendy Sherman"
    assert r["title"] == "U.S. Deputy Secretary of State"


def test_appositive_title(reg):
    r = one(reg, '"We will respond," Dmitry Peskov, the Kremlin\'s spokesman, said.')
    assert r["speaker"] == "Dmitry Peskov" and r["title"] == "Kremlin's spokesman" and r["party"] == "Russia"


def test_inverted_attribution_with_appositive(reg):
    r = one(reg, '"The Kremlin has not decided," said Samuel Charap, a political scientist at the RAND Corporation.')
    assert r["speaker"] == "Samuel Charap"
    assert r["title"].startswith("political scientist")


def test_according_to(reg):
    r = one(reg, 'According to Ned Price, the talks were "frank and direct."')
    assert r["speaker"] == "Ned Price" and r["party"] == "US" and r["cue"] == "according to"


def test_told_reporters_gives_the_speaker_not_the_listener(reg):
    r = one(reg, '"We were firm," Sherman told reporters after the meeting.')
    assert r["speaker"] == "Wendy Sherman" and r["cue"] == "tell"
    r = one(reg, 'Zelensky told Reuters: "We need more than words."')
    assert r["speaker"] == "Volodymyr Zelensky" and r["party"] == "Ukraine"


def test_dash_attribution(reg):
    r = one(reg, '"Dialogue is not a sign of weakness." — NATO spokesperson Oana Lungescu')
    assert r["speaker"] == "Oana Lungescu" and r["party"] == "NATO"


def test_organisation_as_speaker(reg):
    r = one(reg, 'The Kremlin said in a statement that the alliance was "not ready to listen."')
    assert r["speaker"] == "Kremlin" and r["party"] == "Russia"
    r = one(reg, '"Talks will continue," the State Department said.')
    assert r["party"] == "US" and "State Department" in r["speaker"]


def test_unregistered_speaker_keeps_name_without_party(reg):
    r = one(reg, '"This is a dangerous moment," said Fiona Hargreaves, a historian.')
    assert r["speaker"] == "Fiona Hargreaves" and r["party"] == ""


def test_name_variants_resolve_to_one_person(reg):
    for spelling in ("Zelensky", "Zelenskyy", "Zelenskiy"):
        r = one(reg, f'"We are grateful," {spelling} said.')
        assert r["person"] == "Volodymyr Zelensky" and r["party"] == "Ukraine"
        assert r["speaker"].split()[-1] == spelling  # as the article spells it


def test_surname_resolved_to_the_full_name_given_earlier(reg):
    rows = quotes(reg, "Anna Kovalenko, a lawmaker, arrived in Brussels on Tuesday.",
                  '"We are not afraid," Kovalenko said.')
    assert rows[0]["speaker"] == "Anna Kovalenko"


# ------------------------------------------------------------- pronouns

def test_pronoun_resolved_in_same_paragraph(reg):
    r = one(reg, 'Peskov refused to be drawn on the question. "We would not like to throw around threats," he added.')
    assert r["speaker"] == "Dmitry Peskov" and r["cue"] == "add"


def test_pronoun_opening_a_paragraph_without_antecedent_stays_empty(reg):
    rows = quotes(reg, "The ministers left the hall without a joint statement.",
                  '"Kyiv poses no danger to anyone," he said.')
    assert rows[0]["speaker"] == "" and rows[0]["party"] == ""


def test_pronoun_of_other_gender_is_not_resolved(reg):
    rows = quotes(reg, '"Everything is being discussed," Scholz said.', '"We must show unity," she said.')
    assert rows[0]["speaker"] == "Olaf Scholz"
    assert rows[1]["speaker"] == "" and rows[1]["party"] == ""


def test_pronoun_to_the_only_speaker_of_previous_paragraph(reg):
    rows = quotes(reg, '"The situation is very dangerous," Ryabkov said.',
                  'He described the talks as "difficult, long, very professional" on Monday.')
    assert rows[1]["speaker"] == "Sergei Ryabkov"


def test_unattributed_quote_paragraph_is_empty(reg):
    rows = quotes(reg, "NATO allies rejected the demand on Wednesday.",
                  '"NATO has never expanded through force or coercion."')
    assert rows[0]["speaker"] == "" and rows[0]["party"] == ""


def test_vague_speaker_is_empty(reg):
    r = one(reg, '"The door to diplomacy remains open," an aide said.')
    assert r["speaker"] == "" and r["party"] == ""


# ---------------------------------------------------------------- roles

def test_role_resolved_to_person_named_in_that_role(reg):
    rows = quotes(reg, "Ukraine's foreign minister, Dmytro Kuleba, spoke in Kyiv.",
                  '"Nothing about Ukraine without Ukraine," the minister said.')
    assert rows[0]["speaker"] == "Dmytro Kuleba" and rows[0]["party"] == "Ukraine"


def test_role_not_named_keeps_role_with_its_party(reg):
    r = one(reg, 'After the meeting, the senior U.S. diplomat said: "We will keep every channel open."')
    assert r["speaker"] == "senior U.S. diplomat" and r["party"] == "US"


def test_bare_role_never_named_is_empty(reg):
    r = one(reg, '"We are watching closely," the minister said.')
    assert r["speaker"] == "" and r["party"] == ""


def test_former_officials_speak_for_no_side(reg):
    r = one(reg, '"This is a crisis," said a former U.S. ambassador to Moscow.')
    assert r["party"] == ""


# -------------------------------------------------------------- samples

def test_paragraph_with_out_of_order_pronoun(reg):
    paras = (
        "Afterwards, the delegations flew home without setting a date for another round.",
        '"Every country is free to pick its partners... and to defend itself. Our neighbours have nothing to fear," '
        'he said. "It is the other side that keeps raising the stakes.',
        '"The other side was not ready to sign off on that plan," alliance Secretary General Jens Stoltenberg warned:',
    )
    rows = quotes(reg, *paras)
    assert [r["speaker"] for r in rows] == ["", "", "Jens Stoltenberg"]
    assert rows[2]["cue"] == "warn" and rows[2]["party"] == "NATO"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab C.,:'\"“”«»-— ")), max_size=60), min_size=1, max_size=4))
def test_offsets_always_point_at_the_text(paras):
    reg = load_registry()
    rows = extract_quotes(art(*paras), reg)
    for r in rows:
        assert paras[r["paragraph"]][r["start"]:r["end"]] == r["text"]
        assert r["text"].strip() == r["text"] and re.search(r"\w", r["text"])


def test_deterministic(reg):
    paras = ('"A," Stoltenberg said. "B and more words here."', 'He added: "C and D are here."')
    assert extract_quotes(art(*paras), reg) == extract_quotes(art(*paras), reg)


def test_role_with_complement_is_not_the_complement(reg):
    r = one(reg, '"We are ready to talk," said Russia\'s ambassador to the United Nations.')
    assert r["speaker"] != "United Nations" and "ambassador" in r["speaker"]
    assert r["party"] == "Russia"
    r = one(reg, '"It was a mistake," said a spokesman for Vladimir Putin.')
    assert "spokesman" in r["speaker"] and r["party"] == "Russia"


def test_nouns_spelled_like_cue_verbs_are_not_cues(reg):
    rows = quotes(reg, "Jens Stoltenberg called Lavrov's remarks a \"clear provocation\" and \"a step back.\"")
    assert {r["speaker"] for r in rows} == {"Jens Stoltenberg"}


def test_participle_takes_the_clause_subject(reg):
    r = one(reg, "At a news conference in Kyiv, Dmytro Kuleba thanked the allies, saying that Ukraine "
                 "would \"never accept a veto from Moscow.\"")
    assert r["speaker"] == "Dmytro Kuleba" and r["party"] == "Ukraine"


def test_one_word_quote_kept_only_when_a_side_is_said_to_use_it(reg):
    r = one(reg, 'Dmitry Peskov, President Vladimir Putin\'s spokesman, dismissed the accusations as "hysteria."')
    assert r["text"] == "hysteria." and r["speaker"] == "Dmitry Peskov" and r["party"] == "Russia"
    assert quotes(reg, 'The columnist said the debate was "brusk" and "tough" at times.') == []


# ------------------------------------------------ the subject of a clause

def test_participle_subject_with_lowercase_title_words_and_an_adverb(reg):
    r = one(reg, 'Russian Deputy Foreign Minister Sergei Ryabkov quickly took to Telegram, writing: '
                 '"We will not back down."')
    assert r["speaker"] == "Sergei Ryabkov" and r["party"] == "Russia" and r["cue"] == "write"
    r = one(reg, 'Republican presidential hopeful Dana Whitlock later went on the attack, saying, '
                 '"Nobody in this race has a plan for the border."')
    assert r["speaker"] == "Dana Whitlock"


def test_lone_surname_subject_named_in_full_after_a_title(reg):
    rows = quotes(reg, "Polish Defence Minister Mariusz Blaszczak visited the base on Monday.",
                  'Blaszczak didn’t seem convinced by the offer, telling reporters, "Words are cheap."')
    assert [r["speaker"] for r in rows] == ["Mariusz Blaszczak"]


@pytest.mark.parametrize("dateline", ["VIENNA, Feb 3 (Wire) - ", "VIENNA, Feb. 3 (Reuters) - ", "VIENNA (AFP) - ",
                                      "KYIV, Ukraine — ", ""])
def test_a_dateline_is_never_the_speaker(reg, dateline):
    rows = quotes(reg, dateline + "Russia's ambassador to the OSCE told a special session that Moscow had no "
                                  'intention of attacking anyone and accused the United States of "pumping weapons" '
                                  "into Ukraine.")
    assert [(r["speaker"], r["party"]) for r in rows] == [("Russia's ambassador to the OSCE", "Russia")]


def test_capitalised_noun_opening_a_sentence_is_not_a_speaker(reg):
    rows = quotes(reg, 'Sanctions are "a blunt instrument with many side effects" and "slow to bite," '
                       'Jake Sullivan said.')
    assert {r["speaker"] for r in rows} == {"Jake Sullivan"}
    rows = quotes(reg, 'Analysts expect the talks to fail. Unless Moscow blinks, "there is very little '
                       'room left for a deal here."')
    assert [r["speaker"] for r in rows] == [""]


def test_institution_subject_of_a_partial_quote_gets_no_side_from_an_adjective(reg):
    r = one(reg, 'In late January, the American Enterprise Institute published its review and deemed '
                 'the plan "a dangerous gamble for everyone involved."')
    assert r["speaker"] == "American Enterprise Institute" and r["party"] == ""
    r = one(reg, 'The Kremlin has rejected the proposal, calling it "a non-starter from the very beginning."')
    assert r["speaker"] == "Kremlin" and r["party"] == "Russia"


def test_possessive_institution_subject_of_a_participle(reg):
    r = one(reg, "Baerbock’s ministry shrugged off the criticism, telling reporters, "
                 '"The minister has said all there is to say."')
    assert "ministry" in r["speaker"]


def test_described_subject_is_not_the_place_inside_it(reg):
    r = one(reg, 'One diplomat inside the talks tried to play down the rift, saying it was "nothing unusual at all."')
    assert "diplomat" in r["speaker"] and r["party"] == ""


def test_scare_term_after_a_subject_and_verb_stays_unreported(reg):
    assert quotes(reg, 'Moscow resents NATO\'s "membership path" more than anything.') == []


# ------------------------------------------------ described speakers after a quote

def test_described_speaker_before_the_verb(reg):
    r = one(reg, '"Nobody in this room believes the deadline," the Lithuanian delegate wrote.')
    assert "delegate" in r["speaker"] and r["cue"] == "write"
    r = one(reg, '"Will he come back to the table?" a Western negotiator in the room wondered.')
    assert "negotiator" in r["speaker"]


def test_described_speaker_after_an_inverted_verb(reg):
    r = one(reg, '"It was not a convincing answer," said one diplomat familiar with the talks, who added more.')
    assert r["speaker"] == "one diplomat familiar with the talks" and r["party"] == ""
    r = one(reg, '"We will not retreat," said a senior Russian official.')
    assert "official" in r["speaker"] and r["party"] == "Russia"


def test_described_speaker_gets_no_side_from_an_adjective_unless_an_official(reg):
    r = one(reg, '"The queues at the border are endless," tweeted a Dutch user from Utrecht.')
    assert "user" in r["speaker"] and r["party"] == ""


def test_bare_vague_description_stays_empty(reg):
    assert one(reg, '"We will not retreat," said an aide.')["speaker"] == ""


def test_participle_object_is_not_a_described_speaker(reg):
    rows = quotes(reg, 'Jake Sullivan defended the plan as "fair to everyone," saying the allies had been "consulted '
                       'at every single step."')
    assert {r["speaker"] for r in rows} == {"Jake Sullivan"}


def test_any_inverted_verb_after_an_exclamation_names_the_speaker(reg):
    r = one(reg, '"This is a great day for Kyiv!" beamed Oksana Melnyk, a volunteer at the station.')
    assert r["speaker"] == "Oksana Melnyk"


def test_capitalised_name_spelled_like_a_modal(reg):
    rows = quotes(reg, "The columnist George Will visited Kyiv in January.",
                  '"A siege of a partner\'s capital should worry us all," Will wrote.')
    assert rows[0]["speaker"] == "George Will"


# ------------------------------------------------ lead-ins: titles with abbreviations, headers, paragraphs

def test_inverted_titled_name_with_abbreviations(reg):
    rows = quotes(reg, '"We have seen this before," said former Vermont Gov. and party Chairman '
                       'Linas Vaitkus. "It ends badly."')
    assert [r["speaker"] for r in rows] == ["Linas Vaitkus", "Linas Vaitkus"]


def test_described_subject_right_before_a_speech_verb(reg):
    r = one(reg, 'Another source familiar with the Pentagon’s planning said, "No unit has been told to move yet."')
    assert "source familiar" in r["speaker"]


def test_name_after_a_dash_introduces_a_quote_with_a_colon(reg):
    r = one(reg, 'WHY THE TALKS STALLED - Anna Kowalczyk: "Neither side came with anything new to offer."')
    assert r["speaker"] == "Anna Kowalczyk" and r["title"] == ""


def test_quote_paragraph_after_a_paragraph_reporting_one_person(reg):
    rows = quotes(reg, "Secretary of State Antony Blinken met his counterpart in Geneva.",
                  "Blinken argued in a briefing that the allies had offered a serious path.",
                  '"We have put real proposals on the table. Now it is up to Moscow."')
    assert rows[0]["speaker"] == "Antony Blinken" and rows[0]["party"] == "US"


def test_quote_paragraph_after_a_paragraph_about_one_person(reg):
    rows = quotes(reg, "Veteran organiser Marta Lis has campaigned for refugees since 2014.",
                  "Lis is upbeat about the town's chances of coping with the arrivals.",
                  '"We have done this before and we will do it again."')
    assert rows[0]["speaker"] == "Marta Lis"


def test_quote_paragraph_after_a_paragraph_with_two_people_stays_empty(reg):
    rows = quotes(reg, "Antony Blinken and Sergei Lavrov met in Geneva for ninety minutes.",
                  '"We have put real proposals on the table."')
    assert rows[0]["speaker"] == ""


def test_quote_sentence_after_a_sentence_about_one_person(reg):
    rows = quotes(reg, "Kaja Kallas spoke in Tallinn.",
                  'Kallas touted her record on defence spending. "We were warning about this for years."')
    assert rows[0]["speaker"] == "Kaja Kallas"


def test_qualifying_title_word_does_not_make_a_place_a_surname(reg):
    r = one(reg, 'Former Vermont governor Tom Hale (D), a longtime ally, praised the deal, calling it '
                 '"an incredible feat of diplomacy."')
    assert r["speaker"] == "Tom Hale"


def test_possessor_is_not_part_of_a_name(reg):
    r = one(reg, "In early January, Scholz’s Bavarian campaign director, Lena Vogt, reached out to donors, "
                 'writing in an email: "We need every volunteer we can get."')
    assert r["speaker"] == "Lena Vogt"


def test_an_indefinite_lowercase_institution_is_not_a_speaker(reg):
    rows = quotes(reg, '"You will have trouble," said Tom Hale, organizer of a group called Friends of Kyiv, '
                       'which expects 500 people. "They made it more dangerous."')
    assert [r["speaker"] for r in rows] == ["Tom Hale", "Tom Hale"]


def test_a_thing_said_is_not_its_speaker(reg):
    r = one(reg, "The Estonian minister’s answer was that \"the best deterrent is a credible one\" so allies should stay.")
    assert r["speaker"] == ""


def test_heres_name_before_a_colon(reg):
    r = one(reg, 'Boris Johnson spoke often about it. Here’s Johnson in March 2014: "No one can redraw borders by force."')
    assert r["speaker"] == "Boris Johnson"


def test_surname_spelled_like_a_title_word(reg):
    r = one(reg, '"They are still waiting for their claims," Anna Pope, a deputy adviser, said on a call.')
    assert r["speaker"] == "Anna Pope"
    r = one(reg, '"It is risky to walk into that," Mr. Prince said.')
    assert r["speaker"] == "Prince"


def test_an_institution_ending_in_a_title_word_is_not_a_person(reg):
    r = one(reg, 'A memo from the union seen by The Associated Press cautions that "no member will sign the new '
                 'contract as written."')
    assert r["speaker"] != "Associated Press"


def test_attribution_closing_the_sentence_after_another_verb(reg):
    r = one(reg, '"The roads are quieter now," and volunteers started coming back over the weekend, Kovacs said.')
    assert r["speaker"] == "Kovacs"


def test_relative_clause_after_a_described_subject(reg):
    r = one(reg, 'A senior NATO official who spoke on condition of anonymity said Wednesday, '
                 '"Certainly there are discussions about more troops."')
    assert "NATO official" in r["speaker"] and r["party"] == "NATO"


def test_dateline_before_the_subject(reg):
    r = one(reg, "BRUSSELS, Jan. 12 (Reuters) — The European Leadership Network released a statement on Wednesday, "
                 'offering "a sober reading of the crisis."')
    assert r["speaker"] == "European Leadership Network" and r["party"] == ""


def test_dash_leads_into_a_quote_like_a_colon(reg):
    rows = quotes(reg, "Kaja Kallas spoke in Tallinn.",
                  'Kallas also defended the new spending plan -- "We cannot wait for the next crisis."')
    assert rows[0]["speaker"] == "Kaja Kallas"


def test_lone_surname_written_capitalised_mid_sentence_is_a_name(reg):
    rows = quotes(reg, "The crowd cheered for Horvat on Sunday.",
                  'Horvat compared himself to the incumbent, saying, "I have never taken a cent from lobbyists."')
    assert rows[0]["speaker"] == "Horvat"


def test_plural_noun_opening_a_sentence_is_not_a_name(reg):
    rows = quotes(reg, "Tanks rolled through the town.",
                  'Tanks are "a symbol of the old way of fighting," and drones are "the new one."')
    assert all(r["speaker"] == "" for r in rows)


def test_a_sentence_about_a_question_is_not_its_attribution(reg):
    r = one(reg, 'Kaja Kallas, tired, finally replied: "Why should that matter to anyone today?" '
                 "Her critics cited it as proof that she had stopped listening.")
    assert r["speaker"] == "Kaja Kallas"


def test_long_clause_closed_by_the_attribution(reg):
    r = one(reg, '"We are angry and exhausted" by the fire at the depot that had made headlines all over the '
                 'region and brought far more questions at home, Kovalenko said.')
    assert r["speaker"] == "Kovalenko"


def test_pronoun_inside_a_relative_clause_after_a_quote_is_not_the_speaker(reg):
    rows = quotes(reg, "Senator Jon Hale spoke to reporters.",
                  'Hale said he opposed the bill because "it was stuffed with extras nobody asked for," '
                  "including clauses he said would slow the transfers.")
    assert rows[0]["speaker"] == "Jon Hale"


def test_owner_of_a_speech_noun_around_a_quote(reg):
    r = one(reg, 'Mark Rutte’s "coalition of the willing" remark was quickly walked back.')
    assert r["speaker"] == "Mark Rutte"
    r = one(reg, 'The summit was moved to Vilnius because, in Nauseda’s words, "this is where the front line runs now."')
    assert r["speaker"] == "Nauseda"


def test_speech_noun_that_a_quote_evaluates_is_not_its_speaker(reg):
    rows = quotes(reg, "Jake Sullivan spoke on Tuesday.",
                  'Sullivan said Lavrov’s words and deeds "add up to pressure on the neighbours."')
    assert rows[0]["speaker"] == "Jake Sullivan"


def test_verb_of_a_closed_subordinate_clause_does_not_take_the_quote(reg):
    r = one(reg, 'Sen. Jon Hale said that once the budget vote is over, "I plan to visit every county."')
    assert r["speaker"] == "Jon Hale"
    r = one(reg, "Kaja Kallas said that when Mr. Lavrov railed against the alliance in Geneva, "
                 '"he was speaking for the Kremlin alone."')
    assert r["speaker"] == "Kaja Kallas"


def test_short_regular_past_tense_ends_the_subject(reg):
    r = one(reg, "Polish MP Adam Nowak used to back the coalition, but now said the government had "
                 '"the duty to bring everyone together."')
    assert r["speaker"] == "Adam Nowak"


def test_name_set_off_by_commas_after_a_long_opening(reg):
    r = one(reg, "Tuesday at the university in Tartu, after winning the local vote, Mayor Urmas Klaas (Reform), said, "
                 '"We are getting ready for a long winter."')
    assert r["speaker"] == "Urmas Klaas"


def test_described_subject_of_a_partial_quote(reg):
    r = one(reg, "The Lithuanian delegation sent a letter to the allies on Tuesday, urging them to "
                 '"stand firm and send more air defence."')
    assert "delegation" in r["speaker"] and r["party"] == ""


def test_envoy_to_an_institution_keeps_his_own_side(reg):
    r = one(reg, "Russia's envoy to the European Union, Vladimir Chizhov, said Moscow would study the answers "
                 'but warned that "the clock is ticking."')
    assert r["speaker"] == "Vladimir Chizhov" and r["party"] == "Russia"
    r = one(reg, '"We will respond in kind," the European Union said.')
    assert r["speaker"] == "European Union" and r["party"] == "EU"


def test_role_resolved_through_the_registry_title(reg):
    rows = quotes(reg, "Ukraine's defence minister spoke to parliament on Monday.",
                  "Oleksii Reznikov said Russia had moved more units to the border.",
                  '"There is no reason to believe an attack is imminent," the minister said.')
    assert rows[0]["speaker"] == "Oleksii Reznikov" and rows[0]["party"] == "Ukraine"


def test_role_with_two_people_named_in_it_together_stays_empty(reg):
    rows = quotes(reg, "Oleksii Reznikov and Dmytro Kuleba met in Kyiv.", '"We are ready," the minister said.')
    assert rows[0]["speaker"] == ""


def test_title_abbreviations_do_not_end_a_sentence(reg):
    r = one(reg, '"This was the turning point," said Rev. Taras Melnyk, then pastor of a church in Lviv.')
    assert r["speaker"] == "Taras Melnyk" and r["title"].startswith("Rev")


def test_plural_possessor_is_never_a_speaker(reg):
    rows = quotes(reg, "Lavrov complained about the United States' plans for the Baltics, "
                       "and said ''nobody believes it any more.''")
    assert all(not r["speaker"].endswith(("'", "’")) for r in rows)


def test_plural_noun_spelled_like_a_verb_is_not_a_cue(reg):
    rows = quotes(reg, 'The Kremlin called the warnings "groundless" and said Russia would take "retaliatory steps" '
                       "if NATO deployed more forces in the Baltic states.")
    assert [r["speaker"] for r in rows] == ["Kremlin", "Kremlin"]


def test_definite_role_refers_back_to_the_one_description_in_the_paragraph(reg):
    r = one(reg, "A senior U.S. official briefed reporters on condition of anonymity. The official said Washington "
                 'had seen no movement, and called the assurance "hard to believe."')
    assert "senior U.S. official" in r["speaker"] and r["party"] == "US"
    r = one(reg, 'A Russian official and a U.S. official met. The official said it was "hard to believe."')
    assert r["speaker"] == "" and r["party"] == ""


def test_a_title_with_a_subtitle_is_not_a_quotation(reg):
    rows = quotes(reg, 'In her book "Winter on the Steppe: A History of the Border Wars," the historian '
                       'traced the dispute. "Nobody wanted this war," Anna Kovac said.')
    assert [r["text"] for r in rows] == ["Nobody wanted this war,"]
    assert rows[0]["speaker"] == "Anna Kovac"
    # a speaker's words with a colon in them stay a quotation
    r = one(reg, '"Here is the problem: they never answered our letter," Jens Stoltenberg said.')
    assert r["speaker"] == "Jens Stoltenberg"


def test_a_headline_cited_with_its_byline_is_not_a_quotation(reg):
    rows = quotes(reg, 'TALKS STALL—"Envoys leave Geneva without a deal," by the Herald\'s Tom Berry: '
                       '"The envoys left the lakeside hotel after eight hours of talks."')
    assert all("Envoys leave Geneva" not in r["text"] for r in rows)
    # words followed by 'by' and their speaker are still a quotation
    rows = quotes(reg, 'He rejected the "reckless, dangerous and unprovoked," by his own account, '
                       'build-up of troops near the border, Jens Stoltenberg said.')
    assert any(r["text"].startswith("reckless, dangerous") for r in rows)


def test_a_capitalised_first_part_of_a_split_quote_is_speech_not_a_title(reg):
    rows = quotes(reg, '"Make No Mistake," Jens Stoltenberg said, "the alliance will defend every inch."')
    assert [r["text"] for r in rows] == ["Make No Mistake,", "the alliance will defend every inch."]
    assert {r["speaker"] for r in rows} == {"Jens Stoltenberg"}
    # the same words as a programme's name inside a sentence stay a title
    rows = quotes(reg, 'Speaking on "Make No Mistake," Jens Stoltenberg said the alliance was ready.')
    assert rows == []


def test_a_clause_opened_by_a_conjunction_does_not_attribute_the_quote_before_it():
    from analysis.actors import load_registry
    from analysis.corpus import Article

    para = ('Poland\'s envoy called the offer "a dead end," while Germany\'s representative described it '
            'as a first step.')
    rows = extract_quotes(Article("t", "t", "2022-01-01", "u", "", "s", (para,)), load_registry())
    assert len(rows) == 1 and rows[0]["text"] == "a dead end,"
    assert rows[0]["party"] != "Germany" and "Germany" not in rows[0]["speaker"]
    assert rows[0]["speaker"] in ("", "Poland's envoy", "envoy")


def test_a_registered_speaker_keeps_the_article_spelling_and_the_registry_name(reg):
    rows = quotes(reg, 'Ukrainian President Volodymyr Zelenskiy said: "We have a strong army."',
                  '"Keep calm," Zelenskiy said.')
    assert [(r["speaker"], r["person"], r["party"]) for r in rows] == \
        [("Volodymyr Zelenskiy", "Volodymyr Zelensky", "Ukraine")] * 2
    # the same surname spelling as the registry: the registry's full name
    rows = quotes(reg, '"It is a farce," Lavrov said.')
    assert [(r["speaker"], r["person"]) for r in rows] == [("Sergei Lavrov", "Sergei Lavrov")]
    # a speaker that only contains a registered name is not that person
    rows = quotes(reg, '"Dialogue remains the only way forward," said French President Emmanuel Macron\'s office.')
    assert all(r["person"] == "" for r in rows)


@pytest.mark.parametrize("pair, pronoun", [
    ("Defence Secretary Ben Wallace and Russian Defence Minister Sergei Shoigu held talks in Moscow.", "he"),
    ("Foreign Minister Annalena Baerbock and her British counterpart Liz Truss met in Berlin.", "she"),
])
def test_a_pronoun_after_two_coordinated_people_stays_empty(reg, pair, pronoun):
    rows = quotes(reg, pair + f' "The window is closing," {pronoun} said.')
    assert [(r["speaker"], r["party"]) for r in rows] == [("", "")]


def test_one_of_them_is_no_speaker(reg):
    rows = quotes(reg, "Alexander Lukashenko and Sergei Shoigu watched the drills, according to the Belarusian "
                       'Defence Ministry. "The allied forces can act as a single fist," one of them told officers.')
    assert [(r["speaker"], r["party"]) for r in rows] == [("", "")]


def test_a_later_while_clause_does_not_attribute_the_quote_before_it(reg):
    rows = quotes(reg, "U.S. President Joe Biden warned Vladimir Putin that the West would impose "
                       '"swift and severe costs" on Russia if it invaded Ukraine, while the Kremlin said '
                       "Washington had ignored its demands.")
    assert [(r["speaker"], r["party"]) for r in rows] == [("Joe Biden", "US")]


def test_a_quote_after_a_coordinated_verb_belongs_to_the_outer_speaker(reg):
    rows = quotes(reg, "Kremlin foreign policy aide Yuri Ushakov told reporters that Biden had repeated his "
                       'warnings about sanctions but had not addressed Russia\'s "key concerns".')
    assert [(r["speaker"], r["party"]) for r in rows] == [("Yuri Ushakov", "Russia")]
    # the inner speaker's own speech verb still gives the quote to the inner speaker
    rows = quotes(reg, 'Ushakov told reporters that Biden had called the proposals "a non-starter".')
    assert [r["party"] for r in rows] == ["US"]


@pytest.mark.parametrize("text", [
    'Advisers from Russia and Ukraine met in the so-called "Normandy format" and agreed to meet again.',
    'U.S. officials estimate the build-up at 90,000 troops, and Washington has put 6,200 troops on '
    '"ready to move" orders.',
    'The city had switched on its "quiet hours" rule for people near the station.',
])
def test_terms_are_not_quotes(reg, text):
    assert quotes(reg, text) == []


def test_a_partial_quote_followed_by_a_preposition_stays_a_quote(reg):
    rows = quotes(reg, 'Lavrov called the plan "a non-starter" for Moscow.')
    assert [(r["text"], r["speaker"]) for r in rows] == [("a non-starter", "Sergei Lavrov")]


def test_a_short_form_of_a_registered_name_is_not_a_spelling_variant(reg):
    rows = quotes(reg, '"It is a golden opportunity," Xi said.')
    assert [(r["speaker"], r["person"]) for r in rows] == [("Xi Jinping", "Xi Jinping")]


def test_goods_counted_in_quotation_marks_are_not_a_quote(reg):
    rows = quotes(reg, 'Washington has pledged about 90 tonnes of "lethal aid", while Britain flew in weapons.')
    assert rows == []


# ----------------------------------------------------------------- lexicon file

def test_misspelt_key_in_the_cue_lexicon_stops_the_load_naming_file_line_and_key(tmp_path):
    from analysis.datafile import DataFileError
    from analysis.quotes import _lexicon
    bad = tmp_path / "cues.yml"
    bad.write_text("verbs:\n  say: [said]\nrole_wrods: [minister]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"cues\.yml, line 3: unknown key 'role_wrods'"):
        _lexicon(str(bad))


def test_the_shipped_cue_lexicon_loads_with_its_verbs_and_roles():
    from analysis.quotes import _lexicon
    lex = _lexicon()
    assert lex["forms"]["warned"] == "warn" and "minister" in lex["roles"]


# ----------------------------------------------------------------- real coverage (issue 14)

def test_an_article_quoting_in_single_marks_has_its_quotes_found(reg):
    rows = quotes(reg, "Sergei Lavrov said the talks were ‘a dead end’ and that Moscow ‘will not wait for ever’.",
                  "‘We have run out of patience,’ Lavrov told reporters in Minsk.")
    assert [r["text"] for r in rows] == ["a dead end", "will not wait for ever", "We have run out of patience,"]
    assert {r["speaker"] for r in rows} == {"Sergei Lavrov"}


def test_single_marks_never_split_on_an_apostrophe_inside_a_word(reg):
    rows = quotes(reg, "Kyiv's envoy said Moscow's offer was 'not serious' and the allies' reply 'firm and final'.")
    assert [r["text"] for r in rows] == ["not serious", "firm and final"]


def test_straight_apostrophes_are_no_quote_marks_where_double_marks_are_used(reg):
    rows = quotes(reg, "The minister's aides called it 'odd'. \"We will answer soon,\" Dmytro Kuleba said.")
    assert [r["text"] for r in rows] == ["We will answer soon,"]


def test_a_pronoun_opening_a_paragraph_is_the_person_the_last_paragraph_made_its_subject(reg):
    rows = quotes(reg, "Jens Stoltenberg met the foreign ministers of Finland and Sweden in Brussels on Monday.",
                  '"The door remains open," he said.')
    assert rows[0]["speaker"] == "Jens Stoltenberg" and rows[0]["party"] == "NATO"
    assert rows[0]["speaker_source"] == "carried_from_previous_paragraph"


def test_a_person_who_is_only_the_object_is_never_carried(reg):
    rows = quotes(reg, "The allies urged Vladimir Putin to pull his troops back from the border.",
                  '"We expect an answer this week," he said.')
    assert rows[0]["speaker"] == ""


def test_a_paragraph_with_no_person_as_subject_carries_nobody(reg):
    rows = quotes(reg, "Dmitry Peskov spoke to reporters on Tuesday.",
                  "The member states later invited the envoys to a further round in Vienna.",
                  '"That is not what we asked for," he said.')
    assert rows[0]["speaker"] == ""


def test_a_subject_pronoun_carries_the_person_on_through_a_paragraph(reg):
    rows = quotes(reg, "Oleksii Reznikov visited a training ground near Lviv on Friday.",
                  "He said the new recruits had finished their first month of drills.",
                  '"They learn quickly," he added.')
    assert rows[0]["speaker"] == "Oleksii Reznikov" and rows[0]["party"] == "Ukraine"


def test_a_role_is_the_person_holding_that_office_on_the_articles_date(reg):
    row = one(reg, '"We will not give up our principles," the NATO chief said after the meeting.')
    assert row["speaker"] == "Jens Stoltenberg" and row["speaker_source"] == "role_by_office"
    old = extract_quotes(Article("t", "T", "2010-03-01", "", "", "", (
        '"We will not give up our principles," the NATO chief said after the meeting.',)), reg)
    assert old[0]["speaker"] != "Jens Stoltenberg"


def test_an_office_is_never_resolved_without_a_date(reg):
    rows = extract_quotes(Article("t", "T", "", "", "", "", (
        '"This is a dangerous moment," the Kremlin spokesman said.',)), reg)
    assert rows[0]["speaker"] != "Dmitry Peskov" and rows[0]["party"] == "Russia"


def test_a_generic_role_is_the_person_last_made_the_subject(reg):
    rows = quotes(reg, "Jens Stoltenberg flew home to Oslo late on Wednesday.",
                  'The Norwegian politician told reporters the allies were "calm but watchful".')
    assert rows[0]["speaker"] == "Jens Stoltenberg"


def test_a_generic_role_naming_a_side_stays_a_role(reg):
    rows = quotes(reg, "Jens Stoltenberg flew home to Oslo late on Wednesday.",
                  'Later the senior Russian diplomat said: "Nothing has been agreed."')
    assert rows[0]["party"] in ("Russia", "") and rows[0]["speaker"] != "Jens Stoltenberg"


def test_speaker_source_is_named_for_a_named_speaker_and_empty_for_nobody(reg):
    rows = quotes(reg, '"We are ready," Dmytro Kuleba said.', '"It is a trap," they said.')
    assert rows[0]["speaker_source"] == "named"
    assert rows[1]["speaker"] == "" and rows[1]["speaker_source"] == ""


def test_a_description_of_the_same_side_is_the_person_last_made_the_subject(reg):
    rows = quotes(reg, "Antony Blinken met European ministers in Berlin on Thursday.",
                  'The U.S. diplomat said the allies were "more united than ever".')
    assert rows[0]["speaker"] == "Antony Blinken"


def test_a_post_in_a_named_body_is_never_taken_for_the_last_subject(reg):
    rows = quotes(reg, "Sergei Ryabkov arrived in Vienna on Tuesday evening.",
                  "The Russian delegation's spokesman added: \"We expect answers in writing.\"")
    assert rows[0]["speaker"] != "Sergei Ryabkov" and rows[0]["party"] == "Russia"


def test_an_outlet_citing_a_source_gives_the_quote_to_the_source(reg):
    row = one(reg, '"Forty battalions are at the border," a Lviv radio station said on Tuesday, citing the '
                   "Ukrainian Defence Ministry's own figures.")
    assert "Ministry" in row["speaker"] and row["party"] == "Ukraine"


def test_a_person_quoting_someone_keeps_the_quote(reg):
    row = one(reg, '"We were misled for years," Dmytro Kuleba wrote, quoting a report by the Russian Defence Ministry.')
    assert row["speaker"] == "Dmytro Kuleba"


def test_the_attribution_closing_a_sentence_gives_its_partial_quotes_not_the_subject(reg):
    rows = quotes(reg, 'Moscow\'s proposals were "mostly old ideas" and "plainly one-sided," Antony Blinken said in a '
                       'radio interview.')
    assert [r["speaker"] for r in rows] == ["Antony Blinken", "Antony Blinken"]
    assert {r["party"] for r in rows} == {"US"}


def test_two_people_joined_by_and_as_subject_give_a_partial_quote_to_both_and_no_side(reg):
    row = one(reg, "Antony Blinken and his Russian counterpart Sergei Lavrov spoke of \"a slow and careful thaw\" "
                   "after two hours of talks in Vienna.")
    assert row["speaker"] == "Antony Blinken and Sergei Lavrov" and row["party"] == ""


def test_a_one_word_quote_a_speaker_for_a_side_is_said_to_use_is_a_quote(reg):
    row = one(reg, 'Jake Sullivan described the evening session as "frank".')
    assert row["text"] == "frank" and row["speaker"] == "Jake Sullivan"


def test_a_one_word_quote_rejected_by_the_subject_is_someone_elses_word(reg):
    assert quotes(reg, 'A senior U.S. official dismissed Moscow\'s talk of "provocations" on Tuesday.') == []


def test_a_pronoun_and_any_verb_after_a_quote_attribute_it(reg):
    rows = quotes(reg, "Ben Wallace hosted Oleksii Reznikov in London.",
                  '"Help is on its way." , he stated firmly.')
    assert rows[0]["speaker"] == "Ben Wallace"


def test_a_partys_own_name_speaks_for_it(reg):
    row = one(reg, 'The White House said the offer was "a serious basis for talks" on Friday.')
    assert row["party"] == "US"


def test_a_possessive_before_a_name_is_no_part_of_it(reg):
    row = one(reg, '"We will defend every village," Ukraine’s Zelenskiy told the crowd in Lutsk.')
    assert row["party"] == "Ukraine" and "Ukraine" not in row["speaker"]


def test_quoted_as_saying_gives_the_quote_to_the_one_quoted(reg):
    row = one(reg, '"No troops will cross the line," the agency quoted Dmytro Kuleba as saying.')
    assert row["speaker"] == "Dmytro Kuleba"


def test_a_role_as_subject_carries_its_person_into_the_next_paragraph(reg):
    rows = quotes(reg, "The Ukrainian president toured the front line near Mariupol on Sunday.",
                  '"We are not afraid," he said.')
    assert rows[0]["speaker"] == "Volodymyr Zelensky"


def test_a_speaker_found_through_a_role_is_spelled_as_the_article_spells_him(reg):
    rows = quotes(reg, "Zelenskiy's office posted a clip from Kharkiv on Sunday.",
                  '"Every one of you is a hero," the clip quotes the Ukrainian president as telling nurses.')
    assert rows[0]["speaker"] == "Volodymyr Zelenskiy" and rows[0]["person"] == "Volodymyr Zelensky"


def test_a_transcript_label_names_the_speaker_of_quotes_in_its_paragraph(reg):
    rows = quotes(reg, "Spokesman Ned Price took questions at the daily briefing.",
                  'PRICE: We have said it before, and I will say it again: "the door to diplomacy is open."',
                  'Q: Is it "open" or "closing fast"?')
    assert rows[0]["speaker"] == "Ned Price" and rows[0]["speaker_source"] == "transcript_label"
    assert all(r["speaker"] == "" for r in rows[1:])


def test_the_agent_of_a_passive_speech_verb_said_it(reg):
    row = one(reg, 'Negotiators broke for lunch after a morning session described by the German side as '
                   '"slow but useful".')
    assert row["speaker"] == "German side" and row["party"] == "Germany"


def test_with_a_name_and_a_participle_the_name_said_it(reg):
    row = one(reg, 'The ferry deal moved ahead, with Liz Truss agreeing "with some regret" to a shorter timetable.')
    assert row["speaker"] == "Liz Truss"


def test_the_official_is_the_one_described_in_the_paragraph_before(reg):
    rows = quotes(reg, 'A senior US defence official told reporters the new satellite pictures were "still being '
                       'studied".',
                  '"We will share what we can," the official said.')
    assert rows[1]["speaker"] == "senior US defence official" and rows[1]["party"] == "US"


def test_an_office_named_in_full_without_article_is_its_holder(reg):
    row = one(reg, '"Our reserves are trained and ready," said the Minister of Defence of Ukraine at the conference.')
    assert row["speaker"] == "Oleksii Reznikov" and row["speaker_source"] == "role_by_office"


def test_a_time_word_between_subject_and_verb_is_skipped(reg):
    row = one(reg, 'Jens Stoltenberg today described the proposal as "a step in the right direction".')
    assert row["speaker"] == "Jens Stoltenberg"


def test_two_people_agreeing_on_a_quoted_term_are_both_and_of_no_one_side(reg):
    row = one(reg, 'After four hours in Vienna, Liz Truss and her Russian counterpart Sergei Lavrov agreed on '
                   '"a gradual and verified pullback of forces".')
    assert row["speaker"] == "Liz Truss and Sergei Lavrov" and row["party"] == ""


def test_a_document_speaks_for_its_owner(reg):
    row = one(reg, '"No decision has been taken," a Kremlin readout of the call said.')
    assert row["speaker"] == "Kremlin" and row["party"] == "Russia"
    row = one(reg, '"Two frigates have left Sevastopol," a statement from the Russian Defence Ministry said.')
    assert "Ministry" in row["speaker"] and row["party"] == "Russia"


def test_a_bare_document_is_the_one_the_article_last_gave_an_owner(reg):
    rows = quotes(reg, "Reporters were shown the Ukrainian Defence Ministry's intelligence report on Monday.",
                  '"Supply lines are being stretched," the intelligence report added.')
    assert rows[0]["party"] == "Ukraine" and "Ministry" in rows[0]["speaker"]


def test_according_to_a_document_gives_its_owner(reg):
    row = one(reg, 'According to a Kremlin readout of the evening talks, Vladimir Putin "spoke at length about '
                   'grain exports".')
    assert row["party"] == "Russia"


def test_the_aide_is_the_one_aide_described_a_few_paragraphs_before(reg):
    rows = quotes(reg, 'The visit to Warsaw was cut short, a German government aide said.',
                  "The delegation flew home at noon.",
                  '"We will set a new date soon," the aide said later.')
    assert rows[0]["speaker"] == "German government aide" and rows[0]["party"] == "Germany"


def test_the_assessment_said_is_the_owner_of_the_assessment_named_before(reg):
    rows = quotes(reg, "Allies received the Ukrainian Defence Ministry's assessment on Monday.",
                  'The assessment said fuel stocks were "running low in the north".')
    assert rows[0]["party"] == "Ukraine" and "Ministry" in rows[0]["speaker"]


def test_a_quote_that_is_the_predicate_of_a_named_subject_is_theirs(reg):
    row = one(reg, 'After a week of talks with the allies, Defence Minister Ben Wallace "has sent a further '
                   'battalion to Estonia".')
    assert row["speaker"] == "Ben Wallace" and row["party"] == "UK"


def test_an_outlet_citing_a_speaker_is_never_the_speaker(reg):
    row = one(reg, 'A Ukrainian defence official cited by the newspaper said: "We are ready for every scenario."')
    assert row["speaker"] == "Ukrainian defence official" and row["party"] == "Ukraine"


def test_a_relative_clause_speaker_is_not_the_main_subject(reg):
    row = one(reg, 'Antony Blinken left the meeting, which a German diplomat called "tense and unproductive", '
                   'before noon.')
    assert row["speaker"] == "German diplomat" and row["party"] == "Germany"


def test_a_participle_after_a_list_of_places_is_the_subjects(reg):
    row = one(reg, 'Liz Truss praised the deliveries to Poland, Lithuania and Latvia, saying they were '
                   '"a clear signal to Moscow".')
    assert row["speaker"] == "Liz Truss" and row["party"] == "UK"


def test_a_live_blog_entry_names_its_speaker_before_a_colon(reg):
    row = one(reg, '10:42 GMT – Kuleba: "We will not trade territory for peace."')
    assert row["speaker"] == "Dmytro Kuleba" and row["party"] == "Ukraine"


def test_a_misspelt_registered_name_is_read_as_that_person(reg):
    # a typo in the article ("Blinkin") is the registered person, as a reader takes it
    r = one(reg, '"We will keep the door open," Antony Blinkin told reporters in Riga.')
    assert r["speaker"] == "Antony Blinken" and r["party"] == "US"
    rows = quotes(reg, "Secretary of State Antony Blinkin flew to Riga on Monday.",
                  '"We will keep the door open," Blinkin said.')
    assert rows[0]["speaker"] == "Antony Blinken" and rows[0]["party"] == "US"


def test_a_name_merely_like_a_registered_one_is_not_that_person(reg):
    # another first name, or a surname too unlike, is someone else
    for name in ("Anthony Blinkin", "Antony Blanco"):
        r = one(reg, f'"We will keep the door open," {name} told reporters in Riga.')
        assert r["speaker"] == name and not r["party"], name


def test_members_of_congress_speak_for_the_us(reg):
    # "Sen." and "Rep." are American usage (the registry's US titles); a bare "Senator" is not
    r = one(reg, '"We should send more air defence now," Sen. Maria Ostrowski said on Sunday.')
    assert r["speaker"] == "Maria Ostrowski" and r["party"] == "US"
    rows = quotes(reg, "Rep. Dan Whitcombe of Ohio toured the base on Friday.",
                  '"Our allies need to hear a clear answer," Rep. Whitcombe said.')
    assert rows[0]["speaker"] == "Dan Whitcombe" and rows[0]["party"] == "US"
    r = one(reg, '"The vote is a mistake," Senator Ana Lopes said in Brasilia.')
    assert not r["party"]


def test_a_plural_speech_noun_after_a_party_adjective_is_no_speech_verb(reg):
    # "Russian claims", "the American demands": nouns the subject characterises, not Russia speaking
    r = one(reg, 'The Estonian defence minister dismissed Russian claims of a pullback as "words without movement".')
    assert r["party"] != "Russia" and "Russian" not in r["speaker"]
    r = one(reg, 'A senior ministry official called the American demands "a list nobody can sign".')
    assert r["party"] != "US" and r["speaker"] == "senior ministry official"
    r = one(reg, "The Latvian president described the Kremlin's security demands as \"a shopping list\" on Monday.")
    assert r["party"] != "Russia" and r["speaker"] == "Latvian president"
    r = one(reg, 'Russia claims the drills are "purely defensive and planned".')
    assert r["speaker"] == "Russia" and r["party"] == "Russia"  # a subject and its verb stay


def test_a_place_after_a_speaker_gives_no_side(reg):
    # the speaker is the phrase before the place, and only it gives a side
    r = one(reg, 'A spokesman for the Russian embassy in Berlin said the visit was "purely technical".')
    assert r["party"] == "Russia" and r["speaker"].endswith("embassy in Berlin")
    r = one(reg, '"The night is quiet now," a photographer in Kyiv said.')
    assert r["speaker"] == "photographer in Kyiv" and not r["party"]
    r = one(reg, 'Ukraine\'s envoy to the European Union said talks need "a clear date, not a hope".')
    assert r["party"] == "Ukraine"


def test_a_described_speaker_who_speaks_for_no_side_gets_none(reg):
    # the guide: no side for an analyst, a scholar, an unnamed "European official" of no named state
    for who in ("the Ukrainian economist", "a Russian military historian", "a European diplomat",
                "a British fund manager"):
        r = one(reg, f'"The markets have seen worse weeks than this," {who} said.')
        assert not r["party"], who
    for who, party in (("a senior Russian official", "Russia"), ("the Ukrainian side", "Ukraine"),
                       ("a Kremlin spokesman", "Russia")):
        r = one(reg, f'"We will answer in due course," {who} said.')
        assert r["party"] == party, who
