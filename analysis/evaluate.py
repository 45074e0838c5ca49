"""Score the stages' tables against annotated gold articles.

``evaluate(gold_dir, articles_dir, tables=None)`` returns a summary dict
scored the way the project's annotated gold sets are judged (the gold format
and these rules are those of the reference scorer the annotations came with):

- quotes are matched to gold quotes of the same article by token overlap
  (greedy one-to-one, threshold 0.6), never by offsets: precision, recall,
  F1; then, over matched quotes, speaker accuracy (the gold name's last
  token must appear in the output's speaker, or that of a ``speaker_also``
  name), party accuracy, the share of unknowable speakers (gold ``null``)
  left empty, the number of quotes given a wrong party, and how many of
  the gold's ``not_quotes`` (scare quotes) were reported as quotes;
- troop mentions (threshold 0.5): precision, recall, F1, value accuracy and
  the number of ``not_troops`` numbers reported;
- claims: a gold claim is recalled by an output claim in the same paragraph
  with the same party; act accuracy over the recalled ones.  Unlike the
  reference scorer, claims are scored in every gold file that has a
  "claims" list, with or without "troops";
- rhetoric: per-category F1 over matched quotes, when the quote rows carry
  category columns and the gold quotes a "rhetoric" list.

A gold field that is absent is not scored.  With ``tables=None`` the stages
that exist are run over the articles of ``articles_dir`` first.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from . import config
from .rhetoric import CATEGORIES
from .text import is_blank

TOKEN = re.compile(r"[\w']+")


# ------------------------------------------------------------ matching

def tokens(text) -> list[str]:
    return TOKEN.findall(("" if text is None else str(text)).lower())


def overlap(a, b) -> float:
    """Share of the shorter token list found in the longer one (multiset), penalising
    a short span matched inside a much longer one."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    pool: dict[str, int] = {}
    for t in long_:
        pool[t] = pool.get(t, 0) + 1
    hit = 0
    for t in short:
        if pool.get(t):
            pool[t] -= 1
            hit += 1
    return hit / len(short) * min(1.0, 2 * len(short) / len(long_))


def blank(v) -> bool:
    """An empty cell (see :func:`analysis.text.is_blank`), or "unknown", which the gold files
    also use for a speaker or party nobody can know."""
    return is_blank(v) or str(v).strip().lower() == "unknown"


def same_speaker(gold, got, also=()) -> bool:
    if blank(gold):
        return blank(got)
    if blank(got):
        return False
    g = tokens(got)
    return any(tokens(n) and tokens(n)[-1] in g for n in [gold, *also])


def same_party(gold, got) -> bool:
    if blank(gold):
        return blank(got)
    return not blank(got) and str(gold).strip().lower() == str(got).strip().lower()


def match(gold_items, got_items, threshold):
    """Greedy one-to-one matching by text overlap; returns [(gold, got)]."""
    pairs = []
    for gi, g in enumerate(gold_items):
        for oi, o in enumerate(got_items):
            s = overlap(g.get("text"), o.get("text", ""))
            if s >= threshold:
                pairs.append((s, gi, oi))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_g, used_o, out = set(), set(), []
    for _score, gi, oi in pairs:
        if gi in used_g or oi in used_o:
            continue
        used_g.add(gi)
        used_o.add(oi)
        out.append((gold_items[gi], got_items[oi]))
    return out


def _num(v):
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if f != f else f


def troop_value_ok(g, o) -> bool:
    """The output's value (or range) falls inside the gold bounds; an open gold bound (null, as
    real-coverage gold writes "more than 40,000") is unbounded."""
    lo, hi, val = _num(o.get("low")), _num(o.get("high")), _num(o.get("value"))
    glo = _num(g.get("low"))
    ghi = _num(g.get("high"))
    glo = float("-inf") if glo is None else glo
    ghi = float("inf") if ghi is None else ghi
    if g.get("value") is not None:
        return val is not None and glo <= val <= ghi
    if lo is None and hi is None:
        return val is not None and glo <= val <= ghi
    lo = lo if lo is not None else hi
    hi = hi if hi is not None else lo
    return lo <= ghi and hi >= glo


def flagged(v) -> bool:
    if blank(v):
        return False
    s = str(v).strip().lower()
    if s in ("true", "yes"):
        return True
    n = _num(s)
    return n is not None and n > 0


