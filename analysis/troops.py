"""Troop-number mentions: every figure, normalised, with whose troops and who says so.

``extract_troops(article, registry, quotes)`` returns one row per mention:
article_id, paragraph, start, end (offsets in the paragraph), text (the
mention as written), value (best single figure; None for vague wording),
low, high (bounds implied by the wording; None where unbounded), qualifier
(exact, approximate, at_least, at_most, range, vague), unit (troops or btg),
force (whose troops: a registry party label, "" when unknown), claimant and
claimant_party (who gives the figure, "" when the article does not say),
kind (total, increment or decrease: a force's size or a change to it).

How a figure is judged (word lists in ``data/troops.yml``):

1. Prefilter: only paragraphs and sentences holding a digit or a number word
   AND a unit/anchor word are read; everything else costs a few ``in`` tests.
2. ``numbers.find_quantities`` finds each figure with its approximator,
   range or vague wording and its bounds.
3. The figure's head noun decides: the words after it are walked over
   modifiers ("more", "combat-ready", "Russian", "of its") to the first noun;
   a unit noun (troops, soldiers, ..., battalion tactical groups) makes a
   mention, a distractor (people, refugees, staff, countries, days, km,
   dollars, percent, tanks, ships, aircraft, ...) or any other noun does not.
   "a 30,000-strong force" is a mention. A figure standing apart from any
   noun ("troops numbering around 100,000", "the force, estimated at
   100,000", "a force of 300") is judged by the sentence: the nearest anchor
   (troops, force, army, build-up, ...) or distractor around it decides (the
   longer phrase wins: a "labor force" is no force); small figures standing
   alone need their anchor right before them. Casualty words near the figure
   (killed, wounded, lost, displaced, ...) make it a toll, not a force.
   Years, dates, ages, money, percentages and compounds ("45-year-old",
   "30-day") are never mentions.
4. Force: a party adjective or possessive on the noun phrase ("Russian
   troops", "Russia's 100,000 troops"), else the nearest party term that is
   the actor of the figure's clause ("Kyiv says Moscow has massed ..."),
   never a place ("near Ukraine's border", "to Poland, Germany and Romania"),
   the audience of "told", or a subject the registry does not know ("Canada
   has ..." gives ""). "we have"/"he would send" take the claimant's party.
   A mention whose sentence names no party takes the party whose troops the
   article is about, when one party holds two thirds of the troop words'
   owners (title counted twice); otherwise "".
5. Claimant: the speaker of the enclosing quote (``quotes`` rows; an empty
   speaker stays empty), else "according to X", "X said/told/estimates ...",
   "..., said X", "X ..., saying ..." (registered X only) in the sentence; a
   speech verb that belongs to another clause (", and Biden said", ", which
   Kyiv says", ", as ...") does not count; a pronoun or nothing leaves the
   claimant empty (never a guess).
6. Kind: a change word near the figure ("another", "additional", "more",
   "a further"), a verb that governs it ("added", "sending", "ordered the
   deployment of", "boost ... by"; "pulled back", "withdrawing") or the
   predicate of its noun phrase ("were sent to", "are now returning to
   their ships") makes an increment or a decrease; "already" or nothing, a total.
   A figure stating the make-up of the one before ("N groups of M soldiers")
   shares its kind.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from .actors import _is_title_word
from .numbers import Quantity, find_quantities, load_data
from .text import fold, is_blank, sentence_spans, trie_regex

COLUMNS = ["article_id", "paragraph", "start", "end", "text", "value", "low", "high", "qualifier",
           "unit", "force", "claimant", "claimant_party", "kind"]

_NUMBER_WORDS = ("two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                 "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
                 "eighty|ninety|hundred|thousand|million|dozen|tens|scores")
_NUMWORD_LIST = tuple(_NUMBER_WORDS.split("|"))
_NUMWORD_SET = frozenset(w + x for w in _NUMBER_WORDS.split("|") for x in ("", "s"))
# on lower-cased text (case-insensitive alternations are ten times slower in ``re``)
_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[a-z]+")


# ``not _NUMWORD_SET.isdisjoint(set(_LETTERS.findall(text)))`` (lower-cased text) as a trie regex
_NUMWORD_WORD = re.compile(r"(?<![a-z])%s(?:s)?(?![a-z])" % trie_regex(_NUMWORD_LIST))
# a number word standing alone, as ``\b(?:words)s?\b`` finds it (around words ``\b`` is
# ``(?<!\w)``/``(?!\w)``), searched on " " + text: a leading class instead of a look-behind lets
# ``re`` skip letters fast
_NUMWORD_BOUNDED = re.compile(r"[^\w]%s(?:s)?(?!\w)" % trie_regex(_NUMWORD_LIST))
_ASCII_DIGIT = re.compile(r"[0-9]")


# tokens: words (with inner hyphens, periods of abbreviations, apostrophes), numbers, or one mark
# (the first letter of a word is read once: "U.S."-like abbreviations, else a word; the same
# tokens as ``[A-Za-z](?:\.[A-Za-z])+\.?(?:-[A-Za-z]+)*|[A-Za-z]+(?:[-'’][A-Za-z]+)*(?:['’]s?)?|...``)
_TOKEN = re.compile(r"[A-Za-z](?:(?:\.[A-Za-z])+\.?(?:-[A-Za-z]+)*|[A-Za-z]*(?:[-'’][A-Za-z]+)*(?:['’]s?)?)"
                    r"|\d+(?:[.,]\d+)*|\S")
_QUOTE_CHARS = "\"“”«»„"
_NOT_NAMES = frozenset("i we he she it they you this that these those there the a an which who what "
                       "its their his her our army armies navy ministry forces troops units officials government "
                       "military command district fleet brigade division corps guard monday tuesday wednesday "
                       "thursday friday saturday sunday january february march april may june july august "
                       "september october november december week month year".split())
_MORE = frozenset(["more", "additional", "extra", "others", "other", "of", "them"])
_CLAUSE_END = set(",;:()—–") | set(_QUOTE_CHARS)

SPEECH_VERBS = ("said|says|say|told|tells|estimated|assessed|assesses|believes|believed|claimed|"
                "reported|warned|warns|announced|announces|estimates?\\s+that|estimates(?=\\s+[A-Z]|\\s*[.,;]|$)|"
                "puts?\\s+(?:the\\s+)?(?:\\w+\\s+)?(?:number|figure|total|count|estimate|tally|strength)|"
                "added|stated|noted|wrote|showed|calculated|insisted|insists|alleged|alleges|according")
_SAYS = re.compile(r"\b(?:%s)\b" % SPEECH_VERBS, re.I)
# the same on lower-cased text without re.I (several times faster); see _lowered()
_SAYS_LOW = re.compile(r"\b(?:%s)\b" % SPEECH_VERBS.replace("[A-Z]", "[a-z]"))
# the same searched on " " + text, group 1 the verb (every verb starts with a letter, so the
# leading \b is a non-word character before it: a class instead of \b lets ``re`` skip letters)
_SAYS_LOW_SPACED = re.compile(r"[^\w](%s)\b" % SPEECH_VERBS.replace("[A-Z]", "[a-z]"))
# (a period inside an abbreviation does not end the source: "according to U.S. officials")
_ACCORDING = re.compile(r"\baccording\s+to\s+((?:[^,;:.()\"“”]|\.(?=[A-Za-z]|\s+[a-z]))+?)"
                        r"(?=\s*(?:[,;:()\"“”]|\.(?![A-Za-z]|\s+[a-z])|\s(?:who|which|that)\b|$))", re.I)
_SAID_X = re.compile(r"[,\"”]\s*(?:said|says|told|added|estimated)\s+((?:(?:the|a|an)\s+)?[A-Z][^,;:.()\"“”]*?)"
                     r"(?=\s*(?:[,;.()\"“”](?!\d)|$|\s(?:on|in|at|who|which|told|during|after|before|while|speaking)\b))")
_PRONOUN_START = re.compile(r"^(?:he|she|they|it|we|i|you|this|that|these|those|there|which|who)\b", re.I)
_LOCATION_PREP = frozenset("in into near on along at to toward towards around inside across within against "
                           "outside off from onto through beyond by".split())
_TIME_WORDS = re.compile(r"\s+(?:on|late|early|last|this)\s+(?:[A-Z]\w+day|week|month|year|night|morning|evening)\b")


# characters that re.I folds onto ASCII letters while str.lower() does not (or changes length)
_ODD_CASE = re.compile("[\u0130\u0131\u212a\u017f]")


def _lowered(text: str):
    """``text.lower()`` when a case-insensitive regex over ``text`` finds exactly what its
    lower-case twin (re.I dropped, [A-Z] read as [a-z]) finds over it, at the same offsets; else None."""
    low = text.lower()
    if text.isascii():
        return low
    if len(low) != len(text) or _ODD_CASE.search(text) is not None:
        return None
    return low


class _Table:
    """A phrase table matched on folded tokens, with first/last-word sets for quick rejection."""

    def __init__(self, mapping: dict):
        self.map = mapping
        self.first = {k.split()[0] for k in mapping}
        self.last = {k.split()[-1] for k in mapping}
        self.maxn = max((len(k.split()) for k in mapping), default=1)
        # the most words of a phrase by its first and by its last word: a phrase that starts (or
        # ends) with a token is never longer, so longer joins need not be tried
        self.maxn_first: dict[str, int] = {}
        self.maxn_last: dict[str, int] = {}
        for k in mapping:
            words = k.split()
            self.maxn_first[words[0]] = max(self.maxn_first.get(words[0], 0), len(words))
            self.maxn_last[words[-1]] = max(self.maxn_last.get(words[-1], 0), len(words))

    def __contains__(self, key):
        return key in self.map

    def __getitem__(self, key):
        return self.map[key]

    def get(self, key, default=None):
        """The value of a phrase, or ``default``."""
        return self.map.get(key, default)


class _Lex:
    """Word lists from data/troops.yml, compiled once."""

    def __init__(self, d: dict):
        units = {}
        for unit, words in d["units"].items():
            for w in words:
                units[fold(w)] = unit
        self.units = _Table(units)
        self.anchors = _Table({fold(w): True for w in d["anchors"]})
        self.modifiers = {fold(w) for w in d["modifiers"]}
        self.modifier_suffixes = tuple(d["modifier_suffixes"])
        distractors: dict[str, str] = {}
        for kind, words in d["distractors"].items():
            for w in words:
                distractors.setdefault(fold(w), kind)
        self.distractors = _Table(distractors)
        self.casualty = {fold(w) for w in d["casualty_cues"]}
        self.year_cues = {fold(w) for w in d["year_cues"]}
        self.months = {fold(w) for w in d["months"]}
        self.bare_followers = {fold(w) for w in d["bare_followers"]}
        self.figure_nouns = {fold(w) for w in d["figure_nouns"]}
        self.people_heads = {fold(w) for w in d["people_heads"]}
        strength = [fold(w) for w in d["strength_verbs"]]
        # a strength verb right before the figure (approximators between them are part of the figure)
        self.strength_re = re.compile(r"(?i)\b(?:%s)\s+\Z" % "|".join(
            re.escape(w).replace(r"\ ", r"\s+") for w in sorted(strength, key=len, reverse=True)))
        # a sentence can hold a troop mention only if it holds a unit or anchor word:
        # a cheap necessary condition on word prefixes (first word of each phrase)
        stems = {k.split()[0][:5] for k in [*units, *self.anchors.map]}
        common = [x for x in ("troop", "force", "soldi", "milit", "deplo", "army", "build") if x in stems]
        self.stems = tuple(common + sorted(stems - set(common)))
        # the same test as ``any(st in text for st in self.stems)``, one regex search
        self.stems_re = re.compile(trie_regex(self.stems))
        heads = set()
        for k in [*units, *self.anchors.map]:
            ws = _LETTERS.findall(k)
            heads.add(ws[-1] if ws[-1] != "up" else ws[0])
        self.heads = frozenset(heads)
        # a whole [a-z]+ word that is a head: the test ``not heads.isdisjoint(set(_LETTERS.findall(text)))``
        # (searched on " " + text: a leading [^a-z] instead of a look-behind lets ``re`` skip letters fast)
        self.heads_re = re.compile(r"[^a-z]%s(?![a-z])" % trie_regex(self.heads))


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    """The word lists of data/troops.yml, compiled once per process."""
    return _Lex(load_data())


_SPAN = re.Match.span
# A token is a tuple (text, start, end, folded), its fields read by these names.
# (Not a NamedTuple: building one costs about five times a plain tuple, and the
# stage builds a token for every word of each candidate sentence.)
_TEXT, _START, _END, _FOLD = 0, 1, 2, 3
_start_of, _end_of, _fold_of = itemgetter(_START), itemgetter(_END), itemgetter(_FOLD)


# a mark that ends a plain word's chunk and is a token of its own ("troops," "said." "(1)")
_CLOSING = frozenset(",.;:?!)")


def _tokens(text: str, offset: int = 0):
    """[(token, start, end, folded)] of a sentence."""
    low = text.lower().replace("’", "'")
    if len(low) != len(text):
        return [(m.group(), m.start() + offset, m.end() + offset, m.group().lower().replace("’", "'"))
                for m in _TOKEN.finditer(text)]
    if offset:
        return [(text[a:b], a + offset, b + offset, low[a:b]) for a, b in map(_SPAN, _TOKEN.finditer(text))]
    # No token holds white space and ``_TOKEN`` looks neither back nor ahead: the tokens of
    # the text are those of its white-space-separated chunks, each chunk starting where its text
    # is next found. Most chunks are a plain word, or a word and one closing mark ("troops,"):
    # those are cut without the pattern (one ``findall`` call per token costs more than the rest).
    out: list[tuple[str, int, int, str]] = []
    append = out.append
    i = 0
    find = text.find
    ascii_text = text.isascii()
    for chunk in text.split():
        i = find(chunk, i)
        j = i + len(chunk)
        if ascii_text or chunk.isascii():
            if chunk.isalpha():
                append((chunk, i, j, low[i:j]))
                i = j
                continue
            if chunk[-1] in _CLOSING and chunk[:-1].isalpha():
                append((chunk[:-1], i, j - 1, low[i:j - 1]))
                append((chunk[-1], j - 1, j, chunk[-1]))
                i = j
                continue
        for a, b in map(_SPAN, _TOKEN.finditer(text, i, j)):
            append((text[a:b], a, b, low[a:b]))
        i = j
    return out


def _match_phrase(toks, i, table: _Table):
    """Longest phrase of ``table`` starting at token i -> (key, n_tokens) or None."""
    if i >= len(toks):
        return None
    f = toks[i][_FOLD]
    top = table.maxn_first.get(f)
    if top is None:  # (a token is one word: not a first word, it is a phrase only stripped)
        if f.rstrip(".'") not in table.first:
            return None
        top = 1
    for n in range(min(top, len(toks) - i), 1, -1):
        key = " ".join(t[_FOLD] for t in toks[i:i + n])
        if key in table.map:
            return key, n
        k2 = key.rstrip(".'")  # "BTGs." / "troops'" possessive
        if k2 != key and k2 in table.map:
            return k2, n
    if f in table.map:
        return f, 1
    k2 = f.rstrip(".'")
    if k2 != f and k2 in table.map:
        return k2, 1
    return None


def _match_phrase_back(toks, j, table: _Table):
    """Longest phrase of ``table`` ending at token j -> (key, first_index) or None."""
    if j < 0:
        return None
    last = toks[j][_FOLD].rstrip(".'")
    top = table.maxn_last.get(last)
    if top is None:
        return None
    for n in range(min(top, j + 1), 0, -1):
        key = " ".join(t[_FOLD] for t in toks[j - n + 1:j + 1]).rstrip(".'")
        if key in table.map:
            return key, j - n + 1
    return None


def _is_modifier(tok: str, lex: _Lex) -> bool:
    """May ``tok`` stand between a figure and its noun (a listed modifier, a -ready/-led word, a
    capitalised word that is no unit or distractor)?"""
    f = tok.lower().replace("’", "'")
    if f in lex.modifiers:
        return True
    if f.endswith(lex.modifier_suffixes):
        return True
    if tok[:1].isupper() and f not in lex.distractors.map and f not in lex.units.map:
        return True
    return False


# ----------------------------------------------------------------- judging
class _Walk(NamedTuple):
    """Where the walk over modifiers after a figure stopped without deciding."""

    j: int  # the token it stopped at
    n_mod: int  # modifiers passed
    ing: bool  # stopped at an -ing verb ("an army of 68,000 massing on the border")


def _judge(sent: str, q: Quantity, lex: _Lex, registry, toks=None, groups=False):
    """Decide whether quantity q of sentence ``sent`` counts troops.

    Returns (unit, span_start, span_end, np_tokens, anchor_index_or_None, toks) or None.
    With ``groups`` (the article has named battalion tactical groups), a bare "groups" head
    counts them ("another seven to ten groups held in reserve").
    """
    after = sent[q.end:q.end + 12]
    strong = _STRONG.match(after)
    if _never_troops(sent, q, after, strong):
        return None
    if toks is None:
        toks = _tokens(sent)
    # token index right after the quantity
    # (token starts and ends both increase: bisect instead of walking from the sentence start)
    i = bisect_left(toks, q.end, key=_start_of)
    k0 = min(i, bisect_right(toks, q.start, key=_end_of)) - 1  # last token of the figure
    if _is_date(q, toks, k0, i, lex):
        return None
    if strong:
        return _judge_strong(q, lex, toks, i, strong)
    yearlike = (q.written_in_digits and not q.has_separator and q.low is not None and q.high is not None
                and q.qualifier in ("exact", "approximate", "range") and 1900 <= q.low and q.high <= 2100
                and (q.num_end - q.num_start == 4 or q.qualifier == "range"))
    found = _judge_elliptic(sent, q, lex, toks, i, k0, yearlike)
    if found is not None:
        return found or None
    walk = _walk_to_head(sent, q, lex, toks, i, k0, yearlike, groups)
    if not isinstance(walk, _Walk):
        return walk or None
    if sent[q.num_end - 1] in "mM" and q.num_end > 1 and sent[q.num_end - 2].isdigit():
        return None  # "1.5m" is millions only before a troop noun ("1.5m troops"), else metres
    return _judge_standalone(sent, q, lex, toks, i, k0, walk, yearlike)


def _never_troops(sent: str, q: Quantity, after: str, strong) -> bool:
    """Money, percentages and hyphenated compounds ("45-year-old", "30-day") are never troops."""
    a = q.num_start
    if a and sent[a - 1] in "$€£¥₽" or _MONEY_BEFORE.search(sent, max(0, a - 5), a):
        return True
    if _PERCENT.match(after):
        return True
    return bool(not strong and after[:1] in "-–" and after[1:2].isalpha() and not after[1:5].lower() == "plus")


def _is_date(q: Quantity, toks, k0: int, i: int, lex: _Lex) -> bool:
    """A day of the month next to a month name: "Jan. 12", "12 January", "Feb. 10-20"."""
    if q.low is None or q.low > 31 or not q.written_in_digits:
        return False
    kp = k0 - 1 if k0 >= 1 and toks[k0][_TEXT] == "." else k0  # "Jan. 17"
    return bool((kp >= 0 and toks[kp][_FOLD].rstrip(".") in lex.months)
                or (i < len(toks) and toks[i][_FOLD].rstrip(".") in lex.months))


def _judge_strong(q: Quantity, lex: _Lex, toks, i: int, strong):
    """ "a 30,000-strong force": the noun after a hyphenated "-strong" decides; "1,600 strong"
    alone is judged by the sentence's nearest anchor."""
    start_i = i
    while i < len(toks) and toks[i][_START] < q.end + strong.end():
        i += 1
    if strong.group(1):  # hyphenated: a compound adjective before a noun
        j = i
        while j < len(toks) and j < i + 4:
            u = _match_phrase(toks, j, lex.units) or _match_phrase(toks, j, lex.anchors)
            if u:
                unit = lex.units.get(u[0], "troops")
                return unit, q.start, toks[j + u[1] - 1][_END], toks[i:j + u[1]], None, toks
            if _match_phrase(toks, j, lex.distractors):
                return None
            if not (_is_modifier(toks[j][_TEXT], lex) or toks[j][_FOLD] in ("a", "an")
                    or _NOUN_MODIFIER.fullmatch(toks[j][_TEXT]) and toks[j][_FOLD] not in lex.bare_followers
                    and toks[j][_FOLD] not in _LOCATION_PREP):
                break  # (a plain word may modify the noun: "a 9,000-strong rapid reaction force")
            j += 1
        if j < len(toks) and toks[j][_TEXT][:1].isalpha():
            return None  # "a 15,000-strong crowd"
    anchor = _sentence_anchor(toks, start_i, q, lex, near=12)
    if anchor is None:
        return None
    unit, ai, aj = anchor
    return unit, q.start, q.end + strong.end(), toks[ai:aj + 1], ai, toks


