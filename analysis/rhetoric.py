"""Rhetoric per quote, claim and party: TextBlob, VADER and crisis lexicons.

Three measures sit side by side because each sees something different:

- TextBlob polarity/subjectivity (what users expect): a general adjective
  lexicon; "threat", "invasion", "sanctions", "aggressor" score 0 in it.
- VADER compound (``vader``): a social-media valence lexicon with rules for
  negation and intensity; better on news sentences, still blind to most of
  the crisis vocabulary's meaning.
- The project's crisis lexicons (``analysis/data/rhetoric.yml``): counts of
  threat, accusation, ultimatum, sovereignty, hedging, dialogue and sanctions
  language, matched on word forms, with negated mentions marked
  (``<category>_negated``) rather than dropped, plus a lexicon tone
  (``lex_tone``: hostile vs conciliatory mentions).

All lexicon matching is one pass of one compiled regex per text (a trie of
every word form, negation cue and clause break), so annotating costs well
under twice a TextBlob-only pass. A few constructions no word list can hold
("wants NATO to withdraw", "if the West refuses", "nothing about Ukraine
without Ukraine") are lexicon patterns: their anchor word is a term of that
pass and the rest is tried only where the anchor is found.

Negation: a cue ("not", "denied", "no") negates the first category term after
it in its clause and the terms coordinated with that one ("no threats or
ultimatums"), not every later term; a clause ends at punctuation, at
but/which/who/if..., and at and/or before a new predicate ("denied that Russia
was threatening anyone and proposed talks"). Post-cues ("a danger to no one")
negate backwards. Sovereignty mentions are never marked negated: negating
that language asserts sovereignty ("will not cede an inch").
"""
from __future__ import annotations

import csv
import itertools
import re
import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from . import config, learn
from .datafile import load_checked
from .schema import CATEGORIES  # defined with the tables that name its columns
from .text import is_blank, sentence_spans
from .text import words as _words

NEGATED = tuple(f"{c}_negated" for c in CATEGORIES)
MEASURES = ("polarity", "subjectivity", "vader")
LEXICON_PATH = config.LEXICONS / "rhetoric.yml"

# special "categories" the lexicon regex also finds in the same pass
_NEG, _NOTNEG, _BREAK, _POST, _PAT = "_neg", "_notneg", "_break", "_post", "_pat"

_HYPHENS = "\\-\u2010\u2011\u2012\u2013\u2014"
_SEP = f"[\\s{_HYPHENS}]+"          # a space between words of a phrase
_OPT_HYPHEN = f"[\\s{_HYPHENS}]?"   # a hyphen inside a word
_APOS = "['\u2019\u2018`]"
_KEY_DROP = str.maketrans("", "", " \t\n'\u2019\u2018`-\u2010\u2011\u2012\u2013\u2014")
_VOWELS = set("aeiou")


# --------------------------------------------------------------------------
# lexicon compilation


def inflections(lemma: str) -> set[str]:
    """Word forms of an English noun or verb lemma (over-generation is harmless:
    a form that is not a word never occurs in text)."""
    w = lemma.lower()
    forms = {w}
    if w.endswith("y") and len(w) > 2 and w[-2] not in _VOWELS:
        forms |= {w[:-1] + "ies", w[:-1] + "ied", w + "ing"}
        return forms
    if w.endswith("ie"):
        return forms | {w + "s", w + "d", w[:-2] + "ying"}
    if w.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.add(w + "es")
    else:
        forms.add(w + "s")
    if w.endswith("ee"):
        forms |= {w + "d", w + "ing"}
    elif w.endswith("e"):
        forms |= {w + "d", w[:-1] + "ing"}
    else:
        forms |= {w + "ed", w + "ing"}
        if (len(w) >= 3 and w[-1] not in _VOWELS and w[-1] not in "wxy"
                and w[-2] in _VOWELS and w[-3] not in _VOWELS):
            forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    return forms


_BRACE = re.compile(r"\{([^{}]*)\}(\?)?")


def expand(term: str, inflect_bare_word: bool = False) -> set[str]:
    """All concrete strings of a lexicon term.

    ``{a|b}`` is a choice (``{a|b}?`` may also be absent), a word ending in
    ``*`` is inflected; with ``inflect_bare_word`` a one-word term is a lemma.
    """
    parts: list[list[str]] = []
    pos = 0
    for m in _BRACE.finditer(term):
        parts.append([term[pos:m.start()]])
        alts = m.group(1).split("|")
        if m.group(2):
            alts.append("")
        parts.append(alts)
        pos = m.end()
    parts.append([term[pos:]])
    out: set[str] = set()
    for combo in itertools.product(*parts):
        text = " ".join("".join(combo).split())
        if not text:
            continue
        toks = text.split(" ")
        if inflect_bare_word and len(toks) == 1 and not toks[0].endswith("*"):
            toks[0] += "*"
        choices = [sorted(inflections(t[:-1])) if t.endswith("*") else [t] for t in toks]
        out.update(" ".join(c) for c in itertools.product(*choices))
    return out


