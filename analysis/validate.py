"""Precision on the user's own corpus: a seeded, stratified sample checked by hand.

The field's standard ("validate, validate, validate") is to hand-check a
random sample of the tool's output on the corpus at hand and report the
precision with an interval. Two steps:

``python -m analysis validate sample --table quotes --n 100`` draws rows
stratified by party and outlet (proportional allocation, largest remainder;
seeded, so the same tables and seed give the same sample) and writes a CSV
with the words, the paragraph they stand in and empty judgement columns
(``speaker_ok``, ``party_ok``, ...). Mark each cell ``y`` (right) or ``n``
(wrong); ``-`` means it does not apply (an act for a quote no claim links
to); a blank is not yet checked. ``checked_on`` takes the date of the check.

``python -m analysis validate score`` reports, per judgement column, how many
of the checked rows were right, with a Wilson 95% interval, and writes the
result beside the sample (``<sample>.score.json``) for the report. A sample
drawn from an older run is re-matched to the current tables by its keys
(article, paragraph and words): a judgement carries to the current row only
when the column it judged still holds the same value; rows whose value
changed are listed for re-checking, rows that are gone are counted.
"""
from __future__ import annotations

import json
import math
import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from . import config
from .corrections import norm, words_match

VALIDATION = config.DATA / "validation"
TABLES = ("quotes", "claims", "troops")
#: judgement column -> the predicted columns it judges, per table (none: the row's being there is judged,
#: and a re-matched row carries it even when its words' boundaries moved)
JUDGED = {
    "quotes": {"quote_ok": [], "speaker_ok": ["speaker"], "party_ok": ["party"], "act_ok": ["act"]},
    "claims": {"claim_ok": [], "actor_ok": ["actor"], "party_ok": ["party"], "act_ok": ["act"]},
    "troops": {"figure_ok": [], "bounds_ok": ["value", "low", "high", "qualifier"],
               "force_ok": ["force"], "claimant_ok": ["claimant"]},
}
#: what each judgement column asks, in words (the CSV's reader and the report see these)
QUESTION = {
    "quote_ok": "is a quotation", "speaker_ok": "speaker right", "party_ok": "party right", "act_ok": "act right",
    "claim_ok": "is an attributed statement", "actor_ok": "actor right", "figure_ok": "is a troop figure",
    "bounds_ok": "value and bounds right", "force_ok": "force right", "claimant_ok": "claimant right",
}
PARTY_COLUMN = {"quotes": "party", "claims": "party", "troops": "force"}
SHOWN = {
    "quotes": ["speaker", "party", "act", "cue", "kind"],
    "claims": ["actor", "party", "act", "cue", "source"],
    "troops": ["value", "low", "high", "qualifier", "unit", "force", "claimant", "kind"],
}
YES = {"y", "yes", "1", "true", "right", "ok", "correct", "✓", "✔", "+"}
NO = {"n", "no", "0", "false", "wrong", "x", "incorrect", "✗", "✘"}
NA = {"-", "na", "n/a", "?", "skip", "unsure"}
Z95 = 1.959963984540054


