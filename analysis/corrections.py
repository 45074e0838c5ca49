"""Corrections by hand, kept as data and applied after extraction on every run.

A researcher who finds a wrong row writes a correction in ``data/corrections.yml``
instead of editing a table (which the next run would overwrite) or the
registry (which cannot fix one quote). Each correction is keyed by the
article, the paragraph and the row's words, never by a row number, so it
keeps finding its row after the code changes and rows move. The format::

    corrections:
      - id: lavrov-geneva            # any unique name; written into the `corrected` column
        table: quotes                # quotes, claims or troops
        article: geneva_talks        # article_id
        paragraph: 4                 # 0-based body paragraph
        words: "we will not accept"  # words of the row's text (a part is enough)
        set: {speaker: Sergei Lavrov}    # party follows the registry unless given
      - id: no-speaker
        table: quotes
        article: geneva_talks
        paragraph: 7
        words: "it is too early"
        clear: [speaker]             # speaker (and with it party, person, title) left empty
      - id: refugees-not-troops
        table: troops
        article: border_report
        paragraph: 2
        words: "100,000 people"
        drop: true
        note: "refugees, not troops"
      - id: missed-figure
        table: troops
        article: border_report
        paragraph: 5
        words: "some 40,000 soldiers"     # must be in the paragraph as written
        add: true
        set: {force: Russia, claimant: the Pentagon}   # value and bounds read from the words
      - id: sherman
        article: geneva_talks
        role: the senior U.S. diplomat   # a description the article uses for someone
        person: Wendy Sherman            # who it is (party from the registry unless given)

A correction to a quote carries to the rows that stand for it: the claim
linked by ``quote_id`` and troop figures inside the quotation credited to
the old speaker; dropping a quote drops its linked claim. Rows changed by a
correction carry its id in the ``corrected`` column (several ids joined by
``;``). The per-article rhetoric rows are recomputed when a quote's or a
claim's party changes. A correction that matches no row is reported (on
stderr and in ``corrections.csv`` beside the tables) and the run carries on.

``stub(row, table)`` and ``append_stub(...)`` write the skeleton of a
correction for a row one points at (``python -m analysis correct``).
"""
from __future__ import annotations

import math
import os
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from . import config

DEFAULT_PATH = config.DATA / "corrections.yml"
TABLES = ("quotes", "claims", "troops")
ACTIONS = ("set", "clear", "drop", "add", "person")
#: fields a correction may set, per table (keys and offsets are not editable)
SETTABLE = {
    "quotes": ("speaker", "party", "title", "person", "cue", "kind"),
    "claims": ("actor", "party", "act", "cue", "negated"),
    "troops": ("value", "low", "high", "qualifier", "unit", "force", "claimant", "claimant_party", "kind"),
}
#: the column that names who speaks, per table, and the party column beside it
WHO = {"quotes": ("speaker", "party"), "claims": ("actor", "party"), "troops": ("claimant", "claimant_party")}
_KEYS = {"id", "table", "article", "paragraph", "words", "note", "set", "clear", "drop", "add", "role", "person",
         "party"}
LOG_COLUMNS = ["id", "action", "table", "article_id", "paragraph", "words", "rows", "status"]


class CorrectionsError(ValueError):
    """The corrections file cannot be read; the message says where and why."""


# ------------------------------------------------------------------ matching
_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‹": "'",
                       "›": "'", "–": "-", "—": "-", "\u00a0": " "})


def norm(text) -> str:
    """Text folded for matching: case, curly quotes and dashes, spacing, edge punctuation."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    s = unicodedata.normalize("NFKC", str(text)).translate(_FOLD).casefold()
    s = re.sub(r"\s+", " ", s)
    return s.strip(" \"',.;:!?")


def _role_key(text) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", norm(text))


def _blank(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or str(v).strip() == ""


def words_match(words: str, row_text) -> bool:
    """The correction's words are part of the row's text, or the row's text part of the words."""
    w, t = norm(words), norm(row_text)
    if not w or not t:
        return False
    return w in t or (t in w and len(t) >= 4)