def _judge_elliptic(sent: str, q: Quantity, lex: _Lex, toks, i: int, k0: int, yearlike: bool):
    """A figure whose noun is elsewhere in the sentence: "83 battalion tactical groups, up from
    60" (the earlier figure's unit), "put Russia's troop strength on the river at 53"
    (the noun in the verb's object). -> a judgement, False (not troops) or None (undecided)."""
    before = toks[k0][_FOLD] if k0 >= 0 else ""  # the word right before the figure (cheap guards)
    fm = _FROM_BEFORE.search(sent, max(0, q.start - 30), q.start) if before in _FROM_WORDS else None
    if fm and not yearlike and not _match_phrase(toks, i, lex.units):
        inherited = _earlier_unit(toks, k0, lex)
        if inherited:
            unit, ai, aj = inherited
            return unit, fm.start(), q.end, toks[ai:aj + 1], None, toks
    pa = (_PUT_AT.search(sent, max(0, q.start - 120), q.start)
          if not yearlike and (before == "at" or k0 >= 1 and toks[k0 - 1][_FOLD] == "at")
          and _may_put_at(sent[max(0, q.start - 120):q.start]) else None)
    if pa and (i >= len(toks) or not toks[i][_TEXT][:1].isalnum() or toks[i][_FOLD] in lex.bare_followers):
        found = _object_unit(toks, pa.start(1), pa.end(1), lex)
        if found is False:
            return False
        if found:
            unit, ai, aj = found
            return unit, toks[ai][_START], q.end, toks[ai:aj + 1], ai, toks
    return None


