"""Corrections as data: keyed by article, paragraph and words; applied after extraction on every run."""
from __future__ import annotations

import pandas as pd
import pytest
import yaml

from analysis import corrections as corr
from analysis.__main__ import main
from analysis.pipeline import run

# Articles written for these tests (house format: title, date, URL, then one paragraph a line).
GENEVA = """Envoys trade warnings as border talks stall
20220110
https://www.reuters.com/world/envoys-trade-warnings-2022-01-10/
Russian Deputy Foreign Minister Sergei Ryabkov said on Monday that Moscow would "never accept" any further expansion of the alliance.
"We are ready to keep talking, but the door cannot stay open forever," the senior U.S. diplomat told reporters after the meeting.
Western officials estimate that Russia has massed about 100,000 troops near the border, and a further 40,000 people have fled the region.
"There is no reason for alarm," Ryabkov added.
Kyiv says some 30,000 soldiers of its own stand ready in the east.
"""
BRUSSELS = """Allies weigh new deployments on the eastern flank
20220112
https://apnews.com/article/allies-weigh-deployments-2022-01-12
NATO Secretary-General Jens Stoltenberg said the alliance "will not compromise on core principles" at the talks.
"We must prepare for the worst," he said, adding that allies would send more than 5,000 troops to the region if needed.
Ukrainian Foreign Minister Dmytro Kuleba urged partners to "act now, not after an invasion."
A column of 8,000 men crossed the border at dawn, officials said.
"""

MUST_SHOW = """
corrections:
  - id: speaker-fix
    table: quotes
    article: geneva_envoys
    paragraph: 3
    words: "no reason for alarm"
    set: {speaker: Sergei Lavrov}
  - id: drop-pledge
    table: troops
    article: brussels_allies
    paragraph: 1
    words: "5,000 troops"
    drop: true
    note: a pledge, not a deployment
  - id: sherman
    article: geneva_envoys
    role: the senior U.S. diplomat
    person: Wendy Sherman
  - id: vanished
    table: quotes
    article: geneva_envoys
    paragraph: 0
    words: "words nobody wrote"
    clear: [speaker]
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    (raw / "geneva_envoys.txt").write_text(GENEVA, encoding="utf-8")
    (raw / "brussels_allies.txt").write_text(BRUSSELS, encoding="utf-8")
    return raw


@pytest.fixture(scope="module")
def plain(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("plain")
    run([corpus], out, corrections=False, progress=False, report=lambda m: None, parquet=False)
    return {t: pd.read_csv(out / f"{t}.csv", dtype=str, keep_default_na=False)
            for t in ("quotes", "claims", "troops", "rhetoric")}


def _run(corpus, tmp_path, text):
    f = tmp_path / "corrections.yml"
    f.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    msgs: list[str] = []
    run([corpus], out, corrections=f, progress=False, report=msgs.append, parquet=False)
    tables = {t: pd.read_csv(out / f"{t}.csv", dtype=str, keep_default_na=False)
              for t in ("quotes", "claims", "troops", "rhetoric", "corrections")}
    return tables, msgs


def test_must_show_changes_exactly_the_corrected_rows(corpus, plain, tmp_path):
    t, msgs = _run(corpus, tmp_path, MUST_SHOW)
    q = t["quotes"]
    fixed = q[q["corrected"] == "speaker-fix"]
    assert fixed[["paragraph", "speaker", "party"]].values.tolist() == [["3", "Sergei Lavrov", "Russia"]]
    role = q[q["corrected"] == "sherman"]
    assert role[["paragraph", "speaker", "party", "person"]].values.tolist() == [["1", "Wendy Sherman", "US",
                                                                                  "Wendy Sherman"]]
    # every other quote is exactly as the tool wrote it
    rest = q[q["corrected"] == ""].drop(columns="corrected")
    before = plain["quotes"].drop(columns="corrected")
    assert len(rest) == len(before) - 2
    pd.testing.assert_frame_equal(rest.reset_index(drop=True),
                                  before[~before["text"].str.contains("alarm|keep talking")].reset_index(drop=True))
    # the troop figure is gone, and only it
    tr, tr0 = t["troops"], plain["troops"]
    assert len(tr) == len(tr0) - 1
    assert not tr["text"].str.contains("5,000").any()
    assert (tr["corrected"] == "").all()
    # the linked claim follows the quote (it stands for it); nothing else among the claims changes
    cl = t["claims"]
    assert set(cl.loc[cl["corrected"] != "", "actor"]) == {"Sergei Lavrov", "Wendy Sherman"}
    assert len(cl) == len(plain["claims"])
    same = cl["corrected"] == ""
    pd.testing.assert_frame_equal(cl[same].reset_index(drop=True),
                                  plain["claims"][same.to_numpy()].reset_index(drop=True))
    # both new speakers are on the side the old ones were on: the rhetoric rows stand as they were
    pd.testing.assert_frame_equal(t["rhetoric"], plain["rhetoric"])
    # the correction whose row disappeared: a warning and a line in corrections.csv, the run carries on
    assert any("vanished" in m and "matches no row" in m for m in msgs)
    log = t["corrections"].set_index("id")
    assert log.loc["vanished", "rows"] == "0" and log.loc["vanished", "status"].startswith("unmatched")
    assert log.loc["speaker-fix", "status"] == "applied"


def test_corrections_survive_a_rerun_from_cache(corpus, tmp_path):
    f = tmp_path / "c.yml"
    f.write_text(MUST_SHOW, encoding="utf-8")
    out = tmp_path / "out"
    for _ in range(2):  # second run reads the stages' results from the cache
        run([corpus], out, corrections=f, progress=False, report=lambda m: None, parquet=False)
    q = pd.read_csv(out / "quotes.csv", dtype=str, keep_default_na=False)
    assert q.loc[q["corrected"] == "speaker-fix", "speaker"].tolist() == ["Sergei Lavrov"]


def test_cli_unmatched_correction_warns_and_exits_0(corpus, tmp_path, capsys):
    f = tmp_path / "c.yml"
    f.write_text(MUST_SHOW, encoding="utf-8")
    rc = main(["run", str(corpus), "--out", str(tmp_path / "o"), "--corrections", str(f), "--quiet", "--no-parquet"])
    assert rc == 0
    err = capsys.readouterr().err
    assert "warning: correction vanished" in err and "speaker-fix" not in err


def test_cli_bad_corrections_file_is_a_usage_error(corpus, tmp_path, capsys):
    f = tmp_path / "c.yml"
    f.write_text("corrections:\n  - id: x\n    table: quotes\n    article: a\n    words: w\n    sett: {}\n")
    rc = main(["run", str(corpus), "--out", str(tmp_path / "o"), "--corrections", str(f), "--quiet"])
    assert rc == 2
    assert "unknown key(s) sett" in capsys.readouterr().err
    assert not (tmp_path / "o" / "quotes.csv").exists()
    assert main(["run", str(corpus), "--out", str(tmp_path / "o"), "--corrections", str(tmp_path / "none.yml")]) == 2


def test_clear_speaker_empties_party_and_rhetoric_follows(corpus, plain, tmp_path):
    t, _ = _run(corpus, tmp_path, """
