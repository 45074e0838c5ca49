"""Number parsing: every written form, approximator, range and vague quantity."""
import pytest

from analysis import numbers
from analysis.numbers import find_quantities, parse_number, parse_words

DATA = numbers.load_data()


@pytest.mark.parametrize("text,value", [
    ("100,000", 100_000), ("100 000", 100_000), ("1,250,000", 1_250_000), ("127000", 127_000),
    ("1.5 million", 1_500_000), ("2 million", 2_000_000), ("100 thousand", 100_000),
    ("100K", 100_000), ("100k", 100_000), ("1.2bn", 1_200_000_000), ("3.5", 3.5),
    ("a hundred thousand", 100_000), ("one hundred and fifty thousand", 150_000),
    ("twenty-five thousand", 25_000), ("two dozen", 24), ("a dozen", 12),
    ("half a million", 500_000), ("seven", 7), ("ninety-nine", 99),
])
def test_parse_number_forms(text, value):
    assert parse_number(text) == pytest.approx(value)


def test_parse_words_rejects_non_numbers():
    assert parse_words("troops") is None
    assert parse_number("") is None


def only(text):
    qs = find_quantities(text)
    assert len(qs) == 1, qs
    return qs[0]


@pytest.mark.parametrize("phrase", sorted(DATA["approximators"]))
def test_every_approximator_sets_qualifier_and_bounds(phrase):
    spec = DATA["approximators"][phrase]
    q = only(f"Moscow has {phrase} 50,000 troops there")
    assert q.text.lower().startswith(phrase.lower())
    assert q.value == 50_000
    assert q.qualifier == spec["qualifier"]
    want_lo = None if spec["low"] is None else 50_000 * spec["low"]
    want_hi = None if spec["high"] is None else 50_000 * spec["high"]
    assert q.low == (pytest.approx(want_lo) if want_lo is not None else None)
    assert q.high == (pytest.approx(want_hi) if want_hi is not None else None)


@pytest.mark.parametrize("phrase,bounds", sorted(DATA["vague"].items()))
def test_every_vague_quantity_has_convention_bounds(phrase, bounds):
    q = only(f"There are {phrase} of troops nearby")
    assert q.qualifier == "vague"
    assert q.value is None
    assert (q.low, q.high) == tuple(bounds)


def test_tens_of_thousands_is_not_ten_of_thousand():
    q = only("tens of thousands of combat-ready troops")
    assert (q.low, q.high, q.value) == (20_000, 90_000, None)
    assert q.text == "tens of thousands"


def test_issue_bounds():
    assert (only("around 100,000").low, only("around 100,000").high) == (90_000, 110_000)
    q = only("more than 150,000")
    assert (q.low, q.high, q.qualifier) == (150_000, None, "at_least")
    q = only("up to 175,000")
    assert (q.low, q.high, q.qualifier) == (None, 175_000, "at_most")


@pytest.mark.parametrize("text,low,high", [
    ("between 169,000 and 190,000 troops", 169_000, 190_000),
    ("169,000-190,000 troops", 169_000, 190_000),
    ("169,000–190,000 troops", 169_000, 190_000),
    ("169,000 to 190,000 troops", 169_000, 190_000),
    ("from 100,000 to 130,000 troops", 100_000, 130_000),
    ("between 169 and 190 thousand troops", 169_000, 190_000),
    ("between 60 and 80 BTGs", 60, 80),
    ("94 000 to 100 000 soldiers", 94_000, 100_000),
])
def test_ranges(text, low, high):
    q = only(text)
    assert q.qualifier == "range"
    assert (q.low, q.high) == (low, high)
    assert low <= q.value <= high


@pytest.mark.parametrize("text,qualifier,low,high", [
    ("100,000 or more troops", "at_least", 100_000, None),
    ("100,000-plus troops", "at_least", 100_000, None),
    ("100,000 or so troops", "approximate", 90_000, 110_000),
    ("100,000 or fewer troops", "at_most", None, 100_000),
])
def test_post_approximators(text, qualifier, low, high):
    q = only(text)
    assert (q.qualifier, q.low, q.high) == (qualifier, low, high)


def test_exact_figure_bounds_equal_value():
    q = only("8,500 troops")
    assert (q.value, q.low, q.high, q.qualifier) == (8_500, 8_500, 8_500, "exact")


@pytest.mark.parametrize("text", ["S-400 systems", "F-35 jets", "at 10:30", "the 82nd Airborne", "one of them",
                                  "a million-strong", "COVID-19"])
def test_not_figures(text):
    qs = [q for q in find_quantities(text) if q.value not in (None,)]
    assert all(q.text not in ("400", "35", "10", "82", "one", "19") for q in qs)
    if text in ("S-400 systems", "F-35 jets", "the 82nd Airborne", "one of them", "COVID-19"):
        assert qs == []