def _walk_to_head(sent: str, q: Quantity, lex: _Lex, toks, i: int, k0: int, yearlike: bool, groups: bool):
    """Walk over the modifiers after a figure to its head noun: a unit noun makes a mention, a
    distractor or another noun does not. -> a judgement, False (not troops), or a :class:`_Walk`
    where the figure stands apart from any noun."""
    j = i
    n_mod = 0
    while j < len(toks) and n_mod <= 5:
        tok = toks[j][_TEXT]
        u = _match_phrase(toks, j, lex.units)
        if u:
            end_i = j + u[1] - 1
            if yearlike and n_mod == 0 and k0 >= 0 and toks[k0][_FOLD] in lex.year_cues:
                return False
            if _casualty_near(toks, k0, end_i, lex) or _of_other_things(toks, end_i, lex):
                return False
            return lex.units[u[0]], q.start, toks[end_i][_END], toks[i:end_i + 1], None, toks
        if (groups and toks[j][_FOLD] == "groups" and q.qualifier != "vague"
                and (j + 1 >= len(toks) or toks[j + 1][_FOLD] != "of")):  # "groups of protesters"
            if _casualty_near(toks, k0, j, lex):
                return False
            qs = q.start
            another = _ANOTHER.search(sent[max(0, q.start - 14):q.start])
            if another:
                qs -= len(sent[max(0, q.start - 14):q.start]) - another.start()
            return "btg", qs, toks[j][_END], toks[i:j + 1], None, toks
        d = _match_phrase(toks, j, lex.distractors)
        if d:
            if d[0] in lex.people_heads and _people_are_troops(sent, q, toks, j, lex):
                return "troops", q.start, toks[j][_END], toks[i:j + 1], None, toks
            return False
        if tok in _QUOTE_CHARS and j + 1 < len(toks) and _match_phrase(toks, j + 1, lex.units):
            j += 1  # 'so-called "BTGs"'
            continue
        if tok in _QUOTE_CHARS or not tok[:1].isalnum():
            break
        if n_mod == 0 and toks[j][_FOLD] in lex.figure_nouns and j > 0 and toks[j - 1][_FOLD] != "of":
            break  # "the 42,000 figure": judged by the sentence
        if tok[:1].isdigit():
            if [t[_FOLD] for t in toks[i:j]] == ["of", "the"]:
                j += 1  # "6,000 of the 30,000 troops": the same noun
                continue
            return False
        if n_mod and toks[j][_FOLD] in ("and", "or") and j + 1 < len(toks) and (
                _is_modifier(toks[j + 1][_TEXT], lex) or _match_phrase(toks, j + 1, lex.units)):
            j += 1  # "Russian and separatist troops"
            continue
        if not _is_modifier(tok, lex):
            if toks[j][_FOLD] in lex.bare_followers and all(t[_FOLD] in _MORE for t in toks[i:j]):
                break
            if n_mod == 0 and tok.endswith("ing") and tok.islower():
                return _Walk(j, n_mod, True)  # "an army of 68,000 massing on the border"
            if not (q.qualifier == "vague" and _STANDALONE_BEFORE.search(sent, max(0, q.start - 16), q.start)):
                return False  # another noun: "400 artillery pieces", "10 a.m."
            break  # "troops numbering in the tens of thousands remain ..."
        j += 1
        n_mod += 1
    return _Walk(j, n_mod, False)


_IN_ARMED_FORCES = re.compile(r"(?i)\s+(?:in|of)\s+(?:the\s+)?(?:[\w.’'-]+\s+){0,2}?"
                              r"(?:armed\s+forces|army|armies|military|forces|troops|ranks)\b")


def _of_other_things(toks, end_i: int, lex: _Lex) -> bool:
    """Does "of" after a unit noun name what it is made of, and is that no troops ("two
    battalions of fighter jets")?"""
    if end_i + 1 >= len(toks) or toks[end_i + 1][_FOLD] != "of":
        return False
    for j in range(end_i + 2, min(len(toks), end_i + 7)):
        if _match_phrase(toks, j, lex.units) or _match_phrase(toks, j, lex.anchors):
            return False
        if _match_phrase(toks, j, lex.distractors):
            return True
        if toks[j][_TEXT] in _CLAUSE_END:
            return False
    return False


def _people_are_troops(sent: str, q: Quantity, toks, j: int, lex: _Lex) -> bool:
    """Does "N people" (men, persons) count troops? When it is "in the armed forces" ("62,000
    people in the royal armed forces"), or when a strength verb gives it as the size of a troop
    word earlier in its clause ("the count of soldiers had reached 48,000 people", "formations that
    number roughly 37,000 people"), with no harm word between."""
    if _IN_ARMED_FORCES.match(sent, toks[j][_END]):
        return True
    if not lex.strength_re.search(sent, max(0, q.start - 24), q.start):
        return False
    k = bisect_right(toks, q.start, key=_end_of) - 1
    for m in range(k, max(-1, k - 16), -1):
        f = toks[m][_FOLD]
        if f in lex.casualty or toks[m][_TEXT] in ";:":
            return False
        if _match_phrase_back(toks, m, lex.anchors) or _match_phrase_back(toks, m, lex.units):
            return True
    return False


def _judge_standalone(sent: str, q: Quantity, lex: _Lex, toks, start_i: int, k0: int, walk: _Walk,
                      yearlike: bool):
    """A figure standing apart from any noun ("troops numbering around 100,000", "a force of
    300", "thousands more on standby"): the sentence's nearest anchor or distractor decides."""
    j, n_mod, ing = walk
    only_more = all(t[_FOLD] in _MORE for t in toks[start_i:j])
    if n_mod and j < len(toks) and toks[j][_TEXT][:1].isalnum():
        # "thousands more on standby" stands apart like a bare figure
        if not (only_more and toks[j][_FOLD] in lex.bare_followers):
            return None
    if n_mod and j >= len(toks) and not only_more:
        return None
    if yearlike or q.value is not None and q.value < 2 and q.qualifier == "exact":
        return None
    for t in toks[j:j + 4]:
        if t[_TEXT] in _CLAUSE_END:
            break
        if t[_FOLD] in lex.casualty:
            return None  # "29 others had been wounded"
    # a small figure standing alone is a troop figure only right after its noun ("a force of 300")
    small = q.value is not None and q.value < 1000 and q.qualifier != "vague"
    if small and _APPOSITIVE.search(sent, max(0, q.start - 30), q.start):
        return None  # "Capt. Humayun Khan, 27": an age
    anchor = _sentence_anchor(toks, start_i, q, lex, near=4 if small or ing else 12, right=not small and not ing)
    another = _ANOTHER.search(sent[max(0, q.start - 14):q.start])
    if anchor is None and another:
        # "another 5,000": the unit of the sentence's earlier troop figure
        for k in range(k0, -1, -1):
            u = _match_phrase_back(toks, k, lex.units)
            if u:
                anchor = (lex.units[u[0]], u[1], k)
                break
    if anchor is None:
        return None
    unit, ai, aj = anchor
    end = toks[j - 1][_END] if n_mod and only_more else q.end  # "thousands more"
    qs = q.start - (len(sent[max(0, q.start - 14):q.start]) - another.start()) if another else q.start
    if ai < start_i:  # anchor before: the mention reads from it ("troops numbering around 100,000")
        first = toks[ai]
        between = toks[aj + 1:k0 + 1]
        close = (sum(t[_TEXT][:1].isalnum() for t in between) <= 6 and first[_START] < q.start
                 and not any(t[_FOLD] in _SPEECH_WORDS for t in between)
                 and not any(t[_TEXT][:1].isdigit() for t in toks[max(0, ai - 4):ai]))
        st = first[_START] if close else qs
        return unit, st, end, toks[ai:aj + 1], ai, toks
    return unit, qs, end, toks[ai:aj + 1], ai, toks


_SPEECH_WORDS = frozenset("said says say told tells added according warned claimed reported".split())
_STANDALONE_BEFORE = re.compile(r"(?i)\b(?:in\s+the|numbering|numbered|totall?ing|number|numbers)\s+\Z")
_APPOSITIVE = re.compile(r"[A-Z][\w'’-]+,\s*\Z")
_MONEY_BEFORE = re.compile(r"[$€£¥₽]\s*\Z|\b(?:US|USD|EUR|GBP)\s*\Z")
_ANOTHER = re.compile(r"(?i)\b(?:another|a\s+further|an\s+additional)\s+\Z")
_PERCENT = re.compile(r"\s*(?:%|per\s?cent\b|percent\b)", re.I)
_NOUN_MODIFIER = re.compile(r"[a-z]+(?:-[a-z]+)*")
_STRONG = re.compile(r"\s*([-–])?\s*strong\b", re.I)


_FROM_WORDS = frozenset(["from", "with", "to"])
_FROM_BEFORE = re.compile(r"(?i)\b(?:up|down|rising|falling|rose|fell|grown|grew|climbing|climbed)\s+from\s+\Z"
                          r"|\bcompared\s+(?:with|to)\s+\Z")


def _may_put_at(window: str) -> bool:
    """Can ``_PUT_AT`` match in ``window``: does it hold a stem of its verbs? (A few substring
    tests cost less than the pattern, tried at every word; a character that ``re.I`` folds
    apart from ``str.lower`` leaves the answer to the pattern.)"""
    if _ODD_CASE.search(window) is not None:
        return True
    low = window.lower()
    return "put" in low or "estimat" in low or "number" in low or "peg" in low or "plac" in low


_PUT_AT = re.compile(r"(?i)\b(?:puts?|putting|estimated|estimates?|estimating|numbered|pegged|pegs|placed|places)\s+"
                     r"([^,;:.()\"“”]*?)\s+at\s+(?:(?:some|about|around|roughly|nearly|almost|least|most|more\s+than|"
                     r"over|up\s+to|between)\s+)*\Z")


def _object_unit(toks, a, b, lex):
    """The troop noun of a verb's object text[a:b] ("the number of Russian troops near the border"),
    -> (unit, first, last); False when the object holds a distractor or casualty word (it then
    decides: "put the number of refugees fleeing the troops at 20,000"); None when it names neither."""
    lo = bisect_left(toks, a, key=_start_of)
    hi = bisect_right(toks, b, key=_end_of)
    found = None
    j = lo
    while j < hi:
        if toks[j][_FOLD] in lex.casualty or _match_phrase(toks, j, lex.distractors):
            return False
        if found is None:
            u = _match_phrase(toks, j, lex.units) or _match_phrase(toks, j, lex.anchors)
            if u and j + u[1] <= hi:
                unit = lex.units.get(u[0], "troops")
                found = (unit if unit == "btg" else "troops", j, j + u[1] - 1)
                j += u[1]
                continue
        j += 1
    return found


def _earlier_unit(toks, k0, lex):
    """The unit of the nearest earlier troop figure of the sentence (a figure right before a unit
    noun, over at most three modifiers), when no distractor or casualty word comes between -> (unit, first, last)."""
    for k in range(k0, -1, -1):
        f = toks[k][_FOLD]
        if f in lex.casualty:
            return None
        u = _match_phrase_back(toks, k, lex.units)
        if u:
            first = u[1]
            for m in range(first - 1, max(-1, first - 5), -1):
                if toks[m][_TEXT][:1].isdigit() or toks[m][_FOLD] in _NUMWORD_SET:
                    if any(t[_FOLD] in lex.casualty for t in toks[:m]):
                        return None
                    return lex.units[u[0]], first, k
                if not _is_modifier(toks[m][_TEXT], lex):
                    break
            return None
        if _match_phrase_back(toks, k, lex.distractors):
            return None
    return None


