"""Run every stage over a corpus and write the tables.

Data flows one way: raw files -> articles -> per-article stage rows -> tables.
:func:`process_article` is the pure per-article function (what a worker or a
Dask partition runs); :func:`run` streams a corpus through it and writes
every table whole or not at all.

Reruns are cheap: results are cached by the article's content hash and a
fingerprint of the code, the registry and the lexicons, so an unchanged
article is not reprocessed and a change to any rule reprocesses everything.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sqlite3
import sys
import traceback
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Callable, Iterable

from . import config
from .actors import load_registry
from .corpus import ARTICLE_COLUMNS, REJECTED_COLUMNS, Article, Rejection, iter_corpus
from .rhetoric import CATEGORIES

TABLES = ("articles", "quotes", "claims", "troops", "rhetoric", "paragraphs", "rejected")

# The output contract first (DESIGN.md), then the columns each stage adds.
CONTRACT = {
    "articles": ARTICLE_COLUMNS,
    "quotes": ["article_id", "paragraph", "text", "speaker", "party", "cue", "kind", "polarity", "subjectivity"],
    "claims": ["article_id", "paragraph", "actor", "party", "act", "cue", "text"],
    "troops": ["article_id", "paragraph", "text", "value", "low", "high", "qualifier", "unit", "force", "claimant"],
    "rhetoric": ["article_id", "party", "n_words", "polarity", "subjectivity"],
    "paragraphs": ["article_id", "paragraph", "text"],
    "rejected": REJECTED_COLUMNS,
}
CONTRACT["rhetoric"] = CONTRACT["rhetoric"] + list(CATEGORIES)

# Columns the stages add, in reading order after the contract's (others follow, sorted).
EXTRA_ORDER = {
    "quotes": ["vader", *CATEGORIES, *(f"{c}_negated" for c in CATEGORIES), "title", "person", "start", "end",
               "confidence", "quote_id"],
    "claims": ["polarity", "subjectivity", "vader", *CATEGORIES, *(f"{c}_negated" for c in CATEGORIES),
               "negated", "source", "quote_id", "start", "end"],
    "troops": ["claimant_party", "start", "end"],
    "rhetoric": ["vader", "n_quotes", "n_claims"],
}


def columns_for(table: str, rows: list[dict]) -> list[str]:
    """The contract's columns, then the known extras in reading order, then any others sorted."""
    base = list(CONTRACT[table])
    keys = {k for r in rows for k in r}
    known = [c for c in EXTRA_ORDER.get(table, []) if c in keys and c not in base]
    rest = sorted(keys - set(base) - set(known))
    return base + known + rest


FLOAT_COLUMNS = {"value", "low", "high", "polarity", "subjectivity", "vader", "confidence", *CATEGORIES}
INT_COLUMNS = {"paragraph", "start", "end", "n_words", "n_paragraphs", "n_quotes", "n_claims"}


# ------------------------------------------------------------------ stages
def _stage_modules():
    """The stage modules that exist (each issue adds one)."""
    import importlib

    mods = {}
    for name in ("quotes", "claims", "troops", "rhetoric"):
        try:
            mods[name] = importlib.import_module(f"analysis.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"analysis.{name}":
                raise
    return mods


def process_article(article: Article, registry_path: str | None = None) -> dict[str, list[dict]]:
    """Every stage over one article: table name -> rows. Pure and deterministic."""
    registry = load_registry(registry_path)
    m = _stage_modules()
    q = m["quotes"].extract_quotes(article, registry) if "quotes" in m else []
    c = m["claims"].extract_claims(article, registry, q) if "claims" in m else []
    t = m["troops"].extract_troops(article, registry, q) if "troops" in m else []
    r: list[dict] = []
    if "rhetoric" in m:
        q = m["rhetoric"].annotate(q)  # new rows with the rhetoric columns
        c = m["rhetoric"].annotate(c)
        r = m["rhetoric"].article_rhetoric(article, q, c)
    return {"quotes": q, "claims": c, "troops": t, "rhetoric": r}


def _process_safely(article: Article, registry_path: str | None, cache_path: str | None, key_salt: str):
    """Worker entry point: cached result, or the stages' result, or the error as text."""
    key = f"{article.content_hash}:{key_salt}"
    if cache_path:
        hit = _cache_get(cache_path, key)
        if hit is not None:
            return key, hit, True, None
    try:
        return key, process_article(article, registry_path), False, None
    except Exception as e:  # one bad article must not sink the run
        where = traceback.extract_tb(e.__traceback__)[-1]
        return key, None, False, (f"processing failed: {type(e).__name__}: {e} "
                                  f"(at {Path(where.filename).name}:{where.lineno}; please report it)")


# ------------------------------------------------------------------- cache
@lru_cache(maxsize=4)
def _cache_conn(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30)
    conn.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, payload BLOB)")
    return conn


