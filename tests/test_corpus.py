"""Ingestion: every format, every bad-input case, the CLI's exit statuses, atomic outputs."""
from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import corpus, output
from analysis.corpus import parse_date, read_corpus
from analysis.pipeline import run
from analysis.text import normalize, sentence_spans, split_paragraphs

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "raw" / "2022-01-12_moscow-times_nato-russia-stark-differences.txt"

HOUSE = "Talks end without breakthrough\n20220113\nhttps://www.reuters.com/world/europe/talks-end-2022-01-13/\n" \
        "First paragraph about the talks in Vienna.\n\nSecond paragraph, after a blank line.\n"


def write(tmp_path: Path, name: str, data) -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        p.write_bytes(data)
    else:
        p.write_text(data, encoding="utf-8")
    return p


def quiet(_msg):
    pass


# ----------------------------------------------------------------- house format
def test_sample_article_reads_with_its_header():
    arts, rej = read_corpus([SEED], quiet)
    assert rej == []
    a = arts[0]
    assert a.article_id == SEED.stem
    assert a.title == "NATO and Russia Lay Out Stark Differences on Ukraine Crisis"
    assert a.date == "2022-01-12"
    assert a.url.startswith("https://www.themoscowtimes.com/2022/01/12/")
    assert a.outlet == "The Moscow Times"
    assert a.paragraphs[0].startswith("NATO allies rejected Russia's demand")
    assert len(a.paragraphs) == len(SEED.read_text(encoding="utf-8").strip().split("\n")) - 3


def test_house_blank_lines_are_not_paragraphs(tmp_path):
    (a,), _ = read_corpus([write(tmp_path, "a.txt", HOUSE)], quiet)
    assert a.paragraphs == ("First paragraph about the talks in Vienna.", "Second paragraph, after a blank line.")
    assert a.outlet == "Reuters"


def test_bom_crlf_nbsp_and_nfc_are_normalised_but_quotes_kept(tmp_path):
    body = "\ufeffTitle\r\n20220112\r\nhttps://example.org/a\r\n\u201cWe will not\u00a0yield,\u201d he said.\r\n" \
           "Cafe\u0301 talks 'in Vienna'  continued.\r\n"
    (a,), _ = read_corpus([write(tmp_path, "a.txt", body.encode("utf-8"))], quiet)
    assert a.title == "Title"
    assert a.paragraphs[0] == "\u201cWe will not yield,\u201d he said."
    assert a.paragraphs[1] == "Caf\u00e9 talks 'in Vienna'  continued."  # NFC; straight quotes and double space kept
    assert a.outlet == "example.org"


def test_folders_are_read_recursively_and_manifests_skipped(tmp_path):
    write(tmp_path, "a.txt", HOUSE)
    write(tmp_path, "sub/deeper/b.txt", HOUSE.replace("Vienna", "Geneva").replace("talks-end", "other"))
    write(tmp_path, "MANIFEST.csv", "file,source\na.txt,x\n")
    write(tmp_path, ".hidden.txt", HOUSE)
    arts, rej = read_corpus([tmp_path], quiet)
    assert sorted(a.article_id for a in arts) == ["a", "b"]
    assert rej == []


# ------------------------------------------------------------- JSONL and CSV
def test_jsonl_with_alternative_field_names(tmp_path):
    recs = [
        {"headline": "One", "published": "2022-01-12T09:30:00Z", "link": "https://apnews.com/a1",
         "body": "Para one.\n\nPara two\nwrapped."},
        {"title": "Two", "date": "January 13, 2022", "url": "https://tass.com/b2", "content": "Line one.\nLine two."},
        {"title": "Three", "date": 1642032000, "url": "https://rt.com/c3", "paragraphs": ["P1", "P2"], "id": 77},
    ]
    p = write(tmp_path, "feed.jsonl", "\n".join(json.dumps(r) for r in recs) + "\n")
    arts, rej = read_corpus([p], quiet)
    assert rej == []
    one, two, three = arts
    assert (one.title, one.date, one.outlet) == ("One", "2022-01-12", "Associated Press")
    assert one.paragraphs == ("Para one.", "Para two wrapped.")  # blank lines split, newlines inside joined
    assert two.paragraphs == ("Line one.", "Line two.")  # no blank lines: newlines split
    assert two.date == "2022-01-13" and two.outlet == "TASS"
    assert three.article_id == "feed-77" and three.date == "2022-01-13"
    # stable ids for records without an id: same input, same id
    again, _ = read_corpus([p], quiet)
    assert [a.article_id for a in again] == [a.article_id for a in arts]
    assert one.article_id.startswith("feed-") and one.article_id != two.article_id


