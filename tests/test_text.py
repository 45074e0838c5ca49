"""text.py, the shared building blocks: the trie regex, word tokens, folding."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.text import fold, trie_regex, words

# small alphabets so that words share prefixes and the trie branches and ends inside words
_WORD = st.text(alphabet="ab.-", min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(st.sets(_WORD, min_size=1, max_size=8), st.text(alphabet="ab.- x", max_size=6))
def test_trie_regex_matches_exactly_the_words(word_set, other):
    pat = re.compile(trie_regex(word_set))
    for w in word_set:
        assert pat.fullmatch(w), w
    assert bool(pat.fullmatch(other)) == (other in word_set)


@settings(max_examples=300, deadline=None)
@given(st.sets(_WORD, min_size=1, max_size=8), st.text(alphabet="ab.- x", max_size=30))
def test_trie_regex_finds_what_the_longest_first_alternation_finds(word_set, text):
    trie = re.compile(trie_regex(word_set))
    plain = re.compile("|".join(re.escape(w) for w in sorted(word_set, key=len, reverse=True)))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_trie_regex_escapes_regex_characters():
    pat = re.compile(trie_regex(["u.s.", "(a)", "a+b"]))
    assert pat.fullmatch("u.s.") and pat.fullmatch("(a)") and pat.fullmatch("a+b")
    assert not pat.fullmatch("uxsx") and not pat.fullmatch("aab")


def test_words_keep_inner_apostrophes_and_numbers():
    assert words("Russia’s 100,000 troops aren't leaving, Kyiv's envoy said.") == \
        ["Russia’s", "100,000", "troops", "aren't", "leaving", "Kyiv's", "envoy", "said"]


def test_fold_ignores_case_apostrophe_style_and_spacing():
    assert fold("  Kyiv’s   Foreign\tMinistry ") == "kyiv's foreign ministry"
    assert fold("O`Brien") == fold("o'brien")
