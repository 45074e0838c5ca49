"""The project's charts, drawn in the house style from the tables in ``views``.

Each function takes a table and returns a finished matplotlib Figure (title,
source line, party colours); the notebooks show it and export it with
:func:`analysis.figures.export` beside the data it plots. Notebook 05 reuses
them, so a chart is defined once.
"""
from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.patches import Patch
import numpy as np
import pandas as pd

from . import figures
from .figures import UNKNOWN_LABEL, party_color
from .rhetoric import CATEGORIES

ACT_COLORS = {"demand": "#D55E00", "warning": "#E69F00", "rejection": "#CC79A7", "proposal": "#009E73"}


def _source(articles: pd.DataFrame) -> str:
    n = len(articles)
    dates = pd.to_datetime(articles["date"], errors="coerce").dropna()
    span = ""
    if len(dates):
        lo, hi = dates.min(), dates.max()
        span = f", {lo:%d %b %Y}" + (f" to {hi:%d %b %Y}" if hi != lo else "")
    outlets = articles["outlet"].astype("string").replace("", pd.NA).dropna().nunique()
    return f"{n} article{'s' * (n != 1)} from {outlets} outlet{'s' * (outlets != 1)}{span} (data/raw)"


def _horizontal_grid(ax):
    """Horizontal bars read against vertical grid lines."""
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)


def quotes_per_party(table: pd.DataFrame, articles: pd.DataFrame):
    """Horizontal bars: quotes per party (``views.quotes_per_party``), unknown speakers in grey."""
    t = table.sort_values("quotes")
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(t) + 1.6))
    ax.barh(t["party"], t["quotes"], color=[party_color(p) for p in t["party"]])
    for y, (q, s) in enumerate(zip(t["quotes"], t["speakers"])):
        ax.text(q, y, f" {q} ({s} speaker{'s' * (s != 1)})", va="center", fontsize=9)
    _horizontal_grid(ax)
    ax.set_xlabel("direct quotations")
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.set_xlim(0, max(t["quotes"].max() * 1.35, 1))
    return figures.finish(fig, "Who is quoted: direct quotations per party",
                          _source(articles) + f"; '{UNKNOWN_LABEL}' = speaker not given in the text")


def acts_by_party(shares: pd.DataFrame, articles: pd.DataFrame):
    """Grouped bars: share of each party's claims that demand, warn, reject or offer (``views.act_shares``)."""
    parties = sorted(shares["party"].unique(), key=lambda p: figures.PARTY_ORDER.index(p)
                     if p in figures.PARTY_ORDER else 99)
    acts = list(dict.fromkeys(shares["act"]))
    fig, ax = plt.subplots(figsize=(max(6, 1.3 * len(parties) + 2), 4))
    width = 0.8 / max(len(acts), 1)
    x = np.arange(len(parties))
    for i, act in enumerate(acts):
        s = shares[shares["act"] == act].set_index("party").reindex(parties)
        ax.bar(x + (i - (len(acts) - 1) / 2) * width, s["share"].fillna(0) * 100, width,
               label=act, color=ACT_COLORS.get(act, "#999999"))
    n = shares.drop_duplicates("party").set_index("party")["party_claims"].reindex(parties)
    ax.set_xticks(x, [f"{p}\n(n={int(k)})" for p, k in zip(parties, n)])
    ax.set_ylabel("% of the party's claims")
    ax.legend(frameon=False, ncols=len(acts), loc="upper left", bbox_to_anchor=(0, 1.12))
    return figures.finish(fig, "What each side demands, warns, rejects and offers",
                          _source(articles) + "; claims = quotes and reported speech")


def rhetoric_heatmap(rates: pd.DataFrame, articles: pd.DataFrame):
    """Heatmap party x category of rates per 1,000 attributed words (``rhetoric.party_rates_ci``)."""
    import seaborn as sns

    r = rates[rates["kind"] == "rate_per_1000"]
    wide = r.pivot(index="party", columns="measure", values="value")
    cats = [c for c in CATEGORIES if c in wide.columns]
    wide = wide[cats]
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(wide) + 1.8))
    sns.heatmap(wide, annot=True, fmt=".1f", cmap="Reds", cbar_kws={"label": "per 1,000 words"},
                linewidths=0.5, ax=ax)
    ax.set_xlabel("")
    ax.set_ylabel("")
    for lbl in ax.get_yticklabels():
        lbl.set_color(party_color(lbl.get_text()))
    return figures.finish(fig, "Crisis language per party",
                          _source(articles) + "; project lexicons, negated mentions included",
                          subtitle="mentions per 1,000 words of the party's quotes and reported claims")


