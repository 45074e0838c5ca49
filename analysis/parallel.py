"""Map a per-article function over a corpus: one process, N processes, or a Dask cluster.

:func:`map_articles` is the one entry point.  Whatever the engine, it

- applies a picklable top-level function to every article,
- yields the results in INPUT order (so a parallel run writes the same
  rows in the same order as a single-process run), and
- streams: the input is read in batches of ``chunksize`` articles and only
  a bounded window of batches is in flight at any time, so memory does not
  grow with the corpus (``multiprocessing.Pool.imap`` would drain the whole
  input iterator into its task queue; this does not).

Engines:

``engine="local", workers=1``
    plain ``map`` in this process.
``engine="local", workers=N``
    a ``multiprocessing`` pool of N processes (``fork`` start method where
    the platform has it, so workers inherit loaded registries and lexicons;
    ``forkserver`` on request).  The pool is kept for the life of the
    process, so calling ``map_articles`` once per chunk of a long run does
    not pay the start-up again.
``engine="dask"``
    the same function mapped over batches ("partitions") as
    ``dask.distributed`` futures.  ``scheduler`` is the address of an
    existing cluster (``"tcp://10.0.0.5:8786"``), or a ``Client``; without
    it a ``LocalCluster`` with ``workers`` processes is started (once per
    process) on this machine.

For Dask runs that should write their outputs where they are computed,
:func:`process_to_parquet` has each task write its partition's tables as
``OUTDIR/<table>/part-00000.parquet`` (table name -> rows, the shape
``pipeline.process_article`` returns); :func:`write_partitioned_parquet`
does the same from a stream of results on the driver, and
:func:`read_partitioned_parquet` reads a table back in partition order.
"""
from __future__ import annotations

import atexit
import itertools
import multiprocessing
import os
from collections import deque
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

ENGINES = ("local", "dask")

_POOLS: dict[tuple[int, str], Any] = {}
_CLIENTS: dict[tuple, Any] = {}


