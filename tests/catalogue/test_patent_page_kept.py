"""The patent page a visitor who is not logged in gets is kept per application (marketplace/fragments.py)
under everything it shows: the patent's row, its university's name, its attachments, the terms in force or
the last withdrawal, the locale and the day. Anyone else, a calculator question or a waiting message
gets the page rendered afresh."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan, free_plan
from marketplace.declarations import services as declarations
from marketplace.declarations.models import Declaration, DeclarationStatus
from marketplace.extensions import db
from marketplace.organisations.models import University
from tests.helpers import login, page_text
from tests.main.statement_count import counted

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
FLAT = flat_plan(Money("60000.00"), Duration.years(3))


@pytest.fixture
def patent(app, make_patent, make_university, make_user):
    """A patent with its university's IP-centre staff; `publish(plan)` offers it."""
    app.config["FROZEN_TODAY"] = TODAY.isoformat()
    university_id = make_university()
    patent_id = make_patent(university_id, title="一种沙棘果酒的酿造方法")
    staff = make_user(Role.UNIVERSITY_STAFF, university_id=university_id)

    def publish(plan) -> None:
        with app.app_context():
            user = db.session.scalar(select(User).where(User.email == staff))
            draft = declarations.save_draft(db.session.get(Patent, patent_id), user, plan, "银行转账", "",
                                            TODAY)
            declarations.publish(draft, TODAY, NOW)
            db.session.commit()

    yield patent_id, publish
    app.config.pop("FROZEN_TODAY")


def test_a_visitor_asking_again_gets_the_kept_page_without_its_terms_read_again(client, patent):
    patent_id, publish = patent
    publish(FLAT)
    first = client.get(f"/patents/{patent_id}").get_data(as_text=True)
    with counted(client.application) as statements:
        again = client.get(f"/patents/{patent_id}").get_data(as_text=True)
    assert again == first and "¥60,000.00" in first
    assert statements and not any("plan_phase" in statement for statement in statements), statements


def test_the_kept_page_follows_the_patent_its_offer_and_its_university(app, client, patent):
    patent_id, publish = patent
    url = f"/patents/{patent_id}"
    assert "免费" not in page_text(client.get(url))
    publish(FLAT)
    assert "¥60,000.00" in page_text(client.get(url))
    # a new version whose kind and price are the patent's already: the patent's row does not move
    publish(flat_plan(Money("60000.00"), Duration.years(5)))
    assert '许可期限</dt><dd class="col-sm-9">5 年</dd>' in page_text(client.get(url))
    publish(free_plan(Duration.years(3)))
    assert "免费" in page_text(client.get(url))
    with app.app_context():
        db.session.get(Patent, patent_id).trl = 8
        db.session.commit()
    assert "8 / 9" in page_text(client.get(url))
    with app.app_context():
        university = db.session.get(University, db.session.get(Patent, patent_id).university_id)
        university.name = "鄂尔多斯应用技术学院"
        db.session.commit()
    assert "鄂尔多斯应用技术学院" in page_text(client.get(url))
    with app.app_context():
        declaration = db.session.scalar(select(Declaration).where(
            Declaration.patent_id == patent_id, Declaration.status == DeclarationStatus.PUBLISHED))
        declarations.withdraw(declaration, "专利权人调整许可策略", TODAY, NOW)
        db.session.commit()
    page = page_text(client.get(url))
    assert "专利权人调整许可策略" in page and "免费" not in page


def test_the_kept_page_is_per_locale(client, patent):
    patent_id, publish = patent
    publish(FLAT)
    assert "开放许可条款" in page_text(client.get(f"/patents/{patent_id}"))
    client.get("/language/en")
    english = page_text(client.get(f"/patents/{patent_id}"))
    assert "Open-licence terms" in english and "开放许可条款" not in english


def test_only_a_plain_visit_gets_the_kept_page(client, patent, make_user):
    patent_id, publish = patent
    publish(FLAT)
    url = f"/patents/{patent_id}"
    visitor = page_text(client.get(url))
    assert f"/login?next=/patents/{patent_id}/licence" in visitor.replace("%2F", "/")
    # a calculator question is answered
    answered = page_text(client.get(url, query_string={"licence_start": "2026-12-01", "calculate": "1"}))
    assert "2026-12-01" in answered and answered != visitor
    # a waiting message is shown
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "消息一则：请先阅读许可条件")]
    assert "消息一则：请先阅读许可条件" in page_text(client.get(url))
    # an enterprise gets its own page: the licence to take, not the log-in
    login(client, make_user(Role.ENTERPRISE_USER))
    enterprise = page_text(client.get(url))
    assert f'href="/patents/{patent_id}/licence"' in enterprise and "/login?next=" not in enterprise
