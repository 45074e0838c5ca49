"""Outlet comparison: who gets quoted where, whose troop figures each outlet repeats, how hard the
language is in each outlet's quotes.

Outlets are named by the data file ``data/outlets.yml`` (display name, web domains, aliases an export
uses), so "reuters.com", "Thomson Reuters" and "Reuters" are one outlet in every table and chart. Outlet
colours are their own set, far from every party colour (a chart never lets an outlet pass for a party).

Every table carries its n (statements, articles) and ``enough``: whether the outlet has enough
statements and articles for its shares to be compared (``views.MIN_STATEMENTS``, ``views.MIN_ARTICLES``).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import views
from .figures import UNKNOWN_LABEL
from .outlet_names import NO_OUTLET as NO_OUTLET
from .outlet_names import OUTLETS_FILE as OUTLETS_FILE
from .outlet_names import display_name as display_name
from .outlet_names import display_names as display_names
from .rhetoric import CATEGORIES

#: outlet colours: each at least 20 CIELAB units from every party colour and the unknown grey (tested)
OUTLET_COLORS = ("#1B1B1B", "#F4A582", "#FFED6F", "#B2DF8A", "#E7298A", "#A6611A", "#66A61E", "#DFC27D",
                 "#FB9A99", "#2D004B")


def with_display_names(articles: pd.DataFrame, path: str | Path | None = None) -> pd.DataFrame:
    """A copy of ``articles`` whose ``outlet`` column holds display names."""
    return articles.assign(outlet=[display_name(o, path) for o in articles["outlet"]])


def outlet_colors(outlets) -> dict[str, str]:
    """{outlet: colour} in the order given (first seen first), cycling through ``OUTLET_COLORS``."""
    out: dict[str, str] = {}
    for o in outlets:
        if o not in out:
            out[o] = OUTLET_COLORS[len(out) % len(OUTLET_COLORS)]
    return out


def _with_outlet(rows: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    a = with_display_names(articles)[["article_id", "outlet"]]
    r = rows.drop(columns=[c for c in ("outlet",) if c in rows.columns])
    return r.merge(a.astype({"article_id": "string"}), on="article_id", how="left").assign(
        outlet=lambda d: d["outlet"].fillna(NO_OUTLET))


# -------------------------------------------------------------- comparisons
def party_shares(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Source diversity: per outlet and party, the statements quoted and their share of the outlet's
    statements, with the outlet's statements and articles and ``enough``."""
    cols = ["outlet", "party", "statements", "share", "outlet_statements", "articles", "enough"]
    q = quotes.assign(article_id=quotes["article_id"].astype("string"), party=views._party_label(quotes["party"]),
                      statement=views.statement_ids(quotes))
    q = _with_outlet(q, articles)
    if q.empty:
        return pd.DataFrame(columns=cols)
    st = q.drop_duplicates("statement")
    n = st.groupby("outlet")["statement"].nunique()
    arts = with_display_names(articles).groupby("outlet")["article_id"].nunique()
    out = st.groupby(["outlet", "party"]).size().rename("statements").reset_index()
    out["outlet_statements"] = out["outlet"].map(n).astype(int)
    out["share"] = (out["statements"] / out["outlet_statements"]).round(4)
    out["articles"] = out["outlet"].map(arts).fillna(0).astype(int)
    out["enough"] = (out["outlet_statements"] >= views.MIN_STATEMENTS) & (out["articles"] >= views.MIN_ARTICLES)
    out = out.sort_values(["outlet", "statements", "party"], ascending=[True, False, True])
    return out[cols].reset_index(drop=True)


def top_speakers(quotes: pd.DataFrame, articles: pd.DataFrame, top: int = 3) -> pd.DataFrame:
    """Per outlet, its most quoted named speakers (statements, ties by name) with their party."""
    cols = ["outlet", "speaker", "party", "statements", "articles"]
    q = quotes.assign(article_id=quotes["article_id"].astype("string"), speaker=views._who(quotes),
                      party=views._party_label(quotes["party"]), statement=views.statement_ids(quotes))
    q = _with_outlet(q[~views._blank(q["speaker"])], articles)
    if q.empty:
        return pd.DataFrame(columns=cols)
    out = (q.groupby(["outlet", "speaker", "party"])
           .agg(statements=("statement", "nunique"), articles=("article_id", "nunique")).reset_index()
           .sort_values(["outlet", "statements", "speaker"], ascending=[True, False, True]))
    return out.groupby("outlet").head(top)[cols].reset_index(drop=True)


def troop_figures(troops: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Which troop figures each outlet cited and from whom: per outlet, force, kind and party of the source,
    the number of figures and the figures themselves as written."""
    cols = ["outlet", "force", "kind", "source_party", "figures", "articles", "as_written"]
    if troops.empty:
        return pd.DataFrame(columns=cols)
    t = troops.assign(article_id=troops["article_id"].astype("string"), kind=views.troop_kind(troops),
                      force=views._party_label(troops["force"]),
                      source_party=views._party_label(troops["claimant_party"]
                                                      if "claimant_party" in troops.columns
                                                      else pd.Series(pd.NA, index=troops.index)))
    t["source_party"] = t["source_party"].replace(UNKNOWN_LABEL, views.NO_SOURCE)
    t = _with_outlet(t, articles)
    out = (t.groupby(["outlet", "force", "kind", "source_party"])
           .agg(figures=("text", "size"), articles=("article_id", "nunique"),
                as_written=("text", lambda s: "; ".join(dict.fromkeys(s.astype(str)))))
           .reset_index()
           .sort_values(["outlet", "figures"], ascending=[True, False]))
    return out[cols].reset_index(drop=True)


def rhetoric_rates(quotes: pd.DataFrame, claims: pd.DataFrame | None, articles: pd.DataFrame,
                   n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Per outlet and category: asserted mentions per 1,000 attributed words in the outlet's quotes and
    reported claims, with a bootstrap interval over the outlet's articles, negated mentions apart, n
    (articles, words) and ``enough``."""
    from .rhetoric import party_rates_ci

    cols = ["outlet", "category", "asserted", "negated", "rate_per_1000", "low", "high", "articles", "words",
            "enough"]
    u = views.rhetoric_units(quotes, claims)
    u = u[~u["question"]]
    if u.empty:
        return pd.DataFrame(columns=cols)
    u = _with_outlet(u, articles)
    per_article = u.groupby(["article_id", "outlet"], as_index=False).agg(
        n_words=("n_words", "sum"), **{f"{c}_count": (c, "sum") for c in CATEGORIES})
    ci = party_rates_ci(per_article.rename(columns={"outlet": "party"}), n_boot=n_boot, seed=seed)
    ci = ci[ci["kind"] == "rate_per_1000"].set_index(["party", "measure"])
    rows = []
    for outlet, g in u.groupby("outlet"):
        words, n_art = int(g["n_words"].sum()), int(g["article_id"].nunique())
        for c in CATEGORIES:
            k = int(g[c].sum())
            lo, hi = ci.loc[(outlet, c), ["low", "high"]] if (outlet, c) in ci.index else (float("nan"),) * 2
            rows.append({"outlet": outlet, "category": c, "asserted": k, "negated": int(g[f"{c}_negated"].sum()),
                         "rate_per_1000": round(1000.0 * k / words, 2) if words else float("nan"),
                         "low": round(float(lo), 2), "high": round(float(hi), 2), "articles": n_art,
                         "words": words, "enough": bool(words >= views.MIN_WORDS and n_art >= views.MIN_ARTICLES)})
    return pd.DataFrame(rows, columns=cols)
