"""Rebuild the rhetoric labels file (``analysis/data/rhetoric_labels.jsonl``) from its sources.

    python scripts/rhetoric_labels.py [--labels /work/labels] [--shared ../shared] [--out FILE]

Sources (each read when present):
- the labellers' batches, ``LABELS/in/batch_NN.jsonl`` (quote, paragraph) with
  ``LABELS/out/batch_NN.jsonl`` (labels): PolNeAR quotes (source ``polnear``) and, in later
  batches, crisis-dev sentences labelled as if quoted (ids ``crisis-dev:<article>:...``: source
  ``crisis-dev``, grouped with that article's gold quotes, so a held-back article drops them
  too); an item labelled twice keeps the categories both labellers gave (both labellings are
  kept for the agreement figures);
- ``crisis-dev``: the gold quotes of ``SHARED/crisis-dev`` with a ``rhetoric`` list;
- ``inhouse``: the gold quotes of ``data/annotated`` with a ``rhetoric`` list;
- ``written``: ``data/annotated/rhetoric_written.jsonl``, quotes in the styles of crisis coverage
  that the project's writers wrote and labelled by the guide (our own sentences, kept in the
  repository), grouped by writer.

Only ids, labels and feature names enter the file, never a sentence: ids of PolNeAR items and
their articles are hashed; n-grams are kept only when seen in >= 3 items of >= 2 articles
(``analysis.learn.vocabulary``), so no rare phrase of a text that is not ours is kept.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import config, corpus, learn  # noqa: E402
from analysis.schema import CATEGORIES  # noqa: E402


def _h(s: str) -> str:
    """A short stable hash of a name that is not ours."""
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:12]


def _item(id_: str, source: str, batch: str, group: str, labels, text: str, paragraph: str) -> dict:
    """One labelled item with its full feature dict (restricted to the vocabulary later)."""
    labs = sorted(set(labels) & set(CATEGORIES))
    return {"id": id_, "source": source, "batch": batch, "group": group, "labels": labs,
            "features": learn.features(text, paragraph)}


def batch_items(labels_dir: Path) -> list[dict]:
    """Items of every labelled batch, in batch order; an item labelled twice appears once."""
    by_id: dict[str, dict] = {}
    for out in sorted((labels_dir / "out").glob("batch_*.jsonl")):
        inp = labels_dir / "in" / out.name
        if not inp.exists():
            print(f"warning: {out} has no input batch; skipped", file=sys.stderr)
            continue
        src = {}
        for line in inp.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                src[d["id"]] = d
        batch = out.stem.split("_")[-1]
        n_bad = 0
        for line in out.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                labels = d["labels"]
                q = src[d["id"]]
            except (json.JSONDecodeError, KeyError, TypeError):
                n_bad += 1
                continue
            if not isinstance(labels, list) or set(labels) - set(CATEGORIES):
                n_bad += 1
                continue
            article = d["id"].split(":")[1] if d["id"].count(":") >= 2 else d["id"]
            if d["id"].startswith("crisis-dev:"):  # a crisis-dev sentence labelled as if quoted
                source, iid, group = "crisis-dev", d["id"], f"crisis-dev:{article}"
            else:
                source, iid, group = "polnear", f"polnear:{_h(d['id'])}", f"polnear:{_h(article)}"
            if iid in by_id:  # a repeat: the second labelling
                it = by_id[iid]
                it["labellings"].append(sorted(set(labels)))
                it["labels"] = sorted(set(it["labels"]) & set(labels))
                continue
            it = _item(iid, source, batch, group, labels, q["text"], q.get("paragraph") or "")
            it["labellings"] = [sorted(set(labels))]
            by_id[iid] = it
        if n_bad:
            print(f"warning: {out}: {n_bad} lines unreadable or with unknown labels; skipped", file=sys.stderr)
    items = list(by_id.values())
    for it in items:
        if len(it["labellings"]) < 2:
            del it["labellings"]
    return items


def gold_items(gold_dir: Path, articles_dir: Path, source: str) -> list[dict]:
    """Items of the gold quotes with a ``rhetoric`` list, context from the article's paragraph."""
    items = []
    for gf in sorted(gold_dir.glob("*.json")):
        g = json.loads(gf.read_text(encoding="utf-8"))
        path = articles_dir / g["article"]
        stem = Path(g["article"]).stem
        arts = [a for a in corpus.read_file(path, report=lambda m: None, article_id=stem)
                if isinstance(a, corpus.Article)] if path.exists() else []
        paras = list(arts[0].paragraphs) if arts else []
        for n, q in enumerate(g.get("quotes", [])):
            if "rhetoric" not in q:
                continue
            p = q.get("paragraph", -1)
            para = paras[p] if isinstance(p, int) and 0 <= p < len(paras) else ""
            items.append(_item(f"{source}:{stem}:q{n}", source, source, f"{source}:{stem}", q["rhetoric"],
                               q["text"], para))
    return items


WRITTEN_PATH = config.ANNOTATED / "rhetoric_written.jsonl"


def written_items(path: Path = WRITTEN_PATH) -> list[dict]:
    """Items of the written set: one JSON object a line with ``id`` ("<writer>:<n>"), ``text`` (the
    quoted words), ``paragraph`` and ``labels``; a line that cannot be read is reported and skipped."""
    items: list[dict] = []
    if not path.exists():
        return items
    n_bad = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            writer = str(d["id"]).split(":", 1)[0]
            labels, text, para = d["labels"], d["text"], d.get("paragraph") or ""
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError):
            n_bad += 1
            continue
        if not isinstance(labels, list) or set(labels) - set(CATEGORIES) or not isinstance(text, str):
            n_bad += 1
            continue
        items.append(_item(f"written:{d['id']}", "written", f"written-{writer}", f"written:{writer}", labels,
                           text, para))
    if n_bad:
        print(f"warning: {path}: {n_bad} lines unreadable or with unknown labels; skipped", file=sys.stderr)
    return items


def build(labels_dir: Path | None, shared: Path | None) -> list[dict]:
    """Every item of the sources found, features restricted to the shared vocabulary."""
    items: list[dict] = []
    items += gold_items(config.ANNOTATED / "gold", config.ANNOTATED / "articles", "inhouse")
    items += written_items()
    if shared and (shared / "crisis-dev" / "gold").is_dir():
        items += gold_items(shared / "crisis-dev" / "gold", shared / "crisis-dev" / "articles", "crisis-dev")
    if labels_dir and (labels_dir / "out").is_dir():
        items += batch_items(labels_dir)
    vocab = learn.vocabulary(items)
    for it in items:
        it["features"] = learn.restrict(it["features"], vocab)
    return sorted(items, key=lambda it: it["id"])


def main(argv=None) -> int:
    """Rebuild the labels file; print what it holds."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--labels", type=Path, default=Path("/work/labels"), help="folder with in/ and out/ batches")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (crisis-dev)")
    ap.add_argument("--out", type=Path, default=learn.LABELS_PATH)
    a = ap.parse_args(argv)
    items = build(a.labels, a.shared)
    learn.write_labels(items, a.out)
    by: dict[str, int] = {}
    for it in items:
        by[it["source"]] = by.get(it["source"], 0) + 1
    print(f"{len(items)} items ({', '.join(f'{k} {v}' for k, v in sorted(by.items()))}) -> {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