def tone_by_party(rates: pd.DataFrame, articles: pd.DataFrame):
    """Dots with bootstrap intervals: TextBlob polarity and VADER compound per party."""
    m = rates[(rates["kind"] == "mean") & rates["measure"].isin(["polarity", "vader"])]
    parties = sorted(m["party"].unique())
    fig, axes = plt.subplots(1, 2, figsize=(9, 0.45 * len(parties) + 1.8), sharey=True)
    for ax, (measure, label) in zip(axes, [("polarity", "TextBlob polarity"), ("vader", "VADER compound")]):
        s = m[m["measure"] == measure].set_index("party").reindex(parties)
        y = np.arange(len(parties))
        for yi, p in zip(y, parties):
            row = s.loc[p]
            lo, hi = row["low"], row["high"]
            ax.plot([lo, hi], [yi, yi], color=party_color(p), lw=2.5, solid_capstyle="round")
            ax.plot(row["value"], yi, "o", color=party_color(p), ms=7)
        ax.axvline(0, color="#888888", lw=0.8)
        ax.set_yticks(y, parties)
        ax.set_xlabel(f"{label} (-1 to 1)")
        ax.set_xlim(-1, 1)
    return figures.finish(fig, "Tone of each side's words, with 95% bootstrap intervals",
                          _source(articles) + "; word-weighted means over quotes and claims")


def troop_timeline(timeline: pd.DataFrame, articles: pd.DataFrame):
    """Troop figures by article date: points at the best value, bars for the bounds, colour = who gave
    the figure; vague quantities in a panel of their own."""
    precise = timeline[~timeline["vague"]]
    vague = timeline[timeline["vague"]]
    fig, (ax, axv) = plt.subplots(1, 2, figsize=(10, 4.2), gridspec_kw={"width_ratios": [3, 1.2]}, sharey=True)
    seen = set()
    for panel, data in ((ax, precise), (axv, vague)):
        for _, r in data.iterrows():
            p = r["claimant_party"]
            c = party_color(None if p == UNKNOWN_LABEL else p)
            lo = r["low"] if pd.notna(r["low"]) else r["figure"]
            hi = r["high"] if pd.notna(r["high"]) else r["figure"] * 1.15  # open upper bound: an arrow
            label = (p if p != UNKNOWN_LABEL else "(no source given)") if p not in seen else None
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
    dates = timeline["date"].dropna()
    if len(dates):  # pad the range so a single day is a readable axis, not a blur of years
        lo, hi = dates.min() - pd.Timedelta(days=3), dates.max() + pd.Timedelta(days=3)
    for a in (ax, axv):
        if len(dates):
            a.set_xlim(lo, hi)
        locator = mdates.AutoDateLocator(minticks=2, maxticks=6 if a is ax else 3)
        a.xaxis.set_major_locator(locator)
        a.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if len(timeline):
        ax.set_ylim(bottom=0)
    ax.legend(title="figure given by", frameon=False, loc="upper left", fontsize=9)
    return figures.finish(fig, "Troops near Ukraine: every figure reported, by article date",
                          _source(articles) + "; colour = party of the source (grey: none given)")


def quotes_vs_reported(claims: pd.DataFrame, articles: pd.DataFrame):
    """Stacked bars per party: claims that are direct quotes vs reported speech."""
    c = claims[claims["party"].astype("string").fillna("") != ""]
    src = c.get("source", pd.Series("reported", index=c.index)).fillna("reported")
    tab = pd.crosstab(c["party"], src).reindex(columns=["quote", "reported"], fill_value=0)
    tab = tab.loc[tab.sum(axis=1).sort_values().index]
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(tab) + 1.6))
    left = np.zeros(len(tab))
    for col, alpha in (("quote", 1.0), ("reported", 0.45)):
        ax.barh(tab.index, tab[col], left=left, color=[party_color(p) for p in tab.index], alpha=alpha)
        left += tab[col].to_numpy()
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    _horizontal_grid(ax)
    ax.set_xlabel("claims")
    # the legend explains the shading, not the parties: neutral swatches
    ax.legend(handles=[Patch(color="#555555", label="in their own words (quote)"),
                       Patch(color="#555555", alpha=0.45, label="reported speech")],
              frameon=False, loc="lower right")
    return figures.finish(fig, "Heard in their own words or reported: claims per party", _source(articles))