def test_json_array_file(tmp_path):
    p = write(tmp_path, "dump.json", json.dumps([{"title": "A", "date": "20220112", "url": "https://x.org/a",
                                                   "text": "Body."}]))
    arts, rej = read_corpus([p], quiet)
    assert len(arts) == 1 and rej == []


def test_bad_json_line_is_rejected_and_the_rest_kept(tmp_path):
    good = json.dumps({"title": "A", "date": "2022-01-12", "url": "https://x.org/a", "text": "Body one."})
    good2 = json.dumps({"title": "B", "date": "2022-01-12", "url": "https://x.org/b", "text": "Body two."})
    p = write(tmp_path, "f.jsonl", f"{good}\n{{not json\n{good2}\n[1, 2]\n")
    arts, rej = read_corpus([p], quiet)
    assert [a.title for a in arts] == ["A", "B"]
    assert [r.source_file.rsplit(":", 1)[1] for r in rej] == ["2", "4"]
    assert "not valid JSON" in rej[0].reason
    assert "expected an object" in rej[1].reason


def test_csv_with_alternative_columns_and_a_bad_row(tmp_path):
    p = tmp_path / "export.csv"
    with open(p, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["headline", "pubdate", "link", "content"])
        w.writerow(["Row one", "2022-01-12", "https://www.bbc.co.uk/news/r1", "P one.\n\nP two."])
        w.writerow(["Row two", "not a date", "https://www.bbc.co.uk/news/r2", "Text."])
        w.writerow(["Row three", "2022-01-14", "https://www.bbc.co.uk/news/r3", "Text three.", "EXTRA"])
        w.writerow(["Row four", "12 January 2022", "https://www.bbc.co.uk/news/r4", "Text four."])
    arts, rej = read_corpus([p], quiet)
    assert [a.title for a in arts] == ["Row one", "Row four"]
    assert arts[0].paragraphs == ("P one.", "P two.") and arts[0].outlet == "BBC"
    reasons = [r.reason for r in rej]
    assert any("does not parse" in r for r in reasons)
    assert any("fields" in r for r in reasons)


def test_csv_without_text_column_is_rejected(tmp_path):
    p = write(tmp_path, "x.csv", "name,value\na,1\n")
    arts, rej = read_corpus([p], quiet)
    assert arts == [] and "no text column" in rej[0].reason


# --------------------------------------------------------------------- HTML
def test_saved_html_page_extracted_with_metadata(tmp_path):
    html = """<!DOCTYPE html><html><head><title>Talks - Reuters</title>
    <link rel="canonical" href="https://www.reuters.com/world/europe/nato-russia-2022-01-12/">
    <meta property="og:title" content="NATO and Russia lay out differences">
    <meta property="article:published_time" content="2022-01-12T10:00:00Z"></head>
    <body><nav>Home | World | Business</nav><article><h1>NATO and Russia lay out differences</h1>
    <p>NATO allies rejected Russia's demand for a new security settlement in Europe on Wednesday.</p>
    <p>"Russia will have to decide," U.S. Deputy Secretary of State Wendy Sherman said after the meeting.</p>
    <p>The talks in Brussels lasted four hours and covered arms control and military exercises.</p>
    </article><footer>Copyright 2022</footer></body></html>"""
    (a,), rej = read_corpus([write(tmp_path, "page.html", html)], quiet)
    assert rej == []
    assert a.title == "NATO and Russia lay out differences"
    assert a.date == "2022-01-12"
    assert a.outlet == "Reuters"
    assert a.paragraphs[0].startswith("NATO allies rejected")
    assert not any("Copyright" in p or "Home |" in p for p in a.paragraphs)