def _cache_get(path: str, key: str):
    try:
        row = _cache_conn(path).execute("SELECT payload FROM results WHERE key=?", (key,)).fetchone()
    except sqlite3.Error:
        return None
    return pickle.loads(row[0]) if row else None


def fingerprint(registry_path: str | None = None) -> str:
    """Hash of everything that shapes a result: code, lexicons, registry."""
    h = hashlib.sha1()
    pkg = Path(__file__).resolve().parent
    for f in sorted([*pkg.glob("*.py"), *pkg.rglob("data/**/*")]):
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(f.name.encode())
            h.update(f.read_bytes())
    reg = Path(registry_path) if registry_path else config.REGISTRY
    if reg.exists():
        h.update(reg.read_bytes())
    return h.hexdigest()[:16]


# ------------------------------------------------------------------ writing
@dataclass
class TableWriter:
    """Write tables in chunks to temporary files; publish them all at once.

    ``commit()`` renames every temporary file over its final name (CSV and,
    when pyarrow is there, Parquet), so readers see the previous run's
    tables or this run's, never a half-written one. ``abort()`` removes the
    temporary files and leaves the previous tables untouched.
    """

    out: Path
    parquet: bool = True
    partitioned: bool = False  # Parquet as <table>.parquet/part-NNNNN.parquet, one file per chunk
    _tmp: dict[str, list[Path]] = field(default_factory=dict)
    _cols: dict[str, list[str]] = field(default_factory=dict)
    _dtypes: dict[str, dict[str, str]] = field(default_factory=dict)
    _pq: dict[str, object] = field(default_factory=dict)
    _started: set = field(default_factory=set)
    _parts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self):
        self.out = Path(self.out)
        self.out.mkdir(parents=True, exist_ok=True)
        if self.parquet:
            try:
                import pyarrow  # noqa: F401
            except ImportError:
                self.parquet = False

    def _tmp_path(self, name: str, ext: str) -> Path:
        return self.out / f".{name}.{ext}.tmp-{os.getpid()}"

    def write(self, name: str, rows: list[dict]) -> None:
        import pandas as pd

        if name not in self._cols:
            self._cols[name] = columns_for(name, rows)
        cols = self._cols[name]
        df = pd.DataFrame(rows, columns=cols)
        df = self._typed(name, df)
        csv_tmp = self._tmp_path(name, "csv")
        first = name not in self._started
        df.to_csv(csv_tmp, mode="w" if first else "a", header=first, index=False, lineterminator="\n")
        self._tmp.setdefault(name, [csv_tmp])
        self._started.add(name)
        if self.parquet and self.partitioned:
            import pyarrow as pa
            import pyarrow.parquet as pq

            folder = self._tmp_path(name, "parquet")
            if folder not in self._tmp[name]:
                folder.mkdir()
                self._tmp[name].append(folder)
                self._parts[name] = 0
            if len(df) or self._parts[name] == 0:  # an empty table still gets one (empty) part
                pq.write_table(pa.Table.from_pandas(df, preserve_index=False),
                               folder / f"part-{self._parts[name]:05d}.parquet")
                self._parts[name] += 1
        elif self.parquet:
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(df, preserve_index=False)
            if name not in self._pq:
                pq_tmp = self._tmp_path(name, "parquet")
                self._pq[name] = pq.ParquetWriter(pq_tmp, table.schema)
                self._tmp[name].append(pq_tmp)
            self._pq[name].write_table(table.cast(self._pq[name].schema))

    def _typed(self, name, df):
        import pandas as pd

        if name not in self._dtypes:
            types = {}
            for c in df.columns:
                if c in CATEGORIES and name != "rhetoric":  # counts on quotes/claims, rates per party
                    types[c] = "Int64"
                elif c in FLOAT_COLUMNS:
                    types[c] = "float64"
                elif c in INT_COLUMNS or c.endswith("_negated"):
                    types[c] = "Int64"
                elif pd.api.types.is_bool_dtype(df[c]):
                    types[c] = "boolean"
                elif pd.api.types.is_integer_dtype(df[c]):
                    types[c] = "Int64"
                elif pd.api.types.is_float_dtype(df[c]):
                    types[c] = "float64"
                else:
                    types[c] = "string"
            self._dtypes[name] = types
        out = {}
        for c, t in self._dtypes[name].items():
            s = df[c]
            if t in ("float64", "Int64"):
                s = pd.to_numeric(s, errors="coerce")
                s = s.round().astype("Int64") if t == "Int64" else s.astype("float64")
            elif t == "boolean":
                s = s.astype("boolean")
            else:
                s = s.astype("string")
            out[c] = s
        return pd.DataFrame(out)

    def ensure(self, name: str) -> None:
        """Make sure the table exists, with its header, even when it has no rows."""
        if name not in self._started:
            self.write(name, [])

    def commit(self) -> list[Path]:
        for w in self._pq.values():
            w.close()
        written = []
        for name, tmps in self._tmp.items():
            for tmp in tmps:
                final = self.out / f"{name}.{tmp.name.split('.')[2]}"
                _replace(tmp, final)
                written.append(final)
        self._tmp.clear()
        self._pq.clear()
        return written

    def abort(self) -> None:
        for w in self._pq.values():
            try:
                w.close()
            except Exception:
                pass
        for tmps in self._tmp.values():
            for tmp in tmps:
                shutil.rmtree(tmp) if tmp.is_dir() else tmp.unlink(missing_ok=True)
        self._tmp.clear()
        self._pq.clear()


