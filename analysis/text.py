"""Text normalisation and segmentation, faithful to the words as written.

Normalisation fixes encoding artefacts only (BOM, CRLF, NFC, non-breaking
and zero-width spaces); it never rewrites quote marks, dashes or spacing
inside a paragraph, so character offsets computed by later stages point
into exactly the text a reader sees in the articles table.

Sentence segmentation is rule-based (NLTK's punkt models cannot be
downloaded here) and aware of the abbreviations news copy uses.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# spaces that are not ASCII spaces but mean a space
_SPACE_LIKE = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u3000"), " ")
# characters that carry nothing (zero-width) and break word matching
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)

_ODD_SPACE = re.compile("[%s]" % "".join(map(chr, (*_SPACE_LIKE, *_INVISIBLE))))

_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_RUNS_OF_SPACE = re.compile(r"\s+")


def fold(s: str) -> str:
    """Case-, apostrophe- and spacing-insensitive key for matching names and terms."""
    return _RUNS_OF_SPACE.sub(" ", s.translate(_APOS)).strip().lower()


_BLANK_WORDS = frozenset(("", "nan", "none", "null", "<na>"))


def is_blank(v: object) -> bool:
    """Is a table cell empty: None, NaN, pandas' NA or a blank / "nan" / "none" / "null" string?"""
    if v is None:
        return True
    if isinstance(v, float):
        return v != v
    if isinstance(v, str):
        return v.strip().lower() in _BLANK_WORDS
    if type(v).__name__ == "NAType":  # pandas.NA, without importing pandas here
        return True
    try:
        return bool(v != v)  # NaN-like values (numpy floats, NaT) are not equal to themselves
    except (TypeError, ValueError):
        return False


# marks that can open a quotation, so can start a sentence
OPEN_QUOTES = "\"“«„‘‹"


def normalize(text: str) -> str:
    """Return ``text`` with encoding artefacts removed and words untouched.

    - drops a leading byte-order mark and zero-width characters,
    - turns CRLF / CR line endings into LF,
    - composes Unicode to NFC (so "é" is one code point everywhere),
    - turns non-breaking and other fixed-width spaces into plain spaces.

    Quote marks (straight, curly, guillemets, doubled apostrophes), dashes
    and runs of spaces are kept as written: later stages read them.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    # str.translate with a dict visits every character in Python: only pay for it
    # when one of the characters is there (a regex scan is ~10x faster).
    if not text.isascii() and _ODD_SPACE.search(text):
        text = text.translate(_SPACE_LIKE).translate(_INVISIBLE)
    return text


def trie_regex(words: Iterable[str]) -> str:
    """A regex alternation of literal ``words`` written as a character trie: it matches
    where the plain alternation matches, but ``re`` tests one branch per character
    instead of one per word (two to three times faster on a paragraph)."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:%s)" % "|".join(alts)
        return "(?:%s)?" % body if "" in node else body
    return build(root)


def split_paragraphs(body: str, *, blank_line_only: bool = False) -> list[str]:
    """Split a body into paragraphs.

    With ``blank_line_only`` paragraphs are separated by blank lines and
    single newlines inside a paragraph become spaces (wrapped text);
    otherwise every non-empty line is a paragraph (the house format).
    Leading/trailing whitespace of each paragraph is removed, inner
    spacing is kept.
    """
    body = normalize(body)
    if blank_line_only:
        chunks = re.split(r"\n\s*\n", body)
        paras = [" ".join(line.strip() for line in c.split("\n") if line.strip()) for c in chunks]
    else:
        paras = [line.strip() for line in body.split("\n")]
    return [p for p in paras if p]


# Abbreviations after which a period does not end a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt sgt adm cmdr gov sen rep reps sens pres
    st jr sr messrs mt ft no nos vs v etc al inc corp co ltd dept est approx
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u u.s.s.r d.c
    a.m p.m i.e e.g""".split()
)

_WORD = re.compile(r"[A-Za-z\u00C0-\u024F\u0400-\u04FF]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*")
_SENT_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+|$)")
# the same in text whose only terminator is the period: a pattern that starts with a literal
# lets ``re`` jump from period to period (three times faster)
_SENT_END_DOT = re.compile(r"\.\.*[\"'”’»)\]]*(?=\s+|$)")


def words(text: str) -> list[str]:
    """Word tokens (letters, inner apostrophes, numbers), as written."""
    return _WORD.findall(text)


_WORD_OR_DOT = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")


def _trailing_word(text: str, start: int, end: int) -> str | None:
    """What ``re.search(r"([A-Za-z.]+)$", text[start:end])`` captures, scanning back from
    ``end`` (the regex retried every position of the sentence so far)."""
    if end > start and text[end - 1] == "\n":
        end -= 1  # ``$`` also matches before a final newline
    # the common case at once: the whole last word is letters and dots
    sp = text.rfind(" ", start, end) + 1
    if start <= sp < end:
        seg = text[sp:end]
        if seg.isascii() and seg.replace(".", "").isalpha():
            return seg
    i = end
    while i > start and text[i - 1] in _WORD_OR_DOT:
        i -= 1
    return text[i:end] if i < end else None


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of one paragraph.

    A sentence ends at ., ! or ? (plus any closing quote or bracket) that is
    followed by whitespace and then something that can start a sentence
    (an upper-case letter, a digit or an opening quote), unless the period
    belongs to a known abbreviation or an initial ("Jens H. Stoltenberg").
    """
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(paragraph)
    ends = _SENT_END if ("!" in paragraph or "?" in paragraph or "…" in paragraph) else _SENT_END_DOT
    for m in ends.finditer(paragraph):
        end = m.end()
        # what comes next
        nxt = end
        while nxt < n and paragraph[nxt].isspace():
            nxt += 1
        if nxt < n:
            c = paragraph[nxt]
            if not (c.isupper() or c.isdigit() or c in OPEN_QUOTES or c in "'("):
                continue
        if m.group().startswith(".") and len(m.group().rstrip("\"'”’»)]")) == 1:
            tok = _trailing_word(paragraph, start, m.start())
            if tok:
                w = tok.lower().strip(".")
                if w in ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
                    continue
        spans.append(_strip_span(paragraph, start, end))
        start = nxt
    if start < n and paragraph[start:].strip():
        spans.append(_strip_span(paragraph, start, n))
    return [s for s in spans if s[1] > s[0]]


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


# A wire dateline opening a story: "PHILADELPHIA, July 25 (UPI) — ", "Washington (AFP) – ",
# "KYIV, Ukraine — ", "BRUSSELS - ". The first alternative is the quotes stage's; the second
# also takes two-letter places and doubled dashes ("UN --", "GENEVA —— ").
DATELINE = re.compile(r"(?:(?:[A-Z][A-Z .,']{2,40}(?:,\s*[A-Z][a-z]+\.?(?:\s+\d{1,2})?)?\s*(?:\([^)]{1,30}\))?"
                      r"|[A-Z][\w .,']{2,40}\([A-Z]{2,10}\))\s*(?:[—–]|--|-)\s+"
                      r"|[A-Z][A-Z.' ]{1,30}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([^)]{1,30}\))?\s*[-—–]{1,2}\s+)")
