"""A match's reasons in words: each kind of reason, prices in 万 (Chinese) or in yuan (English), and
nothing said for what the engine did not find."""

from __future__ import annotations

import pytest
from flask import session

from marketplace.matching.reason_text import amount_text, reason_lines
from marketplace.matching.reasons import MatchReasons


@pytest.fixture
def chinese(app):
    with app.test_request_context("/"):
        yield


@pytest.fixture
def english(app):
    with app.test_request_context("/"):
        session["lang"] = "en"
        yield


def _texts(reasons: MatchReasons, kind: str = "") -> list[str]:
    return [line.text for line in reason_lines(reasons, kind)]


def test_amounts_read_in_wan_in_chinese_rounded_half_up(chinese):
    assert amount_text(12_000_000) == "¥12.00 万"
    assert amount_text(12_345) == "¥0.01 万"  # 123.45 yuan
    assert amount_text(15_000) == "¥0.02 万"  # 150 yuan: half up
    assert amount_text(0) == "¥0.00 万"


def test_amounts_read_in_yuan_in_english(english):
    assert amount_text(12_000_000) == "¥120,000.00"


def test_every_reason_in_chinese(chinese):
    lines = reason_lines(MatchReasons(terms=("稀土", "永磁"), industry_agrees=True,
                                      ipc_classes=("H01F", "C22C"), plan_fit="fits", price_fit="above",
                                      offer_total_fen=30_000_000, remaining_years=1, legal_ok=False),
                         "try_first")
    assert [line.text for line in lines] == [
        "匹配词：", "行业一致", "IPC 同类：H01F、C22C", "许可方式符合：先试用后付费",
        "价格：总价 ¥30.00 万，超出预算", "剩余保护期 1 年", "专利未处于有效状态"]
    assert lines[0].terms == ("稀土", "永磁")
    assert [line.tone for line in lines] == ["good", "good", "good", "good", "bad", "neutral", "bad"]


def test_plan_and_price_fits_of_each_kind(chinese):
    assert _texts(MatchReasons(plan_fit="other_kind"), "royalty") == ["许可方式为提成，不是您希望的方式"]
    assert _texts(MatchReasons(plan_fit="not_offered")) == ["尚未开放许可：可向高校咨询"]
    assert _texts(MatchReasons(plan_fit="any"), "flat") == []
    assert _texts(MatchReasons(price_fit="within", offer_total_fen=100)) == ["价格：总价 ¥0.00 万，在预算内"]
    below = MatchReasons(price_fit="below", offer_total_fen=1_000_000)
    assert _texts(below) == ["价格：总价 ¥1.00 万，低于预算"]
    assert _texts(MatchReasons(price_fit="unknown", offer_total_fen=1_000_000)) == ["价格：总价 ¥1.00 万"]
    assert _texts(MatchReasons(price_fit="unknown")) == []


def test_no_reasons_say_nothing_and_broken_json_reads_as_none(chinese):
    assert reason_lines(MatchReasons()) == []
    assert reason_lines(MatchReasons.from_json("not json")) == []


def test_english(english):
    assert _texts(MatchReasons(remaining_years=14, industry_agrees=True)) == [
        "Same industry", "Years of protection left: 14"]
