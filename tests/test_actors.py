"""The party registry: people, name variants, institutions, title words."""
from __future__ import annotations

import pytest

from analysis.actors import Registry, fold, load_registry

REQUIRED = ("NATO", "Russia", "US", "Ukraine", "EU", "Belarus", "UK", "Germany", "France", "OSCE")
# `reg` (the shipped registry) comes from conftest.py

def test_required_parties_have_people_names_and_titles(reg):
    for party in REQUIRED:
        assert party in reg.parties
        assert any(p.party == party for p in reg.people), party
        assert any(v[0] == party for v in reg.terms.values()), party


@pytest.mark.parametrize("spelling", ["Zelensky", "Zelenskyy", "Zelenskiy", "Volodymyr Zelenskyy",
                                      "President Volodymyr Zelenskiy"])
def test_zelensky_spellings(reg, spelling):
    p = reg.person(spelling)
    assert p is not None and p.name == "Volodymyr Zelensky" and p.party == "Ukraine"
    assert reg.canonical(spelling) == "Volodymyr Zelensky"


@pytest.mark.parametrize("phrase, party", [
    ("Kyiv", "Ukraine"), ("Kiev", "Ukraine"), ("the Kremlin", "Russia"), ("Moscow", "Russia"),
    ("the Pentagon", "US"), ("the State Department", "US"), ("Washington", "US"), ("the alliance", "NATO"),
    ("a Kremlin spokesman", "Russia"), ("NATO's secretary general", "NATO"), ("Russia's envoy to NATO", "Russia"),
    ("Downing Street", "UK"), ("the Elysee", "France"), ("Berlin", "Germany"), ("Minsk", "Belarus"),
    ("the OSCE chairman", "OSCE"), ("European Commission", "EU"), ("Kyiv’s government", "Ukraine"),
])
def test_institutions_places_and_titles(reg, phrase, party):
    assert reg.party_of(phrase) == party


def test_alias_with_different_first_name_is_someone_else(reg):
    assert reg.person("Gary Johnson") is None
    assert reg.person("Boris Johnson").party == "UK"
    assert reg.party_of("Gary Johnson") is None


def test_unknown_phrases(reg):
    assert reg.person("Fiona Hargreaves") is None
    assert reg.party_of("a historian") is None
    assert reg.party_of("") is None and reg.party_of(None) is None
    assert reg.canonical("Fiona Hargreaves") == "Fiona Hargreaves"


def test_gender_is_optional_data(reg):
    assert reg.person("Wendy Sherman").gender == "f"
    assert reg.person("Dmitry Peskov").gender == "m"
    r = Registry.from_dict({"parties": {"X": {"people": [{"name": "Ann Example"}]}}})
    assert r.person("Ann Example").gender == ""


def test_registry_from_dict_is_data_driven():
    r = Registry.from_dict({"parties": {"Atlantis": {"names": ["Poseidonia"], "adjectives": ["Atlantean"],
                                                     "titles": ["Atlantean envoy"],
                                                     "people": [{"name": "Ada Wave", "aliases": ["Wave"]}]}}})
    assert r.party_of("the Atlantean envoy") == "Atlantis"
    assert r.party_of("Poseidonia said") == "Atlantis"
    assert r.person("Wave").name == "Ada Wave"


def test_fold_is_case_and_apostrophe_insensitive():
    assert fold("Russia’s  Envoy") == fold("russia's envoy")


def test_load_registry_is_cached():
    assert load_registry() is load_registry()


def test_a_place_in_a_hyphenated_modifier_names_no_side(reg):
    assert reg.party_of("a research fellow at a London-based defence think tank") is None
    assert reg.party_of("Moscow-backed separatists") is None
    assert reg.party_of("NATO-Russia Council") == "NATO"  # a compound of names still names a side
    assert reg.party_of("Kremlin spokesman") == "Russia"


def test_units_are_party_terms_of_their_own_kind():
    from analysis.actors import Registry

    reg = Registry.from_dict({"parties": {"US": {"names": ["United States"], "units": ["82nd Airborne Division"]}}})
    assert reg.terms["82nd airborne division"] == ("US", "unit")
    assert reg.party_of("paratroopers of the 82nd Airborne Division") == "US"


