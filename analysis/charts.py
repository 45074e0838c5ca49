"""The project's charts, drawn in the house style from the tables in ``views`` and ``outlets``.

Each function takes a table and returns a :class:`Chart`: the finished matplotlib figure (title, source
line, party colours), the data it drew (exactly what the exported CSV holds), a content name for the
files, and alt text describing it for readers who cannot see it. Notebooks call :func:`publish` (export
PNG + SVG + CSV and show the figure with its alt text) or :func:`analysis.figures.show`.

Cells with too little data (``enough`` False in the table) are drawn faded and marked "n too small",
never as findings. Outlets get their own colours (``outlets.OUTLET_COLORS``), never a party's.
"""
from __future__ import annotations

from typing import NamedTuple

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from . import figures, views
from .figures import UNKNOWN_LABEL, party_color
from .rhetoric import CATEGORIES

ACT_COLORS = {"demand": "#D55E00", "warning": "#E69F00", "rejection": "#CC79A7", "proposal": "#009E73",
              "denial": "#0072B2", "accusation": "#882255", "refusal": "#332288", "assertion": "#999999"}
SMALL_N = "n too small"


class Chart(NamedTuple):
    """A drawn chart: the figure, the data it plots, the file name (content slug) and its alt text."""
    figure: object
    data: pd.DataFrame
    name: str
    alt: str


def publish(chart: Chart, outdir=None, pdf: bool = False, show: bool = True):
    """Export ``chart`` (PNG + SVG (+ PDF) + the CSV of its data) to ``outdir`` and show it with its alt text."""
    paths = figures.export(chart.figure, chart.data, chart.name, **({"outdir": outdir} if outdir else {}), pdf=pdf)
    if show:
        figures.show(chart.figure, chart.alt)
    return paths


def _source(articles: pd.DataFrame) -> str:
    n = len(articles)
    dates = pd.to_datetime(articles["date"], errors="coerce").dropna()
    span = ""
    if len(dates):
        lo, hi = dates.min(), dates.max()
        span = f", {lo:%d %b %Y}" + (f" to {hi:%d %b %Y}" if hi != lo else "")
    outlets = articles["outlet"].astype("string").replace("", pd.NA).dropna().nunique()
    return f"{n:,} article{'s' * (n != 1)} from {outlets} outlet{'s' * (outlets != 1)}{span} (data/raw)"


def _horizontal_grid(ax):
    """Horizontal bars read against vertical grid lines."""
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)


def _listing(pairs, unit: str = "") -> str:
    return "; ".join(f"{k} {v:,}{unit}" if isinstance(v, (int, np.integer)) else f"{k} {v}{unit}" for k, v in pairs)


