"""Hand-checked precision on the user's corpus: stratified sample, Wilson intervals, re-matching."""
from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from analysis import validate
from analysis.__main__ import main


def test_wilson_matches_published_values():
    lo, hi = validate.wilson(92, 100)
    assert (round(lo, 3), round(hi, 3)) == (0.850, 0.959)
    lo, hi = validate.wilson(0, 10)
    assert lo == 0.0 and round(hi, 3) == 0.278
    lo, hi = validate.wilson(10, 10)
    assert round(lo, 3) == 0.722 and hi == 1.0
    assert all(math.isnan(x) for x in validate.wilson(0, 0))


def test_allocate_is_proportional_and_exact():
    sizes = {"Russia | A": 50, "US | A": 30, "NATO | B": 15, "(none) | B": 5}
    alloc = validate.allocate(sizes, 20)
    assert sum(alloc.values()) == 20
    assert alloc == {"Russia | A": 10, "US | A": 6, "NATO | B": 3, "(none) | B": 1}
    assert validate.allocate({"a": 2, "b": 1}, 10) == {"a": 2, "b": 1}
    odd = validate.allocate({"a": 1, "b": 1, "c": 1}, 2)
    assert sum(odd.values()) == 2 and max(odd.values()) == 1


def _tables(n_ru=60, n_us=30, n_none=10):
    rows, paras = [], []
    k = 0
    for party, n, outlet in (("Russia", n_ru, "Reuters"), ("US", n_us, "BBC"), ("", n_none, "BBC")):
        for i in range(n):
            aid = f"{outlet.lower()}-{i // 5}"
            text = f"statement {k} by {party or 'nobody'}"
            rows.append({"article_id": aid, "paragraph": i % 5, "text": text, "speaker": f"S{k}" if party else "",
                         "party": party, "start": 1, "end": 1 + len(text), "quote_id": f"{aid}:q{k}"})
            paras.append({"article_id": aid, "paragraph": i % 5, "text": f'"{text}" someone said.'})
            k += 1
    quotes = pd.DataFrame(rows)
    arts = pd.DataFrame({"article_id": sorted(set(quotes["article_id"]))})
    arts["outlet"] = arts["article_id"].str.split("-").str[0].map({"reuters": "Reuters", "bbc": "BBC"})
    arts["date"] = "2022-01-10"
    return {"quotes": quotes, "articles": arts, "paragraphs": pd.DataFrame(paras).drop_duplicates(
        ["article_id", "paragraph"]), "claims": pd.DataFrame(columns=["quote_id", "act"])}


def test_sample_is_stratified_seeded_and_has_empty_judgements():
    t = _tables()
    s = validate.sample(t, "quotes", n=20, seed=3)
    assert len(s) == 20
    assert s["stratum"].value_counts().to_dict() == {"Russia | Reuters": 12, "US | BBC": 6, "(none) | BBC": 2}
    assert (s[["quote_ok", "speaker_ok", "party_ok", "act_ok"]] == "").all().all()
    assert s["paragraph_text"].str.contains("someone said").all()
    again = validate.sample(t, "quotes", n=20, seed=3)
    pd.testing.assert_frame_equal(s, again)
    other = validate.sample(t, "quotes", n=20, seed=4)
    assert set(other["text"]) != set(s["text"])


def _mark(s, wrong_speaker=(), wrong_party=()):
    s = s.copy()
    s["quote_ok"] = "y"
    s["speaker_ok"] = ["n" if i in wrong_speaker else "y" for i in range(len(s))]
    s["party_ok"] = ["wrong" if i in wrong_party else "right" for i in range(len(s))]
    s["act_ok"] = "-"
    s["checked_on"] = "2026-12-02"
    return s


def test_score_counts_judgements_with_wilson_intervals():
    s = _mark(validate.sample(_tables(), "quotes", n=20, seed=0), wrong_speaker={0, 5}, wrong_party={7})
    res = validate.score(s)
    sp = res["columns"]["speaker_ok"]
    assert (sp["right"], sp["checked"], sp["precision"]) == (18, 20, 0.9)
    assert (sp["ci_low"], sp["ci_high"]) == tuple(round(x, 4) for x in validate.wilson(18, 20))
    assert res["columns"]["act_ok"]["checked"] == 0  # "-" does not apply
    assert res["checked_on"] == "2026-12-02"
    assert validate.sentence("quotes", "speaker_ok", sp) == "speaker right in 18 of 20 checked quotes, 95% CI 70–97%"
    # where the errors are, by the party the tool gave
    wrong_parties = {s.loc[7, "party"] or "(none)"}
    by = res["by_party"]
    assert sum(e["party_ok"]["checked"] for e in by.values()) == 20
    assert {p for p, e in by.items() if e["party_ok"]["right"] < e["party_ok"]["checked"]} == wrong_parties
    assert "by party as the tool gave it" in validate.format_score(res)
    with pytest.raises(ValueError, match="cannot read the judgement"):
        validate.score(s.assign(speaker_ok="maybe"))