def test_html_without_article_text_is_rejected(tmp_path):
    arts, rej = read_corpus([write(tmp_path, "empty.html", "<html><body><nav>Menu</nav></body></html>")], quiet)
    assert arts == [] and "no article text" in rej[0].reason


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"   \n\n  ", "empty file"),
    ("binary.txt", bytes(range(256)) * 4, "binary"),
    ("noheader.txt", b"Just one line of text with no header.", "missing header"),
    ("baddate.txt", b"Title\n2022-13-45\nhttps://x.org/a\nBody.", "line 2 should be the date"),
    ("worddate.txt", b"Title\nWednesday\nhttps://x.org/a\nBody.", "line 2 should be the date"),
    ("badurl.txt", b"Title\n20220112\nnot a url here\nBody.", "line 3 should be the URL"),
    ("nobody.txt", b"Title\n20220112\nhttps://x.org/a\n", "no body"),
])
def test_bad_files_are_rejected_with_a_reason(tmp_path, name, data, reason):
    arts, rej = read_corpus([write(tmp_path, name, data)], quiet)
    assert arts == []
    assert len(rej) == 1 and reason in rej[0].reason


def test_cp1252_file_is_decoded_with_a_warning(tmp_path):
    data = "Title\n20220112\nhttps://x.org/a\n\u201cNo,\u201d said the minister \u2013 firmly. Caf\u00e9.\n".encode("cp1252")
    msgs = []
    (a,), rej = read_corpus([write(tmp_path, "win.txt", data)], msgs.append)
    assert rej == []
    assert a.paragraphs[0] == "\u201cNo,\u201d said the minister \u2013 firmly. Caf\u00e9."
    assert any("cp1252" in m for m in msgs)


def test_duplicates_by_url_and_by_text_are_kept_once(tmp_path):
    write(tmp_path, "a.txt", HOUSE)
    write(tmp_path, "b.txt", HOUSE.replace("https://www.", "http://").replace("First", "Changed"))  # same URL
    write(tmp_path, "c.txt", HOUSE.replace("reuters.com", "apnews.com"))  # same text
    arts, rej = read_corpus([tmp_path], quiet)
    assert [a.article_id for a in arts] == ["a"]
    assert {Path(r.source_file).name: r.reason for r in rej} == {
        "b.txt": "duplicate of article a (same URL); kept once",
        "c.txt": "duplicate of article a (same text); kept once",
    }


def test_repeated_stems_get_unique_ids(tmp_path):
    write(tmp_path, "x/a.txt", HOUSE)
    write(tmp_path, "y/a.txt", HOUSE.replace("talks-end", "other").replace("Vienna", "Minsk"))
    arts, _ = read_corpus([tmp_path], quiet)
    ids = [a.article_id for a in arts]
    assert ids[0] == "a" and ids[1].startswith("a-") and len(set(ids)) == 2


@pytest.mark.parametrize("value,iso", [
    ("20220112", "2022-01-12"), ("2022-01-12", "2022-01-12"), ("2022-01-12T23:10:00+03:00", "2022-01-12"),
    ("Wed, 12 Jan 2022 10:00:00 GMT", "2022-01-12"), ("12 January 2022", "2022-01-12"),
    ("January 12, 2022", "2022-01-12"), ("Jan. 12, 2022", "2022-01-12"), (1641945600, "2022-01-12"),
    ("20221312", None), ("yesterday", None), ("", None), (None, None),
])
def test_parse_date(value, iso):
    assert parse_date(value) == iso


def test_outlet_table_and_domains():
    assert corpus.outlet_for("https://news.bbc.co.uk/x") == "BBC"
    assert corpus.outlet_for("https://www.unknown-paper.example/x") == "unknown-paper.example"
    assert corpus.outlet_for("urn:polnear:abc") == ""


