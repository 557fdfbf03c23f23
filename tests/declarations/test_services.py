"""Declaration services: legal bars refuse publishing; versions; withdrawal keeps what was granted."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.core.declaration_rules import DeclarationStatus
from marketplace.core.money import Money
from marketplace.core.outside_licences import OutsideLicenceKind
from marketplace.core.pricing import (
    Duration,
    RoyaltyPeriod,
    TrialEnd,
    flat_plan,
    royalty_plan,
    try_first_plan,
)
from marketplace.declarations import services
from marketplace.declarations.models import Declaration
from marketplace.declarations.plan_storage import read_plan
from marketplace.extensions import db
from marketplace.outside_licences.services import NewOutsideLicence, record_outside_licence
from marketplace.service_errors import ServiceError
from tests.helpers import application_number

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
THREE_YEARS = Duration.years(3)
FLAT = flat_plan(Money("50000.00"), THREE_YEARS)


@pytest.fixture
def patent_and_staff(app, make_patent, make_university, make_user):
    university_id = make_university("内蒙古大学")
    patent_id = make_patent(university_id)
    email = make_user(Role.UNIVERSITY_STAFF, university_id=university_id)
    with app.app_context():
        staff_id = db.session.scalar(select(User.id).where(User.email == email))
    return patent_id, staff_id


def _draft(patent_id, staff_id, plan=FLAT):
    patent = db.session.get(Patent, patent_id)
    return services.save_draft(patent, db.session.get(User, staff_id), plan, "银行转账", "", TODAY)


def test_draft_then_publish(app, patent_and_staff):
    patent_id, staff_id = patent_and_staff
    with app.app_context():
        declaration = _draft(patent_id, staff_id)
        assert (declaration.version, declaration.status) == (1, DeclarationStatus.DRAFT)
        services.publish(declaration, TODAY, NOW)
        db.session.commit()
        published = services.current_declaration(patent_id)
        assert published.id == declaration.id
        assert published.published_on == TODAY
        assert read_plan(published) == FLAT
        assert published.fixed_total_fen == 5_000_000


def test_a_draft_changed_again_holds_the_new_plan_alone(app, patent_and_staff):
    patent_id, staff_id = patent_and_staff
    royalty = royalty_plan(Decimal("0.035"), RoyaltyPeriod.QUARTER, Duration.years(5), Money("10000.00"))
    with app.app_context():
        first = _draft(patent_id, staff_id)
        db.session.commit()
        again = _draft(patent_id, staff_id, royalty)
        db.session.commit()
        assert again.id == first.id and again.version == 1
        assert read_plan(db.session.get(Declaration, first.id)) == royalty


BARS = [
    ({"legal_status": "lapsed"}, None, "有效"),
    ({"expiry_date": date(2026, 11, 25)}, None, "届满"),
    (None, {"exclusive_until": date(2027, 6, 30)}, "独占"),
    (None, {"pledged": True}, "质押"),
    # the register tracks the patent from 2026-03-15: the fee of year 6 due that day is unpaid since
    ({"fees_tracked_from": date(2026, 3, 15)}, None, "年费"),
    (None, {"suspended": True}, "中止"),
    ({"patentees": "内蒙古大学；包头稀土研究院"}, None, "共有"),
    ({"patent_type": "utility_model"}, None, "评价报告"),
]


def _record_exclusive(patent, staff_id, last_day):
    """An exclusive licence in the register of outside licences, ending on `last_day`."""
    entry = NewOutsideLicence(OutsideLicenceKind.EXCLUSIVE, "包头某公司", date(2025, 1, 1), last_day)
    record_outside_licence(patent, db.session.get(User, staff_id), entry, TODAY)


@pytest.mark.parametrize(("patent_changes", "facts", "word"), BARS)
def test_every_legal_bar_refuses_publishing(app, patent_and_staff, patent_changes, facts, word):
    patent_id, staff_id = patent_and_staff
    with app.app_context():
        declaration = _draft(patent_id, staff_id)
        patent = db.session.get(Patent, patent_id)
        for name, value in (patent_changes or {}).items():
            setattr(patent, name, value)
        facts = dict(facts or {})
        if "exclusive_until" in facts:
            _record_exclusive(patent, staff_id, facts.pop("exclusive_until"))
        if facts:
            services.save_legal_facts(patent, **facts)
        db.session.commit()
        with pytest.raises(ServiceError) as refused:
            services.publish(declaration, TODAY, NOW)
        assert word in str(refused.value.message)
        db.session.rollback()
        assert db.session.get(Declaration, declaration.id).status == DeclarationStatus.DRAFT


def test_lifted_bars_allow_publishing(app, patent_and_staff):
    patent_id, staff_id = patent_and_staff
    with app.app_context():
        patent = db.session.get(Patent, patent_id)
        patent.patentees = "内蒙古大学；包头稀土研究院"
        services.save_legal_facts(patent, pledged=True, pledgee_consent=True, co_owner_consent=True)
        _record_exclusive(patent, staff_id, date(2026, 11, 25))  # its last day was yesterday
        declaration = _draft(patent_id, staff_id)
        services.publish(declaration, TODAY, NOW)
        assert declaration.status == DeclarationStatus.PUBLISHED


def test_a_term_past_expiry_is_refused(app, patent_and_staff):
    patent_id, staff_id = patent_and_staff
    with app.app_context():
        db.session.get(Patent, patent_id).expiry_date = date(2028, 1, 1)
        with pytest.raises(ServiceError) as refused:
            _draft(patent_id, staff_id)
        assert "2028-01-01" in str(refused.value.message)


@pytest.mark.parametrize(
    "plan",
    [
        royalty_plan(rate=__import__("decimal").Decimal("0.25"), period="year", term=THREE_YEARS),
    ],
)
def test_invalid_plans_are_refused(app, patent_and_staff, plan):
    patent_id, staff_id = patent_and_staff
    with app.app_context():
        with pytest.raises(ServiceError) as refused:
            _draft(patent_id, staff_id, plan)
        assert "20%" in str(refused.value.message)
        assert db.session.scalar(select(Declaration.id)) is None


def test_published_terms_never_change_a_new_version_replaces_them(app, patent_and_staff):
    patent_id, staff_id = patent_and_staff
    with app.app_context():
        first = _draft(patent_id, staff_id)
        services.publish(first, TODAY, NOW)
        with pytest.raises(ServiceError):
            services.discard_draft(first)
        second = _draft(patent_id, staff_id, flat_plan(Money("60000.00"), THREE_YEARS))
        assert second.version == 2 and second.id != first.id
        assert read_plan(first) == FLAT  # the published version is untouched by the new draft
        services.publish(second, TODAY, NOW)
        db.session.commit()
        assert first.status == DeclarationStatus.WITHDRAWN
        assert "2" in first.withdrawal_reason
        assert services.current_declaration(patent_id).id == second.id
        assert read_plan(first) == FLAT


def test_withdrawal_needs_a_reason_and_keeps_the_terms(app, patent_and_staff):
    patent_id, staff_id = patent_and_staff
    plan = try_first_plan(Duration.days(90), Money.zero(), TrialEnd.EXPIRE, FLAT)
    with app.app_context():
        declaration = _draft(patent_id, staff_id, plan)
        services.publish(declaration, TODAY, NOW)
        with pytest.raises(ServiceError):
            services.withdraw(declaration, "   ", TODAY, NOW)
        assert declaration.status == DeclarationStatus.PUBLISHED
        services.withdraw(declaration, "专利转让", date(2027, 3, 1), NOW)
        db.session.commit()
        withdrawn = db.session.get(Declaration, declaration.id)
        assert withdrawn.status == DeclarationStatus.WITHDRAWN
        assert withdrawn.withdrawn_on == date(2027, 3, 1)
        assert read_plan(withdrawn) == plan  # what licensees accepted stays readable
        assert services.current_declaration(patent_id) is None
        with pytest.raises(ServiceError):
            services.withdraw(withdrawn, "again", TODAY, NOW)
        with pytest.raises(ServiceError):
            services.publish(withdrawn, TODAY, NOW)


def test_only_one_published_declaration_per_patent_in_the_database(app, patent_and_staff):
    from sqlalchemy.exc import IntegrityError

    patent_id, staff_id = patent_and_staff
    with app.app_context():
        first = _draft(patent_id, staff_id)
        services.publish(first, TODAY, NOW)
        db.session.flush()
        clone = Declaration(patent_id=patent_id, university_id=first.university_id, version=9,
                            status=DeclarationStatus.PUBLISHED, plan_kind="flat", term_count=3,
                            term_unit="year", created_by_id=staff_id)
        db.session.add(clone)
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_second_patent_numbers_are_independent(app, patent_and_staff, make_patent):
    patent_id, staff_id = patent_and_staff
    other = make_patent(application_number=application_number(4242))
    with app.app_context():
        assert _draft(patent_id, staff_id).version == 1
        assert _draft(other, staff_id).version == 1


def test_publishing_and_withdrawing_update_the_catalogue_facets(app, patent_and_staff):
    from marketplace.catalogue.search import SearchQuery, search

    patent_id, staff_id = patent_and_staff
    plan = try_first_plan(Duration.days(90), Money.zero(), TrialEnd.EXPIRE, FLAT)

    def facets(**filters):
        result = search(SearchQuery(**filters))
        return result.page.total, {f: {v.value: v.count for v in result.facets[f]}
                                   for f in ("plan_kind", "trial", "price")}

    with app.app_context():
        assert facets() == (1, {"plan_kind": {}, "trial": {}, "price": {}})
        declaration = _draft(patent_id, staff_id, plan)
        services.publish(declaration, TODAY, NOW)
        db.session.commit()
        assert facets() == (1, {"plan_kind": {"try_first": 1}, "trial": {"1": 1}, "price": {3: 1}})
        assert facets(plan_kind="try_first", trial=True, price=3)[0] == 1
        assert facets(plan_kind="flat")[0] == 0
        assert facets(price=4)[0] == 0
        services.withdraw(declaration, "转让", TODAY, NOW)
        db.session.commit()
        assert facets() == (1, {"plan_kind": {}, "trial": {}, "price": {}})
