"""Quote fragments of one attributed statement share a statement_id; claims follow their quote."""
from __future__ import annotations

from analysis.corpus import Article
from analysis.statements import assign_statement_ids


def _quote(text: str, para: str, aid="art", paragraph=0, speaker="Anna Berg", party="EU", qid=None) -> dict:
    start = para.index(text)
    return {"article_id": aid, "paragraph": paragraph, "text": text, "start": start, "end": start + len(text),
            "speaker": speaker, "party": party, "quote_id": qid or f"{aid}:q{start}"}


SPLIT = '"We are ready to talk," the envoy said, "but not with a gun on the table."'
SPLIT_TWO_SENTENCES = '"We are ready to talk," the envoy said. "Nobody should doubt it."'
TWO_STATEMENTS = ('The envoy called the plan "a step back." Later she described the drills as '
                  '"a provocation that helps nobody."')


def test_a_split_quote_around_one_cue_is_one_statement():
    qs = [_quote("We are ready to talk", SPLIT), _quote("but not with a gun on the table.", SPLIT)]
    out, _ = assign_statement_ids(qs, [], {("art", 0): SPLIT})
    assert out[0]["statement_id"] == out[1]["statement_id"] == "art:s0"


def test_split_around_an_attribution_sentence_is_still_one_statement():
    qs = [_quote("We are ready to talk", SPLIT_TWO_SENTENCES), _quote("Nobody should doubt it.", SPLIT_TWO_SENTENCES)]
    out, _ = assign_statement_ids(qs, [], {("art", 0): SPLIT_TWO_SENTENCES})
    assert len({r["statement_id"] for r in out}) == 1


def test_quotes_in_separate_sentences_are_separate_statements():
    qs = [_quote("a step back.", TWO_STATEMENTS), _quote("a provocation that helps nobody.", TWO_STATEMENTS)]
    out, _ = assign_statement_ids(qs, [], {("art", 0): TWO_STATEMENTS})
    assert [r["statement_id"] for r in out] == ["art:s0", "art:s1"]


def test_different_speakers_or_paragraphs_never_share_a_statement():
    para = '"We are ready to talk," the envoy said, "but not with a gun on the table."'
    a = _quote("We are ready to talk", para)
    b = dict(_quote("but not with a gun on the table.", para), speaker="Ivan Sokol", party="Russia")
    c = dict(_quote("but not with a gun on the table.", para), paragraph=1)
    out, _ = assign_statement_ids([a, b], [], {("art", 0): para})
    assert out[0]["statement_id"] != out[1]["statement_id"]
    out, _ = assign_statement_ids([a, c], [], {("art", 0): para, ("art", 1): para})
    assert out[0]["statement_id"] != out[1]["statement_id"]


def test_without_paragraph_text_an_unfinished_first_fragment_joins_the_next():
    qs = [_quote("We are ready to talk", SPLIT), _quote("but not with a gun on the table.", SPLIT),
          dict(_quote("Nobody should doubt it.", SPLIT_TWO_SENTENCES), start=200, end=223)]
    out, _ = assign_statement_ids(qs)
    assert out[0]["statement_id"] == out[1]["statement_id"] != out[2]["statement_id"]


def test_claims_take_their_quote_statement_and_reported_speech_is_one_each():
    qs = [_quote("We are ready to talk", SPLIT, qid="art:q0"),
          _quote("but not with a gun on the table.", SPLIT, qid="art:q1")]
    claims = [{"article_id": "art", "quote_id": "art:q0", "act": "proposal"},
              {"article_id": "art", "quote_id": "art:q1", "act": "warning"},
              {"article_id": "art", "quote_id": None, "act": "demand"},
              {"article_id": "art", "quote_id": "", "act": "denial"}]
    q_out, c_out = assign_statement_ids(qs, claims, {("art", 0): SPLIT})
    assert c_out[0]["statement_id"] == c_out[1]["statement_id"] == q_out[0]["statement_id"]
    assert c_out[2]["statement_id"] == "art:r0" and c_out[3]["statement_id"] == "art:r1"


def test_inputs_are_not_changed_and_row_order_is_kept():
    qs = [_quote("but not with a gun on the table.", SPLIT), _quote("We are ready to talk", SPLIT)]
    out, _ = assign_statement_ids(qs, [], {("art", 0): SPLIT})
    assert "statement_id" not in qs[0]
    assert [r["text"] for r in out] == [r["text"] for r in qs]
    assert out[0]["statement_id"] == out[1]["statement_id"]


def test_the_pipeline_counts_a_split_quote_once():
    from analysis.pipeline import process_article

    body = ('"We are ready to talk," Chancellor Olaf Scholz said on Tuesday, "but not with a gun on the table."',
            "Talks are planned for next week.")
    art = Article("s1", "Talks", "2022-01-20", "https://example.org/a", "example.org", "s1.txt", body)
    rows = process_article(art)
    ids = {r["statement_id"] for r in rows["quotes"]}
    assert len(rows["quotes"]) == 2 and len(ids) == 1
    linked = [c for c in rows["claims"] if c.get("quote_id")]
    assert {c["statement_id"] for c in linked} <= ids