# -------------------------------------------------------------- text helpers
def test_split_paragraphs_modes():
    assert split_paragraphs("a\nb\n\nc") == ["a", "b", "c"]
    assert split_paragraphs("a\nb\n\nc", blank_line_only=True) == ["a b", "c"]


def test_sentence_spans_respect_abbreviations_and_quotes():
    p = 'U.S. Deputy Secretary of State Wendy Sherman said talks went on. "We will see," she said. Gen. Milley agreed.'
    sents = [p[a:b] for a, b in sentence_spans(p)]
    assert sents == ['U.S. Deputy Secretary of State Wendy Sherman said talks went on.',
                     '"We will see," she said.', 'Gen. Milley agreed.']


def test_trailing_word_is_what_the_regex_captures():
    import random
    import re

    from analysis.text import _trailing_word

    rng = random.Random(7)
    alphabet = "aZ. \t\n\u00e9(\"-1"
    cases = ["Gen. Milley", "the U.S.", "(U.S", "\u00e9t\u00e9", "a b\tc", "x\n", "...", ""]
    cases += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    for text in cases:
        for start in range(0, len(text) + 1, 3):
            m = re.search(r"([A-Za-z.]+)$", text[start:])
            assert _trailing_word(text, start, len(text)) == (m.group(1) if m else None), (text, start)


def test_period_only_sentence_ends_match_the_general_pattern():
    import random

    from analysis.text import _SENT_END, _SENT_END_DOT

    rng = random.Random(5)
    parts = [".", "..", " ", "\n", "a", "A", "\"", "\u201d", ")", "]", "'", "1", "U.S."]
    for _ in range(5000):
        t = "".join(rng.choice(parts) for _ in range(rng.randint(1, 12)))
        assert [m.span() for m in _SENT_END_DOT.finditer(t)] == [m.span() for m in _SENT_END.finditer(t)], t


def test_normalize_keeps_quote_marks():
    s = "\u201cA\u201d \u2018b\u2019 \u00abc\u00bb ''d'' \"e\""
    assert normalize(s) == s


# ------------------------------------------------------------------ the CLI
def cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=cwd, capture_output=True, text=True)


def test_cli_sample_writes_the_articles_table(tmp_path):
    r = cli("run", str(SEED), "--out", str(tmp_path / "out"), "--quiet")
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(tmp_path / "out" / "articles.csv")
    assert list(df.columns[:6]) == ["article_id", "title", "date", "url", "outlet", "source_file"]
    assert df.loc[0, "date"] == "2022-01-12" and df.loc[0, "outlet"] == "The Moscow Times"
    assert (tmp_path / "out" / "articles.parquet").exists()
    assert list(pd.read_csv(tmp_path / "out" / "rejected.csv").columns) == ["source_file", "reason"]


def test_cli_mixed_folder_exit_3_every_good_article_and_no_traceback(tmp_path):
    raw = tmp_path / "raw"
    write(raw, "good1.txt", HOUSE)
    write(raw, "good2.jsonl", json.dumps({"title": "J", "date": "2022-01-14", "url": "https://x.org/j",
                                          "text": "Some text."}) + "\n{broken\n")
    write(raw, "good3.csv", "title,date,url,text\nC,2022-01-15,https://x.org/c,Body of c.\n")
    write(raw, "empty.txt", b"")
    write(raw, "binary.bin", bytes(range(256)) * 8)
    write(raw, "baddate.txt", b"T\n2022-99-99\nhttps://x.org/z\nBody.")
    write(raw, "latin.txt", "T\n20220116\nhttps://x.org/l\nCaf\u00e9 au lait.\n".encode("latin-1"))
    before = {p: hashlib.sha1(p.read_bytes()).hexdigest() for p in raw.rglob("*") if p.is_file()}
    r = cli("run", str(raw), "--out", str(tmp_path / "out"), "--quiet")
    assert r.returncode == 3, r.stderr
    assert "Traceback" not in r.stderr
    arts = pd.read_csv(tmp_path / "out" / "articles.csv")
    assert sorted(arts["title"]) == ["C", "J", "T", "Talks end without breakthrough"]
    rej = pd.read_csv(tmp_path / "out" / "rejected.csv")
    assert len(rej) == 4  # empty, binary, bad date, broken JSON line
    reasons = " | ".join(rej["reason"])
    for words in ("empty file", "binary", "should be the date", "not valid JSON"):
        assert words in reasons
    for bad in ("empty.txt", "binary.bin", "baddate.txt"):
        assert bad in r.stderr
    after = {p: hashlib.sha1(p.read_bytes()).hexdigest() for p in raw.rglob("*") if p.is_file()}
    assert after == before  # raw files never modified


