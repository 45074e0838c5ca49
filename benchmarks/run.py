#!/usr/bin/env python
"""Speed and scale benchmark: one command, figures per stage, a TextBlob baseline, JSON out.

    python benchmarks/run.py --articles 2000 [--workers 2] [--seed 0] [--scale] [--dask]

1. Generates a seeded synthetic corpus (``analysis.synth``: ~700-word
   wire-style articles with quotes, reported speech, troop figures and
   distractor numbers).
2. Times, each in its own forked process (so peak memory is per
   measurement): a baseline pass of TextBlob sentiment alone over every
   paragraph; each stage that exists (quotes, quotes+claims, troops,
   rhetoric); the whole pipeline (``analysis.pipeline.process_article``)
   with 1 and with W workers (``analysis.parallel.map_articles``), and with
   ``--dask`` on a local Dask cluster.  Each timed pass follows an untimed
   warm-up over the first articles (registry, lexicons, regexes loaded).
3. Ingestion: writes 10,000 house-format files and times reading them back
   with ``analysis.corpus.iter_corpus`` (``--ingest-files`` to change,
   0 to skip).
4. ``--scale``: writes 100,000 files (``--scale-articles``) and runs
   ``python -m analysis run DIR --out OUT --workers W`` end to end,
   measuring wall time and the peak RSS of the whole process tree.

Prints a table and writes everything as JSON to ``benchmarks/out/``.
Targets (issue 8 / issue 2) are printed beside each figure.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from analysis import synth  # noqa: E402
from analysis.actors import load_registry  # noqa: E402

WARMUP = 20
TARGETS = {  # stage -> (kind, value)
    "quotes": ("min_aps", 500),
    "quotes+claims": ("min_aps", 300),
    "troops": ("min_aps", 2000),
    "pipeline": ("min_aps", 200),
    "pipeline/textblob": ("max_ratio", 2.0),
    "speedup": ("min_ratio", 1.7),
    "ingest_seconds": ("max_s", 60),
    "scale_seconds": ("max_s", 600),
    "scale_peak_mb": ("max_mb", 2048),
}

# ----------------------------------------------------------------------------- measuring
_CORPUS: list = []
_PRE: dict = {}


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:  # pragma: no cover - not Linux
        return float("nan")


def _child(fn_name: str, conn) -> None:
    try:
        fn = globals()[fn_name]
        warm = globals().get("warm" + fn_name[4:])
        if warm:
            warm()
        else:
            fn(_CORPUS[:WARMUP])  # warm-up: caches, lexicons, compiled patterns
        start_rss = _rss_mb()
        times, cpus = [], []
        for _ in range(max(1, _PRE.get("repeat", 1))):
            t0, c0 = time.perf_counter(), time.process_time()
            extra = fn(_CORPUS)
            times.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
        seconds = min(times)  # the least-disturbed pass (timeit's rule); all passes are in "times"
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        conn.send({"ok": True, "seconds": seconds, "cpu_seconds": min(cpus), "start_rss_mb": round(start_rss, 1),
                   "peak_rss_mb": round(peak_self, 1), "peak_child_rss_mb": round(peak_children, 1),
                   "times": [round(t, 3) for t in times],
                   "extra": extra if isinstance(extra, dict) else None})
    except Exception as e:  # report, never hang the parent
        conn.send({"ok": False, "error": f"{type(e).__name__}: {e}", "trace": traceback.format_exc(limit=-3)})
    finally:
        conn.close()


def measure(name: str, fn_name: str, n: int) -> dict:
    """Run ``fn_name`` over the corpus in a forked child; time it and read its peak RSS."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_child, args=(fn_name, child))
    p.start()
    child.close()
    assert p.pid is not None  # set by start()
    peak, done = _watch_tree(p.pid)
    try:
        res = parent.recv()
    except EOFError:
        res = {"ok": False, "error": f"process died (exit {p.exitcode})"}
    done.set()
    p.join()
    res["peak_tree_rss_mb"] = round(peak[0], 1)
    res["stage"] = name
    if res.get("ok"):
        res["articles"] = n
        res["articles_per_s"] = round(n / res["seconds"], 1)
        # CPU time of this process only: meaningful for the single-process passes, and
        # steadier than wall time when other jobs share the machine
        res["cpu_articles_per_s"] = round(n / res["cpu_seconds"], 1) if res["cpu_seconds"] > 0 else None
        res["seconds"] = round(res["seconds"], 3)
        res["cpu_seconds"] = round(res["cpu_seconds"], 3)
    return res


