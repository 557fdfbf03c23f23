"""The patent page shows the published open-licence terms in words, and a cost calculator (GET form)."""

import html
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.core.money import Money
from marketplace.core.pricing import (
    Duration,
    RoyaltyPeriod,
    TrialEnd,
    flat_plan,
    free_plan,
    royalty_plan,
    staged_plan,
    try_first_plan,
)
from marketplace.declarations import services
from marketplace.extensions import db
from tests.helpers import page_text

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
THREE_YEARS = Duration.years(3)
FLAT = flat_plan(Money("50000.00"), THREE_YEARS)
EXPIRY = "2041-03-14"  # the default test patent: an invention filed 2021-03-15


@pytest.fixture
def patent(app, make_patent, make_university, make_user):
    """A patent of 内蒙古大学 and a function that publishes a plan for it; today is 2026-11-26."""
    university_id = make_university("内蒙古大学")
    patent_id = make_patent(university_id)
    email = make_user(Role.UNIVERSITY_STAFF, university_id=university_id)
    with app.app_context():
        staff_id = db.session.scalar(select(User.id).where(User.email == email))
    app.config["FROZEN_TODAY"] = "2026-11-26"

    def publish(plan, payment_method="银行转账至高校账户", other_terms=""):
        with app.app_context():
            staff = db.session.get(User, staff_id)
            declaration = services.save_draft(db.session.get(Patent, patent_id), staff, plan,
                                              payment_method, other_terms, TODAY)
            services.publish(declaration, TODAY, NOW)
            db.session.commit()
            return declaration.id

    yield patent_id, publish
    app.config.pop("FROZEN_TODAY", None)