def test_cli_usage_errors_exit_2(tmp_path):
    assert cli("run", str(tmp_path / "missing"), "--out", str(tmp_path)).returncode == 2
    assert cli("run", "--workers", "0").returncode == 2
    assert cli("frobnicate").returncode == 2
    assert cli().returncode == 2
    h = cli("run", "--help")
    assert h.returncode == 0 and "--workers" in h.stdout and "--out" in h.stdout and "exit status" in h.stdout.lower()


def test_interrupted_run_leaves_previous_tables_whole(tmp_path, monkeypatch):
    out = tmp_path / "out"
    run([SEED], out, progress=False, report=quiet)
    before = (out / "articles.csv").read_bytes()

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(output.OutputFolder, "commit", boom)
    with pytest.raises(KeyboardInterrupt):
        run([write(tmp_path, "new.txt", HOUSE)], out, progress=False, report=quiet)
    assert (out / "articles.csv").read_bytes() == before
    assert not list(tmp_path.glob(".out.new-*"))  # the staging folder is removed


def test_rerun_reuses_unchanged_articles(tmp_path):
    raw = tmp_path / "raw"
    write(raw, "a.txt", HOUSE)
    first = run([raw], tmp_path / "out", progress=False, report=quiet)
    write(raw, "b.txt", HOUSE.replace("talks-end", "b").replace("Vienna", "Oslo"))
    second = run([raw], tmp_path / "out", progress=False, report=quiet)
    assert (first.n_cached, second.n_cached, second.n_articles) == (0, 1, 2)


# ------------------------------------------------------- header lines, dates, bytes, folders (issue 13)
def test_a_blank_url_line_is_recorded_empty_and_the_body_is_not_taken_as_url(tmp_path):
    p = write(tmp_path, "nourl.txt", "Title\n20220112\n\nGENEVA: The talks began on Monday.\nSecond paragraph.\n")
    (a,), rej = read_corpus([p], quiet)
    assert rej == []
    assert a.url == "" and a.outlet == ""
    assert a.paragraphs == ("GENEVA: The talks began on Monday.", "Second paragraph.")


def test_a_header_spaced_with_blank_lines_still_finds_its_url(tmp_path):
    p = write(tmp_path, "spaced.txt", "Title\n\n20220112\n\nhttps://example.org/spaced\n\nBody paragraph.\n")
    (a,), _ = read_corpus([p], quiet)
    assert a.url == "https://example.org/spaced" and a.paragraphs == ("Body paragraph.",)


@pytest.mark.parametrize("url,words", [("[removed]", "not a URL"), ("http://[::1/x", "not a valid URL"),
                                       ("https://", "no host")])
def test_a_house_url_line_that_is_not_a_url_is_rejected(tmp_path, url, words):
    arts, rej = read_corpus([write(tmp_path, "u.txt", f"Title\n20220112\n{url}\nBody.\n")], quiet)
    assert arts == [] and "line 3 should be the URL" in rej[0].reason and words in rej[0].reason


@pytest.mark.parametrize("value,iso", [
    (20220112, "2022-01-12"), ("01/12/2022", "2022-01-12"), ("1/2/2022", "2022-01-02"),
    ("13/01/2022", "2022-01-13"), ("13/13/2022", None), (float("nan"), None), (True, None),
])
def test_integer_and_us_style_dates(value, iso):
    assert parse_date(value) == iso


