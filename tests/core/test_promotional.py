"""Promotional wording: the refused words a text uses, contract terms that contain one allowed."""

import pytest

from marketplace.core.promotional import default_words, parse, promotional_words


@pytest.mark.parametrize(("text", "found"), [
    ("本专利技术国际领先，填补空白", ["国际领先", "填补空白"]),  # in the order they appear
    ("最佳方案，第一品牌", ["最", "第一"]),
    ("成功率１００％", ["100%"]),  # full-width forms match
    ("NO.1 supplier", ["no.1"]),
    ("银行转账至高校账户，签约后三十日内付清", []),
    ("年度最低提成五万元，最迟于次年一月底前支付；第一期于签约时支付，第一年免收提成", []),
    ("最低提成之外，技术最先进", ["最"]),  # an allowed compound hides only itself
    ("限时特惠，全网最低价", ["最低价"]),  # a refused word holding an allowed compound is still found
    ("", []),
])
def test_found_words(text, found):
    assert promotional_words(text) == found


def test_a_word_inside_a_longer_one_found_is_not_listed_again():
    words = parse(["领先", "国际领先", "allow: 领先地位"])
    assert promotional_words("国际领先水平", words) == ["国际领先"]
    assert promotional_words("保持领先地位", words) == []
    assert promotional_words("领先", words) == ["领先"]


def test_the_list_is_data_with_its_source():
    words = default_words()
    for word in ("最", "第一", "国际领先", "填补空白", "100%"):
        assert word in words.refused
    assert "最低" in words.allowed and "第一期" in words.allowed
