"""Counting honestly: statements not fragments, asserted vs negated rhetoric, troop totals vs changes,
outlets compared, findings only where n allows (all on tables written here)."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import charts, findings, outlets, rhetoric, views  # noqa: E402
from analysis.statements import assign_statement_ids  # noqa: E402

ARTICLES = pd.DataFrame({"article_id": ["a1", "a2", "a3", "a4"],
                         "title": ["Talks open", "Drills go on", "Envoys meet", "Ministers warn"],
                         "date": ["2022-01-10", "2022-01-11", "2022-01-12", "2022-01-14"],
                         "outlet": ["reuters.com", "Reuters", "tass.com", "TASS"], "n_words": [400, 500, 450, 300]})


def _scored(rows: list[dict]) -> pd.DataFrame:
    """Quote rows with the rhetoric columns the pipeline adds, scored by the project's lexicons."""
    return pd.DataFrame([{**r, **rhetoric.score_text(r["text"])} for r in rows])


# ------------------------------------------------------------ rhetoric
DENIER = [  # a side that only denies threatening anyone
    {"article_id": "a1", "paragraph": 0, "speaker": "Ola Berg", "party": "Belarus", "cue": "say",
     "text": "Our country poses no threat to anyone in the region."},
    {"article_id": "a2", "paragraph": 1, "speaker": "Ola Berg", "party": "Belarus", "cue": "say",
     "text": "These manoeuvres are not a threat to our neighbours."},
]
ACCUSER = [
    {"article_id": "a1", "paragraph": 2, "speaker": "Kim Lund", "party": "NATO", "cue": "say",
     "text": "Their conduct is a threat to the whole of Europe."},
]


def test_a_party_that_only_denies_threats_has_an_asserted_threat_rate_of_zero():
    q = _scored(DENIER + ACCUSER)
    assert q.loc[0, "threat"] >= 1 and q.loc[0, "threat_negated"] >= 1  # the lexicon sees the word, negated
    t = views.rhetoric_by_party(q, None, n_boot=50).set_index(["party", "category"])
    belarus = t.loc[("Belarus", "threat")]
    assert belarus["asserted"] == 0 and belarus["rate_per_1000"] == 0
    assert belarus["negated"] == 2  # shown apart, not dropped
    assert t.loc[("NATO", "threat"), "asserted"] == 1 and t.loc[("NATO", "threat"), "rate_per_1000"] > 0
    wide = views.rhetoric_wide(views.rhetoric_by_party(q, None, n_boot=50), negated=True).set_index("party")
    assert wide.loc["Belarus", "threat"] == 2


def test_asserted_mentions_fall_back_to_count_minus_negated_without_terms():
    q = pd.DataFrame({"article_id": ["a1"], "paragraph": [0], "speaker": ["X"], "party": ["Russia"],
                      "text": ["w " * 10],
                      "threat": [3], "threat_negated": [2]})
    u = views.rhetoric_units(q)
    assert u.loc[0, "threat"] == 1 and u.loc[0, "threat_negated"] == 2


def test_a_reporters_question_is_not_the_answerers_language():
    q = _scored(ACCUSER + [{"article_id": "a1", "paragraph": 3, "speaker": "Kim Lund", "party": "NATO", "cue": "ask",
                            "text": "Is their conduct a threat to Europe?"}])
    t = views.rhetoric_by_party(q, None, n_boot=50).set_index(["party", "category"])
    assert t.loc[("NATO", "threat"), "asserted"] == 1
    assert t.loc[("NATO", "threat"), "in_questions"] == 1
    marked = q.assign(question=[False, False], cue="say")
    assert views.rhetoric_by_party(marked, None, n_boot=50).set_index(["party", "category"]).loc[
        ("NATO", "threat"), "asserted"] == 2  # an explicit question column decides when present


