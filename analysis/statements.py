"""Statements: the unit for "how often does a side warn, demand, deny".

A news story often quotes one statement in pieces: ``"We are ready to talk,"
she said, "but not under pressure."`` is two quotation spans and one thing
said. Counting spans would give that side two statements. This module gives
every quote row a ``statement_id`` shared by the fragments of one attributed
statement, and every claim row the ``statement_id`` of the quote it stands
for (``quote_id``) or one of its own (reported speech is one statement a row).

Two consecutive quotes of one article are fragments of one statement when
they are in the same paragraph, have the same speaker and party, and either

- nothing between them ends a sentence (``He called it "dangerous" and
  "reckless"``; ``"A," she said, "B."``), or
- the first fragment stops without ending its sentence and only a short
  attribution stands between them (``"We are ready," she said. "But ..."``:
  a split quote around one cue).

Without the paragraph text (``paragraphs=None``) only the second test is
available, with the gap unknown: fragments are joined when the first does not
end its sentence. Quotes whose speaker the text does not give are joined by
the same rules (one unknown statement, never given a speaker).

Pure functions: new rows are returned, the inputs are not changed.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

__all__ = ["assign_statement_ids", "statement_key", "MAX_ATTRIBUTION_WORDS"]

#: a gap of at most this many words between two fragments can be an attribution ("the minister told reporters")
MAX_ATTRIBUTION_WORDS = 8
_QUOTE_MARKS = "\"'“”‘’«»„‚‹›`"
_SENTENCE_END = re.compile(r"[.!?…](?=[\s" + re.escape(_QUOTE_MARKS) + r"]|$)")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*|\d[\d,.]*")


def _blank(v) -> bool:
    return v is None or (isinstance(v, float) and v != v) or str(v).strip().lower() in ("", "nan", "none", "<na>")


def _norm(v) -> str:
    return "" if _blank(v) else " ".join(str(v).split()).lower()


def _int(v, default: int = -1) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        return default


def _ends_sentence(text) -> bool:
    """True when the quoted words end a sentence (a final ., ! or ? inside the marks)."""
    t = "" if _blank(text) else str(text).rstrip(" ,;:–—-" + _QUOTE_MARKS)
    return bool(t) and t[-1] in ".!?…"


def statement_key(row: Mapping) -> tuple:
    """Who a fragment belongs to: article, paragraph, speaker and party (case and spacing folded)."""
    return (str(row.get("article_id", "")), _int(row.get("paragraph")), _norm(row.get("speaker")),
            _norm(row.get("party")))


def _same_statement(a: Mapping, b: Mapping, paragraph_text: str | None) -> bool:
    if statement_key(a) != statement_key(b):
        return False
    a_end, b_start = _int(a.get("end")), _int(b.get("start"))
    gap = None
    if paragraph_text is not None and 0 <= a_end <= b_start <= len(paragraph_text):
        gap = paragraph_text[a_end:b_start]
    if gap is not None and not _SENTENCE_END.search(gap) and not _ends_sentence(a.get("text")):
        return True  # one sentence, e.g. a term list or "A," she said, "B."
    if _ends_sentence(a.get("text")):
        return False
    if gap is None:
        return True
    return len(_WORD.findall(gap)) <= MAX_ATTRIBUTION_WORDS


def _paragraph_lookup(paragraphs) -> dict:
    """{(article_id, paragraph): text} from an Article, a list of them, a table or a mapping."""
    if paragraphs is None:
        return {}
    if isinstance(paragraphs, Mapping):
        return {(str(k[0]), _int(k[1])): v for k, v in paragraphs.items()}
    if hasattr(paragraphs, "paragraphs") and hasattr(paragraphs, "article_id"):  # one Article
        return {(str(paragraphs.article_id), i): p for i, p in enumerate(paragraphs.paragraphs)}
    if hasattr(paragraphs, "to_dict"):  # a DataFrame like paragraphs.csv
        paragraphs = paragraphs.to_dict("records")
    out: dict = {}
    for item in paragraphs:
        if hasattr(item, "paragraphs"):
            out.update(_paragraph_lookup(item))
        else:
            out[(str(item["article_id"]), _int(item["paragraph"]))] = item["text"]
    return out


def assign_statement_ids(quotes: Sequence[Mapping], claims: Iterable[Mapping] = (),
                         paragraphs=None) -> tuple[list[dict], list[dict]]:
    """Copies of ``quotes`` and ``claims`` with a ``statement_id`` column.

    ``paragraphs``: the article (or articles, or a paragraphs table, or a
    ``{(article_id, paragraph): text}`` mapping) the rows come from; it lets a
    gap between two fragments be read. Quote statements are numbered
    ``<article_id>:s<n>`` in reading order; a claim linked to a quote takes the
    quote's statement, any other claim gets ``<article_id>:r<n>``. Row order is
    kept.
    """
    texts = _paragraph_lookup(paragraphs)
    q_out = [dict(r) for r in quotes]
    order = sorted(range(len(q_out)), key=lambda i: (str(q_out[i].get("article_id", "")),
                                                     _int(q_out[i].get("paragraph")),
                                                     _int(q_out[i].get("start")), i))
    counters: dict[str, int] = {}
    by_quote: dict[str, str] = {}
    prev = None
    for i in order:
        row = q_out[i]
        aid = str(row.get("article_id", ""))
        if prev is not None and _same_statement(prev, row, texts.get((aid, _int(row.get("paragraph"))))):
            row["statement_id"] = prev["statement_id"]
        else:
            n = counters.get(aid, 0)
            counters[aid] = n + 1
            row["statement_id"] = f"{aid}:s{n}"
        if not _blank(row.get("quote_id")):
            by_quote[str(row["quote_id"])] = row["statement_id"]
        prev = row
    c_out = []
    reported: dict[str, int] = {}
    for r in claims:
        r = dict(r)
        qid = r.get("quote_id")
        if not _blank(qid) and str(qid) in by_quote:
            r["statement_id"] = by_quote[str(qid)]
        else:
            aid = str(r.get("article_id", ""))
            n = reported.get(aid, 0)
            reported[aid] = n + 1
            r["statement_id"] = f"{aid}:r{n}"
        c_out.append(r)
    return q_out, c_out
