"""Event terms through the services: every refusal, the terms in force on a day, withdrawal of the base
or of the event version, and the scenario base → event window → base again with licences keeping the
version they accepted."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import Role
from marketplace.core.declaration_rules import DeclarationStatus
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.core.zone_state import ZoneStatus
from marketplace.declarations import services as declarations
from marketplace.declarations.event_terms import publish_event_terms, withdraw_event_terms
from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from marketplace.licensing.services import take_licence
from marketplace.service_errors import ServiceError
from tests.zones import event_terms_world
from tests.zones.event_terms_world import CLOSES, OPENS, patent, terms, user

terms_world = event_terms_world.terms_world

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


def _publish(world, **kwargs):
    return publish_event_terms(patent(world.patent_id), user(world.staff), terms(world.zone_id, **kwargs),
                               TODAY, NOW)


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Declaration))


def test_event_terms_are_a_new_version_in_force_only_in_their_window(app, terms_world):
    world = terms_world()
    with app.app_context():
        base = declarations.current_declaration(world.patent_id)
        event = _publish(world, start=date(2026, 12, 5), end=date(2026, 12, 20))
        assert (event.status, event.version) == (DeclarationStatus.EVENT, base.version + 1)
        assert event.event_zone_id == world.zone_id
        assert declarations.current_declaration(world.patent_id).id == base.id  # still the one published base
        assert declarations.terms_in_force(world.patent_id, date(2026, 12, 4)).id == base.id
        assert declarations.terms_in_force(world.patent_id, date(2026, 12, 5)).id == event.id
        assert declarations.terms_in_force(world.patent_id, date(2026, 12, 20)).id == event.id
        assert declarations.terms_in_force(world.patent_id, date(2026, 12, 21)).id == base.id
        in_force = declarations.terms_in_force_for([world.patent_id], date(2026, 12, 10))
        assert in_force == {world.patent_id: event}


@pytest.mark.parametrize(("start", "end", "field"), [
    (date(2026, 11, 30), CLOSES, "valid_from"),  # before the zone opens
    (OPENS, date(2027, 1, 1), "valid_from"),  # after it closes
    (date(2026, 12, 9), date(2026, 12, 8), "valid_until"),  # ends before it starts
])
def test_a_window_not_inside_the_zones_is_refused_beside_the_field(app, terms_world, start, end, field):
    world = terms_world()
    with app.app_context():
        before = _count()
        with pytest.raises(ServiceError) as refused:
            _publish(world, start=start, end=end)
        assert refused.value.field == field
        assert _count() == before


def test_a_window_starting_before_today_is_refused(app, terms_world):
    world = terms_world(opens_on=date(2026, 11, 1))
    with app.app_context():
        with pytest.raises(ServiceError) as refused:
            _publish(world, start=date(2026, 11, 25), end=date(2026, 12, 10))
        assert refused.value.field == "valid_from"


def test_overlapping_event_terms_of_one_patent_are_refused_adjacent_ones_allowed(app, terms_world):
    world = terms_world()
    with app.app_context():
        _publish(world, start=date(2026, 12, 1), end=date(2026, 12, 10))
        with pytest.raises(ServiceError) as refused:
            _publish(world, start=date(2026, 12, 10), end=date(2026, 12, 20))
        assert refused.value.field == "valid_from"
        adjacent = _publish(world, start=date(2026, 12, 11), end=date(2026, 12, 20))
        assert adjacent.status == DeclarationStatus.EVENT


def test_no_event_terms_without_published_base_terms(app, terms_world):
    world = terms_world()
    with app.app_context():
        declarations.withdraw(declarations.current_declaration(world.patent_id), "停止开放许可", TODAY, NOW)
        with pytest.raises(ServiceError) as refused:
            _publish(world)
        assert str(refused.value.message) == str(_l(
            "Publish the patent's base terms first: event terms are a version of them."))


@pytest.mark.parametrize("status", [ZoneStatus.DRAFT, ZoneStatus.CLOSED])
def test_no_event_terms_for_a_zone_that_is_not_published_or_running(app, terms_world, status):
    world = terms_world(status=status)
    with app.app_context():
        with pytest.raises(ServiceError) as refused:
            _publish(world)
        assert refused.value.field == "zone_id"


def test_event_terms_for_a_running_zone_are_accepted(app, terms_world):
    world = terms_world(status=ZoneStatus.RUNNING)
    with app.app_context():
        assert _publish(world).status == DeclarationStatus.EVENT


def test_no_event_terms_for_a_zone_that_does_not_list_the_patent(app, terms_world):
    world = terms_world(curated=False)
    with app.app_context():
        with pytest.raises(ServiceError) as refused:
            _publish(world)
        assert refused.value.field == "zone_id"


def test_another_university_or_role_cannot_publish_event_terms(app, terms_world, make_user):
    world = terms_world()
    others = [make_user(Role.UNIVERSITY_STAFF), make_user(Role.ORGANISER), make_user(Role.ENTERPRISE_USER),
              make_user(Role.ADMIN)]
    with app.app_context():
        for email in others:
            with pytest.raises(ServiceError) as refused:
                publish_event_terms(patent(world.patent_id), user(email), terms(world.zone_id), TODAY, NOW)
            assert str(refused.value.message) == str(
                _l("Only the patent's own university can publish its terms."))
        assert declarations.event_versions(world.patent_id) == []


def test_a_plan_running_past_the_expiry_is_refused(app, terms_world):
    world = terms_world()
    with app.app_context():
        with pytest.raises(ServiceError) as refused:
            _publish(world, plan=flat_plan(Money("100.00"), Duration.years(30)))
        assert refused.value.field == "plan"


def test_promotional_wording_in_event_terms_is_refused(app, terms_world):
    from dataclasses import replace

    world = terms_world()
    with app.app_context():
        before = _count()
        with pytest.raises(ServiceError) as refused:
            publish_event_terms(patent(world.patent_id), user(world.staff),
                                replace(terms(world.zone_id), other_terms="限时特惠，全网最低价，行业领先"),
                                TODAY, NOW)
        assert refused.value.field == "other_terms" and "最低价、行业领先" in str(refused.value.message)
        assert _count() == before


def test_ending_event_terms_early_returns_to_the_base_terms(app, terms_world):
    world = terms_world()
    with app.app_context():
        base = declarations.current_declaration(world.patent_id)
        event = _publish(world)
        with pytest.raises(ServiceError) as refused:
            withdraw_event_terms(event, "  ", TODAY, NOW)
        assert refused.value.field == "reason"
        withdraw_event_terms(event, "活动提前结束", TODAY, NOW)
        assert event.status == DeclarationStatus.WITHDRAWN
        assert declarations.terms_in_force(world.patent_id, date(2026, 12, 10)).id == base.id
        with pytest.raises(ServiceError) as refused:
            withdraw_event_terms(event, "再次", TODAY, NOW)
        assert str(refused.value.message) == str(_l("These event terms have already ended."))


def test_withdrawing_the_base_ends_its_event_terms(app, terms_world):
    world = terms_world()
    with app.app_context():
        event = _publish(world)
        declarations.withdraw(declarations.current_declaration(world.patent_id), "停止开放许可", TODAY, NOW)
        assert event.status == DeclarationStatus.WITHDRAWN
        assert event.withdrawal_reason
        assert declarations.terms_in_force(world.patent_id, date(2026, 12, 10)) is None


def test_the_database_refuses_a_second_published_base_and_event_terms_without_a_zone(app, terms_world):
    world = terms_world()
    with app.app_context():
        base = declarations.current_declaration(world.patent_id)
        event = _publish(world)
        db.session.commit()
        for change in ({"status": DeclarationStatus.PUBLISHED},  # two published rows for one patent
                       {"event_zone_id": None}):  # event terms without their zone
            with pytest.raises(IntegrityError), db.session.begin_nested():
                db.session.execute(Declaration.__table__.update().where(Declaration.id == event.id)
                                   .values(**change))
        assert db.session.get(Declaration, base.id).status == DeclarationStatus.PUBLISHED


def test_scenario_base_then_event_window_then_base_again(app, terms_world, make_user):
    """Base terms → event terms for the zone window → a licence taken in the window gets the event
    version → after the window a licence gets the base terms again → the first keeps its event terms."""
    world = terms_world()
    first, second, third = (make_user(Role.ENTERPRISE_USER) for _ in range(3))
    with app.app_context():
        base = declarations.current_declaration(world.patent_id)
        event = _publish(world)
        db.session.commit()

        early = take_licence(user(first), patent(world.patent_id), base.id, TODAY, TODAY, NOW)
        in_window = date(2026, 12, 10)
        with pytest.raises(ServiceError):  # reviewed the base terms, took in the window
            take_licence(user(second), patent(world.patent_id), base.id, in_window, in_window, NOW)
        during = take_licence(user(second), patent(world.patent_id), event.id, in_window, in_window, NOW)
        after_day = date(2027, 1, 1)
        with pytest.raises(ServiceError):
            take_licence(user(third), patent(world.patent_id), event.id, after_day, after_day, NOW)
        after = take_licence(user(third), patent(world.patent_id), base.id, after_day, after_day, NOW)
        db.session.commit()

        taken = (early.declaration_id, during.declaration_id, after.declaration_id)
        assert taken == (base.id, event.id, base.id)
        assert [c.amount_fen for c in during.charges] == [2_000_000]
        assert [c.amount_fen for c in after.charges] == [5_000_000]
        withdraw_event_terms(event, "活动结束", after_day, NOW)
        db.session.commit()
        assert db.session.get(type(during), during.id).declaration_id == event.id  # untouched
