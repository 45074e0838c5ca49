"""News-archive exports: Nexis Uni DOCX, LexisNexis TXT, Factiva RTF split into articles."""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent))
import archive_fixtures as F  # noqa: E402

from analysis import archives  # noqa: E402
from analysis.corpus import Article, Rejection, iter_corpus  # noqa: E402

WRITERS = {"nexis.docx": F.write_nexis_docx, "lexis.txt": F.write_lexisnexis_txt, "factiva.rtf": F.write_factiva_rtf,
           "factiva.html": F.write_factiva_html, "factiva-fields.txt": F.write_factiva_fields_txt,
           "factiva-fields.rtf": F.write_factiva_fields_rtf, "factiva-fields.html": F.write_factiva_fields_html}


@pytest.fixture()
def exports(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    return {name: w(raw / name) for name, w in WRITERS.items()}


@pytest.mark.parametrize("name", list(WRITERS))
def test_each_export_becomes_one_article_per_story_and_the_broken_one_is_rejected(exports, name):
    items = list(iter_corpus([exports[name]], report=lambda m: None))
    arts = [x for x in items if isinstance(x, Article)]
    rej = [x for x in items if isinstance(x, Rejection)]
    assert [(a.title, a.outlet, a.date) for a in arts] == [(s[0], s[1], d) for s, d in
                                                           zip(F.STORIES, ("2022-01-10", "2022-01-12", "2022-01-14"),
                                                               strict=True)]
    assert [a.paragraphs for a in arts] == [tuple(s[4]) for s in F.STORIES]  # curly quotes and all
    stem = Path(name).stem
    assert [a.article_id for a in arts] == [f"{stem}-001", f"{stem}-002", f"{stem}-004"]
    assert all(a.source_file.endswith(f"{name}#{n}") for a, n in zip(arts, (1, 2, 4), strict=True))
    assert len(rej) == 1 and rej[0].source_file.endswith(f"{name}#3")
    assert "article 3 of 4" in rej[0].reason


@pytest.mark.parametrize("name", list(WRITERS))
def test_byline_and_stated_length_are_read(exports, name):
    fmt, entries = archives.split_file(exports[name])
    good = [e for e in entries if isinstance(e, archives.Entry)]
    assert [e.byline for e in good] == [s[3] for s in F.STORIES]
    assert [e.words for e in good] == [sum(len(p.split()) for p in s[4]) for s in F.STORIES]
    assert all(e.language.lower() == "english" for e in good)
    assert fmt == {"nexis.docx": "nexis_uni", "lexis.txt": "lexisnexis", "factiva.rtf": "factiva",
                   "factiva.html": "factiva", "factiva-fields.txt": "factiva_fields",
                   "factiva-fields.rtf": "factiva_fields", "factiva-fields.html": "factiva_fields"}[name]


@pytest.mark.parametrize("name", list(WRITERS))
def test_byline_and_stated_length_become_article_fields(exports, name):
    arts = [x for x in iter_corpus([exports[name]], report=lambda m: None) if isinstance(x, Article)]
    assert [(a.byline, a.words_stated) for a in arts] == [(s[3], sum(len(p.split()) for p in s[4])) for s in F.STORIES]


def test_reasons_say_what_is_wrong(exports):
    reasons = {}
    for name, path in exports.items():
        _, entries = archives.split_file(path)
        reasons[name] = str(next(e for e in entries if isinstance(e, archives.BrokenArticle)))
    assert "no 'Body' line" in reasons["nexis.docx"]
    assert "no publication date" in reasons["lexis.txt"]
    assert "'N words' line" in reasons["factiva.rtf"] and "'N words' line" in reasons["factiva.html"]
    assert "LP and TD fields are missing" in reasons["factiva-fields.txt"]
    assert "PD field holds no date ('Thursday'" in reasons["factiva-fields.rtf"]
    assert "LP and TD fields are missing" in reasons["factiva-fields.html"]


@pytest.mark.parametrize("name", list(WRITERS))
def test_run_writes_one_row_per_article_and_rejects_the_broken_one(tmp_path, name):
    from analysis.__main__ import main

    raw = tmp_path / "raw"
    raw.mkdir()
    WRITERS[name](raw / name)
    before = hashlib.sha256((raw / name).read_bytes()).hexdigest()
    out = tmp_path / "out"
    code = main(["run", str(raw), "--out", str(out), "--no-cache", "--no-parquet", "--quiet"])
    assert code == 3  # one input rejected, the rest written
    arts = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)
    rej = pd.read_csv(out / "rejected.csv", dtype=str)
    assert list(zip(arts["title"], arts["outlet"], arts["date"], strict=True)) == [
        (s[0], s[1], d) for s, d in zip(F.STORIES, ("2022-01-10", "2022-01-12", "2022-01-14"), strict=True)]
    assert [s.rsplit("/", 1)[-1] for s in rej["source_file"]] == [f"{name}#3"]
    assert list(arts["byline"]) == [s[3] for s in F.STORIES]
    assert list(arts["words_stated"]) == [str(sum(len(p.split()) for p in s[4])) for s in F.STORIES]
    quotes = pd.read_csv(out / "quotes.csv", dtype=str)
    assert "Ilse Brandvold" in set(quotes["speaker"].dropna())
    assert hashlib.sha256((raw / name).read_bytes()).hexdigest() == before  # raw file untouched


