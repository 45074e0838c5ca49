#!/usr/bin/env python
"""Per-stage time against the length of ONE paragraph: is every stage linear in the text?

    python benchmarks/paragraph_length.py [--sizes 10,30,100,300,1000] [--cap 120] [--out benchmarks/out]

The sample article's paragraphs are joined into a single paragraph and
repeated until it is SIZE kilobytes long (cut at a word boundary), so the
text has the sample's density of quotes, attributions and troop figures. For
each stage — quotes, claims (given the quotes), troops (given the quotes),
numbers (``numbers.find_quantities``), the rhetoric scores of the paragraph
(lexicons, TextBlob, VADER: ``rhetoric.score_text``), and the whole
``pipeline.process_article`` — each size is timed in its own process
(after a warm-up on the sample), stopped after ``--cap`` seconds. A stage
that hits the cap is not tried on larger sizes.

The table shows seconds per size and the growth exponent between the two
largest sizes measured: time ~ size^k, so k ≈ 1 is linear, k ≈ 2 quadratic.
``--whole-run-mb 5`` (the default) then runs ``python -m analysis run`` on
one article of a single 5 MB paragraph and reports the wall time and whether
it was processed or rejected (the per-article time budget).
Writes ``paragraph_length.json`` and ``paragraph_length.md`` to ``--out``.
"""
from __future__ import annotations

import argparse
import json
import math
import multiprocessing as mp
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

STAGES = ("quotes", "claims", "troops", "numbers", "rhetoric", "pipeline")
PREP_BUDGET = 30.0  # seconds for the quotes that claims and troops read; beyond it they are timed without quotes