def prf(tp, n_got, n_gold):
    p = tp / n_got if n_got else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


# ------------------------------------------------------------- tables

def _rows(table) -> list[dict]:
    """A DataFrame or a list of dicts -> list of dicts."""
    if table is None:
        return []
    if hasattr(table, "to_dict"):
        return table.to_dict("records")
    return list(table)


def _read_articles(articles_dir: Path, names=None):
    """Articles of a folder. With ``names`` (the files the gold annotates) each file is read on
    its own, so the corpus reader's de-duplication never drops an annotated article."""
    from . import corpus

    if names is None:
        arts, _rejected = corpus.read_corpus([articles_dir], report=lambda msg: None)
        return arts
    out = []
    for n in names:
        path = Path(articles_dir) / n
        if path.is_file():
            out += [a for a in corpus.read_file(path, report=lambda msg: None, article_id=path.stem)
                    if isinstance(a, corpus.Article)]
    return out


def run_stages(articles) -> dict[str, list[dict]]:
    """Every stage over ``articles`` (the pipeline's per-article function): table name -> rows."""
    from .pipeline import process_article

    out: dict[str, list[dict]] = {"quotes": [], "claims": [], "troops": []}
    for a in articles:
        res = process_article(a)
        for k in out:
            out[k].extend(res.get(k, []))
    return out


# ------------------------------------------------------------- scoring

def evaluate(gold_dir, articles_dir=None, tables: dict | None = None, beside: bool | None = None) -> dict:
    """Score ``tables`` (or the stages run over ``articles_dir``) against the gold JSON files.
    ``beside``: also score the real-coverage set (:data:`REAL_COVERAGE`) when it exists; by default
    when the stages run here (no ``tables`` given), as ``python -m analysis evaluate`` does."""
    if beside is None:
        beside = tables is None
    if beside:
        summary = with_real_coverage(evaluate(gold_dir, articles_dir, tables, beside=False), gold_dir)
        held = heldback_rhetoric()
        return dict(summary, rhetoric_heldback=held) if held else summary
    gold_files = sorted(Path(gold_dir).glob("*.json"))
    golds = [json.loads(f.read_text(encoding="utf-8")) for f in gold_files]
    if tables is None:
        if articles_dir is None:
            articles_dir = Path(gold_dir).parent / "articles"
        arts = _read_articles(Path(articles_dir), sorted({g["article"] for g in golds}))
        tables = run_stages(arts)
    qa, ta, ca = (_by_article(_rows(tables.get(name))) for name in ("quotes", "troops", "claims"))
    t = dict(q_gold=0, q_got=0, q_tp=0, q_fp_scare=0, spk_n=0, spk_ok=0, null_n=0, null_ok=0,
             party_n=0, party_ok=0, wrong_side=0, t_gold=0, t_got=0, t_tp=0, t_val_ok=0, t_false=0,
             c_gold=0, c_hit=0, c_act_ok=0, c_got=0)
    rh: dict[str, dict[str, int]] = {c: dict(tp=0, fp=0, fn=0) for c in CATEGORIES}
    rh_seen = False
    per_article: dict[str, dict] = {}
    for g in golds:
        aid = Path(g["article"]).stem
        per_article[aid] = a = _score_quotes(g, qa.get(aid, []), t, rh)
        seen = a.pop("rhetoric_seen")
        rh_seen = rh_seen or seen
        if "troops" in g:
            a["troop_misses"] = _score_troops(g, ta.get(aid, []), t)
        if "claims" in g:
            _score_claims(g, ca.get(aid, []), t)
    summary = _summary(t, len(golds), per_article)
    if rh_seen:
        summary.update(_rhetoric_summary(rh))
    return summary


def _by_article(rows: list[dict]) -> dict[str, list[dict]]:
    """Rows grouped by article id."""
    d: dict[str, list[dict]] = {}
    for r in rows:
        d.setdefault(str(r.get("article_id")), []).append(r)
    return d