def test_us_style_date_in_a_house_header(tmp_path):
    (a,), _ = read_corpus([write(tmp_path, "us.txt", "Title\n01/12/2022\nhttps://example.org/us\nBody.\n")], quiet)
    assert a.date == "2022-01-12"


@pytest.mark.parametrize("date", ["18991231", "29990101", "00010101"])
def test_implausible_dates_are_rejected_at_ingest(tmp_path, date):
    arts, rej = read_corpus([write(tmp_path, "old.txt", f"Title\n{date}\nhttps://example.org/o\nBody.\n")], quiet)
    assert arts == [] and "plausible range" in rej[0].reason
    rec = json.dumps({"title": "R", "date": f"{date[:4]}-{date[4:6]}-{date[6:]}", "url": "https://example.org/r",
                      "text": "Body."})
    arts, rej = read_corpus([write(tmp_path, "r.jsonl", rec + "\n")], quiet)
    assert arts == [] and "plausible range" in rej[0].reason


def test_html_without_date_metadata_gets_no_date(tmp_path):
    html = """<!DOCTYPE html><html><head><title>Talks</title></head><body><article><h1>Talks</h1>
    <p>The talks of 12 January 2021 were recalled by delegates on Monday at length in the hall.</p>
    <p>In 1999, the alliance had admitted new members, the delegates said in their closing remarks.</p>
    </article></body></html>"""
    (a,), rej = read_corpus([write(tmp_path, "nodate.html", html)], quiet)
    assert rej == [] and a.date is None


def test_one_bad_byte_is_replaced_instead_of_re_decoding_the_file(tmp_path):
    text = "Title\n20220112\nhttps://example.org/b\n\u201cWe will not yield,\u201d he said in Kyiv.\n"
    msgs: list[str] = []
    (a,), rej = read_corpus([write(tmp_path, "b.txt", text.encode("utf-8") + b"End\xff.\n")], msgs.append)
    assert rej == []
    assert a.paragraphs[0] == "\u201cWe will not yield,\u201d he said in Kyiv."  # not mojibake
    assert a.paragraphs[1] == "End\ufffd."
    assert any("replaced" in m for m in msgs)


def test_an_unreadable_sub_folder_is_reported(tmp_path, monkeypatch):
    write(tmp_path, "a.txt", HOUSE)
    (tmp_path / "locked").mkdir()
    real_walk = corpus.os.walk

    def walk(top, onerror=None, followlinks=False):
        for dirpath, dirnames, filenames in real_walk(top, onerror=onerror, followlinks=followlinks):
            if "locked" in dirnames:
                dirnames.remove("locked")
                onerror(PermissionError(13, "Permission denied", str(Path(dirpath) / "locked")))
            yield dirpath, dirnames, filenames

    monkeypatch.setattr(corpus.os, "walk", walk)
    arts, rej = read_corpus([tmp_path], quiet)
    assert [a.article_id for a in arts] == ["a"]
    assert len(rej) == 1 and rej[0].source_file.endswith("locked") and "Permission denied" in rej[0].reason


def test_the_outlet_table_is_data_and_one_table(tmp_path):
    from analysis import outlets

    assert corpus.outlets()["reuters.com"] == "Reuters"
    # ingest and the analysis layer read the same file: every domain ingest names, the analysis layer
    # names the same way
    assert all(outlets.display_name(d) == name for d, name in corpus.outlets().items())
    assert corpus.outlet_for("https://www.reuters.com/world/x") == "Reuters"
    assert corpus.outlet_for("http://[::1/bad") == ""


# ------------------------------------------------------------- byline and stated length (issue 19)
BODY = "The delegations met for a second day and agreed only to keep talking next week."