# ------------------------------------------------------------------- parsing
@dataclass
class Correction:
    id: str
    action: str
    table: str
    article: str
    paragraph: int | None = None
    words: str = ""
    values: dict = field(default_factory=dict)
    clear: list = field(default_factory=list)
    role: str = ""
    person: str = ""
    party: str | None = None
    note: str = ""

    def describe(self) -> str:
        if self.action == "person":
            return f'{self.id} (article {self.article}: "{self.role}" = {self.person})'
        where = f"article {self.article}" + (f" paragraph {self.paragraph}" if self.paragraph is not None else "")
        return f'{self.id} ({self.action} {self.table}, {where}, "{self.words}")'


def _parse_one(i: int, item, seen: set) -> Correction:
    where = f"correction #{i + 1}"
    if not isinstance(item, dict):
        raise CorrectionsError(f"{where}: expected a mapping (id, article, ...), got {type(item).__name__}")
    unknown = set(item) - _KEYS
    if unknown:
        raise CorrectionsError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
                               f"allowed: {', '.join(sorted(_KEYS))}")
    cid = str(item.get("id") or f"c{i + 1}").strip()
    where = f"correction {cid}"
    if cid in seen:
        raise CorrectionsError(f"{where}: the id is used twice")
    seen.add(cid)
    if _blank(item.get("article")):
        raise CorrectionsError(f"{where}: 'article' (the article_id) is required")
    article = str(item["article"]).strip()
    if "role" in item or "person" in item:
        if _blank(item.get("role")) or _blank(item.get("person")):
            raise CorrectionsError(f"{where}: a role-to-person statement needs both 'role' and 'person'")
        return Correction(cid, "person", "", article, role=str(item["role"]).strip(),
                          person=str(item["person"]).strip(),
                          party=None if _blank(item.get("party")) else str(item["party"]).strip(),
                          note=str(item.get("note") or ""))
    table = str(item.get("table") or "").strip()
    if table not in TABLES:
        raise CorrectionsError(f"{where}: 'table' must be one of {', '.join(TABLES)} (got {table or 'nothing'})")
    words = "" if _blank(item.get("words")) else str(item["words"])
    if not norm(words):
        raise CorrectionsError(f"{where}: 'words' (some of the row's words, as written) is required")
    paragraph = item.get("paragraph")
    if paragraph is not None:
        try:
            paragraph = int(paragraph)
        except (TypeError, ValueError):
            raise CorrectionsError(f"{where}: 'paragraph' must be a number (0 = first body paragraph)") from None
    values = item.get("set") or {}
    if not isinstance(values, dict):
        raise CorrectionsError(f"{where}: 'set' must be a mapping of column: value")
    bad = set(values) - set(SETTABLE[table])
    if bad:
        raise CorrectionsError(f"{where}: cannot set {', '.join(sorted(map(str, bad)))} on {table}; "
                               f"settable: {', '.join(SETTABLE[table])}")
    clear = item.get("clear") or []
    clear = [clear] if isinstance(clear, str) else list(clear)
    bad = set(clear) - set(SETTABLE[table])
    if bad:
        raise CorrectionsError(f"{where}: cannot clear {', '.join(sorted(map(str, bad)))} on {table}")
    drop, add = bool(item.get("drop")), bool(item.get("add"))
    if drop + add > 1 or (drop and (values or clear)):
        raise CorrectionsError(f"{where}: 'drop' and 'add' stand alone (a row cannot be dropped and changed)")
    if add and paragraph is None:
        raise CorrectionsError(f"{where}: 'add' needs the 'paragraph' whose words are added")
    if not (drop or add or values or clear):
        raise CorrectionsError(f"{where}: say what to do: set, clear, drop: true, or add: true")
    action = "drop" if drop else "add" if add else "set" if values else "clear"
    return Correction(cid, action, table, article, paragraph, words, dict(values), clear,
                      note=str(item.get("note") or ""))


def parse(data) -> list[Correction]:
    """Corrections from the loaded YAML (a list, or a mapping with a ``corrections`` list)."""
    if data is None:
        return []
    if isinstance(data, dict):
        data = data.get("corrections") or []
    if not isinstance(data, list):
        raise CorrectionsError("expected a list of corrections (or 'corrections:' followed by a list)")
    seen: set = set()
    return [_parse_one(i, item, seen) for i, item in enumerate(data)]