def _atoms(form: str) -> list[str]:
    """The regex atoms of a literal form, one per character (spaces, hyphens and
    apostrophes matching their variants)."""
    atoms = []
    for ch in form.lower():
        if ch == " ":
            atoms.append(_SEP)
        elif ch in "-\u2010\u2011":
            atoms.append(_OPT_HYPHEN)
        elif ch in "'\u2019":
            atoms.append(_APOS)
        else:
            atoms.append(re.escape(ch))
    return atoms


def _trie_regex(forms: Iterable[str]) -> str:
    """One regex for many literal forms, as a trie (fast: no alternation of
    hundreds of branches tried at every position)."""
    END = ""
    trie: dict = {}
    for f in forms:
        node = trie
        for a in _atoms(f):
            node = node.setdefault(a, {})
        node[END] = {}

    def emit(node: dict) -> str:
        """The regex of a trie node."""
        terminal = END in node
        alts = [a + emit(child) for a, child in sorted(node.items(), key=lambda kv: kv[0]) if a != END]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if terminal:
            return ("(?:" + body + ")?") if len(alts) > 1 or len(body) > 1 else body + "?"
        return body

    return emit(trie)


class Lexicon:
    """The compiled lexicons: one regex and a lookup from matched form to entries."""

    def __init__(self, data: dict):
        """Compile the lexicon data (the parsed rhetoric.yml)."""
        self.scope_words = int(data.get("negation", {}).get("scope_words", 8))
        self.tone_negative = set(data.get("tone", {}).get("negative", ()))
        self.tone_positive = set(data.get("tone", {}).get("positive", ()))
        self.entries: dict[str, list[tuple]] = {}  # key -> [(category, case, before_re, after_re, term)]
        self.toneless: set[tuple[str, str]] = set()  # (category, key) of terms that do not count in the tone
        self._key_of: dict[tuple, str] = {}  # words of a form -> its key
        forms: set[str] = set()
        for cat, spec in data["categories"].items():
            if cat not in CATEGORIES:
                raise ValueError(f"unknown rhetoric category {cat!r} in {LEXICON_PATH}")
            for listname, bare in (("words", True), ("phrases", False)):
                for item in spec.get(listname) or ():
                    self._add(cat, item, bare, forms)
        neg = data.get("negation", {})
        for kind, listname in ((_NEG, "cues"), (_NOTNEG, "not_cues"), (_BREAK, "clause_breaks"),
                               (_POST, "post_cues")):
            for item in neg.get(listname) or ():
                self._add(kind, item, False, forms)
        self.chain = {w.lower() for w in neg.get("chain_words") or ()}
        self.never_negated = set(neg.get("never_negated") or ())
        breaks = r"[.;:!?\u2026,()\[\]\u2013\u2014]|\s-\s|\s{2,}"
        # a conjunction that starts a new clause ("denied X and proposed Y"):
        # the conjunction is the match, the next word only looked at
        conj = neg.get("conjunction_breaks") or {}
        conj_re = ""
        if conj.get("conjunctions") and conj.get("next_words"):
            nxt = "|".join(sorted((re.escape(w) for w in conj["next_words"]), key=len, reverse=True))
            sfx = "|".join(re.escape(x) for x in conj.get("next_suffixes") or ())
            nxt_re = rf"(?:{nxt})\b" + (rf"|\w{{3,}}(?:{sfx})\b" if sfx else "")
            cj = "|".join(re.escape(w) for w in conj["conjunctions"])
            conj_re = rf"(?P<c>{cj})(?=\s+(?:{nxt_re}))|"
        # patterns (a few constructions a word list cannot express): the
        # anchor is a term of the one regex pass; where it is found, the
        # pattern (anchor + rest, after an optional ``before`` part that may
        # start up to ``lookback`` characters earlier) is tried there only
        self.patterns: list[tuple[str, bool, re.Pattern, int]] = []
        for cat, spec in data["categories"].items():
            for item in spec.get("patterns") or ():
                anchor_forms = expand(item["anchor"])
                anchor_re = _trie_regex(anchor_forms)
                before = item.get("before")
                full = re.compile((rf"(?:{before})" if before else "")
                                  + rf"(?P<_anchor>{anchor_re})(?![\w'\u2019])(?:{item['rest']})", re.IGNORECASE)
                idx = len(self.patterns)
                self.patterns.append((cat, bool(item.get("clause_break")), full,
                                      int(item.get("lookback", 80)) if before else 0))
                for form in anchor_forms:
                    forms.add(form)
                    key = form.lower().translate(_KEY_DROP)
                    self._key_of.setdefault(tuple(form.lower().split()), key)
                    self.entries.setdefault(key, []).append((_PAT, None, None, None, idx))
        self._merge_prefixes()
        trie = _trie_regex(forms)
        self.regex = re.compile(
            # the word-start check once for the conjunctions, patterns and trie
            rf"(?P<b>{breaks})|(?<![\w\-\u2010\u2011])(?<!\w['\u2019])"
            rf"(?:{conj_re}(?P<t>{trie})(?!\w|['\u2019]\w))",
            re.IGNORECASE)

    def _merge_prefixes(self) -> None:
        """A phrase swallows the words inside it ("interference in" hides the
        accusation "interference", "direct threat" the threat "threat"): give
        each form the category entries of every shorter form inside it (not
        those of negation cues or breaks; the shorter term's unless_after no
        longer applies, nor its unless_before unless it starts the phrase; a
        pattern anchor only when it starts the phrase)."""
        special = (_NEG, _NOTNEG, _BREAK, _POST)
        for words, key in self._key_of.items():
            bucket = self.entries[key]
            if any(e[0] in special for e in bucket):
                continue
            n = len(words)
            for i in range(n):
                for j in range(i + 1, n + 1):
                    if j - i == n:
                        continue
                    pkey = self._key_of.get(words[i:j])
                    if pkey is None:
                        continue
                    for e in self.entries[pkey]:
                        if e[0] in special or (e[0] == _PAT and i > 0):
                            continue
                        if e[0] != _PAT and any(x[0] == e[0] for x in bucket):
                            continue
                        if e[0] == _PAT and any(x[0] == _PAT and x[4] == e[4] for x in bucket):
                            continue
                        bucket.append((e[0], e[1], e[2] if i == 0 else None, None, e[4]))

    def _add(self, cat: str, item, bare: bool, forms: set[str]) -> None:
        """Add one lexicon term (a string or a mapping with its options) under ``cat``."""
        if isinstance(item, dict):
            term = item["term"]
            extra = set(item.get("forms") or ())
            case = item.get("case")
            before = re.compile(item["unless_before"], re.I) if item.get("unless_before") else None
            after = re.compile(item["unless_after"], re.I) if item.get("unless_after") else None
            toned = item.get("tone", True) is not False
        elif isinstance(item, str):
            term, extra, case, before, after, toned = item, set(), None, None, None, True
        else:  # YAML reads a bare no/yes/on as a boolean: quote such terms
            raise ValueError(f"lexicon term {item!r} in {cat} is not a string; quote it in the YAML")
        concrete = expand(term, inflect_bare_word=bare) | {e.lower() for e in extra}
        for form in concrete:
            forms.add(form)
            key = form.lower().translate(_KEY_DROP)
            self._key_of.setdefault(tuple(form.lower().split()), key)
            if not toned:
                self.toneless.add((cat, key))
            entry = (cat, case, before, after, term)
            bucket = self.entries.setdefault(key, [])
            if not any(e[0] == cat for e in bucket):
                bucket.append(entry)

    def scan(self, text: str) -> tuple[list[int], list[int], list[tuple[str, str, bool]]]:
        """Counts per category, negated counts, and the hits (category, words, negated).

        A negation cue negates the first category term after it in the same
        clause (within ``scope_words`` words) and the terms chained to that
        one by ``chain_words`` only ("no threats or ultimatums", not "not
        going to negotiate under the threat of a gun"); a post-cue ("a danger
        to no one") negates the terms before it in its clause.
        """
        hits: list[list] = []  # [category, words, negated, end offset]
        neg_from = -1  # end offset of the active negation cue, -1 when none
        chain_end = -1  # end offset of the last term that cue negated
        clause = 0  # index in hits where the current clause starts
        scope, chain = self.scope_words, self.chain
        for m in self.regex.finditer(text):
            g = m.lastgroup
            if g == "b" or g == "c":
                neg_from, chain_end, clause = -1, -1, len(hits)
                continue
            s, e = m.span()
            found = m.group()
            entries = self.entries.get(found.lower().translate(_KEY_DROP))
            if entries is None:  # an exotic separator: normalise harder
                entries = self.entries.get(re.sub(r"[\W_]+", "", found.lower()), [])
            negated = False
            if neg_from >= 0 and len(text[neg_from:s].split()) < scope:
                if chain_end < 0:
                    negated = True
                else:
                    gap = text[chain_end:s].lower().split()
                    negated = all(w in chain for w in gap)
            hit_cat = False
            for cat, case, before, after, _term in entries:
                if case == "lower" and not found.islower():
                    continue
                if case == "upper" and not found.isupper():
                    continue
                if before is not None and before.search(text[max(0, s - 40):s]):
                    continue
                if after is not None and after.match(text[e:e + 40]):
                    continue
                if cat == _NEG:
                    # two cues in a row cancel ("not ruling out")
                    if neg_from >= 0 and len(text[neg_from:s].split()) <= 1:
                        neg_from = -1
                    else:
                        neg_from = e
                    chain_end = -1
                elif cat == _BREAK:
                    neg_from, chain_end, clause = -1, -1, len(hits)
                elif cat == _POST:
                    for h in hits[clause:]:
                        if h[0] not in self.never_negated and len(text[h[3]:s].split()) < scope:
                            h[2] = True
                elif cat == _NOTNEG:
                    pass
                elif cat == _PAT:
                    pm = self._pattern_at(text, s, _term)
                    if pm is not None:
                        pcat, brk = self.patterns[_term][:2]
                        if brk:
                            neg_from, chain_end, clause = -1, -1, len(hits)
                        hits.append([pcat, pm.group(), False, e])
                else:
                    hit_cat = True
                    hits.append([cat, found, negated and cat not in self.never_negated, e])
            if hit_cat and neg_from >= 0:
                if negated:
                    chain_end = e
                elif chain_end >= 0 or len(text[neg_from:s].split()) >= scope:
                    neg_from, chain_end = -1, -1  # the chain is broken
        counts = [0] * len(CATEGORIES)
        negs = [0] * len(CATEGORIES)
        index = _CAT_INDEX
        for cat, _w, n, _e in hits:
            counts[index[cat]] += 1
            negs[index[cat]] += n
        return counts, negs, [(c, w, n) for c, w, n, _e in hits]

    def _pattern_at(self, text: str, s: int, idx: int):
        """The match of lexicon pattern ``idx`` whose anchor starts at ``s``, or None."""
        _cat, _brk, full, lookback = self.patterns[idx]
        if lookback:  # the pattern starts before the anchor
            pm = full.search(text, max(0, s - lookback))
            return pm if pm is not None and pm.start("_anchor") == s else None
        return full.match(text, s)

    def tone(self, counts, negs, hits=()) -> int:
        """-1, 0 or 1: hostile against conciliatory mentions (negated ones count the other way). The
        ``hits`` of terms marked ``tone: false`` (troops, weapons: force named, not hostility voiced)
        are left out of the tone though they count in their category."""
        if self.toneless and hits:
            counts, negs = list(counts), list(negs)
            for cat, words, negated in hits:
                if (cat, words.lower().translate(_KEY_DROP)) in self.toneless:
                    counts[_CAT_INDEX[cat]] -= 1
                    negs[_CAT_INDEX[cat]] -= negated
        score = 0
        for i, cat in enumerate(CATEGORIES):
            plain, neg = counts[i] - negs[i], negs[i]
            if cat in self.tone_negative:
                score += neg - plain
            elif cat in self.tone_positive:
                score += plain - neg
        return (score > 0) - (score < 0)