def test_jsonl_author_fields_and_stated_word_counts(tmp_path):
    lines = [
        {"id": "a", "title": "One", "date": "2022-01-10", "text": BODY, "author": "By  Hanne Solberg",
         "word_count": 612},
        {"id": "b", "title": "Two", "date": "2022-01-11", "text": BODY + " B.",
         "authors": [{"@type": "Person", "name": "Ada Lindqvist"}, {"@type": "Person", "name": "Piet Morrow"}],
         "wordcount": "1,204 words"},
        {"id": "c", "title": "Three", "date": "2022-01-12", "text": BODY + " C.", "creator": ["Lena Voss"],
         "length": "about six hundred"},
        {"id": "d", "title": "Four", "date": "2022-01-13", "text": BODY + " D."},
    ]
    msgs: list[str] = []
    arts, rej = read_corpus([write(tmp_path, "f.jsonl", "\n".join(json.dumps(x) for x in lines))], msgs.append)
    assert not rej
    got = {a.article_id: (a.byline, a.words_stated) for a in arts}
    assert got == {"f-a": ("Hanne Solberg", 612), "f-b": ("Ada Lindqvist; Piet Morrow", 1204),
                   "f-c": ("Lena Voss", None), "f-d": ("", None)}
    assert any("f.jsonl:3" in m and "'about six hundred' is not a word count" in m for m in msgs)


def test_csv_byline_and_length_columns(tmp_path):
    rows = [["headline", "published", "link", "body", "Byline", "Word Count"],
            ["One", "2022-01-10", "https://example.org/one", BODY, "Tomas Reinholt and Mara Quillon", "88"],
            ["Two", "2022-01-11", "https://example.org/two", BODY + " Two.", "", ""]]
    buf = tmp_path / "x.csv"
    with buf.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    arts, _ = read_corpus([buf], quiet)
    assert [(a.byline, a.words_stated) for a in arts] == [("Tomas Reinholt and Mara Quillon", 88), ("", None)]


@pytest.mark.parametrize("head, byline", [
    ('<meta name="author" content="Hanne Solberg">', "Hanne Solberg"),
    ('<meta property="article:author" content="Tomas Reinholt">', "Tomas Reinholt"),
    ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
     '"headline": "Talks", "author": [{"@type": "Person", "name": "Ada Lindqvist"}, '
     '{"@type": "Person", "name": "Piet Morrow"}]}</script>', "Ada Lindqvist; Piet Morrow"),
    ("", ""),
])
def test_saved_page_author_from_meta_and_json_ld(tmp_path, head, byline):
    html = (f"<!DOCTYPE html><html><head><title>Talks</title>{head}</head><body><article><h1>Talks</h1>"
            f"<p>{BODY}</p><p>{BODY.replace('second', 'third')}</p></article></body></html>")
    (a,), rej = read_corpus([write(tmp_path, "page.html", html)], quiet)
    assert (a.byline, a.words_stated) == (byline, None)


def test_byline_and_stated_length_leave_the_content_hash_alone(tmp_path):
    import dataclasses

    (a,), _ = read_corpus([write(tmp_path, "a.txt", HOUSE)], quiet)
    b = dataclasses.replace(a, byline="Someone Else", words_stated=999)
    assert a.content_hash == b.content_hash  # no stage reads them: cached results stay valid
    assert (a.row()["byline"], a.row()["words_stated"]) == ("", None)
    assert (b.row()["byline"], b.row()["words_stated"]) == ("Someone Else", 999)


@pytest.mark.parametrize("value, n", [(612, 612), ("612", 612), ("1,204 words", 1204), ("Length: 88 words", 88),
                                      ("1.204", 1204), (88.0, 88), (88.5, None), ("3 min read", None), (-4, None),
                                      ("", None), (True, None), ([12], None)])
def test_stated_words(value, n):
    assert corpus.stated_words(value) == n


@pytest.mark.parametrize("value, byline", [("By JANE ROE", "JANE ROE"), ("by: Jane Roe", "Jane Roe"),
                                           ("Jane\n Roe", "Jane Roe"), ({"name": "Jane Roe"}, "Jane Roe"),
                                           (["Jane Roe", "Jane Roe", "Sam Poe"], "Jane Roe; Sam Poe"),
                                           (None, ""), (42, ""), ("Byron Lake", "Byron Lake"),
                                           (["Jane Roe", ["Sam Poe"]], "Jane Roe"),
                                           ([{"name": "Jane Roe"}, {"url": "x"}], "Jane Roe")])