def _score_quotes(g: dict, gq: list[dict], t: dict, rh: dict) -> dict:
    """Match one article's quotes to the gold; count found, speakers, parties, wrong sides, scare
    quotes and rhetoric categories into ``t``/``rh``; return the article's error lists."""
    a: dict[str, Any] = dict(quotes=len(g["quotes"]), found=0, speaker_errors=[], party_errors=[], missed=[],
                             extra=[], troop_misses=[], rhetoric_seen=False)
    t["q_gold"] += len(g["quotes"])
    t["q_got"] += len(gq)
    pairs = match(g["quotes"], gq, 0.6)
    got_ids = {id(o) for _, o in pairs}
    gold_ids = {id(x) for x, _ in pairs}
    a["missed"] = [x["text"] for x in g["quotes"] if id(x) not in gold_ids]
    a["extra"] = [o.get("text") for o in gq if id(o) not in got_ids]
    for gold, got in pairs:
        t["q_tp"] += 1
        a["found"] += 1
        if "speaker" in gold:
            _score_speaker(gold, got, t, a)
        if "rhetoric" in gold and any(c in got for c in CATEGORIES):
            a["rhetoric_seen"] = True
            for c in CATEGORIES:
                want, have = c in gold["rhetoric"], flagged(got.get(c))
                rh[c]["tp"] += want and have
                rh[c]["fp"] += have and not want
                rh[c]["fn"] += want and not have
        if "party" in gold:
            _score_party(gold, got, t, a)
    t["q_fp_scare"] += len(match(g.get("not_quotes", []), gq, 0.8))
    return a


def _score_speaker(gold: dict, got: dict, t: dict, a: dict) -> None:
    """A matched quote's speaker: right, rightly left blank, or an error listed for the article."""
    also = gold.get("speaker_also", ())
    if blank(gold["speaker"]):
        t["null_n"] += 1
        t["null_ok"] += blank(got.get("speaker"))
    else:
        t["spk_n"] += 1
        t["spk_ok"] += same_speaker(gold["speaker"], got.get("speaker"), also)
    if not same_speaker(gold["speaker"], got.get("speaker"), also):
        a["speaker_errors"].append((gold["text"][:50], gold["speaker"], got.get("speaker")))


def _score_party(gold: dict, got: dict, t: dict, a: dict) -> None:
    """A matched quote's party: right, or wrong (a side where the gold has another or none)."""
    if not blank(gold["party"]):
        t["party_n"] += 1
        ok = same_party(gold["party"], got.get("party"))
        t["party_ok"] += ok
        if not ok and not blank(got.get("party")):
            t["wrong_side"] += 1
            a["party_errors"].append((gold["text"][:50], gold["party"], got.get("party")))
    elif not blank(got.get("party")):
        t["wrong_side"] += 1
        a["party_errors"].append((gold["text"][:50], None, got.get("party")))


def _score_troops(g: dict, gt: list[dict], t: dict) -> list[str]:
    """Match one article's troop figures to the gold; count into ``t``; return the missed texts."""
    t["t_gold"] += len(g["troops"])
    t["t_got"] += len(gt)
    matched = match(g["troops"], gt, 0.5)
    t["t_tp"] += len(matched)
    t["t_val_ok"] += sum(troop_value_ok(gold, got) for gold, got in matched)
    t["t_false"] += len(match(g.get("not_troops", []), gt, 0.5))
    found = {id(x[0]) for x in matched}
    return [x["text"] for x in g["troops"] if id(x) not in found]


def _score_claims(g: dict, gc: list[dict], t: dict) -> None:
    """A gold claim is found when a claim of its party stands in its paragraph; its act is right
    when one of those claims has the gold act."""
    t["c_gold"] += len(g["claims"])
    t["c_got"] += len(gc)
    for c in g["claims"]:
        same = [x for x in gc if str(x.get("paragraph")) == str(c["paragraph"])
                and same_party(c.get("party"), x.get("party"))]
        if same:
            t["c_hit"] += 1
            t["c_act_ok"] += any(str(x.get("act") or "").lower() == c.get("act") for x in same)


def _div(x: float, y: float) -> float | None:
    return round(x / y, 3) if y else None


def _summary(t: dict, n_articles: int, per_article: dict) -> dict:
    """The headline figures from the counts."""
    qp, qr, qf = prf(t["q_tp"], t["q_got"], t["q_gold"])
    tp_, tr, tf = prf(t["t_tp"], t["t_got"], t["t_gold"])
    return {
        "articles": n_articles,
        "quote_precision": round(qp, 3), "quote_recall": round(qr, 3), "quote_f1": round(qf, 3),
        "speaker_accuracy": _div(t["spk_ok"], t["spk_n"]),
        "unattributable_left_blank": _div(t["null_ok"], t["null_n"]),
        "party_accuracy": _div(t["party_ok"], t["party_n"]),
        "quotes_given_a_wrong_party": t["wrong_side"],
        "scare_quotes_reported": t["q_fp_scare"],
        "troop_precision": round(tp_, 3), "troop_recall": round(tr, 3), "troop_f1": round(tf, 3),
        "troop_value_accuracy": _div(t["t_val_ok"], t["t_tp"]),
        "non_troop_numbers_reported": t["t_false"],
        "claim_recall": _div(t["c_hit"], t["c_gold"]),
        "claim_act_accuracy": _div(t["c_act_ok"], t["c_hit"]),
        "claims_reported": t["c_got"],
        "counts": t,
        "per_article": per_article,
    }