# ---------------------------------------------------------------------- maths
def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for k successes in n trials (95% by default); (nan, nan) for n = 0."""
    if n <= 0:
        return (math.nan, math.nan)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    lo, hi = max(0.0, centre - half), min(1.0, centre + half)
    return (0.0 if k == 0 else lo, 1.0 if k == n else hi)  # exact at the edges (no 0.9999999)


def allocate(sizes: dict, n: int) -> dict:
    """Rows per stratum for a sample of ``n``: proportional, largest remainder, never more than a stratum holds."""
    total = sum(sizes.values())
    if n >= total:
        return dict(sizes)
    exact = {k: n * v / total for k, v in sizes.items()}
    alloc = {k: min(sizes[k], math.floor(x)) for k, x in exact.items()}
    left = n - sum(alloc.values())
    for k in sorted(sizes, key=lambda k: (-(exact[k] - math.floor(exact[k])), -sizes[k], str(k))):
        if left <= 0:
            break
        if alloc[k] < sizes[k]:
            alloc[k] += 1
            left -= 1
    while left > 0:  # strata already full: give the rest to those with room
        for k in sorted(sizes, key=lambda k: (-(sizes[k] - alloc[k]), str(k))):
            if left and alloc[k] < sizes[k]:
                alloc[k] += 1
                left -= 1
    return alloc


# --------------------------------------------------------------------- sample
def with_context(table: str, tables: dict):
    """The table's rows with outlet, date, the paragraph's text and (quotes) the act of the linked claim."""

    df = tables[table].copy()
    arts = tables.get("articles")
    if arts is not None and len(arts):
        meta = arts[["article_id", "outlet", "date"]].drop_duplicates("article_id")
        df = df.drop(columns=[c for c in ("outlet", "date") if c in df], errors="ignore").merge(
            meta, on="article_id", how="left")
    for c in ("outlet", "date"):
        if c not in df:
            df[c] = ""
    paras = tables.get("paragraphs")
    if paras is not None and len(paras):
        p = paras.rename(columns={"text": "paragraph_text"})[["article_id", "paragraph", "paragraph_text"]]
        df = df.merge(p.astype({"paragraph": "int64"}), on=["article_id", "paragraph"], how="left") \
            if len(df) else df.assign(paragraph_text="")
    else:
        df["paragraph_text"] = ""
    if table == "quotes":
        claims = tables.get("claims")
        if claims is not None and len(claims) and "quote_id" in claims and "quote_id" in df:
            acts = claims[claims["quote_id"].fillna("").astype(str) != ""].drop_duplicates("quote_id")
            df = df.merge(acts[["quote_id", "act"]], on="quote_id", how="left")
        if "act" not in df:
            df["act"] = ""
    return df


def sample(tables: dict, table: str = "quotes", n: int = 100, seed: int = 0):
    """A stratified random sample of ``table`` (by party and outlet) with empty judgement columns."""
    import numpy as np
    import pandas as pd

    if table not in TABLES:
        raise ValueError(f"table must be one of {', '.join(TABLES)}")
    df = with_context(table, tables).reset_index(drop=True)
    pcol = PARTY_COLUMN[table]
    strata = (df[pcol].fillna("").astype(str).replace("", "(none)") + " | "
              + df["outlet"].fillna("").astype(str).replace("", "(none)")) if len(df) else pd.Series(dtype=str)
    sizes = strata.value_counts().to_dict()
    alloc = allocate(sizes, n)
    rng = np.random.default_rng(seed)
    picked: list[int] = []
    for s in sorted(alloc):
        idx = np.flatnonzero((strata == s).to_numpy())
        take = rng.choice(idx, size=alloc[s], replace=False) if alloc[s] < len(idx) else idx
        picked.extend(int(i) for i in take)
    picked.sort()
    out = df.loc[picked].copy()
    out.insert(0, "sample_id", [f"{table[0]}{i + 1:03d}" for i in range(len(out))])
    out["stratum"] = strata.loc[picked].to_numpy() if len(out) else []
    out["stratum_rows"] = [sizes[s] for s in out["stratum"]]
    out["weight"] = [round(sizes[s] / alloc[s], 4) for s in out["stratum"]]
    keep = ["sample_id", "article_id", "paragraph", "outlet", "date", "text", *SHOWN[table], "corrected",
            "paragraph_text",
            "start", "end", "stratum", "stratum_rows", "weight"]
    out = out[[c for c in keep if c in out.columns]]
    for c in JUDGED[table]:
        out[c] = ""
    out["note"] = ""
    out["checked_on"] = ""
    out["table"] = table
    out["seed"] = seed
    out["sampled_on"] = date.today().isoformat()
    return out.reset_index(drop=True)


def write_sample(df, path: str | Path, force: bool = False) -> Path:
    """Write the sample whole; never over a file that exists (it may hold judgements) unless ``force``."""
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(f"{path} exists (it may hold your judgements); choose another --file or pass --force")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    df.to_csv(tmp, index=False, lineterminator="\n")
    os.replace(tmp, path)
    return path


# ---------------------------------------------------------------------- score
def judgement(cell) -> bool | None:
    """True (right), False (wrong) or None (not checked, or does not apply)."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return None
    s = str(cell).strip().casefold()
    if s in YES:
        return True
    if s in NO:
        return False
    if s in NA or s == "":
        return None
    raise ValueError(f"cannot read the judgement {cell!r}: write y (right), n (wrong) or - (does not apply)")