def load(path: str | Path | None = None) -> list[Correction]:
    """The corrections in ``path`` (default ``data/corrections.yml``); none when the file is absent."""
    import yaml

    path = Path(path) if path else DEFAULT_PATH
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise CorrectionsError(f"{path}: not readable YAML: {e}") from None
    try:
        return parse(data)
    except CorrectionsError as e:
        raise CorrectionsError(f"{path}: {e}") from None


# ------------------------------------------------------------------ applying
def _mark(row: dict, cid: str) -> None:
    ids = [x for x in str(row.get("corrected") or "").split(";") if x]
    if cid not in ids:
        ids.append(cid)
    row["corrected"] = ";".join(ids)


def _find_span(paragraph: str, words: str) -> tuple[int, int] | None:
    """Where ``words`` stand in ``paragraph`` (as written; case, quote marks and spacing folded)."""
    i = paragraph.find(words.strip())
    if i >= 0:
        return i, i + len(words.strip())
    # fold character by character so offsets stay those of the paragraph
    folded = "".join(c.translate(_FOLD).casefold() if len(c.translate(_FOLD).casefold()) == 1 else c
                     for c in paragraph)
    pattern = r"\s+".join(re.escape(w) for w in norm(words).split())
    m = re.search(pattern, folded)
    return (m.start(), m.end()) if m else None


