"""Nothing lost, nothing hangs, nothing runs that should not: bad records, dead workers, the time budget,
the cache, CSV formula cells, the output folder's lock and commit, usage errors."""
from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis import cache as cache_mod
from analysis import corpus, output, parallel, pipeline, schema
from analysis.corpus import read_corpus
from analysis.output import OutputFolder, guard_cell, unguard_cell
from analysis.pipeline import UsageError, run
from analysis.tables import read_table

ROOT = Path(__file__).resolve().parent.parent


def quiet(_msg):
    pass


def house(title: str, url: str, body: str, date: str = "20220112") -> str:
    return f"{title}\n{date}\n{url}\n{body}\n"


def good_folder(raw: Path, n: int = 3) -> list[str]:
    """``n`` distinct good house files; returns their stems."""
    raw.mkdir(parents=True, exist_ok=True)
    stems = []
    for i in range(n):
        (raw / f"good{i}.txt").write_text(house(
            f"Talks day {i}", f"https://example.org/talks-{i}",
            f'"We will keep talking in round {i}," the envoy said on Monday.\nThe delegates met for {i + 2} hours.'),
            encoding="utf-8")
        stems.append(f"good{i}")
    return stems


def cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


# ------------------------------------------------------------- one bad record never sinks the run
def test_bad_records_next_to_good_files_are_rejected_and_the_rest_written(tmp_path):
    raw = tmp_path / "raw"
    good_folder(raw)
    # a lone surrogate escape (an emoji cut in half): legal JSON
    (raw / "surrogate.jsonl").write_text(
        '{"title": "Cut \\ud83d", "date": "2022-01-12", "url": "https://example.org/s", "text": "Body of s."}\n')
    with open(raw / "export.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["title", "date", "url", "text"])
        w.writerow(["Removed", "2022-01-12", "[removed]", "Body of the removed one."])
        w.writerow(["Bad host", "2022-01-12", "http://[::1/x", "Body of the bad host."])
        w.writerow(["Fine row", "2022-01-13", "https://example.org/fine", "Body of the fine row."])
    (raw / "deep.json").write_text("[" * 1500 + "]" * 1500)
    (raw / "deep_lines.jsonl").write_text(
        json.dumps({"title": "Line one", "date": 20220114, "url": "https://example.org/l1", "text": "Body l1."})
        + "\n" + '{"a": ' * 1200 + "1" + "}" * 1200 + "\n")
    r = cli("run", str(raw), "--out", str(tmp_path / "out"), "--quiet", "--no-cache")
    assert r.returncode == 3, r.stderr
    assert "Traceback" not in r.stderr
    arts = pd.read_csv(tmp_path / "out" / "articles.csv")
    assert sorted(arts["title"]) == ["Fine row", "Line one", "Talks day 0", "Talks day 1", "Talks day 2"]
    assert arts.set_index("title").loc["Line one", "date"] == "2022-01-14"  # an integer YYYYMMDD, not 1970
    rej = pd.read_csv(tmp_path / "out" / "rejected.csv")
    reasons = dict(zip(rej["source_file"].map(lambda s: Path(s.split(":")[0]).name + (
        ":" + s.rsplit(":", 1)[1] if s.count(":") else "")), rej["reason"], strict=True))
    assert "lone surrogate" in reasons["surrogate.jsonl:1"]
    assert "not a URL" in reasons["export.csv:2"]
    assert "not a valid URL" in reasons["export.csv:3"]
    assert "nested too deeply" in reasons["deep.json"]
    assert "nested too deeply" in reasons["deep_lines.jsonl:2"]
    assert len(rej) == 5


def test_any_exception_while_reading_a_file_is_a_rejection(tmp_path, monkeypatch):
    good_folder(tmp_path, 2)

    def broken(text, source_file, article_id):
        if "good1" in source_file:
            raise MemoryError("pretend the parser blew up")
        return real(text, source_file, article_id)

    real = corpus.parse_house
    monkeypatch.setattr(corpus, "parse_house", broken)
    arts, rej = read_corpus([tmp_path], quiet)
    assert [a.article_id for a in arts] == ["good0"]
    assert len(rej) == 1 and "MemoryError" in rej[0].reason and "good1" in rej[0].source_file


# ------------------------------------------------------------- dead workers and the time budget
def _die_on_victim(article, registry_path=None):
    if "victim" in article.article_id:
        os.kill(os.getpid(), signal.SIGKILL)
    return REAL_PROCESS(article, registry_path)


def _sleep_on_victim(article, registry_path=None):
    if "victim" in article.article_id:
        time.sleep(3600)
    return REAL_PROCESS(article, registry_path)


REAL_PROCESS = pipeline.process_article


@pytest.fixture
def fresh_pools():
    parallel.shutdown()  # workers fork from this process: they must see the test's stand-in stage
    yield
    parallel.shutdown()


def test_a_worker_killed_on_an_article_rejects_that_article_and_the_run_finishes(tmp_path, monkeypatch,
                                                                                 fresh_pools):
    stems = good_folder(tmp_path / "raw", 5)
    (tmp_path / "raw" / "victim.txt").write_text(house("Victim", "https://example.org/v", "Body of the victim."))
    monkeypatch.setattr(pipeline, "process_article", _die_on_victim)
    t0 = time.monotonic()
    res = run([tmp_path / "raw"], tmp_path / "out", workers=2, cache=False, progress=False, report=quiet)
    assert time.monotonic() - t0 < 120  # bounded (no hang), generous for a shared machine
    arts = pd.read_csv(tmp_path / "out" / "articles.csv")
    assert sorted(arts["article_id"]) == sorted(stems)
    rej = pd.read_csv(tmp_path / "out" / "rejected.csv")
    assert len(rej) == 1 and "victim" in rej.loc[0, "source_file"]
    assert "SIGKILL" in rej.loc[0, "reason"] and "twice" in rej.loc[0, "reason"]
    assert res.n_rejected == 1


@pytest.mark.parametrize("workers", [1, 2])
def test_an_article_over_the_time_budget_is_rejected_and_the_run_goes_on(tmp_path, monkeypatch, fresh_pools,
                                                                        workers):
    stems = good_folder(tmp_path / "raw", 3)
    (tmp_path / "raw" / "victim.txt").write_text(house("Victim", "https://example.org/v", "Body of the victim."))
    monkeypatch.setattr(pipeline, "process_article", _sleep_on_victim)
    run([tmp_path / "raw"], tmp_path / "out", workers=workers, cache=False, progress=False, report=quiet,
        time_budget_s=0.5)
    assert sorted(pd.read_csv(tmp_path / "out" / "articles.csv")["article_id"]) == sorted(stems)
    rej = pd.read_csv(tmp_path / "out" / "rejected.csv")
    assert len(rej) == 1 and "time budget" in rej.loc[0, "reason"]


# ------------------------------------------------------------- the cache holds data, never code
class Boom:
    def __reduce__(self):
        return (os.system, (f"touch {PWNED}",))


PWNED = Path("/tmp") / f"analysis-cache-pwned-{os.getpid()}"


def _cache_line(key: str, payload: bytes, digest: bytes | None = None) -> bytes:
    import hashlib

    digest = digest or hashlib.sha256(payload).hexdigest().encode()
    return key.encode() + b"\t" + digest + b"\t" + payload + b"\n"


@pytest.mark.parametrize("tamper", ["pickle", "garbage", "truncated", "bad_checksum", "bad_shape", "old_sqlite"])
def test_a_tampered_cache_runs_nothing_and_is_rebuilt(tmp_path, tamper):
    import pickle

    raw = tmp_path / "raw"
    good_folder(raw, 2)
    out = tmp_path / "out"
    run([raw], out, progress=False, report=quiet)
    want = {t: (out / f"{t}.csv").read_bytes() for t in pipeline.TABLES}
    cfile = cache_mod.cache_file(out)
    lines = cfile.read_bytes().split(b"\n")
    key = lines[1].split(b"\t")[0].decode()
    evil = pickle.dumps(Boom())
    if tamper == "pickle":
        cfile.write_bytes(evil)
    elif tamper == "garbage":
        cfile.write_bytes(os.urandom(3000))
    elif tamper == "truncated":
        cfile.write_bytes(cfile.read_bytes()[:-40])
    elif tamper == "bad_checksum":
        cfile.write_bytes(lines[0] + b"\n" + _cache_line(key, b'{"quotes": []}', b"0" * 64))
    elif tamper == "bad_shape":
        cfile.write_bytes(lines[0] + b"\n" + _cache_line(key, json.dumps({"quotes": [[1, 2]]}).encode()))
    else:  # a results.sqlite of the old pickling cache, with a payload that would run a command
        import sqlite3

        con = sqlite3.connect(cfile.parent / "results.sqlite")
        con.execute("CREATE TABLE results (key TEXT PRIMARY KEY, payload BLOB)")
        con.execute("INSERT INTO results VALUES (?, ?)", (key, evil))
        con.commit()
        con.close()
    msgs: list[str] = []
    res = run([raw], out, progress=False, report=msgs.append)
    assert not PWNED.exists()
    assert {t: (out / f"{t}.csv").read_bytes() for t in pipeline.TABLES} == want
    if tamper != "old_sqlite":
        assert any("cache" in m and "discarded" in m for m in msgs), msgs
        assert res.n_cached == 0
    again = run([raw], out, progress=False, report=quiet)  # rebuilt: reused on the next run
    assert again.n_cached == 2


def test_cached_results_write_the_same_bytes_as_fresh_ones(tmp_path):
    raw = ROOT / "data" / "annotated" / "articles"
    run([raw], tmp_path / "a", progress=False, report=quiet)
    second = run([raw], tmp_path / "a", progress=False, report=quiet)
    run([raw], tmp_path / "b", cache=False, progress=False, report=quiet)
    assert second.n_cached == second.n_articles > 0
    for t in pipeline.TABLES:
        assert (tmp_path / "a" / f"{t}.csv").read_bytes() == (tmp_path / "b" / f"{t}.csv").read_bytes(), t


# ------------------------------------------------------------- CSV formula injection
@pytest.mark.parametrize("cell,csv_cell", [("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-x", "'-x"),
                                           ("@cmd", "'@cmd"), ("'=a", "''=a"), ("plain", "plain"),
                                           ("'quoted'", "'quoted'"), ("", "")])
def test_guard_cell_round_trip(cell, csv_cell):
    assert guard_cell(cell) == csv_cell
    assert unguard_cell(guard_cell(cell)) == cell


def test_no_text_cell_of_any_csv_starts_a_formula_and_parquet_keeps_the_text(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "f.txt").write_text(house(
        "=HYPERLINK(\"http://evil.example\",\"click\")", "https://example.org/f",
        '"=cmd|\' /C calc\'!A0," the hacker said.\n'
        '-1 is what NATO Secretary General Jens Stoltenberg rejected, calling the demand "@everyone" talk.\n'
        '"It is a terrible, hostile threat," Kremlin spokesman Dmitry Peskov said.'))
    out = tmp_path / "out"
    run([raw], out, progress=False, report=quiet)
    for name in pipeline.TABLES:
        with open(out / f"{name}.csv", newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        for row in rows:
            for col in schema.text_columns(name):
                assert not (row.get(col) or "").startswith(("=", "+", "-", "@")), (name, col, row[col])
    q = pd.read_parquet(out / "quotes.parquet")
    assert q["text"].str.startswith("=cmd").any()  # Parquet keeps the exact text
    with open(out / "quotes.csv", newline="", encoding="utf-8") as f:
        assert any(r["text"].startswith("'=cmd") for r in csv.DictReader(f))
    # numbers stay numbers: a negative polarity is written as a number
    polarity = pd.read_csv(out / "quotes.csv")["polarity"]
    assert pd.api.types.is_float_dtype(polarity) and (polarity < 0).any()
    # reading the CSV back removes the apostrophe again
    (out / "quotes.parquet").unlink()
    assert read_table(out, "quotes")["text"].str.startswith("=cmd").any()
    assert read_table(out, "articles").loc[0, "title"].startswith("=HYPERLINK")


# ------------------------------------------------------------- one commit point, a lock, swept leftovers
def test_a_second_run_into_a_locked_folder_stops_with_a_message(tmp_path):
    good_folder(tmp_path / "raw", 1)
    holder = OutputFolder(tmp_path / "out")
    holder.open()
    try:
        r = cli("run", str(tmp_path / "raw"), "--out", str(tmp_path / "out"), "--quiet")
        assert r.returncode == 1
        assert "another run" in r.stderr and str(os.getpid()) in r.stderr and "Traceback" not in r.stderr
    finally:
        holder.abort()
        holder.release()
    assert cli("run", str(tmp_path / "raw"), "--out", str(tmp_path / "out"), "--quiet").returncode == 0


def test_leftovers_of_killed_runs_are_swept_and_foreign_files_kept(tmp_path):
    good_folder(tmp_path / "raw", 1)
    out = tmp_path / "out"
    run([tmp_path / "raw"], out, progress=False, report=quiet)
    (out / ".gitkeep").write_text("")
    (out / ".quotes.csv.tmp-4242").write_text("19 MB of a killed run of an earlier version")
    (tmp_path / ".out.new-999999-deadbeef").mkdir()
    (tmp_path / ".out.new-999999-deadbeef" / "quotes.csv").write_text("half")
    run([tmp_path / "raw"], out, progress=False, report=quiet)
    assert not list(tmp_path.glob(".out.new-*")) and not list(tmp_path.glob(".out.old-*"))
    assert (out / ".gitkeep").exists()
    assert not (out / ".quotes.csv.tmp-4242").exists()


def test_no_parquet_run_leaves_no_stale_parquet_to_be_preferred(tmp_path):
    raw = tmp_path / "raw"
    good_folder(raw, 2)
    out = tmp_path / "out"
    run([raw], out, progress=False, report=quiet)
    (raw / "good1.txt").unlink()
    run([raw], out, parquet=False, progress=False, report=quiet)
    assert not (out / "articles.parquet").exists()
    assert list(read_table(out, "articles")["article_id"]) == ["good0"]


def test_read_table_prefers_a_csv_newer_than_the_parquet(tmp_path):
    raw = tmp_path / "raw"
    good_folder(raw, 2)
    out = tmp_path / "out"
    run([raw], out, progress=False, report=quiet)
    stale = (out / "articles.parquet").read_bytes()
    (raw / "good1.txt").unlink()
    run([raw], out, parquet=False, progress=False, report=quiet)
    (out / "articles.parquet").write_bytes(stale)  # as an older version of the tool would have left it
    os.utime(out / "articles.parquet", ns=(1, 1))
    assert list(read_table(out, "articles")["article_id"]) == ["good0"]


KILL_SCRIPT = r"""
import os, sys, time
from pathlib import Path
from analysis import output, pipeline
step = sys.argv[3]
flag = Path(sys.argv[4])
def pause(real):
    def inner(*a, **k):
        flag.write_text("in commit")
        time.sleep(60)
        return real(*a, **k)
    return inner
if step == "before_exchange":
    output._fsync_tree = pause(output._fsync_tree)
elif step == "after_exchange":
    output._remove = pause(output._remove)
elif step == "carry_over":
    output.OutputFolder._carry_over = pause(output.OutputFolder._carry_over)
pipeline.run([sys.argv[1]], sys.argv[2], progress=False, report=lambda m: None)
"""


def _table_set(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))}