def test_spans_point_into_text():
    text = "Russia has massed around 100,000 troops and tens of thousands more."
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.text
        assert q.start <= q.num_start < q.num_end <= q.end


@pytest.mark.parametrize("text,value,low,high,qual", [
    ("roughly a quarter of a million", 250_000, 225_000, 275_000, "approximate"),
    ("three quarters of a million", 750_000, 750_000, 750_000, "exact"),
    ("three-quarters of a million", 750_000, 750_000, 750_000, "exact"),
    ("more than a third of a million", 333_333, 333_333, None, "at_least"),
    ("half a million", 500_000, 500_000, 500_000, "exact"),
    ("a quarter of a thousand", 250, 250, 250, "exact"),
])
def test_fractions_of_scale_words(text, value, low, high, qual):
    q = only(f"The garrison counts {text} reservists")
    assert q.text == text
    assert (q.value, q.low, q.high, q.qualifier) == (value, low, high, qual)


def test_fraction_without_a_scale_word_is_no_figure():
    assert find_quantities("a third of the brigades moved") == []


def test_fast_digit_pattern_finds_what_the_plain_one_finds():
    """_ATOM_D is rewritten for speed; it must match exactly where the plain form matches."""
    import random
    import re

    plain = re.compile(r"(?=\d)(?<![\w$€£.,/:])(?<![A-Za-z]-)(?P<d>%s)(?![\w]|[.,:]\d)" % numbers._DIGITS_RE)
    rng = random.Random(3)
    alphabet = ["1", "0", "9", "12", "100", ",", ".", " ", "\u00a0", "-", "a", "K", "k", "$", "/", ":", "\u0663",
                " thousand", " million", "bn", "000", ",000", " 000"]
    texts = ["100,000 troops", "1.5 million", "US$5", "F-16", "1,000,000", "12 000 men", "a-1", "3:30", "€4bn"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14))) for _ in range(5000)]
    for t in texts:
        assert [m.span() for m in numbers._ATOM_D.finditer(t)] == [m.span() for m in plain.finditer(t)], t


def test_a_misspelt_key_in_the_word_lists_stops_the_load(tmp_path):
    from analysis.datafile import DataFileError
    bad = tmp_path / "troops.yml"
    text = numbers.DATA_FILE.read_text(encoding="utf-8").replace("\nanchors:", "\nanchorz:", 1)
    bad.write_text(text, encoding="utf-8")
    line = text[:text.index("anchorz:")].count("\n") + 1
    with pytest.raises(DataFileError) as err:
        numbers.load_data.__wrapped__(str(bad))
    msg = str(err.value)
    assert str(bad) in msg and "'anchorz'" in msg and f"line {line}" in msg


def test_a_misspelt_approximator_field_stops_the_load(tmp_path):
    from analysis.datafile import DataFileError
    bad = tmp_path / "troops.yml"
    text = numbers.DATA_FILE.read_text(encoding="utf-8").replace(
        "about: {qualifier: approximate, low: 0.9, high: 1.1}", "about: {qualifer: approximate, low: 0.9, high: 1.1}")
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match="qualifer"):
        numbers.load_data.__wrapped__(str(bad))


def test_the_shipped_word_lists_load():
    assert set(numbers.DATA_SPEC) == set(numbers.load_data())


def test_overlapping_figures_are_read_once():
    # "5 thousand": the digit figure takes the scale word, which is not a second figure
    qs = find_quantities("some 5 thousand troops and tens of thousands of reservists, 3 or 4 thousand more")
    spans = [(q.num_start, q.num_end) for q in qs]
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False))
    assert [q.value for q in qs][:2] == [5000, None]


# ---------------------------------------------------------- numbers in words
def values(text):
    return [n.value for n in numbers.find_numbers(text)]


@pytest.mark.parametrize("text,expected", [
    ("seven eight nine", [7, 8, 9]),                       # adjacent numbers stay apart
    ("four twenty six", [4, 26]),
    ("sixty seventy forty and twelve", [60, 70, 40, 12]),
    ("forty, six", [40, 6]),
    ("one, four and seven", [1, 4, 7]),
    ("three thousand thousand", [3000, 1000]),             # a scale repeated starts a new number
    ("five thousand million", [5_000_000_000]),            # a larger scale multiplies what came before
    ("sixty three hundred twelve", [6312]),
    ("eleven billion and eleven", [11_000_000_011]),
    ("four million, six hundred & twelve", [4_000_612]),
    ("four thousand, five million", [4000, 5_000_000]),
    ("six point two five", [6.25]),
    ("point seventy-five", [0.75]),
    ("minus eight and plus nine", [-8, 9]),
    ("three and a half", [3.5]),
    ("three and a half million", [3_500_000]),
    ("a billion and a half", [1_500_000_000]),
    ("zero seven", [7]),                                     # a leading zero
    ("The one we saw. No one came. One more time. Eight one.", [8, 1]),
    ("They crossed ONE convoy at a time.", [1]),               # "one X at a time" counts
    ("At a time like this, one thing at a glance.", []),
    ("FoRtY-ThReE tanks and Nine trucks", [43, 9]),          # case does not matter
])
def test_numbers_in_words(text, expected):
    assert values(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", [
    "the thirty-third brigade", "one hundred and sixty fourth", "sixtieth four", "the seventy second day",
    "two thousand and ninth", "the first second", "the 41st brigade",
])
def test_ordinals_are_never_cardinals(text):
    assert values(text) == [] and find_quantities(text) == []


