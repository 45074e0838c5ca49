"""Run every stage over a corpus and write the tables.

Data flows one way: raw files -> articles -> per-article stage rows -> tables.
:func:`process_article` is the pure per-article function (what a worker or a
Dask partition runs): quotes first, then claims and troops (which read the
quotes), then the rhetoric columns and the per-party rhetoric table. :func:`run`
streams a corpus through it and publishes the whole table set in one step
(:mod:`analysis.output`).

Nothing is lost and nothing hangs: an input that cannot be read, an article
whose processing raises, runs over the per-article time budget or kills its
worker (twice) becomes a row of ``rejected.csv`` with the reason, and the
run goes on. Reruns are cheap: results are cached as data
(:mod:`analysis.cache`) by the article's content hash and a fingerprint of
the code, the registry and the lexicons.
"""
from __future__ import annotations

import hashlib
import json
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Literal

from . import claims, config, quotes, rhetoric, troops
from .actors import load_registry
from .cache import ResultCache, cache_file
from .corpus import Article, Rejection, iter_corpus
from .corrections import Corrections
from .output import Busy, OutputFolder, TableWriter, UsageError
from .parallel import Lost, map_in_chunks
from .schema import CONTRACT, columns_for  # noqa: F401  (re-exported: the output contract)
from .screen import Screen
from .statements import assign_statement_ids

TABLES = ("articles", "quotes", "claims", "troops", "rhetoric", "paragraphs", "rejected")
STAGE_TABLES = ("quotes", "claims", "troops", "rhetoric")
TIME_BUDGET = 30.0  # seconds per article, a last resort: every stage is meant to be linear in the text

__all__ = ["process_article", "run", "RunResult", "UsageError", "Busy", "TABLES", "CONTRACT", "fingerprint",
           "is_current", "TIME_BUDGET"]


# ------------------------------------------------------------------ stages
def _public(rows: list[dict]) -> list[dict]:
    """Rows without a stage's internal keys (``_``-prefixed), as new dicts."""
    return [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]


def _copies(rows: list[dict]) -> list[dict]:
    """Copies of ``rows`` for a stage that reads them (what it changes stays its own)."""
    return [dict(r) for r in rows]


def process_article(article: Article, registry_path: str | None = None) -> dict[str, list[dict]]:
    """Every stage over one article: table name -> rows. Pure and deterministic.

    Quotes first; claims and troops read copies of the quotes (so neither sees
    what the other changed); the rhetoric columns are added to new rows
    without internal keys, and the per-party rhetoric is computed from those.
    No ``_``-prefixed internal key reaches a table.
    """
    registry = load_registry(registry_path)
    q = quotes.extract_quotes(article, registry)
    c = claims.extract_claims(article, registry, _copies(q))
    t = troops.extract_troops(article, registry, _copies(q))
    q_scored = rhetoric.annotate(_public(q), article.paragraphs)  # paragraphs: the learned layer's context
    c_scored = rhetoric.annotate(_public(c), article.paragraphs)
    r = rhetoric.article_rhetoric(article, q_scored, c_scored)
    q_scored, c_scored = assign_statement_ids(q_scored, c_scored, article)  # fragments of one statement: one id
    return {"quotes": q_scored, "claims": c_scored, "troops": _public(t), "rhetoric": _public(r)}


class OverBudget(Exception):
    """An article took longer than the per-article time budget."""