def test_clean_byline(value, byline):
    assert corpus.clean_byline(value) == byline


def test_run_writes_byline_and_words_stated_columns(tmp_path):
    raw = tmp_path / "raw"
    rec = {"id": "a", "title": "One", "date": "2022-01-10", "text": BODY, "author": "Hanne Solberg", "word_count": 15}
    write(raw, "f.jsonl", json.dumps(rec))
    write(raw, "a.txt", HOUSE)
    run([raw], tmp_path / "out", progress=False, report=quiet, parquet=True)
    df = pd.read_csv(tmp_path / "out" / "articles.csv", dtype=str, keep_default_na=False).set_index("article_id")
    assert (df.loc["f-a", "byline"], df.loc["f-a", "words_stated"]) == ("Hanne Solberg", "15")
    assert (df.loc["a", "byline"], df.loc["a", "words_stated"]) == ("", "")
    pq = pd.read_parquet(tmp_path / "out" / "articles.parquet").set_index("article_id")
    assert str(pq["words_stated"].dtype) == "Int64" and pd.isna(pq.loc["a", "words_stated"])


# ------------------------------------------------------------- a second run into a locked folder: --wait
def _hold_lock(out: Path):
    """Hold ``out``'s lock the way a running pipeline does (an OutputFolder opened in this process)."""
    holder = output.OutputFolder(out)
    holder.open()
    return holder


def _let_go(holder) -> None:
    holder.abort()
    holder.release()


def test_a_run_into_a_locked_folder_stops_and_wait_gives_up_with_a_message(tmp_path):
    write(tmp_path / "raw", "a.txt", HOUSE)
    out = tmp_path / "out"
    holder = _hold_lock(out)
    try:
        now = cli("run", str(tmp_path / "raw"), "--out", str(out), "--quiet")
        waited = cli("run", str(tmp_path / "raw"), "--out", str(out), "--quiet", "--wait", "0.3")
    finally:
        _let_go(holder)
    assert now.returncode == 1 and "another run" in now.stderr and "--wait SECONDS" in now.stderr
    assert "after waiting" not in now.stderr and "waiting up to" not in now.stderr
    assert waited.returncode == 1 and "waiting up to 0.3 s" in waited.stderr
    assert "after waiting 0.3 s" in waited.stderr and "Traceback" not in waited.stderr
    assert not out.exists()  # neither run wrote anything


def test_wait_takes_the_lock_once_the_other_run_lets_go(tmp_path):
    import selectors

    write(tmp_path / "raw", "a.txt", HOUSE)
    out = tmp_path / "out"
    holder = _hold_lock(out)
    proc = subprocess.Popen([sys.executable, "-m", "analysis", "run", str(tmp_path / "raw"), "--out", str(out),
                             "--quiet", "--no-parquet", "--wait", "300"], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        sel = selectors.DefaultSelector()
        sel.register(proc.stderr, selectors.EVENT_READ)
        assert sel.select(timeout=120), "the waiting run said nothing"
        first = proc.stderr.readline()
        assert "waiting up to 300 s for another run" in first and str(os.getpid()) in first
        assert proc.poll() is None  # still waiting while the lock is held
    finally:
        _let_go(holder)
    rest = proc.communicate(timeout=300)[1]
    assert proc.returncode == 0, rest
    assert list(pd.read_csv(out / "articles.csv")["article_id"]) == ["a"]


def test_wait_must_be_a_finite_number_of_seconds(tmp_path):
    for bad in ("-1", "nan", "inf"):
        r = cli("run", str(SEED), "--out", str(tmp_path / "out"), "--quiet", "--wait", bad)
        assert r.returncode == 2 and "--wait must be 0 or more seconds" in r.stderr