def test_each_heatmap_cell_traces_to_its_quotes():
    q = _scored(DENIER + ACCUSER)
    asserted = views.rhetoric_evidence(q, None, "NATO", "threat")
    assert list(asserted["text"]) == [ACCUSER[0]["text"]] and asserted.loc[0, "paragraph"] == 2
    denied = views.rhetoric_evidence(q, None, "Belarus", "threat", negated=True)
    assert len(denied) == 2 and (denied["mentions"] == 1).all()
    assert views.rhetoric_evidence(q, None, "Belarus", "threat").empty


def test_small_parties_are_marked_not_enough_and_drawn_without_a_rate():
    q = _scored(DENIER + ACCUSER)
    t = views.rhetoric_by_party(q, None, n_boot=50)
    assert not t["enough"].any()  # a few dozen words never make a finding
    chart = charts.rhetoric_heatmap(t, ARTICLES)
    texts = [x.get_text() for ax in chart.figure.axes for x in ax.get_yticklabels()]
    assert all(charts.SMALL_N in x for x in texts)
    plt.close(chart.figure)


# ---------------------------------------------------------- statements
SPLIT = '"We will answer firmly," the envoy said, "and we will answer soon."'


def _split_quote_tables():
    quotes = [{"article_id": "a3", "paragraph": 0, "text": t, "start": SPLIT.index(t), "end": SPLIT.index(t) + len(t),
               "speaker": "Pia Holm", "party": "US", "quote_id": f"a3:q{i}"}
              for i, t in enumerate(["We will answer firmly", "and we will answer soon."])]
    claims = [{"article_id": "a3", "paragraph": 0, "actor": "Pia Holm", "party": "US", "act": "warning", "cue": "say",
               "text": c["text"], "source": "quote", "quote_id": c["quote_id"], "negated": False} for c in quotes]
    q, c = assign_statement_ids(quotes, claims, {("a3", 0): SPLIT})
    return pd.DataFrame(q), pd.DataFrame(c)


def test_two_fragments_of_one_statement_count_once():
    q, c = _split_quote_tables()
    per_party = views.quotes_per_party(q).set_index("party")
    assert per_party.loc["US", "statements"] == 1 and per_party.loc["US", "quotes"] == 2
    assert views.party_by_act(c).loc["US", "warning"] == 1
    assert len(views.statement_acts(c)) == 1
    shares = views.act_shares(c).set_index(["party", "act"])
    assert shares.loc[("US", "warning"), "statements"] == 1 and not shares.loc[("US", "warning"), "enough"]


def test_a_statement_takes_its_strongest_act():
    q, c = _split_quote_tables()
    c.loc[0, "act"] = "assertion"
    assert list(views.statement_acts(c)["act"]) == ["warning"]


# -------------------------------------------------------------- troops
TROOPS_WITH_KIND = pd.DataFrame({
    "article_id": ["a1", "a2", "a2", "a4", "a4"], "paragraph": [0, 1, 2, 0, 1],
    "text": ["about 100,000 troops", "added 7,000 troops", "some 110,000 soldiers", "pulled back 5,000 troops",
             "12 battalion tactical groups"],
    "value": [100000, 7000, 110000, 5000, 12], "low": [90000, 7000, 99000, 5000, 12],
    "high": [110000, 7000, 121000, 5000, 12],
    "qualifier": ["approximate", "exact", "approximate", "exact", "exact"],
    "unit": ["troops", "troops", "troops", "troops", "btg"], "force": ["Russia"] * 5,
    "claimant": ["Ana Diaz", "Ana Diaz", "", "Ivo Petrov", ""], "claimant_party": ["US", "US", "", "Russia", ""],
    "kind": ["total", "increment", "total", "decrease", "total"],
})