def test_older_sample_rematched_to_current_rows():
    t = _tables()
    s = _mark(validate.sample(t, "quotes", n=20, seed=0), wrong_speaker={0})
    # the next run: one sampled quote is gone, another got a new speaker
    gone_text, changed_text = s.loc[1, "text"], s.loc[2, "text"]
    q = t["quotes"]
    q = q[q["text"] != gone_text].copy()
    q.loc[q["text"] == changed_text, "speaker"] = "Someone Else"
    q.loc[q["text"] == s.loc[3, "text"], "text"] = s.loc[3, "text"] + " today"  # words grew: still the same row
    res = validate.score(s, {**t, "quotes": q})
    cur = res["current"]
    assert cur["found"] == 19 and cur["gone"] == [s.loc[1, "sample_id"]]
    assert cur["changed"] == {s.loc[2, "sample_id"]: ["speaker_ok"]}
    assert cur["columns"]["speaker_ok"]["checked"] == 18  # 20 - gone - changed
    assert cur["columns"]["party_ok"]["checked"] == 19
    assert cur["columns"]["speaker_ok"]["right"] == 17


def test_cli_sample_then_score_prints_precision_and_writes_json(tmp_path, capsys):
    t = _tables()
    out = tmp_path / "processed"
    out.mkdir()
    for n, df in t.items():
        df.to_csv(out / f"{n}.csv", index=False)
    f = tmp_path / "validation" / "quotes-sample.csv"
    assert main(["validate", "sample", "--table", "quotes", "--n", "25", "--tables", str(out), "--file", str(f)]) == 0
    assert main(["validate", "sample", "--table", "quotes", "--n", "25", "--tables", str(out), "--file", str(f)]) == 2
    assert "exists" in capsys.readouterr().err  # never over a file that may hold judgements
    s = pd.read_csv(f, dtype=str, keep_default_na=False)
    s = _mark(s, wrong_speaker={1, 2, 3})
    s.to_csv(f, index=False)
    assert main(["validate", "score", str(f), "--tables", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "speaker right in 22 of 25 checked quotes, 95% CI 70–96%" in printed
    assert "25 of 25 rows found" in printed
    saved = json.loads(f.with_suffix(".score.json").read_text())
    assert saved["columns"]["speaker_ok"]["right"] == 22 and saved["checked_on"] == "2026-12-02"
    assert main(["validate", "score", str(tmp_path / "nothing.csv")]) == 2


def test_sample_score_and_report_from_a_real_run(tmp_path, capsys):
    """The whole path: run the pipeline, draw a sample, mark it by hand, score it, see it in the report."""
    from analysis import explore
    from analysis.pipeline import run

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "envoys_meet.txt").write_text(
        "Envoys meet again\n20220113\nhttps://www.reuters.com/world/envoys-meet-2022-01-13/\n"
        '"We will answer in writing," Russian Deputy Foreign Minister Sergei Ryabkov said.\n'
        '"The door stays open," NATO Secretary-General Jens Stoltenberg said.\n'
        '"Nobody wants a war," said a diplomat who asked not to be named.\n', encoding="utf-8")
    out = tmp_path / "processed"
    run([raw], out, corrections=False, progress=False, report=lambda m: None, parquet=False)
    f = tmp_path / "validation" / "quotes-sample.csv"
    assert main(["validate", "sample", "--table", "quotes", "--n", "100", "--tables", str(out), "--file", str(f)]) == 0
    s = pd.read_csv(f, dtype=str, keep_default_na=False)
    assert len(s) == 3 and set(s["stratum"]) == {"Russia | Reuters", "NATO | Reuters", "(none) | Reuters"}
    s["quote_ok"] = "y"
    s["speaker_ok"] = ["n" if p == "NATO" else "y" for p in s["party"]]  # one judged wrong, for the test
    s["checked_on"] = "2026-12-03"
    s.to_csv(f, index=False)
    assert main(["validate", "score", str(f), "--tables", str(out)]) == 0
    assert "speaker right in 2 of 3 checked quotes, 95% CI 21–94%" in capsys.readouterr().out
    page = tmp_path / "report.html"
    page.write_text("<html><body><main><h1>Report</h1></main></body></html>", encoding="utf-8")
    explore.add_to_report(page, out, f.parent)
    text = page.read_text(encoding="utf-8")
    assert "speaker right in 2 of 3 checked quotes, 95% CI 21–94%" in text
    assert "checked by hand on <b>2026-12-03</b>" in text


def test_an_unmarked_sample_is_not_reported_as_checked(tmp_path):
    from analysis import explore

    s = validate.sample(_tables(), "quotes", n=10, seed=0)
    res = validate.score(s)
    assert res["checked_on"] == "" and all(e["checked"] == 0 for e in res["columns"].values())
    assert "none judged yet" in validate.format_score(res)
    res["sample"] = "quotes-sample.csv"
    assert "is not checked yet" in explore.validation_html([res])
