"""Language: detected offline, recorded in articles.csv, non-English rejected unless accepted."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import language
from analysis.synth import generate_articles

# Invented texts, written for these tests.
GERMAN = ("Nach siebenstündigen Gesprächen in Genf haben die Delegationen am Montagabend keine Einigung erzielt. "
          "Die Vertreter beider Seiten wollen sich in der kommenden Woche erneut treffen, wie ein Sprecher "
          "des Außenministeriums mitteilte. Über die schriftlichen Vorschläge wurde nichts bekannt.")
RUSSIAN = ("После семичасовых переговоров в Женеве делегации так и не смогли договориться о сроках следующей "
           "встречи. Представитель министерства сообщил журналистам, что стороны обменялись письменными "
           "предложениями и продолжат консультации на следующей неделе в Брюсселе.")
FRENCH = ("Après sept heures de discussions à Genève, les délégations se sont séparées lundi soir sans accord. "
          "Un porte-parole du ministère a indiqué que les deux parties se retrouveraient la semaine prochaine "
          "à Bruxelles pour poursuivre les consultations sur les propositions écrites.")
ENGLISH = ("After seven hours of talks in Geneva the delegations parted on Monday evening without an agreement. "
           "A ministry spokesman said the two sides had exchanged written proposals and would meet again in "
           "Brussels next week to continue the consultations.")


@pytest.mark.parametrize("text,code", [(GERMAN, "de"), (RUSSIAN, "ru"), (FRENCH, "fr"), (ENGLISH, "en")])
def test_detects_the_language(text, code):
    got, prob, n = language.detect("", [text])
    assert got == code and prob >= language.SURE and n >= language.MIN_WORDS


def test_the_english_shortcut_agrees_with_the_model_and_never_fires_on_other_languages():
    english = [ENGLISH] + [" ".join(a.paragraphs) for a in generate_articles(20, seed=3, words=200)]
    for t in english:
        assert language.plainly_english(t)
        assert language._identifier().classify(t[:1500])[0] == "en"
    for t in (GERMAN, RUSSIAN, FRENCH):
        assert not language.plainly_english(t)


def test_check_rejects_naming_the_language_unless_accepted():
    code, why = language.check("Gespräche ohne Ergebnis", [GERMAN])
    assert code == "de" and why.startswith("language: German (de")
    assert "--languages en,de" in why
    assert language.check("", [GERMAN], frozenset({"en", "de"})) == ("de", None)
    assert language.check("", [GERMAN], None) == ("de", None)
    assert language.check("", [ENGLISH]) == ("en", None)


def test_a_short_text_is_never_rejected():
    _, why = language.check("", ["Gespräche ohne Ergebnis in Genf."])
    assert why is None


def test_parse_languages():
    assert language.parse_languages("en, DE") == frozenset({"en", "de"})
    assert language.parse_languages("any") is None
    assert language.parse_languages(None) is None
    with pytest.raises(ValueError, match="not a language code"):
        language.parse_languages("english")


def _house(path, title, date, body):
    path.write_text(f"{title}\n{date}\nhttps://example.org/{path.stem}\n{body}\n", encoding="utf-8")


def test_run_rejects_other_languages_and_records_the_language(tmp_path, capsys):
    from analysis.__main__ import main

    raw = tmp_path / "raw"
    raw.mkdir()
    _house(raw / "en1.txt", "Talks end", "20220110", ENGLISH)
    _house(raw / "de1.txt", "Gespräche enden", "20220110", GERMAN)
    _house(raw / "ru1.txt", "Переговоры", "20220110", RUSSIAN)
    out = tmp_path / "out"
    assert main(["run", str(raw), "--out", str(out), "--no-cache", "--no-parquet", "--quiet"]) == 3
    arts = pd.read_csv(out / "articles.csv", dtype=str)
    rej = pd.read_csv(out / "rejected.csv", dtype=str)
    assert list(arts["article_id"]) == ["en1"] and list(arts["language"]) == ["en"]
    assert list(arts["is_first"]) == ["True"] and list(arts["duplicate_group"]) == ["en1"]
    reasons = dict(zip(rej["source_file"].str.rsplit("/", n=1).str[-1], rej["reason"], strict=True))
    assert reasons["de1.txt"].startswith("language: German") and reasons["ru1.txt"].startswith("language: Russian")
    assert "rejected:" in capsys.readouterr().err

    out2 = tmp_path / "out2"
    assert main(["run", str(raw), "--out", str(out2), "--no-cache", "--no-parquet", "--quiet",
                 "--languages", "any"]) == 0
    arts = pd.read_csv(out2 / "articles.csv", dtype=str)
    assert dict(zip(arts["article_id"], arts["language"], strict=True)) == {"en1": "en", "de1": "de", "ru1": "ru"}


def test_bad_languages_option_is_a_usage_error(tmp_path):
    from analysis.__main__ import main

    (tmp_path / "raw").mkdir()
    assert main(["run", str(tmp_path / "raw"), "--out", str(tmp_path / "o"), "--languages", "english"]) == 2


def test_first_outlet_option_chooses_the_first_copy(tmp_path):
    from analysis.__main__ import main

    raw = tmp_path / "raw"
    raw.mkdir()
    body = ENGLISH + "\nThe next round is expected to focus on arms control and on the exercises near the border."
    (raw / "a.txt").write_text(f"Talks end\n20220110\nhttps://www.reuters.com/a\n{body}\n", encoding="utf-8")
    (raw / "b.txt").write_text(f"Geneva talks end without deal\n20220110\nhttps://apnews.com/b\n{ENGLISH}\n",
                               encoding="utf-8")
    out = tmp_path / "out"
    main(["run", str(raw), "--out", str(out), "--no-cache", "--no-parquet", "--quiet"])
    arts = pd.read_csv(out / "articles.csv", dtype=str).set_index("article_id")
    assert arts.loc["a", "is_first"] == "True" and arts.loc["b", "duplicate_group"] == "a"  # longer, same day
    main(["run", str(raw), "--out", str(out), "--no-cache", "--no-parquet", "--quiet",
          "--first-outlet", "Associated Press"])
    arts = pd.read_csv(out / "articles.csv", dtype=str).set_index("article_id")
    assert arts.loc["b", "is_first"] == "True" and arts.loc["a", "duplicate_group"] == "b"
