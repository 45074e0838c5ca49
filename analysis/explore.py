"""Explore the rows: searchable, filterable, sortable tables, offline, in the report and in notebooks.

A researcher who wants another party's quotes should type the party into a
box, not edit ``party = "Russia"`` in a cell and rerun. This module builds
the tables the report and the notebooks show:

- ``quotes_view`` / ``claims_view`` / ``troops_view``: one row per quote,
  claim or troop figure with date, outlet, party, who, act, rhetoric
  categories and the paragraph it came from (the words marked in it);
- ``table_html(view, ...)``: an interactive HTML table (search box, a filter
  box per column such as party, outlet, speaker, act, rhetoric; click a
  header to sort; pages). Its JavaScript (``analysis/data/explore.js``, a
  few kilobytes of plain JS) and the rows travel inside the HTML: nothing is
  fetched, so it works offline and in a file sent by mail;
- ``report_fragment(...)`` / ``add_to_report(html_path)``: the tables plus
  the hand-check of precision (``analysis.validate``) and the corrections
  log, added to ``reports/report.html``;
- ``filter_rows`` and ``filter_panel`` (notebooks): ipywidgets drop-downs
  and a search box over a view, showing the filtered rows.

Why not a library table: DataTables' search (itables) matches substrings,
so a party box given "US" also shows Russia's rows, and its bundle adds a
megabyte to the report; the filter rule needed here (a whole value when
the typed text is one) is a few lines of our own.
"""
from __future__ import annotations

import html
import json
import os
import re
from functools import lru_cache
from pathlib import Path

from . import config

HERE = Path(__file__).resolve().parent / "data"
CATEGORIES = ("threat", "accusation", "ultimatum", "sovereignty", "hedging", "dialogue", "sanctions")
MARK_START, MARK_END = "<!-- explore:start -->", "<!-- explore:end -->"

#: (column, label, kind, filter box) per view; kind: text, number or context (the paragraph)
COLUMNS = {
    "quotes": [("date", "date", "text", True), ("outlet", "outlet", "text", True),
               ("party", "party", "text", True), ("speaker", "speaker", "text", True),
               ("act", "act", "text", True), ("rhetoric", "rhetoric", "text", True),
               ("text", "quote", "text", False), ("context", "paragraph (quote marked)", "context", False),
               ("article_id", "article", "text", False), ("paragraph", "¶", "number", False),
               ("corrected", "corrected", "text", False)],
    "claims": [("date", "date", "text", True), ("outlet", "outlet", "text", True),
               ("party", "party", "text", True), ("actor", "actor", "text", True),
               ("act", "act", "text", True), ("rhetoric", "rhetoric", "text", True),
               ("text", "what is said", "text", False), ("context", "paragraph (claim marked)", "context", False),
               ("article_id", "article", "text", False), ("paragraph", "¶", "number", False),
               ("corrected", "corrected", "text", False)],
    "troops": [("date", "date", "text", True), ("outlet", "outlet", "text", True),
               ("force", "force", "text", True), ("claimant", "claimant", "text", True),
               ("claimant_party", "claimant's party", "text", True), ("value", "value", "number", False),
               ("low", "low", "number", False), ("high", "high", "number", False),
               ("qualifier", "qualifier", "text", True), ("unit", "unit", "text", True),
               ("text", "figure", "text", False), ("context", "paragraph (figure marked)", "context", False),
               ("article_id", "article", "text", False), ("paragraph", "¶", "number", False),
               ("corrected", "corrected", "text", False)],
}
TITLES = {"quotes": "Quotes", "claims": "Claims (attributed statements)", "troops": "Troop figures"}


# ---------------------------------------------------------------------- views
def _s(series):
    return series.astype("string").fillna("").str.strip()


def rhetoric_labels(df) -> list[str]:
    """The crisis-lexicon categories each row's words name ('threat, ultimatum'), from the count columns."""
    import pandas as pd

    cats = [c for c in CATEGORIES if c in df.columns]
    if not cats:
        return [""] * len(df)
    counts = df[cats].apply(pd.to_numeric, errors="coerce").fillna(0)
    return [", ".join(c for c, v in zip(cats, row, strict=True) if v > 0) for row in counts.to_numpy()]


