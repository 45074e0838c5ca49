"""Key findings, written from the tables: templated sentences with their numbers, their n and the rows
that support them (article, paragraph, words), stated only where the data reach the thresholds in
``views`` (``MIN_STATEMENTS``, ``MIN_WORDS``, ``MIN_ARTICLES``, ``MIN_MENTIONS``, ``MIN_FIGURES``).

A candidate that does not reach them is not stated; it is listed in ``withheld`` with the reason, so a
reader sees what the corpus cannot yet say.

``key_findings(tables)`` returns ``(findings, withheld)``:

- findings: topic, finding (the sentence), n (the count it rests on), n_articles, evidence (a list of
  ``{"article_id", "paragraph", "text"}``, at most ``MAX_EVIDENCE``);
- withheld: topic, reason.
"""
from __future__ import annotations

import pandas as pd

from . import outlets, views
from .figures import UNKNOWN_LABEL

MIN_FIGURES = 3     # total troop figures of one force behind a range
MAX_EVIDENCE = 5
MAX_PARTIES = 4     # act findings for the sides with the most statements
FINDING_COLUMNS = ["topic", "finding", "n", "n_articles", "evidence"]


def _pct(k: int, n: int) -> str:
    return f"{100.0 * k / n:.0f}%" if n else "0%"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def _evidence(rows: pd.DataFrame, text_col: str = "text", sort: bool = True) -> list[dict]:
    if rows is None or rows.empty:
        return []
    r = (rows.sort_values(["article_id", "paragraph"], kind="stable") if sort else rows).head(MAX_EVIDENCE)
    return [{"article_id": str(a), "paragraph": int(p), "text": "" if pd.isna(t) else str(t)}
            for a, p, t in zip(r["article_id"], r["paragraph"], r[text_col], strict=True)]


class _Collector:
    def __init__(self):
        self.found: list[dict] = []
        self.withheld: list[dict] = []

    def state(self, topic, sentence, n, n_articles, evidence):
        self.found.append({"topic": topic, "finding": sentence, "n": int(n), "n_articles": int(n_articles),
                           "evidence": evidence})

    def hold(self, topic, reason):
        self.withheld.append({"topic": topic, "reason": reason})


def _who_is_quoted(c: _Collector, quotes: pd.DataFrame) -> None:
    topic = "who is quoted"
    q = quotes.assign(statement=views.statement_ids(quotes), party=views._party_label(quotes["party"]))
    st = q.drop_duplicates("statement")
    known = st[st["party"] != UNKNOWN_LABEL]
    n, n_all_art = len(known), int(known["article_id"].nunique())
    if n < views.MIN_STATEMENTS or n_all_art < views.MIN_ARTICLES:
        c.hold(topic, f"{_plural(n, 'statement')} with a known party in {_plural(n_all_art, 'article')}; at least "
                      f"{views.MIN_STATEMENTS} from {views.MIN_ARTICLES} articles needed")
    else:
        counts = known["party"].value_counts()
        top = sorted(counts.index, key=lambda p: (-counts[p], p))[0]
        k = int(counts[top])
        rows = known[known["party"] == top]
        n_art = int(rows["article_id"].nunique())
        second = ""
        if len(counts) > 1:
            p2 = sorted(counts.index, key=lambda p: (-counts[p], p))[1]
            second = f"; next is {p2} with {int(counts[p2]):,}"
        c.state(topic, f"{top} is quoted most: {k:,} of the {n:,} quoted statements whose speaker's party is known "
                       f"({_pct(k, n)}), in {_plural(n_art, 'article')}{second}.", n, n_art, _evidence(rows))
    unknown = st[st["party"] == UNKNOWN_LABEL]
    no_speaker = unknown[views._blank(unknown["speaker"])] if "speaker" in unknown.columns else unknown.iloc[0:0]
    if len(st) >= views.MIN_STATEMENTS and len(no_speaker):
        k = len(no_speaker)
        c.state("unattributed quotes", f"{k:,} of {len(st):,} quoted statements ({_pct(k, len(st))}) name no speaker: "
                f"the text does not say who spoke, so they are counted for no side.", len(st),
                no_speaker["article_id"].nunique(), _evidence(no_speaker))


