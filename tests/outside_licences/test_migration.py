"""The migration to the register of outside licences, on a database of its own: hand-entered "exclusive
licence until" dates become exclusive entries of a placeholder licensee that bar publishing as before, and
the downgrade puts back each patent's latest last day of an exclusive or sole licence (early ends counted)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from marketplace.catalogue.models import Patent
from marketplace.catalogue.services import create_patent
from marketplace.core.outside_licences import OutsideLicenceKind
from marketplace.core.patent_record import validate_record
from marketplace.database import UTCDateTime
from marketplace.declarations.models import Declaration
from marketplace.declarations.services import patent_facts
from marketplace.extensions import db
from marketplace.outside_licences.models import OutsideLicence, OutsideLicenceEnd
from tests.api.test_publish_concurrency import _setup
from tests.conftest import PATENT_DEFAULTS
from tests.helpers import application_number
from tests.ledger.separate_database import BACKENDS, separate_app

pytestmark = pytest.mark.real_commits

BEFORE = "8f2b6d4a1c93"  # the annual-fee register: the revision before the outside-licence register
TODAY = date(2026, 11, 26)
SAVED = datetime(2026, 5, 1, 2, 0, tzinfo=UTC)
facts = sa.table("patent_legal_facts", sa.column("patent_id", sa.Integer()),
                 sa.column("exclusive_licence_until", sa.Date()), sa.column("updated_at", UTCDateTime()),
                 sa.column("pledged", sa.Boolean()), sa.column("pledgee_consent", sa.Boolean()),
                 sa.column("suspended", sa.Boolean()),
                 sa.column("co_owner_consent", sa.Boolean()),
                 sa.column("evaluation_report_on_file", sa.Boolean()))


def _facts_row(patent_id: int, until: date) -> dict:
    return {"patent_id": patent_id, "exclusive_licence_until": until, "updated_at": SAVED,
            "pledged": False, "pledgee_consent": False, "suspended": False,
            "co_owner_consent": False, "evaluation_report_on_file": False}


@pytest.mark.parametrize("backend", BACKENDS)
def test_dates_move_into_the_register_and_back(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        draft_id, _ = _setup(app, 0)
        with app.app_context():
            draft = db.session.get(Declaration, draft_id)
            staff_id, first, university_id = draft.created_by_id, draft.patent_id, draft.university_id
            others = []
            for serial in (2, 3):
                values = {**PATENT_DEFAULTS, "application_number": application_number(serial)}
                record, _ = validate_record(values, TODAY)
                others.append(create_patent(university_id, record).id)
            db.session.commit()
            second, third = others
            downgrade(revision=BEFORE)
            db.session.execute(facts.insert(), [_facts_row(first, date(2027, 6, 30)),
                                                _facts_row(second, date(2025, 1, 1))])
            db.session.commit()
            upgrade()
            db.session.remove()

            entries = {entry.patent_id: entry for entry in db.session.scalars(select(OutsideLicence))}
            assert set(entries) == {first, second}
            moved = entries[first]
            assert (moved.kind, moved.licensee_name, moved.recorded_by_id) == (
                OutsideLicenceKind.EXCLUSIVE, "（登记簿建立前记录）", None)
            assert (moved.starts_on, moved.ends_on) == (date(2026, 5, 1), date(2027, 6, 30))
            assert entries[second].starts_on == entries[second].ends_on == date(2025, 1, 1)
            barred = patent_facts(db.session.get(Patent, first), TODAY)
            assert barred.exclusive_licence_until == date(2027, 6, 30)
            assert patent_facts(db.session.get(Patent, second), TODAY).exclusive_licence_until is None

            db.session.add(OutsideLicenceEnd(licence_id=moved.id, ended_on=date(2026, 11, 1),
                                             reason="提前解除", recorded_by_id=staff_id))
            db.session.add(OutsideLicence(patent_id=third, university_id=university_id,
                                          kind=OutsideLicenceKind.SOLE, licensee_name="丙公司",
                                          starts_on=date(2026, 1, 1), ends_on=date(2028, 12, 31),
                                          recorded_by_id=staff_id))
            db.session.commit()
            db.session.remove()
            downgrade(revision=BEFORE)
            restored = dict(db.session.execute(
                select(facts.c.patent_id, facts.c.exclusive_licence_until)).all())
            assert restored == {first: date(2026, 10, 31), second: date(2025, 1, 1),
                                third: date(2028, 12, 31)}
            db.session.remove()
            upgrade()