def _rhetoric_summary(rh: dict) -> dict:
    """F1 per rhetoric category (categories the gold and the tool never flag are left out) and their mean."""
    per_cat, per_p, per_r = {}, {}, {}
    for c, v in rh.items():
        p_, r_, f_ = prf(v["tp"], v["tp"] + v["fp"], v["tp"] + v["fn"])
        if v["tp"] + v["fp"] + v["fn"]:
            per_cat[c] = round(f_, 3)
            per_p[c] = round(p_, 3) if v["tp"] + v["fp"] else None  # None: the tool never flags it
            per_r[c] = round(r_, 3) if v["tp"] + v["fn"] else None  # None: the gold never has it
    return {"rhetoric_f1": per_cat, "rhetoric_precision": per_p, "rhetoric_recall": per_r,
            "rhetoric_macro_f1": round(sum(per_cat.values()) / len(per_cat), 3) if per_cat else None}


_LABELS = [
    ("Quotes", None),
    ("quote_precision", "precision"), ("quote_recall", "recall"), ("quote_f1", "F1"),
    ("speaker_accuracy", "speaker accuracy"), ("party_accuracy", "party accuracy"),
    ("unattributable_left_blank", "unknowable speakers left empty"),
    ("quotes_given_a_wrong_party", "quotes given a wrong party"),
    ("scare_quotes_reported", "scare quotes reported as quotes"),
    ("Troop mentions", None),
    ("troop_precision", "precision"), ("troop_recall", "recall"), ("troop_f1", "F1"),
    ("troop_value_accuracy", "value accuracy"), ("non_troop_numbers_reported", "non-troop numbers reported"),
    ("Claims", None),
    ("claim_recall", "recall (paragraph + party)"), ("claim_act_accuracy", "act accuracy"),
    ("claims_reported", "claims reported"),
]


# --- real coverage beside the in-house figures (quotes engineer, issue 14) ---------------------
# Excerpts of real crisis coverage annotated like the in-house gold, kept beside the repository
# for development (never copied into it): when present, `evaluate` reports them next to the
# in-house figures, so a rule that only fits the in-house wire style shows at once.
REAL_COVERAGE = config.ROOT.parent / "shared" / "crisis-dev"


def with_real_coverage(summary: dict, gold_dir, real: Path | None = None) -> dict:
    """``summary`` with the real-coverage scores under ``"beside"`` (name -> summary), when that
    folder exists and is not the one just scored."""
    real = Path(real) if real is not None else REAL_COVERAGE
    gold = real / "gold"
    if not gold.is_dir() or Path(gold_dir).resolve() == gold.resolve():
        return summary
    return dict(summary, beside={real.name: evaluate(gold, real / "articles", beside=False)})


def _side_by_side(summary: dict) -> list[str]:
    """The figures of ``summary`` and of each summary ``beside`` it, one column each."""
    beside = summary.get("beside") or {}
    names = ["in-house", *beside]
    sums = [summary, *beside.values()]
    lines = [f"{summary.get('articles', 0)} annotated articles; "
             + ", ".join(f"{n}: {s.get('articles', 0)}" for n, s in zip(names[1:], sums[1:], strict=True))]
    lines.append(f"  {'':<34} " + " ".join(f"{n:>12}" for n in names))
    for key, label in _LABELS:
        if label is None:
            lines.append(key)
            continue
        cells = ["n/a" if s.get(key) is None else str(s.get(key)) for s in sums]
        lines.append(f"  {label:<34} " + " ".join(f"{c:>12}" for c in cells))
    return lines
# --- end of the real-coverage hunk ------------------------------------------------------------