def one_paragraph(kb: int) -> str:
    """The sample article as one paragraph of about ``kb`` kilobytes (UTF-8), cut at a word boundary."""
    from analysis.corpus import read_corpus

    (art,), _ = read_corpus([ROOT / "data" / "raw"], lambda m: None)
    unit = " ".join(art.paragraphs)
    target = kb * 1024
    text = " ".join([unit] * (target // len(unit.encode()) + 1))
    cut = text.encode()[:target].decode(errors="ignore")
    return cut.rsplit(" ", 1)[0]


def _stage_fn(stage: str):
    """A function article -> anything, running only ``stage`` (inputs it needs computed beforehand)."""
    from analysis import claims, numbers, pipeline, quotes, rhetoric, troops
    from analysis.actors import load_registry

    reg = load_registry()
    if stage == "quotes":
        return lambda a, pre: quotes.extract_quotes(a, reg)
    if stage == "claims":
        return lambda a, pre: claims.extract_claims(a, reg, pre)
    if stage == "troops":
        return lambda a, pre: troops.extract_troops(a, reg, pre)
    if stage == "numbers":
        return lambda a, pre: numbers.find_quantities(a.paragraphs[0])
    if stage == "rhetoric":
        return lambda a, pre: rhetoric.score_text(a.paragraphs[0])
    return lambda a, pre: pipeline.process_article(a)


def _child(stage: str, kb: int, conn) -> None:
    """Time ``stage`` on one paragraph of ``kb`` KB (its inputs and the warm-up untimed)."""
    from analysis import quotes
    from analysis.actors import load_registry
    from analysis.corpus import Article, read_corpus

    (sample,), _ = read_corpus([ROOT / "data" / "raw"], lambda m: None)
    fn = _stage_fn(stage)
    fn(sample, quotes.extract_quotes(sample, load_registry()))  # warm-up
    art = Article("long", "Long", "2022-01-12", "https://example.org/long", "", "long.txt", (one_paragraph(kb),))
    pre, note = None, ""
    if stage in ("claims", "troops"):
        from analysis.pipeline import OverBudget, time_budget

        try:
            with time_budget(PREP_BUDGET):
                pre = quotes.extract_quotes(art, load_registry())
        except OverBudget:  # the quotes stage is too slow at this size: time this stage without quotes
            pre, note = [], "no quotes"
    t0 = time.perf_counter()
    fn(art, pre)
    conn.send((time.perf_counter() - t0, note))
    conn.close()


def measure(stage: str, kb: int, cap: float) -> tuple[float | None, str]:
    """Seconds ``stage`` takes on a ``kb`` KB paragraph (None when it ran past ``cap``), and a note."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_child, args=(stage, kb, child))
    p.start()
    child.close()
    got = parent.recv() if parent.poll(cap + PREP_BUDGET + 30) else None  # + untimed inputs and warm-up
    if got is None or got[0] > cap:
        p.kill()
        got = (None, "")
    p.join()
    return got


MIN_SECONDS = 0.05  # shorter times are too noisy to take a growth exponent from


def exponent(sizes: list[int], secs: list[float | None], notes: list[str] | None = None) -> float | None:
    """Growth exponent k (time ~ size^k) between the two largest sizes that finished under the same
    conditions (with or without quotes), both long enough to measure; None when there are no such two."""
    notes = notes or [""] * len(sizes)
    done = [(s, t, n) for s, t, n in zip(sizes, secs, notes, strict=True) if t]
    for i in range(len(done) - 1, 0, -1):
        (s1, t1, n1), (s2, t2, n2) = done[i - 1], done[i]
        if n1 == n2 and min(t1, t2) >= MIN_SECONDS:
            return round(math.log(t2 / t1) / math.log(s2 / s1), 2)
    return None


def table(sizes: list[int], results: dict[str, list[float | None]], cap: float,
          notes: dict[str, list[str]] | None = None) -> str:
    """The results as a Markdown table (seconds per size, and the exponent); * marks a time without quotes."""
    head = "| stage | " + " | ".join(f"{s:,} KB" for s in sizes) + " | growth k (time ~ size^k) |"
    rows = [head, "|" + "---|" * (len(sizes) + 2)]
    for stage, secs in results.items():
        marks = (notes or {}).get(stage, [""] * len(secs))
        cells = [("—" if t is None and i and secs[i - 1] is None else f"> {cap:g} s (stopped)") if t is None
                 else f"{t:.2f} s" + ("*" if marks[i] else "") for i, t in enumerate(secs)]
        k = exponent(sizes, secs, marks)
        rows.append(f"| {stage} | " + " | ".join(cells) + f" | {k if k is not None else 'n/a'} |")
    return "\n".join(rows)


def whole_run(mb: int) -> dict:
    """``python -m analysis run`` on one article of a single ``mb`` MB paragraph: wall time and outcome."""
    import csv
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        (raw / "long.txt").write_text("Long\n20220112\nhttps://example.org/long\n" + one_paragraph(mb * 1024) + "\n",
                                      encoding="utf-8")
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "analysis", "run", str(raw), "--out", str(Path(tmp) / "out"),
                            "--no-cache", "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=900)
        secs = time.perf_counter() - t0
        outcome = f"exit {r.returncode}"
        rej = Path(tmp) / "out" / "rejected.csv"
        if rej.exists():
            with open(rej, newline="", encoding="utf-8") as f:
                reasons = [row["reason"] for row in csv.DictReader(f)]
            outcome = f"rejected: {reasons[0]}" if reasons else "processed"
    return {"mb": mb, "seconds": round(secs, 1), "outcome": outcome}


def main(argv=None) -> int:
    """Measure every stage at every size and write the JSON and Markdown tables."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10,30,100,300,1000", help="paragraph sizes in KB")
    ap.add_argument("--cap", type=float, default=120.0, help="seconds after which a measurement is stopped")
    ap.add_argument("--stages", default=",".join(STAGES))
    ap.add_argument("--out", default=str(HERE / "out"))
    ap.add_argument("--whole-run-mb", type=int, default=5,
                    help="also time `python -m analysis run` on one article of a single paragraph this big (0: skip)")
    ap.add_argument("--table-only", action="store_true", help="rewrite the table from the last JSON, measure nothing")
    args = ap.parse_args(argv)
    if args.table_only:
        saved = json.loads((Path(args.out) / "paragraph_length.json").read_text())
        print(table(saved["sizes_kb"], saved["seconds"], saved["cap_s"], saved.get("notes")))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[str, list[float | None]] = {}
    notes: dict[str, list[str]] = {}
    for stage in args.stages.split(","):
        secs: list[float | None] = []
        for kb in sizes:
            t, note = measure(stage, kb, args.cap) if (not secs or secs[-1] is not None) else (None, "")
            secs.append(t)
            notes.setdefault(stage, []).append(note)
            print(f"{stage:9s} {kb:>6,} KB: " + (f"{t:.2f} s" if t is not None else "stopped / skipped")
                  + (f" ({note})" if note else ""), flush=True)
        results[stage] = secs
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    md = table(sizes, results, args.cap, notes)
    run = whole_run(args.whole_run_mb) if args.whole_run_mb else None
    if any(n for ns in notes.values() for n in ns):
        md += (f"\n\n* timed without quotes: the quotes stage took more than {PREP_BUDGET:g} s on this paragraph, "
               "so claims and troops got none")
    if run:
        md += (f"\n\nWhole run on one article of a single {run['mb']} MB paragraph: {run['seconds']} s, "
               f"{run['outcome']}")
    (out / "paragraph_length.json").write_text(json.dumps({"sizes_kb": sizes, "cap_s": args.cap, "seconds": results,
                                                           "notes": notes, "whole_run": run}, indent=1))
    (out / "paragraph_length.md").write_text(md + "\n")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
