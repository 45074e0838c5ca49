"""The party registry: people, titles, institutions and aliases -> parties.

The registry is data (``data/actors.yml``); this module reads it (an unknown
key stops the load with the file, line and key) and is the one place where
stages look names up. :class:`Registry` answers every question about a phrase
or a text, each memoised per registry instance in a bounded cache:

- ``person(phrase)``: which registered person does it name, if any;
- ``party_of(phrase)``: which party does it speak for, if the registry can tell;
- ``party_term(phrase)``: the party of the earliest party term (people ignored);
- ``term_matches(text)`` / ``name_matches(text)``: where party terms and
  registered names stand in a text;
- ``derived(key, build)``: an index a stage builds once from the registry
  (kept with the registry, so it can never answer for another one).

Rules, in order: a registered person's full name or alias decides the party
(an alias only when the phrase gives no *different* first name: "Gary
Johnson" is not "Boris Johnson"); otherwise the earliest party term in the
phrase decides (modifiers precede the head in English noun phrases:
"Russia's envoy to NATO" speaks for Russia, "NATO's secretary general" for
NATO). Longer terms win over shorter ones at the same position.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from . import config
from .datafile import load_checked
from .text import _APOS, fold  # noqa: F401  (fold is re-exported: stages import it from here)

T = TypeVar("T")

# The keys data/actors.yml may use (see its header); anything else is a typo.
_PERSON_KEYS = {"name": None, "aliases": None, "title": None, "gender": None}
REGISTRY_SPEC = {
    "parties": {"*": {"names": None, "adjectives": None, "titles": None, "units": None,
                      "people": [_PERSON_KEYS]}},
    # --- offices (quotes engineer, issue 14): who held an office when, and what readers call it
    "offices": [{"office": None, "person": None, "party": None, "from": None, "to": None, "aliases": None}],
}
# How alike a surname must be to a registered one to be read as its misspelling (difflib ratio;
# "Solz" and "Scholz" 0.80, "Zelenskiy" and "Zelensky" 0.94, "Putin" and "Pushin" 0.73).
MISSPELT_RATIO = 0.8
# Entries per look-up cache; a long run sees many distinct phrases, the cache starts over when full.
CACHE_SIZE = 100_000


@dataclass(frozen=True)
class Person:
    name: str
    party: str
    title: str = ""
    aliases: tuple[str, ...] = ()
    gender: str = ""  # "m"/"f" when the registry says; lets "he"/"she" skip an incompatible antecedent


@dataclass(frozen=True)
class Office:
    """An office held by a person from ``start`` to ``end`` (ISO dates; ``end`` empty: still held)."""
    office: str
    person: str
    party: str
    start: str
    end: str = ""
    names: frozenset[str] = frozenset()  # the office and its aliases, folded


def _offices(entries: Iterable[dict]) -> tuple[Office, ...]:
    """The registry's ``offices`` entries as :class:`Office` records."""
    out: list[Office] = []
    for e in entries:
        names = {fold(str(n)) for n in (e.get("office"), *(e.get("aliases") or ())) if n}
        out.append(Office(office=str(e.get("office") or ""), person=str(e["person"]), party=str(e.get("party") or ""),
                          start=str(e.get("from") or ""), end=str(e.get("to") or ""), names=frozenset(names)))
    return tuple(out)