@contextmanager
def time_budget(seconds: float | None):
    """Raise OverBudget inside the block after ``seconds`` (main thread of a Unix process only)."""
    usable = (seconds and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable or seconds is None:
        yield
        return

    def on_alarm(signum, frame):
        """SIGALRM handler: stop the article."""
        raise OverBudget(f"over the time budget of {seconds:g} s per article")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_WARM: set = set()
_WARM_ARTICLE = Article("warm-up", "Warm-up", "2022-01-12", "https://example.org/warm-up", "", "", (
    '"We are ready to talk," the minister said on Monday.',
    "Officials said about 100,000 troops were near the border, a threat the alliance rejected."))


def _warm_up(registry_path: str | None) -> None:
    """Load the registry, lexicons and models once per process, outside the time budget
    (a budget that strikes while a loader runs would leave it half-done)."""
    if registry_path not in _WARM:
        process_article(_WARM_ARTICLE, registry_path)
        _WARM.add(registry_path)


def _work(task: tuple[Article, bool], registry_path: str | None, budget: float | None):
    """Worker entry point: (result, None), or (None, reason) when the article must be rejected.

    ``task`` is (article, needed); an article whose result is cached is not processed (None, None).
    """
    article, needed = task
    if not needed:
        return None, None
    _warm_up(registry_path)
    try:
        with time_budget(budget):
            return process_article(article, registry_path), None
    except OverBudget as e:
        return None, f"processing stopped: {e}"
    except Exception as e:  # one bad article must not sink the run
        where = traceback.extract_tb(e.__traceback__)[-1]
        return None, (f"processing failed: {type(e).__name__}: {e} "
                      f"(at {Path(where.filename).name}:{where.lineno}; please report it)")


# ------------------------------------------------------------------ fingerprint and stamp
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
    from .learn import mode  # rhetoric from the lexicons alone or with the learned layer

    h.update(f"rhetoric={mode()}".encode())
    return h.hexdigest()[:16]


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


def write_stamp(folder: Path, paths, salt: str) -> None:
    """Record what the tables in ``folder`` were built from (inputs and the code/data fingerprint)."""
    (folder / STAMP).write_text(json.dumps({"fingerprint": salt, "inputs": input_state(paths)}, sort_keys=True))


def is_current(out: str | Path, paths, registry_path: str | None = None) -> bool:
    """True when the tables in ``out`` were built from exactly these inputs by this code and data."""
    try:
        stamp = json.loads((Path(out) / STAMP).read_text())
    except (OSError, ValueError):
        return False
    return stamp.get("fingerprint") == fingerprint(registry_path) and stamp.get("inputs") == input_state(paths)


# --------------------------------------------------------------------- run
@dataclass
class RunResult:
    """What a run did: articles written, inputs rejected, results reused, rows per table."""

    n_articles: int = 0
    n_rejected: int = 0
    n_cached: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)


def check_registry(registry_path: str | None) -> None:
    """Raise UsageError when the registry cannot be read (rather than rejecting every article)."""
    path = registry_path or str(config.REGISTRY)
    try:
        reg = load_registry(registry_path)
        if not reg.parties:
            raise ValueError("no parties in it")
    except UsageError:
        raise
    except Exception as e:
        msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise UsageError(f"cannot read the party registry {path}: {msg}") from None


@dataclass
class _Run:
    """The state of one run: where it writes, what it has written, what it rejected."""

    writer: TableWriter
    cache: ResultCache
    report: Callable[[str], None]
    res: RunResult
    registry_path: str | None = None
    budget: float | None = None
    fixes: Corrections | None = None
    screen: Screen | None = None
    article_rows: list[dict] = field(default_factory=list)  # written once every article is grouped
    rejections: list[Rejection] = field(default_factory=list)

    def reject(self, source_file: str, reason: str) -> None:
        """Record one rejected input."""
        self.report(f"rejected: {source_file}: {reason}")
        self.rejections.append(Rejection(source_file, reason))

    def chunk(self, tasks: list[tuple[Article, bool]], results: list, keys: list[str]) -> None:
        """Write one chunk: the articles that went through, their rows; reject the others."""
        arts: list[Article] = []
        buckets: dict[str, list[dict]] = {t: [] for t in STAGE_TABLES}
        for (art, needed), got, key in zip(tasks, results, keys, strict=True):
            if isinstance(got, Lost):
                self.reject(art.source_file, f"processing failed: {got.reason}")
                continue
            result, error = got
            fresh = needed
            if not needed:
                result = self.cache.get(key)
                if result is None:  # the cache was discarded meanwhile: compute here
                    result, error = _work((art, True), self.registry_path, self.budget)
                    fresh = True
                else:
                    self.res.n_cached += 1
            if error:
                self.reject(art.source_file, error)
                continue
            if fresh:
                self.cache.put(key, result)
            if self.fixes is not None:
                result = self.fixes.apply(art, result)  # hand corrections: after the cache, so they survive reruns
            arts.append(art)
            for t in STAGE_TABLES:
                buckets[t].extend(result.get(t, []))
        self.article_rows.extend(a.row() for a in arts)
        self.writer.write("paragraphs", [{"article_id": a.article_id, "paragraph": i, "text": p}
                                         for a in arts for i, p in enumerate(a.paragraphs)])
        self.res.n_articles += len(arts)
        self.res.counts["articles"] += len(arts)
        for t, rows in buckets.items():
            if rows:
                self.writer.write(t, rows)
                self.res.counts[t] += len(rows)


