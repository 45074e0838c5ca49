"""Role, title and head nouns (``analysis/data/roles.yml``): one list for every stage.

News copy names many speakers by role ("the ministry", "U.S. officials", "a senior
Russian diplomat"). Which words are such roles, and what each tells a reader, is
data: :func:`load_roles` reads the file once (an unknown key or flag stops the load
naming file, line and key) and returns :class:`Roles`, frozen sets by what a word
does (see the file's header).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import config
from .datafile import DataFileError, load_checked

ROLES_PATH = config.LEXICONS / "roles.yml"
ROLES_SPEC = {"modifiers": None, "nouns": {"*": None}}
FLAGS = ("person", "group", "speaker", "anaphor")


@dataclass(frozen=True)
class Roles:
    modifiers: frozenset[str]  # "senior", "deputy": inside a title, never its head
    nouns: frozenset[str]      # every role, title and body noun
    person: frozenset[str]     # one person by role ("minister")
    group: frozenset[str]      # a plural naming people ("officials")
    speaker: frozenset[str]    # a head a speech verb may follow ("allies", "ministry")
    anaphor: frozenset[str]    # "the <noun>" refers back to "<party> <noun>"

    @property
    def words(self) -> frozenset[str]:
        """Every word of the file: modifiers and nouns (the words of a speaker's noun phrase)."""
        return self.modifiers | self.nouns


@lru_cache(maxsize=4)
def load_roles(path: str | Path | None = None) -> Roles:
    """The role nouns of ``path`` (default: the package's ``data/roles.yml``)."""
    p = Path(path) if path else ROLES_PATH
    data = load_checked(p, ROLES_SPEC) or {}
    nouns = data.get("nouns") or {}
    by_flag: dict[str, set[str]] = {f: set() for f in FLAGS}
    for word, flags in nouns.items():
        for flag in flags or ():
            if flag not in by_flag:
                raise DataFileError(f"{p}: unknown flag {flag!r} for {word!r} under nouns "
                                    f"(expected one of: {', '.join(FLAGS)})")
            by_flag[flag].add(str(word).lower())
    return Roles(modifiers=frozenset(str(w).lower() for w in data.get("modifiers") or ()),
                 nouns=frozenset(str(w).lower() for w in nouns),
                 **{f: frozenset(s) for f, s in by_flag.items()})
