"""Cut PolNeAR's gold quotes into labelling batches for the rhetoric model.

    python scripts/rhetoric_batches.py ../shared/polnear-train OUT_DIR [--batches 21 --size 95 --overlap 10]
    python scripts/rhetoric_batches.py ../shared/polnear-train OUT_DIR --rare --skip LABELLED_DIR
    python scripts/rhetoric_batches.py ../shared/crisis-dev OUT_DIR --sentences

Writes ``OUT_DIR/batch_NN.jsonl``: one quote a line with its id
(``polnear:<file stem>:<paragraph>:<sha1 of the words, 10 hex>``), the quoted
words and the paragraph they stand in, for a labeller to read. The batches
hold text that is not ours, so OUT_DIR must lie outside the repository; only
the labels (and features computed from them) enter it.

Half of each batch is drawn at random from quotes of five words or more; the
other half from those with a word that often carries one of the seven
categories, so the rare ones (sanctions, sovereignty, ultimatum) are not
absent. Each batch repeats ``--overlap`` quotes of the batch three places
earlier (round robin over labellers), to measure agreement between
labellers. Seeded: the same inputs give the same batches.

``--rare``: a second round drawn only from quotes with a word that often
carries one of the rare categories (ultimatum, sovereignty, hedging,
dialogue, sanctions), skipping the ids already in LABELLED_DIR's batches.
``--sentences``: every sentence of five words or more of a folder of
house-format articles (real crisis coverage), labelled as if quoted, so the
model sees the crisis's own vocabulary; ids are
``<folder>:<article>:<paragraph>:<sha1>``, and training must group them by
article (they share articles with any evaluation on that folder).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from pathlib import Path

# broad stems, not the lexicon: the enrichment must not pick only what the
# lexicon already finds
_STEMS = re.compile(
    r"\b(threat|attack|war|danger|force|militar|weapon|kill|destroy|blame|lie|lying|accus|fault|"
    r"responsib|aggress|must|demand|never|line|deadline|right|sovereign|border|independen|territor|"
    r"sure|unclear|clear|see|decid|maybe|perhaps|talk|negotiat|diplomac|meet|dialogue|agree|"
    r"sanction|tariff|penalt|cost|econom|embargo)",
    re.I,
)


_RARE = re.compile(
    r"\b(sanction|tariff|embargo|penalt|boycott|must|demand|deadline|ultimatum|red line|veto|"
    r"non-?negotiable|sovereign|territor|border|independen|interfer|self-defen|sphere|negotiat|talks|"
    r"diplomac|dialogue|summit|de-?escalat|compromise|uncertain|unclear|we'll see|we will see|"
    r"too early|not sure|undecided|no decision)",
    re.I,
)


def _paragraphs(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln for ln in lines[3:] if ln.strip()]


def quotes(root: Path) -> list[dict]:
    """Every gold quote of five words or more, once, with its paragraph."""
    seen: set[str] = set()
    out = []
    for gf in sorted((root / "gold").glob("*.json")):
        g = json.loads(gf.read_text(encoding="utf-8"))
        stem = Path(g["article"]).stem
        paras = _paragraphs(root / "articles" / g["article"])
        for q in g.get("quotes", []):
            text = " ".join(q["text"].split())
            if len(text.split()) < 5:
                continue
            key = hashlib.sha1(text.lower().encode()).hexdigest()[:10]
            if key in seen:
                continue
            seen.add(key)
            p = q.get("paragraph", -1)
            para = paras[p] if 0 <= p < len(paras) and text[:20] in paras[p] else ""
            out.append({"id": f"polnear:{stem}:{p}:{key}", "text": text, "paragraph": para[:700]})
    return out


def batches(items: list[dict], n: int, size: int, overlap: int, seed: int = 7) -> list[list[dict]]:
    rng = random.Random(seed)
    rich = [q for q in items if _STEMS.search(q["text"])]
    plain = [q for q in items if not _STEMS.search(q["text"])]
    rng.shuffle(rich)
    rng.shuffle(plain)
    half = size // 2
    out = []
    for b in range(n):
        batch = rich[b * (size - half):(b + 1) * (size - half)] + plain[b * half:(b + 1) * half]
        rng.shuffle(batch)
        out.append(batch)
    for b in range(n):  # agreement: repeat items of the batch three places earlier
        src = out[(b - 3) % n]
        out[b] = out[b] + [dict(q, repeat=True) for q in src[:overlap] if not q.get("repeat")]
    return out


def rare_batches(items: list[dict], skip: set[str], n: int, size: int, seed: int = 11) -> list[list[dict]]:
    pool = [q for q in items if q["id"] not in skip and _RARE.search(q["text"])]
    random.Random(seed).shuffle(pool)
    return [pool[b * size:(b + 1) * size] for b in range(n) if pool[b * size:(b + 1) * size]]


def sentences(root: Path) -> list[dict]:
    """Every sentence of five words or more of the house-format articles in ``root/articles``."""
    from analysis.text import sentence_spans

    out = []
    for f in sorted((root / "articles").glob("*.txt")):
        for p, para in enumerate(_paragraphs(f)):
            for a, b in sentence_spans(para):
                text = " ".join(para[a:b].split())
                if len(text.split()) >= 5:
                    key = hashlib.sha1(text.lower().encode()).hexdigest()[:10]
                    out.append({"id": f"{root.name}:{f.stem}:{p}:{key}", "text": text, "paragraph": para[:700]})
    return out


def _skip(folder: Path | None) -> set[str]:
    if folder is None:
        return set()
    return {json.loads(line)["id"] for f in folder.glob("batch_*.jsonl") for line in f.open(encoding="utf-8")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("polnear", type=Path, help="PolNeAR (or, with --sentences, a folder of articles)")
    ap.add_argument("out", type=Path)
    ap.add_argument("--batches", type=int, default=21)
    ap.add_argument("--size", type=int, default=95)
    ap.add_argument("--overlap", type=int, default=10)
    ap.add_argument("--first", type=int, default=1, help="number of the first batch file written")
    ap.add_argument("--rare", action="store_true")
    ap.add_argument("--skip", type=Path, help="folder of batches whose ids --rare leaves out")
    ap.add_argument("--sentences", action="store_true")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    if a.sentences:
        items = sentences(a.polnear)
        made = [items[b * a.size:(b + 1) * a.size] for b in range((len(items) + a.size - 1) // a.size)]
    elif a.rare:
        made = rare_batches(quotes(a.polnear), _skip(a.skip), a.batches, a.size)
    else:
        made = batches(quotes(a.polnear), a.batches, a.size, a.overlap)
    for i, batch in enumerate(made, a.first):
        with open(a.out / f"batch_{i:02d}.jsonl", "w", encoding="utf-8") as fh:
            for q in batch:
                fh.write(json.dumps(q, ensure_ascii=False) + "\n")
        print(f"batch_{i:02d}: {len(batch)} quotes")


if __name__ == "__main__":
    main()
