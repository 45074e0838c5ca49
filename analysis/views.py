"""Summaries the notebooks show: pure functions from tables to tables.

Notebooks stay thin (load, call, show, chart); every grouping, ranking and
join they need lives here, where it is tested.

Counting units match the question: "how often does a side warn" counts
*statements* (quote fragments of one statement are one, see
``analysis.statements``), never quote fragments; every table carries its n
(statements, articles, words) and an ``enough`` column saying whether the n
reaches the threshold below which a cell is shown but not read as a finding.
"""
from __future__ import annotations

import re

import pandas as pd

from .figures import UNKNOWN_LABEL
from .rhetoric import CATEGORIES

ACTS = ("assertion", "demand", "warning", "rejection", "denial", "accusation", "proposal", "refusal")
#: the plural noun of each act, for titles that must say what the legend says
ACT_NOUNS = {"assertion": "assertions", "demand": "demands", "warning": "warnings", "rejection": "rejections",
             "denial": "denials", "accusation": "accusations", "proposal": "proposals", "refusal": "refusals"}

#: below these a number is shown (marked) but never stated as a finding
MIN_STATEMENTS = 5      # statements behind a share or a count per party
MIN_WORDS = 300         # attributed words behind a rhetoric rate
MIN_ARTICLES = 2        # articles behind a party's rate or an outlet comparison
MIN_MENTIONS = 3        # lexicon mentions behind a "most X language" finding

QUESTION_CUES = {"ask", "question", "inquire", "query", "press"}
NO_SOURCE = "(no source given)"
TROOP_KINDS = ("total", "increment", "decrease")


def _party_label(s: pd.Series) -> pd.Series:
    s = s.astype("string").str.strip()
    return s.mask(s.isna() | (s == ""), UNKNOWN_LABEL)


def _blank(s: pd.Series) -> pd.Series:
    s = s.astype("string").str.strip()
    return s.isna() | (s == "")


def _col(df: pd.DataFrame, name: str, default=pd.NA) -> pd.Series:
    return df[name] if name in df.columns else pd.Series(default, index=df.index)


# ------------------------------------------------------------------ quotes
def _who(quotes: pd.DataFrame) -> pd.Series:
    """One name per person: the registry's name (``person``) where the registry knows the speaker,
    else the speaker as written (older tables without ``person`` use the speaker)."""
    if "person" not in quotes.columns:
        return quotes["speaker"]
    return quotes["person"].where(~_blank(quotes["person"]), quotes["speaker"])


def statement_ids(rows: pd.DataFrame) -> pd.Series:
    """The statement each row belongs to: ``statement_id`` when the table has it (blank cells and
    older tables without it: one statement a row)."""
    own = pd.Series([f"row:{i}" for i in range(len(rows))], index=rows.index, dtype="string")
    if "statement_id" not in rows.columns:
        return own
    sid = rows["statement_id"].astype("string")
    return sid.where(~_blank(sid), own)


def quotes_per_party(quotes: pd.DataFrame) -> pd.DataFrame:
    """Statements, quote fragments, named speakers and articles per party; unknown speakers/parties as
    "(unknown)". ``share`` is the party's share of statements."""
    q = quotes.assign(party=_party_label(quotes["party"]), speaker=_who(quotes), statement=statement_ids(quotes))
    named = q[~_blank(q["speaker"])]
    out = pd.DataFrame({
        "statements": q.groupby("party")["statement"].nunique(),
        "quotes": q.groupby("party").size(),
        "speakers": named.groupby("party")["speaker"].nunique(),
        "articles": q.groupby("party")["article_id"].nunique(),
    }).fillna(0).astype(int)
    out["share"] = (out["statements"] / max(int(out["statements"].sum()), 1)).round(3)
    out = out.rename_axis("party").sort_values(["statements", "quotes", "speakers"], ascending=False)
    return out.reset_index()