def _acts(c: _Collector, claims: pd.DataFrame) -> None:
    shares = views.act_shares(claims, acts=[a for a in views.ACTS if a != "assertion"])
    if shares.empty:
        c.hold("speech acts", "no statement with a known party")
        return
    biggest = shares.drop_duplicates("party").sort_values(["party_statements", "party"], ascending=[False, True])
    for party in biggest["party"].head(MAX_PARTIES):
        g = shares[shares["party"] == party]
        n, n_art = int(g["party_statements"].iloc[0]), int(g["articles"].iloc[0])
        topic = f"what {party} says"
        if not bool(g["enough"].iloc[0]):
            c.hold(topic, f"{party}: {_plural(n, 'statement')} in {_plural(n_art, 'article')}; at least "
                          f"{views.MIN_STATEMENTS} statements from {views.MIN_ARTICLES} articles needed")
            continue
        g = g.sort_values(["statements", "act"], ascending=[False, True])
        top = g.iloc[0]
        if int(top["statements"]) < views.MIN_MENTIONS:
            c.hold(topic, f"{party}: no act other than assertion in {views.MIN_MENTIONS} or more statements")
            continue
        ev = views.act_evidence(claims, party, top["act"])
        k = int(top["statements"])
        c.state(topic, f"{party}'s most frequent act after assertions is {top['act']}: {k:,} of its {n:,} statements "
                       f"({_pct(k, n)}), in {_plural(n_art, 'article')}.", n, n_art, _evidence(ev))


def _rhetoric(c: _Collector, quotes: pd.DataFrame, claims: pd.DataFrame, n_boot: int) -> None:
    table = views.rhetoric_by_party(quotes, claims, n_boot=n_boot)
    if table.empty:
        c.hold("crisis language", "no attributed words with a known party")
        return
    ok = table[table["enough"]]
    if ok["party"].nunique() < 2:
        c.hold("crisis language", f"{ok['party'].nunique()} side(s) with at least {views.MIN_WORDS:,} attributed words "
                                  f"from {views.MIN_ARTICLES} articles; two needed to say who uses more")
        ok = ok.iloc[0:0]
    for p, g in table[~table["enough"]].groupby("party"):
        words, n_art = int(g["words"].iloc[0]), int(g["articles"].iloc[0])
        need = [f"{views.MIN_WORDS:,} words" if words < views.MIN_WORDS else "",
                f"{views.MIN_ARTICLES} articles" if n_art < views.MIN_ARTICLES else ""]
        c.hold(f"crisis language of {p}", f"{p}: {words:,} attributed words in {_plural(n_art, 'article')}; "
                                         f"at least {' and '.join(n for n in need if n)} needed")
    for cat, g in ok.groupby("category", sort=False):
        g = g.sort_values(["rate_per_1000", "party"], ascending=[False, True])
        r = g.iloc[0]
        if int(r["asserted"]) < views.MIN_MENTIONS:
            continue
        rest = g.iloc[1:]
        if len(rest) and not r["low"] > rest["rate_per_1000"].max():
            c.hold(f"{cat} language", f"no party clearly leads: {r['party']}'s interval "
                                      f"({r['low']:.1f}–{r['high']:.1f} per 1,000 words) reaches "
                                      f"{rest.iloc[0]['party']}'s rate ({rest.iloc[0]['rate_per_1000']:.1f})")
            continue
        others = ("; " + ", ".join(f"{x.party} {x.rate_per_1000:.1f}" for x in rest.itertuples())) if len(rest) else ""
        ev = views.rhetoric_evidence(quotes, claims, r["party"], cat).sort_values("mentions", ascending=False,
                                                                                  kind="stable")
        c.state(f"{cat} language", f"{r['party']} uses the most asserted {views.CATEGORY_LABELS.get(cat, cat)} "
                f"language: {r['rate_per_1000']:.1f} "
                f"mentions per 1,000 attributed words (95% interval {r['low']:.1f}–{r['high']:.1f}; "
                f"{int(r['asserted']):,} mentions in {int(r['words']):,} words, "
                f"{_plural(int(r['articles']), 'article')})"
                f"{others}.", int(r["asserted"]), int(r["articles"]), _evidence(ev, sort=False))
    denials = table[(table["negated"] >= views.MIN_MENTIONS) & (table["negated"] > table["asserted"])]
    for r in denials.itertuples():
        ev = views.rhetoric_evidence(quotes, claims, r.party, r.category, negated=True)
        c.state(f"{r.category} language", f"{r.party} mostly negates {r.category} language: {r.negated:,} negated "
                f"mentions (\"no {r.category}\") against {r.asserted:,} asserted; negated mentions are not counted in "
                f"its rate.", int(r.negated), int(ev["article_id"].nunique()), _evidence(ev))


