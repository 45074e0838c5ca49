"""Property-based fuzzing: no text, however odd, makes a stage or the reader raise."""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analysis import claims, corpus, pipeline, quotes, rhetoric, troops
from analysis.actors import load_registry
from analysis.corpus import Article, BadInput, Rejection

# Words that wake the rules up (attribution, numbers, parties, quote marks), mixed with random text.
VOCAB = ["said", "told", "warned", "rejected", "denied", "according to", "he", "she", "they", "the minister",
         "NATO", "Russia", "Moscow", "Kremlin", "Ukraine", "Biden", "Putin", "Stoltenberg", "spokesman",
         "troops", "soldiers", "servicemen", "battalion tactical groups", "100,000", "tens of thousands",
         "more than", "around", "nearly", "up to", "1.5 million", "thousands", "two", "dozens", "threat",
         "no threat", "not", "sanctions", "dialogue", "\u201c", "\u201d", '"', "'", "\u2018", "\u2019", "\u00ab",
         "\u00bb", "``", "''", ",", ".", "?", "!", "\u2014", "-", "(", ")", ":", ";", "\n", "  ", "U.S.", "Dr.",
         "=", "@", "+", "\ufffd", "\u200b", "\u0301", "\U0001F600", "0", "9", "%", "$", "km"]

words = st.one_of(st.sampled_from(VOCAB), st.text(min_size=1, max_size=10))
paragraph = st.lists(words, min_size=0, max_size=60).map(" ".join)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def article(paras) -> Article:
    return Article("fuzz", "Fuzz", "2022-01-12", "https://example.org/fuzz", "", "fuzz.txt",
                   tuple(p for p in paras if p.strip()) or ("x",))


@FUZZ
@given(st.lists(paragraph, min_size=1, max_size=5))
@example(["— ( — « said"])  # a subject of nothing but dashes and brackets once raised IndexError
def test_every_stage_takes_any_text(paras):
    a = article(paras)
    reg = load_registry()
    q = quotes.extract_quotes(a, reg)
    c = claims.extract_claims(a, reg, [dict(r) for r in q])
    t = troops.extract_troops(a, reg, [dict(r) for r in q])
    rq = rhetoric.annotate([dict(r) for r in q])
    rc = rhetoric.annotate([dict(r) for r in c])
    rhetoric.article_rhetoric(a, rq, rc)
    for r in q + c + t:
        assert 0 <= r["paragraph"] < len(a.paragraphs)


@FUZZ
@given(st.lists(paragraph, min_size=1, max_size=4))
def test_process_article_takes_any_text(paras):
    result = pipeline.process_article(article(paras))
    assert set(result) == {"quotes", "claims", "troops", "rhetoric"}


@FUZZ
@given(st.text(max_size=400))
def test_the_house_reader_returns_an_article_or_a_reason(text):
    try:
        a = corpus.parse_house(text, "f.txt", "f")
    except BadInput as e:
        assert str(e)
    else:
        assert a.paragraphs


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600), ext=st.sampled_from([".txt", ".json", ".jsonl", ".csv", ".html", ".bin"]))
def test_any_file_is_read_or_rejected_never_raises(tmp_path_factory, data, ext):
    p = Path(tmp_path_factory.mktemp("fuzz")) / f"f{ext}"
    p.write_bytes(data)
    for got in corpus.read_file(p, report=lambda m: None):
        assert isinstance(got, (Article, Rejection))
        if isinstance(got, Rejection):
            assert got.reason
