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
          "dozen": 12}
SUFFIXES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "bn": 1_000_000_000}

_FRACTIONS = {"quarter": 4, "quarters": 4, "third": 3, "thirds": 3}
_NUMWORD = "|".join(sorted([*UNITS_WORDS, *SCALES], key=len, reverse=True))
# a run of number words: "a hundred thousand", "twenty-five thousand", "one hundred and fifty"
_WORDS_RE = (
    r"(?:(?:an?|half\s+an?|(?:(?:an?|one|two|three)[\s-]+)?(?:quarters?|thirds?|half)\s+of\s+an?)"
    r"\s+(?=(?:hundred|thousand|million|billion|dozen)\b))?"
    r"(?:%s)(?:(?:(?:(?<=hundred)|(?<=thousand)|(?<=million))\s+and\s+|\s+|-)(?:%s))*" % (_NUMWORD, _NUMWORD)
)
_DIGITS_RE = (
    r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+)(?:\.\d+)?"
    r"(?:\s*(?:hundred|thousand|million|billion)\b|\s?(?:k|K|mn|mln|bn)\b)?"
)
_ATOM = re.compile(
    r"(?<![\w$€£.,/:])(?<![A-Za-z]-)(?:(?P<d>%s)|(?P<w>%s))(?![\w]|[.,:]\d)" % (_DIGITS_RE, _WORDS_RE), re.I
)
# the same, split for speed: figures in digits (original text), figures in words (lower-cased text)
# (a leading ``(?=\d)``: every figure starts with a digit, and ``re`` then skips other positions fast)
# (_ATOM_D consumes the first digit before its look-behinds, which then include that digit: a
# pattern that starts with ``\d`` lets ``re`` jump from digit to digit)
_DIGITS_LEAD = r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+)"
assert _DIGITS_RE.startswith(_DIGITS_LEAD)
_ATOM_D = re.compile(r"(?P<d>\d(?<![\w$€£.,/:]\d)(?<![A-Za-z]-\d)"
                     r"(?:\d{0,2}(?:,\d{3})+|\d{0,2}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d*)%s)(?![\w]|[.,:]\d)"
                     % _DIGITS_RE[len(_DIGITS_LEAD):])
_ATOM_W = re.compile(r"(?<![\w$€£.,/:])(?<![A-Za-z]-)(?P<w>%s)(?![\w]|[.,:]\d)" % _WORDS_RE)
_WORD_SET = frozenset([*UNITS_WORDS, *SCALES])
_VAGUE_KEYS = ("tens", "hundreds", "thousands", "dozen", "scores", "several", "few", "many", "couple")


# the tests ``not set(re.findall('[a-z]+', low)).isdisjoint(_WORD_SET)``, ``any(k in low for k in _VAGUE_KEYS)``
# and ``any(c in text for c in "0123456789")`` as single regex searches
# (_WORD_ANY is searched on " " + text: a leading [^a-z] rather than a look-behind lets re skip fast)
_WORD_ANY = re.compile(r"[^a-z]%s(?![a-z])" % trie_regex(_WORD_SET))
_VAGUE_ANY = re.compile(trie_regex(_VAGUE_KEYS))
_ASCII_DIGIT = re.compile(r"[0-9]")


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
    above"): only these may take "the" before it ("well above the 150,000 figure"); "about the"
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
_FIGURE = re.compile(r"([\d,  \u00a0\u202f]*\d(?:\.\d+)?)\s*(hundred|thousand|million|billion|k|mn|mln|bn|m)?", re.I)
_SEPS = re.compile(r"[,\s\u00a0\u202f]")
_A_ONE = re.compile(r"(?:an?\s+)?one")


