#!/usr/bin/env python
"""Near-duplicate grouping at scale: how long grouping 100,000 articles takes.

    python benchmarks/dedupe.py [--articles 100000] [--copy-share 0.2] [--words 700] [--out benchmarks/out]

Generates a seeded synthetic corpus (``analysis.synth_copies.iter_wire_corpus``:
~700-word wire-style articles, 20% of them near-copies of 2% of the others:
another outlet, another headline, the ending trimmed), keeps it in memory,
then times ``analysis.dedupe.Grouper`` over it: signatures, LSH look-ups and
the final groups. Generation is not timed. Prints wall and CPU seconds, peak
memory, and how many of the planted copies were found, and writes the
figures as JSON (``dedupe-<date>.json`` and ``dedupe-latest.json``).
Target (issue 19): under 2 minutes for 100,000 articles on this machine.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.dedupe import Grouper  # noqa: E402
from analysis.synth_copies import iter_wire_corpus  # noqa: E402


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=100_000)
    p.add_argument("--copy-share", type=float, default=0.2)
    p.add_argument("--words", type=int, default=700)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", default=str(ROOT / "benchmarks" / "out"))
    a = p.parse_args(argv)

    t0 = time.perf_counter()
    arts = list(iter_wire_corpus(a.articles, copy_share=a.copy_share, seed=a.seed, words=a.words))
    gen = time.perf_counter() - t0
    print(f"generated {len(arts):,} articles in {gen:.1f}s (not timed)", file=sys.stderr)

    g = Grouper()
    w0, c0 = time.perf_counter(), time.process_time()
    for art in arts:
        g.add(art.article_id, art.paragraphs, art.date, art.outlet)
    groups = g.groups()
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0

    planted = sum("-copy" in art.article_id for art in arts)
    found_copies = sum(not v["is_first"] for v in groups.values())
    # a planted copy is found when it shares a group with the story it copies
    missed = sum(1 for art in arts if "-copy" in art.article_id
                 and groups[art.article_id]["duplicate_group"] != groups[art.article_id.rsplit("-copy", 1)[0]]
                 ["duplicate_group"])
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    res = {
        "articles": len(arts), "words": a.words, "planted_copies": planted, "grouped_as_copies": found_copies,
        "planted_copies_missed": missed, "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
        "articles_per_s": round(len(arts) / wall), "peak_rss_mb": round(peak_mb), "target_s": 120,
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    print(f"grouped {len(arts):,} articles in {wall:.1f}s wall, {cpu:.1f}s CPU ({res['articles_per_s']:,}/s; "
          f"target < 120 s); {found_copies:,} copies grouped of {planted:,} planted, {missed} missed; "
          f"peak memory {peak_mb:.0f} MB (with the corpus in memory)")
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    for name in (f"dedupe-{stamp}.json", "dedupe-latest.json"):
        (out / name).write_text(json.dumps(res, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