def test_the_timeline_holds_totals_only_and_changes_are_apart(tmp_path):
    t = views.troop_timeline(TROOPS_WITH_KIND, ARTICLES)
    assert set(t["kind"]) == {"total"} and list(t["value"]) == [100000, 110000]  # btg not mixed with troops
    chart = charts.troop_timeline(t, ARTICLES)
    charts.publish(chart, tmp_path, show=False)
    csv = pd.read_csv(tmp_path / "troop-figures-by-claimant.csv")
    assert list(csv["text"]) == ["about 100,000 troops", "some 110,000 soldiers"]
    assert "added 7,000 troops" not in set(csv["text"])
    plt.close(chart.figure)
    changes = views.troop_changes(TROOPS_WITH_KIND, ARTICLES)
    assert list(zip(changes["text"], changes["kind"], strict=True)) == [("added 7,000 troops", "increment"),
                                                          ("pulled back 5,000 troops", "decrease")]


def test_without_a_kind_column_every_figure_is_a_total():
    old = TROOPS_WITH_KIND.drop(columns="kind")
    assert (views.troop_kind(old) == "total").all()
    assert len(views.troop_timeline(old, ARTICLES)) == 4  # every troops-unit figure of the main force
    assert views.troop_changes(old, ARTICLES).empty


def test_figures_for_a_force_cited_by_one_partys_sources():
    more = pd.concat([TROOPS_WITH_KIND, TROOPS_WITH_KIND.iloc[[0]].assign(
        article_id="a3", paragraph=4, text="some 120,000 troops", value=120000, low=108000, high=132000)])
    t = views.troop_figures_cited(more, ARTICLES, "Russia", "US")
    assert list(t["value"]) == [100000, 120000] and t["change"].iloc[1] == 20000
    moves = views.troop_source_moves(more, ARTICLES).set_index("source")
    assert set(moves.index) == {"US", views.NO_SOURCE}  # grouped by side, not by individual speaker


def test_main_force_is_the_most_mentioned():
    t = TROOPS_WITH_KIND.assign(force=["Russia", "Russia", "NATO", "NATO", "NATO"])
    assert views.main_force(t) == "NATO"
    assert set(views.troop_timeline(t, ARTICLES, force="Russia")["text"]) == {"about 100,000 troops"}


# ------------------------------------------------------------- outlets
def _outlet_quotes():
    rows = []
    for i in range(6):
        rows.append({"article_id": "a1" if i < 3 else "a2", "paragraph": i, "speaker": "Kim Lund", "party": "NATO",
                     "text": "We stand together."})
    for i in range(6):
        rows.append({"article_id": "a3" if i < 3 else "a4", "paragraph": i, "speaker": "Ivo Petrov",
                     "party": "Russia" if i else "NATO", "text": "We are ready to talk."})
    return pd.DataFrame(rows)


