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
    a pool of N worker processes (:class:`RobustPool`; ``fork`` start method where
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

A worker process that dies (the out-of-memory killer, a crash) does not
hang a local run: it is replaced, its items are retried once, and an item
lost twice comes back as :class:`Lost` with the reason (the pipeline turns
it into a rejected article). ``task_timeout`` bounds every wait.
"""
from __future__ import annotations

import atexit
import itertools
import multiprocessing
import multiprocessing.connection as mp_connection
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

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
    """``fn`` over one batch (what a Dask task runs)."""
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
@dataclass(frozen=True)
class Lost:
    """The result for an item whose worker process died twice (or overran its time): ``reason`` says how."""

    reason: str


def _start_method(requested: str | None) -> str:
    """``requested`` when the platform has it, else fork (workers inherit loaded data), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    if requested:
        if requested not in methods:
            raise ValueError(f"start method {requested!r} not available here (have {methods})")
        return requested
    return "fork" if "fork" in methods else "spawn"


def _worker_main(conn) -> None:
    """A worker's loop: receive (task id, fn, batch), send (task id, ("ok", results) or ("err", exc))."""
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        tid, fn, batch = msg
        out: tuple[str, object]
        try:
            out = ("ok", [fn(a) for a in batch])
        except BaseException as e:  # sent back and raised in the parent
            out = ("err", e)
        try:
            conn.send((tid, out))
        except Exception as e:  # an exception or result that does not pickle
            conn.send((tid, ("err", RuntimeError(f"{type(e).__name__}: {e}"))))


@dataclass
class _Task:
    """A batch (or, on a retry, one item of a batch) sent to a worker."""

    tid: int          # the batch it belongs to
    offsets: list     # positions of its items in that batch
    items: list
    attempt: int = 1


class _Slot:
    """One worker process, its pipe and the task it holds."""

    def __init__(self, ctx):
        parent, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker_main, args=(child,), daemon=True)
        self.proc.start()
        child.close()
        self.conn = parent
        self.task: _Task | None = None
        self.deadline: float | None = None

    def stop(self, kill: bool = False) -> None:
        """End the process (politely unless ``kill``) and close the pipe."""
        try:
            if kill or self.task is not None:
                self.proc.kill()
            else:
                self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(timeout=5)
        self.conn.close()


def _death_reason(slot: _Slot, timed_out: bool, timeout: float | None) -> str:
    """Why a worker's task did not come back, in words."""
    if timed_out:
        return f"worker stopped after {timeout:g} s per article without a result (time budget)"
    code = slot.proc.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        hint = " (the out-of-memory killer?)" if name == "SIGKILL" else ""
        return f"worker process killed by {name}{hint}"
    return f"worker process died (exit status {code})"


