"""Held-back rhetoric figures on crisis-dev: each article fold scored by a model trained without it.

    python benchmarks/rhetoric_heldback.py [--shared ../shared] [--folds 5] [--split PREFIX] [--out DIR]

The pipeline runs over ``SHARED/crisis-dev/articles``; for each of ``--folds`` folds of its
articles (grouped as in ``analysis.learn.grouped_folds``) a model is trained on every stored label
except the crisis-dev labels of that fold's articles (thresholds too: they come from that model's
own cross-validation), and that fold's articles are run with it. The quote, claim and troop rows
of all folds are written to ``--out`` and scored with ``SHARED/eval/score.py``; the script prints
the macro F1, per-category precision/recall, and the lexicon-only figures of the same run.
``--split PREFIX`` adds a fixed split: the articles whose name starts with PREFIX held back
together (e.g. ``dev_b``: the second crisis-dev build), trained on everything else.

The n-gram vocabulary is re-derived from the training items of each fold, so no phrase seen only
in the held-back articles is a feature. Needs scikit-learn (training) and the shared texts.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import evaluate, learn  # noqa: E402


def _write_tables(tables: dict[str, list[dict]], out: Path) -> None:
    """quotes.csv, claims.csv and troops.csv of ``tables`` in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    for name in ("quotes", "claims", "troops"):
        rows = tables.get(name, [])
        keys: list[str] = []
        for r in rows:
            keys += [k for k in r if k not in keys]
        with open(out / f"{name}.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=keys or ["article_id"])
            w.writeheader()
            w.writerows(rows)


def _train_without(items: list[dict], held: set[str], seed: int, args) -> dict:
    """A model of every item but the crisis-dev items of the ``held`` articles."""
    train = [it for it in items if not (it["source"] == "crisis-dev" and it["group"].split(":", 1)[1] in held)]
    vocab = learn.vocabulary(train)
    train = [{**it, "features": learn.restrict(it["features"], vocab)} for it in train]
    return learn.train(train, "heldback", seed=seed, c=args.C, domain_weight=args.domain_weight,
                       min_precision=args.min_precision, keep_lexicon=args.keep_lexicon, prune=args.prune)


def run_heldback(articles: list, folds: list[set[str]], items: list[dict], args) -> dict[str, list[dict]]:
    """Tables of the articles, each fold's articles run with the model trained without them."""
    tables: dict[str, list[dict]] = {"quotes": [], "claims": [], "troops": []}
    with tempfile.TemporaryDirectory() as tmp:
        for i, held in enumerate(folds):
            model = _train_without(items, held, args.seed, args)
            path = Path(tmp) / f"model_{i}.json"
            path.write_text(learn.dumps_model(model), encoding="utf-8")
            os.environ["ANALYSIS_RHETORIC_MODEL"] = str(path)
            try:
                res = evaluate.run_stages([a for a in articles if a.article_id in held])
            finally:
                del os.environ["ANALYSIS_RHETORIC_MODEL"]
            for k in tables:
                tables[k] += res[k]
    return tables


def _score(gold: Path, tables: dict, out: Path, shared: Path) -> tuple[dict, dict]:
    """(score.py's summary, the project's evaluate summary with per-category P/R)."""
    _write_tables(tables, out)
    proc = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(gold), str(out), "--json"],
                          capture_output=True, text=True, check=True)
    official = json.loads(proc.stdout[proc.stdout.index("{"):])["summary"]
    ours = evaluate.evaluate(gold, tables=tables, beside=False)
    return official, ours


def _report(title: str, official: dict, ours: dict) -> None:
    """Print one scored run."""
    print(f"\n{title}: rhetoric macro F1 {official.get('rhetoric_macro_f1')} (score.py)")
    f1 = official.get("rhetoric_f1") or {}
    for c in learn.CATEGORIES:
        if c in f1:
            print(f"  {c:<12} F1 {f1[c]:<6} P {ours['rhetoric_precision'].get(c)}  R {ours['rhetoric_recall'].get(c)}")


def main(argv=None) -> int:
    """Run the held-back evaluation; print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--split", default=None, metavar="PREFIX", help="also hold back these articles together")
    ap.add_argument("--seed", type=int, default=learn.SEED)
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--domain-weight", type=float, default=learn.DOMAIN_WEIGHT)
    ap.add_argument("--prune", type=float, default=learn.PRUNE)
    ap.add_argument("--min-precision", type=float, default=0.85)
    ap.add_argument("--veto", dest="keep_lexicon", action="store_false",
                    help="let the model drop the lexicon's finds too (default: it only adds)")
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "rhetoric-heldback")
    args = ap.parse_args(argv)
    dev = args.shared / "crisis-dev"
    gold = dev / "gold"
    if not gold.is_dir():
        print(f"error: no crisis-dev gold under {args.shared}", file=sys.stderr)
        return 2
    names = sorted({json.loads(f.read_text(encoding="utf-8"))["article"] for f in gold.glob("*.json")})
    articles = evaluate._read_articles(dev / "articles", names)
    items = learn.read_labels()
    stems = [a.article_id for a in articles]
    fold_of = learn.grouped_folds([{"group": s} for s in stems], args.folds)
    folds = [{s for s, f in zip(stems, fold_of, strict=True) if f == k} for k in range(args.folds)]
    print(f"{len(articles)} crisis-dev articles in {args.folds} folds: "
          + "; ".join(", ".join(sorted(f)) for f in folds))

    os.environ["ANALYSIS_RHETORIC"] = "lexicon"
    try:
        lex = evaluate.run_stages(articles)
    finally:
        del os.environ["ANALYSIS_RHETORIC"]
    _report("lexicons alone", *_score(gold, lex, args.out / "lexicon", args.shared))

    tables = run_heldback(articles, folds, items, args)
    _report(f"learned layer, {args.folds} article folds held back", *_score(gold, tables, args.out / "folds",
                                                                           args.shared))
    if args.split:
        held = {s for s in stems if s.startswith(args.split)}
        t = run_heldback(articles, [held], items, args)
        sub = Path(tempfile.mkdtemp())
        for f in gold.glob("*.json"):
            if Path(json.loads(f.read_text(encoding="utf-8"))["article"]).stem in held:
                (sub / f.name).write_bytes(f.read_bytes())
        _report(f"learned layer, {len(held)} articles '{args.split}*' held back together",
                *_score(sub, t, args.out / "split", args.shared))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
