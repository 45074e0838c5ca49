"""map_articles: same results in the same order whatever the engine; streaming; a dead worker is survived."""
import itertools
from functools import partial

import pytest

from analysis.parallel import Lost, batches, map_articles, map_in_chunks, shutdown, word_counts
from analysis.synth import generate_articles

N = 120


@pytest.fixture(scope="module")
def corpus():
    return list(generate_articles(N, seed=11, words=300))


def first_chars(article, k=5):
    """A stand-in stage with an extra argument (used through functools.partial)."""
    return {"first": [{"article_id": article.article_id, "paragraph": i, "text": p[:k]}
                      for i, p in enumerate(article.paragraphs)]}


def boom(article):
    raise RuntimeError(f"bad article {article.article_id}")


def test_batches():
    assert list(batches(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(batches([], 3)) == []
    with pytest.raises(ValueError):
        list(batches([1], 0))


def test_single_process_is_plain_map(corpus):
    got = list(map_articles(word_counts, corpus))
    assert got == [word_counts(a) for a in corpus]
    assert [r["paragraph_words"][0]["article_id"] for r in got] == [a.article_id for a in corpus]


@pytest.mark.parametrize("chunksize", [1, 7, 64, 1000])
def test_two_workers_equal_one(corpus, chunksize):
    one = list(map_articles(word_counts, corpus, workers=1))
    two = list(map_articles(word_counts, iter(corpus), workers=2, chunksize=chunksize))
    assert two == one


def test_partial_functions_and_forkserver(corpus):
    fn = partial(first_chars, k=3)
    want = [fn(a) for a in corpus[:20]]
    assert list(map_articles(fn, corpus[:20], workers=2, chunksize=4)) == want
    assert list(map_articles(fn, corpus[:20], workers=2, chunksize=4, start_method="forkserver")) == want


def test_streaming_does_not_drain_the_input():
    """An endless input: results come out while the input is still being read."""
    consumed = itertools.count()

    def endless():
        for a in generate_articles(10**9, seed=2, words=100):
            next(consumed)
            yield a

    out = map_articles(word_counts, endless(), workers=2, chunksize=4, window=3)
    firsts = [r["paragraph_words"][0]["article_id"] for r in itertools.islice(out, 10)]
    assert firsts == [a.article_id for a in generate_articles(10, seed=2, words=100)]
    # at most (window + 1) batches were read ahead of what was yielded
    assert next(consumed) <= 10 + 4 * 4 + 4
    out.close()


@pytest.mark.parametrize("workers", [1, 2])
def test_map_in_chunks_pairs_articles_with_their_results(corpus, workers):
    chunks = list(map_in_chunks(word_counts, iter(corpus), chunk=50, workers=workers, chunksize=8))
    assert [len(a) for a, _ in chunks] == [50, 50, 20]
    for arts, results in chunks:
        assert results == [word_counts(a) for a in arts]
    assert [a for arts, _ in chunks for a in arts] == corpus


def test_errors_propagate(corpus):
    with pytest.raises(RuntimeError, match="bad article"):
        list(map_articles(boom, corpus[:5], workers=2, chunksize=2))


def test_unknown_engine(corpus):
    with pytest.raises(ValueError):
        map_articles(word_counts, corpus, engine="spark")


def _rows(results, table):
    return [row for r in results for row in r.get(table, [])]


# ------------------------------------------------------------------------- dask
@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as c, distributed.Client(c) as client:
        yield client
        shutdown()  # clients map_articles opened to this cluster's address


def test_dask_equals_single_process(corpus, cluster):
    one = list(map_articles(word_counts, corpus))
    got = list(map_articles(word_counts, iter(corpus), engine="dask", scheduler=cluster, chunksize=9))
    assert got == one


def test_dask_by_address(corpus, cluster):
    one = list(map_articles(word_counts, corpus[:30]))
    got = list(map_articles(word_counts, corpus[:30], engine="dask", scheduler=cluster.scheduler.address,
                            chunksize=4))
    assert got == one


# ------------------------------------------------------- the real pipeline, when it is there
def _process_article():
    from analysis.pipeline import process_article

    return process_article


def test_pipeline_two_workers_equal_one(corpus):
    fn = _process_article()
    one = list(map_articles(fn, corpus))
    assert list(map_articles(fn, corpus, workers=2, chunksize=8)) == one


def test_pipeline_dask_tables_equal_single_process(corpus, cluster):
    fn = _process_article()
    one = list(map_articles(fn, corpus))
    got = list(map_articles(fn, iter(corpus), engine="dask", scheduler=cluster, chunksize=16))
    assert got == one
    tables = {t for r in one for t in r}
    for t in tables:
        assert _rows(got, t) == _rows(one, t)


def test_run_command_tables_identical_across_engines(tmp_path, cluster):
    """The whole run (ingest, stages, writing): 1 process, 2 processes and Dask write the same bytes."""
    import pandas as pd

    from analysis import pipeline
    from analysis.synth import write_house_files

    raw = tmp_path / "raw"
    write_house_files(60, raw, seed=4, words=300)
    outs = {}
    for name, kw in {"one": {}, "two": {"workers": 2},
                     "dask": {"engine": "dask", "scheduler": cluster.scheduler.address}}.items():
        outs[name] = tmp_path / name
        pipeline.run([raw], outs[name], cache=False, progress=False, report=lambda m: None, **kw)
    csvs = sorted(p.name for p in outs["one"].glob("*.csv"))
    assert "quotes.csv" in csvs and "articles.csv" in csvs
    for name in ("two", "dask"):
        assert sorted(p.name for p in outs[name].glob("*.csv")) == csvs
        for f in csvs:
            assert (outs[name] / f).read_bytes() == (outs["one"] / f).read_bytes(), (name, f)
    # Dask writes each table's Parquet as a folder of partitions, with the same rows
    parts = sorted((outs["dask"] / "quotes.parquet").glob("part-*.parquet"))
    assert parts and (outs["one"] / "quotes.parquet").is_file()
    pd.testing.assert_frame_equal(pd.read_parquet(outs["dask"] / "quotes.parquet"),
                                  pd.read_parquet(outs["one"] / "quotes.parquet"))


# ------------------------------------------------------- dead and stuck workers
def die_on(article, victims=(), marker=None):
    """Stand-in stage: kills its own worker process (as the OOM killer would) on the chosen articles.

    With ``marker`` (a file path), it dies only the first time (the file records that it did).
    """
    import os
    import signal
    from pathlib import Path

    if article.article_id in victims:
        if marker is None or not Path(marker).exists():
            if marker is not None:
                Path(marker).write_text("died once")
            os.kill(os.getpid(), signal.SIGKILL)
    return word_counts(article)


def sleep_on(article, victims=()):
    """Stand-in stage that never finishes on the chosen articles."""
    import time

    if article.article_id in victims:
        time.sleep(3600)
    return word_counts(article)


def test_a_killed_worker_is_replaced_and_its_batch_retried(corpus, tmp_path):
    """One worker dies once mid-batch: every article still gets its result, in order."""
    victim = corpus[10].article_id
    fn = partial(die_on, victims=(victim,), marker=str(tmp_path / "died"))
    got = list(map_articles(fn, corpus[:30], workers=2, chunksize=4))
    assert (tmp_path / "died").exists()
    assert got == [word_counts(a) for a in corpus[:30]]


def test_an_article_that_kills_its_worker_twice_is_lost_with_a_reason(corpus):
    victim = corpus[5].article_id
    got = list(map_articles(partial(die_on, victims=(victim,)), corpus[:12], workers=2, chunksize=4))
    assert len(got) == 12
    lost = [r for r in got if isinstance(r, Lost)]
    assert len(lost) == 1 and got[5] is lost[0]
    assert "SIGKILL" in lost[0].reason and "twice" in lost[0].reason
    assert [r for i, r in enumerate(got) if i != 5] == [word_counts(a) for i, a in enumerate(corpus[:12]) if i != 5]


def test_a_stuck_worker_is_stopped_after_its_timeout(corpus):
    victim = corpus[3].article_id
    got = list(map_articles(partial(sleep_on, victims=(victim,)), corpus[:8], workers=2, chunksize=2,
                            task_timeout=0.5))
    assert isinstance(got[3], Lost) and "time budget" in got[3].reason
    assert got[:3] == [word_counts(a) for a in corpus[:3]]


def test_a_worker_killed_while_idle_is_replaced(corpus):
    import os
    import signal

    from analysis.parallel import _pool

    list(map_articles(word_counts, corpus[:8], workers=2, chunksize=4))
    pool = _pool(2, None)
    os.kill(pool.slots[0].proc.pid, signal.SIGKILL)
    pool.slots[0].proc.join(5)
    assert list(map_articles(word_counts, corpus[:20], workers=2, chunksize=4)) == [word_counts(a) for a in corpus[:20]]


def test_dask_gives_up_on_an_article_that_kills_its_workers(corpus, cluster):
    """Dask retries a task whose worker died; when it gives up, the batch comes back as Lost, the rest as usual."""
    victim = corpus[2].article_id
    got = list(map_articles(partial(die_on, victims=(victim,)), corpus[:6], engine="dask", scheduler=cluster,
                            chunksize=3))
    assert all(isinstance(r, Lost) for r in got[:3]) and "KilledWorker" in got[0].reason
    assert got[3:] == [word_counts(a) for a in corpus[3:6]]