def _date_axis(ax, dates: pd.Series, maxticks: int = 6, pad_days: int = 3):
    """A time axis: padded so a single day is readable, ticks on whole days ("10 Jan"), the year in the
    axis label; spans of more than four months fall back to matplotlib's concise month labels."""
    dates = pd.to_datetime(dates, errors="coerce").dropna()
    if not len(dates):
        return
    lo, hi = dates.min() - pd.Timedelta(days=pad_days), dates.max() + pd.Timedelta(days=pad_days)
    ax.set_xlim(lo, hi)
    span = (hi - lo).days
    if span <= 120:
        ax.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, -(-span // maxticks))))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
        years = sorted({lo.year, hi.year})
        ax.set_xlabel("article date, " + "–".join(map(str, years)), fontsize=9)
    else:
        locator = mdates.AutoDateLocator(minticks=2, maxticks=maxticks)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _dodge(dates: pd.Series, width_days: float = 0.7) -> pd.Series:
    """Spread points that share a date across ``width_days`` so that none hides another."""
    d = pd.to_datetime(dates, errors="coerce")
    k = d.groupby(d).cumcount()
    n = d.map(d.value_counts())
    offset = ((k + 0.5) / n - 0.5) * width_days
    return d + pd.to_timedelta(offset.where(n > 1, 0.0), unit="D")


# ---------------------------------------------------------------- articles
def articles_per_day(per_day: pd.DataFrame, articles: pd.DataFrame) -> Chart:
    """Stacked bars on a time axis: articles per day (``views.articles_per_day``), one outlet colour each."""
    from .outlets import outlet_colors

    colors = outlet_colors(sorted(per_day["outlet"].unique()))
    fig, ax = plt.subplots(figsize=(8, 3.8))
    bottom = pd.Series(0.0, index=sorted(per_day["date"].unique()))
    for outlet, color in colors.items():
        s = per_day[per_day["outlet"] == outlet].set_index("date")["articles"].reindex(bottom.index).fillna(0)
        ax.bar(bottom.index, s.to_numpy(), bottom=bottom.to_numpy(), width=0.8, color=color, label=outlet,
               edgecolor="#333333", linewidth=0.5)
        bottom += s
    _date_axis(ax, per_day["date"])
    ax.set_ylabel("articles")
    ax.yaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.legend(title="outlet", frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    total = per_day.groupby("date")["articles"].sum()
    alt = (f"Bar chart of articles per day by outlet, {len(total)} days: "
           + _listing((f"{d:%d %b %Y}", int(n)) for d, n in total.items()) + ".")
    figures.finish(fig, "Articles per day, by outlet", _source(articles))
    return Chart(fig, per_day, "articles-per-day-by-outlet", alt)


# ------------------------------------------------------------------ quotes
def quotes_per_party(table: pd.DataFrame, articles: pd.DataFrame) -> Chart:
    """Horizontal bars: statements quoted per party (``views.quotes_per_party``), unknown speakers in grey."""
    t = table.sort_values("statements")
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(t) + 1.6))
    ax.barh(t["party"], t["statements"], color=[party_color(p) for p in t["party"]])
    for y, (s, q, a) in enumerate(zip(t["statements"], t["quotes"], t["articles"], strict=True)):
        ax.text(s, y, f" {s:,} ({q:,} quote{'s' * (q != 1)}, {a:,} article{'s' * (a != 1)})", va="center",
                fontsize=9)
    _horizontal_grid(ax)
    ax.set_xlabel("statements quoted (fragments of one statement count once)")
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.set_xlim(0, max(t["statements"].max() * 1.6 if len(t) else 1, 1))
    data = table[["party", "statements", "quotes", "speakers", "articles", "share"]]
    alt = ("Horizontal bar chart of statements quoted per party: "
           + _listing(zip(table["party"], table["statements"].astype(int), strict=True)) + ".")
    figures.finish(fig, "Who is quoted: statements per party",
                   _source(articles) + f"; '{UNKNOWN_LABEL}' = speaker not given in the text")
    return Chart(fig, data, "quotes-per-party", alt)