def _casualty_near(toks, k0, end_i, lex) -> bool:
    """Is the figure ending at token k0 with its noun ending at ``end_i`` a toll (a harm word
    after the noun in its clause, right before the figure, or governing an earlier counted object)?"""
    # after the unit noun, to the end of the clause (at most 6 words)
    for t in toks[end_i + 1:end_i + 7]:
        if t[_TEXT] in _CLAUSE_END or t[_TEXT][:1].isdigit():
            break
        if t[_FOLD] in lex.casualty:
            return True
    # just before the figure ("killing more than 14 soldiers", "the deaths of 13 soldiers")
    for t in reversed(toks[max(0, k0 - 2):k0 + 1]):
        if t[_TEXT] in _CLAUSE_END:
            break
        if t[_FOLD] in lex.casualty:
            return True
    # further back in the clause, through an earlier counted object joined by and/or:
    # "could kill 2,000 civilians and up to 9,000 soldiers" (the verb governs both figures)
    figure = joined = False
    if k0 < 3 or lex.casualty.isdisjoint(map(_fold_of, toks[max(0, k0 - 14):k0 - 2])):
        return False
    for t in reversed(toks[max(0, k0 - 14):k0 + 1]):
        if t[_TEXT] in _CLAUSE_END:
            break
        if t[_FOLD] in lex.casualty:
            return figure and joined
        if t[_TEXT][:1].isdigit() or t[_FOLD] in _NUMWORD_SET:
            figure = True
        elif t[_FOLD] in ("and", "or") and not figure:
            joined = True
    return False


def _object_of_preposition(toks, first: int) -> bool:
    """Is the noun phrase starting at token ``first`` the object of a place or time preposition
    ("to their staging sites", "in the past week"), over at most two determiners or modifiers?"""
    for m in range(first - 1, max(-1, first - 4), -1):
        f = toks[m][_FOLD]
        if f in _LOCATION_PREP or f in ("for", "during", "over", "since", "until"):
            return True
        if not f[:1].isalpha() or f[:1].isdigit():
            return False
    return False


def _sentence_anchor(toks, start_i, q, lex, near=12, right=True):
    """Nearest anchor (troop word) or distractor around a figure standing alone.

    Looks back at most ``near`` tokens (then, if ``right``, ahead at most 6).
    Returns (unit, first_token, last_token) of a troop anchor, or None when a
    distractor or casualty word is nearer (the longer phrase wins: "labor
    force" is not a force), or nothing decides.
    """
    k = start_i - 1
    while k >= 0 and toks[k][_END] > q.start:
        k -= 1
    j = k
    seen = 0  # words passed (punctuation is free)
    while j >= 0 and seen < near:
        f = toks[j][_FOLD]
        seen += f[:1].isalnum()
        if f in lex.casualty:
            return None
        m = _match_phrase_back(toks, j, lex.anchors)
        d = _match_phrase_back(toks, j, lex.distractors)
        if d and not m and lex.distractors[d[0]] in ("places", "time") and _object_of_preposition(toks, d[1]):
            d = None  # "brigades went back to their staging sites, and more than 70,000 stay"
        if m and not (d and d[1] < m[1]):
            unit = lex.units.get(m[0], "troops")
            return (unit if unit == "btg" else "troops"), m[1], j
        if d:
            return None
        j -= 1
    if not right:
        return None
    j = start_i
    while j < len(toks) and j - start_i < 6:
        f = toks[j][_FOLD]
        if f in lex.casualty or toks[j][_TEXT] in _CLAUSE_END and j > start_i:
            return None
        m = _match_phrase(toks, j, lex.anchors)
        d = _match_phrase(toks, j, lex.distractors)
        if m and not (d and d[1] > m[1]):
            unit = lex.units.get(m[0], "troops")
            return (unit if unit == "btg" else "troops"), j, j + m[1] - 1
        if d:
            return None
        j += 1
    return None


# -------------------------------------------------------------------- kind
# A figure is a total (a force's size) unless its wording makes it a change: an increment
# ("added 2,300", "another 650", "additional", "sending up to 3,000", "N troops would be
# moved to ...") or a decrease ("pulled back 2,400", "N troops are now returning to their ships").
_MORE_WORDS = r"(?:additional|extra|fresh|further|another|more(?!\s+than)|reinforcements?)"
_INCREMENT_NEAR = re.compile(r"\b%s\b" % _MORE_WORDS)  # on lower-cased text
# verbs that make the figure they govern a change: "added N", "sending up to N", "pulled back N"
_INC_VERBS = frozenset("add adds added adding send sends sending dispatch dispatches dispatching deploy deploys "
                       "deploying bring brings bringing brought reinforce reinforces reinforced reinforcing".split())
_DEC_VERBS = frozenset("withdraw withdraws withdrew withdrawn withdrawing remove removes removed removing "
                       "demobilise demobilised demobilize demobilized return returns returned returning".split())
_DEC_PARTICLE = {"back": ("pull", "pulls", "pulled", "pulling"), "out": ("pull", "pulls", "pulled", "pulling"),
                 "home": ("send", "sends", "sent", "sending"), "down": ("draw", "draws", "drew", "drawing")}
# "boost the army by N" / "cut the force by N"
_INC_BY = ("boost", "increas", "expand", "bolster", "rais", "swell", "grow", "grew", "enlarg")
_DEC_BY = ("cut", "reduc", "shrink", "shrank", "shrunk", "trim", "decreas")
_ORDERS = ("order", "approv", "announc", "authori")
# words that start another clause: a verb before one of them governs something else
_CLAUSE_WORDS = frozenset("that which who whom whose and but or while as because said says".split())
_CLAUSE_MARK = re.compile(r"[,;:()—–\"“”]")
_LOW_WORD = re.compile(r"[a-z][a-z’'-]*")


def _verb_kind(lead: str) -> str:
    """ "increment" or "decrease" when a verb governs the figure right after ``lead`` (at most four
    words between them, none starting another clause), else ""."""
    mark = _CLAUSE_MARK.search(lead[::-1][:80])
    words = _LOW_WORD.findall((lead[-80:] if mark is None else lead[len(lead) - mark.start():]).lower())
    if not words:
        return ""
    if words[-1] == "by":  # "enlarge the reserve by N"
        for w in reversed(words[-8:-1]):
            if w in _CLAUSE_WORDS:
                break
            if w.startswith(_INC_BY):
                return "increment"
            if w.startswith(_DEC_BY):
                return "decrease"
        return ""
    if words[-1] == "of" and len(words) > 2 and words[-2] in ("deployment", "dispatch") \
            and any(w.startswith(_ORDERS) for w in words[-5:-2]):
        return "increment"  # "ordered the deployment of N"
    for k in range(len(words) - 1, max(-1, len(words) - 6), -1):
        w = words[k]
        if w in _INC_VERBS:
            return "increment"
        if w in _DEC_VERBS or (k and w in _DEC_PARTICLE and words[k - 1] in _DEC_PARTICLE[w]):
            return "decrease"
        if w in _CLAUSE_WORDS:
            break
    return ""


_CHANGE_AFTER = re.compile(  # on lower-cased text
    r"\b(?:(?P<dec>(?:are|were|is|was|being|been|have|had|has|will|would)\s+(?:(?:\w+ly|now|still|also|soon|then)\s+)?"
    r"(?:being\s+|be\s+|been\s+)?(?:returning|withdrawing|withdrawn|pulled\s+back|pulling\s+back|leaving|"
    r"sent\s+home|heading\s+home|going\s+home|demobili[sz]ed))|(?P<inc>(?:are|were|is|was|being|be|been|will|"
    r"would|to)\s+(?:(?:\w+ly|now|still|also|soon|then)\s+)?(?:being\s+|be\s+|been\s+)?(?:sent|dispatched|transferred|moved|flown|airlifted|"
    r"formed|redeployed|added|join|joining|arriving|deployed\s+to)|on\s+(?:their|its)\s+way)|(?P<total>already))\b")
# a necessary condition of _CHANGE_AFTER (a plain alternation, searched fast)
_AFTER_STEMS = re.compile(trie_regex(("sent", "dispatch", "transfer", "moved", "flown", "airlift", "formed", "redeploy",
                                      "added", "join", "arriv", "deployed", "way", "return", "withdr", "pull",
                                      "leav", "home", "demobili", "already")))
# a parenthesis between dashes after the noun phrase ("450 soldiers - a unit that the general
# called ... - would join"): skipped, its verbs are not the figure's
_DASHED = re.compile(r"\s[–—-]\s[^–—]*?\s[–—-]\s")
# the figure's clause ends at a clause mark, a conjunction or a relative pronoun, or another figure
_CLAUSE_STOP = re.compile(r"[.;:\d]|\b(?:and|but|while|whereas|although|though|that|which|as)\b")  # lower-cased


def _predicate_kind(sent: str, me: int) -> str:
    """The kind the verb after a figure's noun phrase gives it ("N troops were sent to ...",
    "N marines are now returning to their ships"), "" when it says nothing."""
    after = sent[me:me + 200].lower()  # (patterns without re.I on lower-cased text: several times faster)
    if "–" in after or "—" in after or " - " in after:
        after = _DASHED.sub(" ", after)
    stop = _CLAUSE_STOP.search(after)
    if stop is not None:
        after = after[:stop.start()]
    if _AFTER_STEMS.search(after) is None:  # (a cheap necessary condition)
        return ""
    m = _CHANGE_AFTER.search(after)
    if m is None or m.group("total"):
        return ""
    return "decrease" if m.group("dec") else "increment"


# "four groups of some 2,600 soldiers", "five groups, with about 3,400 soldiers,": one body counted twice
_COMPOSED = re.compile(r"\s*,?\s*(?:of|with|comprising|consisting\s+of|made\s+up\s+of)\s+")


def _share_kind(rows: list[dict], para: str) -> None:
    """A figure that states the make-up of the one before it ("N groups of M soldiers") counts
    the same body: a change read on either is the kind of both."""
    for a, b in zip(rows, rows[1:], strict=False):
        if ((a["kind"] == "total") != (b["kind"] == "total") and _COMPOSED.fullmatch(para, a["end"], b["start"])
                and not _INCREMENT_NEAR.search(para[b["start"]:b["end"]].lower())):  # ("N, with another M")
            a["kind"] = b["kind"] = a["kind"] if a["kind"] != "total" else b["kind"]


_POSSESSIVE_PRONOUN = re.compile(r"(?i)\b(?:its|their)\s+(?:[\w-]+\s+){0,2}?(?:troops|forces|soldiers|"
                                 r"battle\s*groups?|battlegroups?|units|army|contingents?|deployment)\b")


def _first_party(before: str, registry) -> str | None:
    """The first party named (not as a place) in the last sentence of ``before``, or None."""
    spans = sentence_spans(before)
    if not spans:
        return None
    s0, e0 = spans[-1]
    sent = before[s0:e0]
    for a, b, party in _party_terms(sent, registry):
        if not _is_place(sent, a, b):
            return party
    return None


def _share_force(rows: list[dict], para: str) -> None:
    """ "N groups of M Russian soldiers": the make-up's force is the body's, and back."""
    for a, b in zip(rows, rows[1:], strict=False):
        if bool(a["force"]) != bool(b["force"]) and _COMPOSED.fullmatch(para, a["end"], b["start"]):
            a["force"] = b["force"] = a["force"] or b["force"]