_CAT_INDEX = {c: i for i, c in enumerate(CATEGORIES)}


_TERM_SPEC = {"term": None, "forms": None, "case": None, "unless_before": None, "unless_after": None, "tone": None}
# the keys rhetoric.yml may use (see its header); anything else is a typo
LEXICON_SPEC = {
    "categories": {"*": {"words": [_TERM_SPEC], "phrases": [_TERM_SPEC],
                         "patterns": [{"anchor": None, "rest": None, "before": None, "lookback": None,
                                       "clause_break": None}]}},
    "negation": {"scope_words": None, "never_negated": None, "cues": None, "not_cues": None,
                 "clause_breaks": None, "chain_words": None, "post_cues": None,
                 "conjunction_breaks": {"conjunctions": None, "next_words": None, "next_suffixes": None}},
    "tone": {"negative": None, "positive": None},
}


@lru_cache(maxsize=4)
def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """The compiled lexicon of ``path`` (default: the package's rhetoric.yml); an unknown key
    stops the load naming file, line and key."""
    return Lexicon(load_checked(Path(path) if path else LEXICON_PATH, LEXICON_SPEC))


@lru_cache(maxsize=1)
def _vader():
    """VADER's analyser, built once (it reads its lexicon file)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=1)
def _textblob_sentiment():
    """TextBlob's sentiment function itself: ``TextBlob(t).sentiment`` is
    ``textblob.en.sentiment(t)`` wrapped in a namedtuple class built anew on
    every call (about 40% of its cost); the numbers are the same."""
    from textblob.en import sentiment

    return sentiment


# VADER's cost grows with the square of its input: a text longer than this is scored in
# pieces of whole sentences up to this length (no quote or claim of the test corpora is
# this long, so their scores are VADER's own)
VADER_PIECE = 2000


def _pieces(text: str, limit: int) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``limit`` characters, at sentence ends
    where it can, else at a space (a word longer than ``limit`` is cut where it must)."""
    out: list[str] = []
    cur_s: int | None = None
    cur_e: int = 0
    for s0, s1 in sentence_spans(text):
        if cur_s is not None and s1 - cur_s <= limit:
            cur_e = s1
            continue
        if cur_s is not None:
            out.append(text[cur_s:cur_e])
        cur_s, cur_e = s0, s1
        while cur_e - cur_s > limit:  # one sentence too long on its own
            cut = text.rfind(" ", cur_s + 1, cur_s + limit)
            cut = cut if cut > cur_s else cur_s + limit
            out.append(text[cur_s:cut])
            cur_s = cut
    if cur_s is not None and cur_e > cur_s:
        out.append(text[cur_s:cur_e])
    return [p for p in out if p.strip()]


