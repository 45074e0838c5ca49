"""Near-duplicate grouping: wire copy republished with other headlines, trimmed endings, other outlets."""
from __future__ import annotations

import dataclasses
import random

import numpy as np
import pandas as pd
import pytest

from analysis import dedupe
from analysis.corpus import Article
from analysis.screen import articles_table
from analysis.synth import generate_articles
from analysis.synth_copies import near_copy, wire_corpus


@pytest.fixture(scope="module")
def corpus():
    return wire_corpus(n=1000, stories=20, copies=200, seed=7, words=300)


@pytest.fixture(scope="module")
def grouped(corpus):
    arts, _ = corpus
    return dedupe.group_articles(arts)


def test_synthetic_corpus_has_what_the_issue_asks(corpus):
    arts, truth = corpus
    assert len(arts) == 1000
    assert len({a.article_id for a in arts}) == 1000
    copies = [a for a in arts if truth.get(a.article_id, a.article_id) != a.article_id]
    assert len(copies) == 200
    assert len(set(truth.values())) == 20
    by_id = {a.article_id: a for a in arts}
    for c in copies:
        orig = by_id[truth[c.article_id]]
        assert c.title != orig.title and c.url != orig.url
        assert len(c.paragraphs) < len(orig.paragraphs)  # trimmed ending


def test_exactly_the_copies_are_grouped(corpus, grouped):
    arts, truth = corpus
    groups: dict[str, set[str]] = {}
    for aid, g in grouped.items():
        groups.setdefault(g["duplicate_group"], set()).add(aid)
    found = sorted(sorted(m) for m in groups.values() if len(m) > 1)
    expected: dict[str, set[str]] = {}
    for aid, story in truth.items():
        expected.setdefault(story, set()).add(aid)
    assert found == sorted(sorted(m) for m in expected.values())
    assert all(len(m) == 11 for m in expected.values())
    # every other article is a group of its own, and its own first
    for a in arts:
        if a.article_id not in truth:
            assert grouped[a.article_id] == {"duplicate_group": a.article_id, "is_first": True}


def test_one_first_per_group_and_it_is_the_earliest(corpus, grouped):
    arts, truth = corpus
    by_id = {a.article_id: a for a in arts}
    firsts: dict[str, list[str]] = {}
    for aid, g in grouped.items():
        if g["is_first"]:
            firsts.setdefault(g["duplicate_group"], []).append(aid)
            assert g["duplicate_group"] == aid  # the group is named by its first article
    assert all(len(v) == 1 for v in firsts.values())
    assert len(firsts) == 1000 - 200
    for story in set(truth.values()):
        group = [aid for aid, s in truth.items() if s == story]
        first = grouped[story]["duplicate_group"]
        assert by_id[first].date == min(by_id[a].date for a in group)
        assert first == story  # same-day copies: the longest (untrimmed) text comes first


def test_a_chosen_outlet_comes_first():
    story = next(iter(generate_articles(1, seed=3, words=300)))
    r = random.Random(1)
    copies = [near_copy(story, r, k) for k in range(1, 6)]
    chosen = next(c for c in copies if c.outlet != story.outlet)
    arts = [story, *copies]
    default = dedupe.group_articles(arts)
    assert default[story.article_id]["is_first"]  # the earliest (copies are as late or later), read first
    preferred = dedupe.group_articles(arts, prefer=[chosen.outlet])
    firsts = [a for a, g in preferred.items() if g["is_first"]]
    assert len(firsts) == 1 and preferred[firsts[0]]["duplicate_group"] == firsts[0]
    assert next(a for a in arts if a.article_id == firsts[0]).outlet == chosen.outlet


def test_different_stories_on_the_same_subject_stay_apart():
    # same subject, same names and vocabulary, different sentences: not copies
    a = Article("a", "Talks end", "2022-01-10", "", "", "", (
        "Negotiators from both sides met in Geneva on Monday for talks on security in Europe.",
        "The meeting lasted more than seven hours and ended without an agreement on troop movements.",
        "Diplomats said another round could follow next week in Brussels.",))
    b = Article("b", "Talks end", "2022-01-10", "", "", "", (
        "Security in Europe was the subject of seven hours of talks in Geneva on Monday.",
        "No agreement on troop movements was reached, and diplomats spoke of another round in Brussels.",
        "Both sides sent senior negotiators to the meeting.",))
    g = dedupe.group_articles([a, b])
    assert g["a"]["duplicate_group"] == "a" and g["b"]["duplicate_group"] == "b"