def acts_by_party(shares: pd.DataFrame, articles: pd.DataFrame) -> Chart:
    """Grouped bars: share of each party's statements that are demands, warnings, rejections or proposals
    (``views.act_shares``); parties with too few statements faded and marked."""
    parties = sorted(shares["party"].unique(), key=lambda p: figures.PARTY_ORDER.index(p)
                     if p in figures.PARTY_ORDER else 99)
    acts = list(dict.fromkeys(shares["act"]))
    nouns = [views.ACT_NOUNS.get(a, a) for a in acts]
    fig, ax = plt.subplots(figsize=(max(6, 1.3 * len(parties) + 2), 4))
    width = 0.8 / max(len(acts), 1)
    x = np.arange(len(parties))
    info = shares.drop_duplicates("party").set_index("party").reindex(parties)
    enough = info["enough"].fillna(False).astype(bool).to_numpy() if "enough" in info else np.ones(len(parties), bool)
    for i, act in enumerate(acts):
        s = shares[shares["act"] == act].set_index("party").reindex(parties)
        for xi, val, ok in zip(x, s["share"].fillna(0) * 100, enough, strict=True):
            ax.bar(xi + (i - (len(acts) - 1) / 2) * width, val, width, color=ACT_COLORS.get(act, "#999999"),
                   alpha=1.0 if ok else 0.3, hatch=None if ok else "//", label=nouns[i] if xi == 0 else None)
    ax.set_xticks(x, [f"{p}\n(n={int(k):,}{'' if ok else ', ' + SMALL_N})"
                      for p, k, ok in zip(parties, info["party_statements"], enough, strict=True)])
    ax.set_ylabel("% of the party's statements")
    ax.set_ylim(0, 100)
    ax.legend(frameon=False, ncols=len(acts), loc="upper left", bbox_to_anchor=(0, 1.12))
    title = ", ".join(n.capitalize() if i == 0 else n for i, n in enumerate(nouns[:-1]))
    title = f"{title} and {nouns[-1]}" if len(nouns) > 1 else nouns[0].capitalize()
    alt = (f"Grouped bar chart: {', '.join(nouns)} as a percentage of each party's statements. "
           + " ".join(f"{p} (n={int(info.loc[p, 'party_statements'])}): "
                      + ", ".join(f"{views.ACT_NOUNS.get(a, a)} {r * 100:.0f}%"
                                  for a, r in shares[shares['party'] == p][['act', 'share']].itertuples(index=False))
                      + "." for p in parties))
    figures.finish(fig, f"{title}: share of each side's statements",
                   _source(articles) + "; statements = quotes (fragments counted once) and reported speech")
    return Chart(fig, shares, "claims-demand-warn-reject-offer-by-party", alt)


def quotes_vs_reported(claims: pd.DataFrame, articles: pd.DataFrame) -> Chart:
    """Stacked bars per party: statements heard as direct quotes vs reported speech."""
    c = views.made(claims)
    c = c[c["party"].astype("string").fillna("") != ""]
    c = c.assign(statement=views.statement_ids(c),
                 source=c["source"].fillna("reported") if "source" in c.columns else "reported")
    st = c.drop_duplicates("statement")
    data = st.groupby(["party", "source"]).size().rename("statements").reset_index()
    tab = data.pivot(index="party", columns="source", values="statements").reindex(
        columns=["quote", "reported"]).fillna(0).astype(int)
    tab = tab.loc[tab.sum(axis=1).sort_values().index]
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(tab) + 1.6))
    left = np.zeros(len(tab))
    for col, alpha in (("quote", 1.0), ("reported", 0.45)):
        ax.barh(tab.index, tab[col], left=left, color=[party_color(p) for p in tab.index], alpha=alpha)
        left += tab[col].to_numpy()
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    _horizontal_grid(ax)
    ax.set_xlabel("statements")
    ax.legend(handles=[Patch(color="#555555", label="in their own words (quote)"),
                       Patch(color="#555555", alpha=0.45, label="reported speech")],
              frameon=False, loc="lower right")
    alt = ("Stacked horizontal bar chart of statements per party, quoted or reported: "
           + "; ".join(f"{p} {int(r['quote'])} quoted, {int(r['reported'])} reported" for p, r in tab.iterrows()) + ".")
    figures.finish(fig, "Heard in their own words or reported: statements per party", _source(articles))
    return Chart(fig, data, "quotes-and-claims-per-party", alt)