def _same(a, b) -> bool:
    def v(x):
        if x is None or (isinstance(x, float) and math.isnan(x)):
            return ""
        try:
            f = float(x)
            return "" if math.isnan(f) else repr(round(f, 6))
        except (TypeError, ValueError):
            return norm(x)
    return v(a) == v(b)


def rematch(sample_df, tables: dict) -> list[dict | None]:
    """For each sample row, the current row with the same article, paragraph and words (or None)."""
    table = str(sample_df["table"].iloc[0]) if len(sample_df) else "quotes"
    cur = with_context(table, tables)
    by_key: dict = {}
    for r in cur.to_dict("records"):
        by_key.setdefault((str(r["article_id"]), int(r["paragraph"])), []).append(r)
    out = []
    for s in sample_df.to_dict("records"):
        cands = [r for r in by_key.get((str(s["article_id"]), int(s["paragraph"])), [])
                 if words_match(str(s["text"]), r.get("text"))]
        if len(cands) > 1:
            exact = [r for r in cands if norm(r.get("text")) == norm(s["text"])]
            cands = exact or sorted(cands, key=lambda r: abs(float(r.get("start") or 0) - float(s.get("start") or 0)))
        out.append(cands[0] if cands else None)
    return out


def score(sample_df, tables: dict | None = None) -> dict:
    """Precision per judgement column with Wilson 95% intervals.

    ``as_checked``: the judgements as marked. With ``tables`` (the current
    run), ``current``: judgements carried to re-matched rows whose judged
    values did not change, plus counts of rows changed and gone.
    """
    if not len(sample_df):
        raise ValueError("the sample is empty")
    table = str(sample_df["table"].iloc[0])
    if table not in JUDGED:
        raise ValueError(f"unknown table {table!r} in the sample")
    cols = [c for c in JUDGED[table] if c in sample_df.columns]
    marks = {c: [judgement(v) for v in sample_df[c]] for c in cols}
    result: dict = {"table": table, "rows": len(sample_df), "columns": {}, "checked_on": _checked_on(sample_df),
                    "sampled_on": str(sample_df["sampled_on"].iloc[0]) if "sampled_on" in sample_df else ""}
    for c in cols:
        k = sum(1 for m in marks[c] if m is True)
        n = sum(1 for m in marks[c] if m is not None)
        result["columns"][c] = _entry(c, k, n)
    if not any(e["checked"] for e in result["columns"].values()):
        result["checked_on"] = ""  # nothing judged yet: no date of a check
    # per party as the tool gave it (a quote given to the wrong side is the worst error: see where it happens)
    pcol = PARTY_COLUMN[table]
    if pcol in sample_df.columns:
        parties = [str(v).strip() or "(none)" for v in sample_df[pcol].fillna("")]
        result["by_party"] = {}
        for party in sorted(set(parties)):
            ents = {}
            for c in cols:
                got = [m for p, m in zip(parties, marks[c], strict=True) if p == party and m is not None]
                if got:
                    ents[c] = _entry(c, sum(got), len(got))
            if ents:
                result["by_party"][party] = ents
    if tables is not None:
        matched = rematch(sample_df, tables)
        rows = sample_df.to_dict("records")
        gone = [s["sample_id"] for s, m in zip(rows, matched, strict=True) if m is None]
        cur_cols: dict = {}
        recheck: dict = {}
        for c in cols:
            k = n = 0
            for s, m, mark in zip(rows, matched, marks[c], strict=True):
                if m is None or mark is None:
                    continue
                if all(_same(s.get(p), m.get(p)) for p in JUDGED[table][c] if p in s):
                    n += 1
                    k += mark
                else:
                    recheck.setdefault(s["sample_id"], []).append(c)
            cur_cols[c] = _entry(c, k, n)
        result["current"] = {"found": len(rows) - len(gone), "gone": gone,
                             "changed": {sid: v for sid, v in sorted(recheck.items())}, "columns": cur_cols}
    return result


def _entry(col: str, k: int, n: int) -> dict:
    lo, hi = wilson(k, n)
    return {"question": QUESTION.get(col, col), "right": k, "checked": n,
            "precision": round(k / n, 4) if n else None,
            "ci_low": round(lo, 4) if n else None, "ci_high": round(hi, 4) if n else None}