def speakers_ranked(quotes: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """Named speakers by number of quotes (ties by name), with statements, party and articles; a registered
    person is counted once under the registry's name whatever the articles' spellings."""
    q = quotes.assign(speaker=_who(quotes), statement=statement_ids(quotes))
    q = q[~_blank(q["speaker"])].assign(party=lambda d: _party_label(d["party"]))
    if q.empty:
        return pd.DataFrame(columns=["speaker", "party", "quotes", "statements", "articles"])
    out = (q.groupby(["speaker", "party"])
           .agg(quotes=("text", "size"), statements=("statement", "nunique"), articles=("article_id", "nunique"))
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
            r["context"] = [_trim(c, s, e, width) for c, s, e in zip(r["context"], r["start"], r["end"], strict=True)]
    return r.reset_index(drop=True)


def _trim(text, start, end, width):
    if not isinstance(text, str):
        return ""
    if pd.isna(start) or pd.isna(end) or len(text) <= 2 * width + (end - start):
        return text
    a, b = max(0, int(start) - width), min(len(text), int(end) + width)
    return ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")


def example_quotes(quotes: pd.DataFrame, per_party: int = 2, min_words: int = 8, max_words: int = 60) -> pd.DataFrame:
    """A few quotes per named party for a report: whole statements of a named speaker, those within the
    length limits first, longest first (ties by article and paragraph), one per speaker before a second."""
    q = quotes.assign(speaker=_who(quotes), statement=statement_ids(quotes))
    q = q[~_blank(q["speaker"]) & ~_blank(q["party"])]
    cols = ["party", "speaker", "text", "article_id", "paragraph"]
    if q.empty:
        return pd.DataFrame(columns=cols)
    q = q.sort_values(["article_id", "paragraph", "start" if "start" in q.columns else "paragraph"], kind="stable")
    st = (q.groupby("statement", sort=False)
          .agg(party=("party", "first"), speaker=("speaker", "first"), text=("text", lambda t: " … ".join(t)),
               article_id=("article_id", "first"), paragraph=("paragraph", "first"))
          .reset_index(drop=True))
    st["words"] = st["text"].astype(str).str.split().str.len()
    st["fits"] = (st["words"] >= min_words) & (st["words"] <= max_words)  # a party with only short quotes keeps them
    st = st.sort_values(["party", "fits", "words", "article_id", "paragraph"],
                        ascending=[True, False, False, True, True])
    st["turn"] = st.groupby(["party", "speaker"]).cumcount()
    st = st.sort_values(["party", "fits", "turn", "words"], ascending=[True, False, True, False], kind="stable")
    out = st.groupby("party", sort=False).head(per_party)
    return out[cols].reset_index(drop=True)


# ------------------------------------------------------------------ claims
def made(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims whose act was made: a negated row ("did not reject") records an act *not* made."""
    if "negated" not in claims.columns:
        return claims
    neg = claims["negated"].astype("string").str.lower().isin(["true", "1"])
    return claims[~neg]


def statement_acts(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per statement made: its party, article, first paragraph and act. A statement quoted in
    fragments whose claims carry different acts takes the first act other than assertion (in the
    contract's order of acts), so two fragments of one warning are one warning."""
    c = made(claims)
    cols = ["statement_id", "article_id", "paragraph", "party", "act", "fragments"]
    if c.empty:
        return pd.DataFrame(columns=cols)
    rank = {a: i for i, a in enumerate(ACTS[1:])}
    c = c.assign(statement_id=statement_ids(c), party=_party_label(c["party"]),
                 _rank=c["act"].map(lambda a: rank.get(a, len(rank) if a != "assertion" else len(rank) + 1)))
    c = c.sort_values(["_rank"], kind="stable")
    out = (c.groupby("statement_id", sort=False)
           .agg(article_id=("article_id", "first"), paragraph=("paragraph", "min"), party=("party", "first"),
                act=("act", "first"), fragments=("act", "size"))
           .reset_index())
    return out.sort_values(["article_id", "paragraph", "statement_id"]).reset_index(drop=True)[cols]


def party_by_act(claims: pd.DataFrame) -> pd.DataFrame:
    """Statements made per party (rows) and speech act (columns, in the contract's order), with totals and
    the number of articles. Negated acts ("did not reject") are not counted."""
    s = statement_acts(claims)
    tab = pd.crosstab(s["party"], s["act"])
    acts = [a for a in ACTS if a in tab.columns] + sorted(set(tab.columns) - set(ACTS))
    tab = tab.reindex(columns=acts, fill_value=0)
    tab["total"] = tab.sum(axis=1)
    tab["articles"] = s.groupby("party")["article_id"].nunique().reindex(tab.index).fillna(0).astype(int)
    tab.columns.name = None
    return tab.sort_values("total", ascending=False)


def act_shares(claims: pd.DataFrame, acts=("demand", "warning", "rejection", "proposal"),
               parties: list[str] | None = None) -> pd.DataFrame:
    """Long table: for each named party and act, the statements with that act, their share of the party's
    statements, the party's statements and articles, and ``enough`` (the party has at least
    ``MIN_STATEMENTS`` statements from ``MIN_ARTICLES`` articles). Negated acts are not counted."""
    s = statement_acts(claims)
    s = s[s["party"] != UNKNOWN_LABEL]
    if parties is not None:
        s = s[s["party"].isin(parties)]
    cols = ["party", "act", "statements", "share", "party_statements", "articles", "enough"]
    rows = []
    for party, g in s.groupby("party"):
        n = len(g)
        n_art = int(g["article_id"].nunique())
        counts = g["act"].value_counts()
        for act in acts:
            k = int(counts.get(act, 0))
            rows.append({"party": party, "act": act, "statements": k, "share": round(k / n, 4) if n else 0.0,
                         "party_statements": n, "articles": n_art,
                         "enough": bool(n >= MIN_STATEMENTS and n_art >= MIN_ARTICLES)})
    return pd.DataFrame(rows, columns=cols)


def act_evidence(claims: pd.DataFrame, party: str, act: str) -> pd.DataFrame:
    """The statements behind one cell of ``party_by_act``: article, paragraph, actor, cue and text."""
    s = statement_acts(claims)
    s = s[(s["party"] == party) & (s["act"] == act)]
    c = made(claims).assign(statement_id=lambda d: statement_ids(d))
    c = c[c["statement_id"].isin(s["statement_id"])].drop_duplicates("statement_id")
    return c[["article_id", "paragraph", "actor", "cue", "text"]].reset_index(drop=True)


# ---------------------------------------------------------------- rhetoric
def is_question(rows: pd.DataFrame) -> pd.Series:
    """Rows that are a reporter's question, not the answerer's words: a ``question`` column when the table
    has one, else the cue is a verb of asking and the text ends with a question mark."""
    if "question" in rows.columns:
        return rows["question"].astype("string").str.lower().isin(["true", "1", "yes"])
    cue = _col(rows, "cue", "").astype("string").fillna("").str.strip().str.lower()
    text = _col(rows, "text", "").astype("string").fillna("").str.rstrip(" \"'”’,")
    return cue.isin(QUESTION_CUES) & text.str.endswith("?")


_TERM = re.compile(r"([a-z_]+):(!?)")


def _term_counts(terms) -> dict | None:
    """{category: [asserted, negated]} from a ``rhetoric_terms`` cell; None when the cell is blank."""
    if not isinstance(terms, str) or not terms.strip():
        return None
    out: dict = {}
    for part in terms.split(";"):
        m = _TERM.match(part.strip())
        if m:
            pair = out.setdefault(m.group(1), [0, 0])
            pair[1 if m.group(2) else 0] += 1
    return out


def rhetoric_units(quotes: pd.DataFrame, claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per attributed text (quotes, plus claims that do not repeat a quote): article, party,
    statement, words, and per category the asserted and the negated mentions (``<category>`` and
    ``<category>_negated``); ``question`` marks a reporter's question. Asserted mentions are read from
    ``rhetoric_terms`` ("!" marks a negated term) where the row lists its terms, else the category count
    minus its negated count."""
    parts = []
    for source, rows in (("quote", quotes), ("claim", claims)):
        if rows is None or rows.empty:
            continue
        r = rows
        if source == "claim":
            r = made(r)
            r = r[_blank(_col(r, "quote_id"))]
        parts.append(pd.DataFrame({
            "article_id": r["article_id"].astype("string"), "paragraph": r["paragraph"],
            "party": _party_label(r["party"]),
            "speaker": (_who(r) if "speaker" in r.columns else _col(r, "actor", "")).astype("string").fillna(""),
            "statement_id": statement_ids(r), "source": source, "text": r["text"].astype("string"),
            "n_words": pd.to_numeric(_col(r, "n_words"), errors="coerce"),
            "question": is_question(r).to_numpy(),
            "terms": _col(r, "rhetoric_terms", "").astype("string").fillna(""),
            **{c: pd.to_numeric(_col(r, c, 0), errors="coerce").fillna(0) for c in CATEGORIES},
            **{f"{c}_negated": pd.to_numeric(_col(r, f"{c}_negated", 0), errors="coerce").fillna(0)
               for c in CATEGORIES},
        }, index=r.index))
    if not parts:
        return pd.DataFrame(columns=["article_id", "paragraph", "party", "speaker", "statement_id", "source", "text",
                                     "n_words", "question", "terms", *CATEGORIES,
                                     *(f"{c}_negated" for c in CATEGORIES)])
    u = pd.concat(parts, ignore_index=True)
    u["n_words"] = u["n_words"].fillna(u["text"].fillna("").str.split().str.len()).astype(int)
    # tables with the learned layer's column: the category columns are the layer's decision (a term
    # the layer dropped is not a mention, a category it found without a term is one); older tables:
    # the terms
    layered = any("rhetoric_model" in rows.columns for rows in (quotes, claims) if rows is not None)
    for i, terms in enumerate(u["terms"]):
        tc = None if layered else _term_counts(terms)
        for c in CATEGORIES:
            neg = int(u.at[i, f"{c}_negated"])
            if tc is not None:
                asserted, neg = tc.get(c, [0, 0])
            else:
                asserted = max(int(u.at[i, c]) - neg, 0)
            u.at[i, c] = asserted
            u.at[i, f"{c}_negated"] = neg
    for c in (*CATEGORIES, *(f"{c}_negated" for c in CATEGORIES)):
        u[c] = u[c].astype(int)
    return u


def rhetoric_by_party(quotes: pd.DataFrame, claims: pd.DataFrame | None = None, n_boot: int = 1000,
                      seed: int = 0) -> pd.DataFrame:
    """Per party and category: asserted mentions, negated mentions (shown apart, not in the rate),
    mentions inside reporters' questions (in neither), the rate of asserted mentions per 1,000 attributed
    words with a bootstrap interval over articles, and the n behind it (statements, articles, words).
    ``enough`` is False where the words, articles or mentions are too few to state the rate as a finding."""
    from .rhetoric import party_rates_ci

    cols = ["party", "category", "asserted", "negated", "in_questions", "rate_per_1000", "low", "high",
            "statements", "articles", "words", "enough"]
    u = rhetoric_units(quotes, claims)
    u = u[u["party"] != UNKNOWN_LABEL]
    if u.empty:
        return pd.DataFrame(columns=cols)
    asked, said = u[u["question"]], u[~u["question"]]
    per_article = said.groupby(["article_id", "party"], as_index=False).agg(
        n_words=("n_words", "sum"), **{f"{c}_count": (c, "sum") for c in CATEGORIES})
    ci = party_rates_ci(per_article, n_boot=n_boot, seed=seed) if len(per_article) else pd.DataFrame(
        columns=["party", "measure", "kind", "value", "low", "high"])
    ci = ci[ci["kind"] == "rate_per_1000"].set_index(["party", "measure"])
    rows = []
    for party in sorted(u["party"].unique()):
        s, a = said[said["party"] == party], asked[asked["party"] == party]
        words, n_art = int(s["n_words"].sum()), int(s["article_id"].nunique())
        for c in CATEGORIES:
            k = int(s[c].sum())
            rate = round(1000.0 * k / words, 2) if words else float("nan")
            lo, hi = (ci.loc[(party, c), ["low", "high"]] if (party, c) in ci.index else (float("nan"),) * 2)
            rows.append({"party": party, "category": c, "asserted": k, "negated": int(s[f"{c}_negated"].sum()),
                         "in_questions": int(a[c].sum() + a[f"{c}_negated"].sum()), "rate_per_1000": rate,
                         "low": round(float(lo), 2), "high": round(float(hi), 2),
                         "statements": int(s["statement_id"].nunique()), "articles": n_art, "words": words,
                         "enough": bool(words >= MIN_WORDS and n_art >= MIN_ARTICLES)})
    return pd.DataFrame(rows, columns=cols)


def rhetoric_evidence(quotes: pd.DataFrame, claims: pd.DataFrame | None, party: str, category: str,
                      negated: bool = False) -> pd.DataFrame:
    """The texts behind one heatmap cell: the party's quotes and reported claims with asserted (or, with
    ``negated=True``, negated) mentions of ``category``, with article, paragraph and the terms matched."""
    u = rhetoric_units(quotes, claims)
    col = f"{category}_negated" if negated else category
    u = u[(u["party"] == party) & (u[col] > 0) & ~u["question"]]
    return u[["article_id", "paragraph", "speaker", "source", col, "text", "terms"]].rename(
        columns={col: "mentions"}).reset_index(drop=True)


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


def strongest_by_category(quotes: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """For each category, the ``n`` quotes densest in its asserted terms: category, party, speaker, text,
    article, paragraph (a speaker the text does not give is shown as such, never guessed)."""
    u = rhetoric_units(quotes)
    u = u[~u["question"]]
    parts = []
    for c in CATEGORIES:
        top = strongest(u, c, n)
        if len(top):
            parts.append(top.assign(category=c))
    cols = ["category", "party", "speaker", "text", "article_id", "paragraph"]
    if not parts:
        return pd.DataFrame(columns=cols)
    out = pd.concat(parts, ignore_index=True)
    out["speaker"] = out["speaker"].where(out["speaker"].astype(str).str.strip() != "", "(speaker not given)")
    return out[cols]


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


# ------------------------------------------------------------------ troops
def troop_kind(troops: pd.DataFrame) -> pd.Series:
    """total / increment / decrease per row: the ``kind`` column when the table has one (a blank cell is a
    total), else every row is a total (tables written before kinds were extracted)."""
    if "kind" not in troops.columns:
        return pd.Series("total", index=troops.index, dtype="string")
    k = troops["kind"].astype("string").str.strip().str.lower()
    return k.mask(k.isna() | (k == ""), "total")


def _troops_dated(troops: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    t = troops.merge(articles[["article_id", "date", "outlet"]], on="article_id", how="left")
    t["date"] = pd.to_datetime(t["date"], errors="coerce")
    t["kind"] = troop_kind(t).to_numpy()
    party = t["claimant_party"] if "claimant_party" in t.columns else pd.Series(pd.NA, index=t.index)
    t["claimant_party"] = _party_label(party)
    t["claimant"] = t["claimant"].astype("string").fillna("")
    t["force"] = _party_label(t["force"])
    t["vague"] = t["qualifier"].astype("string") == "vague"
    for col in ("value", "low", "high"):
        t[col] = pd.to_numeric(t[col], errors="coerce")
    # the point drawn: the value, else the middle of the bounds
    t["figure"] = t["value"].fillna((t["low"] + t["high"]) / 2).fillna(t["low"]).fillna(t["high"])
    return t.sort_values(["date", "article_id", "paragraph"], kind="stable").reset_index(drop=True)


def main_force(troops: pd.DataFrame) -> str | None:
    """The force with the most total figures (ties by name); None when no figure names its force."""
    if troops.empty or "force" not in troops.columns:
        return None
    t = troops[troop_kind(troops) == "total"]
    f = t["force"].astype("string").str.strip()
    f = f[~(f.isna() | (f == ""))]
    if f.empty:
        return None
    counts = f.value_counts()
    return sorted(counts.index, key=lambda k: (-counts[k], k))[0]


TIMELINE_COLUMNS = ["date", "article_id", "paragraph", "text", "kind", "figure", "value", "low", "high",
                    "qualifier", "unit", "force", "claimant", "claimant_party", "vague"]


def troop_timeline(troops: pd.DataFrame, articles: pd.DataFrame, force: str | None = "main",
                   unit: str | None = "troops") -> pd.DataFrame:
    """Total troop figures of one force by article date: ``force="main"`` (default) the force with the most
    figures, a party name for that force, None for every force; in one ``unit`` ("troops", "btg"; None:
    all, which mixes scales). Increments and decreases are not totals: they are in ``troop_changes``. The
    columns are exactly what the timeline chart draws."""
    t = _troops_dated(troops, articles)
    if force == "main":
        force = main_force(troops)
    t = t[t["kind"] == "total"]
    if unit is not None:
        t = t[t["unit"].astype("string") == unit]
    if force is not None:
        t = t[t["force"] == force]
    return t[TIMELINE_COLUMNS].reset_index(drop=True)


def troop_changes(troops: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Figures that are changes, not totals ("added 7,000", "pulled back 10,000"), with their kind, force,
    source and date."""
    t = _troops_dated(troops, articles)
    t = t[t["kind"] != "total"]
    return t[["date", "article_id", "paragraph", "kind", "text", "value", "low", "high", "qualifier", "unit",
              "force", "claimant", "claimant_party"]].reset_index(drop=True)


def troop_figures_cited(troops: pd.DataFrame, articles: pd.DataFrame, force: str | None, party: str) -> pd.DataFrame:
    """Total figures for ``force``'s troops given by sources of ``party``, over time (who gave each figure,
    in which article), with the change from that party's previous figure in the same unit. ``force`` None
    (what ``main_force`` gives when no figure names a force): no rows."""
    t = _troops_dated(troops, articles)
    t = t[(t["kind"] == "total") & (t["force"] == force) & (t["claimant_party"] == party) & ~t["vague"]].copy()
    t["previous"] = t.groupby("unit")["figure"].shift()
    t["change"] = t["figure"] - t["previous"]
    return t[["date", "article_id", "paragraph", "claimant", "text", "value", "low", "high", "qualifier", "unit",
              "previous", "change"]].reset_index(drop=True)


def troop_source_moves(troops: pd.DataFrame, articles: pd.DataFrame, by: str = "party",
                       force: str | None = "main") -> pd.DataFrame:
    """How each side's figure moved: per party of the source (``by="party"``, "(no source given)" for
    none) or per individual source (``by="claimant"``), total figures of one force (see
    ``troop_timeline``) in date order with the change from that source's previous figure."""
    t = troop_timeline(troops, articles, force)
    t = t[~t["vague"]].copy()
    if by == "party":
        t["source"] = t["claimant_party"].where(t["claimant_party"] != UNKNOWN_LABEL, NO_SOURCE)
    else:
        t["source"] = t["claimant"].where(t["claimant"] != "", NO_SOURCE)
    cols = ["source", "claimant", "claimant_party", "date", "article_id", "text", "value", "low", "high",
            "qualifier", "unit", "force"]
    t = t.sort_values(["source", "unit", "date", "article_id", "paragraph"], kind="stable")
    t["previous"] = t.groupby(["source", "unit"])["figure"].shift()
    t["change"] = t["figure"] - t["previous"]
    return t[cols + ["previous", "change"]].reset_index(drop=True)


# ---------------------------------------------------------------- articles
def articles_covered(articles: pd.DataFrame, quotes: pd.DataFrame | None = None,
                     troops: pd.DataFrame | None = None) -> pd.DataFrame:
    """The list of articles a report covers: date, outlet, title, words, statements quoted, troop figures."""
    a = articles.copy()
    out = pd.DataFrame({"date": pd.to_datetime(a["date"], errors="coerce").dt.date,
                        "outlet": a["outlet"].astype("string").fillna(""),
                        "title": a["title"].astype("string").fillna(""),
                        "article_id": a["article_id"].astype("string")})
    if "n_words" in a.columns:
        out["words"] = pd.to_numeric(a["n_words"], errors="coerce").fillna(0).astype(int)
    if quotes is not None:
        st = quotes.assign(s=statement_ids(quotes)).groupby("article_id")["s"].nunique()
        out["statements"] = out["article_id"].map(st).fillna(0).astype(int)
    if troops is not None:
        out["troop_figures"] = out["article_id"].map(troops.groupby("article_id").size()).fillna(0).astype(int)
    return out.sort_values(["date", "outlet", "title"], na_position="last").reset_index(drop=True)


def articles_per_day(articles: pd.DataFrame) -> pd.DataFrame:
    """Long table date x outlet -> articles (dates as dates; articles without a date are left out)."""
    a = articles.assign(date=pd.to_datetime(articles["date"], errors="coerce"),
                        outlet=articles["outlet"].astype("string").fillna("").replace("", "(no outlet)"))
    a = a.dropna(subset=["date"])
    out = a.groupby(["date", "outlet"]).size().rename("articles").reset_index()
    return out.sort_values(["date", "outlet"]).reset_index(drop=True)


def articles_per_outlet(articles: pd.DataFrame) -> pd.DataFrame:
    """Per outlet: articles, words, first and last date."""
    a = articles.assign(date=pd.to_datetime(articles["date"], errors="coerce"),
                        outlet=articles["outlet"].astype("string").fillna("").replace("", "(no outlet)"),
                        words=pd.to_numeric(_col(articles, "n_words", 0), errors="coerce").fillna(0))
    out = a.groupby("outlet").agg(articles=("article_id", "size"), words=("words", "sum"),
                                  first_date=("date", "min"), last_date=("date", "max")).reset_index()
    out["words"] = out["words"].astype(int)
    return out.sort_values(["articles", "outlet"], ascending=[False, True]).reset_index(drop=True)


def corpus_summary(tables: dict) -> pd.DataFrame:
    """What the corpus holds, one line a measure: articles, outlets, dates, statements, quotes, claims,
    troop figures, inputs rejected."""
    a, q, c, t = tables["articles"], tables["quotes"], tables["claims"], tables["troops"]
    dates = pd.to_datetime(a["date"], errors="coerce").dropna()
    named = int((~_blank(q["speaker"])).sum()) if "speaker" in q.columns else 0
    rows = [("articles", f"{len(a):,}"), ("outlets", f"{a['outlet'].nunique():,}"),
            ("first date", f"{dates.min():%Y-%m-%d}" if len(dates) else ""),
            ("last date", f"{dates.max():%Y-%m-%d}" if len(dates) else ""),
            ("statements quoted", f"{statement_ids(q).nunique():,}"), ("quote fragments", f"{len(q):,}"),
            ("quote fragments with a named speaker", f"{named:,}"),
            ("statements (quotes and reported speech)", f"{len(statement_acts(c)):,}"),
            ("troop figures", f"{len(t):,}"), ("inputs rejected", f"{len(tables.get('rejected', [])):,}")]
    return pd.DataFrame(rows, columns=["measure", "value"])


def rhetoric_wide(table: pd.DataFrame, negated: bool = False) -> pd.DataFrame:
    """``rhetoric_by_party`` as one row per party: words, articles, statements, enough, and per category the
    asserted rate per 1,000 words (``negated=True``: the negated mention counts instead)."""
    value = "negated" if negated else "rate_per_1000"
    wide = table.pivot(index="party", columns="category", values=value)
    wide = wide[[c for c in CATEGORIES if c in wide.columns]]
    wide.columns.name = None
    info = table.drop_duplicates("party").set_index("party")[["words", "articles", "statements", "enough"]]
    return info.join(wide).reset_index()


def troop_mentions(troops: pd.DataFrame) -> pd.DataFrame:
    """Every troop figure with its kind (total when the table has no kinds), bounds, force and source."""
    cols = ["article_id", "paragraph", "text", "kind", "value", "low", "high", "qualifier", "unit", "force", "claimant"]
    return troops.assign(kind=troop_kind(troops))[[c for c in cols if c in troops.columns or c == "kind"]]


# how a category is named in a chart or a finding where its name alone would mislead: the guide's
# threat is "force, danger, consequences", so troops and weapons named count in it, menace or not
CATEGORY_LABELS = {"threat": "threat and force"}


# --------------------------------------------------------------------------
# the learned rhetoric layer, shown to a researcher (notebook 03)


def model_features(rows: list[dict], n_for: int = 8, n_against: int = 4) -> pd.DataFrame:
    """One row per category: the features that push the learned layer hardest towards it and
    against it (``analysis.learn.top_features`` rows), strongest first, with their weights."""

    def cell(part: list[dict], n: int) -> str:
        return ", ".join(f"{r['feature']} ({r['weight']:+.2f})" for r in part[:n])

    out = []
    for cat in CATEGORIES:
        mine = [r for r in rows if r["category"] == cat]
        if not mine:
            continue
        out.append({"category": cat,
                    "pushes towards": cell([r for r in mine if r["direction"] == "for"], n_for),
                    "pushes against": cell([r for r in mine if r["direction"] == "against"], n_against)})
    return pd.DataFrame(out, columns=["category", "pushes towards", "pushes against"])


def model_validation(model: dict, split: str = "crisis") -> pd.DataFrame:
    """Per category the grouped cross-validation figures stored in the model file (articles held
    out together): n labelled positives, precision and recall of the lexicons alone and with the
    learned layer, on ``split`` ("crisis": crisis coverage; "all": with the political news), and
    the gate: "open" where the model adds the category, "shut" where it is the lexicons' alone, with
    what the model's own additions scored in that cross-validation ("0.49: 26 right, 27 wrong")."""
    cv = model.get("cv") or {}
    layer = (cv.get(split) or {}).get("categories") or {}
    lex = (cv.get(f"{split}_lexicon_only") or {}).get("categories") or {}
    rows = []
    for cat in CATEGORIES:
        m, b = layer.get(cat), lex.get(cat)
        if m is None:
            continue
        gate = ((model.get("categories") or {}).get(cat) or {}).get("gate")
        rows.append({"category": cat, "n": int(m["tp"]) + int(m["fn"]),
                     "lexicon precision": b and b["precision"], "lexicon recall": b and b["recall"],
                     "layer precision": m["precision"], "layer recall": m["recall"],
                     "gate": None if gate is None else ("open" if gate["adds"] else "shut"),
                     "model's additions": None if gate is None else
                     f"{gate['precision']:.2f}: {gate['tp']} right, {gate['fp']} wrong"})
    return pd.DataFrame(rows, columns=["category", "n", "lexicon precision", "lexicon recall",
                                       "layer precision", "layer recall", "gate", "model's additions"])