# ---------------------------------------------------------------- rhetoric
def rhetoric_heatmap(table: pd.DataFrame, articles: pd.DataFrame) -> Chart:
    """Heatmap party x category of asserted mentions per 1,000 attributed words (``views.rhetoric_by_party``),
    each cell with its count; rows with too few words or articles greyed and marked; negated mentions in a
    panel of their own (counts), never in the rate."""
    parties = sorted(table["party"].unique())
    cats = [c for c in CATEGORIES if c in set(table["category"])]
    rate = table.pivot(index="party", columns="category", values="rate_per_1000").reindex(index=parties, columns=cats)
    cnt = table.pivot(index="party", columns="category", values="asserted").reindex(index=parties, columns=cats)
    neg = table.pivot(index="party", columns="category", values="negated").reindex(index=parties, columns=cats)
    info = table.drop_duplicates("party").set_index("party").reindex(parties)
    ok = info["enough"].astype(bool)
    fig, (ax, axn) = plt.subplots(1, 2, figsize=(11, 0.55 * len(parties) + 2.4),
                                  gridspec_kw={"width_ratios": [len(cats), max(len(cats) * 0.55, 2)]})
    vmax = max(float(rate[ok].max().max()) if ok.any() else 0.0, 1.0)
    cmap = plt.get_cmap("Reds")
    for yi, p in enumerate(parties):
        for xi, c in enumerate(cats):
            v, k = rate.loc[p, c], int(cnt.loc[p, c])
            if ok[p]:
                color = cmap(0.08 + 0.85 * (v / vmax if vmax else 0))
                ax.add_patch(plt.Rectangle((xi, yi), 1, 1, color=color, ec="white", lw=1))
                dark = v / vmax > 0.55 if vmax else False
                ax.text(xi + 0.5, yi + 0.5, f"{v:.1f}\n({k:,})", ha="center", va="center", fontsize=8.5,
                        color="white" if dark else "#222222")
            else:
                ax.add_patch(plt.Rectangle((xi, yi), 1, 1, facecolor="#F2F2F2", hatch="///", edgecolor="#DDDDDD",
                                           lw=0.5))
                ax.text(xi + 0.5, yi + 0.5, f"({k:,})", ha="center", va="center", fontsize=8.5, color="#777777")
            nv = int(neg.loc[p, c])
            axn.add_patch(plt.Rectangle((xi, yi), 1, 1, color="#DCE6F0" if nv else "#FAFAFA", ec="white", lw=1))
            axn.text(xi + 0.5, yi + 0.5, f"{nv:,}" if nv else "·", ha="center", va="center", fontsize=8.5,
                     color="#223344")
    labels = [f"{p}\n{int(info.loc[p, 'words']):,} words, {int(info.loc[p, 'articles']):,} "
              f"article{'s' * (int(info.loc[p, 'articles']) != 1)}" + ("" if ok[p] else f"\n{SMALL_N}")
              for p in parties]
    for a, title in ((ax, "asserted mentions per 1,000 words (count)"), (axn, "negated mentions (\"no threat\")")):
        a.set_xlim(0, len(cats))
        a.set_ylim(len(parties), 0)
        a.set_xticks(np.arange(len(cats)) + 0.5, [views.CATEGORY_LABELS.get(c, c) for c in cats], rotation=35, ha="right")
        a.set_title(title, loc="left", fontsize=10)
        a.grid(False)
        for s in a.spines.values():
            s.set_visible(False)
        a.tick_params(length=0)
    ax.set_yticks(np.arange(len(parties)) + 0.5, labels, fontsize=9)
    for lbl, p in zip(ax.get_yticklabels(), parties, strict=True):
        lbl.set_color(party_color(p))
    axn.set_yticks([])
    rows = []
    for p in parties:
        if ok[p]:
            top = rate.loc[p].sort_values(ascending=False).head(2)
            rows.append(f"{p}: " + ", ".join(f"{c} {v:.1f}" for c, v in top.items()))
        else:
            rows.append(f"{p}: too few words ({int(info.loc[p, 'words'])}) to rate")
    alt = ("Heatmap of asserted crisis-language mentions per 1,000 words by party and category, with negated "
           "mentions counted apart. " + "; ".join(rows) + ".")
    figures.finish(fig, "Crisis language per party: asserted mentions per 1,000 words",
                   _source(articles) + f"; project lexicons; hatched rows: fewer than {views.MIN_WORDS} words or "
                   f"{views.MIN_ARTICLES} articles; reporters' questions left out")
    return Chart(fig, table, "rhetoric-rate-by-party-and-category", alt)