def vader_compound(text: str) -> float:
    """VADER's compound score of ``text``; a text longer than :data:`VADER_PIECE` characters
    is scored piece by piece (whole sentences) and the pieces' scores averaged, weighted by
    their words, so the cost stays linear in the text's length."""
    scores = _vader().polarity_scores
    if len(text) <= VADER_PIECE:
        return scores(text)["compound"]
    pieces = _pieces(text, VADER_PIECE)
    weights = [max(1, len(_words(p))) for p in pieces]
    total = sum(weights)
    return round(sum(scores(p)["compound"] * w for p, w in zip(pieces, weights, strict=True)) / total, 4) if total else 0.0


# --------------------------------------------------------------------------
# per text


def score_text(text: str | None) -> dict:
    """All rhetoric columns for one text (a quote or claim); see :func:`_score`."""
    return dict(_score(text or ""))


@lru_cache(maxsize=8192)  # a claim often repeats a quote's words
def _score(text: str) -> tuple:
    """:func:`_score_uncached` as a hashable tuple of items, memoised."""
    return tuple(_score_uncached(text).items())


def _score_uncached(text: str) -> dict:
    """All rhetoric columns for one text (a quote or claim).

    Keys: polarity, subjectivity (TextBlob), vader (VADER compound), one
    count per category, ``<category>_negated`` counts (a negated mention is
    also counted in its category), lex_tone (-1/0/1), n_words and
    rhetoric_terms ("category:words" per hit, "!" marking a negated one).
    """
    out: dict = {}
    if text.strip():
        polarity, subjectivity = _textblob_sentiment()(text)
        out["polarity"] = round(float(polarity), 4)
        out["subjectivity"] = round(float(subjectivity), 4)
        out["vader"] = vader_compound(text)
    else:
        out["polarity"] = out["subjectivity"] = out["vader"] = 0.0
    lex = load_lexicon()
    counts, negs, hits = lex.scan(text)
    out.update(zip(CATEGORIES, counts, strict=True))
    out.update(zip(NEGATED, negs, strict=True))
    out["lex_tone"] = lex.tone(counts, negs, hits)
    out["n_words"] = len(_words(text))
    out["rhetoric_terms"] = "; ".join(f"{c}:{'!' if n else ''}{w.lower()}" for c, w, n in hits)
    return out