def _checked_on(df) -> str:
    if "checked_on" in df:
        vals = [str(v).strip() for v in df["checked_on"] if not (isinstance(v, float) and math.isnan(v)) and str(v).strip()]
        if vals:
            return max(vals)
    return ""


def sentence(table: str, col: str, e: dict) -> str:
    """'speaker right in 92 of 100 checked quotes, 95% CI 85–96%'."""
    noun = {"quotes": "quotes", "claims": "claims", "troops": "troop figures"}.get(table, "rows")
    if not e["checked"]:
        return f"{e['question']}: none of the {noun} checked yet"
    return (f"{e['question']} in {e['right']} of {e['checked']} checked {noun}, "
            f"95% CI {e['ci_low'] * 100:.0f}–{e['ci_high'] * 100:.0f}%")


def format_score(res: dict) -> str:
    if not any(e["checked"] for e in res["columns"].values()):
        return (f"{res['table']}: {res['rows']} sampled rows, none judged yet: mark "
                f"{', '.join(res['columns'])} with y (right), n (wrong) or - (does not apply)")
    lines = [f"{res['table']}: {res['rows']} sampled rows"
             + (f", checked on {res['checked_on']}" if res.get("checked_on") else "")
             + (f" (sample drawn {res['sampled_on']})" if res.get("sampled_on") else "")]
    lines.append(f"  {'column':<12} {'right':>5} {'of':>4} {'precision':>9}  95% CI (Wilson)")
    for c, e in res["columns"].items():
        ci = f"{e['ci_low'] * 100:.1f}–{e['ci_high'] * 100:.1f}%" if e["checked"] else "-"
        p = f"{e['precision'] * 100:.1f}%" if e["checked"] else "-"
        lines.append(f"  {c:<12} {e['right']:>5} {e['checked']:>4} {p:>9}  {ci}")
    cur = res.get("current")
    if cur:
        lines.append(f"  re-matched to the current tables: {cur['found']} of {res['rows']} rows found, "
                     f"{len(cur['gone'])} gone, {len(cur['changed'])} changed since the check")
        for sid, cs in cur["changed"].items():
            lines.append(f"    re-check {sid}: {', '.join(cs)} changed")
        for c, e in cur["columns"].items():
            if e["checked"] != res["columns"][c]["checked"]:
                lines.append(f"    now: {sentence(res['table'], c, e)}")
    by = res.get("by_party") or {}
    if len(by) > 1:
        lines.append(f"  by {PARTY_COLUMN[res['table']]} as the tool gave it (right/checked, 95% CI):")
        for party, ents in by.items():
            cells = [f"{c} {e['right']}/{e['checked']} ({e['ci_low'] * 100:.0f}–{e['ci_high'] * 100:.0f}%)"
                     for c, e in ents.items()]
            lines.append(f"    {party:<12} " + "; ".join(cells))
    for c, e in res["columns"].items():
        if e["checked"]:
            lines.append("  " + sentence(res["table"], c, e))
    return "\n".join(lines)


def load_sample(path: str | Path):
    import pandas as pd

    path = Path(path)
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"sample_id", "article_id", "paragraph", "text", "table"} - set(df.columns)
    if missing:
        raise ValueError(f"{path}: not a validation sample (missing {', '.join(sorted(missing))})")
    for c in ("start", "end"):
        if c in df:
            df[c] = df[c].replace("", None)
    if not _checked_on(df):
        df["checked_on"] = datetime.fromtimestamp(path.stat().st_mtime, UTC).date().isoformat()
    return df


