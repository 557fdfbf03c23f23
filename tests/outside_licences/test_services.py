"""Recording outside licences and their early ends: the refusals, the declaration in force (base or event
terms), a double click, the append-only tables, and the publish bar that follows from the register."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.core.declaration_rules import DeclarationBar, DeclarationStatus, declaration_bars
from marketplace.core.outside_licences import OutsideLicenceKind
from marketplace.declarations import services as declarations
from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from marketplace.outside_licences import services
from marketplace.outside_licences.models import OutsideLicence, OutsideLicenceEnd
from marketplace.outside_licences.services import NewOutsideLicence
from marketplace.service_errors import ServiceError
from marketplace.zones.models import Zone, ZoneMode, ZoneStatus
from tests.outside_licences.conftest import TODAY

EXCLUSIVE, SOLE, ORDINARY = OutsideLicenceKind.EXCLUSIVE, OutsideLicenceKind.SOLE, OutsideLicenceKind.ORDINARY


def _entry(kind=EXCLUSIVE, **changes) -> NewOutsideLicence:
    values = {"kind": kind, "licensee_name": "包头稀宝新材料科技有限公司", "starts_on": date(2026, 1, 1),
              "ends_on": date(2027, 12, 31), **changes}
    return NewOutsideLicence(**values)


def _staff(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_entry_is_recorded_trimmed_with_its_recorder(app, staff_patent):
    patent_id, email = staff_patent
    with app.app_context():
        entry, new = services.record_outside_licence(
            db.session.get(Patent, patent_id), _staff(email),
            _entry(ORDINARY, licensee_name="  包头稀宝  新材料  ", contract_number=" HT-2026-01 "), TODAY)
        assert new and entry.licensee_name == "包头稀宝 新材料" and entry.contract_number == "HT-2026-01"
        assert entry.recorded_by_id == _staff(email).id and entry.university_id == _staff(email).university_id


def test_a_valid_credit_code_is_kept_canonical_and_a_wrong_one_refused(app, staff_patent):
    from marketplace.demo.seed import demo_credit_code

    patent_id, email = staff_patent
    code = demo_credit_code("150200", "MA0N7K3R")
    with app.app_context():
        patent = db.session.get(Patent, patent_id)
        entry, _ = services.record_outside_licence(patent, _staff(email),
                                                   _entry(licensee_credit_code=code.lower()), TODAY)
        assert entry.licensee_credit_code == code
        wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
        with pytest.raises(ServiceError) as refused:
            services.record_outside_licence(patent, _staff(email), _entry(licensee_credit_code=wrong), TODAY)
        assert refused.value.field == "licensee_credit_code"


@pytest.mark.parametrize(("changes", "field"), [
    ({"licensee_name": "   "}, "licensee_name"),
    ({"licensee_name": "名" * 201}, "licensee_name"),
    ({"contract_number": "H" * 61}, "contract_number"),
    ({"ends_on": date(2025, 12, 31)}, "ends_on"),  # before its first day
    ({"starts_on": date(2021, 3, 14)}, "starts_on"),  # before the patent was filed
    ({"ends_on": date(9999, 12, 31)}, "ends_on"),  # past the patent's expiry
])
def test_bad_input_is_refused_beside_its_field_and_nothing_written(app, staff_patent, changes, field):
    patent_id, email = staff_patent
    with app.app_context():
        with pytest.raises(ServiceError) as refused:
            services.record_outside_licence(db.session.get(Patent, patent_id), _staff(email),
                                            _entry(**changes), TODAY)
        assert refused.value.field == field
        assert _count(OutsideLicence) == 0


def test_the_same_entry_twice_is_recorded_once(app, staff_patent):
    patent_id, email = staff_patent
    with app.app_context():
        patent = db.session.get(Patent, patent_id)
        first, new = services.record_outside_licence(patent, _staff(email), _entry(ORDINARY), TODAY)
        again, new_again = services.record_outside_licence(patent, _staff(email), _entry(ORDINARY), TODAY)
        assert new and not new_again and again.id == first.id and _count(OutsideLicence) == 1


@pytest.mark.parametrize("kind", [EXCLUSIVE, SOLE])
def test_an_exclusive_or_sole_licence_is_refused_while_declared(app, staff_patent, publish, kind):
    patent_id, email = staff_patent
    publish(patent_id, email)
    with app.app_context():
        with pytest.raises(ServiceError) as refused:
            services.record_outside_licence(db.session.get(Patent, patent_id), _staff(email), _entry(kind),
                                            TODAY)
        assert refused.value.field == "kind"
        assert _count(OutsideLicence) == 0


def test_an_ordinary_licence_is_recorded_while_declared(app, staff_patent, publish):
    patent_id, email = staff_patent
    publish(patent_id, email)
    with app.app_context():
        _, new = services.record_outside_licence(db.session.get(Patent, patent_id), _staff(email),
                                                 _entry(ORDINARY), TODAY)
        assert new and _count(OutsideLicence) == 1


def test_event_terms_in_their_window_count_as_a_declaration_in_force(app, staff_patent, make_user):
    patent_id, email = staff_patent
    organiser = make_user(Role.ORGANISER)
    with app.app_context():
        zone = Zone(organiser_id=_staff(organiser).id, title="稀土新材料专场", theme="稀土",
                    opens_on=date(2026, 11, 1), closes_on=date(2026, 12, 31), mode=ZoneMode.ONLINE,
                    status=ZoneStatus.RUNNING)
        db.session.add(zone)
        db.session.flush()
        db.session.add(Declaration(
            patent_id=patent_id, university_id=_staff(email).university_id, version=1,
            status=DeclarationStatus.EVENT, plan_kind="free", term_count=1, term_unit="year",
            created_by_id=_staff(email).id, event_zone_id=zone.id, valid_from=date(2026, 11, 20),
            valid_until=date(2026, 11, 30)))
        db.session.flush()
        assert declarations.current_declaration(patent_id) is None
        assert services.declaration_in_force(patent_id, TODAY) is not None
        assert services.declaration_in_force(patent_id, date(2026, 12, 1)) is None  # after its window
        with pytest.raises(ServiceError):
            services.record_outside_licence(db.session.get(Patent, patent_id), _staff(email), _entry(SOLE),
                                            TODAY)


def test_the_publish_bar_follows_the_register(app, staff_patent):
    patent_id, email = staff_patent
    with app.app_context():
        patent = db.session.get(Patent, patent_id)
        staff = _staff(email)
        assert declarations.patent_facts(patent, TODAY).exclusive_licence_until is None
        services.record_outside_licence(patent, staff, _entry(ORDINARY, ends_on=date(2030, 1, 1)), TODAY)
        services.record_outside_licence(patent, staff, _entry(EXCLUSIVE, ends_on=date(2026, 11, 25)), TODAY)
        assert declarations.patent_facts(patent, TODAY).exclusive_licence_until is None  # ended yesterday
        future, _ = services.record_outside_licence(
            patent, staff, _entry(SOLE, starts_on=date(2027, 3, 1), ends_on=date(2028, 2, 29)), TODAY)
        facts = declarations.patent_facts(patent, TODAY)
        assert facts.exclusive_licence_until == date(2028, 2, 29)  # not begun yet: it bars as well
        assert DeclarationBar.EXCLUSIVE_LICENCE in declaration_bars(facts, TODAY)
        services.end_early(patent, staff, future.id, TODAY, "合同解除，未开始履行", TODAY)
        assert declarations.patent_facts(patent, TODAY).exclusive_licence_until is None


def test_an_early_end_is_recorded_once_with_a_reason_on_a_day_within_the_term(app, staff_patent):
    patent_id, email = staff_patent
    with app.app_context():
        patent = db.session.get(Patent, patent_id)
        staff = _staff(email)
        entry, _ = services.record_outside_licence(patent, staff, _entry(EXCLUSIVE), TODAY)
        for day, reason, field in [(TODAY, "  ", "reason"), (TODAY + timedelta(days=1), "解除", "ended_on"),
                                   (date(2025, 12, 31), "解除", "ended_on")]:
            with pytest.raises(ServiceError) as refused:
                services.end_early(patent, staff, entry.id, day, reason, TODAY)
            assert refused.value.field == field
        end = services.end_early(patent, staff, entry.id, TODAY, "双方协议提前解除", TODAY)
        assert (end.ended_on, end.reason) == (TODAY, "双方协议提前解除")
        assert entry.term().last_day == TODAY - timedelta(days=1)
        with pytest.raises(ServiceError) as again:
            services.end_early(patent, staff, entry.id, TODAY, "再次", TODAY)
        assert again.value.field == "licence" and _count(OutsideLicenceEnd) == 1


def test_another_patent_s_entry_cannot_be_ended_here(app, staff_patent, make_patent):
    patent_id, email = staff_patent
    with app.app_context():
        staff = _staff(email)
        other = db.session.get(Patent, make_patent(staff.university_id))
        entry, _ = services.record_outside_licence(other, staff, _entry(ORDINARY), TODAY)
        with pytest.raises(ServiceError) as refused:
            services.end_early(db.session.get(Patent, patent_id), staff, entry.id, TODAY, "解除", TODAY)
        assert refused.value.field == "licence" and _count(OutsideLicenceEnd) == 0


@pytest.mark.parametrize("statement", ["UPDATE outside_licence SET ends_on = starts_on",
                                       "DELETE FROM outside_licence"])
def test_the_database_refuses_to_change_an_entry(app, staff_patent, statement):
    patent_id, email = staff_patent
    with app.app_context():
        services.record_outside_licence(db.session.get(Patent, patent_id), _staff(email), _entry(ORDINARY),
                                        TODAY)
        db.session.flush()
        with pytest.raises(DBAPIError), db.session.begin_nested():
            db.session.execute(text(statement))
