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
    pre = quotes.extract_quotes(art, load_registry()) if stage in ("claims", "troops") else None
    t0 = time.perf_counter()
    fn(art, pre)
    conn.send(time.perf_counter() - t0)
    conn.close()


def measure(stage: str, kb: int, cap: float) -> float | None:
    """Seconds ``stage`` takes on a ``kb`` KB paragraph; None when it ran past ``cap`` (stopped)."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_child, args=(stage, kb, child))
    p.start()
    child.close()
    got = parent.recv() if parent.poll(cap + 30) else None  # + time for the untimed inputs and warm-up
    if got is None or got > cap:
        p.kill()
        got = None
    p.join()
    return got


def exponent(sizes: list[int], secs: list[float | None]) -> float | None:
    """Growth exponent k (time ~ size^k) between the two largest sizes that finished."""
    done = [(s, t) for s, t in zip(sizes, secs) if t]
    if len(done) < 2:
        return None
    (s1, t1), (s2, t2) = done[-2], done[-1]
    return round(math.log(t2 / t1) / math.log(s2 / s1), 2)


def table(sizes: list[int], results: dict[str, list[float | None]], cap: float) -> str:
    """The results as a Markdown table (seconds per size, and the exponent)."""
    head = "| stage | " + " | ".join(f"{s:,} KB" for s in sizes) + " | growth k (time ~ size^k) |"
    rows = [head, "|" + "---|" * (len(sizes) + 2)]
    for stage, secs in results.items():
        cells = [("—" if t is None and i and secs[i - 1] is None else f"> {cap:g} s (stopped)") if t is None
                 else f"{t:.2f} s" for i, t in enumerate(secs)]
        k = exponent(sizes, secs)
        rows.append(f"| {stage} | " + " | ".join(cells) + f" | {k if k is not None else 'n/a'} |")
    return "\n".join(rows)


def main(argv=None) -> int:
    """Measure every stage at every size and write the JSON and Markdown tables."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10,30,100,300,1000", help="paragraph sizes in KB")
    ap.add_argument("--cap", type=float, default=120.0, help="seconds after which a measurement is stopped")
    ap.add_argument("--stages", default=",".join(STAGES))
    ap.add_argument("--out", default=str(HERE / "out"))
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[str, list[float | None]] = {}
    for stage in args.stages.split(","):
        secs: list[float | None] = []
        for kb in sizes:
            t = measure(stage, kb, args.cap) if (not secs or secs[-1] is not None) else None
            secs.append(t)
            print(f"{stage:9s} {kb:>6,} KB: " + (f"{t:.2f} s" if t is not None else "stopped / skipped"),
                  flush=True)
        results[stage] = secs
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    md = table(sizes, results, args.cap)
    (out / "paragraph_length.json").write_text(json.dumps({"sizes_kb": sizes, "cap_s": args.cap,
                                                           "seconds": results}, indent=1))
    (out / "paragraph_length.md").write_text(md + "\n")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