def _view(table: str, tables: dict):
    import pandas as pd

    df = tables[table].copy()
    arts = tables.get("articles")
    if arts is not None and len(arts) and len(df):
        meta = arts[["article_id", "outlet", "date"]].drop_duplicates("article_id")
        df = df.drop(columns=[c for c in ("outlet", "date") if c in df.columns]).merge(meta, on="article_id",
                                                                                       how="left")
    if table == "quotes":
        claims = tables.get("claims")
        if claims is not None and len(claims) and "quote_id" in claims.columns and "quote_id" in df.columns:
            linked = claims[_s(claims["quote_id"]) != ""].drop_duplicates("quote_id")[["quote_id", "act"]]
            df = df.drop(columns=[c for c in ("act",) if c in df.columns]).merge(linked, on="quote_id", how="left")
    if table in ("quotes", "claims"):
        df["rhetoric"] = rhetoric_labels(df)
    cols = [c for c, *_ in COLUMNS[table]]
    for c in cols:
        if c not in df.columns:
            df[c] = pd.NA
    for c in ("start", "end"):
        if c not in df.columns:
            df[c] = pd.NA
    df["paragraph"] = pd.to_numeric(df["paragraph"], errors="coerce").astype("Int64")
    df = df.sort_values(["date", "article_id", "paragraph", "start"], kind="stable", na_position="last")
    return df[[*cols, "start", "end"]].reset_index(drop=True)


def quotes_view(tables: dict):
    """Quotes with date, outlet, party, speaker, the act of their claim, rhetoric categories, paragraph."""
    return _view("quotes", tables)


def claims_view(tables: dict):
    """Claims with date, outlet, party, actor, act, rhetoric categories and paragraph."""
    return _view("claims", tables)


def troops_view(tables: dict):
    """Troop figures with date, outlet, force, claimant, bounds and paragraph."""
    return _view("troops", tables)


VIEWS = {"quotes": quotes_view, "claims": claims_view, "troops": troops_view}


def filter_rows(view, search: str = "", **equals):
    """Rows of a view whose columns equal the given values (case-insensitive; "" or None = any;
    "(none)" = empty) and that contain every word of ``search`` somewhere (the same rule as the report's boxes,
    for whole values)."""
    import pandas as pd

    m = pd.Series(True, index=view.index)
    for col, want in equals.items():
        if want is None or str(want) == "":
            continue
        vals = _s(view[col]).str.casefold()
        m &= (vals == "") if want == "(none)" else (vals == str(want).casefold())
    if search and search.strip():
        text_cols = [c for c in view.columns if c not in ("start", "end")]
        hay = view[text_cols].astype("string").fillna("").agg(" ".join, axis=1).str.casefold()
        for w in search.casefold().split():
            m &= hay.str.contains(w, regex=False)
    return view[m]


# ----------------------------------------------------------------------- HTML
@lru_cache(maxsize=1)
def _assets() -> tuple[str, str]:
    return ((HERE / "explore.js").read_text(encoding="utf-8"), (HERE / "explore.css").read_text(encoding="utf-8"))


def _json_for_script(data) -> str:
    """JSON safe inside <script>: no '<', '>' or '&' that could end the element."""
    s = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _cell(v, kind):
    import pandas as pd

    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if kind == "number":
        f = float(v)
        return int(f) if f.is_integer() else round(f, 4)
    return str(v)


def table_spec(view, table: str, paragraphs=None, max_rows: int = 20_000, page_size: int = 25) -> dict:
    """The JSON the page's script reads: columns, rows (at most ``max_rows``) and the paragraphs they cite."""
    cols = COLUMNS[table]
    texts: dict = {}
    if paragraphs is not None and len(paragraphs):
        keys = set(zip(view["article_id"].astype(str), view["paragraph"].astype("Int64"), strict=True))
        for a, p, t in zip(paragraphs["article_id"].astype(str), paragraphs["paragraph"].astype("Int64"),
                           paragraphs["text"], strict=True):
            if (a, p) in keys:
                texts[f"{a}:{p}"] = str(t)
    rows = []
    used: dict = {}
    for rec in view.head(max_rows).to_dict("records"):
        row: list = []  # a cell each: a value, a [paragraph key, start, end] triple, or None
        for name, _label, kind, _f in cols:
            if kind == "context":
                key = f"{rec['article_id']}:{rec['paragraph']}"
                if key in texts:
                    used[key] = texts[key]
                    row.append([key, _cell(rec.get("start"), "number"), _cell(rec.get("end"), "number")])
                else:
                    row.append(None)
            else:
                row.append(_cell(rec.get(name), kind))
        rows.append(row)
    who, party = {"quotes": ("speaker", "party"), "claims": ("actor", "party"),
                  "troops": ("force", "claimant")}[table]
    return {"columns": [{"name": n, "label": lab, "kind": k, "filter": f} for n, lab, k, f in cols],
            "rows": rows, "paragraphs": used, "page_size": page_size,
            "stub": {"table": table, "who": who, "party": party}}


