"""Reading a need's text: words versus punctuation or emoji, keywords, search words, LIKE patterns; and
the budget bands and budget rules."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.core.need_budget import WAN_FEN, BudgetBand, BudgetProblem, budget_band, budget_problem
from marketplace.core.need_input import (
    has_words,
    join_keywords,
    like_pattern,
    search_words,
    split_keywords,
    word_characters,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("想找降低镝用量的工艺", True),
    ("PEM electrolyser lifetime", True),
    ("稀土PEM", True),
    ("稀土", False),
    ("。。。！！！？？？", False),
    ("!!!???...---", False),
    ("🐑🐑🐑🐑🐑🐑", False),
    ("🐑 羊绒 🐑", False),
    ("🐑 羊绒落毛 🐑", True),
    ("", False),
    ("    \n\t ", False),
])
def test_words_are_letters_digits_or_chinese_characters(text, expected):
    assert has_words(text) is expected


def test_word_characters_count_only_letters_digits_and_cjk():
    assert word_characters("a1中，。!🐑") == 3


def test_keywords_split_on_chinese_and_ascii_separators_and_spaces():
    assert split_keywords("稀土，永磁; PEM  电解槽；稀土、MES,") == ["稀土", "永磁", "PEM", "电解槽", "MES"]
    assert split_keywords("") == []
    assert join_keywords(["稀土", "永磁"]) == "稀土；永磁"


def test_search_words_split_on_spaces_and_punctuation_at_most_eight():
    assert search_words("  稀土  永磁，PEM。") == ["稀土", "永磁", "PEM"]
    assert len(search_words(" ".join(f"w{i}" for i in range(20)))) == 8
    assert search_words("，。!") == []


@given(st.text(max_size=200))
def test_splitting_never_raises_and_gives_no_empty_words(text):
    assert all(split_keywords(text)) and all(search_words(text))
    assert word_characters(text) <= len(text)


@pytest.mark.parametrize(("word", "pattern"), [
    ("稀土", "%稀土%"),
    ("100%", "%100\\%%"),
    ("a_b", "%a\\_b%"),
    ("C:\\x", "%C:\\\\x%"),
])
def test_like_patterns_take_wildcards_literally(word, pattern):
    assert like_pattern(word) == pattern


@given(st.text(max_size=50))
def test_a_like_pattern_matches_exactly_the_texts_that_contain_the_word(word):
    inner = like_pattern(word)[1:-1]
    # Undo the escaping as LIKE would read it: the escaped text is the word itself.
    assert re.sub(r"\\(.)", r"\1", inner) == word


@pytest.mark.parametrize(("low", "high", "band"), [
    (None, None, BudgetBand.NOT_STATED),
    (None, 10 * WAN_FEN, BudgetBand.UP_TO_10_WAN),
    (5 * WAN_FEN, None, BudgetBand.UP_TO_10_WAN),
    (5 * WAN_FEN, 10 * WAN_FEN + 1, BudgetBand.UP_TO_50_WAN),
    (20 * WAN_FEN, 80 * WAN_FEN, BudgetBand.UP_TO_100_WAN),
    (None, 100 * WAN_FEN, BudgetBand.UP_TO_100_WAN),
    (50 * WAN_FEN, 200 * WAN_FEN, BudgetBand.ABOVE_100_WAN),
])
def test_a_budget_is_banded_by_its_maximum_or_else_its_minimum(low, high, band):
    assert budget_band(low, high) == band


def test_budget_rules():
    assert budget_problem(None, None) is None
    assert budget_problem(100, 100) is None
    assert budget_problem(101, 100) == BudgetProblem.MIN_ABOVE_MAX
    assert budget_problem(-1, None) == BudgetProblem.NEGATIVE
    assert budget_problem(None, -1) == BudgetProblem.NEGATIVE
