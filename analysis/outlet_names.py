"""Outlet names: the one table of outlets (``data/outlets.yml``: display name, web domains, the aliases
an export uses), read at ingest (an article's URL gives its outlet) and again by the analysis layer (every
spelling of one outlet is one outlet). Light on purpose: the ingest workers import it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from . import config

OUTLETS_FILE = config.DATA / "outlets.yml"
NO_OUTLET = "(no outlet)"


def _key(s: str) -> str:
    s = re.sub(r"^https?://", "", str(s).strip().lower())
    s = s.removeprefix("www.").rstrip("/")
    return " ".join(s.split())


@lru_cache(maxsize=4)
def _load(path: str) -> dict[str, str]:
    import yaml

    p = Path(path)
    if not p.exists():
        return {}
    with p.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    entries = data.get("outlets")
    if not isinstance(entries, dict):
        raise ValueError(f"{p}: expected a mapping 'outlets:' of display name -> domains/aliases")
    table: dict[str, str] = {}
    for name, spec in entries.items():
        spec = spec or {}
        unknown = set(spec) - {"domains", "aliases"}
        if unknown:
            raise ValueError(f"{p}: outlet {name!r}: unknown key(s) {sorted(unknown)} (expected domains, aliases)")
        for k in [name, *(spec.get("domains") or []), *(spec.get("aliases") or [])]:
            table[_key(k)] = str(name)
    return table


def display_names(path: str | Path | None = None) -> dict[str, str]:
    """{normalised domain, alias or name: display name} from the outlets data file."""
    return dict(_load(str(path or OUTLETS_FILE)))


def display_name(raw, path: str | Path | None = None) -> str:
    """The display name of an outlet given as a name, an alias or a (sub)domain; unknown outlets keep the
    name they were given; empty -> "(no outlet)"."""
    if raw is None or (isinstance(raw, float) and raw != raw) or not str(raw).strip():
        return NO_OUTLET
    table = _load(str(path or OUTLETS_FILE))
    k = _key(raw)
    if k in table:
        return table[k]
    parts = k.split("/")[0].split(".")
    for i in range(1, len(parts) - 1):  # news.bbc.co.uk -> bbc.co.uk
        cand = ".".join(parts[i:])
        if cand in table:
            return table[cand]
    return str(raw).strip()



@lru_cache(maxsize=4)
def _domains(path: str) -> dict[str, str]:
    import yaml

    p = Path(path)
    if not p.exists():
        return {}
    _load(path)  # validates the file's shape, with a message naming it
    with p.open(encoding="utf-8") as fh:
        entries = (yaml.safe_load(fh) or {}).get("outlets") or {}
    return {_key(d): str(name) for name, spec in entries.items() for d in ((spec or {}).get("domains") or [])}


def domains(path: str | Path | None = None) -> dict[str, str]:
    """{web domain: display name} from the outlets data file (domains only, not aliases)."""
    return dict(_domains(str(path or OUTLETS_FILE)))