def score_file(path: str | Path, tables: dict | None = None, write: bool = True) -> dict:
    """Score the sample at ``path``; write ``<path>.score.json`` beside it (whole)."""
    path = Path(path)
    res = score(load_sample(path), tables)
    res["sample"] = path.name
    res["scored_on"] = date.today().isoformat()
    if write:
        out = path.with_suffix(".score.json")
        tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
        tmp.write_text(json.dumps(res, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, out)
    return res


def load_scores(folder: str | Path = VALIDATION) -> list[dict]:
    """Every ``*.score.json`` in ``folder`` (for the report), newest check first."""
    folder = Path(folder)
    out = []
    for f in sorted(folder.glob("*.score.json")) if folder.is_dir() else []:
        try:
            out.append(json.loads(f.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return sorted(out, key=lambda r: (r.get("checked_on") or "", r.get("sample") or ""), reverse=True)


# ------------------------------------------------------------------------ CLI
def add_cli(sub) -> None:
    """The ``validate sample|score`` subcommand (registered by ``analysis.__main__``)."""
    v = sub.add_parser("validate", help="hand-check a stratified sample and report precision with intervals",
                       description="Precision on your own corpus: 'sample' writes a seeded random sample, "
                                   "stratified by party and outlet, to a CSV with empty judgement columns; mark "
                                   "each y (right), n (wrong) or - (does not apply); 'score' prints precision per "
                                   "column with Wilson 95% intervals and writes <sample>.score.json for the report.")
    vs = v.add_subparsers(dest="validate_command", metavar="STEP")
    s = vs.add_parser("sample", help="write a stratified random sample to check by hand")
    s.add_argument("--table", choices=TABLES, default="quotes")
    s.add_argument("--n", type=int, default=100, help="rows to sample (default 100)")
    s.add_argument("--seed", type=int, default=0, help="random seed (default 0): same tables, same seed, same sample")
    s.add_argument("--tables", metavar="DIR", default=None,
                   help=f"folder of the run's tables (default: {config.PROCESSED.relative_to(config.ROOT)})")
    s.add_argument("--file", metavar="CSV", default=None,
                   help="where to write (default: data/validation/<table>-sample-<date>.csv)")
    s.add_argument("--force", action="store_true", help="overwrite an existing file")
    c = vs.add_parser("score", help="precision per column with Wilson 95%% intervals")
    c.add_argument("samples", nargs="*", metavar="CSV", help="marked samples (default: data/validation/*-sample*.csv)")
    c.add_argument("--tables", metavar="DIR", default=None,
                   help="folder of the current tables, to re-match older samples (default: data/processed if present)")
    c.add_argument("--no-rematch", action="store_true", help="score the judgements as marked only")
    c.add_argument("--json", action="store_true", help="print the result as JSON")
    v.set_defaults(handler=cmd_validate)


def _tables(folder) -> dict:
    from .tables import read_table

    names = ("articles", "quotes", "claims", "troops", "paragraphs")
    return {n: read_table(folder, n) for n in names if (Path(folder) / f"{n}.csv").exists()}


def cmd_validate(args) -> int:
    if args.validate_command == "sample":
        folder = Path(args.tables) if args.tables else config.PROCESSED
        if not (folder / f"{args.table}.csv").exists():
            print(f"error: no {args.table}.csv in {folder}: run 'python -m analysis run' first", file=sys.stderr)
            return 2
        if args.n < 1:
            print("error: --n must be at least 1", file=sys.stderr)
            return 2
        df = sample(_tables(folder), args.table, args.n, args.seed)
        path = Path(args.file) if args.file else VALIDATION / f"{args.table}-sample-{date.today():%Y%m%d}.csv"
        try:
            write_sample(df, path, force=args.force)
        except FileExistsError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        strata = df["stratum"].nunique() if len(df) else 0
        print(f"{len(df)} {args.table} rows from {strata} party/outlet strata -> {path}\n"
              f"mark {', '.join(JUDGED[args.table])} with y / n / - then run: python -m analysis validate score {path}",
              file=sys.stderr)
        return 0
    if args.validate_command == "score":
        paths = [Path(p) for p in args.samples] or sorted(VALIDATION.glob("*-sample*.csv"))
        if not paths:
            print("error: no samples given and none in data/validation (run 'validate sample' first)", file=sys.stderr)
            return 2
        folder = Path(args.tables) if args.tables else config.PROCESSED
        tables = None if args.no_rematch or not (folder / "articles.csv").exists() else _tables(folder)
        results = []
        for p in paths:
            if not p.exists():
                print(f"error: no such file: {p}", file=sys.stderr)
                return 2
            try:
                res = score_file(p, tables)
            except ValueError as e:
                print(f"error: {p}: {e}", file=sys.stderr)
                return 2
            results.append(res)
            if not args.json:
                print(format_score(res))
        if args.json:
            print(json.dumps(results, indent=1, ensure_ascii=False))
        return 0
    print("usage: python -m analysis validate sample|score (see --help)", file=sys.stderr)
    return 2