def test_the_same_story_in_two_archives_is_kept_once(exports):
    items = list(iter_corpus([exports["nexis.docx"], exports["factiva.rtf"]], report=lambda m: None))
    assert sum(isinstance(x, Article) for x in items) == 3
    dup = [x for x in items if isinstance(x, Rejection) and "duplicate of article nexis-00" in x.reason]
    assert len(dup) == 3


def test_an_ordinary_html_page_is_not_taken_for_an_export(tmp_path):
    p = tmp_path / "page.html"
    p.write_bytes(b"<html><body><p class='articleParagraph'>Text.</p><p>Document history</p></body></html>")
    assert not archives.is_archive(p, p.read_bytes())


def test_a_house_format_txt_is_not_taken_for_an_export(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("A title\n20220110\nhttps://example.org/a\nThe text has 40 words in it.\n", encoding="utf-8")
    assert not archives.is_archive(p, p.read_bytes())
    (a,) = list(iter_corpus([p], report=lambda m: None))
    assert isinstance(a, Article) and a.article_id == "a"


def test_a_docx_that_is_no_export_and_a_broken_docx_are_rejected_whole(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("Minutes of the editorial meeting")
    d.save(str(tmp_path / "memo.docx"))
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip file")
    got = {Path(r.source_file).name: r.reason for r in iter_corpus([tmp_path], report=lambda m: None)}
    assert "not a Nexis Uni export" in got["memo.docx"]
    assert "DOCX could not be opened" in got["broken.docx"]


def test_nexis_uni_text_export_reads_like_the_docx(tmp_path):
    p = tmp_path / "nexis.txt"
    p.write_text("\n".join(F._nexis_lines()) + "\n", encoding="utf-8")
    items = list(iter_corpus([p], report=lambda m: None))
    assert [x.title for x in items if isinstance(x, Article)] == [s[0] for s in F.STORIES]
    assert sum(isinstance(x, Rejection) for x in items) == 1


def test_date_lines_of_each_archive():
    assert archives.date_in("January 10, 2022 Monday 9:15 PM GMT") == "2022-01-10"
    assert archives.date_in("10 January 2022") == "2022-01-10"
    assert archives.date_in("Sept. 3, 2021") == "2021-09-03"
    assert archives.date_in("Harbour City Courier") is None


def test_factiva_field_codes_with_tabs_a_missing_an_and_a_trailing_summary(tmp_path):
    # codes followed by a tab; the first article lost its AN line; a search summary follows the last AN
    rows = ["HD\tHarbour pilots return to work after two-day stoppage", "BY\tBy Lena Voss and Ada Lindqvist",
            "WC\t1,021 words", "PD\t3 February 2022", "SN\tHarbour City Courier", "LA\tEnglish",
            "LP\tPilots went back to the quays on Thursday morning.", "TD\tThe port authority said delays would ease.",
            "HD\tCouncil delays vote on new ferry timetable", "WC\t38 words", "PD\t4 February 2022",
            "SN\tBaltic Evening Post", "TD\tThe council postponed its vote by a week.",
            "\tMembers asked for a second consultation.",
            "AN\tDocument BLTEP00020220204ei2400002", "", "Search Summary", "Text\tferry OR pilots",
            "Date\tAll Dates"]
    p = tmp_path / "tabs.txt"
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    fmt, entries = archives.split_file(p)
    assert fmt == "factiva_fields"
    assert [(e.title, e.outlet, e.date, e.byline, e.words, e.body) for e in entries] == [
        ("Harbour pilots return to work after two-day stoppage", "Harbour City Courier", "2022-02-03",
         "Lena Voss and Ada Lindqvist", 1021,
         ("Pilots went back to the quays on Thursday morning.", "The port authority said delays would ease.")),
        ("Council delays vote on new ferry timetable", "Baltic Evening Post", "2022-02-04", "", 38,
         ("The council postponed its vote by a week.", "Members asked for a second consultation.")),
    ]


def test_factiva_field_coded_articles_without_headline_or_date_are_rejected_alone(tmp_path):
    rows = ["HD", "Ferry strike called off", "PD", "5 February 2022", "TD", "The union accepted the offer.",
            "AN", "Document HCCR000020220205ei2500001",
            "WC", "12 words", "PD", "6 February 2022", "TD", "A story that lost its headline.",
            "AN", "Document HCCR000020220206ei2600002",
            "HD", "A story without a date", "TD", "Text of the undated story.",
            "AN", "Document HCCR000020220207ei2700003"]
    p = tmp_path / "f.txt"
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    items = list(iter_corpus([p], report=lambda m: None))
    assert [x.article_id for x in items if isinstance(x, Article)] == ["f-001"]
    rej = {r.source_file.rsplit("/", 1)[-1]: r.reason for r in items if isinstance(r, Rejection)}
    assert set(rej) == {"f.txt#2", "f.txt#3"}
    assert "no HD (headline)" in rej["f.txt#2"] and "no PD (publication date)" in rej["f.txt#3"]


def test_a_text_that_merely_mentions_codes_is_not_a_field_coded_export(tmp_path):
    p = tmp_path / "memo.txt"
    p.write_text("Field codes explained\n20220110\nhttps://example.org/codes\nHD is the headline and AN the "
                 "accession number.\nAN official said the HD field is the title.\n", encoding="utf-8")
    assert not archives.is_archive(p, p.read_bytes())
    assert archives.sniff_text(p.read_text(encoding="utf-8")) is None