def _troops(c: _Collector, troops: pd.DataFrame, articles: pd.DataFrame) -> None:
    force = views.main_force(troops)
    if force is None:
        c.hold("troop figures", "no total troop figure names its force")
        return
    t = views.troop_timeline(troops, articles, force)
    t = t[~t["vague"] & t["figure"].notna() & (t["unit"].astype("string") == "troops")]
    n, n_art = len(t), int(t["article_id"].nunique())
    if n < MIN_FIGURES or n_art < views.MIN_ARTICLES:
        c.hold("troop figures", f"{_plural(n, 'precise total figure')} for {force}'s forces in "
                                f"{_plural(n_art, 'article')}; at least {MIN_FIGURES} from {views.MIN_ARTICLES} "
                                f"articles needed")
    else:
        q1, med, q3 = t["figure"].quantile([0.25, 0.5, 0.75])
        dated = t.dropna(subset=["date"])
        latest = ""
        if len(dated):
            on_last = dated[dated["date"] == dated["date"].max()]
            last = on_last.iloc[0]
            if len(on_last) == 1:
                src = last["claimant"] or "no source given"
                latest = f"; the latest, on {last['date']:%d %b %Y}, is \"{last['text']}\" ({src})"
            else:  # several figures on the last day: none of them is "the latest"
                latest = (f"; the {len(on_last):,} figures of the latest day, {last['date']:%d %b %Y}, run from "
                          f"{on_last['figure'].min():,.0f} to {on_last['figure'].max():,.0f}")
        c.state("troop figures", f"The median total reported for {force}'s troops is {med:,.0f} ({n:,} figures in "
                                 f"{_plural(n_art, 'article')}; half lie between {q1:,.0f} and {q3:,.0f}){latest}.",
                n, n_art, _evidence(t))
    changes = views.troop_changes(troops, articles)
    if len(changes):
        kinds = changes["kind"].value_counts()
        c.state("troop changes", "Changes are reported apart from totals: "
                + ", ".join(_plural(int(k), str(kind)) for kind, k in kinds.items())
                + f" in {_plural(int(changes['article_id'].nunique()), 'article')}.", len(changes),
                changes["article_id"].nunique(), _evidence(changes))


def _outlets(c: _Collector, quotes: pd.DataFrame, articles: pd.DataFrame) -> None:
    shares = outlets.party_shares(quotes, articles)
    topic = "outlets"
    n_out = shares["outlet"].nunique() if len(shares) else 0
    ok = shares[shares["enough"]] if len(shares) else shares
    if n_out < 2 or ok["outlet"].nunique() < 2:
        c.hold(topic, f"{_plural(int(ok['outlet'].nunique()) if len(ok) else 0, 'outlet')} with at least "
                      f"{views.MIN_STATEMENTS} quoted statements; two needed to compare")
        return
    known = ok[ok["party"] != UNKNOWN_LABEL]
    wide = known.pivot(index="party", columns="outlet", values="share").fillna(0)
    spread = (wide.max(axis=1) - wide.min(axis=1)).sort_values(ascending=False)
    party = spread.index[0]
    row = wide.loc[party].sort_values(ascending=False)
    n_of = ok.drop_duplicates("outlet").set_index("outlet")["outlet_statements"]
    parts = [f"{o} {v * 100:.0f}% of {int(n_of[o]):,}" for o, v in row.items()]
    q = quotes.assign(party=views._party_label(quotes["party"]))
    ev = q[q["party"] == party]
    n_art = int(articles["article_id"].nunique())
    c.state(topic, f"Outlets differ most in how much they quote {party}: " + "; ".join(parts) + " statements.",
            int(n_of.sum()), n_art, _evidence(ev))


def key_findings(tables: dict, n_boot: int = 1000) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Findings and withheld candidates from the pipeline's tables (``articles``, ``quotes``, ``claims``,
    ``troops``), in report order."""
    c = _Collector()
    quotes, claims = tables["quotes"], tables["claims"]
    articles, troops = tables["articles"], tables["troops"]
    _who_is_quoted(c, quotes)
    _acts(c, claims)
    _rhetoric(c, quotes, claims, n_boot)
    _troops(c, troops, articles)
    _outlets(c, quotes, articles)
    return (pd.DataFrame(c.found, columns=FINDING_COLUMNS),
            pd.DataFrame(c.withheld, columns=["topic", "reason"]))