# ---------------------------------------------------------------- strict registry loading
def test_misspelt_key_stops_the_load_naming_file_line_and_key(tmp_path):
    from analysis.datafile import DataFileError

    bad = tmp_path / "actors.yml"
    bad.write_text("parties:\n  NATO:\n    names: [NATO]\n    people:\n"
                   "      - {name: Ada Nolan, aliasses: [Nolan]}\n", encoding="utf-8")
    with pytest.raises(DataFileError) as e:
        Registry.load(bad)
    msg = str(e.value)
    assert str(bad) in msg and "line 5" in msg and "'aliasses'" in msg


def test_misspelt_party_section_is_reported(tmp_path):
    from analysis.datafile import DataFileError

    bad = tmp_path / "actors.yml"
    bad.write_text("parties:\n  NATO:\n    adjectivs: [allied]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"line 3: unknown key 'adjectivs' under parties\.NATO"):
        Registry.load(bad)


def test_broken_yaml_names_the_file(tmp_path):
    from analysis.datafile import DataFileError

    bad = tmp_path / "actors.yml"
    bad.write_text("parties: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="not valid YAML"):
        Registry.load(bad)


def test_shipped_registry_passes_the_check():
    reg = Registry.load()
    assert "NATO" in reg.parties and reg.person("Stoltenberg") is not None


# ---------------------------------------------------------------- look-ups and their caches
def test_lookups_are_cached_per_registry_and_never_cross_registries():
    a = Registry.from_dict({"parties": {"NATO": {"people": [{"name": "Ada Nolan", "aliases": ["Nolan"]}]}}})
    b = Registry.from_dict({"parties": {"Russia": {"people": [{"name": "Ada Nolan", "aliases": ["Nolan"]}]}}})
    assert a.party_of("Nolan") == "NATO"
    assert b.party_of("Nolan") == "Russia"
    assert a.party_of("Nolan") == "NATO"


def test_cache_is_bounded(monkeypatch):
    import analysis.actors as actors

    monkeypatch.setattr(actors, "CACHE_SIZE", 3)
    reg = Registry.from_dict({"parties": {"NATO": {"names": ["NATO"]}}})
    for i in range(10):
        reg.party_of(f"phrase {i}")
    assert len(reg._caches["party_of"]) <= 3
    assert reg.party_of("NATO officials") == "NATO"


def test_term_and_name_matches_give_offsets_in_the_text():
    reg = Registry.from_dict({"parties": {
        "Russia": {"names": ["the Kremlin"], "adjectives": ["Russian"],
                   "people": [{"name": "Ivan Petrov", "aliases": ["Petrov"]}]},
        "NATO": {"names": ["NATO"]}}})
    text = "Petrov’s Russian aides met NATO envoys at the Kremlin."
    terms = [(text[s:e], p) for s, e, p in reg.term_matches(text)]
    assert terms == [("Russian", "Russia"), ("NATO", "NATO"), ("the Kremlin", "Russia")]
    assert [text[s:e] for s, e in reg.name_matches(text)] == ["Petrov"]
    assert reg.term_kind("russian") == "adjective" and reg.term_kind("Petrov") == ""


def test_derived_index_is_built_once_per_registry():
    reg = Registry.from_dict({"parties": {"NATO": {"names": ["NATO"]}}})
    built = []
    first = reg.derived("test.index", lambda r: built.append(r) or {"n": len(r.terms)})
    again = reg.derived("test.index", lambda r: built.append(r) or {"n": -1})
    assert first is again and built == [reg]


def test_is_blank_recognises_every_empty_cell_form():
    import math

    import pandas as pd

    from analysis.text import is_blank

    for v in (None, math.nan, pd.NA, pd.NaT, "", "  ", "nan", "None", "null", "<NA>"):
        assert is_blank(v), repr(v)
    for v in ("x", 0, 0.0, "0", "Nancy"):
        assert not is_blank(v), repr(v)


def test_a_misspelt_full_name_finds_the_one_person_it_is_close_to():
    r = Registry.from_dict({"parties": {"X": {"people": [{"name": "Ann Example"}, {"name": "Bo Lindqvist"},
                                                         {"name": "Bo Lindquist"}]}}})
    assert r.person_misspelt("Ann Exampel").name == "Ann Example"
    assert r.person_misspelt("Ann Example") is None  # the exact name is person()'s, not a misspelling
    assert r.person_misspelt("Anne Exampel") is None  # another first name: someone else
    assert r.person_misspelt("Ann Sample") is None  # too unlike
    assert r.person_misspelt("Bo Lindqvst") is None  # close to two registered people: no guess
    assert r.person_misspelt("Exampel") is None  # a lone surname is never guessed