def annotate(rows: list[dict], paragraphs: Sequence[str] | None = None) -> list[dict]:
    """New rows: each row with the rhetoric columns of its ``text`` added (the rows given
    are left as they are). ``paragraphs`` (the article's) give each row its context, the
    paragraph it stands in (row ``paragraph``), for the learned layer."""
    return [{**row, **score_row(row, paragraphs)} for row in rows]


def _paragraph(row: dict, paragraphs: Sequence[str] | None) -> str:
    """The paragraph the row stands in ("" when unknown): the learned layer's context."""
    if not paragraphs:
        return ""
    try:
        p = int(row.get("paragraph"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    return paragraphs[p] if 0 <= p < len(paragraphs) else ""


def score_row(row: dict, paragraphs: Sequence[str] | None = None) -> dict:
    """The rhetoric columns of one row: :func:`score_text` of its text, the categories decided by
    the learned layer (:mod:`analysis.learn`) with the row's paragraph as context.

    A category the layer keeps holds the lexicon's count (at least 1: a category the model finds
    without a lexicon term counts one mention) and the lexicon's negated count; a category the
    layer drops holds 0 in both. ``rhetoric_terms`` stays the lexicon's evidence (every term
    matched); ``rhetoric_model`` is the model's evidence ("threat 0.91; dialogue 0.64", the
    categories it keeps with their probability). In lexicon-only mode (``ANALYSIS_RHETORIC=lexicon``)
    or without a model file the columns are the lexicon's counts and ``rhetoric_model`` is empty.
    """
    out = score_text(row.get("text"))
    text = row.get("text") or ""
    counts = [int(out[c]) for c in CATEGORIES]
    negs = [int(out[n]) for n in NEGATED]
    model = None if learn.mode() == "lexicon" else learn.active_model()
    if model is None:
        out["rhetoric_model"] = ""
        return out
    found, out["rhetoric_model"] = learn.decide(text, _paragraph(row, paragraphs), counts, negs, model)
    for i, c in enumerate(CATEGORIES):
        if c in found:
            out[c] = max(counts[i], 1)
        else:
            out[c] = 0
            out[NEGATED[i]] = 0
    return out


# --------------------------------------------------------------------------
# per article and party


def article_rhetoric(article, quotes: list[dict], claims: list[dict]) -> list[dict]:
    """Rows of rhetoric.csv for one article: one per party with attributed text.

    A party's text is its quotes plus its claims that do not repeat a quote
    (a claim row with a non-empty ``quote_id`` duplicates one). Means are
    weighted by words; categories are rates per 1,000 words.
    """
    aid = getattr(article, "article_id", None)
    if aid is None and isinstance(article, dict):
        aid = article.get("article_id")
    groups: dict[str, dict] = {}
    for kind, rows in (("quote", quotes or ()), ("claim", claims or ())):
        for row in rows:
            party = row.get("party")
            if is_blank(party):
                continue
            if kind == "claim" and not is_blank(row.get("quote_id")):
                continue
            if "threat" not in row or "n_words" not in row:
                row = {**row, **score_text(row.get("text"))}  # scored here, the row left as it is
            g = groups.setdefault(str(party).strip(), dict(n_quotes=0, n_claims=0, n_words=0,
                                                         counts=[0] * len(CATEGORIES),
                                                         negs=[0] * len(CATEGORIES),
                                                         wsum={m: 0.0 for m in MEASURES}))
            g["n_quotes" if kind == "quote" else "n_claims"] += 1
            n = int(row.get("n_words") or 0)
            g["n_words"] += n
            for m in MEASURES:
                g["wsum"][m] += float(row.get(m) or 0.0) * n
            for i, c in enumerate(CATEGORIES):
                g["counts"][i] += int(row.get(c) or 0)
                g["negs"][i] += int(row.get(f"{c}_negated") or 0)
    out = []
    for party in sorted(groups):
        g = groups[party]
        n = g["n_words"]
        r = {"article_id": aid, "party": party, "n_words": n}
        for m in MEASURES:
            r[m] = round(g["wsum"][m] / n, 4) if n else 0.0
        for i, c in enumerate(CATEGORIES):
            r[c] = round(1000.0 * g["counts"][i] / n, 3) if n else 0.0
        for i, c in enumerate(CATEGORIES):
            r[f"{c}_count"] = g["counts"][i]
        for i, c in enumerate(CATEGORIES):
            r[f"{c}_negated"] = g["negs"][i]
        r["n_quotes"] = g["n_quotes"]
        r["n_claims"] = g["n_claims"]
        out.append(r)
    return out


# --------------------------------------------------------------------------
# corpus rates with bootstrap intervals


def _units(data):
    """Per-unit arrays (party, words, counts[n,7], measure sums[n,3]) from a
    rhetoric table (units = article x party) or quote/claim rows (units = texts)."""
    import numpy as np
    import pandas as pd

    df = data if isinstance(data, pd.DataFrame) else pd.DataFrame(list(data))
    if df.empty:
        return df, None, None, None
    df = df[~df["party"].map(is_blank)].copy()
    if "quote_id" in df.columns and "act" in df.columns:  # claim rows repeating a quote
        df = df[df["quote_id"].map(is_blank)]
    if "text" in df.columns and ("threat" not in df.columns or "n_words" not in df.columns):
        scored = pd.DataFrame([score_text(t) for t in df["text"]], index=df.index)
        df = df.drop(columns=[c for c in scored.columns if c in df.columns]).join(scored)
    words = pd.to_numeric(df["n_words"], errors="coerce").fillna(0).to_numpy(float)
    cols = []
    for c in CATEGORIES:
        if f"{c}_count" in df.columns:
            cols.append(pd.to_numeric(df[f"{c}_count"], errors="coerce").fillna(0).to_numpy(float))
        elif "text" in df.columns:  # text rows: the column is a count
            cols.append(pd.to_numeric(df[c], errors="coerce").fillna(0).to_numpy(float))
        else:  # rhetoric table without counts: recover them from the rate
            cols.append(pd.to_numeric(df[c], errors="coerce").fillna(0).to_numpy(float) * words / 1000.0)
    counts = np.column_stack(cols) if cols else np.zeros((len(df), 0))
    msum = np.column_stack([pd.to_numeric(df[m], errors="coerce").fillna(0).to_numpy(float) * words
                            if m in df.columns else np.zeros(len(df)) for m in MEASURES])
    return df, words, counts, msum


def party_rates_ci(data, n_boot: int = 1000, seed: int = 0, level: float = 0.95):
    """Per party: each category's corpus rate per 1,000 words and the
    word-weighted mean of polarity, subjectivity and VADER, with a percentile
    bootstrap interval that resamples units (articles for a rhetoric table,
    texts for quote/claim rows). Deterministic for a given seed.

    Returns a DataFrame: party, measure, kind ("rate_per_1000" or "mean"),
    value, low, high, n_units, n_words, count (mentions, for rates).
    """
    import numpy as np
    import pandas as pd

    df, words, counts, msum = _units(data)
    cols = ["party", "measure", "kind", "value", "low", "high", "n_units", "n_words", "count"]
    if words is None or not len(df):
        return pd.DataFrame(columns=cols)
    parties = df["party"].astype(str).str.strip().to_numpy()
    alpha = (1.0 - level) / 2.0
    rows = []
    for party in sorted(set(parties)):
        sel = parties == party
        w, c, s = words[sel], counts[sel], msum[sel]
        n = int(sel.sum())
        # each bootstrap sample as multiplicities of the n units: (n_boot, n)
        rng = np.random.default_rng([seed, zlib.crc32(party.encode())])
        mult = rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot).astype(float)
        bw = mult @ w
        safe = np.where(bw > 0, bw, np.nan)
        tot_w = w.sum()
        with np.errstate(invalid="ignore", divide="ignore"):
            rate_b = 1000.0 * (mult @ c) / safe[:, None]
            mean_b = (mult @ s) / safe[:, None]
        for i, cat in enumerate(CATEGORIES):
            point = 1000.0 * c[:, i].sum() / tot_w if tot_w else np.nan
            lo, hi = _interval(rate_b[:, i], alpha)
            rows.append([party, cat, "rate_per_1000", point, lo, hi, n, tot_w, c[:, i].sum()])
        for j, m in enumerate(MEASURES):
            point = s[:, j].sum() / tot_w if tot_w else np.nan
            lo, hi = _interval(mean_b[:, j], alpha)
            rows.append([party, m, "mean", point, lo, hi, n, tot_w, np.nan])
    out = pd.DataFrame(rows, columns=cols)
    out["n_units"] = out["n_units"].astype(int)
    return out


def _interval(boot, alpha):
    """The percentile interval of bootstrap values (NaN left out), or (nan, nan)."""
    import numpy as np

    b = boot[~np.isnan(boot)]
    if not len(b):
        return np.nan, np.nan
    lo, hi = np.quantile(b, [alpha, 1.0 - alpha])
    return float(lo), float(hi)


# --------------------------------------------------------------------------
# validation against hand labels


def _sign(x: float, threshold: float = 0.0) -> int:
    """-1, 0 or 1: the sign of ``x`` beyond ``threshold``."""
    return 1 if x > threshold else (-1 if x < -threshold else 0)


def cohen_kappa(a: list, b: list) -> float:
    """Cohen's kappa of two equal-length label lists."""
    n = len(a)
    if not n:
        return float("nan")
    labels = sorted(set(a) | set(b))
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pe = sum((a.count(k) / n) * (b.count(k) / n) for k in labels)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


def _labels(cell) -> set[str]:
    """The labels of a ";"- or ","-separated cell."""
    return {x.strip() for x in str(cell or "").replace(",", ";").split(";") if x.strip()}


def validate(path: str | Path | None = None, split: str | None = None) -> dict:
    """Score the lexicons and tone measures against hand-labelled sentences.

    The CSV has columns sentence, categories (";"-separated), tone (-1/0/1)
    and negated (";"-separated categories whose mention is negated), and
    optionally split ("dev": used while building the lexicon; "heldout":
    labelled afterwards and never tuned on); ``split`` keeps only those rows.
    Returns {"n", "categories": {cat: precision/recall/f1/support/tp/fp/fn},
    "macro": {...}, "negation": {...}, "kappa": {textblob, vader, lexicon},
    "accuracy": {...}, "errors": [...]} .
    """
    p = Path(path) if path else config.ANNOTATED / "rhetoric_sentences.csv"
    with open(p, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if split:
        rows = [r for r in rows if (r.get("split") or "dev") == split]
    tally = {c: dict(tp=0, fp=0, fn=0) for c in CATEGORIES}
    neg = dict(tp=0, fp=0, fn=0)
    gold_tone, tb, vd, lx = [], [], [], []
    errors = []
    for r in rows:
        sc = score_text(r["sentence"])
        want, want_neg = _labels(r.get("categories")), _labels(r.get("negated"))
        have = {c for c in CATEGORIES if sc[c] > 0}
        have_neg = {c for c in CATEGORIES if sc[f"{c}_negated"] > 0}
        for c in CATEGORIES:
            tally[c]["tp"] += c in want and c in have
            tally[c]["fp"] += c in have and c not in want
            tally[c]["fn"] += c in want and c not in have
        # negation is judged on the categories both sides found
        both = want & have
        neg["tp"] += len(want_neg & have_neg & both)
        neg["fp"] += len((have_neg - want_neg) & both)
        neg["fn"] += len((want_neg - have_neg) & both)
        if want != have or (want_neg & both) != (have_neg & both):
            errors.append(dict(sentence=r["sentence"], want=sorted(want), got=sorted(have),
                               want_negated=sorted(want_neg), got_negated=sorted(have_neg),
                               terms=sc["rhetoric_terms"]))
        gold_tone.append(int(r["tone"]))
        tb.append(_sign(sc["polarity"]))
        vd.append(_sign(sc["vader"], 0.05))
        lx.append(sc["lex_tone"])

    def prf(t):
        """Precision, recall and F1 of a tally."""
        p_ = t["tp"] / (t["tp"] + t["fp"]) if t["tp"] + t["fp"] else 0.0
        r_ = t["tp"] / (t["tp"] + t["fn"]) if t["tp"] + t["fn"] else 0.0
        f_ = 2 * p_ * r_ / (p_ + r_) if p_ + r_ else 0.0
        return dict(precision=round(p_, 3), recall=round(r_, 3), f1=round(f_, 3),
                    support=t["tp"] + t["fn"], **t)

    cats = {c: prf(t) for c, t in tally.items()}
    macro = {k: round(sum(v[k] for v in cats.values()) / len(cats), 3) for k in ("precision", "recall", "f1")}
    n = len(rows)
    return {
        "n": n,
        "categories": cats,
        "macro": macro,
        "negation": prf(neg),
        "kappa": {"textblob": round(cohen_kappa(gold_tone, tb), 3),
                  "vader": round(cohen_kappa(gold_tone, vd), 3),
                  "lexicon": round(cohen_kappa(gold_tone, lx), 3)},
        "accuracy": {"textblob": round(sum(a == b for a, b in zip(gold_tone, tb, strict=True)) / n, 3) if n else None,
                     "vader": round(sum(a == b for a, b in zip(gold_tone, vd, strict=True)) / n, 3) if n else None,
                     "lexicon": round(sum(a == b for a, b in zip(gold_tone, lx, strict=True)) / n, 3) if n else None},
        "errors": errors,
    }


def validation_table(result: dict):
    """The per-category figures of :func:`validate` as a DataFrame (for the notebook/README)."""
    import pandas as pd

    df = pd.DataFrame(result["categories"]).T[["precision", "recall", "f1", "support"]]
    df.loc["negation"] = [result["negation"][k] for k in ("precision", "recall", "f1", "support")]
    return df


# --------------------------------------------------------------------------
# helpers for the notebook

MEASURE_NOTES = {
    "textblob": "TextBlob polarity/subjectivity: a general adjective lexicon (good, terrible, clear). "
                "It cannot see the crisis vocabulary: threat, invasion, sanctions, aggressor and "
                "ultimatum score 0, so hostile diplomatic language often reads as neutral or positive.",
    "vader": "VADER compound: a valence lexicon with rules for negation, intensifiers and "
             "punctuation. It knows some hostile words (threat, attack, aggressor) but not the "
             "difference between a threat made and a threat denied in diplomatic phrasing, nor "
             "ultimatums, sovereignty or hedging.",
    "lexicon": "Crisis lexicons: counts of threat, accusation, ultimatum, sovereignty, hedging, "
               "dialogue and sanctions language on word forms and phrases, negation marked. "
               "They see what is said, not how warmly; they miss implicit rhetoric "
               "(irony, comparisons, 'pumped full of weapons') and words outside the lists.",
}