# every word the rules below read starts with one of these (a necessary condition, searched fast)
_KIND_STEMS = re.compile(trie_regex((
    "add", "send", "sent", "dispatch", "deploy ", "deploys", "deploying", "deployment", "deployed to", "bring", "brought", "reinforc", "boost", "increas", "expand",
    "bolster", "rais", "swell", "grow", "grew", "enlarg", "pull", "withdr", "remov", "demobili", "draw", "drew",
    "return", "cut", "reduc", "shr", "trim", "decreas", "additional", "extra", "fresh", "further", "another",
    "more", "transfer", "moved", "flown", "airlift", "formed", "redeploy", "join", "arriv", "way", "leav", "home")))


def _kind(sent: str, q: Quantity, ms: int, me: int) -> str:
    """total, increment or decrease: what the wording around a troop figure says it counts."""
    if _KIND_STEMS.search(sent[max(0, ms - 70):me + 200].lower().replace("more than", "")) is None:
        return "total"
    before = sent[max(0, ms - 70):q.num_start]
    # the figure's own clause: after the last clause mark before it
    cut = max(before.rfind(";"), before.rfind(":"), before.rfind("—"), before.rfind(" – "))
    if cut >= 0:
        before = before[cut + 1:]
    # (the verb is looked for before the mention and before the figure: "added as many as N")
    lead = before[:max(0, len(before) - (q.num_start - ms))] if ms < q.num_start else before
    verb = _verb_kind(lead) or (_verb_kind(before) if lead is not before else "")
    if verb == "decrease":
        return verb
    near = (before[-24:] + " " + sent[q.num_end:me]).lower()
    if verb or _INCREMENT_NEAR.search(near):
        return "increment"
    return _predicate_kind(sent, me) or "total"


# ------------------------------------------------------------- attribution
_LEAD_CONJ = re.compile(r"^(?:and|but|while|as|so|also|then)\s+", re.I)
_TRAIL_AUX = re.compile(r"\s+(?:also|on\s+\w+day|again|later|earlier|repeatedly|previously|has|have|had|had\s+been|"
                        r"was|were|is|are|would|will|could|did|does|do)$", re.I)
_NEW_CLAUSE_HEAD = re.compile(r"(?i)\s*(?:and|but|while|whereas|as|although|though)\b")
_RELATIVE_HEAD = re.compile(r"(?i)\b(?:which|that|who|whom)\s+(?:\S+\s+){0,4}\Z")
_SUBJECT_SPLIT = re.compile(r"\b(?:that|and|but|while|as|which|who)\s")
_BARE_ARTICLE = re.compile(r"(?i)^(?:the|a|an)$")
_SOURCE_NOUN = re.compile(r"(?i)\b(?:officials?|intelligence|ministry|sources?|analysts?|estimates?|diplomats?|"
                          r"experts?|spokes\w+|military|government|observers|monitors|images|report)\b")
_LAST_CUT = re.compile(r"[,;:()—–\"“”][^,;:()—–\"“”]*\Z")  # the last of these marks: max(rfind)
_QUOTE_MARK = re.compile(r"[\"“”«»„]")
_CLOSE_MARK = re.compile(r"[\"”»]")
def _clean_phrase(p: str) -> str:
    """A source phrase without time words, a leading conjunction, a trailing auxiliary or quotes."""
    p = _TIME_WORDS.sub("", p.strip())
    p = _LEAD_CONJ.sub("", p)
    p = _TRAIL_AUX.sub("", p)
    return p.strip(" \"'“”‘’")


_EST_APPROX_BEFORE = re.compile(r"(?i)\b(?:an|the|some|roughly|about|is|are|was|were|be|been|being)\s+\Z")
_EST_APPROX_AFTER = re.compile(r"\s+(?:at\b|\d|some\b|about\b|around\b|roughly\b)")
_PARTICIPLE_CUE = re.compile(r",\s*(?:saying|adding|noting|warning|insisting|claiming|arguing|estimating)\b", re.I)
_MAIN_VERB = re.compile(r"\s(?:[a-z]+ed|[a-z]+s|has|have|had|was|were|is|are|will|would)\b")
_RELATIVE_TAIL = re.compile(r",\s*(?:who|which)\b[^,]*,\s*\Z")
_NEW_CLAUSE = re.compile(r"[,;]\s*(?:as|while|after|before|when|amid|since|because|but|although|though|even as)\b|;", re.I)


# "added" followed by what was added (a figure, an approximator, a noun phrase), not by what was said
_ADDED_WHAT = re.compile(r"(?i)\s+(?:\d|(?:some|about|around|roughly|approximately|nearly|almost|another|more|"
                         r"up|as|over|at|an?|the|its|their|his|her|several|dozens|hundreds|thousands|tens)\b)")


def _sentence_claimant(sent: str, registry, pos: int | None = None) -> str:
    """Who gives the figures of a sentence: "according to X", "X said", "..., said X".

    With ``pos`` (the figure's offset in ``sent``), a speech verb before the
    figure counts only when no new clause (", as ...", ", while ...") starts
    between them.
    """
    slow = _lowered(sent)
    if slow is None:
        m = _ACCORDING.search(sent)
    else:  # (the first match starts at an "according": search from the first; \b sees the character before)
        k = slow.find("according")
        m = _ACCORDING.search(sent, k) if k >= 0 else None
    if m:
        p = _clean_phrase(m.group(1))
        if p and not _PRONOUN_START.match(p):
            return p
    m = _SAID_X.search(sent)
    if m:
        p = _clean_phrase(m.group(1))
        if p and not _PRONOUN_START.match(p) and len(p.split()) <= 7 and not _DIGIT.search(p):
            return p
    if slow is None:
        verbs = ((m.start(), m.end(), m.group().lower()) for m in _SAYS.finditer(sent))
    else:
        verbs = ((m.start(1) - 1, m.end(1) - 1, m.group(1)) for m in _SAYS_LOW_SPACED.finditer(" " + slow))
    for v_start, v_end, verb in verbs:
        if verb == "according":
            continue
        if verb == "added" and _ADDED_WHAT.match(sent, v_end):
            continue  # "Belarus added 2,300 troops": a change, not a statement
        if verb == "estimated" and (_EST_APPROX_BEFORE.search(sent, max(0, v_start - 12), v_start)
                                    or _EST_APPROX_AFTER.match(sent, v_end)):
            continue  # "an estimated 100,000", "are estimated at 130,000": a figure's wording, not a source
        if pos is not None and v_end <= pos and _NEW_CLAUSE.search(sent, v_end, pos):
            continue
        head = sent[:v_start]
        # "Blinken, who met Lavrov in Geneva, said": drop the relative clause
        rel = _RELATIVE_TAIL.search(head)
        if rel:
            head = head[:rel.start()] + " "
        # the subject: from the last clause boundary to the verb
        last = _LAST_CUT.search(head)
        cut = last.start() if last else -1
        if cut >= 0:
            head = head[cut + 1:]
        if pos is not None and pos < v_start and cut >= 0 and _NEW_CLAUSE_HEAD.match(head):
            continue  # "..., and Biden said ...": a new clause with its own speech
        if pos is not None and pos < v_start and _RELATIVE_HEAD.search(head):
            continue  # "..., which Kyiv says is a threat": a relative clause says something else
        head = _SUBJECT_SPLIT.split(head)[-1]
        p = _clean_phrase(head)
        words = p.split()
        if not words or len(words) > 8 or _PRONOUN_START.match(p) or _DIGIT.search(p):
            continue
        if _BARE_ARTICLE.match(p):
            continue
        # a subject names someone: a registry term, a capitalised word or a source noun
        if _CAPITAL.search(p) or registry.party_of(p) or _SOURCE_NOUN.search(p):
            return p
    # "X dismissed the figures, saying ...": a participle cue speaks for the sentence's subject,
    # when that subject is a registered person or party at the start of the sentence
    m = _PARTICIPLE_CUE.search(sent)
    if m and (pos is None or m.end() <= pos):
        lead = sent[:m.start()]
        main_verb = _MAIN_VERB.search(lead)
        subj = lead[:main_verb.start()] if main_verb else ""
        if subj and len(subj.split()) <= 8 and not _PRONOUN_START.match(subj.strip()):
            person = registry.person(subj)
            if person is not None:
                return person.name
            if registry.party_term(subj):
                return _clean_phrase(subj)
    return ""


def _quote_row(quotes, paragraph: int, pos: int):
    """The first quote row of ``paragraph`` whose span holds ``pos`` (rows with unreadable cells
    are skipped)."""
    for r in quotes or ():
        try:
            if int(r.get("paragraph", -1)) != paragraph:
                continue
            s, e = r.get("start"), r.get("end")
            if s is None or e is None or s == "" or e == "":
                continue
            if int(s) <= pos < int(e):
                return r
        except (TypeError, ValueError):
            continue
    return None


class _QuoteIndex(dict):
    """paragraph -> [row] of the quote rows, in order: ``row_at`` reads only the rows of the
    mention's paragraph (by bisection over their spans when a paragraph holds many)."""

    # a paragraph with more quote rows than this is searched by bisection
    MANY = 16

    def __init__(self, quotes):
        super().__init__()
        get = self.get
        for r in quotes or ():
            p = r.get("paragraph", -1)
            if type(p) is not int:  # (the stage's own rows hold ints: no conversion)
                try:
                    p = int(p)
                except (TypeError, ValueError):
                    continue  # _quote_row skips such a row too
            rows = get(p)
            if rows is None:
                self[p] = [r]
            else:
                rows.append(r)
        self._spans: dict[int, tuple[list, list, int]] = {}

    def row_at(self, paragraph: int, pos: int):
        """The quote row of ``paragraph`` whose span holds ``pos`` (the first listed when spans
        overlap), or None."""
        rows = self.get(paragraph, ())
        if len(rows) <= self.MANY:
            return _quote_row(rows, paragraph, pos)
        found = self._spans.get(paragraph)
        if found is None:
            found = self._spans[paragraph] = self._sorted_spans(rows)
        starts, spans, longest = found
        k = bisect_right(starts, pos)
        lo = bisect_left(starts, pos - longest)
        hits = [(n, r) for s, e, n, r in spans[lo:k] if s <= pos < e]
        # (overlapping spans: the row that comes first in the table)
        return min(hits, key=itemgetter(0))[1] if hits else None

    @staticmethod
    def _sorted_spans(rows):
        """([start], [(start, end, order, row)], longest span) of the rows with readable spans."""
        spans = []
        for n, r in enumerate(rows):
            try:
                s, e = r.get("start"), r.get("end")
                if s is None or e is None or s == "" or e == "":
                    continue
                spans.append((int(s), int(e), n, r))
            except (TypeError, ValueError):
                continue
        spans.sort(key=itemgetter(0))
        return [x[0] for x in spans], spans, max((e - s for s, e, _, _ in spans), default=0)