def table_html(view, table: str, paragraphs=None, table_id: str | None = None, title: str | None = None,
               max_rows: int = 20_000, page_size: int = 25, note: str = "") -> str:
    """An interactive table (search, a filter box per filter column, sort by header, pages) as an HTML fragment.

    Stands alone: the script and styles are inside (a page with several tables runs the script once).
    """
    spec = table_spec(view, table, paragraphs, max_rows, page_size)
    tid = table_id or f"xt-{table}"
    js, css = _assets()
    e = html.escape
    total = len(view)
    shown = len(spec["rows"])
    parts = [f'<div class="xt" id="{e(tid)}" data-table="{e(table)}">']
    parts.append(f"<h3>{e(title or TITLES.get(table, table))} <small>({total:,} rows)</small></h3>")
    if shown < total:
        parts.append(f'<p class="xt-note">The first {shown:,} of {total:,} rows (by date); every row is in '
                     f'<code>{e(table)}.csv</code>.</p>')
    if note:
        parts.append(f'<p class="xt-note">{e(note)}</p>')
    parts.append('<div class="xt-bar"><label>search<input type="search" class="xt-search" '
                 f'placeholder="words in any column" aria-label="search {e(table)}"></label>')
    for i, (name, label, _kind, filt) in enumerate(COLUMNS[table]):
        if not filt:
            continue
        options = sorted({r[i] for r in spec["rows"] if r[i]}, key=str.casefold)
        lid = f"{tid}-{name}-values"
        parts.append(f'<label>{e(label)}<input type="text" class="xt-filter" data-col="{e(name)}" data-i="{i}" '
                     f'list="{e(lid)}" placeholder="any" aria-label="filter {e(label)}"></label>'
                     f'<datalist id="{e(lid)}">' + "".join(f'<option value="{e(o)}">' for o in options[:500])
                     + ('<option value="(none)">' if any(not r[i] for r in spec["rows"]) else "") + "</datalist>")
    parts.append('<label>rows a page<select class="xt-size">' + "".join(
        f'<option value="{n}"{" selected" if n == page_size else ""}>{n if n else "all"}</option>'
        for n in sorted({10, 25, 100, 500, page_size}) + [0]) + "</select></label></div>")
    heads = "".join(f'<th data-i="{i}" data-col="{e(n)}" tabindex="0" aria-sort="none" '
                    f'title="click to sort">{e(lab)}</th>'
                    for i, (n, lab, _k, _f) in enumerate(COLUMNS[table]))
    heads += '<th data-col="fix" title="a correction stub for data/corrections.yml">fix</th>'
    parts.append(f'<div class="xt-wrap"><table><thead><tr>{heads}</tr></thead><tbody></tbody></table></div>')
    parts.append('<div class="xt-foot"><button type="button" class="xt-prev">‹ previous</button>'
                 '<span class="xt-count" aria-live="polite"></span>'
                 '<button type="button" class="xt-next">next ›</button></div>')
    parts.append(f'<script type="application/json" class="xt-data">{_json_for_script(spec)}</script>')
    parts.append("</div>")
    parts.append(f"<style>{css}</style><script>{js}</script>")
    return "\n".join(parts)


def show(tables: dict, table: str = "quotes", **kw):
    """The interactive table of ``table`` for a notebook cell (an IPython HTML object)."""
    from IPython.display import HTML

    return HTML(table_html(VIEWS[table](tables), table, tables.get("paragraphs"), **kw))


