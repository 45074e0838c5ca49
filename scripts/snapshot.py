#!/usr/bin/env python3
"""Behaviour check for refactoring: run the pipeline over fixed corpora and
compare every output table byte for byte with a saved snapshot.

    python scripts/snapshot.py save  SNAPDIR   # before the change
    python scripts/snapshot.py check SNAPDIR   # after: exit 1 and a diff summary when any table differs

Corpora: the project's sample article (data/raw), the annotated in-house
articles, and two development corpora that are not part of the repository
(their licences keep them out): PolNeAR's training articles and the annotated
crisis excerpts, looked for in the folder SNAPSHOT_CORPORA names (default: a
folder `shared` beside the checkout) and skipped with a note when absent.
Each runs with --no-cache so the code under test produces every row.
"""
from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SNAPSHOT_CORPORA", ROOT.parent / "shared"))
CORPORA = {
    "sample": ROOT / "data" / "raw",
    "annotated": ROOT / "data" / "annotated" / "articles",
    "polnear": SHARED / "polnear-train" / "articles",
    "crisis-dev": SHARED / "crisis-dev" / "articles",
}


def run_all(dest: Path) -> None:
    for name, src in CORPORA.items():
        if not src.exists():
            print(f"skip {name}: {src} not found", file=sys.stderr)
            continue
        out = dest / name
        out.mkdir(parents=True, exist_ok=True)
        rc = subprocess.run([sys.executable, "-m", "analysis", "run", str(src), "--out", str(out),
                             "--no-cache", "--no-parquet", "--quiet"], cwd=ROOT).returncode
        if rc not in (0, 3):
            raise SystemExit(f"{name}: run failed with exit status {rc}")


def compare(a: Path, b: Path) -> list[str]:
    diffs = []
    for fa in sorted(a.rglob("*.csv")):
        fb = b / fa.relative_to(a)
        if not fb.exists():
            diffs.append(f"missing now: {fa.relative_to(a)}")
        elif not filecmp.cmp(fa, fb, shallow=False):
            la, lb = fa.read_text().splitlines(), fb.read_text().splitlines()
            n = sum(x != y for x, y in zip(la, lb, strict=False))  # the lengths may differ: counted apart + abs(len(la) - len(lb))
            diffs.append(f"differs: {fa.relative_to(a)} ({n} lines of {len(la)})")
    for fb in sorted(b.rglob("*.csv")):
        if not (a / fb.relative_to(b)).exists():
            diffs.append(f"new table: {fb.relative_to(b)}")
    return diffs


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("save", "check"):
        print(__doc__)
        return 2
    snap = Path(argv[1])
    if argv[0] == "save":
        if snap.exists():
            shutil.rmtree(snap)
        run_all(snap)
        print(f"saved {sum(1 for _ in snap.rglob('*.csv'))} tables to {snap}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        run_all(Path(tmp))
        diffs = compare(snap, Path(tmp))
    for d in diffs:
        print(d)
    print("identical" if not diffs else f"{len(diffs)} tables differ")
    return 1 if diffs else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
