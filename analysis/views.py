"""Summaries the notebooks show: pure functions from tables to tables.

Notebooks stay thin (load, call, show, chart); every grouping, ranking and
join they need lives here, where it is tested.
"""
from __future__ import annotations

import pandas as pd

from .figures import UNKNOWN_LABEL
from .rhetoric import CATEGORIES

ACTS = ("assertion", "demand", "warning", "rejection", "denial", "accusation", "proposal", "refusal")


def _party_label(s: pd.Series) -> pd.Series:
    s = s.astype("string").str.strip()
    return s.mask(s.isna() | (s == ""), UNKNOWN_LABEL)


def _blank(s: pd.Series) -> pd.Series:
    s = s.astype("string").str.strip()
    return s.isna() | (s == "")


# ------------------------------------------------------------------ quotes
def _who(quotes: pd.DataFrame) -> pd.Series:
    """One name per person: the registry's name (``person``) where the registry knows the speaker,
    else the speaker as written (older tables without ``person`` use the speaker)."""
    if "person" not in quotes.columns:
        return quotes["speaker"]
    return quotes["person"].where(~_blank(quotes["person"]), quotes["speaker"])


def quotes_per_party(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quotes, named speakers and articles per party; unknown speakers/parties as "(unknown)"."""
    q = quotes.assign(party=_party_label(quotes["party"]), speaker=_who(quotes))
    named = q[~_blank(q["speaker"])]
    out = pd.DataFrame({
        "quotes": q.groupby("party").size(),
        "speakers": named.groupby("party")["speaker"].nunique(),
        "articles": q.groupby("party")["article_id"].nunique(),
    }).fillna(0).astype(int)
    out["share"] = (out["quotes"] / max(len(q), 1)).round(3)
    return out.sort_values(["quotes", "speakers"], ascending=False).reset_index()


def speakers_ranked(quotes: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """Named speakers by number of quotes (ties by name), with party and articles; a registered person
    is counted once under the registry's name whatever the articles' spellings."""
    q = quotes.assign(speaker=_who(quotes))
    q = q[~_blank(q["speaker"])].assign(party=lambda d: _party_label(d["party"]))
    if q.empty:
        return pd.DataFrame(columns=["speaker", "party", "quotes", "articles"])
    out = (q.groupby(["speaker", "party"])
           .agg(quotes=("text", "size"), articles=("article_id", "nunique"))
           .reset_index()
           .sort_values(["quotes", "speaker"], ascending=[False, True]))
    return out.head(top).reset_index(drop=True)


def with_context(rows: pd.DataFrame, paragraphs: pd.DataFrame | None = None, party: str | None = None,
                 width: int = 160) -> pd.DataFrame:
    """Rows (quotes or claims) of one party, each with the paragraph it came from, trimmed around it."""
    r = rows if party is None else rows[rows["party"].astype("string") == party]
    r = r.copy()
    if paragraphs is not None and not r.empty:
        r = r.merge(paragraphs.rename(columns={"text": "context"}), on=["article_id", "paragraph"], how="left")
        if {"start", "end"} <= set(r.columns):
            r["context"] = [_trim(c, s, e, width) for c, s, e in zip(r["context"], r["start"], r["end"])]
    return r.reset_index(drop=True)


def _trim(text, start, end, width):
    if not isinstance(text, str):
        return ""
    if pd.isna(start) or pd.isna(end) or len(text) <= 2 * width + (end - start):
        return text
    a, b = max(0, int(start) - width), min(len(text), int(end) + width)
    return ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")


# ------------------------------------------------------------------ claims
def made(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims whose act was made: a negated row ("did not reject") records an act *not* made."""
    if "negated" not in claims.columns:
        return claims
    neg = claims["negated"].astype("string").str.lower().isin(["true", "1"])
    return claims[~neg]


def party_by_act(claims: pd.DataFrame) -> pd.DataFrame:
    """Acts made per party (rows) and speech act (columns, in the contract's order), with totals.
    Negated acts ("did not reject") are not counted."""
    claims = made(claims)
    c = claims.assign(party=_party_label(claims["party"]))
    tab = pd.crosstab(c["party"], c["act"])
    acts = [a for a in ACTS if a in tab.columns] + sorted(set(tab.columns) - set(ACTS))
    tab = tab.reindex(columns=acts, fill_value=0)
    tab["total"] = tab.sum(axis=1)
    return tab.sort_values("total", ascending=False)


def act_shares(claims: pd.DataFrame, acts=("demand", "warning", "rejection", "proposal"),
               parties: list[str] | None = None) -> pd.DataFrame:
    """Long table: for each named party and act, the count and the share of that party's claims
    (negated acts not counted)."""
    claims = made(claims)
    c = claims[~_blank(claims["party"])]
    if parties is not None:
        c = c[c["party"].isin(parties)]
    totals = c.groupby("party").size()
    rows = []
    for party, n in totals.items():
        acts_of = c[c["party"] == party]["act"].value_counts()
        for act in acts:
            k = int(acts_of.get(act, 0))
            rows.append({"party": party, "act": act, "claims": k, "share": round(k / n, 4) if n else 0.0,
                         "party_claims": int(n)})
    return pd.DataFrame(rows, columns=["party", "act", "claims", "share", "party_claims"])


# ------------------------------------------------------------------ troops
def troop_timeline(troops: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Troop mentions with their article's date and outlet, the claimant's party labelled, by date."""
    t = troops.merge(articles[["article_id", "date", "outlet"]], on="article_id", how="left")
    t["date"] = pd.to_datetime(t["date"], errors="coerce")
    party = t["claimant_party"] if "claimant_party" in t.columns else pd.Series(pd.NA, index=t.index)
    t["claimant_party"] = _party_label(party)
    t["claimant"] = t["claimant"].astype("string").fillna("")
    t["vague"] = t["qualifier"].astype("string") == "vague"
    for col in ("value", "low", "high"):
        t[col] = pd.to_numeric(t[col], errors="coerce")
    # the point drawn: the value, else the middle of the bounds
    t["figure"] = t["value"].fillna((t["low"] + t["high"]) / 2).fillna(t["low"]).fillna(t["high"])
    return t.sort_values(["date", "article_id", "paragraph"], kind="stable").reset_index(drop=True)


def troop_source_moves(troops: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """How each source's figure moved: per claimant (or "(no source given)"), figures in date order
    with the change from that source's previous figure."""
    t = troop_timeline(troops, articles)
    t = t[~t["vague"]].copy()
    t["source"] = t["claimant"].where(t["claimant"] != "", "(no source given)")
    cols = ["source", "claimant_party", "date", "article_id", "text", "value", "low", "high", "qualifier",
            "unit", "force"]
    t = t.sort_values(["source", "unit", "date", "article_id", "paragraph"], kind="stable")
    t["previous"] = t.groupby(["source", "unit"])["figure"].shift()
    t["change"] = t["figure"] - t["previous"]
    return t[cols + ["previous", "change"]].reset_index(drop=True)


# ---------------------------------------------------------------- rhetoric
def strongest(rows: pd.DataFrame, category: str, n: int = 3) -> pd.DataFrame:
    """The ``n`` rows (quotes or claims) densest in ``category`` terms (hits per word), named speakers first."""
    r = rows[pd.to_numeric(rows[category], errors="coerce").fillna(0) > 0].copy()
    if r.empty:
        return r
    words = r["text"].astype(str).str.split().str.len().clip(lower=1)
    r["density"] = (pd.to_numeric(r[category]) / words).round(4)
    who = "speaker" if "speaker" in r.columns else "actor"
    r["_anon"] = _blank(r[who])
    r = r.sort_values(["density", "_anon", "article_id", "paragraph"], ascending=[False, True, True, True])
    return r.drop(columns="_anon").head(n).reset_index(drop=True)


def measure_comparison(quotes: pd.DataFrame) -> pd.DataFrame:
    """Side by side per quote: TextBlob polarity and subjectivity, VADER compound, and the lexicon
    categories found (negated ones marked with "not ")."""
    out = []
    for _, r in quotes.iterrows():
        cats = []
        for c in CATEGORIES:
            if c in r and pd.notna(r[c]) and r[c] > 0:
                neg = r.get(f"{c}_negated", 0)
                cats.append(f"{c} (negated)" if pd.notna(neg) and neg and neg >= r[c] else c)
        out.append({"text": r["text"], "speaker": r.get("speaker", ""), "party": r.get("party", ""),
                    "textblob": r.get("polarity"), "subjectivity": r.get("subjectivity"),
                    "vader": r.get("vader"), "lexicons": ", ".join(cats)})
    return pd.DataFrame(out, columns=["text", "speaker", "party", "textblob", "subjectivity", "vader", "lexicons"])
