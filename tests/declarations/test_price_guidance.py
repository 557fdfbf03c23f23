"""Price guidance on the declaration page: the fees and royalty rates of comparable published offers
(same patent type, same IPC subclass, else same industry), median and range with how many offers."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, RoyaltyPeriod, flat_plan, royalty_plan
from marketplace.declarations import services
from marketplace.declarations.guidance import price_guidance
from marketplace.extensions import db
from tests.helpers import application_number, page_text

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


@pytest.fixture
def offer(app, make_patent, make_university, make_user):
    """offer(plan, **patent fields) → a patent of a fresh university offered on the plan, published."""

    def make(plan, **fields) -> int:
        university_id = make_university()
        patent_id = make_patent(university_id, **fields)
        staff = make_user(Role.UNIVERSITY_STAFF, university_id=university_id)
        with app.app_context():
            user = db.session.scalar(select(User).where(User.email == staff))
            draft = services.save_draft(db.session.get(Patent, patent_id), user, plan, "银行转账", "", TODAY)
            services.publish(draft, TODAY, NOW)
            db.session.commit()
        return patent_id

    return make


def flat(yuan: str):
    return flat_plan(Money(yuan), Duration.years(3))


def royalty(entry: str, rate: str):
    return royalty_plan(Decimal(rate), RoyaltyPeriod.QUARTER, Duration.years(3), entry_fee=Money(entry))


def guidance(app, patent_id):
    with app.app_context():
        return price_guidance(db.session.get(Patent, patent_id))


def test_offers_in_the_same_subclass_give_median_and_range(app, offer, make_patent):
    for plan in (flat("10000.00"), flat("50000.00"), flat("200000.00"), royalty("0", "0.035")):
        offer(plan)  # the fixture's patents: invention, C22C 38/00, 稀土及新材料
    offer(flat("999999.00"), ipc_codes="H01M 8/10")  # another subclass and industry: not compared
    offer(flat("1.00"), industry="乳业及食品")  # same subclass, other industry: compared by subclass
    mine = make_patent()
    found = guidance(app, mine)
    assert (found.basis, found.subclass, found.offers) == ("ipc", "C22C", 5)
    assert (found.fees.median, found.fees.low, found.fees.high, found.fees.count) == (
        3_000_000, 100, 20_000_000, 4)
    assert (found.rates.median, found.rates.count) == (35_000, 1)


def test_too_few_in_the_subclass_falls_back_to_the_industry(app, offer, make_patent):
    offer(flat("10000.00"), ipc_codes="C22B 3/00")
    offer(flat("30000.00"), ipc_codes="C22B 3/00")
    offer(royalty("5000.00", "0.05"), ipc_codes="C01F 17/00")
    mine = make_patent()
    found = guidance(app, mine)
    assert (found.basis, found.offers) == ("industry", 3)
    assert (found.fees.median, found.rates.median) == (1_000_000, 50_000)


def test_no_guidance_from_fewer_than_three_offers_of_the_same_type(app, offer, make_patent):
    offer(flat("10000.00"))
    offer(flat("30000.00"))
    assert guidance(app, make_patent()) is None
    offer(flat("20000.00"))
    assert guidance(app, make_patent()).offers == 3
    utility_model = make_patent(application_number=application_number(900, type_digit=2))
    assert guidance(app, utility_model) is None  # the three are inventions


def test_the_declaration_page_shows_the_guidance(app, client, offer, make_patent, login_as, make_university):
    for plan in (flat("10000.00"), flat("50000.00"), royalty("0", "0.035")):
        offer(plan)
    university_id = make_university("内蒙古大学")
    mine = make_patent(university_id)
    login_as(Role.UNIVERSITY_STAFF, university_id=university_id)
    text = page_text(client.get(f"/ip/patents/{mine}/declaration"))
    assert "价格参考" in text and "IPC 小类 C22C 专利的 3 项" in text
    assert "固定许可费：中位数 ¥30,000.00，范围 ¥10,000.00 至 ¥50,000.00（2 项报价）" in text
    assert "提成比例：中位数 3.5%，范围 3.5% 至 3.5%（1 项报价）" in text


def test_the_page_says_when_there_is_no_guidance(app, client, make_patent, login_as, make_university):
    university_id = make_university("内蒙古大学")
    mine = make_patent(university_id)
    login_as(Role.UNIVERSITY_STAFF, university_id=university_id)
    assert "暂无价格参考" in page_text(client.get(f"/ip/patents/{mine}/declaration"))