# ------------------------------------------------------------------- stamps
STAMP = ".run.json"


def input_state(paths: Iterable[str | Path]) -> dict[str, list[int]]:
    """Size and mtime of every input file: what a rerun would read."""
    state = {}
    for p in paths:
        p = Path(p)
        files = sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p] if p.exists() else []
        for f in files:
            st = f.stat()
            state[str(f.resolve())] = [st.st_size, st.st_mtime_ns]
    return state


def write_stamp(out: Path, paths, salt: str) -> None:
    """Record what the tables in ``out`` were built from (inputs and the code/data fingerprint)."""
    import json

    tmp = out / (STAMP + ".tmp")
    tmp.write_text(json.dumps({"fingerprint": salt, "inputs": input_state(paths)}, sort_keys=True))
    os.replace(tmp, out / STAMP)


def is_current(out: str | Path, paths, registry_path: str | None = None) -> bool:
    """True when the tables in ``out`` were built from exactly these inputs by this code and data."""
    import json

    try:
        stamp = json.loads((Path(out) / STAMP).read_text())
    except (OSError, ValueError):
        return False
    return stamp.get("fingerprint") == fingerprint(registry_path) and stamp.get("inputs") == input_state(paths)


def _replace(tmp: Path, final: Path) -> None:
    """Move ``tmp`` (a file or a partition folder) over ``final``, whichever of the two ``final`` is."""
    if tmp.is_dir() or final.is_dir():
        old = final.with_name(f".{final.name}.old-{os.getpid()}")
        if final.exists():
            os.replace(final, old)
        os.replace(tmp, final)
        if old.exists():
            shutil.rmtree(old) if old.is_dir() else old.unlink()
    else:
        os.replace(tmp, final)


# --------------------------------------------------------------------- run
@dataclass
class RunResult:
    n_articles: int = 0
    n_rejected: int = 0
    n_cached: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)