def test_fractions_are_no_figures():
    assert values("three fifths of the army") == pytest.approx([0.6])
    assert find_quantities("two-thirds of the force crossed") == []
    assert [q.value for q in find_quantities("three quarters of a million men")] == [750_000]


@pytest.mark.parametrize("text,value", [
    ("about 120.000 soldiers", 120_000),                     # periods as thousands separators...
    ("between 1.500.000 and 2.000.000", None),
    ("120 000 soldiers", 120_000),
    ("1.5m troops", 1_500_000),
])
def test_digit_forms(text, value):
    q = find_quantities(text)[0]
    assert q.value == value or (value is None and q.qualifier == "range" and q.low == 1_500_000)


def test_periods_read_as_thousands_only_where_the_text_uses_them_so():
    # a decimal or a comma-separated figure elsewhere: the period is a decimal point
    assert [q.value for q in find_quantities("2.5 million troops and 1.200 more")] == [2_500_000, 1.2]
    assert [q.value for q in find_quantities("1.200 troops and 3,000 more")] == [1.2, 3000]
    assert [q.value for q in find_quantities("1.500")] == [1500]  # the period three characters from the end


def test_stacked_and_plural_scales():
    q = only("tens of millions of subscribers")
    assert (q.value, q.low, q.high, q.qualifier) == (None, 20_000_000, 90_000_000, "vague")
    assert values("eighty-five thousands") == [85_000]


def test_spoken_decimals_and_signs_are_no_figures():
    assert find_quantities("minus twelve") == [] and find_quantities("four point five") == []


def test_the_peer_check_scores_each_mode():
    import importlib.util
    from pathlib import Path
    spec = importlib.util.spec_from_file_location(
        "peer_numbers", Path(__file__).resolve().parents[1] / "benchmarks" / "peer_numbers.py")
    peer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(peer)

    def case(mode, text, **exp):
        return {"mode": mode, "text": text, "expected": exp, "group": "g", "tags": []}

    assert peer.judge(case("phrase", "seventy-four", value=74)) is True
    assert peer.judge(case("phrase", "seventy four nine", value=749)) is False   # two numbers, not one
    assert peer.judge(case("sentence", "eight hens and 12 cows", values=[8, 12])) is True
    assert peer.judge(case("quantity", "roughly 4 to 6 boats", value=5)) is True  # a range's midpoint
    assert peer.judge(case("ordinal", "seventy-fourth", value=74)) is True          # nothing read: right
    assert peer.judge(case("negative", "no number here")) is None
    assert peer.is_unit_case({"group": "quantities:unit", "tags": []})


def test_the_peer_check_scores_disagreed_cases_by_our_reading(monkeypatch):
    import importlib.util
    from pathlib import Path
    spec = importlib.util.spec_from_file_location(
        "peer_numbers", Path(__file__).resolve().parents[1] / "benchmarks" / "peer_numbers.py")
    peer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(peer)
    assert all(len(why) > 20 for _, why in peer.DISAGREE.values())  # every disagreement says why
    monkeypatch.setattr(peer, "DISAGREE", {"x-1": ([2_500_000_000.0], "two and a half billion")})
    assert peer.judge_ours({"id": "x-1", "text": "two billion and a half"}) is True
    assert peer.judge_ours({"id": "x-1", "text": "two billion and a half more"}) is True
    assert peer.judge_ours({"id": "x-1", "text": "two billion"}) is False     # our reading changed: a miss


def test_the_vague_pre_test_names_every_key_and_every_vague_phrase_holds_one():
    # (the fast substring test stands for ``any(k in low for k in _VAGUE_KEYS)``)
    for k in numbers._VAGUE_KEYS:
        assert numbers._has_vague_key(f"x {k} y") and numbers._has_vague_key(k)
    assert not numbers._has_vague_key("some 4,000 soldiers moved north")
    assert all(numbers._has_vague_key(phrase.lower()) for phrase in DATA["vague"])
