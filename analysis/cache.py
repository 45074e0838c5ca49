"""Per-article results cache that stores data, never code.

One file, ``<out>/.cache/results.jsonl``: a JSON header line
(``{"format": "analysis-results", "version": N}``), then one line per
article: ``<key> TAB <sha256 of the JSON> TAB <JSON of table -> rows>``.
Every entry is verified when it is used (checksum, JSON, shape: a mapping
of the stage tables to lists of flat rows). A cache that fails any check —
garbage, truncated, another version, tampered — is discarded with one
warning and rebuilt; it can never execute anything (``json`` only builds
dicts, lists, strings and numbers) and never stops a run.

Each run reads the previous run's cache and writes a fresh one into the
new table set (entries it used or computed), so the cache is published
with the tables and never grows beyond the corpus.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMAT = "analysis-results"
VERSION = 1
RESULT_TABLES = ("quotes", "claims", "troops", "rhetoric")
SCALARS = (str, int, float, bool, type(None))


def cache_file(folder: str | Path) -> Path:
    """Where the cache of an output folder lives."""
    return Path(folder) / ".cache" / "results.jsonl"


def _header() -> bytes:
    """The first line of a cache file: its format and version."""
    return json.dumps({"format": FORMAT, "version": VERSION}).encode() + b"\n"


def valid_result(result) -> bool:
    """True for table -> list of flat rows (string keys, scalar values), the stage tables only."""
    if not isinstance(result, dict) or set(result) - set(RESULT_TABLES):
        return False
    for rows in result.values():
        if not isinstance(rows, list):
            return False
        for row in rows:
            if not isinstance(row, dict) or not all(
                    isinstance(k, str) and isinstance(v, SCALARS) for k, v in row.items()):
                return False
    return True


class ResultCache:
    """Read the previous cache (``old``), write the next one (``new``); ``get``/``put`` by key."""

    def __init__(self, old: Path | None, new: Path | None, warn: Callable[[str], None]):
        self.warn = warn
        self.old = old
        self.index: dict[str, tuple[int, int]] = {}
        self._fh: Any = None
        self._out: Any = None
        if old is not None and old.exists():
            self._load_index(old)
        if new is not None:
            new.parent.mkdir(parents=True, exist_ok=True)
            self._out = open(new, "wb")
            self._out.write(_header())

    def _discard(self, why: str) -> None:
        """Forget the previous cache (every article is recomputed) and say so once."""
        if self.index or self._fh is not None:
            self.warn(f"warning: cache {self.old} discarded ({why}); rebuilding it")
        self.index = {}
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def _load_index(self, path: Path) -> None:
        """Offsets of every entry of the previous cache, after checking its header and line shape."""
        try:
            self._fh = open(path, "rb")
            head = self._fh.readline()
            meta = json.loads(head)
            if not isinstance(meta, dict) or meta.get("format") != FORMAT or meta.get("version") != VERSION:
                raise ValueError("not a results cache of this version")
            pos = len(head)
            self.index = {}
            for line in self._fh:
                parts = line.split(b"\t", 2)
                if len(parts) != 3 or not line.endswith(b"\n") or len(parts[1]) != 64:
                    raise ValueError(f"malformed entry at byte {pos}")
                self.index[parts[0].decode("utf-8")] = (pos, len(line))
                pos += len(line)
        except (OSError, ValueError, UnicodeDecodeError) as e:
            self.index = {"_": (0, 0)}  # so that _discard reports it
            self._discard(str(e) or type(e).__name__)

    def get(self, key: str):
        """The cached result for ``key`` (verified), or None. A bad entry discards the whole cache."""
        where = self.index.get(key)
        if where is None or self._fh is None:
            return None
        try:
            self._fh.seek(where[0])
            line = self._fh.read(where[1])
            _, digest, payload = line.rstrip(b"\n").split(b"\t", 2)
            if hashlib.sha256(payload).hexdigest().encode() != digest:
                raise ValueError("checksum mismatch")
            result = json.loads(payload)
            if not valid_result(result):
                raise ValueError("entry is not a table of rows")
        except (OSError, ValueError) as e:
            self._discard(str(e))
            return None
        if self._out is not None:
            self._out.write(line)
        return result

    def put(self, key: str, result: dict) -> None:
        """Store ``result`` under ``key`` in the next cache."""
        if self._out is None:
            return
        payload = json.dumps(result, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        digest = hashlib.sha256(payload).hexdigest().encode()
        self._out.write(key.encode() + b"\t" + digest + b"\t" + payload + b"\n")

    def close(self) -> None:
        """Close both files."""
        for f in (self._fh, self._out):
            if f is not None:
                f.close()
        self._fh = self._out = None