class _Marks:
    """Where the quotation marks of a paragraph stand, to tell whether an offset is inside
    quotation marks. A short paragraph counts its marks before the offset; a long one is
    indexed once (positions by bisection), so that a long paragraph stays linear."""

    SHORT = 4096

    def __init__(self, para: str):
        self.para = para
        # (curly open, curly close, straight, any mark, close marks): their positions, built on first use
        self._index: tuple[list[int], ...] | None = None

    def inside(self, pos: int) -> tuple[bool, int, int]:
        """Is ``pos`` inside quotation marks? -> (inside, open_index, close_index)."""
        para = self.para
        if len(para) <= self.SHORT:
            return _inside_quote_marks(para, pos)
        if self._index is None:
            self._index = tuple([m.start() for m in re.finditer(c, para)]
                                for c in ("“", "”", '"', _QUOTE_MARK.pattern, _CLOSE_MARK.pattern))
        curly_open, curly_close, straight, any_mark, close_marks = self._index
        curly = bisect_left(curly_open, pos) - bisect_left(curly_close, pos)
        if not (curly > 0 or bisect_left(straight, pos) % 2 == 1):
            return False, -1, -1
        k = bisect_left(any_mark, pos)
        o = any_mark[k - 1] if k else 0
        k = bisect_left(close_marks, pos)
        c = close_marks[k] if k < len(close_marks) else len(para)
        return True, o, c


def _inside_quote_marks(para: str, pos: int) -> tuple[bool, int, int]:
    """Is ``pos`` inside quotation marks? -> (inside, open_index, close_index), by counting the
    marks before it (for a short paragraph)."""
    curly_open = para.count("“", 0, pos) - para.count("”", 0, pos)
    straight = para.count('"', 0, pos) % 2
    inside = curly_open > 0 or straight == 1
    if not inside:
        return False, -1, -1
    opens = [m.start() for m in _QUOTE_MARK.finditer(para, 0, pos)]
    o = opens[-1] if opens else 0
    m = _CLOSE_MARK.search(para, pos)
    c = m.start() if m else len(para)
    return True, o, c


# how far from a quote its cue is looked for when the quotes stage did not list the quote
# (a paragraph of news copy is shorter; the bound keeps a pathological paragraph linear)
_CUE_REACH = 1000


def _claimant(marks: _Marks, sent_start: int, sent: str, pos: int, paragraph: int, quotes, registry):
    """((claimant, party), claimant as written) for a figure at paragraph offset ``pos``: the
    speaker of the quote holding it, else the cue of an unlisted quote around it, else the
    sentence's source."""
    if isinstance(quotes, _QuoteIndex):
        row = quotes.row_at(paragraph, pos)
    else:
        row = _quote_row(quotes, paragraph, pos)
    if row is not None:
        spk, party = _cell(row.get("speaker")), _cell(row.get("party"))
        return (spk, party or (registry.party_of(spk) or "" if spk else "")), spk
    inside, o, c = marks.inside(pos)
    if inside:
        # a quote the quotes stage did not list: its cue sits outside the marks
        para = marks.para
        lead = para[max(0, o - _CUE_REACH):o]
        outside = lead + " " + para[c + 1:c + 1 + _CUE_REACH] if c < len(para) else lead
        who = _sentence_claimant(_SPACES.sub(" ", outside), registry) if outside.strip() else ""
        return _resolve(who, registry), ""
    # "what U.S. officials describe as some 60 BTGs": the describers give the figure
    k = pos - sent_start
    what = _WHAT_X_CLAIM.search(sent, max(0, k - 130), k) if "what" in sent[max(0, k - 130):k] else None
    who = _clean_phrase(what.group(1)) if what else ""
    if not who or _PRONOUN_START.match(who):
        who = _sentence_claimant(sent, registry, k)
    return _resolve(who, registry), who


_SPACES = re.compile(r"\s+")


def _cell(v) -> str:
    """A table cell as text, stripped; blank cells (None, NaN, "null"...) are empty."""
    return "" if is_blank(v) or not isinstance(v, str) else v.strip()


def _resolve(who: str, registry):
    """(name, party) of a claimant phrase: the registered person's full name when it names one."""
    if not who:
        return "", ""
    p = registry.person(who)
    if p is not None:
        return p.name, p.party
    return who, registry.party_of(who) or ""


# ------------------------------------------------------------------- force
_SUBJECT_STOP = re.compile(r"\b(?:said|says|say|told|estimated|estimates|according|believes|warned|claimed|"
                           r"reported|assessed|noted|added|that|puts?\s+(?:the\s+)?(?:\w+\s+)?(?:number|figure|"
                           r"total|count|estimate|tally|strength))\b", re.I)


_SUBJECT_STOP_LOW = re.compile(_SUBJECT_STOP.pattern)  # on lower-cased text, see _lowered()


_PTOK = re.compile(r"[a-z](?:\.[a-z])+\.?|[a-z0-9\u00c0-\u024f]+(?:-[a-z0-9\u00c0-\u024f]+)*|'s\b|[^\s\w]")


_PREV_NAME = re.compile(r"([A-Z][\w'’-]+)\s+\Z")


def _other_first_name(text: str, a: int, person) -> bool:
    """Does a one-word name at text[a:] follow a capitalised word that is neither the registered
    person's first name nor a title ("Gary Johnson" is not the registered Johnson)?"""
    prev = _PREV_NAME.search(text[max(0, a - 30):a])
    return prev is not None and prev.group(1).lower() != person.name.split()[0].lower() \
        and not _is_title_word(prev.group(1))


_MEMO_MAX = 20_000  # texts remembered by a _PartyIndex (short windows and sentences)


class _PartyIndex:
    """Registry party terms and people, looked up by word n-grams of lower-cased text.

    Same answers as the registry's own regexes (whole words, longest first,
    case- and apostrophe-insensitive), but a dictionary lookup per word
    instead of a few hundred regex branches per character.
    """

    def __init__(self, registry):
        self.registry = registry
        table: dict[str, tuple] = {}
        for key, (party, _kind) in registry.terms.items():
            table.setdefault(self._key(key), ("term", party, None))
        for key, person in registry.people_by_name.items():
            table.setdefault(self._key(key), ("person", person.party, person))
        table.pop("", None)
        self.table = table
        self.first = {k.split(" ")[0] for k in table}
        self.prefixes = {" ".join(k.split(" ")[:j]) for k in table for j in range(1, len(k.split(" ")) + 1)}
        self.maxn = max((len(k.split(" ")) for k in table), default=1)
        # a necessary condition for a term in lower-cased text: a whole word that begins some key
        # (one regex search; most short windows hold none, and then need no tokenising)
        # (searched on " " + text, group 1: a leading character class instead of a look-behind lets
        # ``re`` skip letters fast)
        self.first_re = re.compile(r"[^a-z0-9\u00c0-\u024f](%s)(?![a-z0-9\u00c0-\u024f])" % trie_regex(self.first))
        # the fast path below reads first words found by ``first_re`` as tokens; it holds when
        # every first word is a word or an abbreviation (not "'s" or a punctuation mark)
        self.fast = all(_PTOK.fullmatch(w) and w[0].isalnum() for w in self.first)
        # first words that begin a key of more than one word (only these need the next tokens)
        self.multi_first = {k.split(" ")[0] for k in table if " " in k}
        # answers by text: the same windows and sentences recur (the owner vote, then the stage);
        # ``find`` depends on nothing else. Callers only read the lists. Cleared when full.
        self._memo: dict[str, list] = {}

    @staticmethod
    def _key(text: str) -> str:
        """The table key of a term: its tokens, lower-cased, joined by single spaces."""
        return " ".join(_PTOK.findall(text.lower().replace("’", "'")))

    def find(self, text: str):
        """[(start, end, party)] in ``text``, leftmost-longest, no overlaps (callers must not change it)."""
        memo = self._memo
        hit = memo.get(text)
        if hit is None:
            if len(memo) >= _MEMO_MAX:
                memo.clear()
            hit = memo[text] = self._find(text)
        return hit

    def _find(self, text: str):
        """``find`` without the memo."""
        if not text:
            return []
        low = text.lower().replace("’", "'")
        if len(low) != len(text):  # a rare character whose lower case changes length
            return _party_terms_slow(text, self.registry)
        if self.fast and _GLUED_ABBR.search(low) is None:
            return self._find_at_first_words(text, low)
        return self._find_all_tokens(text, low)

    def _find_all_tokens(self, text: str, low: str):
        """``find`` by tokenising the whole text."""
        toks = [(low[a:b], a, b) for a, b in map(_SPAN, _PTOK.finditer(low))]
        out = []
        n = len(toks)
        first, table, prefixes = self.first, self.table, self.prefixes
        nxt = 0  # the first token not inside a term already found
        # only tokens that begin some key can begin a term: visit those, left to right
        for i in [i for i, t in enumerate(toks) if t[0] in first]:
            if i < nxt or (toks[i][1] and low[toks[i][1] - 1] in "._"):
                continue
            # the longest key starting here: extend while the words still begin some key
            hit = None
            key, k, lim = toks[i][0], 1, min(self.maxn, n - i)
            while True:
                if key in table:
                    hit = (k, table[key])
                if k >= lim:
                    break
                key = key + " " + toks[i + k][0]
                if key not in prefixes:
                    break
                k += 1
            if hit is None:
                continue
            k, (kind, party, person) = hit
            a, b = toks[i][1], toks[i + k - 1][2]
            if kind == "person" and k == 1 and _other_first_name(text, a, person):
                continue  # "Gary Johnson" is not the registered Johnson
            out.append((a, b, party))
            nxt = i + k
        return out

    def _find_at_first_words(self, text: str, low: str):
        """``find`` tokenising only from the places where a key's first word stands.

        The same answer as ``_find_all_tokens``: a term starts at a token that is
        a first word; every such token is a match of ``first_re`` (a token ends
        where no letter or digit follows, unless an abbreviation is glued to the
        next word: such text takes the other path); a match is used only where
        the full tokenisation starts a token (checked from the last whitespace,
        where tokens restart), and the tokens after it are the full
        tokenisation's tokens.
        """
        out: list[tuple[int, int, str]] = []
        first_re, table, prefixes, maxn = self.first_re, self.table, self.prefixes, self.maxn
        multi_first = self.multi_first
        spaced = " " + low  # offsets one more than in ``low``
        pos = 0  # in ``spaced``: the character before the next candidate
        while True:
            m = first_re.search(spaced, pos)
            if m is None:
                return out
            a = m.start(1) - 1
            pos = a + 1
            if a and not low[a - 1].isspace():
                if low[a - 1] in "._" or not _token_starts_at(low, a):
                    continue  # skipped by the full path too, or inside a token
            # the token at ``a``: the matched word itself unless a hyphen or a period may extend it
            e = m.end(1) - 1
            if e < len(low) and low[e] in "-.":
                t = _PTOK.match(low, a)
                assert t is not None  # the fast path's first words are tokens (self.fast), so one starts at a
                key, e = t.group(), t.end()
            else:
                key = m.group(1)
            hit = (1, e, table[key]) if key in table else None
            if key in multi_first and maxn > 1:
                k = 1
                for t in _PTOK.finditer(low, e):
                    k += 1
                    key = key + " " + t.group()
                    if key in table:
                        hit = (k, t.end(), table[key])
                    if k >= maxn or key not in prefixes:
                        break
            if hit is None:
                continue
            k, b, (kind, party, person) = hit
            if kind == "person" and k == 1 and _other_first_name(text, a, person):
                continue
            out.append((a, b, party))
            pos = b


# an abbreviation glued to a following letter or digit ("u.sx", "u.s.5", "nato.int"): there a token
# can start right after a letter, which ``first_re`` does not look for
# (it begins with the dot, so that ``re`` looks for dots only)
_GLUED_ABBR = re.compile(r"\.(?<=[a-z]\.)[a-z]\.?[a-z0-9\u00c0-\u024f]")