def parse_words(text: str) -> float | None:
    """Value of a number written in words ("a hundred thousand" -> 100000)."""
    toks = [t for t in _WSH.split(text.lower()) if t and t != "and"]
    if not toks:
        return None
    total = 0.0
    current = 0.0
    seen = False
    half = False
    frac = None
    for t in toks:
        if t in ("a", "an"):
            current = current or 1
            continue
        if t == "half":
            half = True
            continue
        if t in _FRACTIONS:  # "a quarter of a million", "three quarters of a million"
            frac = (current or 1) / _FRACTIONS[t]
            current = 0
            continue
        if t == "of" and frac is not None:
            continue
        if t in UNITS_WORDS:
            current += UNITS_WORDS[t]
            seen = True
        elif t == "hundred":
            current = (current or 1) * 100
            seen = True
        elif t == "dozen":
            current = (current or 1) * 12
            seen = True
        elif t in SCALES:
            total += (current or 1) * SCALES[t]
            current = 0
            seen = True
        else:
            return None
    if not seen:
        return None
    value = total + current
    if frac is not None:
        value = round(value * frac)
    return value / 2 if half else value


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
    return [Number(a, b, v, d) for a, b, v, kind, d, _ in _atoms(text, low, len(low) == len(text))
            if kind == "num"]


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
        out.append(_single_quantity(text, a, b, v, digits, sep, pre))
        i += 1
    return out


def _atoms(text: str, low: str, same: bool) -> list[_Atom]:
    """The figures of ``text`` before approximators and ranges are read: vague wording ("tens of
    thousands") and numbers in digits or words, in order, none overlapping an earlier one."""
    vague_re = _compiled()[5]
    atoms: list[_Atom] = []
    vague_spans: list[tuple[int, int]] = []
    if not same or _VAGUE_ANY.search(low) is not None:
        for m in (vague_re.finditer(text) if not same else vague_re.finditer(low)):
            atoms.append((m.start(), m.end(), None, "vague", False, False))
            vague_spans.append(m.span())
    if not same:
        matches = list(_ATOM.finditer(text))
    else:
        matches = list(_ATOM_D.finditer(text)) if _ASCII_DIGIT.search(text) is not None else []
        if _WORD_ANY.search(" " + low) is not None:
            matches += list(_ATOM_W.finditer(low))
            matches.sort(key=lambda m: m.start())
    # matches come by start: one overlaps an earlier figure when it starts before the furthest end
    # taken so far, or reaches into the first vague span that ends after its start (vague spans
    # are in order and apart): linear, never each figure against every earlier one
    taken_end = -1
    vi = 0
    for m in matches:
        a, b = m.span()
        while vi < len(vague_spans) and vague_spans[vi][1] <= a:
            vi += 1
        if a < taken_end or (vi < len(vague_spans) and vague_spans[vi][0] < b):
            continue
        taken_end = max(taken_end, b)
        rx = m.re
        if rx is not _ATOM_D and m.group("w"):  # (only _ATOM and _ATOM_W have a "w" group)
            w = m.group("w").lower()
            # lone "one"/"a": an article or pronoun far more often than a count
            if w == "one" or _A_ONE.fullmatch(w) or w in SCALES:
                continue  # "one of", a bare "million" (no count before it)
        v = _atom_value(m)
        if v is None:
            continue
        dig = rx is not _ATOM_W and bool(m.group("d"))
        atoms.append((a, b, v, "num", dig, dig and bool(_SEP.search(m.group(0)))))
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
    B" (a shared scale: "between 169 and 190 thousand"); None when they are no range."""
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
    # a shared scale: "between 169 and 190 thousand", "1 to 1.5 million"
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
    qualifier, lo, hi = "exact", v, v
    start, end = a, b
    pm = _approximator(pre, a)
    if pm:
        spec = _approx_spec(approx, pm.group(1))
        qualifier = spec["qualifier"]
        lo, hi = _bounds(v, spec)
        start = pm.start(1)
    else:
        po = post_re.match(text, b)
        if po:
            spec = post[fold(po.group(1) or "-plus")]
            qualifier = spec["qualifier"]
            lo, hi = _bounds(v, spec)
            end = po.end()
    return Quantity(start, end, text[start:end], _num(v), _num(lo), _num(hi), qualifier, a, b, digits, sep)