- id: unknown
  table: quotes
  article: brussels_allies
  paragraph: 2
  words: act now
  clear: [speaker]
""")
    q = t["quotes"]
    row = q[q["corrected"] == "unknown"].iloc[0]
    assert (row["speaker"], row["party"], row["person"], row["title"]) == ("", "", "", "")
    before = plain["rhetoric"]
    assert "Ukraine" in set(before.loc[before["article_id"] == "brussels_allies", "party"])
    assert "Ukraine" not in set(t["rhetoric"].loc[t["rhetoric"]["article_id"] == "brussels_allies", "party"])


def test_add_missed_troop_figure_and_quote(corpus, tmp_path):
    t, msgs = _run(corpus, tmp_path, """
corrections:
  - id: reservists
    table: troops
    article: brussels_allies
    paragraph: 3
    words: "8,000 men"
    add: true
    set: {force: Ukraine}
  - id: missed-quote
    table: quotes
    article: geneva_envoys
    paragraph: 0
    words: "any further expansion of the alliance"
    add: true
    set: {speaker: Sergei Ryabkov}
  - id: no-number
    table: troops
    article: brussels_allies
    paragraph: 3
    words: "crossed the border"
    add: true
""")
    tr = t["troops"]
    row = tr[tr["corrected"] == "reservists"].iloc[0]
    assert (row["value"], row["low"], row["high"], row["qualifier"], row["force"]) == (
        "8000.0", "8000.0", "8000.0", "exact", "Ukraine")
    para = BRUSSELS.splitlines()[3 + 3]
    assert para[int(row["start"]):int(row["end"])] == "8,000 men"
    q = t["quotes"]
    add = q[q["corrected"] == "missed-quote"].iloc[0]
    assert (add["speaker"], add["party"], add["paragraph"]) == ("Sergei Ryabkov", "Russia", "0")
    # an added quote is scored like the tool's own rows (it once kept empty rhetoric columns)
    assert add["n_words"] == "6" and add["threat"] in ("0", "1")
    assert any("no-number" in m and "no figure" in m for m in msgs)


def test_set_on_unknown_speaker_never_keeps_the_old_side():
    c = corr.Corrections(corr.parse([{"id": "x", "table": "quotes", "article": "a", "paragraph": 0,
                                      "words": "hello there", "set": {"speaker": "Someone Unregistered"}}]),
                         registry=None)

    class A:
        article_id, paragraphs = "a", ['"Hello there," she said.']

    res = c.apply(A(), {"quotes": [{"article_id": "a", "paragraph": 0, "text": "Hello there,", "speaker": "Putin",
                                    "party": "Russia", "quote_id": "a:q0", "start": 1, "end": 13}]})
    assert res["quotes"][0]["speaker"] == "Someone Unregistered"
    assert res["quotes"][0]["party"] == ""  # unknown, not Russia
    assert res["quotes"][0]["corrected"] == "x"


@pytest.mark.parametrize("item, message", [
    ({"table": "quotes", "words": "w", "drop": True}, "'article'"),
    ({"article": "a", "table": "speeches", "words": "w", "drop": True}, "'table' must be one of"),
    ({"article": "a", "table": "quotes", "drop": True}, "'words'"),
    ({"article": "a", "table": "quotes", "words": "w"}, "say what to do"),
    ({"article": "a", "table": "quotes", "words": "w", "set": {"text": "x"}}, "cannot set text"),
    ({"article": "a", "table": "troops", "words": "w", "add": True}, "needs the 'paragraph'"),
    ({"article": "a", "role": "the envoy"}, "both 'role' and 'person'"),
    ({"article": "a", "table": "quotes", "words": "w", "paragraph": "two", "drop": True}, "must be a number"),
])
def test_parse_errors_say_what_is_wrong(item, message):
    with pytest.raises(corr.CorrectionsError, match=message):
        corr.parse([item])


def test_duplicate_ids_are_refused():
    item = {"id": "same", "article": "a", "table": "quotes", "words": "w", "drop": True}
    with pytest.raises(corr.CorrectionsError, match="used twice"):
        corr.parse([item, dict(item)])


def test_words_match_folds_quotes_case_and_spacing():
    assert corr.words_match("we will NOT  accept", "“We will not accept,” he said")
    assert corr.words_match("about 100,000 troops near the border", "about 100,000 troops")
    assert not corr.words_match("100,000 troops", "100,000 people")
    assert not corr.words_match("", "anything")


def test_stub_reads_back_and_cli_appends_it(corpus, tmp_path, capsys):
    out = tmp_path / "o"
    run([corpus], out, corrections=False, progress=False, report=lambda m: None, parquet=False)
    f = tmp_path / "corrections.yml"
    f.write_text("# my corrections\ncorrections:\n  - id: c1\n    table: quotes\n    article: x\n"
                 "    words: y\n    drop: true\n", encoding="utf-8")
    rc = main(["correct", "quotes", "--article", "geneva_envoys", "--paragraph", "3", "--tables", str(out),
               "--file", str(f)])
    assert rc == 0
    text = f.read_text(encoding="utf-8")
    assert text.startswith("# my corrections\n")  # the user's text is kept
    items = corr.load(f)
    assert [c.id for c in items] == ["c1", "c2"]
    new = items[1]
    assert (new.article, new.paragraph, new.action, new.values) == (
        "geneva_envoys", 3, "set", {"speaker": "Sergei Ryabkov", "party": "Russia"})
    assert corr.words_match(new.words, "There is no reason for alarm,")
    # pointing at several rows is refused with the candidates listed
    assert main(["correct", "quotes", "--article", "geneva_envoys", "--tables", str(out), "--file", str(f)]) == 2
    assert "rows match" in capsys.readouterr().err
    # by quote_id, printed: a role-to-person stub names the description the article uses
    assert main(["correct", "quotes", "--quote-id", "geneva_envoys:q1", "--action", "person", "--tables", str(out),
                 "--print"]) == 0
    item = corr.parse(yaml.safe_load(capsys.readouterr().out))[0]
    assert (item.action, item.article, item.role) == ("person", "geneva_envoys", "senior U.S. diplomat")
    # a drop stub for a troop figure, printed
    assert main(["correct", "troops", "--row", "0", "--action", "drop", "--tables", str(out), "--print"]) == 0
    printed = capsys.readouterr().out
    assert corr.parse(yaml.safe_load(printed))[0].action == "drop"


def test_person_stub_names_the_description():
    s = corr.stub({"article_id": "a", "paragraph": 1, "text": "x", "speaker": "senior U.S. diplomat"},
                  "quotes", "person", "c9")
    item = yaml.safe_load(s)[0]
    assert item["role"] == "senior U.S. diplomat" and item["article"] == "a"