def _token_starts_at(low: str, a: int) -> bool:
    """Does the tokenisation of ``low`` (``_PTOK`` from the start) start a token at ``a``?"""
    c = a
    while c and not low[c - 1].isspace():
        c -= 1
    for t in _PTOK.finditer(low, c):
        if t.start() >= a:
            return t.start() == a
    return False


def _party_index(registry) -> _PartyIndex:
    """The registry's party terms and people indexed for this stage (built once per registry)."""
    return registry.derived("troops.party_index", _PartyIndex)


_CAPITAL = re.compile(r"[A-Z]")


def _party_terms(text: str, registry):
    """[(start, end, party)] of registry party terms and people in ``text``."""
    return _party_index(registry).find(text)


def _party_terms_slow(text: str, registry):
    """``_party_terms`` through the registry's own matchers (text whose lower case changes length)."""
    out = list(registry.term_matches(text))
    for a, b in registry.name_matches(text):
        p = registry.person(text[a:b])
        if p is not None:
            out.append((a, b, p.party))
    return sorted(out)


_LIST_BEFORE = re.compile(r"\b([a-z]+)\s+(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*\s*(?:,\s*(?:and\s+)?|\s+and\s+))+\Z")
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _prev_word(text: str, s: int) -> str | None:
    r"""The word right before ``text[s]`` (over white space and a "the"), as
    ``re.search(r"([A-Za-z]+)\s+(?:the\s+)?\Z", text[max(0, s - 24):s])`` captures it, read
    backwards from ``s`` (the pattern is tried at each offset of the window: it costs more)."""
    window = text[max(0, s - 24):s]
    u = window.rstrip()
    if len(u) == len(window):
        return None  # no white space before the term
    if u.endswith("the"):  # "near the": the word before "the" (its leftmost reading)
        v = u[:-3].rstrip()
        if len(v) < len(u) - 3 and v and v[-1] in _ASCII_LETTERS:
            u = v
    i = len(u)
    while i and u[i - 1] in _ASCII_LETTERS:
        i -= 1
    return u[i:] or None
_PLACE_AFTER = re.compile(r"['’]s?\s+(?:\w+\s+)?(?:border|borders|frontier|frontiers|territory|soil|east|west|"
                          r"north|south|flank|side|region|regions|neighbou?r)", re.I)


def _is_place(text: str, s: int, e: int) -> bool:
    """Is the party term at text[s:e] a place ("near Ukraine", "on Ukraine's border",
    "to Poland, Germany and Romania")?"""
    prev = _prev_word(text, s)
    if prev and prev.lower() in _LOCATION_PREP:
        return True
    before = text[max(0, s - 6):s]
    after = text[e:e + 5]
    in_list = before.rstrip().endswith(("and", "or")) or after.startswith((",", " and ", " or "))
    if in_list and ("," in before or "and" in before or "or" in before):
        lst = _LIST_BEFORE.search(text, max(0, s - 80), s)
        if lst and lst.group(1).lower() in _LOCATION_PREP:
            return True
    if _PLACE_AFTER.match(text, e, e + 40):
        # "near Ukraine's border" is a place; "Russia's troops" is not
        return True
    return False


_UNKNOWN_SUBJECT = re.compile(r"\b((?:[A-Z][\w.'’-]*\s+)*[A-Z][\w'’-]*)\s+(?:has|have|had|is|are|was|were|will|would|could|"
                              r"can|may|might|must|sent|sends|deployed|deploys|keeps|kept|moved|ordered)\b")


def _force(sent: str, q: Quantity, np_toks, anchor_i, toks, claimant_party: str, registry, claimant_text="",
           sent_terms=None):
    """Whose troops: a party label, "" when the text names an actor the registry does not know,
    None when undecided (the caller may use the article's troop owner)."""
    if sent_terms is None:
        sent_terms = _party_terms(sent, registry)
    found = _force_of_phrase(sent, q, np_toks, anchor_i, toks, registry, sent_terms)
    if found is not None:
        return found
    return _force_of_clause(sent, q, claimant_party, registry, claimant_text, sent_terms)


def _terms_in(sent_terms, a: int, b: int):
    """The party terms lying inside [a, b)."""
    return [t for t in sent_terms if a <= t[0] and t[1] <= b]


def _force_of_phrase(sent: str, q: Quantity, np_toks, anchor_i, toks, registry, sent_terms):
    """The party the figure's own noun phrase names: "100,000 Russian troops", "N soldiers of the
    82nd Airborne Division", "N people in Kyiv's military", "Russia's estimated 64,000
    troops", "Russia's concentration of more than 46,000 troops"; None when it names none."""
    if np_toks:
        t = _terms_in(sent_terms, np_toks[0][_START], np_toks[-1][_END])
        if t:
            return t[0][2]
        # "4,700 service members of the 82nd Airborne Division": a formation the registry lists as a
        # party's unit, right after the noun phrase (a place after "from" is not one: "troops from Germany")
        end = np_toks[-1][_END]
        pp = _UNIT_OF.match(sent, end)
        if pp:
            for a, b, party in sent_terms:
                if a == pp.end() and registry.term_kind(sent[a:b]) == "unit":
                    return party
        # "215,000 people in Kyiv's military"
        af = _IN_PARTY_FORCES.match(sent, end)
        if af:
            t = _terms_in(sent_terms, af.start(1), af.end(1))
            if t:
                return t[0][2]
    if anchor_i is not None and anchor_i > 0:
        t = _terms_in(sent_terms, toks[max(0, anchor_i - 2)][_START],
                      np_toks[-1][_END] if np_toks else toks[anchor_i][_END])
        if t and not _is_place(sent, t[-1][0], t[-1][1]):
            return t[-1][2]
    head = sent[:q.start]
    # a possessive right before the figure: "Russia's estimated 64,000 troops", or before the
    # troop noun whose size it is: "Russia's concentration of more than 46,000 troops"
    w0 = max(0, len(head) - 60)
    m = _POSSESSIVE.search(head, w0) if _POSSESSIVE_TAIL.search(head, w0) else None
    if m is None:
        w = head[-90:]
        if ("'s " in w or "’s " in w) and ("of " in w or "numbering" in w or "totall" in w or "totali" in w):
            m = _POSSESSIVE_OF.search(head, max(0, len(head) - 90))
    if m:
        t = _terms_in(sent_terms, m.start(), m.end(1))
        if t:
            return t[-1][2]
    return None


def _force_of_clause(sent: str, q: Quantity, claimant_party: str, registry, claimant_text: str, sent_terms):
    """The actor of the figure's clause ("Kyiv says Moscow has massed ..."), else the nearest
    party of the sentence before the figure that is neither its source, an audience, a place nor
    the object of a verb; "" for an actor the registry does not know; None when undecided."""
    head = sent[:q.start]
    hlow = _lowered(head)
    # "what U.S. officials describe as some 60 BTGs": the describers give the figure, they are not its force
    what = _WHAT_X.search(head, max(0, len(head) - 100)) if "what" in (hlow or head.lower()) else None
    spans = [(what.start(1), what.end(1))] if what else []
    # the actor of the figure's clause: nearest party term before it after the last speech verb
    stop = 0
    for m in (_SUBJECT_STOP.finditer(head) if hlow is None else _SUBJECT_STOP_LOW.finditer(hlow)):
        stop = m.end()
    clause = head[stop:]
    terms = [t for t in _terms_in(sent_terms, stop, q.start) if _may_be_force(sent, t, registry)]
    unknown = [m for m in _UNKNOWN_SUBJECT.finditer(clause)
               if m.group(1).split()[-1].lower() not in _NOT_NAMES
               and not any(t[0] < stop + m.end(1) and t[1] > stop + m.start(1) for t in sent_terms)]
    if what:
        terms = unknown = []  # the actor is the subject of the verb that governs "what": below
    if terms and (not unknown or stop + unknown[-1].start() < terms[-1][0]):
        return terms[-1][2]
    if unknown:
        return ""  # "Canada has around 200 troops": an actor the registry does not know
    if (_WE_HAVE.search(clause) or _PRONOUN_ACTS.search(clause)) and claimant_party:
        return claimant_party
    # the nearest party in the sentence before the figure that is not its source or a place
    if "according" in head:  # the source of another figure of the sentence is not this one's force
        spans += [m.span(1) for m in _ACCORDING.finditer(head)]
    if claimant_text:
        k = head.find(claimant_text)
        if k >= 0:
            spans.append((k, k + len(claimant_text)))
    spans += [(m.end(), m.end() + 40) for m in (_AUDIENCE.finditer(head) if hlow is None
                                                 else _AUDIENCE_LOW.finditer(hlow))]
    terms = [t for t in _terms_in(sent_terms, 0, q.start) if _may_be_force(sent, t, registry)
             and not any(a <= t[0] < b for a, b in spans)]
    if terms:
        return terms[-1][2]
    return None


def _may_be_force(sent: str, term, registry) -> bool:
    """Can the party term at ``term`` own the troops of a figure after it? Not a place ("near
    Ukraine's border"; a person is never one), not the object of a verb ("facing Ukraine"),
    not a source ("the U.S. said", "if Washington is right")."""
    a, b, _ = term
    prev = sent[max(0, a - 24):a].rsplit(None, 2)
    if prev and prev[-1].lower().startswith(_OBJECT_WORDS) or _SOURCE_AFTER.match(sent, b):
        return False
    return not _is_place(sent, a, b) or registry.person(sent[a:b]) is not None


_IN_PARTY_FORCES = re.compile(r"\s+(?:in|of)\s+(?:the\s+)?((?:[\w.’'-]+\s+){0,2}?[\w.’'-]+?)(?:['’]s)?\s+"
                              r"(?:armed\s+forces|army|military|forces)\b")
_POSSESSIVE_OF = re.compile(r"(\S+(?:\s+\S+)?)['’]s\s+(?:[\w-]+\s+){0,2}?(?:build\s*[-–]?\s*up|buildup|deployment|"
                            r"massing|amassing|concentration|forces?|army|armies|troops|contingent|presence|"
                            r"strength|reinforcements?)\s+(?:of|numbering|totall?ing)\s+\Z", re.I)
# the word before a party term that makes it the object of a verb ("facing Ukraine")
_OBJECT_WORDS = ("threaten", "against", "invad", "attack", "surround", "encircl", "menac", "toward", "facing",
                 "into")
_SOURCE_AFTER = re.compile(r"(?i)\s+(?:is|are|was|were)\s+(?:correct|right|wrong|accurate)\b")


_UNIT_OF = re.compile(r"\s+(?:of|from)\s+(?:[Tt]he\s+)?")


_WHAT_X = re.compile(r"(?i)\bwhat\s+([^,;:()\"“”]{1,60}?)\s+(?:describes?|described|calls?|called|terms?|termed|"
                     r"says?|said|estimates?|estimated|believes?|believed|considers?|considered|"
                     r"characteri[sz]e[sd]?|labels?|labell?ed)(?:\s+(?:as|to\s+be|is|are|was|were))?\s+\Z")
_WHAT_X_CLAIM = re.compile(_WHAT_X.pattern[:-3] + r"(?:(?:some|about|around|roughly|nearly|almost|perhaps|an\s+estimated|"
                           r"more\s+than|up\s+to|at\s+least|over|as\s+many\s+as)\s+)*\Z")
