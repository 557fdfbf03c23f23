"""Zones under real concurrency, on SQLite and on PostgreSQL: a nomination submitted many times at once is
one nomination; organisers deciding the same nomination, or closing the same zone, at once change it
once (the zone row is taken for change first); the database refuses a second pending nomination."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.core.zone_state import ZoneAction, ZoneStatus
from marketplace.extensions import db
from marketplace.service_errors import ServiceError
from marketplace.zones import nominations, services
from marketplace.zones.models import NominationStatus, Zone, ZoneNomination, ZonePatent
from tests.ledger import licence_factory as factory
from tests.ledger.separate_database import BACKENDS, run_together, separate_app

pytestmark = pytest.mark.real_commits

WRITERS = 12
TODAY = date(2026, 12, 5)


def _refused(work):
    """Run `work`; a ServiceError is an answer ("refused"), not a failure."""
    try:
        work()
        return "done"
    except ServiceError:
        return "refused"


def _world() -> tuple[int, int, int, int]:
    """(zone id, organiser id, staff id, offered patent id): a running zone and a patent to nominate."""
    offer = factory.offer(flat_plan(Money("50000.00"), Duration.years(3)))
    organiser = User(email="organiser@example.com", name="组织方", password_hash=factory.PASSWORD_HASH,
                     role=Role.ORGANISER, status=AccountStatus.ACTIVE)
    db.session.add(organiser)
    db.session.flush()
    zone = Zone(organiser_id=organiser.id, title="稀土新材料专场", theme="稀土", opens_on=date(2026, 12, 1),
                closes_on=date(2026, 12, 31), status=ZoneStatus.RUNNING)
    db.session.add(zone)
    db.session.commit()
    return zone.id, organiser.id, offer.staff_id, offer.patent_id


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_nomination_submitted_many_times_at_once_is_one_and_accepted_once(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            zone_id, organiser_id, staff_id, patent_id = _world()

        def nominate():
            return _refused(lambda: nominations.nominate(db.session.get(Zone, zone_id), patent_id, "推荐",
                                                         db.session.get(User, staff_id)))

        results, errors = run_together(app, WRITERS, nominate)
        assert errors == []
        assert results.count("done") == 1 and results.count("refused") == WRITERS - 1
        with app.app_context():
            nomination_id = db.session.scalars(select(ZoneNomination.id)).one()

        def accept():
            user = db.session.get(User, organiser_id)
            return _refused(lambda: nominations.accept(services.zone_for_change(zone_id, user), nomination_id,
                                                       user))

        results, errors = run_together(app, WRITERS, accept)
        assert errors == []
        assert results.count("done") == 1 and results.count("refused") == WRITERS - 1
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(ZonePatent)) == 1
            assert db.session.get(ZoneNomination, nomination_id).status == NominationStatus.ACCEPTED
            # The partial unique index itself refuses a second pending nomination written directly.
            row = {"zone_id": zone_id, "patent_id": patent_id, "nominated_by_id": staff_id,
                   "university_id": db.session.get(User, staff_id).university_id}
            db.session.add_all([ZoneNomination(**row), ZoneNomination(**row)])
            with pytest.raises(IntegrityError):
                db.session.commit()
            db.session.rollback()


@pytest.mark.parametrize("backend", BACKENDS)
def test_organisers_closing_a_zone_at_once_close_it_once(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            zone_id, organiser_id, _, _ = _world()
            admin = User(email="admin@example.com", name="管理员", password_hash=factory.PASSWORD_HASH,
                         role=Role.ADMIN, status=AccountStatus.ACTIVE)
            db.session.add(admin)
            db.session.commit()
            users = [organiser_id, admin.id] * WRITERS
        lock = threading.Lock()

        def close():
            with lock:
                user_id = users.pop()
            user = db.session.get(User, user_id)
            return _refused(lambda: services.change_status(services.zone_for_change(zone_id, user),
                                                           ZoneAction.CLOSE, TODAY))

        results, errors = run_together(app, WRITERS, close)
        assert errors == []
        assert results.count("done") == 1 and results.count("refused") == WRITERS - 1
        with app.app_context():
            zone = db.session.get(Zone, zone_id)
            assert (zone.status, zone.closed_on) == (ZoneStatus.CLOSED, TODAY)