def test_quote_styles_spacing_and_case_do_not_hide_a_copy():
    paras = ("“We will not accept this,” the minister told reporters in the capital on Tuesday evening.",
             "The talks, which began in the morning, were adjourned until the following week by both sides.")
    a = Article("a", "One", "2022-01-11", "", "", "", paras)
    b = dataclasses.replace(a, article_id="b", paragraphs=tuple(
        p.replace("“", '"').replace("”", '"').upper().replace(" ", "  ") for p in paras))
    g = dedupe.group_articles([a, b])
    assert g["b"] == {"duplicate_group": "a", "is_first": False}


def test_article_without_words_is_its_own_group():
    empty = Article("e", "Empty", None, "", "", "", ("...", "--"))
    other = Article("o", "Other", None, "", "", "", ("Some words here.",))
    g = dedupe.group_articles([empty, other])
    assert g == {"e": {"duplicate_group": "e", "is_first": True}, "o": {"duplicate_group": "o", "is_first": True}}


def test_signature_is_datasketchs_minhash():
    from datasketch import MinHash

    art = next(iter(generate_articles(1, seed=5, words=200)))
    g = dedupe.Grouper()
    h32 = dedupe.hash32(dedupe.shingle_hashes(dedupe.normalise(art.paragraphs)))
    m = MinHash(num_perm=dedupe.NUM_PERM, seed=dedupe.SEED, scheme="affine32", hashfunc=int)
    m.update_batch([int(x) for x in h32])
    assert np.array_equal(g.signature(art.paragraphs), m.hashvalues)


def test_threshold_is_checked():
    with pytest.raises(ValueError, match="threshold"):
        dedupe.Grouper(threshold=0)


def test_counts_once_by_default_and_every_copy_on_request(corpus, grouped):
    from analysis.pipeline import process_article
    from analysis.views import quotes_per_party

    arts, truth = corpus
    articles = dedupe.add_columns(articles_table(arts), grouped)
    assert articles["is_first"].sum() == 800
    quotes = pd.DataFrame([row for a in arts for row in process_article(a)["quotes"]])
    once = quotes_per_party(dedupe.first_only(quotes, articles)).set_index("party")["quotes"]
    every = quotes_per_party(dedupe.first_only(quotes, articles, every_copy=True)).set_index("party")["quotes"]
    assert every.sum() == len(quotes)
    copy_ids = {a for a, s in truth.items() if a != s}
    assert once.sum() == len(quotes) - quotes["article_id"].isin(copy_ids).sum()
    assert once.sum() < every.sum()
    assert (once.reindex(every.index, fill_value=0) <= every).all()
    assert (once.reindex(every.index, fill_value=0) < every).any()
    note = dedupe.counting_note(articles)
    assert "200 republished copies of 20 stories" in note and "800 of 1000" in note
    assert "Every copy counted" in dedupe.counting_note(articles, every_copy=True)


def test_first_only_reads_csv_booleans_and_old_tables():
    articles = pd.DataFrame({"article_id": ["a", "b"], "is_first": ["True", "False"],
                             "duplicate_group": ["a", "a"]})
    rows = pd.DataFrame({"article_id": ["a", "b", "b"], "x": [1, 2, 3]})
    assert list(dedupe.first_only(rows, articles)["x"]) == [1]
    old = articles.drop(columns=["is_first", "duplicate_group"])
    assert len(dedupe.first_only(rows, old)) == 3
    assert "not looked for" in dedupe.counting_note(old)


def test_add_columns_keeps_rows_and_order():
    arts = list(generate_articles(3, seed=2, words=100))
    df = articles_table(arts)
    out = dedupe.add_columns(df, dedupe.group_articles(arts))
    assert list(out["article_id"]) == list(df["article_id"])
    assert list(out["duplicate_group"]) == list(df["article_id"]) and out["is_first"].all()