def run(paths: Iterable[str | Path] | None = None, out: str | Path | None = None, *,
        workers: int = 1, engine: str = "local", scheduler: str | None = None,
        registry_path: str | None = None, cache: bool = True, parquet: bool = True,
        progress: bool | None = None, report: Callable[[str], None] | None = None,
        chunk: int = 500) -> RunResult:
    """Ingest ``paths`` (default ``data/raw``), run every stage, write every table to ``out``.

    Streams: articles are read, processed and written in chunks of ``chunk``,
    so memory does not grow with the corpus. ``workers`` processes (or a Dask
    cluster with ``engine="dask"``, at ``scheduler`` when given) run the stages;
    the tables are the same rows in the same order whatever the engine. With
    Dask, each table's Parquet is a folder of partitions (``quotes.parquet/part-00000.parquet``).
    """
    report = report or (lambda m: print(m, file=sys.stderr))
    paths = [Path(p) for p in (paths or [config.RAW])]
    out = Path(out or config.PROCESSED)
    # Dask runs write Parquet by partition (one file per chunk), as distributed readers expect
    writer = TableWriter(out, parquet=parquet, partitioned=(engine == "dask"))
    res = RunResult(counts={t: 0 for t in TABLES})
    cache_path = None
    if cache:
        (out / ".cache").mkdir(parents=True, exist_ok=True)
        cache_path = str(out / ".cache" / "results.sqlite")
    salt = fingerprint(registry_path)
    fn = partial(_process_safely, registry_path=registry_path, cache_path=cache_path, key_salt=salt)

    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover
        tqdm = None
    bar = tqdm(unit=" articles", disable=(None if progress is None else not progress), file=sys.stderr,
               mininterval=1.0) if tqdm else None

    rejections: list[Rejection] = []
    source_of: dict[str, str] = {}

    def articles_only():
        for item in iter_corpus(paths, report):
            if isinstance(item, Rejection):
                rejections.append(item)
                continue
            source_of[item.article_id] = item.source_file
            yield item

    new_cache: list[tuple[str, bytes]] = []
    try:
        from .parallel import map_in_chunks

        # One stream through the workers for the whole corpus: they keep working on the
        # next batches while this process writes a chunk (no idle workers at chunk ends).
        for arts, results in map_in_chunks(fn, articles_only(), chunk, workers=workers, engine=engine,
                                           scheduler=scheduler):
            writer.write("articles", [a.row() for a in arts])
            writer.write("paragraphs", [{"article_id": a.article_id, "paragraph": i, "text": p}
                                        for a in arts for i, p in enumerate(a.paragraphs)])
            res.n_articles += len(arts)
            res.counts["articles"] += len(arts)
            buckets: dict[str, list[dict]] = {t: [] for t in ("quotes", "claims", "troops", "rhetoric")}
            for art, (key, result, cached, error) in zip(arts, results):
                if error:
                    rej = Rejection(art.source_file, error)
                    report(f"rejected: {art.source_file}: {error}")
                    rejections.append(rej)
                    continue
                res.n_cached += cached
                if cache_path and not cached:
                    new_cache.append((key, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)))
                for t, rows in result.items():
                    buckets[t].extend(rows)
            for t, rows in buckets.items():
                if rows:
                    writer.write(t, rows)
                    res.counts[t] += len(rows)
            if cache_path and new_cache:
                conn = _cache_conn(cache_path)
                conn.executemany("INSERT OR REPLACE INTO results VALUES (?, ?)", new_cache)
                conn.commit()
                new_cache.clear()
            if bar is not None:
                bar.update(len(arts))
        writer.write("rejected", [r.row() for r in rejections])
        res.counts["rejected"] = res.n_rejected = len(rejections)
        for t in TABLES:
            writer.ensure(t)
        res.written = writer.commit()
        write_stamp(out, paths, salt)
    except BaseException:
        writer.abort()
        raise
    finally:
        if bar is not None:
            bar.close()
    return res


def run_tables(articles: Iterable[Article], registry_path: str | None = None):
    """Every stage over articles in memory: table name -> DataFrame (for notebooks and evaluation)."""
    import pandas as pd

    buckets: dict[str, list[dict]] = {t: [] for t in ("quotes", "claims", "troops", "rhetoric")}
    arts = list(articles)
    for a in arts:
        for t, rows in process_article(a, registry_path).items():
            buckets[t].extend(rows)
    tables = {"articles": pd.DataFrame([a.row() for a in arts], columns=ARTICLE_COLUMNS)}
    for t, rows in buckets.items():
        tables[t] = pd.DataFrame(rows, columns=columns_for(t, rows))
    return tables
