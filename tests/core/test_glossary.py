"""The bilingual glossary: loading the data file, translations both ways, terms found in a text."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.core.glossary import (
    Glossary,
    default_glossary,
    english_key,
    parse_glossary,
)

SMALL = parse_glossary(
    "# comment\n"
    "zh\ten\tfield\n"
    "稀土\trare earth|rare-earth|REE\trare_earth\n"
    "稀土永磁\trare earth permanent magnet\trare_earth\n"
    "电池\tbattery\tenergy_storage\n"
    "滴灌\tdrip irrigation\tirrigation\n"
    "奶酪\tcheese\tdairy\n"
    "干酪\tcheese\tdairy\n"
    "钕铁硼\tNdFeB|Nd-Fe-B\trare_earth\n"
)


def test_the_repository_glossary_has_hundreds_of_terms_and_loads_without_error():
    glossary = default_glossary()
    assert isinstance(glossary, Glossary)
    assert len(glossary) >= 300
    assert default_glossary() is glossary
    terms = glossary.chinese_terms()
    assert len(terms) == len(set(terms)) == len(glossary)


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("稀土", "rare earth"),
        ("钕铁硼", "NdFeB"),
        ("皮江法", "Pidgeon process"),
        ("巴氏杀菌", "pasteurization"),
        ("益生菌", "probiotic"),
        ("电解水制氢", "water electrolysis"),
        ("质子交换膜", "PEM"),
        ("煤制烯烃", "coal-to-olefins"),
        ("滴灌", "drip irrigation"),
        ("水肥一体化", "fertigation"),
        ("粉煤灰", "fly ash"),
        ("煤矸石", "coal gangue"),
        ("羊绒", "cashmere"),
        ("荒漠化", "desertification"),
        ("蒙药", "Mongolian medicine"),
    ],
)
def test_the_repository_glossary_knows_the_regions_terms_both_ways(zh, en):
    glossary = default_glossary()
    assert en in glossary.translations(zh)
    assert zh in glossary.translations(en)


def test_chinese_term_gives_its_english_alternatives_preferred_first():
    assert SMALL.translations("稀土") == ("rare earth", "rare-earth", "REE")
    assert SMALL.translations(" 稀土 ") == ("rare earth", "rare-earth", "REE")


@pytest.mark.parametrize("term", ["rare earth", "Rare Earths", "RARE-EARTH", "rare_earth", "ree", "ＲＥＥ"])
def test_english_term_is_case_hyphen_width_and_plural_insensitive(term):
    assert SMALL.translations(term) == ("稀土",)


def test_one_english_term_may_name_several_chinese_terms():
    assert SMALL.translations("cheeses") == ("奶酪", "干酪")


def test_plural_folding():
    assert english_key("Batteries") == english_key("battery") == "battery"
    assert english_key("processes") == english_key("process") == "process"
    assert english_key("gases") == english_key("gas")
    assert english_key("Nd-Fe-B") == "nd fe b"


@pytest.mark.parametrize("term", ["", "   ", "稀", "rare", "earth rare", "!!!", "😀"])
def test_unknown_terms_have_no_translations(term):
    assert SMALL.translations(term) == ()


def test_terms_in_prefers_the_longest_term_and_never_overlaps():
    assert SMALL.terms_in("稀土永磁电机") == ["稀土永磁"]
    assert SMALL.terms_in("Rare earth permanent magnets for motors") == ["rare earth permanent magnet"]
    assert SMALL.terms_in("rare earth and 电池") == ["rare earth", "电池"]


def test_terms_in_finds_mixed_text_in_order_once_each():
    text = "需要NdFeB回收，also drip-irrigation 滴灌 of batteries；稀土、稀土"
    assert SMALL.terms_in(text) == ["NdFeB", "drip irrigation", "滴灌", "battery", "稀土"]


def test_english_words_must_be_neighbours_to_form_a_phrase():
    assert SMALL.terms_in("drip, irrigation") == []
    assert SMALL.terms_in("ree-magnet") == ["REE"]


def test_matches_report_positions_in_the_folded_text():
    (match,) = SMALL.matches_in("xx RARE EARTHS")
    assert (match.start, match.end, match.term) == (3, 14, "rare earth")


def test_a_broken_data_row_is_reported_with_its_line():
    with pytest.raises(ValueError, match="line 2"):
        parse_glossary("稀土\trare earth\n只有中文\n")


@given(st.text())
def test_any_text_never_raises(text):
    glossary = default_glossary()
    for term in glossary.terms_in(text):
        assert glossary.translations(term)
    glossary.translations(text)


def test_a_long_text_is_handled():
    text = "稀土永磁 rare earth 滴灌 " * 2000
    assert "稀土永磁" in default_glossary().terms_in(text)


@pytest.mark.parametrize(
    ("one", "many"),
    [("cheese", "cheeses"), ("gas", "gases"), ("process", "processes"), ("battery", "batteries"),
     ("box", "boxes"), ("batch", "batches"), ("size", "sizes"), ("magnet", "magnets"), ("glass", "glasses")],
)
def test_singular_and_plural_fold_alike(one, many):
    assert english_key(one) == english_key(many)