def run(paths: Iterable[str | Path] | None = None, out: str | Path | None = None, *,
        workers: int = 1, engine: str = "local", scheduler: str | None = None,
        registry_path: str | None = None, cache: bool = True, parquet: bool = True,
        progress: bool | None = None, report: Callable[[str], None] | None = None,
        chunk: int = 500, time_budget_s: float | None = TIME_BUDGET,
        corrections: str | Path | None | Literal[False] = None, languages=("en",), prefer_outlets=(),
        wait: float = 0.0) -> RunResult:
    """Ingest ``paths`` (default ``data/raw``), run every stage, publish every table in ``out``.

    Streams: articles are read, processed and written in chunks of ``chunk``,
    so memory does not grow with the corpus. ``workers`` processes (or a Dask
    cluster with ``engine="dask"``, at ``scheduler`` when given) run the stages;
    the tables are the same rows in the same order whatever the engine. With
    Dask, each table's Parquet is a folder of partitions. Raises UsageError for
    an unusable ``out`` or registry, Busy when another run holds ``out`` (after waiting up to ``wait`` seconds
    for it to finish).
    ``corrections``: the hand corrections file (default ``data/corrections.yml`` when present; False: none),
    applied to every article's rows after extraction and the cache, so they survive reruns.
    Articles in a language outside ``languages`` (ISO codes; None for any) are rejected; near-copies are
    grouped (``duplicate_group``, ``is_first``; ``prefer_outlets`` first), see :mod:`analysis.screen`.
    """
    report = report or (lambda m: print(m, file=sys.stderr))
    inputs = [Path(p) for p in (paths or [config.RAW])]
    folder = OutputFolder(Path(out or config.PROCESSED), report=report, wait=wait)
    _refuse_own_output(inputs, folder.out)
    check_registry(registry_path)
    fixes = Corrections.load(corrections, registry_path)  # a file that does not read stops here, before any work
    staging = folder.open()
    try:
        return _run_into(folder, staging, inputs, workers=workers, engine=engine, scheduler=scheduler,
                         registry_path=registry_path, cache=cache, parquet=parquet, progress=progress,
                         report=report, chunk=chunk, budget=time_budget_s, fixes=fixes,
                         screen=Screen(languages, prefer_outlets))
    finally:
        folder.abort()
        folder.release()


def _refuse_own_output(paths: list[Path], out: Path) -> None:
    """UsageError when an input is the output folder or inside it (a run must not read its own tables)."""
    for p in paths:
        rp = p.resolve()
        if rp == out or out in rp.parents:
            raise UsageError(f"input {p} is inside the output folder {out}; the pipeline does not read its own "
                             "tables (choose another --out)")


def _run_into(folder: OutputFolder, staging: Path, paths: list[Path], *, workers, engine, scheduler,
              registry_path, cache, parquet, progress, report, chunk, budget, fixes, screen) -> RunResult:
    """The body of :func:`run`: stream the corpus through the stages into ``staging``, then commit."""
    salt = fingerprint(registry_path)
    old_cache = cache_file(folder.out) if cache else None
    state = _Run(TableWriter(staging, parquet=parquet, partitioned=(engine == "dask")),
                 ResultCache(old_cache, cache_file(staging) if cache else None, report),
                 report, RunResult(counts={t: 0 for t in TABLES}), registry_path, budget, fixes, screen)
    fn = partial(_work, registry_path=registry_path, budget=budget)
    keys: list[str] = []

    def tasks():
        """The corpus as (article, needs processing) pairs; rejections and cache keys recorded on the way."""
        for item in iter_corpus(paths, report, exclude=[folder.out]):
            if isinstance(item, Rejection):
                state.rejections.append(item)
                continue
            why = screen.admit(item)  # language check; near-copies grouped
            if why:
                state.reject(item.source_file, why)
                continue
            key = f"{item.content_hash}:{salt}"
            keys.append(key)
            yield item, key not in state.cache.index

    bar = _progress_bar(progress)
    timeout = None if not budget else budget + 10
    try:
        for batch, results in map_in_chunks(fn, tasks(), chunk, workers=workers, engine=engine,
                                            scheduler=scheduler, task_timeout=timeout):
            state.chunk(batch, results, keys[:len(batch)])
            del keys[:len(batch)]
            if bar is not None:
                bar.update(len(batch))
    finally:
        if bar is not None:
            bar.close()
        state.cache.close()
    res = state.res
    rows = state.article_rows
    state.writer.write("articles", screen.rows(rows) if screen is not None else rows)
    state.writer.write("rejected", [r.row() for r in state.rejections])
    res.counts["rejected"] = res.n_rejected = len(state.rejections)
    for t in TABLES:
        state.writer.ensure(t)
    state.writer.close()
    fixes.finish(staging, report)  # unmatched corrections: a warning each, and corrections.csv
    write_stamp(staging, paths, salt)
    names = sorted(p.name for p in staging.iterdir() if p.name.split(".")[0] in TABLES)
    folder.commit()
    res.written = [folder.out / n for n in names]
    return res


def _progress_bar(progress: bool | None):
    """A tqdm bar on stderr (None without tqdm); ``progress=None`` lets tqdm decide by the terminal."""
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover
        return None
    return tqdm(unit=" articles", disable=(None if progress is None else not progress), file=sys.stderr,
                mininterval=1.0)