# ----------------------------------------------------------------------------- the passes
def pass_textblob(arts):
    from textblob import TextBlob

    s = 0.0
    for a in arts:
        for p in a.paragraphs:
            s += TextBlob(p).sentiment.polarity
    return {"paragraphs": sum(len(a.paragraphs) for a in arts)}


def textblob_article(a):
    """TextBlob polarity of every paragraph of one article (top level: picklable)."""
    from textblob import TextBlob

    return [TextBlob(p).sentiment.polarity for p in a.paragraphs]


def pass_textblob_workers(arts):
    from analysis.parallel import map_articles

    return {"paragraphs": sum(len(r) for r in map_articles(textblob_article, arts, workers=_PRE["workers"],
                                                             chunksize=32))}


def warm_textblob_workers():
    from analysis.parallel import map_articles

    for a in _CORPUS[:WARMUP]:
        textblob_article(a)
    w = _PRE["workers"]
    list(map_articles(textblob_article, _CORPUS[:8 * w], workers=w, chunksize=4))


def pass_quotes(arts):
    from analysis.quotes import extract_quotes

    reg = load_registry()
    return {"rows": sum(len(extract_quotes(a, reg)) for a in arts)}


def pass_quotes_claims(arts):
    from analysis.claims import extract_claims
    from analysis.quotes import extract_quotes

    reg = load_registry()
    n = 0
    for a in arts:
        q = extract_quotes(a, reg)
        n += len(extract_claims(a, reg, q))
    return {"claim_rows": n}


def pass_claims(arts):
    from analysis.claims import extract_claims

    reg = load_registry()
    q = _PRE.get("quotes") or {}
    return {"rows": sum(len(extract_claims(a, reg, q.get(a.article_id, []))) for a in arts)}


def pass_troops(arts):
    from analysis.troops import extract_troops

    reg = load_registry()
    q = _PRE.get("quotes") or {}
    return {"rows": sum(len(extract_troops(a, reg, q.get(a.article_id, []))) for a in arts)}


def pass_rhetoric(arts):
    from analysis import rhetoric

    q = _PRE.get("quotes") or {}
    c = _PRE.get("claims") or {}
    n = 0
    for a in arts:
        qa = [dict(r) for r in q.get(a.article_id, [])]
        ca = [dict(r) for r in c.get(a.article_id, [])]
        qa = rhetoric.annotate(qa)
        ca = rhetoric.annotate(ca)
        n += len(rhetoric.article_rhetoric(a, qa, ca))
    return {"rows": n}


def _pipeline_rows(results):
    counts: dict[str, int] = {}
    for r in results:
        for t, rows in r.items():
            counts[t] = counts.get(t, 0) + len(rows)
    return counts


def pass_pipeline(arts):
    from analysis.parallel import map_articles
    from analysis.pipeline import process_article

    return _pipeline_rows(map_articles(process_article, arts, workers=1))


def pass_pipeline_workers(arts):
    from analysis.parallel import map_articles
    from analysis.pipeline import process_article

    return _pipeline_rows(map_articles(process_article, arts, workers=_PRE["workers"], chunksize=32))


def _warm_parallel(engine):
    from analysis.parallel import map_articles
    from analysis.pipeline import process_article

    for a in _CORPUS[:WARMUP]:  # load everything here first: forked workers inherit it
        process_article(a)
    # start the pool / cluster and give every worker a batch of its own
    w = _PRE["workers"]
    list(map_articles(process_article, _CORPUS[:8 * w], workers=w, engine=engine, chunksize=4))


def warm_pipeline_workers():
    _warm_parallel("local")


def warm_pipeline_dask():
    _warm_parallel("dask")