def _text(response) -> str:
    """The page's visible text (tags dropped), white space folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", page_text(response))).split())


def _page(client, patent_id, **args):
    response = client.get(f"/patents/{patent_id}", query_string=args)
    assert response.status_code == 200
    return _text(response)


def test_a_published_flat_plan_is_shown_in_words(client, patent):
    patent_id, publish = patent
    publish(FLAT, other_terms="许可范围：中国大陆")
    text = _page(client, patent_id)
    assert "开放许可条款" in text
    assert "一次性" in text and "¥50,000.00" in text
    assert "许可生效时支付" in text
    assert "一视同仁" in text
    assert "2026-11-26" in text  # published on
    assert "3 年" in text and "银行转账至高校账户" in text and "许可范围：中国大陆" in text
    assert "许可开始日期" in text and "预计年净销售额" not in text  # no royalty, no sales field
    assert "csrf_token" not in client.get(f"/patents/{patent_id}").get_data(as_text=True)


def test_the_calculator_defaults_to_today_and_lists_the_charges(client, patent):
    patent_id, publish = patent
    publish(FLAT)
    text = _page(client, patent_id, calculate="1")
    assert "2026-11-26 至 2029-11-25" in text
    assert "一次性许可费" in text and "¥50,000.00" in text
    assert "许可期限不得超过专利有效期，本许可将于" not in text


def test_try_first_the_first_charge_is_due_the_day_after_the_trial(client, patent):
    patent_id, publish = patent
    publish(try_first_plan(Duration.days(90), Money.zero(), TrialEnd.CONVERT, FLAT))
    text = _page(client, patent_id)
    assert "试用期 90 天" in text and "试用费 ¥0.00" in text
    assert "自动转为付费许可" in text
    text = _page(client, patent_id, licence_start="2027-01-01")
    assert "试用期：2027-01-01 至 2027-03-31" in text
    assert "首笔付费于 2027-04-01 到期" in text
    assert "2027-04-01 一次性许可费 ¥50,000.00" in text


def test_try_first_that_expires_says_nothing_is_owed(client, patent):
    patent_id, publish = patent
    publish(try_first_plan(Duration.months(3), Money.zero(), TrialEnd.EXPIRE,
                           staged_plan([(Duration.months(12), Money("10000.00")), (None, Money("20000.00"))],
                                       THREE_YEARS)))
    text = _page(client, patent_id, licence_start="2027-01-01")
    assert "许可终止，无需付费" in text
    assert "可在阶段结束时停止，不再支付后续费用" in text
    assert "2027-04-01 第 1 阶段费用 ¥10,000.00" in text
    assert "2028-04-01 第 2 阶段费用 ¥20,000.00" in text


def test_royalty_estimates_and_their_total(client, patent):
    patent_id, publish = patent
    publish(royalty_plan(Decimal("0.035"), RoyaltyPeriod.QUARTER, THREE_YEARS, entry_fee=Money("10000.00")))
    text = _page(client, patent_id)
    assert "入门费 ¥10,000.00" in text and "3.5%" in text and "按季度" in text
    assert "预计年净销售额" in text

    text = _page(client, patent_id, licence_start="2027-01-01")  # no sales: fixed charges only
    assert "2027-01-01 入门费 ¥10,000.00" in text
    assert "12 个报告期" in text

    text = _page(client, patent_id, licence_start="2027-01-01", annual_sales="123,456.78")
    # 123,456.78 a year: quarters of 30,864.20, 30,864.20, 30,864.19, 30,864.19; 3.5% of each is 1,080.25.
    assert "2027-04-30 预计提成（2027-01-01 – 2027-03-31） 估算 ¥1,080.25" in text
    assert "2030-01-30 预计提成（2029-10-01 – 2029-12-31） 估算 ¥1,080.25" in text
    assert text.count("¥1,080.25") == 12
    assert "预计提成合计 ¥12,963.00" in text
    assert "预计许可期限内总费用 ¥22,963.00" in text


def test_royalty_annual_minimum_true_up(client, patent):
    patent_id, publish = patent
    publish(royalty_plan(Decimal("0.05"), RoyaltyPeriod.YEAR, THREE_YEARS,
                         annual_minimum=Money("8000.00")))
    text = _page(client, patent_id)
    assert "无入门费" in text and "年度最低提成 ¥8,000.00" in text
    text = _page(client, patent_id, licence_start="2027-01-01", annual_sales="100000")
    assert "2028-01-30 预计提成（2027-01-01 – 2027-12-31） 估算 ¥5,000.00" in text
    assert "年度最低提成补足（2027-01-01 – 2027-12-31） 估算 ¥3,000.00" in text
    assert "预计许可期限内总费用 ¥24,000.00" in text


def test_a_licence_started_late_is_cut_at_the_patents_expiry(client, patent):
    patent_id, publish = patent
    publish(staged_plan([(Duration.months(12), Money("10000.00")), (Duration.months(12), Money("20000.00")),
                         (None, Money("30000.00"))], THREE_YEARS))
    text = _page(client, patent_id, licence_start="2040-03-15")
    assert f"许可期限不得超过专利有效期，本许可将于 {EXPIRY} 终止" in text
    assert f"2040-03-15 至 {EXPIRY}" in text
    assert "2040-03-15 第 1 阶段费用 ¥10,000.00" in text
    assert "2041-03-15" not in text and "2042-03-15" not in text  # later stages fall after the expiry
    assert "¥20,000.00" not in text.split("计算")[-1] and "许可期限内总费用 ¥10,000.00" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"licence_start": "abc"}, "请输入日期"),
        ({"licence_start": "2041-03-15"}, f"专利权于 {EXPIRY} 届满"),
        ({"licence_start": "2027-01-01", "annual_sales": "-5"}, "不能为负"),
        ({"licence_start": "2027-01-01", "annual_sales": "1e9"}, "请输入以元为单位的金额"),
        ({"licence_start": "2027-01-01", "annual_sales": "12.345"}, "两位小数"),
        ({"licence_start": "2027-01-01", "annual_sales": "abc"}, "请输入以元为单位的金额"),
        ({"licence_start": "2027-01-01", "annual_sales": "1" * 40}, "30"),
    ],
)
def test_bad_inputs_give_a_message_beside_the_field(client, patent, args, message):
    patent_id, publish = patent
    publish(royalty_plan(Decimal("0.035"), RoyaltyPeriod.QUARTER, THREE_YEARS))
    response = client.get(f"/patents/{patent_id}", query_string=args)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "invalid-feedback" in body
    text = _text(response)
    assert message in text
    assert "许可期间：" not in text  # no result shown


def test_no_declaration_says_not_yet_offered(client, patent):
    patent_id, _ = patent
    text = _page(client, patent_id, licence_start="2027-01-01")
    assert "尚未开放许可" in text
    assert "费用计算器" not in text


def test_a_withdrawn_declaration_says_when_and_why(app, client, patent):
    patent_id, publish = patent
    declaration_id = publish(free_plan(THREE_YEARS))
    assert "免费" in _page(client, patent_id)
    with app.app_context():
        from marketplace.declarations.models import Declaration

        services.withdraw(db.session.get(Declaration, declaration_id), "专利权转让", date(2027, 3, 1), NOW)
        db.session.commit()
    text = _page(client, patent_id)
    assert "已撤回" in text and "2027-03-01" in text and "专利权转让" in text
    assert "费用计算器" not in text


def test_the_page_names_the_latest_withdrawal_and_none_once_offered_again(app, client, patent):
    from marketplace.declarations.models import Declaration

    patent_id, publish = patent
    for reason, day in (("专利权转让", date(2027, 3, 1)), ("许可条件调整", date(2027, 6, 1))):
        declaration_id = publish(free_plan(THREE_YEARS))
        with app.app_context():
            services.withdraw(db.session.get(Declaration, declaration_id), reason, day, NOW)
            db.session.commit()
    text = _page(client, patent_id)
    assert "许可条件调整" in text and "2027-06-01" in text and "专利权转让" not in text
    publish(FLAT)
    text = _page(client, patent_id)
    assert "¥50,000.00" in text and "已撤回" not in text


def test_english_pages_use_the_same_amounts(client, patent):
    patent_id, publish = patent
    publish(FLAT)
    client.get("/language/en")
    text = _page(client, patent_id, licence_start="2027-01-01")
    assert "¥50,000.00" in text


def test_entry_fee_then_staged_payments_plus_royalty(client, patent):
    from marketplace.core.pricing import staged_royalty_plan

    patent_id, publish = patent
    publish(staged_royalty_plan(Decimal("0.02"), RoyaltyPeriod.YEAR,
                                [(Duration.months(12), Money("5000.00")), (None, Money("20000.00"))],
                                THREE_YEARS))
    text = _page(client, patent_id)
    assert "第一阶段费用即入门费" in text and "2%" in text and "按年度" in text
    text = _page(client, patent_id, licence_start="2027-01-01", annual_sales="100万")
    assert "2027-01-01 入门费 ¥5,000.00" in text
    assert "2028-01-01 第 2 阶段费用 ¥20,000.00" in text
    assert "2028-01-30 预计提成（2027-01-01 – 2027-12-31） 估算 ¥20,000.00" in text
    assert "2030-01-30 预计提成（2029-01-01 – 2029-12-31） 估算 ¥20,000.00" in text
    assert "固定费用合计 ¥25,000.00" in text and "预计提成合计 ¥60,000.00" in text
    assert "预计许可期限内总费用 ¥85,000.00" in text
