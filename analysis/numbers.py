"""Numbers as news copy writes them, with the bounds their wording implies.

``parse_number("1.5 million") -> 1500000.0`` reads one written figure:
digits with separators ("100,000", "100 000"), decimals with a scale word
or suffix ("1.5 million", "100K"), and numbers in words ("a hundred
thousand", "two dozen", "twenty-five thousand").

``find_quantities(text)`` finds every figure in a sentence with its
approximator ("around", "more than", "up to", "100,000 or more"), ranges
("between A and B", "A-B", "A to B") and vague quantities ("tens of
thousands", "dozens"), and turns each into a value and bounds:

- exact: value N, low = high = N
- approximate / at_least / at_most: factors of N from ``data/troops.yml``
  ("around N" -> 0.9N..1.1N, "more than N" -> N..None, "up to N" -> None..N)
- range: low A, high B, value the midpoint
- vague: value None, bounds by the convention in the data file
  ("tens of thousands" -> 20,000..90,000; never "10 of 1000")

Pure str/regex code, compiled once; no library does this part well
(quantity libraries drop approximators and misread vague quantities).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from . import config
from .datafile import load_checked
from .text import fold, trie_regex

DATA_FILE = Path(config.LEXICONS) / "troops.yml"

UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000, "dozen": 12}
SUFFIXES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "bn": 1_000_000_000}

_DIGITS_RE = (
    r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+)(?:\.\d+)?"
    r"(?:\s*(?i:hundred|thousand|million|billion|trillion)\b|\s?(?:k|K|mn|mln|bn)\b|m\b(?!\.\w))?"
)
# figures in digits (figures in words are read by ``word_numbers``)
# (_ATOM_D consumes the first digit before its look-behinds, which then include that digit: a
# pattern that starts with ``\d`` lets ``re`` jump from digit to digit)
_DIGITS_LEAD = r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+)"
assert _DIGITS_RE.startswith(_DIGITS_LEAD)
_ATOM_D = re.compile(r"(?P<d>\d(?<![\w$€£.,/:]\d)(?<![A-Za-z]-\d)"
                     r"(?:\d{0,2}(?:,\d{3})+|\d{0,2}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d*)%s)(?![\w]|[.,:]\d)"
                     % _DIGITS_RE[len(_DIGITS_LEAD):])
_WORD_SET = frozenset([*UNITS_WORDS, *SCALES, "trillion", "quadrillion", "quintillion", "sextillion", "half"])
_VAGUE_KEYS = ("tens", "hundreds", "thousands", "millions", "dozen", "scores", "several", "few", "many", "couple")


# the tests ``not set(re.findall('[a-z]+', low)).isdisjoint(_WORD_SET)`` and
# ``any(c in text for c in "0123456789")`` as single regex searches
# (_WORD_ANY is searched on " " + text: a leading [^a-z] rather than a look-behind lets re skip fast)
_WORD_ANY = re.compile(r"[^a-z]%s(?![a-z])" % trie_regex(_WORD_SET))
_ASCII_DIGIT = re.compile(r"[0-9]")


def _has_vague_key(low: str) -> bool:
    """``any(k in low for k in _VAGUE_KEYS)``, written out: ten substring tests cost less than one
    search of a pattern that may start at almost any letter."""
    return ("tens" in low or "hundreds" in low or "thousands" in low or "millions" in low or "dozen" in low
            or "scores" in low or "several" in low or "few" in low or "many" in low or "couple" in low)



class Quantity(NamedTuple):
    """One figure in a text: span (approximator included), value and bounds.

    (A named tuple: immutable like a frozen dataclass, and several times
    cheaper to build, which the troops stage does once per figure.)
    """

    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str  # exact, approximate, at_least, at_most, range, vague
    num_start: int  # span of the figure itself (without approximators)
    num_end: int
    written_in_digits: bool = True
    has_separator: bool = False


# The keys data/troops.yml may use; anything else is a typo that stops the load.
_BOUNDS_SPEC = {"qualifier": None, "low": None, "high": None}
DATA_SPEC = {
    "units": {"*": None}, "anchors": None, "modifiers": None, "modifier_suffixes": None,
    "distractors": {"*": None}, "casualty_cues": None, "year_cues": None, "months": None,
    "bare_followers": None, "figure_nouns": None, "people_heads": None, "strength_verbs": None,
    "approximators": {"*": _BOUNDS_SPEC},
    "post_approximators": {"*": _BOUNDS_SPEC}, "vague": {"*": None},
}


@lru_cache(maxsize=1)
def load_data(path: str | None = None) -> dict:
    """The word lists of data/troops.yml (or ``path``); :class:`~analysis.datafile.DataFileError`
    names the file, line and key of an unknown key."""
    return load_checked(path or DATA_FILE, DATA_SPEC)


def _phrase_re(phrases) -> str:
    """An alternation of phrases, longest first, any run of spaces between their words."""
    keys = sorted({str(p).lower() for p in phrases}, key=len, reverse=True)
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)


@lru_cache(maxsize=1)
def _compiled():
    """(approximators, post-approximators, vague bounds, their regexes) from the data file."""
    d = load_data()
    approx = {k.lower(): v for k, v in d["approximators"].items()}
    post = {k.lower(): v for k, v in d["post_approximators"].items()}
    vague = {k.lower(): tuple(v) for k, v in d["vague"].items()}
    pre_re = re.compile(r"(?<![\w])(%s)\s+(?:the\s+)?\Z" % _phrase_re(approx), re.I)
    post_re = re.compile(r"(?:\s*(%s)|(-plus))(?![\w])" % _phrase_re(k for k in post if k != "-plus"), re.I)
    vague_re = re.compile(r"(?<![\w])(?:%s)(?![\w])" % _phrase_re(vague))  # on lower-cased text
    return approx, post, vague, pre_re, post_re, vague_re


@lru_cache(maxsize=1)
def _pre_low():
    """``pre_re`` without re.I, for lower-cased text (same matches, a few times faster)."""
    approx = _compiled()[0]
    # the approximator alternation as a trie (same phrase matched where pre_re matches one)
    alts = trie_regex(approx).replace(r"\ ", r"\s+")
    return re.compile(r"(?<![\w])(%s)\s+(?:the\s+)?\Z" % alts)


@lru_cache(maxsize=1)
def _comparatives() -> frozenset:
    """Approximators of more than one word that bound a figure on one side ("more than", "well
    above"): only these may take "the" before it ("well above the 42,000 figure"); "about the"
    is a preposition."""
    return frozenset(k for k, v in _compiled()[0].items()
                     if " " in k and v["qualifier"] in ("at_least", "at_most"))


def _approximator(pre, a: int):
    """The approximator right before offset ``a`` (a match, group 1 the wording), or None."""
    pre_src, pre_rx = pre
    pm = pre_rx.search(pre_src, max(0, a - 40), a)
    if pm is not None and pm.end(1) + 1 < pm.end() and pre_src[pm.end() - 1].isspace() \
            and pre_src[pm.end(1):pm.end()].strip().lower() == "the" and fold(pm.group(1)) not in _comparatives():
        return None
    return pm


# characters that re.I folds onto ASCII letters while str.lower() does not (or changes length):
# text holding one is matched the slow, case-insensitive way
_ODD_CASE = re.compile("[\u0130\u0131\u212a\u017f]")
_WSH = re.compile(r"[\s-]+")
_FIGURE = re.compile(r"([\d,  \u00a0\u202f]*\d(?:\.\d+)?)\s*(hundred|thousand|million|billion|trillion|k|mn|mln|bn|m)?",
                     re.I)
_SEPS = re.compile(r"[,\s\u00a0\u202f]")


# ------------------------------------------------------------ numbers in words
_UNIT_W = {w: v for w, v in UNITS_WORDS.items() if v < 10}
_TEEN_W = {w: v for w, v in UNITS_WORDS.items() if 10 <= v < 20}
_TENS_W = {w: v for w, v in UNITS_WORDS.items() if v >= 20}
_BIG_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "quadrillion": 1e15,
               "quintillion": 1e18, "sextillion": 1e21}
_ORDINAL_W = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth fortieth fiftieth sixtieth "
    "seventieth eightieth ninetieth hundredth thousandth millionth billionth trillionth".split())
# denominators of fractions: "two thirds", "three quarters", "one sixth", "three halves"
_DENOMINATORS = {"halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
                 "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
                 "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10}
# before a lone "one" these make it a pronoun or a noun ("the one", "no one", "another one")
_ONE_DETERMINERS = frozenset("the a an this that no any every each only which another such last next "
                             "first second third other some what little big".split())
_CARDINAL_W = frozenset([*UNITS_WORDS, "hundred", "dozen", *_BIG_SCALES])
_NUMBER_WORD = frozenset([*_CARDINAL_W, "hundreds", *(w + "s" for w in _BIG_SCALES), *_ORDINAL_W,
                          *_DENOMINATORS])
_SCAN_TOKEN = re.compile(r"[a-z]+|[-,&]")
# before a bare scale word these make it vague wording, never a count ("a couple of hundred")
_VAGUE_BEFORE_SCALE = frozenset("of couple few several many some".split())


class _Word(NamedTuple):
    """A number found by the word scanner: span, value, and whether it is an ordinal or a fraction."""

    start: int
    end: int
    value: float
    ordinal: bool = False
    fraction: bool = False


def _scan_tokens(low: str) -> list[tuple[str, int, int]]:
    """[(word, start, end)] of a lower-cased text; "|" stands for any other mark between two
    tokens (a run of number words never spans one)."""
    out = []
    prev_end = None
    for m in _SCAN_TOKEN.finditer(low):
        a = m.start()
        if prev_end is not None and a != prev_end and not low[prev_end:a].isspace():
            out.append(("|", prev_end, a))
        w = m.group()
        out.append(("and" if w == "&" else w, a, m.end()))
        prev_end = m.end()
    return out


def word_numbers(low: str) -> list[_Word]:
    """Every number written in words in lower-cased ``low``: cardinals ("twenty-five", "a hundred
    thousand", "four and a half million", "a billion and a half", "eleven billion and eleven",
    "forty five hundred", "five thousand million"), decimals ("two point five"), signs ("minus eight"),
    fractions ("two thirds", flagged) and ordinals (flagged, never read as a cardinal: "forty-second",
    "three hundred and fifty second"). Adjacent numbers stay apart ("four five six"; "three twenty
    seven" is 3 and 27; "three thousand thousand" is 3,000 and 1,000). A lone "one" is a number only
    where it is no pronoun ("one, four, seven", "one week at a time"; not "the one", "one of them",
    "one day")."""
    toks = _scan_tokens(low)
    out: list[_Word] = []
    i, n = 0, len(toks)
    while i < n:
        w = toks[i][0]
        nxt = toks[i + 1][0] if i + 1 < n else ""
        if w in _NUMBER_WORD or (w in ("a", "an", "half", "minus", "negative", "plus", "point")
                                 and (nxt in _NUMBER_WORD or nxt in ("a", "half"))) \
                or (w == "half" and not nxt[:1].isalpha()):
            got = _read_number(toks, i) if not (w in _CARDINAL_W and w not in UNITS_WORDS and i
                                                 and toks[i - 1][0] in _VAGUE_BEFORE_SCALE) else None
            if got is not None:
                word, k = got
                if word.value != 1 or word.ordinal or word.fraction or _one_is_a_number(toks, i, k, low):
                    out.append(word)
                i = k
                continue
        i += 1
    return out


def _one_is_a_number(toks, i: int, k: int, low: str) -> bool:
    """A number read as 1: written "one" alone, is it a count (followed by a number word, a mark
    or nothing, and after no determiner)? "a thousand"-like runs are always counts."""
    if k - i > 1 or toks[i][0] != "one":
        return k - i > 1
    prev = toks[i - 1][0] if i else ""
    if prev in _ONE_DETERMINERS:
        return False
    nxt = toks[k][0] if k < len(toks) else ""
    if nxt[:1].isalpha() and [t[0] for t in toks[k + 1:k + 4]] == ["at", "a", "time"]:
        return True  # "one step at a time": a count, set against "a time"
    if nxt in ("and", "or"):  # "one and four and seven"
        return k + 1 < len(toks) and toks[k + 1][0] in _CARDINAL_W
    return nxt == "" or nxt in _CARDINAL_W or not nxt[:1].isalpha()


class _Reading:
    """The state of :func:`_read_number`: completed scale groups, the group being read, and
    the class of the last word read."""

    __slots__ = ("total", "group", "hundred", "last", "scales", "end")

    def __init__(self, start: int):
        self.total: float = 0.0
        self.group: float | None = None  # the group being read; None before its first word
        self.hundred: bool = False
        self.last: str | None = None  # the class of the last word read; None before the first
        self.scales: list[float] = []
        self.end: int = start

    def value(self) -> float:
        """The number read so far."""
        return self.total + (self.group or 0)


def _read_number(toks, i: int):
    """Read one number from token i -> (_Word, next index), or None when none starts there."""
    n = len(toks)
    start = toks[i][1]
    sign = 1
    if toks[i][0] in ("minus", "negative"):
        sign, i = -1, i + 1
    elif toks[i][0] == "plus":
        i += 1
    r = _Reading(start)
    j = i
    while j < n:
        w, a, b = toks[j]
        nxt = toks[j + 1][0] if j + 1 < n else ""
        step = _read_word(toks, j, w, b, nxt, r, sign, start)
        if isinstance(step, tuple):
            return step
        if step is None:
            break
        j = step
    if r.last in (None, "article"):
        return None
    return _Word(start, r.end, sign * r.value()), max(j, i + 1)


def _read_word(toks, j, w, b, nxt, r: _Reading, sign, start):
    """One word of a number: the next index, None (the number ends before it), or a finished
    (_Word, next index) for a fraction or an ordinal."""
    for read in (_read_joiner, _read_part, _read_cardinal):
        got = read(toks, j, w, b, nxt, r, sign, start)
        if got is not _PASS:
            return got
    return None


# "this reader does not decide this word"
_PASS = object()


def _read_joiner(toks, j, w, b, nxt, r: _Reading, sign, start):
    """A hyphen, a comma or "and" inside a number ("twenty-five", "four million, six hundred",
    "a hundred and five", "six and a half")."""
    n = len(toks)
    last = r.last
    if w == "-":
        return j + 1 if last == "tens" or (last == "unit" and nxt in _DENOMINATORS) else None
    if w == ",":
        if last not in ("scale", "hundred") or not (nxt in _CARDINAL_W or nxt == "and"):
            return None
        # "four million, six hundred": one number, unless a scale as large follows ("four thousand, five million")
        k = j + 1
        while k < n and (toks[k][0] in _CARDINAL_W or toks[k][0] in ("-", "and")):
            if toks[k][0] in _BIG_SCALES and r.scales and _BIG_SCALES[toks[k][0]] >= min(r.scales):
                return None
            k += 1
        return j + 1
    if w == "and":
        if last in ("hundred", "scale") and (nxt in _UNIT_W or nxt in _TEEN_W or nxt in _TENS_W
                                             or nxt in _ORDINAL_W
                                             or (nxt in _BIG_SCALES and r.scales and _BIG_SCALES[nxt] < min(r.scales))):
            r.last = "and"
            return j + 1
        if last in ("unit", "teen", "tens", "hundred", "scale") and nxt == "a" and j + 2 < n \
                and toks[j + 2][0] == "half":  # "six and a half", "a billion and a half"
            if last == "scale":
                r.total += r.scales[-1] / 2
            else:
                r.group = (r.group or 0) + 0.5
            r.last, r.end = "half", toks[j + 2][2]
            return j + 3
        return None
    return _PASS


def _read_part(toks, j, w, b, nxt, r: _Reading, sign, start):
    """An article, a half, a fraction or an ordinal ("a hundred", "half a million", "two thirds",
    "a third of a million", "forty-second")."""
    n = len(toks)
    last = r.last
    if w in ("a", "an"):
        if last is None and nxt in ("hundred", "dozen", "quarter", "third", *_BIG_SCALES):
            r.group, r.last, r.end = 1, "article", b
            return j + 1
        return None
    if w == "half" and last is None:
        if nxt in ("a", "an") and j + 2 < n and toks[j + 2][0] in _BIG_SCALES:  # "half a million"
            r.group, r.last = 0.5, "article"
            return j + 2
        if not nxt[:1].isalpha():
            return _Word(start, b, sign * 0.5, fraction=True), j + 1
        return None
    if w in _DENOMINATORS and last in ("unit", "teen", "tens", "article") and not r.scales \
            and (w.endswith("s") or r.group == 1):
        # "two thirds", "one sixth", "a third", "three quarters of a million"
        value = (r.group or 0) / _DENOMINATORS[w]
        if nxt == "of" and j + 3 < n and toks[j + 2][0] in ("a", "an") and toks[j + 3][0] in _BIG_SCALES:
            return _Word(start, toks[j + 3][2], sign * round(value * _BIG_SCALES[toks[j + 3][0]])), j + 4
        return _Word(start, b, sign * value, fraction=True), j + 1
    if w in _ORDINAL_W and (w != "second" or last in ("tens", "hundred", "and")):
        # an ordinal, with the number words right after it ("sixtieth four", "thousandth and one")
        k = j + 1
        while k < n and (toks[k][0] in _UNIT_W or toks[k][0] in _ORDINAL_W or toks[k][0] == "-"
                         or (toks[k][0] == "and" and k + 1 < n and toks[k + 1][0] in _UNIT_W)):
            k += 1
        return _Word(start, toks[k - 1][2], 0.0, ordinal=True), k
    return _PASS


def _read_cardinal(toks, j, w, b, nxt, r: _Reading, sign, start):
    """Zero, units, teens, tens, "hundred", "dozen", a scale or "point" and its decimals."""
    last = r.last
    if w == "zero":
        if last is not None:
            return None
        if nxt in _UNIT_W or nxt in _TEEN_W or nxt in _TENS_W:
            return j + 1  # a leading zero: "zero six" is 6
        r.group, r.last, r.end = 0, "unit", b
        return j + 1
    for table, cls in ((_UNIT_W, "unit"), (_TEEN_W, "teen"), (_TENS_W, "tens")):
        if w in table:
            if last in (None, "hundred", "scale", "and") or (cls == "unit" and last == "tens"):
                r.group = (r.group or 0) + table[w]
                r.last, r.end = cls, b
                return j + 1
            return None
    if w in ("hundred", "hundreds") and not (w == "hundreds" and last is None):
        if r.hundred or (r.group or 0) >= 100 or last in ("half", "and"):
            return None
        r.group = (r.group or 1) * 100
        r.hundred, r.last, r.end = True, "hundred", b
        return j + 1
    if w == "dozen":
        if last in (None, "unit", "teen", "tens", "article"):
            r.group = (r.group or 1) * 12
            r.last, r.end = "dozen", b
            return j + 1
        return None
    s = w[:-1] if w.endswith("s") and w[:-1] in _BIG_SCALES else w
    if s in _BIG_SCALES and not (s != w and last is None) and last != "dozen":
        scale = _BIG_SCALES[s]
        if r.scales and r.scales[-1] <= scale <= max(r.scales):
            return None  # "three thousand thousand": two numbers
        if r.scales and scale > max(r.scales):
            r.total = (r.total + (r.group or 0)) * scale  # "five thousand million"
        else:
            r.total += (r.group if r.group is not None else 1) * scale
        r.scales.append(scale)
        r.group, r.hundred, r.last, r.end = None, False, "scale", b
        return j + 1
    if w == "point" and last in (None, "unit", "teen", "tens", "hundred", "scale", "half"):
        frac, k = _decimals(toks, j + 1)
        if k > j + 1:
            r.group = (r.group or 0) + frac
            r.last, r.end = "point", toks[k - 1][2]
            return k
    return None


def _decimals(toks, k: int) -> tuple[float, int]:
    """The digits after "point": one per unit word ("point two three" .23; "o" is a zero), two for a
    tens or teen word ("point eighty-eight" .88, "point seventeen" .17) -> (fraction, next index)."""
    digits = ""
    n = len(toks)
    if k + 1 < n and toks[k + 1][0] == "hundred":  # "point three hundred fifty-one": .351
        got = _read_number(toks, k)
        if got is not None and float(got[0].value).is_integer():
            return float("0." + str(int(got[0].value))), got[1]
    while k < n:
        w = toks[k][0]
        if w in _UNIT_W or w in ("o", "oh"):
            digits += str(_UNIT_W.get(w, 0))
        elif w in _TEEN_W:
            digits += str(_TEEN_W[w])
        elif w in _TENS_W:
            d = _TENS_W[w]
            if k + 2 < n and toks[k + 1][0] == "-" and toks[k + 2][0] in _UNIT_W:
                d += _UNIT_W[toks[k + 2][0]]
                k += 2
            digits += str(d)
        else:
            break
        k += 1
    return (float("0." + digits) if digits else 0.0), k


def parse_words(text: str) -> float | None:
    """Value of a number written in words ("a hundred thousand" -> 100000), None unless the whole
    text is one cardinal."""
    low = text.strip().lower()
    words = word_numbers(low)
    if len(words) != 1 or words[0].ordinal or words[0].start != 0 or words[0].end != len(low):
        return None
    return words[0].value


def parse_number(text: str) -> float | None:
    """Value of one written figure: "100,000", "100 000", "1.5 million", "100K", "two dozen"."""
    s = text.strip()
    plain = s.replace(",", "")
    if plain.isascii() and plain.isdigit():  # "100,000", "8": what the general path below gives, faster
        return float(plain)
    m = _FIGURE.fullmatch(s)
    if m:
        digits = _SEPS.sub("", m.group(1))
        try:
            v = float(digits)
        except ValueError:
            return None
        scale = m.group(2)
        if scale:
            scale = scale.lower()
            v *= SCALES.get(scale) or SUFFIXES.get(scale, 1)
        return v
    return parse_words(s)


def _atom_value(m: re.Match) -> float | None:
    """The value of a matched figure."""
    return parse_number(m.group(0))


def _bounds(n: float, spec: dict) -> tuple[float | None, float | None]:
    """(low, high) of N under an approximator's factors; an open side is None."""
    lo = None if spec.get("low") is None else round(n * spec["low"], 1)
    hi = None if spec.get("high") is None else round(n * spec["high"], 1)
    return lo, hi


def _num(v):
    """A whole float as an int (100000.0 -> 100000), other values unchanged."""
    if v is None:
        return None
    return int(v) if float(v).is_integer() else v


_SEP = re.compile(r"\d[, \u00a0\u202f]\d")
_RANGE_JOIN = re.compile(r"\A\s*(?:-|–|—|to|and|or)\s*\Z", re.I)


_SPEC_BY_WORDING: dict[str, dict] = {}


def _approx_spec(approx: dict, wording: str) -> dict:
    """``approx[fold(wording)]``, remembered per wording as written (a handful of spellings)."""
    spec = _SPEC_BY_WORDING.get(wording)
    if spec is None:
        spec = approx[fold(wording)]
        if len(_SPEC_BY_WORDING) < 1000:
            _SPEC_BY_WORDING[wording] = spec
    return spec


_BETWEEN_TAIL = re.compile(r"\bbetween\s+\Z")
# thousands separated by periods, as much of Europe writes them ("100.000", "1.250.000")
_EURO_FIGURE = re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?![\w]|[.,]\d)")
_DOTTED = re.compile(r"(?<![\w.,])\d+(?:\.\d+)+(?![\w]|[.,]\d)(?:\s*(?i:hundred|thousand|million|billion|bn|mn|m|k)\b)?")
_COMMA_THOUSANDS = re.compile(r"\d,\d{3}(?!\d)")
_DOT_THOUSANDS = re.compile(r"\d\.\d{3}(?!\d)")  # (a necessary condition of European thousands)


def _european(text: str) -> bool:
    """Does ``text`` separate thousands with periods, consistently: every dotted figure has groups
    of three digits and no scale word ("1.500" is 1,500; "1.5 million" and "2.500 and 3,000" are
    not such text)?"""
    dotted = [m.group() for m in _DOTTED.finditer(text)]
    return bool(dotted) and all(_EURO_FIGURE.fullmatch(d) for d in dotted) \
        and _COMMA_THOUSANDS.search(text) is None


# "the 1960s" (a decade, read as its first year) and "1/40" (a fraction, for find_numbers only)
_DECADE_OR_FRACTION = re.compile(r"(?<![\w./])(?:(?P<decade>1[0-9]\d0|20\d0)s\b|(?P<num>\d{1,3})/(?P<den>[1-9]\d{0,2})(?![\w/])"
                                 r"|(?P<mant>\d+(?:\.\d+)?)\s*[×x]\s*10\s*(?:\^\s*)?(?P<exp>[−-]?\d{1,2})(?!\d))")
_FROM_TAIL = re.compile(r"\bfrom\s+\Z")
_SCALE_TAIL = re.compile(r"(?i)(thousand|million|billion|k|mn|bn)\s*\Z")
_SCALE_TAIL_SUB = re.compile(r"(?i)\s*(thousand|million|billion|k|mn|bn)\s*\Z")

# an atom: (start, end, value, kind, written_in_digits, has_separator); kind "num" or "vague"
_Atom = tuple[int, int, "float | None", str, bool, bool]


class Number(NamedTuple):
    """One cardinal written in a text, before approximators and ranges are read."""

    start: int
    end: int
    value: float
    written_in_digits: bool


def find_numbers(text: str) -> list[Number]:
    """Every cardinal of ``text`` in order ("twenty-five cows and 12 hens" -> 25, 12); vague
    wording ("tens of thousands") and ordinals are not cardinals."""
    low = text.lower()
    # (a "num" atom always has a value: the test on v only tells the type checker)
    return [Number(a, b, v, d) for a, b, v, kind, d, _ in _atoms(text, low, len(low) == len(text), True)
            if kind == "num" and v is not None]


def find_quantities(text: str) -> list[Quantity]:
    """Every figure in ``text`` (a sentence), with approximators, ranges and vague wording."""
    low = text.lower()
    same = len(low) == len(text)
    if same and (text.isascii() or _ODD_CASE.search(text) is None):
        pre = (low, _pre_low())
    else:
        pre = (text, _compiled()[3])
    atoms = _atoms(text, low, same)
    out: list[Quantity] = []
    i = 0
    while i < len(atoms):
        a, b, v, kind, digits, sep = atoms[i]
        if kind == "vague":
            out.append(_vague_quantity(text, a, b, pre))
            i += 1
            continue
        if i + 1 < len(atoms) and atoms[i + 1][3] == "num":
            rng = _range_quantity(text, atoms[i], atoms[i + 1])
            if rng is not None:
                out.append(rng)
                i += 2
                continue
        assert v is not None  # every atom but a vague one has a value
        out.append(_single_quantity(text, a, b, v, digits, sep, pre))
        i += 1
    return out


def _atoms(text: str, low: str, same: bool, fractions: bool = False) -> list[_Atom]:
    """The figures of ``text`` before approximators and ranges are read: vague wording ("tens of
    thousands") and numbers in digits or words, in order, none overlapping an earlier one."""
    vague_re = _compiled()[5]
    atoms: list[_Atom] = []
    vague_spans: list[tuple[int, int]] = []
    if not same or _has_vague_key(low):
        for m in (vague_re.finditer(text) if not same else vague_re.finditer(low)):
            atoms.append((m.start(), m.end(), None, "vague", False, False))
            vague_spans.append(m.span())
    figures = [(m.start(), m.end(), m) for m in _ATOM_D.finditer(text)] \
        if _ASCII_DIGIT.search(text) is not None or not text.isascii() else []
    plain = True  # (digit figures come in order: a sort is needed only when others are added)
    # (a period followed by three digits stands before the last three characters: most sentences
    # hold no other period than their last, and need no search)
    if text.find(".", 0, len(text) - 3) >= 0 and _DOT_THOUSANDS.search(text) is not None \
            and _european(text):  # "100.000 soldiers" where every dotted figure is one
        figures = [x for x in figures if "." not in x[2].group()]
        figures += [(m.start(), m.end(), m) for m in _EURO_FIGURE.finditer(text)]
        plain = False
    if fractions and ("/" in text or "10" in text or "0s" in text):  # (find_numbers only: never a figure)
        figures += [(m.start(), m.end(), m) for m in _DECADE_OR_FRACTION.finditer(text)]
        plain = False
    # the figures in digits, then the number words: a list of either
    matches: list[tuple[int, int, re.Match[str] | _Word]] = list(figures)
    if _WORD_ANY.search(" " + low) is not None:
        wlow = low if same else "".join(c if len(c) == 1 else "\0" for c in map(str.lower, text))
        words = [w for w in word_numbers(wlow)
                 if fractions or not (w.ordinal or w.fraction or w.value < 0 or not float(w.value).is_integer())]
        if vague_spans and words:  # "eighty-five thousands": a count before a plural scale is no vague wording
            swallowed = {k for k, (vs, ve) in enumerate(vague_spans)
                         for w in words if w.start < vs and ve <= w.end and not w.ordinal}
            if swallowed:
                vague_spans = [v for k, v in enumerate(vague_spans) if k not in swallowed]
                atoms = [x for x in atoms if (x[0], x[1]) in set(vague_spans)]
        matches += [(w.start, w.end, w) for w in words]
        plain = plain and not words
    if not plain:
        matches.sort(key=lambda x: (x[0], -x[1]))  # by start, the longest first
    # matches come by start: one overlaps an earlier figure when it starts before the furthest end
    # taken so far, or reaches into the first vague span that ends after its start (vague spans
    # are in order and apart): linear, never each figure against every earlier one
    taken_end = -1
    vi = 0
    for a, b, m in matches:
        while vi < len(vague_spans) and vague_spans[vi][1] <= a:
            vi += 1
        if a < taken_end or (vi < len(vague_spans) and vague_spans[vi][0] < b):
            continue
        taken_end = max(taken_end, b)
        if isinstance(m, _Word):
            if not m.ordinal:
                atoms.append((a, b, m.value, "num", False, False))
            continue
        if m.re is _EURO_FIGURE:
            atoms.append((a, b, float(m.group().replace(".", "")), "num", True, True))
            continue
        if m.re is _DECADE_OR_FRACTION:
            if m.group("decade"):
                v = float(m.group("decade"))
            elif m.group("mant"):  # "3.7×10−4"
                v = float(m.group("mant")) * 10 ** int(m.group("exp").replace("−", "-"))
            else:
                v = int(m.group("num")) / int(m.group("den"))
            atoms.append((a, b, v, "num", True, False))
            continue
        g = m.group()
        plain_digits = g.replace(",", "")
        if plain_digits.isdigit() and plain_digits.isascii():
            # "100,000", "8" (most figures): the value parse_number gives; in a figure of the digit
            # pattern a comma always stands between digits, so it is a separator
            atoms.append((a, b, float(plain_digits), "num", True, "," in g))
            continue
        got = _atom_value(m)
        if got is None:
            continue
        atoms.append((a, b, got, "num", True, bool(_SEP.search(g))))
    atoms.sort()
    return atoms


def _vague_quantity(text: str, a: int, b: int, pre) -> Quantity:
    """ "tens of thousands": bounds by the data file's convention, no value; an approximator
    before it ("more than tens of thousands") widens the span and keeps the bounds."""
    lo, hi = _compiled()[2][fold(text[a:b])]
    start = a
    pm = _approximator(pre, a)
    if pm:
        start = pm.start(1)
    return Quantity(start, b, text[start:b], None, lo, hi, "vague", a, b, False, False)


def _range_quantity(text: str, first: _Atom, second: _Atom) -> Quantity | None:
    """Two figures read as one range: "A-B", "A to B", "between A and B", "from A to B", "A or
    B" (a shared scale: "between 120 and 140 thousand"); None when they are no range."""
    a, b, v, _, digits, sep = first
    a2, b2, v2, _, _, sep2 = second
    joint = text[b:a2]
    if not _RANGE_JOIN.match(joint):
        return None
    word = joint.strip().lower()
    before = text[max(0, a - 12):a].lower()
    between = _BETWEEN_TAIL.search(before)
    frm = _FROM_TAIL.search(before)
    ok = (word in ("-", "–", "—") or (word == "to") or (word == "and" and between)
          or (word == "or"))
    if not ok or v is None or v2 is None:
        return None
    # a shared scale: "between 120 and 140 thousand", "1 to 1.5 million"
    if v < v2 / 100 and _SCALE_TAIL.search(text[a2:b2]):
        scale = v2 / (parse_number(_SCALE_TAIL_SUB.sub("", text[a2:b2])) or 1)
        v = v * scale
    if not v < v2:
        return None
    start = a
    if between:
        start = a - (len(before) - between.start())
    elif frm:
        start = a - (len(before) - frm.start())
    return Quantity(start, b2, text[start:b2], _num((v + v2) / 2), _num(v), _num(v2),
                    "range", a, b2, digits, sep or sep2)


def _single_quantity(text: str, a: int, b: int, v: float, digits: bool, sep: bool, pre) -> Quantity:
    """One figure with the approximator before it ("around N") or after it ("N or more")."""
    approx, post, _, _, post_re, _ = _compiled()
    lo: float | None
    hi: float | None
    qualifier, lo, hi = "exact", v, v
    start, end = a, b
    pm = _approximator(pre, a)
    po = post_re.match(text, b) if pm is None else None
    if pm is None and po is None:  # (most figures: exact, the bounds are the value)
        n = _num(v)
        return Quantity(a, b, text[a:b], n, n, n, qualifier, a, b, digits, sep)
    if pm:
        spec = _approx_spec(approx, pm.group(1))
        qualifier = spec["qualifier"]
        lo, hi = _bounds(v, spec)
        start = pm.start(1)
    elif po:
        spec = post[fold(po.group(1) or "-plus")]
        qualifier = spec["qualifier"]
        lo, hi = _bounds(v, spec)
        end = po.end()
    return Quantity(start, end, text[start:end], _num(v), _num(lo), _num(hi), qualifier, a, b, digits, sep)