# --------------------------------------------------------------------------- helpers
def batches(items: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of ``size`` items (the last may be shorter); lazy."""
    if size < 1:
        raise ValueError("chunksize must be at least 1")
    it = iter(items)
    while True:
        b = list(itertools.islice(it, size))
        if not b:
            return
        yield b


def _apply_batch(fn: Callable, batch: list) -> list:
    return [fn(a) for a in batch]


def word_counts(article) -> dict[str, list[dict]]:
    """A cheap stand-in per-article function with the pipeline's shape (table -> rows).

    One row per paragraph with its word count; used by tests and the
    benchmark to measure the engines' own overhead.
    """
    return {"paragraph_words": [
        {"article_id": article.article_id, "paragraph": i, "n_words": len(p.split())}
        for i, p in enumerate(article.paragraphs)
    ]}


# --------------------------------------------------------------------------- local pool
def _start_method(requested: str | None) -> str:
    methods = multiprocessing.get_all_start_methods()
    if requested:
        if requested not in methods:
            raise ValueError(f"start method {requested!r} not available here (have {methods})")
        return requested
    return "fork" if "fork" in methods else "spawn"


def _pool(workers: int, start_method: str | None):
    key = (workers, _start_method(start_method))
    pool = _POOLS.get(key)
    if pool is None:
        ctx = multiprocessing.get_context(key[1])
        pool = ctx.Pool(processes=workers)
        _POOLS[key] = pool
    return pool


def _pool_map(fn, articles, workers, chunksize, window, start_method) -> Iterator:
    pool = _pool(workers, start_method)
    pending: deque = deque()
    for batch in batches(articles, chunksize):
        pending.append(pool.apply_async(_apply_batch, (fn, batch)))
        if len(pending) >= window:
            yield from pending.popleft().get()
    while pending:
        yield from pending.popleft().get()


# --------------------------------------------------------------------------- dask
def dask_client(scheduler=None, workers: int = 1):
    """A ``dask.distributed.Client``: for ``scheduler`` (address, Client or cluster) or a cached LocalCluster."""
    try:
        from distributed import Client
    except ImportError as e:  # dask is an optional extra: say how to get it
        raise ImportError("the dask engine needs the 'cluster' extra: pip install -e '.[cluster]'") from e

    if isinstance(scheduler, Client):
        return scheduler
    if scheduler is not None and not isinstance(scheduler, str):  # a cluster object
        key = ("cluster", id(scheduler))
        if key not in _CLIENTS:
            _CLIENTS[key] = (Client(scheduler), None)
        return _CLIENTS[key][0]
    key = ("address", scheduler) if scheduler else ("local", max(1, workers))
    if key not in _CLIENTS:
        if scheduler:
            _CLIENTS[key] = (Client(scheduler), None)
        else:
            from distributed import LocalCluster

            cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                   dashboard_address=":0")
            _CLIENTS[key] = (Client(cluster), cluster)
    return _CLIENTS[key][0]


def _dask_window(client) -> int:
    try:
        slots = sum(client.nthreads().values())
    except Exception:  # pragma: no cover - scheduler unreachable: let submit raise
        slots = 1
    return max(4, 3 * slots)


def _dask_map(fn, articles, workers, scheduler, chunksize, window) -> Iterator:
    client = dask_client(scheduler, workers)
    window = window or _dask_window(client)
    pending: deque = deque()
    for batch in batches(articles, chunksize):
        pending.append(client.submit(_apply_batch, fn, batch, pure=False))
        if len(pending) >= window:
            fut = pending.popleft()
            yield from fut.result()
            fut.release()
    while pending:
        fut = pending.popleft()
        yield from fut.result()
        fut.release()


# --------------------------------------------------------------------------- entry point
def map_articles(fn: Callable, articles: Iterable, *, workers: int = 1, engine: str = "local",
                 scheduler=None, chunksize: int = 64, window: int | None = None,
                 start_method: str | None = None) -> Iterator:
    """Apply ``fn`` to every article; yield the results in input order, streaming.

    ``fn`` must be picklable (a top-level function, or a ``functools.partial``
    of one).  ``window`` is how many batches may be in flight (default:
    4 per local worker, 3 per Dask thread).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {ENGINES}")
    if chunksize < 1:
        raise ValueError("chunksize must be at least 1")
    workers = int(workers or 1)
    if engine == "dask":
        return _dask_map(fn, articles, workers, scheduler, chunksize, window)
    if workers <= 1:
        return map(fn, articles)
    return _pool_map(fn, articles, workers, chunksize, window or 4 * workers, start_method)


def map_in_chunks(fn: Callable, articles: Iterable, chunk: int = 500, **kwargs) -> Iterator[tuple[list, list]]:
    """``map_articles`` over the whole stream, handed back as ``(articles, results)`` chunks.

    For a writer that wants to write every ``chunk`` articles: the workers
    keep going on the next batches while the caller writes (calling
    ``map_articles`` once per chunk instead would leave them idle at every
    chunk boundary).  ``kwargs`` go to :func:`map_articles`.
    """
    if chunk < 1:
        raise ValueError("chunk must be at least 1")
    sent: deque = deque()

    def feed():
        for a in articles:
            sent.append(a)
            yield a

    arts: list = []
    res: list = []
    for r in map_articles(fn, feed(), **kwargs):
        arts.append(sent.popleft())
        res.append(r)
        if len(arts) >= chunk:
            yield arts, res
            arts, res = [], []
    if arts:
        yield arts, res


def shutdown() -> None:
    """Close the pools, clients and local clusters this process started."""
    for pool in _POOLS.values():
        pool.terminate()
        pool.join()
    _POOLS.clear()
    for client, cluster in _CLIENTS.values():
        try:
            client.close()
            if cluster is not None:
                cluster.close()
        except Exception:  # pragma: no cover - best effort at exit
            pass
    _CLIENTS.clear()


atexit.register(shutdown)


# --------------------------------------------------------------------------- parquet
def _write_tables(tables: dict[str, list[dict]], outdir: Path, part: int) -> dict[str, int]:
    """Write each non-empty table as ``outdir/<table>/part-<part>.parquet`` (atomically)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    counts = {}
    for name, rows in tables.items():
        counts[name] = len(rows)
        if not rows:
            continue
        d = outdir / name
        d.mkdir(parents=True, exist_ok=True)
        final = d / f"part-{part:05d}.parquet"
        tmp = d / f".part-{part:05d}.parquet.tmp-{os.getpid()}"
        pq.write_table(pa.Table.from_pylist(rows), tmp)
        os.replace(tmp, final)
    return counts


def _collect(results: Iterable[dict[str, list[dict]]]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for res in results:
        for name, rows in res.items():
            out.setdefault(name, []).extend(rows)
    return out


def write_partitioned_parquet(results: Iterable[dict[str, list[dict]]], outdir: str | Path, *,
                              articles_per_part: int = 1000) -> dict[str, int]:
    """Write a stream of per-article results (table -> rows) as Parquet partitions.

    Every ``articles_per_part`` articles make one partition, written as
    ``outdir/<table>/part-<k>.parquet`` for each table with rows in it.
    Returns the number of rows written per table.
    """
    outdir = Path(outdir)
    totals: dict[str, int] = {}
    for k, group in enumerate(batches(results, articles_per_part)):
        for name, n in _write_tables(_collect(group), outdir, k).items():
            totals[name] = totals.get(name, 0) + n
    return totals


def _process_partition(fn: Callable, batch: list, outdir: str, part: int) -> dict[str, int]:
    return _write_tables(_collect(fn(a) for a in batch), Path(outdir), part)


def process_to_parquet(fn: Callable, articles: Iterable, outdir: str | Path, *, workers: int = 1,
                       engine: str = "dask", scheduler=None, articles_per_part: int = 1000,
                       window: int | None = None) -> dict[str, int]:
    """Run ``fn`` over ``articles`` by partition; each task writes its partition's Parquet files.

    With ``engine="dask"`` the tasks run on the cluster's workers, which
    write ``outdir/<table>/part-<k>.parquet`` themselves (``outdir`` must
    be reachable from every worker: a shared file system).  With
    ``engine="local"`` the same happens in a process pool (or in this
    process for one worker).  Returns rows written per table.
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    totals: dict[str, int] = {}

    def add(counts):
        for name, n in counts.items():
            totals[name] = totals.get(name, 0) + n

    parts = enumerate(batches(articles, articles_per_part))
    if engine == "dask":
        client = dask_client(scheduler, workers)
        window = window or _dask_window(client)
        pending: deque = deque()
        for k, batch in parts:
            pending.append(client.submit(_process_partition, fn, batch, str(outdir), k, pure=False))
            if len(pending) >= window:
                add(pending.popleft().result())
        while pending:
            add(pending.popleft().result())
    elif engine == "local":
        if workers <= 1:
            for k, batch in parts:
                add(_process_partition(fn, batch, str(outdir), k))
        else:
            pool = _pool(workers, None)
            pending = deque()
            for k, batch in parts:
                pending.append(pool.apply_async(_process_partition, (fn, batch, str(outdir), k)))
                if len(pending) >= (window or 2 * workers):
                    add(pending.popleft().get())
            while pending:
                add(pending.popleft().get())
    else:
        raise ValueError(f"unknown engine {engine!r}; choose one of {ENGINES}")
    return totals


def read_partitioned_parquet(outdir: str | Path, table: str):
    """One table of a partitioned Parquet output as a DataFrame, partitions in order.

    Partitions may differ in inferred types (a column that is all empty in
    one partition); they are unified on read.
    """
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    parts = sorted((Path(outdir) / table).glob("part-*.parquet"))
    if not parts:
        return pd.DataFrame()
    tables = [pq.read_table(p) for p in parts]
    return pa.concat_tables(tables, promote_options="default").to_pandas()
