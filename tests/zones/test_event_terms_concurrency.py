"""Event terms under real concurrency, on SQLite and on PostgreSQL: overlapping time-limited versions of
one patent submitted at once give one version (the base declaration is taken for change first); the
unique index still refuses a second published base written directly."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.catalogue.models import Patent
from marketplace.core.declaration_rules import DeclarationStatus
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.core.zone_state import ZoneStatus
from marketplace.declarations.event_terms import EventTerms, publish_event_terms
from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from marketplace.service_errors import ServiceError
from marketplace.zones.models import Zone, ZonePatent
from tests.ledger import licence_factory as factory
from tests.ledger.separate_database import BACKENDS, run_together, separate_app

pytestmark = pytest.mark.real_commits

WRITERS = 8
TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


def _world() -> tuple[int, int, int]:
    """(patent id, staff id, zone id): an offered patent curated into a running zone."""
    offer = factory.offer(flat_plan(Money("50000.00"), Duration.years(3)))
    organiser = User(email="organiser@example.com", name="组织方", password_hash=factory.PASSWORD_HASH,
                     role=Role.ORGANISER, status=AccountStatus.ACTIVE)
    db.session.add(organiser)
    db.session.flush()
    zone = Zone(organiser_id=organiser.id, title="稀土新材料专场", theme="稀土", opens_on=date(2026, 12, 1),
                closes_on=date(2026, 12, 31), status=ZoneStatus.RUNNING)
    db.session.add(zone)
    db.session.flush()
    db.session.add(ZonePatent(zone_id=zone.id, patent_id=offer.patent_id, declaration_id=offer.declaration_id,
                              university_id=db.session.get(User, offer.staff_id).university_id,
                              added_by_id=organiser.id))
    db.session.commit()
    return offer.patent_id, offer.staff_id, zone.id


@pytest.mark.parametrize("backend", BACKENDS)
def test_overlapping_event_terms_submitted_at_once_give_one_version(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            patent_id, staff_id, zone_id = _world()
        starts = iter(range(WRITERS))

        def submit():
            start = date(2026, 12, 1) + timedelta(days=next(starts))  # every window contains Dec 15
            terms = EventTerms(zone_id=zone_id, valid_from=start, valid_until=date(2026, 12, 20),
                               plan=flat_plan(Money("20000.00"), Duration.years(3)),
                               payment_method="银行转账", other_terms="")
            try:
                publish_event_terms(db.session.get(Patent, patent_id), db.session.get(User, staff_id), terms,
                                    TODAY, NOW)
                return "done"
            except ServiceError:
                return "refused"

        results, errors = run_together(app, WRITERS, submit)
        assert errors == []
        assert results.count("done") == 1 and results.count("refused") == WRITERS - 1
        with app.app_context():
            events = db.session.scalar(select(func.count()).select_from(Declaration).where(
                Declaration.patent_id == patent_id, Declaration.status == DeclarationStatus.EVENT))
            assert events == 1
            # The one-published-per-patent index still holds: a second published base is refused.
            base = db.session.scalars(select(Declaration).where(
                Declaration.patent_id == patent_id, Declaration.status == DeclarationStatus.PUBLISHED)).one()
            db.session.add(Declaration(patent_id=patent_id, university_id=base.university_id, version=99,
                                       status=DeclarationStatus.PUBLISHED, plan_kind=base.plan_kind,
                                       term_count=base.term_count, term_unit=base.term_unit,
                                       created_by_id=staff_id))
            with pytest.raises(IntegrityError):
                db.session.commit()
            db.session.rollback()