_AUDIENCE = re.compile(r"(?i)\b(?:told|tells|tell|informed|assured|briefed|warned|urged)\s+(?=\S)")
_POSSESSIVE = re.compile(r"(\S+(?:\s+\S+)?)['’]s\s+(?:(?:estimated|some|own|roughly|approximately)\s+)?\Z")
# its tail alone: without it the possessive cannot match (and the tail is found fast; the
# full pattern retries \S+ at every position of the window)
_POSSESSIVE_TAIL = re.compile(r"['’]s\s+(?:(?:estimated|some|own|roughly|approximately)\s+)?\Z")
_AUDIENCE_LOW = re.compile(_AUDIENCE.pattern[4:])  # on lower-cased text, see _lowered()
_WE_HAVE = re.compile(r"(?i)\b(?:we|i|it)\b(?:\s+\w+){0,3}\s+(?:have|has|had)\b")
_PRONOUN_ACTS = re.compile(r"(?i)\b(?:he|she|we|i|it)\b(?:\s+\w+){0,3}\s+(?:send|sending|sent|deploy|deploying|"
                           r"deployed|dispatch\w*|order\w*|put|putting|station\w*|move|moving|moved)\b")


_TROOP_WORDS = ("troops", "forces", "soldiers", "servicemen", "personnel", "paratroopers", "build-up", "buildup",
                "battalion tactical groups", "btgs", "army")


def _troop_words(low: str) -> list[tuple[int, int]]:
    """(start, end) of the whole-word occurrences of troop words in lower-cased text, in order
    (str.find, no regex)."""
    hits = []
    n = len(low)
    find = low.find
    for w in _TROOP_WORDS:
        i = find(w)
        while i >= 0:
            j = i + len(w)
            if (i == 0 or not low[i - 1].isalnum()) and (j >= n or not low[j].isalnum()):
                hits.append((i, j))
            i = find(w, j)
    hits.sort()
    return hits


_CLAUSE_CUT = re.compile(r"[,;:.\"“”()\n]")


def _troop_owner(article, registry) -> str:
    """The one party whose troops the article talks about, or "".

    Every troop word of the title (counted twice) and body votes for the
    party named just before it in its clause ("Russian forces", "Moscow has
    massed troops"); places ("near Ukraine") do not vote. A party wins with
    two thirds of the votes.
    """
    counts: dict[str, int] = {}
    for weight, text in ((2, article.title or ""), (1, "\n".join(article.paragraphs))):
        for start, _end in _troop_words(text.lower()):
            if (weight == 1 and text[start].isupper() and start > 1 and text[start - 1] == " "
                    and text[start - 2] not in ".!?\"“”\n"):
                continue  # "the Museum of the Armed Forces": an institution's name, no troops
            w0 = max(0, start - 40)
            window = _CLAUSE_CUT.split(text[w0:start])[-1]
            if not window.strip():
                continue
            w0 = start - len(window)
            # the last term of the window that is not a place votes
            for t in reversed(_party_terms(window, registry)):
                if not _is_place(text, w0 + t[0], w0 + t[1]):
                    counts[t[2]] = counts.get(t[2], 0) + weight
                    break
    if not counts:
        return ""
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] * 3 >= sum(counts.values()) * 2 else ""


# ----------------------------------------------------------------- the stage
def extract_troops(article, registry, quotes) -> list[dict]:
    """Every troop-number mention of ``article`` (see the module docstring)."""
    lex = _lex()
    rows: list[dict] = []
    ctx = _ArticleContext(article, registry, quotes)
    for pi, para, marks, s0, sent, sgrp in _candidate_sentences(article.paragraphs, lex):
        toks = sent_terms = None
        first = len(rows)
        for q in find_quantities(sent):
            if toks is None:
                toks = _tokens(sent)
            judged = _judge(sent, q, lex, registry, toks, sgrp)
            if judged is None:
                continue
            unit, ms, me, np_toks, anchor_i, toks = judged
            (claimant, cparty), ctext = _claimant(marks, s0, sent, s0 + q.num_start, pi, ctx.quote_index(),
                                                  registry)
            if not claimant and not marks.inside(s0 + q.num_start)[0]:
                claimant, cparty = _neighbour_claimant(article.paragraphs, pi, s0, s0 + len(sent), registry)
            if sent_terms is None:
                sent_terms = _party_terms(sent, registry)
            force = _force(sent, q, np_toks, anchor_i, toks, cparty, registry, ctext, sent_terms)
            window = sent[max(0, ms - 80):ms].lower() if force is None else ""
            if ("its " in window or "their " in window) and _POSSESSIVE_PRONOUN.search(window):
                # "Its battlegroups ..., which total 5,000 troops": the party the sentence before names first
                force = _first_party(para[max(0, s0 - _REACH):s0], registry)
            if force is None:
                force = ctx.owner()
            rows.append({
                "article_id": article.article_id, "paragraph": pi,
                "start": s0 + ms, "end": s0 + me, "text": para[s0 + ms:s0 + me],
                "value": q.value, "low": q.low, "high": q.high, "qualifier": q.qualifier,
                "unit": unit, "force": force or "", "claimant": claimant, "claimant_party": cparty,
                "kind": _kind(sent, q, ms, me),
            })
        if len(rows) - first > 1:
            _share_kind(rows[first:], para)
            _share_force(rows[first:], para)
    return rows


# a sentence that only names the source of the one before: "That's according to a senior official."
_SOURCE_SENTENCE = re.compile(r"(?i)\s*(?:(?:that|this|these|those)(?:['’]s|\s+(?:is|was|are|were|figure|number|"
                              r"estimate|count)s?(?:\s+(?:is|was|are|were))?)\s+|the\s+(?:figures?|numbers?|"
                              r"estimates?)\s+(?:is|are|was|were|come|came)\s+(?:from|)\s*)?according\s+to\s+")
# a sentence that announces what follows: "A senior U.S. official told reporters:"
_SOURCE_TAIL = re.compile(r"\s*(?:[.!”\"]|\s*(?:who|which|that)\b|\s*$)")
_LEAD_IN = re.compile(r"(?i)(?:said|says|told\s+\w+|added|estimated|wrote)\s*:\s*\Z")
_REACH = 300


def _neighbour_claimant(paras, pi: int, s0: int, e0: int, registry) -> tuple[str, str]:
    """(claimant, party) of a figure whose sentence names no source, from the sentence right after
    it when that sentence only gives the source ("That's according to X."), or from a sentence
    before it that announces it ("X told reporters:"); ("", "") otherwise. Reads at most a few
    hundred characters around the sentence."""
    para = paras[pi]
    after = para[e0:e0 + _REACH]
    if not after.strip() and pi + 1 < len(paras):
        after = paras[pi + 1][:_REACH]
    spans = sentence_spans(after) if "ccording" in after else None
    if spans:
        nxt = after[spans[0][0]:spans[0][1]]
        m = _ACCORDING.search(nxt) if _SOURCE_SENTENCE.match(nxt) else None
        if m and _SOURCE_TAIL.match(nxt, m.end()):  # the sentence gives nothing but the source
            who = _clean_phrase(m.group(1))
            if who and not _PRONOUN_START.match(who):
                return _resolve(who, registry)
    before = para[max(0, s0 - 4):s0].rstrip()
    if before.endswith(":"):
        before = para[max(0, s0 - _REACH):s0].rstrip()
        spans = sentence_spans(before)
        if spans:
            prev = before[spans[-1][0]:spans[-1][1]]
            if _LEAD_IN.search(prev):
                who = _sentence_claimant(prev[:prev.rfind(":")] + ".", registry)
                if who:
                    return _resolve(who, registry)
    return "", ""


class _ArticleContext:
    """What every mention of an article may need, built on first use: the quote rows by
    paragraph and the party whose troops the article is about."""

    def __init__(self, article, registry, quotes):
        self.article, self.registry, self.quotes = article, registry, quotes
        self._index = self._owner = None

    def quote_index(self) -> _QuoteIndex:
        """The quote rows by paragraph."""
        if self._index is None:
            self._index = _QuoteIndex(self.quotes)
        return self._index

    def owner(self) -> str:
        """The party whose troops the article is about, or "" (see :func:`_troop_owner`)."""
        if self._owner is None:
            self._owner = _troop_owner(self.article, self.registry)
        return self._owner


def _candidate_sentences(paras, lex: _Lex):
    """(paragraph index, paragraph, marks, sentence start, sentence, groups) of the sentences that
    may hold a troop figure: a head word and a unit/anchor stem, and a digit or a number word
    (cheap tests, most selective first; most paragraphs cost a few regex searches). ``marks``:
    the paragraph's quotation marks (:class:`_Marks`). ``groups``: the article has named
    battalion tactical groups and the sentence says "groups"."""
    stems_re, heads_re = lex.stems_re, lex.heads_re
    btg_seen = False  # the article has named battalion tactical groups: a bare "groups" counts them
    for pi, para in enumerate(paras):
        low = para.lower()
        same = len(low) == len(para)
        lowp = " " + low  # (lowp[x + 1] is low[x]: a head match at lowp[x] is a word from low[x])
        head = heads_re.search(lowp) if same else None
        if same and head is None:
            # every sentence's words are words of the paragraph (the most selective test)
            if not (btg_seen and "groups" in low):
                continue
            grp = True
        else:
            if not btg_seen:  # (a paragraph naming BTGs holds a head word)
                btg_seen = "tactical group" in low or "btg" in low
            grp = btg_seen and "groups" in low
        digit = _ASCII_DIGIT if para.isascii() else _DIGIT  # (in ASCII text \d is [0-9], a faster class)
        # (a number word standing alone: one search; a search for the bare words first cost more)
        if digit.search(para) is None and _NUMWORD_BOUNDED.search(lowp) is None:
            continue
        if not grp and stems_re.search(low) is None:
            continue
        marks = _Marks(para)  # (cheap: a long paragraph's marks are indexed on first use)
        if not same:
            yield from _candidates_odd_case(pi, para, marks, grp, digit, lex)
            continue
        # The tests read the paragraph's strings between the sentence's bounds, never a copy: a
        # sentence starts after white space or at 0 (where " " stands in ``lowp``) and ends
        # before white space or at the end, so the patterns see around it what they would see
        # around a copy. A sentence that ends before the paragraph's first head word holds none;
        # the one holding that word holds one.
        first_head = head.start() if head is not None else len(low)
        for s0, e0 in sentence_spans(para):
            sgrp = grp and low.find("groups", s0, e0) >= 0
            if not sgrp and (e0 <= first_head
                             or (s0 > first_head and heads_re.search(lowp, s0, e0 + 1) is None)):
                continue
            if digit.search(para, s0, e0) is None and _NUMWORD_WORD.search(low, s0, e0) is None:
                continue
            if not sgrp and stems_re.search(low, s0, e0) is None:
                continue
            yield pi, para, marks, s0, para[s0:e0], sgrp


def _candidates_odd_case(pi: int, para: str, marks, grp: bool, digit, lex: _Lex):
    """:func:`_candidate_sentences`' sentence tests for a paragraph whose lower-cased form has
    another length (each sentence lower-cased apart)."""
    for s0, e0 in sentence_spans(para):
        sent = para[s0:e0]
        slow = sent.lower()
        sgrp = grp and "groups" in slow
        if not sgrp and lex.heads_re.search(" " + slow) is None:
            continue
        if digit.search(sent) is None and _NUMWORD_WORD.search(slow) is None:
            continue
        if not sgrp and lex.stems_re.search(slow) is None:
            continue
        yield pi, para, marks, s0, sent, sgrp