def tone_by_party(rates: pd.DataFrame, articles: pd.DataFrame) -> Chart:
    """Dots with bootstrap intervals: TextBlob polarity and VADER compound per party
    (``rhetoric.party_rates_ci``)."""
    m = rates[(rates["kind"] == "mean") & rates["measure"].isin(["polarity", "vader"])]
    parties = sorted(m["party"].unique())
    fig, axes = plt.subplots(1, 2, figsize=(9, 0.45 * len(parties) + 1.8), sharey=True)
    measures = [("polarity", "TextBlob polarity"), ("vader", "VADER compound")]
    for ax, (measure, label) in zip(axes, measures, strict=True):
        s = m[m["measure"] == measure].set_index("party").reindex(parties)
        y = np.arange(len(parties))
        for yi, p in zip(y, parties, strict=True):
            row = s.loc[p]
            a = 1.0 if row["n_units"] >= views.MIN_ARTICLES else 0.35  # one article: shown, not a finding
            ax.plot([row["low"], row["high"]], [yi, yi], color=party_color(p), lw=2.5, solid_capstyle="round", alpha=a)
            ax.plot(row["value"], yi, "o", color=party_color(p), ms=7, alpha=a)
        ax.axvline(0, color="#888888", lw=0.8)
        small = s["n_units"] < views.MIN_ARTICLES
        ax.set_yticks(y, [f"{p} (n={int(s.loc[p, 'n_units'])}" + (f", {SMALL_N})" if small[p] else ")")
                          for p in parties])
        ax.set_xlabel(f"{label} (-1 to 1)")
        ax.set_xlim(-1, 1)
    data = m.round(4).reset_index(drop=True)
    alt = ("Dot plot with 95% intervals of TextBlob polarity and VADER compound per party: "
           + "; ".join(f"{r.party} {r.measure} {r.value:.2f}" for r in data.itertuples()) + ".")
    figures.finish(fig, "Tone of each side's words, with 95% bootstrap intervals",
                   _source(articles) + f"; word-weighted means over quotes and claims; n = articles (faded: fewer than "
                   f"{views.MIN_ARTICLES})")
    return Chart(fig, data, "tone-by-party", alt)


# ------------------------------------------------------------------ troops
def troop_timeline(timeline: pd.DataFrame, articles: pd.DataFrame) -> Chart:
    """Total troop figures of one force (``views.troop_timeline``) by article date: points at the best value,
    bars for the bounds (an arrow for an open upper bound), colour = party of the source; vague quantities
    in a panel of their own. Changes (increments, decreases) are not drawn here."""
    forces = sorted(set(timeline["force"].dropna()))
    force = forces[0] if len(forces) == 1 else ("several forces" if forces else "no force")
    precise = timeline[~timeline["vague"]]
    vague = timeline[timeline["vague"]]
    fig, (ax, axv) = plt.subplots(1, 2, figsize=(11, 4.4), gridspec_kw={"width_ratios": [3, 1.2]}, sharey=True,
                                  layout="constrained")
    seen = set()
    for panel, data in ((ax, precise), (axv, vague)):
        data = data.assign(date=_dodge(data["date"]))
        for _, r in data.iterrows():
            p = r["claimant_party"]
            c = party_color(None if p == UNKNOWN_LABEL else p)
            lo = r["low"] if pd.notna(r["low"]) else r["figure"]
            hi = r["high"] if pd.notna(r["high"]) else r["figure"] * 1.15  # open upper bound: an arrow
            label = (p if p != UNKNOWN_LABEL else views.NO_SOURCE) if p not in seen else None
            seen.add(p)
            x = r["date"]
            panel.plot([x, x], [lo, hi], color=c, lw=3, alpha=0.55, solid_capstyle="round")
            if pd.isna(r["high"]) and pd.notna(r["low"]):
                panel.annotate("", xy=(x, hi), xytext=(x, lo), arrowprops=dict(arrowstyle="->", color=c))
            marker = "o" if panel is ax else "s"
            panel.plot(x, r["figure"], marker, color=c, ms=7, label=label, mfc=c if panel is ax else "white")
    ax.set_title("figures (value and bounds)", loc="left", fontsize=10)
    axv.set_title("vague (\"tens of thousands\")", loc="left", fontsize=10)
    ax.set_ylabel("troops")
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    for a in (ax, axv):
        _date_axis(a, timeline["date"], maxticks=6 if a is ax else 2)
    if len(timeline):
        ax.set_ylim(bottom=0)
        handles, labels = ax.get_legend_handles_labels()
        h2, l2 = axv.get_legend_handles_labels()
        fig.legend(handles + h2, labels + l2, title="figure given by", frameon=False, loc="outside right upper",
                   fontsize=9)
    alt = (f"Timeline of total troop figures for {force}'s forces: "
           + "; ".join(f"{r.date:%d %b %Y} {r.text} (source: {r.claimant or 'none given'})"
                       for r in timeline.itertuples() if pd.notna(r.date)) + "."
           if len(timeline) else f"Timeline of total troop figures for {force}: no figure to draw.")
    figures.finish(fig, f"Troop figures for {force}'s forces: totals reported, by article date",
                   _source(articles) + "; colour = party of the source (grey: none given); "
                   "increments and decreases are listed apart")
    data = timeline.assign(date=timeline["date"].dt.strftime("%Y-%m-%d"))
    return Chart(fig, data, "troop-figures-by-claimant", alt)


