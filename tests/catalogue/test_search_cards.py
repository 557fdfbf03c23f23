"""Search result cards show the offer of each patent — whether there is one, its plan kind in words, the
trial and the price or first amount — with every card's offer loaded in one look-up for the page."""

from __future__ import annotations

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
from marketplace.declarations import services as declarations
from marketplace.extensions import db
from tests.helpers import page_text
from tests.main.statement_count import counted

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
THREE_YEARS = Duration.years(3)
STAGES = [(Duration.years(1), Money("10000.00")), (None, Money("20000.00"))]
ROYALTY_YEARLY = royalty_plan(Decimal("0.035"), RoyaltyPeriod.YEAR, THREE_YEARS)
TRIAL_THEN_ONE_YUAN = try_first_plan(Duration.days(30), Money.zero(), TrialEnd.EXPIRE,
                                     flat_plan(Money("1.00"), THREE_YEARS))


@pytest.fixture
def offer(app, make_patent, make_university, make_user):
    """offer(plan or None, **patent fields) → the id of a patent published on `plan` (none: not offered)."""
    app.config["FROZEN_TODAY"] = TODAY.isoformat()

    def make(plan=None, **fields) -> int:
        university_id = make_university()
        patent_id = make_patent(university_id, **fields)
        if plan is None:
            return patent_id
        staff = make_user(Role.UNIVERSITY_STAFF, university_id=university_id)
        with app.app_context():
            user = db.session.scalar(select(User).where(User.email == staff))
            patent = db.session.get(Patent, patent_id)
            draft = declarations.save_draft(patent, user, plan, "银行转账", "", TODAY)
            declarations.publish(draft, TODAY, NOW)
            db.session.commit()
        return patent_id

    yield make
    app.config.pop("FROZEN_TODAY")


def _card(client, title: str) -> str:
    """The text of the search result card of the patent titled `title`."""
    page = page_text(client.get("/patents", query_string={"q": title}))
    start = page.index(title)
    return page[start:page.index("</article>", start)]


CASES = [
    ("一种沙棘果酒的酿造方法", flat_plan(Money("60000.00"), THREE_YEARS),
     ["开放许可", "一次性许可费", "一次性支付 ¥60,000.00"]),
    ("一种荞麦挂面的加工工艺", staged_plan(STAGES, THREE_YEARS),
     ["开放许可", "分阶段付费", "首期 ¥10,000.00，共 ¥30,000.00"]),
    ("一种燕麦饮料的制备方法", try_first_plan(Duration.days(90), Money.zero(), TrialEnd.EXPIRE,
                                            flat_plan(Money("50000.00"), THREE_YEARS)),
     ["开放许可", "先试用后付费", "可先试用 90 天", "试用后：一次性支付 ¥50,000.00"]),
    ("一种马铃薯淀粉的提取方法", try_first_plan(Duration.months(6), Money.zero(), TrialEnd.CONVERT,
                                              ROYALTY_YEARLY),
     ["开放许可", "先试用后付费", "可先试用 6 个月", "试用后：无入门费，提成为净销售额的 3.5%"]),
    ("一种羊绒纤维的染色方法", royalty_plan(Decimal("0.05"), RoyaltyPeriod.QUARTER, THREE_YEARS,
                                          entry_fee=Money("8000.00")),
     ["开放许可", "提成", "入门费 ¥8,000.00，另按净销售额的 5% 提成"]),
    ("一种牧草种子的包衣方法", free_plan(THREE_YEARS), ["开放许可", "免费"]),
    ("一种奶酪的发酵工艺", None, ["暂未开放许可"]),
]


def test_each_card_shows_its_offer_in_words(client, offer):
    for title, plan, _ in CASES:
        offer(plan, title=title)
    for title, plan, expected in CASES:
        card = _card(client, title)
        for words in expected:
            assert words in card, (title, words, card)
        if plan is None:
            assert "¥" not in card and ">开放许可</span>" not in card
        if plan is not None and plan.kind.value != "try_first":
            assert "可先试用" not in card


def _statements(client, url: str) -> int:
    client.get(url)  # warm: the first request of a client loads what later ones find cached
    with counted(client.application) as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_statements_do_not_grow_with_the_cards_on_the_page(client, offer):
    plans = [flat_plan(Money("60000.00"), THREE_YEARS), free_plan(THREE_YEARS), TRIAL_THEN_ONE_YUAN]
    for n in range(2):  # each patent from its own university
        offer(plans[n % 3], title=f"一种沙棘果酒的酿造方法{n}")
    for n in range(12):
        offer(plans[n % 3] if n % 4 else None, title=f"一种荞麦挂面的加工工艺{n}")
    for url in ("/patents?q=沙棘", "/patents?q=荞麦", "/patents?q=荞麦&sort=newest"):
        assert page_text(client.get(url)).count("<article") in (2, 12)
    few = _statements(client, "/patents?q=沙棘")
    many = _statements(client, "/patents?q=荞麦")
    assert few == many and few > 3
    newest = "/patents?q={}&sort=newest"
    assert _statements(client, newest.format("沙棘")) == _statements(client, newest.format("荞麦"))


# --- the cards and the sidebar are rendered once per key (marketplace/fragments.py) ---------------------


def _results(client, url: str) -> str:
    body = client.get(url).get_data(as_text=True)
    return body[body.index('<aside'):body.index('</section>', body.index('id="results-heading"'))]


def test_a_search_asked_again_renders_the_same_cards_without_reading_the_offers_again(client, offer):
    for n in range(3):
        offer(flat_plan(Money("60000.00"), THREE_YEARS), title=f"一种沙棘果酒的酿造方法{n}")
    url = "/patents?q=沙棘"
    first = _results(client, url)
    with counted(client.application) as statements:
        again = _results(client, url)
    assert again == first and first.count("<article") == 3
    # The phases of the terms in force are not loaded again: one light look-up names the terms.
    assert statements and not any("plan_phase" in statement for statement in statements), statements


def test_a_card_follows_its_patent_and_its_offer(app, client, offer, make_user):
    patent_id = offer(None, title="一种沙棘果酒的酿造方法")
    assert "暂未开放许可" in _card(client, "一种沙棘果酒的酿造方法")
    with app.app_context():
        patent = db.session.get(Patent, patent_id)
        university_id = patent.university_id
    staff = make_user(Role.UNIVERSITY_STAFF, university_id=university_id)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == staff))
        patent = db.session.get(Patent, patent_id)
        draft = declarations.save_draft(patent, user, free_plan(THREE_YEARS), "银行转账", "", TODAY)
        declarations.publish(draft, TODAY, NOW)
        db.session.commit()
    card = _card(client, "一种沙棘果酒的酿造方法")
    assert "免费" in card and "暂未开放许可" not in card
    assert "TRL 8" not in card
    with app.app_context():  # a write to the patent moves its updated_at
        db.session.get(Patent, patent_id).trl = 8
        db.session.commit()
    assert "TRL 8" in _card(client, "一种沙棘果酒的酿造方法")


def test_the_remembered_cards_and_sidebar_are_per_locale(client, offer):
    offer(flat_plan(Money("60000.00"), THREE_YEARS), title="一种沙棘果酒的酿造方法")
    chinese = _results(client, "/patents?q=沙棘")
    assert "一次性许可费" in chinese and "专利类型" in chinese
    client.get("/language/en")
    english = _results(client, "/patents?q=沙棘")
    assert "一次性许可费" not in english and "专利类型" not in english
    assert "Patent type" in english