def test_outlet_names_come_from_the_data_file(tmp_path):
    path = tmp_path / "outlets.yml"
    path.write_text("outlets:\n  Daily Wire Service:\n    domains: [dws.example]\n    aliases: [DWS]\n",
                    encoding="utf-8")
    assert outlets.display_name("news.dws.example", path) == "Daily Wire Service"
    assert outlets.display_name(" dws ", path) == "Daily Wire Service"
    assert outlets.display_name("Other Paper", path) == "Other Paper"
    assert outlets.display_name("", path) == outlets.NO_OUTLET
    bad = tmp_path / "bad.yml"
    bad.write_text("outlets:\n  X:\n    domain: [x.example]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="domain"):
        outlets.display_name("x.example", bad)
    assert set(outlets.with_display_names(ARTICLES)["outlet"]) == {"Reuters", "TASS"}


def test_outlet_comparison_table_and_figure_export_png_svg_csv(tmp_path):
    q = _outlet_quotes()
    shares = outlets.party_shares(q, ARTICLES)
    by = shares.set_index(["outlet", "party"])
    assert by.loc[("Reuters", "NATO"), "share"] == 1.0
    assert by.loc[("TASS", "Russia"), "statements"] == 5
    assert by.loc[("TASS", "NATO"), "share"] == pytest.approx(1 / 6, abs=1e-3)
    assert shares["enough"].all()
    chart = charts.outlet_comparison(shares, outlets.with_display_names(ARTICLES))
    paths = charts.publish(chart, tmp_path, show=False)
    assert {p.suffix for p in paths} == {".png", ".svg", ".csv"}
    csv = pd.read_csv(tmp_path / "outlet-statements-by-party.csv")
    assert set(csv["outlet"]) == {"Reuters", "TASS"}
    plt.close(chart.figure)
    top = outlets.top_speakers(q, ARTICLES).set_index("outlet")
    assert top.loc["Reuters", "speaker"] == "Kim Lund"
    figs = outlets.troop_figures(TROOPS_WITH_KIND, ARTICLES)
    assert set(figs["outlet"]) == {"Reuters", "TASS"} and "increment" in set(figs["kind"])
    rates = outlets.rhetoric_rates(_scored(DENIER + ACCUSER), None, ARTICLES, n_boot=50)
    assert set(rates["outlet"]) == {"Reuters"} and (rates["low"] <= rates["rate_per_1000"] + 1e-9).all()


def _lab(hex_color: str) -> np.ndarray:
    import matplotlib.colors as mc

    rgb = np.array(mc.to_rgb(hex_color))
    rgb = np.where(rgb > 0.04045, ((rgb + 0.055) / 1.055) ** 2.4, rgb / 12.92)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ rgb
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_outlet_colours_are_never_party_colours():
    from analysis.figures import PARTY_COLORS, UNKNOWN_COLOR

    for o in outlets.OUTLET_COLORS:
        for p in [*PARTY_COLORS.values(), UNKNOWN_COLOR]:
            assert np.linalg.norm(_lab(o) - _lab(p)) >= 20, (o, p)
    assert len(set(outlets.OUTLET_COLORS)) == len(outlets.OUTLET_COLORS)


# ------------------------------------------------------------- findings
def _tables(quotes, claims=None, troops=None):
    claims = claims if claims is not None else pd.DataFrame(columns=["article_id", "paragraph", "party", "act", "text"])
    return {"articles": ARTICLES, "quotes": quotes, "claims": claims,
            "troops": troops if troops is not None else TROOPS_WITH_KIND.iloc[0:0]}


def test_findings_state_only_what_n_supports_and_carry_evidence():
    q = _outlet_quotes().assign(statement_id=[f"s{i}" for i in range(12)])
    key, withheld = findings.key_findings(_tables(q), n_boot=50)
    who = key[key["topic"] == "who is quoted"].iloc[0]
    assert who["n"] == 12 and "NATO is quoted most: 7 of the 12" in who["finding"]
    assert who["evidence"] and {"article_id", "paragraph", "text"} <= set(who["evidence"][0])
    assert "troop figures" in set(withheld["topic"])  # no figures: withheld, not stated


def test_a_handful_of_statements_makes_no_finding():
    q, c = _split_quote_tables()
    key, withheld = findings.key_findings(_tables(q, c), n_boot=50)
    assert key.empty
    assert "who is quoted" in set(withheld["topic"]) and "what US says" in set(withheld["topic"])


def test_troop_finding_needs_figures_from_two_articles():
    t = pd.concat([TROOPS_WITH_KIND, TROOPS_WITH_KIND.iloc[[0]].assign(article_id="a3", text="some 120,000 troops",
                                                                       value=120000)])
    key, _ = findings.key_findings(_tables(_outlet_quotes(), troops=t), n_boot=50)
    troop = key[key["topic"] == "troop figures"].iloc[0]
    assert "110,000" in troop["finding"] and troop["n"] == 3 and troop["n_articles"] == 3
    change = key[key["topic"] == "troop changes"].iloc[0]
    assert "1 increment" in change["finding"] and "1 decrease" in change["finding"]
    key, withheld = findings.key_findings(_tables(_outlet_quotes(), troops=TROOPS_WITH_KIND.iloc[:3]), n_boot=50)
    assert "troop figures" not in set(key["topic"]) and "troop figures" in set(withheld["topic"])


def test_example_quotes_and_articles_covered():
    q = _outlet_quotes().assign(text=["We stand together with every ally on the eastern flank today."] * 6
                                + ["Our offer of a calm conversation on missiles stays open to anyone."] * 6)
    ex = views.example_quotes(q, per_party=1)
    assert list(ex["party"]) == ["NATO", "Russia"]
    covered = views.articles_covered(outlets.with_display_names(ARTICLES), q, TROOPS_WITH_KIND)
    assert list(covered["article_id"]) == ["a1", "a2", "a3", "a4"]
    assert covered["statements"].dtype.kind == "i" and covered.loc[1, "troop_figures"] == 2


def test_statements_from_a_single_article_make_no_comparative_finding():
    q = _outlet_quotes().assign(article_id="a1", statement_id=[f"s{i}" for i in range(12)])
    key, withheld = findings.key_findings(_tables(q), n_boot=50)
    assert "who is quoted" not in set(key["topic"])
    reason = withheld.set_index("topic").loc["who is quoted", "reason"]
    assert "1 article" in reason and "2 articles" in reason


def test_no_most_language_finding_when_only_one_side_can_be_rated(monkeypatch):
    big = [dict(ACCUSER[0], article_id=a, paragraph=i) for a in ("a1", "a2") for i in range(40)]
    q = _scored(big + DENIER)
    monkeypatch.setattr(views, "MIN_WORDS", 100)
    key, withheld = findings.key_findings(_tables(q), n_boot=50)
    assert not key["topic"].str.endswith("language").any()
    assert "crisis language" in set(withheld["topic"])


def test_every_party_gets_an_example_even_with_short_quotes_only():
    q = _outlet_quotes().assign(text=["We stand together with every ally on the eastern flank today."] * 6
                                + ["No comment."] * 6)
    ex = views.example_quotes(q, per_party=2)
    assert list(ex["party"]) == ["NATO", "NATO", "Russia", "Russia"]  # Russia's short quotes are not dropped
    assert ex.iloc[-1]["text"] == "No comment."


def test_no_single_latest_figure_when_several_share_the_last_day():
    t = pd.concat([TROOPS_WITH_KIND, TROOPS_WITH_KIND.iloc[[2]].assign(paragraph=9, text="some 130,000 soldiers",
                                                                       value=130000)])
    key, _ = findings.key_findings(_tables(_outlet_quotes(), troops=t), n_boot=50)
    troop = key.set_index("topic").loc["troop figures", "finding"]
    assert "the latest, on" not in troop and "110,000 to 130,000" in troop


def test_the_heatmap_names_threat_with_force():
    # threat counts plain mentions of troops and weapons (the guide's "force"): the column says so
    t = views.rhetoric_by_party(_scored(DENIER + ACCUSER), None, n_boot=20)
    chart = charts.rhetoric_heatmap(t, ARTICLES)
    ticks = [lbl.get_text() for lbl in chart.figure.axes[0].get_xticklabels()]
    assert "threat and force" in ticks and "threat" not in ticks
    plt.close(chart.figure)


def test_a_threat_finding_says_that_force_counts():
    rows = [{"article_id": f"a{i % 4 + 1}", "paragraph": i, "speaker": "Kim Lund", "party": "NATO", "cue": "say",
             "text": "Their tanks and troops menace the border and threaten an attack on the capital."}
            for i in range(30)]
    rows += [{"article_id": f"a{i % 4 + 1}", "paragraph": 40 + i, "speaker": "Ola Berg", "party": "Belarus",
              "cue": "say", "text": "We want calm talks about the schedule of the meetings next spring."}
             for i in range(30)]
    key, _ = findings.key_findings(_tables(_scored(rows)), n_boot=50)
    assert any("NATO uses the most asserted threat and force language" in f for f in key["finding"])