class Corrections:
    """The corrections of one run: apply them article by article, then report what matched."""

    def __init__(self, items: list[Correction] | None = None, registry=None, source: str = ""):
        self.items = list(items or [])
        self.registry = registry
        self.source = source
        self.by_article: dict[str, list[Correction]] = {}
        for c in self.items:
            self.by_article.setdefault(c.article, []).append(c)
        self.rows: dict[str, int] = {c.id: 0 for c in self.items}
        self.notes: dict[str, str] = {}

    @classmethod
    def load(cls, path: str | Path | None | Literal[False] = None, registry_path: str | None = None) -> Corrections:
        """Corrections from ``path`` (None: ``data/corrections.yml`` when it exists; False: none)."""
        if path is False:
            return cls()
        if path is not None and not Path(path).exists():
            raise CorrectionsError(f"no such corrections file: {path}")
        items = load(path)
        registry = None
        if items:
            from .actors import load_registry

            registry = load_registry(registry_path)
        return cls(items, registry, str(path or DEFAULT_PATH))

    # -------------------------------------------------------------- helpers
    def _party_of(self, who: str) -> str:
        if self.registry is None or _blank(who):
            return ""
        return self.registry.party_of(who) or ""

    def _person_of(self, who: str) -> str:
        if self.registry is None or _blank(who):
            return ""
        p = self.registry.person(who)
        return p.name if p else ""

    def _set_who(self, table: str, row: dict, who: str, party: str | None, title: str | None = None) -> None:
        """Give ``row`` a new speaker/actor/claimant; the party follows the registry unless given."""
        name_col, party_col = WHO[table]
        row[name_col] = who
        row[party_col] = party if party is not None else self._party_of(who)
        if table == "quotes":
            row["person"] = self._person_of(who)
            row["title"] = title if title is not None else ""
            row["confidence"] = 1.0 if who else row.get("confidence", 0.3)

    # -------------------------------------------------------------- apply
    def apply(self, article, result: dict[str, list[dict]]) -> dict[str, list[dict]]:
        """``result`` (table -> rows of one article) with this article's corrections applied.

        Every quote, claim and troop row gets a ``corrected`` column (empty when untouched).
        """
        aid = article.article_id
        items = self.by_article.get(aid, [])
        for t in TABLES:
            for row in result.get(t, []):
                row.setdefault("corrected", "")
        if not items:
            return result
        result = {t: [dict(r) for r in rows] for t, rows in result.items()}
        changed_rhetoric = False
        # quotes first (their changes carry to claims and troops), persons last (they fill what is left)
        order = {"quotes": 0, "claims": 1, "troops": 2, "": 3}
        for c in sorted(items, key=lambda c: order[c.table]):
            n, rhet = (self._apply_person(c, result) if c.action == "person"
                       else self._apply_add(c, article, result) if c.action == "add"
                       else self._apply_row(c, result))
            self.rows[c.id] += n
            changed_rhetoric |= rhet
        if changed_rhetoric and "rhetoric" in result:
            from . import rhetoric

            result["rhetoric"] = rhetoric.article_rhetoric(article, result.get("quotes", []),
                                                           result.get("claims", []))
        return result

    def _matches(self, c: Correction, rows: list[dict]) -> list[int]:
        out = []
        for i, r in enumerate(rows):
            if c.paragraph is not None and int(r.get("paragraph", -1)) != c.paragraph:
                continue
            if words_match(c.words, r.get("text")):
                out.append(i)
        if not out:
            self.notes[c.id] = (f"no {c.table[:-1]} row with these words"
                                + (f" in paragraph {c.paragraph}" if c.paragraph is not None else ""))
        return out

    def _apply_row(self, c: Correction, result) -> tuple[int, bool]:
        rows = result.get(c.table, [])
        hits = self._matches(c, rows)
        if not hits:
            return 0, False
        rhet = c.table in ("quotes", "claims")
        if c.action == "drop":
            gone = {i for i in hits}
            dropped = [rows[i] for i in sorted(gone)]
            result[c.table] = [r for i, r in enumerate(rows) if i not in gone]
            if c.table == "quotes":  # the claims that stand for a dropped quote go with it
                qids = {r.get("quote_id") for r in dropped if not _blank(r.get("quote_id"))}
                result["claims"] = [r for r in result.get("claims", []) if r.get("quote_id") not in qids]
            return len(hits), rhet
        name_col, party_col = WHO[c.table]
        for i in hits:
            row = rows[i]
            old = dict(row)
            for col in c.clear:
                row[col] = ""
                if col == name_col:  # no one speaks: nothing that follows from a speaker stays
                    row[party_col] = ""
                    if c.table == "quotes":
                        row["person"] = row["title"] = ""
            values = dict(c.values)
            if name_col in values:
                self._set_who(c.table, row, str(values.pop(name_col) or ""),
                              None if party_col not in values else str(values.pop(party_col) or ""),
                              values.pop("title", None) if c.table == "quotes" else None)
            for col, v in values.items():
                if col in row:
                    row[col] = v
                else:  # a column this run's rows do not have (a table keeps one set of columns)
                    self.notes[c.id] = f"this run's {c.table} have no column {col}: not set"
            _mark(row, c.id)
            if c.table == "quotes":
                self._carry(c, old, row, result)
        return len(hits), rhet

    def _carry(self, c: Correction, old: dict, new: dict, result) -> None:
        """A quote's new speaker and party carry to its linked claim and the troop figures it gives."""
        if (old.get("speaker"), old.get("party")) == (new.get("speaker"), new.get("party")):
            return
        qid = old.get("quote_id")
        for cl in result.get("claims", []):
            if not _blank(qid) and cl.get("quote_id") == qid:
                cl["actor"], cl["party"] = new.get("speaker", ""), new.get("party", "")
                _mark(cl, c.id)
        for t in result.get("troops", []):
            inside = (t.get("paragraph") == old.get("paragraph") and old.get("start") is not None
                      and t.get("start") is not None and old["start"] <= t["start"]
                      and t.get("end", 0) <= old["end"] + 1)
            if inside and norm(t.get("claimant")) == norm(old.get("speaker")) and not _blank(old.get("speaker")):
                t["claimant"], t["claimant_party"] = new.get("speaker", ""), new.get("party", "")
                _mark(t, c.id)

    def _apply_person(self, c: Correction, result) -> tuple[int, bool]:
        key = _role_key(c.role)
        party = c.party if c.party is not None else self._party_of(c.person)
        n = 0
        rhet = False
        for table in TABLES:
            name_col, _ = WHO[table]
            for row in result.get(table, []):
                who = _role_key(row.get(name_col))
                title = _role_key(row.get("title")) if table == "quotes" and _blank(row.get(name_col)) else ""
                if not key or not (who == key or (who and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", who))
                                   or title == key):
                    continue
                old = dict(row)
                self._set_who(table, row, c.person, party, row.get("title") or c.role if table == "quotes" else None)
                _mark(row, c.id)
                n += 1
                rhet |= table in ("quotes", "claims") and old.get(WHO[table][1]) != party
        if not n:
            self.notes[c.id] = f'no quote, claim or troop figure gives "{c.role}" as who spoke'
        return n, rhet

    def _apply_add(self, c: Correction, article, result) -> tuple[int, bool]:
        paras = list(getattr(article, "paragraphs", []) or [])
        if c.paragraph is None or not 0 <= c.paragraph < len(paras):
            self.notes[c.id] = f"the article has no paragraph {c.paragraph} (it has {len(paras)})"
            return 0, False
        para = paras[c.paragraph]
        span = _find_span(para, c.words)
        if span is None:
            self.notes[c.id] = f"these words are not in paragraph {c.paragraph}"
            return 0, False
        rows = result.setdefault(c.table, [])
        a, b = span
        for r in rows:  # already found by the tool: nothing to add
            if (int(r.get("paragraph", -1)) == c.paragraph and r.get("start") is not None
                    and int(r["start"]) < b and a < int(r["end"]) and words_match(c.words, r.get("text"))):
                self.notes[c.id] = "the tool now finds this row itself: nothing added (the correction can go)"
                _mark(r, c.id)
                return 1, False
        text = para[a:b]
        row = {"article_id": article.article_id, "paragraph": c.paragraph, "start": a, "end": b, "text": text}
        values = dict(c.values)
        if c.table == "quotes":
            row.update(cue="", kind="full" if text[:1].isupper() and text.rstrip()[-1:] in ".?!" else "partial",
                       quote_id=f"{article.article_id}:{c.id}")
            self._set_who("quotes", row, str(values.pop("speaker", "") or ""),
                          None if "party" not in values else str(values.pop("party") or ""), values.pop("title", ""))
        elif c.table == "claims":
            row.update(cue="", act="assertion", negated=False, quote_id="", source="reported")
            self._set_who("claims", row, str(values.pop("actor", "") or ""),
                          None if "party" not in values else str(values.pop("party") or ""))
        else:
            fig = self._figure(text)
            if fig["qualifier"] == "" and not any(k in values for k in ("value", "low", "high")):
                self.notes[c.id] = "no figure in these words (give the words with the number, or set value)"
                return 0, False
            row.update(fig)
            self._set_who("troops", row, str(values.pop("claimant", "") or ""),
                          None if "claimant_party" not in values else str(values.pop("claimant_party") or ""))
            row.setdefault("force", "")
        row.update(values)
        # the added row has the columns the tool's rows have (no column only it would carry)
        others = [r for r in rows if "corrected" in r]
        if others:
            keys = set().union(*others)
            row = {k: row.get(k) for k in others[0]} | {k: v for k, v in row.items() if k in keys}
        if c.table in ("quotes", "claims"):
            from . import rhetoric

            row = rhetoric.annotate([row])[0]
        _mark(row, c.id)
        rows.append(row)
        rows.sort(key=lambda r: (int(r.get("paragraph", 0)), int(r.get("start") or 0)))
        return 1, c.table in ("quotes", "claims")

    @staticmethod
    def _figure(text: str) -> dict:
        from .numbers import find_quantities

        qs = find_quantities(text)
        q = max(qs, key=lambda q: q.end - q.start) if qs else None
        unit = "btg" if re.search(r"battalion|\bbtgs?\b", text, re.IGNORECASE) else "troops"
        if q is None:
            return {"value": None, "low": None, "high": None, "qualifier": "", "unit": unit}
        return {"value": q.value, "low": q.low, "high": q.high, "qualifier": q.qualifier, "unit": unit}

    # ------------------------------------------------------------ reporting
    def unmatched(self) -> list[tuple[Correction, str]]:
        """Corrections that found no row in this run, with why."""
        return [(c, self.notes.get(c.id, "the article is not in this run"))
                for c in self.items if self.rows[c.id] == 0]

    def log_rows(self) -> list[dict]:
        out = []
        for c in self.items:
            n = self.rows[c.id]
            status = "applied" if n else "unmatched: " + self.notes.get(c.id, "the article is not in this run")
            if n and c.id in self.notes:
                status = "applied: " + self.notes[c.id]
            out.append({"id": c.id, "action": c.action, "table": c.table or "quotes;claims;troops",
                        "article_id": c.article, "paragraph": "" if c.paragraph is None else c.paragraph,
                        "words": c.role if c.action == "person" else c.words, "rows": n, "status": status})
        return out

    def finish(self, out: str | Path | None = None, report: Callable[[str], None] | None = None) -> list:
        """Warn about every correction that matched nothing; write ``corrections.csv`` to ``out``."""
        report = report or (lambda m: print(m, file=sys.stderr))
        missing = self.unmatched()
        for c, why in missing:
            report(f"warning: correction {c.describe()} matches no row: {why}")
        if out is not None and self.items:
            write_log(self.log_rows(), Path(out) / "corrections.csv")
        elif out is not None and (Path(out) / "corrections.csv").exists():
            (Path(out) / "corrections.csv").unlink()  # no corrections this run: no stale log
        return missing


def write_log(rows: list[dict], path: Path) -> Path:
    """Write the corrections log whole (temporary file, then rename)."""
    import pandas as pd

    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    pd.DataFrame(rows, columns=LOG_COLUMNS).to_csv(tmp, index=False, lineterminator="\n")
    os.replace(tmp, path)
    return path


# ---------------------------------------------------------------------- stubs
def _yaml_str(v) -> str:
    import yaml

    text = yaml.safe_dump(v, default_flow_style=True, allow_unicode=True, width=10_000, sort_keys=False)
    return text.strip().removesuffix("...").strip()


def stub(row: dict, table: str, action: str = "set", cid: str | None = None) -> str:
    """The YAML text of a correction for ``row`` (a row of ``table``), to be edited.

    ``action`` is set (prefilled with the row's current values: edit them),
    clear, drop or person (for a quote given to a description).
    """
    if table not in TABLES:
        raise ValueError(f"table must be one of {', '.join(TABLES)}")
    name_col, party_col = WHO[table]
    words = str(row.get("text") or "")
    if len(words) > 80:  # a distinctive part is enough and survives small boundary changes
        words = " ".join(words[:80].split()[:-1])
    cid = cid or "c1"
    lines = [f"  - id: {_yaml_str(cid)}"]
    if action == "person":
        # the description as the article gives it: the speaker when no registered person was found, else the title
        role = row.get(name_col) if _blank(row.get("person")) else (row.get("title") or row.get(name_col))
        lines += [f"    article: {_yaml_str(str(row['article_id']))}",
                  f"    role: {_yaml_str(str(role or 'the description used'))}",
                  "    person: WHO IT IS   # edit: the person's name"]
        return "\n".join(lines) + "\n"
    lines += [f"    table: {table}",
              f"    article: {_yaml_str(str(row['article_id']))}",
              f"    paragraph: {int(row['paragraph'])}",
              f"    words: {_yaml_str(words)}"]
    if action == "set":
        shown = ("force", "claimant") if table == "troops" else (name_col, party_col)
        cur = {c: "" if _blank(row.get(c)) else str(row.get(c)) for c in shown}
        lines.append(f"    set: {_yaml_str(cur)}   # edit the values (a party left out follows the registry)")
    elif action == "clear":
        lines.append(f"    clear: [{name_col}]")
    elif action == "drop":
        lines += ["    drop: true", "    note: why the row is wrong"]
    else:
        raise ValueError(f"action must be one of set, clear, drop, person (got {action})")
    return "\n".join(lines) + "\n"


def next_id(path: str | Path | None = None) -> str:
    """The first free ``c<N>`` id in the corrections file."""
    path = Path(path) if path else DEFAULT_PATH
    used = set(re.findall(r"^\s*-\s*id:\s*['\"]?([^\s'\"#]+)", path.read_text(encoding="utf-8"), re.MULTILINE)) \
        if path.exists() else set()
    n = 1
    while f"c{n}" in used:
        n += 1
    return f"c{n}"


def append_stub(row: dict, table: str, action: str = "set", path: str | Path | None = None) -> str:
    """Append a correction stub for ``row`` to the corrections file (created when missing).

    The file is rewritten whole (its text kept as it was, comments included);
    returns the stub written.
    """
    path = Path(path) if path else DEFAULT_PATH
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if text.strip():
        load(path)  # refuse to append to a file that does not read
    else:
        text = "# Corrections applied after extraction on every run (README: Corrections)\ncorrections:\n"
    s = stub(row, table, action, next_id(path))
    if not text.endswith("\n"):
        text += "\n"
    if not re.search(r"^corrections:", text, re.MULTILINE) and not re.search(r"^\s*-", text, re.MULTILINE):
        text += "corrections:\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text + s, encoding="utf-8")
    os.replace(tmp, path)
    return s


def find_rows(df, article: str | None = None, paragraph: int | None = None, words: str | None = None,
              quote_id: str | None = None):
    """Rows of a table (DataFrame) one points at: by quote_id, or by article, paragraph and words."""
    m = df.index == df.index
    if quote_id:
        return df[df["quote_id"].astype(str) == quote_id]
    if article:
        m &= df["article_id"].astype(str) == article
    if paragraph is not None:
        m &= df["paragraph"].astype(int) == int(paragraph)
    if words:
        m &= df["text"].map(lambda t: words_match(words, t))
    return df[m]


# ------------------------------------------------------------------------ CLI
def add_cli(sub) -> None:
    """The ``correct`` subcommand (registered by ``analysis.__main__``)."""
    c = sub.add_parser(
        "correct", help="write a correction stub for a row into data/corrections.yml",
        description="Point at a row of the last run's tables (by --quote-id, by --row number in the CSV, or by "
                    "--article, --paragraph and --words) and append a correction stub for it to the corrections "
                    "file, keyed by article, paragraph and words. Edit the stub, then rerun: corrections are "
                    "applied after extraction on every run.")
    c.add_argument("table", choices=TABLES)
    c.add_argument("--action", choices=("set", "clear", "drop", "person"), default="set",
                   help="set (prefilled with the current values: edit them), clear the speaker, drop the row, or "
                        "person (say who a description in the article is); default set")
    c.add_argument("--article", metavar="ID")
    c.add_argument("--paragraph", type=int, metavar="N")
    c.add_argument("--words", metavar="TEXT", help="some of the row's words")
    c.add_argument("--quote-id", metavar="ID", help="a quote_id (quotes only)")
    c.add_argument("--row", type=int, metavar="N", help="0-based row number in the table's CSV")
    c.add_argument("--tables", metavar="DIR", default=None,
                   help=f"the run's tables (default: {config.PROCESSED.relative_to(config.ROOT)})")
    c.add_argument("--file", metavar="YAML", default=None,
                   help=f"corrections file (default: {DEFAULT_PATH.relative_to(config.ROOT)})")
    c.add_argument("--print", action="store_true", help="print the stub instead of appending it")
    c.set_defaults(handler=cmd_correct)


def cmd_correct(args) -> int:
    from .tables import read_table

    folder = Path(args.tables) if args.tables else config.PROCESSED
    if not (folder / f"{args.table}.csv").exists():
        print(f"error: no {args.table}.csv in {folder}: run 'python -m analysis run' first", file=sys.stderr)
        return 2
    df = read_table(folder, args.table)
    if args.row is not None:
        if not 0 <= args.row < len(df):
            print(f"error: {args.table}.csv has rows 0..{len(df) - 1}", file=sys.stderr)
            return 2
        rows = df.iloc[[args.row]]
    elif args.quote_id or args.article:
        rows = find_rows(df, args.article, args.paragraph, args.words, args.quote_id)
    else:
        print("error: point at a row: --quote-id, --row, or --article [--paragraph] [--words]", file=sys.stderr)
        return 2
    if len(rows) != 1:
        print(f"error: {len(rows)} rows match; narrow it down (--paragraph, --words):", file=sys.stderr)
        for _, r in rows.head(10).iterrows():
            print(f"  {r['article_id']} paragraph {r['paragraph']}: {str(r['text'])[:70]}", file=sys.stderr)
        return 2
    row = rows.iloc[0].to_dict()
    try:
        if args.print:
            print(stub(row, args.table, args.action, next_id(args.file)), end="")
        else:
            s = append_stub(row, args.table, args.action, args.file)
            print(f"appended to {args.file or DEFAULT_PATH}; edit it, then rerun:\n{s}", file=sys.stderr, end="")
    except CorrectionsError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0
