"""Near-duplicate articles: the same wire story republished by many outlets.

Crisis coverage runs one agency story in dozens of outlets, each with its own
headline, a trimmed ending or a dateline of its own. Counted copy by copy,
one voice looks like fifty. This module groups articles whose *body* is a
near-copy of another's and picks one article of each group as the first:

- ``duplicate_group``: the ``article_id`` of the group's first article (an
  article with no near-copy is its own group, so the column is never empty);
- ``is_first``: true for that one article of each group.

How: the body is lower-cased, stripped of punctuation and quote marks, and
cut into shingles of 40 characters starting at each word (6-7 words); MinHash signatures (datasketch) estimate the Jaccard similarity
of two articles' shingle sets, and locality-sensitive hashing (datasketch's
MinHashLSH) proposes candidate pairs without comparing every pair, so the
work grows with the corpus, not with its square. A candidate pair is joined
when its estimated similarity reaches ``threshold`` (default 0.5: a copy
that keeps at least about two thirds of the original's words in order);
groups are the connected pairs. Headlines are left out on purpose: outlets
rewrite them. Different stories share far less: on the project's synthetic
corpus, whose articles are all built from one small pool of template
sentences, two distinct articles share 0.08 of their shingles (median) and
never more than 0.17; a copy trimmed by a paragraph or two shares 0.8-0.95.
The LSH bands are set for threshold 0.5 (25 bands of 5 rows): a pair at
0.8 is proposed with probability above 0.99, at 0.7 about 0.99, at 0.5
about 0.55 (a copy trimmed to half its length may be missed).

The first article of a group is one from a ``prefer``-red outlet when the
group has one (e.g. ``prefer=["Reuters"]`` makes the agency's own text the
first), else the earliest by date; among copies of the same day the longest
(a trimmed copy is shorter than the story it trims), then the first read.

Counting: views count a group once by default and every copy on request;
:func:`first_only` is the switch (``every_copy=True`` keeps every copy),
and :func:`counting_note` says in words which was done, for the report.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

NUM_PERM = 128       # similarity estimated within about +-0.045; LSH of 25 bands x 5 rows at threshold 0.5
THRESHOLD = 0.5
SEED = 1             # fixed: signatures and groups are the same on every run and machine
SHINGLE_CHARS = 40   # a shingle: 40 characters of the normalised body from the start of a word (6-7 words)

_PUNCT = "".join(chr(c) for c in range(33, 127) if not chr(c).isalnum()).encode()
_QUOTES = "“”‘’«»„‚‹›"
_B = 0x100000001B3  # FNV prime: the polynomial hash's base
_POW = np.array([pow(_B, 63 - j, 1 << 64) for j in range(64)], dtype=np.uint64)  # B^63 .. B^0


def normalise(paragraphs: Iterable[str]) -> bytes:
    """The body as UTF-8 bytes: lower case, ASCII punctuation and quote marks dropped, one space between
    words. Two copies that differ only in quote style, dashes or spacing normalise alike."""
    text = " ".join(paragraphs).lower()
    if not text.isascii():
        for q in _QUOTES:  # str.replace per mark: far faster than str.translate on long texts
            text = text.replace(q, "")
    return b" ".join(text.encode("utf-8").translate(None, _PUNCT).split())


def shingle_hashes(body: bytes, k: int = SHINGLE_CHARS) -> np.ndarray:
    """64-bit hashes of the k-character shingles of a normalised body that start at a word (one shingle
    for a body shorter than k, none for an empty one). Computed in a few vectorised steps: no Python
    loop over words, which is what makes 100,000 articles a matter of a minute."""
    if not body:
        return np.zeros(0, dtype=np.uint64)
    arr = np.frombuffer(body, dtype=np.uint8)
    k = min(k, len(arr))
    n = len(arr) - k + 1
    starts = np.flatnonzero(arr[:n - 1] == 32) + 1  # the character after a space starts a word
    starts = np.concatenate((np.zeros(1, dtype=starts.dtype), starts))
    windows = arr[starts[:, None] + np.arange(k)].astype(np.uint64)
    # polynomial hash of each window: sum of c_j * B^(k-1-j), wrapping mod 2^64
    return (windows * _POW[-k:]).sum(axis=1, dtype=np.uint64)


def hash32(h64: np.ndarray) -> np.ndarray:
    """64-bit shingle hashes folded to the 32 bits a MinHash permutes."""
    return ((h64 >> np.uint64(32)) ^ (h64 & np.uint64(0xFFFFFFFF))).astype(np.uint32)


def _fmix32(h: np.ndarray) -> np.ndarray:
    # MurmurHash3's 32-bit finalizer: the pre-mix datasketch applies in its "affine32" scheme
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


@dataclass
class Grouper:
    """Add articles one by one (streaming), then ask for the groups.

    Memory: ``num_perm`` 32-bit values per article (512 bytes at the default), plus the LSH index.
    """

    threshold: float = THRESHOLD
    num_perm: int = NUM_PERM
    prefer: Sequence[str] = ()
    _ids: list[str] = field(default_factory=list)
    _dates: list[str] = field(default_factory=list)
    _outlets: list[str] = field(default_factory=list)
    _sizes: list[int] = field(default_factory=list)
    _sigs: list = field(default_factory=list)
    _parent: list[int] = field(default_factory=list)

    def __post_init__(self):
        from datasketch import MinHash, MinHashLSH

        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        self._lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)
        # datasketch's permutations for this seed, drawn once and applied to every article
        proto = MinHash(num_perm=self.num_perm, seed=SEED, scheme="affine32")
        a, b = proto.permutations
        self._perm = (a.astype(np.uint32)[None, :], b.astype(np.uint32)[None, :])
        self._prefer = {o.strip().lower(): i for i, o in enumerate(self.prefer)}

    def signature(self, paragraphs: Sequence[str]) -> np.ndarray | None:
        """The body's MinHash signature (``num_perm`` uint32 values), None for a body without words.

        Equal to datasketch's ``MinHash(scheme="affine32").update_batch`` over the 32-bit shingle hashes
        (tested), computed for all shingles in one matrix step instead of a Python call per shingle."""
        return self._sign(normalise(paragraphs))

    def _sign(self, body: bytes) -> np.ndarray | None:
        h = shingle_hashes(body)
        if not len(h):
            return None
        hv = _fmix32(hash32(h))[:, None]
        a, b = self._perm
        with np.errstate(over="ignore"):
            return (hv * a + b).min(axis=0)

    def add(self, article_id: str, paragraphs: Sequence[str], date: str | None = "", outlet: str = "") -> None:
        from datasketch import LeanMinHash

        i = len(self._ids)
        self._ids.append(article_id)
        self._dates.append(date or "")
        self._outlets.append(outlet or "")
        self._parent.append(i)
        body = normalise(paragraphs)
        self._sizes.append(body.count(b" ") + 1 if body else 0)
        sig = self._sign(body)
        self._sigs.append(sig)
        if sig is None:  # no words: a group of its own
            return
        m = LeanMinHash(seed=SEED, hashvalues=sig, scheme="affine32")
        for j in self._lsh.query(m):
            if float(np.mean(self._sigs[j] == sig)) >= self.threshold:
                self._union(i, j)
        self._lsh.insert(i, m, check_duplication=False)

    def _find(self, i: int) -> int:
        p = self._parent
        while p[i] != i:
            p[i] = p[p[i]]
            i = p[i]
        return i

    def _union(self, i: int, j: int) -> None:
        ri, rj = self._find(i), self._find(j)
        if ri != rj:
            self._parent[max(ri, rj)] = min(ri, rj)

    def _rank(self, i: int):
        pref = self._prefer.get(self._outlets[i].strip().lower(), len(self._prefer))
        return (pref, self._dates[i] or "9999-99-99", -self._sizes[i], i)

    def groups(self) -> dict[str, dict]:
        """article_id -> {"duplicate_group": first article's id, "is_first": bool}."""
        members: dict[int, list[int]] = {}
        for i in range(len(self._ids)):
            members.setdefault(self._find(i), []).append(i)
        out: dict[str, dict] = {}
        for group in members.values():
            first = min(group, key=self._rank)
            for i in group:
                out[self._ids[i]] = {"duplicate_group": self._ids[first], "is_first": i == first}
        return out


def group_articles(articles: Iterable, threshold: float = THRESHOLD, prefer: Sequence[str] = ()) -> dict[str, dict]:
    """Groups for :class:`analysis.corpus.Article` objects (see :class:`Grouper`)."""
    g = Grouper(threshold=threshold, prefer=prefer)
    for a in articles:
        g.add(a.article_id, a.paragraphs, a.date, a.outlet)
    return g.groups()


def add_columns(articles_df, groups: dict[str, dict]):
    """The articles table with ``duplicate_group`` and ``is_first`` filled from ``groups``."""
    df = articles_df.copy()
    ids = df["article_id"].astype(str)
    df["duplicate_group"] = [groups.get(i, {}).get("duplicate_group", i) for i in ids]
    df["is_first"] = [bool(groups.get(i, {}).get("is_first", True)) for i in ids]
    return df


# ------------------------------------------------------------------ counting
def _is_first(articles) -> set[str]:
    col = articles["is_first"]
    if col.dtype == object or str(col.dtype) in ("string", "str"):
        keep = col.astype("string").str.lower().isin(["true", "1"])
    else:
        keep = col.fillna(True).astype(bool)
    return set(articles.loc[keep, "article_id"].astype(str))


def first_only(table, articles, every_copy: bool = False):
    """Rows of ``table`` (quotes, claims, troops, rhetoric, ...) that come from the first article of their
    duplicate group: each wire story counted once ("voices"). ``every_copy=True`` returns ``table`` as it
    is, every republication counted ("reach"). Tables from runs before the grouping existed (no
    ``is_first`` column) are returned whole."""
    if every_copy or "is_first" not in articles.columns or "article_id" not in table.columns:
        return table
    keep = _is_first(articles)
    return table[table["article_id"].astype(str).isin(keep)]


def counting_note(articles, every_copy: bool = False) -> str:
    """One sentence for a report saying how republished copies were counted, with the numbers."""
    n = len(articles)
    if "is_first" not in articles.columns:
        return f"All {n} articles counted; near-duplicates were not looked for in these tables."
    firsts = len(_is_first(articles))
    copies = n - firsts
    groups = int(articles.groupby("duplicate_group").size().gt(1).sum()) if copies else 0
    if every_copy:
        return (f"Every copy counted: {n} articles, including {copies} republished copies of {groups} "
                f"stories (reach, not voices).")
    return (f"Each story counted once: {copies} republished copies of {groups} stories set aside, "
            f"{firsts} of {n} articles counted (voices, not reach).")
