"""Registration and check-in under real concurrency, on SQLite and PostgreSQL: twenty simultaneous
registrations of one enterprise leave one live registration (the others are told it is registered), and
twenty simultaneous check-ins of one code check it in once (the others are told when)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.core.zone_state import ZoneStatus
from marketplace.extensions import db
from marketplace.organisations.models import Enterprise, SizeClass
from marketplace.service_errors import ServiceError
from marketplace.zones import registration as services
from marketplace.zones.models import Zone, ZoneMode, ZoneRegistration
from tests.ledger.separate_database import BACKENDS, run_together, separate_app

pytestmark = pytest.mark.real_commits

WRITERS = 20
DAY = date(2026, 12, 5)
NOW = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)


def _refused(work):
    """Run `work`; a ServiceError is an answer ("refused"), not a failure."""
    try:
        work()
        return "done"
    except ServiceError as error:
        return str(error.message)


def _setup() -> tuple[int, int, int]:
    """An organiser's running zone and one enterprise user: (zone id, organiser id, enterprise user id)."""
    organiser = User(email="org@example.com", name="组织方", role=Role.ORGANISER, status=AccountStatus.ACTIVE,
                     password_hash="x")
    enterprise = Enterprise(name="包头稀宝新材料", credit_code="91150200MA0N1234XY", region="150200",
                            size_class=SizeClass.SMALL)
    db.session.add_all([organiser, enterprise])
    db.session.flush()
    member = User(email="ent@example.com", name="企业", role=Role.ENTERPRISE_USER,
                  status=AccountStatus.ACTIVE, password_hash="x", enterprise_id=enterprise.id)
    zone = Zone(organiser_id=organiser.id, title="稀土新材料专场", theme="稀土", opens_on=date(2026, 12, 1),
                closes_on=date(2026, 12, 31), mode=ZoneMode.ONSITE, place="包头", status=ZoneStatus.RUNNING)
    db.session.add_all([member, zone])
    db.session.commit()
    return zone.id, organiser.id, member.id


@pytest.mark.parametrize("backend", BACKENDS)
def test_simultaneous_registrations_and_check_ins_each_happen_once(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            zone_id, organiser_id, member_id = _setup()

        def register():
            return _refused(lambda: services.register(
                db.session.get(Zone, zone_id), db.session.get(User, member_id), "张经理", "13800000000", "",
                [], DAY, NOW))

        results, errors = run_together(app, WRITERS, register)
        assert errors == []
        assert results.count("done") == 1
        assert set(results) - {"done"} == {"贵企业已报名本专区。"}
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(ZoneRegistration)) == 1
            code = db.session.scalar(select(ZoneRegistration.check_in_code))

        def check_in():
            return _refused(lambda: services.check_in(
                db.session.get(Zone, zone_id), db.session.get(User, organiser_id), code, NOW))

        results, errors = run_together(app, WRITERS, check_in)
        assert errors == []
        assert results.count("done") == 1
        assert all(result.startswith("已于 2026-12-05 10:00 签到") for result in results if result != "done")
        with app.app_context():
            row = db.session.scalars(select(ZoneRegistration)).one()
            assert row.checked_in_at is not None and row.checked_in_by_id == organiser_id


@pytest.mark.parametrize("backend", BACKENDS)
def test_simultaneous_cancels_and_check_ins_leave_one_consistent_outcome(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            zone_id, organiser_id, member_id = _setup()
            services.register(db.session.get(Zone, zone_id), db.session.get(User, member_id), "张经理",
                              "13800000000", "", [], DAY, NOW)
            db.session.commit()

        def cancel():
            return _refused(lambda: services.cancel(db.session.get(Zone, zone_id),
                                                    db.session.get(User, member_id), NOW))

        results, errors = run_together(app, WRITERS, cancel)
        assert errors == []
        assert results.count("done") == 1
        assert set(results) - {"done"} == {"贵企业在本专区没有可取消的报名。"}

        with app.app_context():
            code = services.register(db.session.get(Zone, zone_id), db.session.get(User, member_id), "张经理",
                                     "13800000000", "", [], DAY, NOW).check_in_code
            db.session.commit()
        turns = iter(range(WRITERS))

        def cancel_or_check_in():
            if next(turns) % 2:
                return "cancel " + cancel()
            return "check-in " + _refused(lambda: services.check_in(
                db.session.get(Zone, zone_id), db.session.get(User, organiser_id), code, NOW))

        results, errors = run_together(app, WRITERS, cancel_or_check_in)
        assert errors == []
        done = [result for result in results if result.endswith(" done")]
        assert len(done) == 1
        with app.app_context():
            row = db.session.scalars(
                select(ZoneRegistration).where(ZoneRegistration.check_in_code == code)).one()
            assert (row.cancelled_at is None) != (row.checked_in_at is None)
            assert (row.checked_in_at is not None) == (done == ["check-in done"])
