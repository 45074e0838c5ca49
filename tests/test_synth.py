"""The synthetic corpus generator: deterministic, wire-shaped, with the things the stages must find."""
import datetime as dt
import re
from itertools import islice

import pytest

from analysis.actors import load_registry
from analysis.corpus import read_house_file
from analysis.synth import generate_articles, house_text, write_house_files

N = 200


@pytest.fixture(scope="module")
def corpus():
    return list(generate_articles(N, seed=7))


def test_same_seed_same_corpus(corpus):
    assert list(generate_articles(N, seed=7)) == corpus


def test_different_seed_different_corpus(corpus):
    other = list(generate_articles(N, seed=8))
    assert all(a.paragraphs != b.paragraphs for a, b in zip(corpus, other, strict=True))


def test_article_depends_only_on_seed_and_index(corpus):
    sliced = list(generate_articles(10, seed=7, start=50))
    assert sliced == corpus[50:60]


def test_generator_is_lazy():
    gen = generate_articles(10**9)
    assert len(list(islice(gen, 3))) == 3


def test_ids_and_urls_unique(corpus):
    assert len({a.article_id for a in corpus}) == N
    assert len({a.url for a in corpus}) == N


def test_about_the_requested_length(corpus):
    for words in (300, 700):
        for a in generate_articles(30, seed=1, words=words):
            n = sum(len(p.split()) for p in a.paragraphs)
            assert words <= n <= words + 120


def test_dates_in_crisis_window_and_urls_from_outlets(corpus):
    for a in corpus:
        d = dt.date.fromisoformat(a.date)
        assert dt.date(2022, 1, 1) <= d <= dt.date(2022, 2, 28)
        assert a.url.startswith("https://") and a.outlet and a.title


def test_both_quote_styles_and_balanced_enough(corpus):
    text = "\n".join(a.text for a in corpus)
    assert text.count("\u201c") > 100 and text.count('"') > 100
    for a in corpus:
        assert re.search(r"[\"\u201c][^\"\u201d]{10,}[,.][\"\u201d] (?:said )?[A-Z]", a.text), a.article_id


def test_quote_forms_present(corpus):
    text = "\n".join(a.text for a in corpus)
    assert re.search(r": [\"\u201c][A-Z]", text)                      # before, with a colon
    assert re.search(r"[,][\"\u201d] [A-Z][\w .-]+ said, [\"\u201c][a-z]", text)  # split mid-sentence
    assert re.search(r"as [\"\u201c][a-z][^\"\u201d]{2,40}[\"\u201d] and", text)  # partial quote
    assert re.search(r"warned that|rejected|accused \w+", text)


def test_names_come_from_registry(corpus):
    reg = load_registry()
    names = {p.name for p in reg.people}
    text = "\n".join(a.text for a in corpus)
    used = {n for n in names if n in text}
    assert len(used) >= len(names) // 2
    for m in re.finditer(r"[\"\u201d] ([A-Z][a-z]+(?: [A-Z][\w-]+)+) said\.", text):
        assert reg.person(m.group(1)) is not None, m.group(1)


def test_troop_figures_and_distractors_present(corpus):
    text = "\n".join(a.text for a in corpus)
    for pat in (r"around \d{2,3},000 troops", r"tens of thousands of soldiers", r"more than \d{2,3},000 servicemen",
                r"between \d{3},000 and \d{3},000", r"some \d+ battalion tactical groups"):
        assert re.search(pat, text), pat
    for pat in (r"\d[\d,]* people have been killed", r"\$\d+ (?:million|billion)", r"\b(?:19|20)\d\d\b",
                r"\d[\d,]* kilometres"):
        assert re.search(pat, text), pat
    # nearly every article has at least one troop figure
    with_troops = sum(bool(re.search(r"troops|soldiers|servicemen|battalion tactical groups|personnel", a.text))
                      for a in corpus)
    assert with_troops == N


def test_house_files_round_trip(tmp_path):
    paths = write_house_files(5, tmp_path, seed=3)
    arts = list(generate_articles(5, seed=3))
    assert [p.stem for p in paths] == [a.article_id for a in arts]
    for p, a in zip(paths, arts, strict=True):
        lines = p.read_text(encoding="utf-8").splitlines()
        assert lines[0] == a.title and lines[1] == a.date.replace("-", "") and lines[2] == a.url
        assert tuple(lines[3:]) == a.paragraphs
        assert p.read_text(encoding="utf-8") == house_text(a)
        back = read_house_file(p)
        assert back.paragraphs == a.paragraphs and back.date == a.date and back.url == a.url


def test_house_files_spread_over_folders(tmp_path):
    paths = write_house_files(7, tmp_path, seed=0, per_dir=3)
    assert len({p.parent for p in paths}) == 3
    assert len(paths) == 7