# ------------------------------------------------------------------ notebooks
def filter_panel(view, filters=("party", "outlet", "speaker", "act", "rhetoric"), table: str = "quotes",
                 paragraphs=None, rows: int = 50):
    """ipywidgets drop-downs (one per filter column) and a search box over ``view``; the rows that pass
    are shown below as an interactive table. Returns the widget (display it, or leave it last in a cell)."""
    import ipywidgets as w
    from IPython.display import HTML, display

    filters = [f for f in filters if f in view.columns]
    drops = {}
    for f in filters:
        vals = sorted({v for v in _s(view[f]) if v}, key=str.casefold)
        opts = [("(any)", "")] + [(v, v) for v in vals]
        if (_s(view[f]) == "").any():
            opts.append(("(none)", "(none)"))
        drops[f] = w.Dropdown(options=opts, value="", description=f, layout=w.Layout(width="260px"))
    search = w.Text(value="", placeholder="words in any column", description="search")
    out = w.Output()
    count = w.HTML()

    def refresh(_=None):
        sub = filter_rows(view, search.value, **{f: d.value for f, d in drops.items()})
        count.value = f"<b>{len(sub):,}</b> of {len(view):,} rows"
        out.clear_output(wait=True)
        with out:
            display(HTML(table_html(sub, table, paragraphs, table_id=f"xt-{table}-panel-{id(out)}",
                                    max_rows=5_000, page_size=rows)))

    for d in [*drops.values(), search]:
        d.observe(refresh, names="value")
    refresh()
    return w.VBox([w.HBox(list(drops.values())[:3]), w.HBox([*list(drops.values())[3:], search]), count, out])


# --------------------------------------------------------------------- report
def validation_html(scores: list[dict]) -> str:
    """The hand-check of precision on this corpus, for the report (``analysis.validate`` results)."""
    from .validate import sentence

    e = html.escape
    parts = ['<h2 id="precision-on-this-corpus">Precision on this corpus</h2>']
    if not scores:
        parts.append("<p>No hand check of this corpus yet. Draw a sample with <code>python -m analysis validate "
                     "sample --table quotes --n 100</code>, mark each row right or wrong, then run <code>python -m "
                     "analysis validate score</code>; the result appears here.</p>")
        return "\n".join(parts)
    for res in scores:
        table = res.get("table", "")
        cur = res.get("current") or {}
        cols = res.get("columns", {})
        checked = res.get("checked_on") or "an unrecorded date"
        if not any(ent.get("checked") for ent in cols.values()):
            parts.append(f"<p><b>{e(TITLES.get(table, table))}</b>: a sample of {res.get('rows', 0)} rows was "
                         f"drawn on {e(str(res.get('sampled_on') or 'an unrecorded date'))} "
                         f"(<code>{e(str(res.get('sample', '')))}</code>) and is not checked yet.</p>")
            continue
        parts.append(f"<p><b>{e(TITLES.get(table, table))}</b>: {res.get('rows', 0)} rows drawn at random "
                     f"(stratified by party and outlet) and checked by hand on <b>{e(str(checked))}</b> "
                     f"(sample <code>{e(str(res.get('sample', '')))}</code>).</p>")
        parts.append('<table class="validation-table"><thead><tr><th>check</th><th>right</th><th>checked</th>'
                     "<th>precision</th><th>95% CI (Wilson)</th></tr></thead><tbody>")
        for _c, ent in cols.items():
            if not ent.get("checked"):
                continue
            parts.append(f"<tr><td>{e(ent['question'])}</td><td>{ent['right']}</td><td>{ent['checked']}</td>"
                         f"<td>{ent['precision'] * 100:.0f}%</td>"
                         f"<td>{ent['ci_low'] * 100:.0f}–{ent['ci_high'] * 100:.0f}%</td></tr>")
        parts.append("</tbody></table>")
        by = res.get("by_party") or {}
        if len(by) > 1:
            shown = [c for c, ent in cols.items() if ent.get("checked")]
            parts.append("<details><summary>by party, as the tool gave it</summary>"
                         '<table class="validation-table"><thead><tr><th>party</th>'
                         + "".join(f"<th>{e(cols[c]['question'])}</th>" for c in shown) + "</tr></thead><tbody>")
            for party, ents in by.items():
                cells = "".join(
                    f"<td>{ents[c]['right']} of {ents[c]['checked']} "
                    f"({ents[c]['ci_low'] * 100:.0f}–{ents[c]['ci_high'] * 100:.0f}%)</td>"
                    if c in ents else "<td></td>" for c in shown)
                parts.append(f"<tr><td>{e(party)}</td>{cells}</tr>")
            parts.append("</tbody></table></details>")
        parts.append("<ul>")
        for c, ent in cols.items():
            if ent.get("checked"):
                parts.append(f"<li>{e(sentence(table, c, ent))}</li>")
        parts.append("</ul>")
        if cur:
            gone, changed = len(cur.get("gone", [])), len(cur.get("changed", {}))
            if gone or changed:
                parts.append(f"<p class=\"xt-note\">Since the check, {gone} sampled rows are no longer extracted "
                             f"and {changed} have changed value (their judgements no longer apply: re-check them "
                             "with <code>python -m analysis validate score</code>).</p>")
            else:
                parts.append('<p class="xt-note">Every sampled row is still extracted as it was checked.</p>')
    return "\n".join(parts)