@pytest.mark.parametrize("step", ["carry_over", "before_exchange", "after_exchange"])
def test_kill_9_inside_the_commit_leaves_the_old_or_the_new_set_whole(tmp_path, step):
    raw_old, raw_new = tmp_path / "old", tmp_path / "new"
    good_folder(raw_old, 2)
    good_folder(raw_new, 3)
    out = tmp_path / "out"
    run([raw_new], out, progress=False, report=quiet)
    new_set = _table_set(out)
    run([raw_old], out, progress=False, report=quiet)
    old_set = _table_set(out)
    assert old_set != new_set
    flag = tmp_path / "flag"
    p = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(raw_new), str(out), step, str(flag)], cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 120
    while not flag.exists() and time.monotonic() < deadline and p.poll() is None:
        time.sleep(0.05)
    assert flag.exists(), "the run never reached the commit"
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    got = _table_set(out)
    assert got == (new_set if step == "after_exchange" else old_set)
    run([raw_new], out, progress=False, report=quiet)  # the next run sweeps what the killed one left
    assert _table_set(out) == new_set
    assert sorted(x.name for x in tmp_path.iterdir() if x.name.startswith(".out.")) == [".out.lock"]


def test_kill_9_at_random_moments_leaves_a_whole_set(tmp_path):
    raw_a, raw_b = tmp_path / "a", tmp_path / "b"
    good_folder(raw_a, 2)
    good_folder(raw_b, 4)
    out = tmp_path / "out"
    run([raw_a], out, progress=False, report=quiet)
    set_a = _table_set(out)
    run([raw_b], out, cache=False, progress=False, report=quiet)
    set_b = _table_set(out)
    run([raw_a], out, progress=False, report=quiet)
    for i, delay in enumerate([0.3, 0.8, 1.2, 1.6, 2.0, 2.5, 3.0, 4.0]):
        src = raw_b if i % 2 == 0 else raw_a
        p = subprocess.Popen([sys.executable, "-m", "analysis", "run", str(src), "--out", str(out), "--quiet"],
                             cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
        assert _table_set(out) in (set_a, set_b), f"mixed set after a kill at {delay}s"
    run([raw_a], out, progress=False, report=quiet)
    assert _table_set(out) == set_a
    assert not [x for x in tmp_path.iterdir() if x.name.startswith((".out.new-", ".out.old-"))]


# ------------------------------------------------------------- usage errors: exit 2, one line
def _one_line_usage_error(r):
    assert r.returncode == 2, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and "Traceback" not in r.stderr, r.stderr


def test_an_out_that_is_a_file_or_a_system_folder_is_a_usage_error(tmp_path):
    good_folder(tmp_path / "raw", 1)
    (tmp_path / "afile").write_text("x")
    r = cli("run", str(tmp_path / "raw"), "--out", str(tmp_path / "afile"))
    _one_line_usage_error(r)
    assert "is a file" in r.stderr
    _one_line_usage_error(cli("run", str(tmp_path / "raw"), "--out", "/proc/analysis-out"))


def test_a_read_only_out_is_a_usage_error(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    real = os.access
    monkeypatch.setattr(output.os, "access", lambda p, mode: False if Path(p) == out else real(p, mode))
    good_folder(tmp_path / "raw", 1)
    with pytest.raises(UsageError, match="read-only"):
        run([tmp_path / "raw"], out, progress=False, report=quiet)


@pytest.mark.parametrize("content", ["parties: [unclosed\n  - x: {", "just a string", "", None])
def test_a_broken_registry_is_a_usage_error(tmp_path, content):
    good_folder(tmp_path / "raw", 1)
    reg = tmp_path / "actors.yml"
    if content is not None:
        reg.write_text(content)
    r = cli("run", str(tmp_path / "raw"), "--out", str(tmp_path / "out"), "--registry", str(reg))
    _one_line_usage_error(r)
    assert "registry" in r.stderr
    assert not (tmp_path / "out" / "articles.csv").exists()


# ------------------------------------------------------------- ingestion never reads its own tables
def test_an_output_folder_inside_the_input_is_not_ingested(tmp_path):
    raw = tmp_path / "raw"
    good_folder(raw, 2)
    out = raw / "processed"
    first = run([raw], out, progress=False, report=quiet)
    msgs: list[str] = []
    second = run([raw], out, progress=False, report=msgs.append)
    assert first.n_articles == second.n_articles == 2 and second.n_rejected == 0
    assert any("output folder" in m for m in msgs)
    # another run's output folder inside the input is skipped as well
    run([raw], tmp_path / "elsewhere", progress=False, report=quiet)
    third = run([tmp_path], tmp_path / "elsewhere2", progress=False, report=quiet)
    assert third.n_articles == 2


def test_an_input_inside_the_output_folder_is_a_usage_error(tmp_path):
    out = tmp_path / "out"
    good_folder(out / "raw", 1)
    with pytest.raises(UsageError, match="inside the output folder"):
        run([out / "raw"], out, progress=False, report=quiet)
    _one_line_usage_error(cli("run", str(out), "--out", str(out)))


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc to find the worker processes")
def test_cli_with_two_workers_survives_one_worker_killed_mid_run(tmp_path):
    """The run finishes, and every article is either written or rejected with a reason: none silently lost."""
    from analysis.synth import write_house_files

    raw = tmp_path / "raw"
    write_house_files(400, raw, seed=7, words=400)
    out = tmp_path / "out"
    p = subprocess.Popen([sys.executable, "-m", "analysis", "run", str(raw), "--out", str(out), "--workers", "2",
                          "--quiet", "--no-cache"], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                         stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while len(_children(p.pid)) < 2 and time.monotonic() < deadline and p.poll() is None:
        time.sleep(0.1)
    time.sleep(1.0)  # mid-run
    kids = _children(p.pid)
    assert kids, "no worker processes seen"
    os.kill(kids[0], signal.SIGKILL)
    _, err = p.communicate(timeout=300)
    assert p.returncode in (0, 3), err
    assert "Traceback" not in err
    written = len(pd.read_csv(out / "articles.csv"))
    rejected = len(pd.read_csv(out / "rejected.csv"))
    assert written + rejected == 400


def test_an_out_holding_other_folders_is_refused_not_replaced(tmp_path):
    """The whole --out folder is swapped on commit: a folder with other work in it (a project root) is refused."""
    good_folder(tmp_path / "raw", 1)
    out = tmp_path / "project"
    (out / "src").mkdir(parents=True)
    (out / "src" / "keep.py").write_text("precious = True\n")
    r = cli("run", str(tmp_path / "raw"), "--out", str(out))
    _one_line_usage_error(r)
    assert "did not write" in r.stderr
    assert (out / "src" / "keep.py").read_text() == "precious = True\n"


def test_a_full_disk_leaves_the_old_set_and_no_temporary_files(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    good_folder(raw, 2)
    out = tmp_path / "out"
    run([raw], out, progress=False, report=quiet)
    before = _table_set(out)
    real = output.TableWriter.write

    def full(self, name, rows):
        if name == "paragraphs":
            raise OSError(28, "No space left on device")
        return real(self, name, rows)

    monkeypatch.setattr(output.TableWriter, "write", full)
    with pytest.raises(OSError):
        run([raw], out, cache=False, progress=False, report=quiet)
    assert _table_set(out) == before
    assert not list(tmp_path.glob(".out.new-*"))


def test_sigterm_removes_the_unpublished_set(tmp_path):
    from analysis.synth import write_house_files

    raw = tmp_path / "raw"
    write_house_files(1500, raw, seed=5, words=400)  # long enough a run to be stopped half-way, even on a fast machine
    out = tmp_path / "out"
    p = subprocess.Popen([sys.executable, "-m", "analysis", "run", str(raw), "--out", str(out), "--quiet"],
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".out.new-*")) and time.monotonic() < deadline and p.poll() is None:
        time.sleep(0.05)
    assert p.poll() is None, "the run ended before it could be stopped"
    time.sleep(0.5)
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 130 and "previous tables left whole" in err
    assert not list(tmp_path.glob(".out.new-*")) and not out.exists()
