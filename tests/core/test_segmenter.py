"""The segmenter: technical terms stay whole, stop words go, English folded, never raises."""

from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace.core.segmenter import Segmenter, fold, is_meaningful, stem

SEGMENTER = Segmenter(["钕铁硼永磁", "羊绒分梳", "煤焦油加氢"])


def test_user_dictionary_keeps_technical_terms_whole():
    terms = SEGMENTER.terms("想找钕铁硼永磁和羊绒分梳方面的技术")
    assert "钕铁硼永磁" in terms
    assert "羊绒分梳" in terms


def test_without_the_dictionary_the_term_is_cut():
    plain = Segmenter()
    assert "羊绒分梳" not in plain.terms("羊绒分梳")
    plain.add_words(["羊绒分梳"])
    assert "羊绒分梳" in plain.terms("羊绒分梳")


def test_stop_words_and_single_characters_are_dropped():
    terms = SEGMENTER.terms("我们公司想找一种技术，有没有方法？希望需要")
    assert terms == []


def test_english_words_are_lower_cased_and_plurals_folded():
    assert SEGMENTER.terms("Looking for Rare Earth MAGNETS and batteries") == [
        "rare", "earth", "magnet", "battery"]


def test_mixed_text_gives_both_languages():
    terms = SEGMENTER.terms("需要lactose-free酸奶工艺")
    assert "酸奶" in terms
    assert "lactose-free" in terms


def test_full_width_letters_and_digits_are_folded():
    assert fold("ＰＶ组件１２３") == "pv组件123"
    assert "pv" in SEGMENTER.terms("ＰＶ组件")


def test_stem_leaves_short_and_special_words():
    assert stem("gas") == "gas"
    assert stem("process") == "process"
    assert stem("batteries") == "battery"
    assert stem("magnets") == "magnet"


def test_punctuation_emoji_and_huge_text_are_harmless():
    assert SEGMENTER.terms("！！！？？？……😀😀") == []
    assert not is_meaningful("？！😀")
    assert len(SEGMENTER.terms("稀土永磁材料" * 4000)) <= 200
    assert SEGMENTER.terms(None) == []  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_terms_never_raise(text):
    terms = SEGMENTER.terms(text)
    assert isinstance(terms, list)
    assert all(isinstance(t, str) and t for t in terms)