class RobustPool:
    """N worker processes that survive a dead worker.

    A task whose worker dies (killed, crashed, or stopped by the watchdog
    after ``task_timeout`` seconds per item) is retried once, item by item,
    on a fresh worker; an item that fails again gets a :class:`Lost` result
    with the reason. Results come back in input order; no wait is unbounded
    when ``task_timeout`` is given.
    """

    def __init__(self, workers: int, start_method: str | None = None):
        self.ctx = multiprocessing.get_context(_start_method(start_method))
        self.slots = [_Slot(self.ctx) for _ in range(workers)]
        self._ids = itertools.count()

    def close(self) -> None:
        """Stop every worker."""
        for s in self.slots:
            s.stop()
        self.slots = []

    def map(self, fn, items, chunksize: int, window: int, task_timeout: float | None = None) -> Iterator:
        """``fn`` over ``items`` in batches of ``chunksize``, at most ``window`` batches ahead; in order."""
        state = _MapState(fn, batches(items, chunksize), window, task_timeout, self._ids)
        try:
            while True:
                yield from state.ready()
                if state.done():
                    return
                self._dispatch(state)
                self._collect(state)
        finally:
            for s in self.slots:  # abandoned mid-way: busy workers hold stale tasks
                if s.task is not None:
                    self._replace(s, kill=True)

    def _dispatch(self, state: _MapState) -> None:
        """Give every idle worker the next task (a retry first)."""
        for i in range(len(self.slots)):
            if self.slots[i].task is None:
                task = state.next_task()
                if task is None:
                    return
                self._send(i, task, state)

    def _send(self, i: int, task: _Task, state: _MapState) -> None:
        """Hand ``task`` to worker ``i``; a worker that died while idle is replaced first."""
        for _ in range(2):
            s = self.slots[i]
            try:
                s.conn.send((task.tid, state.fn, task.items))
            except (BrokenPipeError, ConnectionResetError, EOFError):
                self._replace(s, kill=True)
                continue
            s.task = task
            s.deadline = (time.monotonic() + state.timeout * len(task.items) + 5) if state.timeout else None
            return
        raise RuntimeError("worker processes die as soon as they start; see the messages above")

    def _collect(self, state: _MapState) -> None:
        """Wait (bounded by the nearest deadline) for a result or a dead worker, and handle it."""
        busy = [s for s in self.slots if s.task is not None]
        if not busy:
            return
        deadlines = [s.deadline for s in busy if s.deadline is not None]
        wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        ready = set(mp_connection.wait([s.conn for s in busy] + [s.proc.sentinel for s in busy], wait_for))
        now = time.monotonic()
        for s in busy:
            if s.conn in ready:
                try:
                    tid, (kind, payload) = s.conn.recv()
                except (EOFError, OSError):
                    self._lost(s, state, timed_out=False)
                    continue
                if kind == "err":
                    s.task = None
                    raise payload
                assert s.task is not None
                state.finish(s.task, payload)
                s.task = None
            elif s.proc.sentinel in ready:
                self._lost(s, state, timed_out=False)
            elif s.deadline is not None and now >= s.deadline:
                self._lost(s, state, timed_out=True)

    def _lost(self, slot: _Slot, state: _MapState, timed_out: bool) -> None:
        """A worker died (or overran): requeue or give up its task, and start a fresh worker."""
        if timed_out:
            slot.proc.kill()
        slot.proc.join(timeout=5)
        reason = _death_reason(slot, timed_out, state.timeout)
        assert slot.task is not None
        state.failed(slot.task, reason)
        slot.task = None
        self._replace(slot, kill=True)

    def _replace(self, slot: _Slot, kill: bool) -> None:
        """Swap ``slot`` for a fresh worker process."""
        slot.stop(kill=kill)
        i = self.slots.index(slot)
        self.slots[i] = _Slot(self.ctx)


class _MapState:
    """Bookkeeping of one :meth:`RobustPool.map`: batches in flight, retries, results in order."""

    def __init__(self, fn, source, window, timeout, ids):
        self.fn, self.source, self.window, self.timeout, self.ids = fn, source, window, timeout, ids
        self.retries: deque = deque()
        self.slots: dict[int, list] = {}
        self.missing: dict[int, int] = {}
        self.order: deque = deque()
        self.exhausted = False

    def next_task(self) -> _Task | None:
        """A retry, else the next batch of the input when the window allows, else None."""
        if self.retries:
            return self.retries.popleft()
        if self.exhausted or len(self.order) >= self.window:
            return None
        batch = next(self.source, None)
        if batch is None:
            self.exhausted = True
            return None
        tid = next(self.ids)
        self.order.append(tid)
        self.slots[tid] = [None] * len(batch)
        self.missing[tid] = len(batch)
        return _Task(tid, list(range(len(batch))), batch)

    def finish(self, task: _Task, results: list) -> None:
        """Store the results of ``task``."""
        for off, r in zip(task.offsets, results, strict=True):
            self.slots[task.tid][off] = r
        self.missing[task.tid] -= len(task.offsets)

    def failed(self, task: _Task, reason: str) -> None:
        """First failure: retry each item alone; second: its result is Lost(reason)."""
        if task.attempt == 1:
            for off, item in zip(task.offsets, task.items, strict=True):
                self.retries.append(_Task(task.tid, [off], [item], attempt=2))
        else:
            self.finish(task, [Lost(f"{reason}, twice")] * len(task.offsets))

    def ready(self) -> Iterator:
        """Results of the oldest batches that are complete, in input order."""
        while self.order and self.missing[self.order[0]] == 0:
            tid = self.order.popleft()
            del self.missing[tid]
            yield from self.slots.pop(tid)

    def done(self) -> bool:
        """True when the input is read, every batch yielded and no retry waits."""
        return self.exhausted and not self.order and not self.retries