def pass_pipeline_dask(arts):
    from analysis.parallel import map_articles
    from analysis.pipeline import process_article

    return _pipeline_rows(map_articles(process_article, arts, engine="dask", workers=_PRE["workers"],
                                       chunksize=64))


def warm_ingest():
    import analysis.corpus  # noqa: F401  (the files were just written: the page cache is warm anyway)


def pass_ingest(_arts):
    from analysis.corpus import iter_corpus

    n = rejected = 0
    for item in iter_corpus([_PRE["ingest_dir"]], report=lambda m: None):
        if hasattr(item, "paragraphs"):
            n += 1
        else:
            rejected += 1
    return {"articles": n, "rejected": rejected}


def profile_pipeline(outdir: Path, n: int) -> list[dict]:
    """cProfile of process_article over n articles: where the pipeline spends its time."""
    import cProfile
    import pstats

    from analysis.pipeline import process_article

    for a in _CORPUS[:WARMUP]:
        process_article(a)
    outdir.mkdir(parents=True, exist_ok=True)
    prof = cProfile.Profile()
    prof.enable()
    for a in _CORPUS[:n]:
        process_article(a)
    prof.disable()
    path = outdir / "pipeline.prof"
    prof.dump_stats(str(path))
    st = pstats.Stats(prof)
    # (typeshed does not declare Stats.total_tt and Stats.stats, which Stats sets when it loads a profile)
    total = st.total_tt  # type: ignore[attr-defined]
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
        rows.append({"function": f"{Path(file).name}:{line}({func})", "calls": nc, "own_s": round(tt, 3),
                     "cumulative_s": round(ct, 3), "own_share": round(tt / total, 3) if total else None})
    rows.sort(key=lambda r: -r["own_s"])
    print(f"\nprofile of the pipeline over {n} articles ({total:.2f}s under cProfile; {path}):")
    print(f"{'own s':>8}{'share':>7}{'cum s':>8}{'calls':>9}  function")
    for r in rows[:25]:
        print(f"{r['own_s']:>8.2f}{r['own_share']:>7.1%}{r['cumulative_s']:>8.2f}{r['calls']:>9}  {r['function']}")
    return rows[:60]


# ----------------------------------------------------------------------------- scale
def _tree_rss_mb(proc) -> float:
    import psutil

    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0.0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


def _watch_tree(pid: int, every: float = 0.1):
    """Poll the RSS of process ``pid`` and all its descendants; returns ([peak MB], stop event)."""
    import psutil

    ps = psutil.Process(pid)
    peak = [0.0, 0.0, 0.0]  # peak tree RSS MB, last CPU seconds of the process itself, of its live children
    done = threading.Event()

    def poll():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_mb(ps))
            try:
                t = ps.cpu_times()
                peak[1] = t.user + t.system
                kids = 0.0
                for c in ps.children(recursive=True):
                    try:
                        ct = c.cpu_times()
                        kids += ct.user + ct.system
                    except psutil.Error:
                        pass
                peak[2] = max(peak[2], kids)
            except psutil.Error:
                pass
            done.wait(every)

    threading.Thread(target=poll, daemon=True).start()
    return peak, done