@dataclass
class Registry:
    parties: tuple[str, ...]
    people: tuple[Person, ...]
    # folded term -> (party, kind) where kind is name/adjective/title/unit
    terms: dict[str, tuple[str, str]] = field(default_factory=dict)
    _term_re: re.Pattern | None = None
    _person_re: re.Pattern | None = None
    _person_by_key: dict[str, Person] = field(default_factory=dict)
    offices: tuple[Office, ...] = ()
    _caches: dict[str, dict] = field(default_factory=dict, repr=False, compare=False)
    _derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_dict(cls, data: dict) -> Registry:
        parties_data = (data or {}).get("parties") or {}
        people: list[Person] = []
        terms: dict[str, tuple[str, str]] = {}
        for party, spec in parties_data.items():
            spec = spec or {}
            for kind in ("names", "adjectives", "titles", "units"):
                for term in spec.get(kind) or []:
                    terms.setdefault(fold(str(term)), (party, kind[:-1] if kind != "names" else "name"))
            for p in spec.get("people") or []:
                people.append(Person(name=p["name"], party=party, title=p.get("title", "") or "",
                                     aliases=tuple(p.get("aliases") or ()),
                                     gender=str(p.get("gender") or "").lower()[:1]))
        reg = cls(parties=tuple(parties_data), people=tuple(people), terms=terms,
                  offices=_offices((data or {}).get("offices") or ()))
        reg._compile()
        return reg

    @classmethod
    def load(cls, path: str | Path | None = None) -> Registry:
        """Read a registry file; :class:`~analysis.datafile.DataFileError` names the file,
        line and key of anything it cannot use."""
        return cls.from_dict(load_checked(Path(path) if path else config.REGISTRY, REGISTRY_SPEC))

    def _memo(self, name: str, key: str, compute: Callable[[str], T]) -> T:
        cache = self._caches.setdefault(name, {})
        try:
            return cache[key]
        except KeyError:
            if len(cache) >= CACHE_SIZE:
                cache.clear()
            value = cache[key] = compute(key)
            return value

    def derived(self, key: str, build: Callable[[Registry], T]) -> T:
        """An index a stage derives from this registry, built once on first use and kept
        with this registry (never shared with another one)."""
        try:
            return self._derived[key]
        except KeyError:
            value = self._derived[key] = build(self)
            return value

    def _compile(self) -> None:
        def alternation(keys: Iterable[str]) -> str:
            keys = sorted(keys, key=len, reverse=True)
            return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)

        # A term opening a hyphenated modifier ("a London-based think tank", "Moscow-backed
        # separatists") says where someone is or who backs them, not whose side they speak for.
        self._term_re = (re.compile(r"(?<![\w.])(?:%s)(?![\w])(?!-(?-i:[a-z]))" % alternation(self.terms), re.I)
                         if self.terms else None)
        by_key: dict[str, Person] = {}
        for p in self.people:
            for n in (p.name, *p.aliases):
                by_key.setdefault(fold(n), p)
        self._person_by_key = by_key
        self._person_re = re.compile(r"(?<![\w])(?:%s)(?![\w])" % alternation(by_key), re.I) if by_key else None

    # ------------------------------------------------------------------ people
    @property
    def people_by_name(self) -> dict[str, Person]:
        """Every registered name and alias, folded (see :func:`fold`), to its person."""
        return self._person_by_key

    def person(self, phrase: str) -> Person | None:
        """The registered person a phrase names, or None.

        A short alias ("Johnson") matched inside a phrase that puts a
        different capitalised first name before it ("Gary Johnson") is not
        the registered person.
        """
        if not phrase or self._person_re is None:
            return None
        return self._memo("person", phrase, self._find_person)

    def _find_person(self, phrase: str) -> Person | None:
        person_re = self._person_re
        if person_re is None:
            return None
        text = phrase.translate(_APOS)
        for m in person_re.finditer(text):
            p = self._person_by_key[fold(m.group())]
            full_first = fold(p.name).split()[0]
            if fold(m.group()) != fold(p.name) and " " not in m.group().strip():
                prev = re.search(r"([A-Z][\w'-]+)\s+$", text[: m.start()])
                if prev and fold(prev.group(1)) != full_first and not _is_title_word(prev.group(1)):
                    continue
            return p
        return None

    def person_misspelt(self, name: str) -> Person | None:
        """The one registered person a full name not in the registry misspells: the same first
        name and a surname of at least 4 letters at least 80% alike (``difflib`` ratio; "Olaf
        Solz" for Olaf Scholz, "Volodymyr Zelenskiy" where the registry writes Zelensky). None when
        no person, or more than one, is that close: two people are never merged on a guess."""
        return self._memo("person_misspelt", name, self._find_misspelt)

    def _find_misspelt(self, name: str) -> Person | None:
        toks = fold(name).split()
        if len(toks) < 2 or len(toks[-1]) < 4:
            return None
        from difflib import SequenceMatcher

        found: set[Person] = set()
        for key, p in self._person_by_key.items():
            ktoks = key.split()
            if len(ktoks) == len(toks) and ktoks[:-1] == toks[:-1] and ktoks[-1] != toks[-1] \
                    and SequenceMatcher(None, ktoks[-1], toks[-1]).ratio() >= MISSPELT_RATIO:
                found.add(p)
        return found.pop() if len(found) == 1 else None

    # ----------------------------------------------------------------- parties
    def party_of(self, phrase: str | None) -> str | None:
        """The party a phrase (a speaker, an actor, a title) speaks for, or None."""
        if not phrase:
            return None
        return self._memo("party_of", phrase, self._find_party)

    def _find_party(self, phrase: str) -> str | None:
        p = self.person(phrase)
        if p is not None:
            return p.party
        return self.party_term(phrase)

    def party_term(self, phrase: str) -> str | None:
        """The party of the earliest registry term in ``phrase`` (people ignored)."""
        if not phrase or self._term_re is None:
            return None
        return self._memo("party_term", phrase, self._find_party_term)

    def _find_party_term(self, phrase: str) -> str | None:
        m = self._term_re.search(phrase.translate(_APOS)) if self._term_re is not None else None
        if not m:
            return None
        return self.terms[fold(m.group())][0]

    def term_kind(self, phrase: str) -> str:
        """"name", "adjective", "title" or "unit" when ``phrase`` is exactly a registry
        party term, else ""."""
        return self.terms.get(fold(phrase), ("", ""))[1]

    def term_matches(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, party) of every party term in ``text``, leftmost-longest, in order
        (whole words; straight and curly apostrophes alike; offsets are ``text``'s)."""
        if self._term_re is None or not text:
            return
        for m in self._term_re.finditer(text.translate(_APOS)):
            yield m.start(), m.end(), self.terms[fold(m.group())][0]

    def name_matches(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of every registered name or alias in ``text``, in order; the
        span may be a short alias that :meth:`person` then rejects in context."""
        if self._person_re is None or not text:
            return
        for m in self._person_re.finditer(text.translate(_APOS)):
            yield m.start(), m.end()

    # ----------------------------------------------------------------- offices
    def office_holder(self, phrase: str, date: str) -> Person | None:
        """The person who held the office ``phrase`` names ("NATO chief", "the Kremlin spokesman")
        on ``date`` (ISO, "2022-01-12"), or None: an unknown office, no date, or no single holder."""
        if not phrase or not date or not self.offices:
            return None
        key = re.sub(r"^(?:the|a|an)\s+", "", fold(phrase))
        holders = {o.person for o in self.offices if key in o.names and o.start <= date[:10] < (o.end or "9999")}
        if len(holders) != 1:
            return None
        return self.person(holders.pop())

    def canonical(self, name: str) -> str:
        """A registered person's full name for any alias, else ``name`` unchanged."""
        p = self.person(name)
        return p.name if p else name


_TITLE_WORDS = frozenset(
    "president minister secretary spokesman spokeswoman spokesperson ambassador envoy general "
    "chancellor premier senator sen rep gov governor mr mrs ms dr chief deputy foreign defence defense "
    "prime state kremlin nato u.s us".split()
)


def _is_title_word(w: str) -> bool:
    return fold(w).strip(".") in _TITLE_WORDS


@lru_cache(maxsize=8)
def load_registry(path: str | None = None) -> Registry:
    """Cached loader for notebooks and the pipeline."""
    return Registry.load(path)