def _pool(workers: int, start_method: str | None) -> RobustPool:
    """The process's pool of ``workers`` workers (started once, kept for later calls)."""
    key = (workers, _start_method(start_method))
    pool = _POOLS.get(key)
    if pool is None:
        pool = _POOLS[key] = RobustPool(workers, start_method)
    return pool


def _pool_map(fn, articles, workers, chunksize, window, start_method, task_timeout) -> Iterator:
    """Items through the process's pool, in order."""
    return _pool(workers, start_method).map(fn, articles, chunksize, window, task_timeout)


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
        key: tuple = ("cluster", id(scheduler))
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
    """Batches in flight on a Dask cluster: three per worker thread, at least four."""
    try:
        slots = sum(client.nthreads().values())
    except Exception:  # pragma: no cover - scheduler unreachable: let submit raise
        slots = 1
    return max(4, 3 * slots)


def _dask_results(fut, n: int, timeout: float | None) -> list:
    """A batch's results from its future; ``Lost`` for each item when the cluster gave up on it
    (its workers died more often than Dask's ``allowed-failures``) or it overran ``timeout``."""
    try:
        return fut.result(timeout=timeout)
    except Exception as e:  # noqa: BLE001 - KilledWorker, TimeoutError: named in the reason
        if type(e).__name__ not in ("KilledWorker", "TimeoutError", "CancelledError"):
            raise
        return [Lost(f"the Dask cluster could not process it ({type(e).__name__}: {e})")] * n
    finally:
        fut.release()


def _dask_map(fn, articles, workers, scheduler, chunksize, window, task_timeout=None) -> Iterator:
    """``fn`` over batches as Dask futures, a bounded window ahead; results in input order."""
    client = dask_client(scheduler, workers)
    window = window or _dask_window(client)
    pending: deque = deque()
    for batch in batches(articles, chunksize):
        pending.append((client.submit(_apply_batch, fn, batch, pure=False), len(batch)))
        if len(pending) >= window:
            fut, n = pending.popleft()
            # a bound on the wait: every batch ahead in the window may run before this one finishes
            yield from _dask_results(fut, n, task_timeout * chunksize * window + 60 if task_timeout else None)
    while pending:
        fut, n = pending.popleft()
        yield from _dask_results(fut, n, task_timeout * chunksize * window + 60 if task_timeout else None)


# --------------------------------------------------------------------------- entry point
def map_articles(fn: Callable, articles: Iterable, *, workers: int = 1, engine: str = "local",
                 scheduler=None, chunksize: int = 64, window: int | None = None,
                 start_method: str | None = None, task_timeout: float | None = None) -> Iterator:
    """Apply ``fn`` to every article; yield the results in input order, streaming.

    ``fn`` must be picklable (a top-level function, or a ``functools.partial``
    of one).  ``window`` is how many batches may be in flight (default:
    4 per local worker, 3 per Dask thread). With local workers, a worker
    that dies is replaced and its items retried once; an item lost twice
    yields :class:`Lost`; ``task_timeout`` (seconds per item) bounds every
    wait (a worker over it is stopped and counts as dead).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {ENGINES}")
    if chunksize < 1:
        raise ValueError("chunksize must be at least 1")
    workers = int(workers or 1)
    if engine == "dask":
        return _dask_map(fn, articles, workers, scheduler, chunksize, window, task_timeout)
    if workers <= 1:
        return map(fn, articles)
    return _pool_map(fn, articles, workers, chunksize, window or 4 * workers, start_method, task_timeout)


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
        """The input, remembering each item so results can be paired with it."""
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
        pool.close()
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