def run_scale(n: int, workers: int, seed: int, keep: Path | None, extra_args: list[str] | None = None) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    src = keep or tmp / "raw"
    out = tmp / "out"
    res: dict = {"articles": n, "workers": workers}
    try:
        if not (src.exists() and any(src.iterdir())):
            t0 = time.perf_counter()
            synth.write_house_files(n, src, seed=seed)
            res["write_seconds"] = round(time.perf_counter() - t0, 1)
        cmd = [sys.executable, "-m", "analysis", "run", str(src), "--out", str(out), "--workers", str(workers),
               "--quiet", *(extra_args or [])]
        res["command"] = " ".join(cmd[1:])
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        peak, done = _watch_tree(proc.pid, 0.25)
        stdout, stderr = proc.communicate()
        done.set()
        res["seconds"] = round(time.perf_counter() - t0, 1)
        res["articles_per_s"] = round(n / res["seconds"], 1)
        res["exit_status"] = proc.returncode
        res["load_average_at_end"] = os.getloadavg()
        res["peak_tree_rss_mb"] = round(peak[0], 1)
        # where the CPU went: the main process (ingestion, writing) vs its workers
        res["cpu_seconds_main_process"] = round(peak[1], 1)
        res["cpu_seconds_workers"] = round(peak[2], 1)
        res["peak_single_process_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
        res["stderr_tail"] = stderr[-2000:]
        counts = {}
        for f in sorted(out.glob("*.csv")):
            with open(f, "rb") as fh:
                counts[f.stem] = sum(1 for _ in fh) - 1  # rows (+ quoted newlines, none expected)
        res["table_lines"] = counts
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return res


# ----------------------------------------------------------------------------- reporting
def verdict(key: str, value) -> str:
    if key not in TARGETS or value is None:
        return ""
    kind, target = TARGETS[key]
    ok = value >= target if kind.startswith("min") else value <= target
    sym = ">=" if kind.startswith("min") else "<="
    return f"{'PASS' if ok else 'FAIL'} (target {sym} {target:g})"


def _parse_args(argv):
    """The benchmark's options."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000, help="articles in the synthetic corpus (default 2000)")
    ap.add_argument("--workers", type=int, default=2, help="processes for the parallel pass (default 2)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    ap.add_argument("--words", type=int, default=700, help="words per article (default 700)")
    ap.add_argument("--repeat", type=int, default=1, help="timed passes per measurement; the fastest is "
                    "reported (default 1; use 3 on a busy machine)")
    ap.add_argument("--ingest-files", type=int, default=10_000, help="house files for the ingestion benchmark "
                    "(default 10000; 0 skips it)")
    ap.add_argument("--dask", action="store_true", help="also time the pipeline on a local Dask cluster")
    ap.add_argument("--scale", action="store_true", help="also run the end-to-end scale test through the CLI")
    ap.add_argument("--scale-articles", type=int, default=100_000, help="articles for --scale (default 100000)")
    ap.add_argument("--scale-dir", type=Path, default=None,
                    help="reuse (or create and keep) the scale corpus in this folder")
    ap.add_argument("--scale-arg", action="append", default=[], metavar="ARG",
                    help="extra argument for the scale run's command line (repeatable), e.g. --scale-arg=--no-cache")
    ap.add_argument("--profile", action="store_true",
                    help="also profile the single-process pipeline (top functions by own time; .prof in --out)")
    ap.add_argument("--only", default="", metavar="NAMES",
                    help="comma-separated measurements to run (e.g. 'troops,pipeline,ingest'); the TextBlob "
                         "baseline always runs, for the ratios. Default: all")
    ap.add_argument("--out", type=Path, default=HERE / "out", help="folder for the JSON results")
    return ap.parse_args(argv)


def _prepare(args, report: dict) -> int:
    """Generate the corpus and the earlier stages' rows the later stages read; returns the article count."""
    from analysis.claims import extract_claims
    from analysis.quotes import extract_quotes

    n = args.articles
    print(f"# benchmark: {n} synthetic articles (seed {args.seed}, ~{args.words} words), "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}", flush=True)
    synth._speaker_pool()  # the registry load is not generation
    t0 = time.perf_counter()
    _CORPUS[:] = list(synth.generate_articles(n, seed=args.seed, words=args.words))
    gen_s = time.perf_counter() - t0
    words = sum(len(p.split()) for a in _CORPUS for p in a.paragraphs)
    report["corpus"] = {"articles": n, "words": words, "paragraphs": sum(len(a.paragraphs) for a in _CORPUS),
                        "generate_seconds": round(gen_s, 3), "generate_articles_per_s": round(n / gen_s, 1)}
    print(f"generated {n} articles, {words / n:.0f} words each on average, "
          f"in {gen_s:.2f}s ({n / gen_s:,.0f} articles/s)", flush=True)
    _PRE["workers"] = args.workers
    _PRE["repeat"] = args.repeat
    try:
        report["machine"]["load_average_at_start"] = os.getloadavg()
    except OSError:  # pragma: no cover
        pass
    reg = load_registry()
    _PRE["quotes"] = {a.article_id: extract_quotes(a, reg) for a in _CORPUS}
    _PRE["claims"] = {a.article_id: extract_claims(a, reg, _PRE["quotes"][a.article_id]) for a in _CORPUS}
    return n


def _plan(args) -> list[tuple[str, str]]:
    """(measurement name, pass function) in the order they run; ``--only`` filters (TextBlob always runs)."""
    plan = [
        ("textblob", "pass_textblob"),
        (f"textblob x{args.workers} workers", "pass_textblob_workers"),
        ("quotes", "pass_quotes"),
        ("claims", "pass_claims"),
        ("quotes+claims", "pass_quotes_claims"),
        ("troops", "pass_troops"),
        ("rhetoric", "pass_rhetoric"),
        ("pipeline", "pass_pipeline"),
        (f"pipeline x{args.workers} workers", "pass_pipeline_workers"),
    ]
    if args.dask:
        plan.append((f"pipeline dask x{args.workers}", "pass_pipeline_dask"))
    only = {x.strip() for x in args.only.split(",") if x.strip()}
    return [p for p in plan if not only or p[0] in only or p[0] == "textblob"]


def _run_stages(args, report: dict, n: int) -> None:
    """Time every planned pass; print a line each with the ratio to TextBlob and the target verdict."""
    print(f"\n{'stage':<24}{'art/s':>10}{'art/cpu-s':>10}{'wall s':>9}{'peak MB':>9}{'xTextBlob':>11}  target"
          " (one-core figures judged on CPU time)", flush=True)
    base = None
    for name, fn in _plan(args):
        res = measure(name, fn, n)
        report["stages"][name] = res
        if not res["ok"]:
            print(f"{name:<24}  -- failed: {res['error']}", flush=True)
            continue
        parallel = "workers" in name or "dask" in name
        # Single-process passes are judged on their own CPU time (what one core delivers:
        # equal to wall time on an idle machine, steadier on a shared one); parallel passes on wall time.
        secs = res["seconds"] if parallel else res["cpu_seconds"]
        aps = res["articles_per_s"] if parallel else res["cpu_articles_per_s"]
        if name == "textblob":
            base = res["cpu_seconds"]
        ratio = round(secs / base, 3) if base and not parallel else None
        res["ratio_to_textblob"] = ratio
        res["judged_articles_per_s"] = aps
        peak = max(res["peak_rss_mb"], res["peak_tree_rss_mb"])
        key = name if name in TARGETS else None
        v = verdict(key, aps) if key else ""
        if name == "pipeline" and ratio is not None:
            v += ("; " if v else "") + "x TextBlob " + verdict("pipeline/textblob", ratio)
            report["targets"]["pipeline/textblob"] = {"value": ratio, "verdict": verdict("pipeline/textblob", ratio)}
        if key:
            report["targets"][key] = {"value": aps, "verdict": verdict(key, aps)}
        cpu_col = f"{res['cpu_articles_per_s']:>10,.0f}" if not parallel and res["cpu_articles_per_s"] else f"{'-':>10}"
        print(f"{name:<24}{res['articles_per_s']:>10,.0f}{cpu_col}{res['seconds']:>9.2f}{peak:>9.0f}"
              f"{ratio if ratio is not None else float('nan'):>11.2f}  {v}", flush=True)


def _speedups(args, report: dict) -> None:
    """Speed-up of W workers over one process, for the pipeline and for the engine alone (TextBlob)."""
    one = report["stages"].get("pipeline", {})
    many = report["stages"].get(f"pipeline x{args.workers} workers", {})
    if one.get("ok") and many.get("ok"):
        sp = round(one["seconds"] / many["seconds"], 2)
        report["speedup"] = {"workers": args.workers, "value": sp}
        report["targets"]["speedup"] = {"value": sp, "verdict": verdict("speedup", sp)}
        print(f"\nspeed-up with {args.workers} workers vs 1: {sp:.2f}x  {verdict('speedup', sp)}", flush=True)
        rows1, rowsn = one.get("extra"), many.get("extra")
        if rows1 != rowsn:
            print(f"WARNING: row counts differ between 1 and {args.workers} workers: {rows1} vs {rowsn}")
    tb1, tbn = report["stages"].get("textblob", {}), report["stages"].get(f"textblob x{args.workers} workers", {})
    if tb1.get("ok") and tbn.get("ok"):
        sp = round(tb1["seconds"] / tbn["seconds"], 2)
        report["speedup_textblob"] = {"workers": args.workers, "value": sp}
        print(f"speed-up of the engine alone (TextBlob pass) with {args.workers} workers vs 1: {sp:.2f}x", flush=True)
    if one.get("ok"):
        print(f"pipeline rows: {one.get('extra')}", flush=True)


def _ingest(args, report: dict) -> None:
    """Write ``--ingest-files`` house files and time reading them back."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    try:
        t0 = time.perf_counter()
        synth.write_house_files(args.ingest_files, tmp, seed=args.seed + 1)
        wr = time.perf_counter() - t0
        _PRE["ingest_dir"] = str(tmp)
        res = measure("ingest", "pass_ingest", args.ingest_files)
        res["write_seconds"] = round(wr, 2)
        report["ingest"] = res
        if res["ok"]:
            report["targets"]["ingest_seconds"] = {"value": res["seconds"],
                                                   "verdict": verdict("ingest_seconds", res["seconds"])}
            print(f"\ningestion: {args.ingest_files} house files (written in {wr:.1f}s) read by "
                  f"analysis.corpus.iter_corpus in {res['seconds']:.2f}s ({res['articles_per_s']:,.0f} files/s, "
                  f"peak {res['peak_rss_mb']:.0f} MB), {res['extra']}  {verdict('ingest_seconds', res['seconds'])}",
                  flush=True)
        else:
            print(f"\ningestion failed: {res['error']}", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _scale(args, report: dict) -> None:
    """The end-to-end run of ``--scale-articles`` articles through the command line."""
    print(f"\nscale: {args.scale_articles} articles through `python -m analysis run --workers {args.workers}` ...",
          flush=True)
    res = run_scale(args.scale_articles, args.workers, args.seed + 2, args.scale_dir, args.scale_arg)
    report["scale"] = res
    if "seconds" not in res:
        return
    report["targets"]["scale_seconds"] = {"value": res["seconds"], "verdict": verdict("scale_seconds", res["seconds"])}
    report["targets"]["scale_peak_mb"] = {"value": res["peak_tree_rss_mb"],
                                          "verdict": verdict("scale_peak_mb", res["peak_tree_rss_mb"])}
    print(f"scale: CPU seconds in the main process (ingest, write) {res['cpu_seconds_main_process']:.0f}, "
          f"in workers {res['cpu_seconds_workers']:.0f}", flush=True)
    print(f"scale: exit {res['exit_status']}, {res['seconds']:.0f}s wall ({res['articles_per_s']:,.0f} art/s) "
          f"{verdict('scale_seconds', res['seconds'])}; peak RSS of the process tree "
          f"{res['peak_tree_rss_mb']:.0f} MB {verdict('scale_peak_mb', res['peak_tree_rss_mb'])}; "
          f"tables: {res.get('table_lines')}", flush=True)
    if res["exit_status"] not in (0,):
        print("stderr (tail):\n" + res["stderr_tail"], flush=True)


def main(argv=None) -> int:
    """Run every measurement asked for and write the JSON report to ``--out``."""
    args = _parse_args(argv)
    report: dict = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": os.cpu_count()},
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "stages": {}, "skipped": {}, "targets": {},
    }
    n = _prepare(args, report)
    _run_stages(args, report, n)
    _speedups(args, report)
    if args.profile:
        report["profile"] = profile_pipeline(args.out, min(n, 500))
    only = {x.strip() for x in args.only.split(",") if x.strip()}
    if args.ingest_files > 0 and (not only or "ingest" in only):
        _ingest(args, report)
    if args.scale:
        _scale(args, report)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = args.out / f"bench-{stamp}-n{n}.json"
    text = json.dumps(report, indent=2, default=str)
    path.write_text(text, encoding="utf-8")
    (args.out / "latest.json").write_text(text, encoding="utf-8")
    print(f"\nresults: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