# ----------------------------------------------------------------- outlets
def outlet_comparison(shares: pd.DataFrame, articles: pd.DataFrame) -> Chart:
    """100% stacked bars, one per outlet: the share of its quoted statements by party (``outlets.party_shares``);
    outlets with too few statements faded and marked."""
    outs = sorted(shares["outlet"].unique())
    def order(p):
        return (figures.PARTY_ORDER.index(p) if p in figures.PARTY_ORDER else 98 + (p == UNKNOWN_LABEL), p)

    parties = sorted(shares["party"].unique(), key=order)
    info = shares.drop_duplicates("outlet").set_index("outlet").reindex(outs)
    fig, ax = plt.subplots(figsize=(9, 0.55 * len(outs) + 2.2))
    left = np.zeros(len(outs))
    for p in parties:
        s = shares[shares["party"] == p].set_index("outlet").reindex(outs)["share"].fillna(0).to_numpy() * 100
        alphas = [1.0 if ok else 0.35 for ok in info["enough"]]
        for yi, (v, l0, a) in enumerate(zip(s, left, alphas, strict=True)):
            ax.barh(yi, v, left=l0, color=party_color(p), alpha=a, edgecolor="white", linewidth=0.6)
            if v >= 9:
                ax.text(l0 + v / 2, yi, f"{v:.0f}%", ha="center", va="center", fontsize=8.5,
                        color="white" if p not in ("Ukraine", "EU", "UN", UNKNOWN_LABEL) else "#222222")
        left += s
    def label(o):
        n_art = int(info.loc[o, "articles"])
        return (f"{o}\n{int(info.loc[o, 'outlet_statements']):,} statements, {n_art:,} article{'s' * (n_art != 1)}"
                + ("" if info.loc[o, "enough"] else f" ({SMALL_N})"))

    ax.set_yticks(np.arange(len(outs)), [label(o) for o in outs], fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of the outlet's quoted statements")
    _horizontal_grid(ax)
    ax.legend(handles=[Patch(color=party_color(p), label=p) for p in parties], title="party of the speaker",
              frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    alt = ("Stacked bar chart of each outlet's quoted statements by party of the speaker: "
           + " ".join(f"{o} (n={int(info.loc[o, 'outlet_statements'])}): "
                      + ", ".join(f"{r.party} {r.share * 100:.0f}%" for r in shares[shares['outlet'] == o].itertuples())
                      + "." for o in outs))
    figures.finish(fig, "Whose words each outlet quotes: statements by party of the speaker",
                   _source(articles) + f"; faded: fewer than {views.MIN_STATEMENTS} statements or "
                   f"{views.MIN_ARTICLES} articles")
    return Chart(fig, shares, "outlet-statements-by-party", alt)


def show(chart: Chart) -> None:
    """Show ``chart`` in the notebook with its alt text (no export)."""
    figures.show(chart.figure, chart.alt)