def corrections_html(log) -> str:
    """What the hand corrections did in this run (``corrections.csv``)."""
    e = html.escape
    if log is None or not len(log):
        return ""
    rows = log.to_dict("records")
    applied = [r for r in rows if not str(r.get("status", "")).startswith("unmatched")]
    unmatched = [r for r in rows if str(r.get("status", "")).startswith("unmatched")]
    parts = ['<h2 id="corrections">Corrections by hand</h2>',
             (f"<p>{len(applied)} corrections from <code>data/corrections.yml</code> changed rows in this run "
              "(marked in the tables' <code>corrected</code> column).</p>")]
    if unmatched:
        parts.append(f"<p><b>{len(unmatched)} no longer match any row</b> (the text or the extraction changed; "
                     "review them):</p><ul>")
        for r in unmatched:
            parts.append(f"<li><code>{e(str(r['id']))}</code> ({e(str(r['article_id']))}: "
                         f"“{e(str(r['words']))}”) — {e(str(r['status']))}</li>")
        parts.append("</ul>")
    return "\n".join(parts)


def report_fragment(tables: dict, scores: list[dict] | None = None, corrections_log=None,
                    max_rows: int = 20_000) -> str:
    """The report's added sections: precision on this corpus, corrections, and the three interactive tables."""
    parts = [MARK_START, '<section class="explore-report" style="max-width:1400px;margin:2em auto;padding:0 1em">',
             validation_html(scores or []), corrections_html(corrections_log),
             '<h2 id="explore-the-rows">Explore the rows</h2>',
             ("<p>Every quote, claim and troop figure, with the paragraph it comes from. Type in the search box or "
              "a column's box (a whole value such as <i>US</i> shows only that value; part of one, such as "
              "<i>Rus</i>, any value containing it; <i>(none)</i> the empty ones); click a header to sort. "
              "Works offline: the rows are inside this file.</p>")]
    for t in ("quotes", "claims", "troops"):
        if t in tables and tables[t] is not None:
            parts.append(table_html(VIEWS[t](tables), t, tables.get("paragraphs"), max_rows=max_rows))
    parts += ["</section>", MARK_END]
    return "\n".join(parts)


def add_to_report(html_path, processed=None, validation=None, max_rows: int = 20_000) -> Path:
    """Add (or replace) the explore and precision sections in the rendered report at ``html_path``.

    Reads the tables from ``processed`` (default ``data/processed``) and the scores from ``validation``
    (default ``data/validation``). Idempotent; the file is written whole and only when its bytes change.
    """
    import pandas as pd

    from .tables import read_table
    from .validate import VALIDATION, load_scores

    html_path = Path(html_path)
    processed = Path(processed) if processed else config.PROCESSED
    names = ("articles", "quotes", "claims", "troops", "paragraphs")
    tables = {n: read_table(processed, n) for n in names if (processed / f"{n}.csv").exists()}
    log_path = processed / "corrections.csv"
    log = pd.read_csv(log_path, dtype=str, keep_default_na=False) if log_path.exists() else None
    fragment = report_fragment(tables, load_scores(validation or VALIDATION), log, max_rows)
    orig = html_path.read_text(encoding="utf-8")
    text = re.sub(re.escape(MARK_START) + ".*?" + re.escape(MARK_END) + r"\n?", "", orig, flags=re.DOTALL)
    m = None
    for tag in ("</main>", "</body>"):
        i = text.rfind(tag)
        if i >= 0:
            m = i
            break
    new = (text[:m] + fragment + "\n" + text[m:]) if m is not None else text + fragment
    if new != orig:
        tmp = html_path.with_name(f".{html_path.name}.tmp-{os.getpid()}")
        tmp.write_text(new, encoding="utf-8")
        os.replace(tmp, html_path)
    return html_path