# --- the held-back written quotes (issue 18) ----------------------------------------------------
# Crisis-style quotes the project's writers wrote and labelled by the guide, in a batch kept apart
# from everything the lexicons and the learned layer were built from: never trained on, never read
# while writing a rule. Scored with their paragraph as context, as the pipeline scores a quote.
HELDBACK_RHETORIC = config.ANNOTATED / "rhetoric_heldback.jsonl"


def heldback_rhetoric(path: Path | None = None) -> dict | None:
    """Per-category rhetoric F1/precision/recall (and the macro F1) of the held-back written quotes,
    with ``items``: their number; None when the file is missing. A line that cannot be read is
    skipped and counted in ``unreadable``."""
    from .rhetoric import score_row

    path = Path(path) if path is not None else HELDBACK_RHETORIC
    if not path.exists():
        return None
    rh: dict[str, dict[str, int]] = {c: dict(tp=0, fp=0, fn=0) for c in CATEGORIES}
    n = bad = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            text, labels, para = d["text"], set(d["labels"]), d.get("paragraph") or ""
        except (ValueError, KeyError, TypeError):
            bad += 1
            continue
        n += 1
        got = score_row({"text": text, "paragraph": 0}, [para])
        for c in CATEGORIES:
            want, have = c in labels, flagged(got.get(c))
            rh[c]["tp"] += want and have
            rh[c]["fp"] += have and not want
            rh[c]["fn"] += want and not have
    return dict(_rhetoric_summary(rh), items=n, unreadable=bad)


def _rhetoric_columns(summary: dict) -> list[tuple[str, dict]]:
    """(name, summary) of every set with rhetoric figures: in-house, the real coverage beside it, the
    held-back written quotes."""
    cols = [("in-house", summary)] + list((summary.get("beside") or {}).items())
    if summary.get("rhetoric_heldback"):
        cols.append(("written held back", summary["rhetoric_heldback"]))
    return [(n, s) for n, s in cols if s.get("rhetoric_f1")]


def _rhetoric_lines(summary: dict) -> list[str]:
    """The rhetoric block: per category F1 (precision/recall), one column per set."""
    cols = _rhetoric_columns(summary)
    if not cols:
        return []
    head = [f"{n} ({s['items']})" if "items" in s else n for n, s in cols]
    lines = ["Rhetoric: F1 (precision/recall) per category", f"  {'':<14}" + "".join(f"{h:>26}" for h in head)]
    for c in CATEGORIES:
        cells = []
        for _n, s in cols:
            f, p, r = (s.get(k, {}).get(c) for k in ("rhetoric_f1", "rhetoric_precision", "rhetoric_recall"))
            cells.append("n/a" if f is None else f"{f:.3f} ({'-' if p is None else f'{p:.2f}'}/{'-' if r is None else f'{r:.2f}'})")
        lines.append(f"  {c:<14}" + "".join(f"{x:>26}" for x in cells))
    lines.append(f"  {'macro F1':<14}" + "".join(f"{s.get('rhetoric_macro_f1')!s:>26}" for _n, s in cols))
    return lines


def format_report(summary: dict, details: bool = True) -> str:
    """A plain-text report of ``evaluate``'s summary (per-article problems first, then the figures;
    with real-coverage scores ``beside`` it, one column per gold set)."""
    lines: list[str] = []
    if details:
        for aid, a in (summary.get("per_article") or {}).items():
            lines.append(f"{aid}: {a['found']}/{a['quotes']} quotes found")
            for text in a.get("missed", []):
                lines.append(f"   missed quote: {text[:60]!r}")
            for text in a.get("extra", []):
                lines.append(f"   not a gold quote: {str(text)[:60]!r}")
            for text, want, got in a.get("speaker_errors", []):
                lines.append(f"   speaker: {text!r}... want {want!r}, got {got!r}")
            for text, want, got in a.get("party_errors", []):
                lines.append(f"   party: {text!r}... want {want!r}, got {got!r}")
            for text in a.get("troop_misses", []):
                lines.append(f"   troop mention missed: {text!r}")
        lines.append("")
    if summary.get("beside"):
        lines += _side_by_side(summary)
    else:
        lines.append(f"{summary.get('articles', 0)} annotated articles")
        for key, label in _LABELS:
            if label is None:
                lines.append(key)
                continue
            v = summary.get(key)
            lines.append(f"  {label:<34} {'n/a' if v is None else v}")
    lines += _rhetoric_lines(summary)
    return "\n".join(lines)
