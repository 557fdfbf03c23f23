"""The demo's register of outside licences: one ordinary licence on a declared patent of 内蒙古工业大学,
shown on its register page, and seeding again records nothing more."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from marketplace.core.outside_licences import OutsideLicenceKind
from marketplace.declarations.services import current_declaration
from marketplace.demo import data
from marketplace.demo.outside_licences import UNIVERSITY
from marketplace.demo.seed import seed_demo
from marketplace.extensions import db
from marketplace.outside_licences.models import OutsideLicence
from tests.helpers import login, page_text

DEMO_DAY = date(2026, 11, 26)


def test_the_demo_records_an_ordinary_licence_on_a_declared_patent(app, client):
    with app.app_context():
        created = seed_demo(DEMO_DAY)
        assert created["outside_licences"] == 1
        entry = db.session.scalars(select(OutsideLicence)).one()
        assert entry.kind == OutsideLicenceKind.ORDINARY and entry.recorded_by.university.name == UNIVERSITY
        assert entry.term().in_term(DEMO_DAY) and entry.licensee_credit_code
        assert current_declaration(entry.patent_id) is not None
        assert seed_demo(DEMO_DAY)["outside_licences"] == 0
        db.session.commit()
        patent_id, email, licensee = entry.patent_id, entry.recorded_by.email, entry.licensee_name
    app.config["FROZEN_TODAY"] = DEMO_DAY.isoformat()
    try:
        login(client, email, data.DEMO_PASSWORD)
        assert licensee in page_text(client.get(f"/ip/patents/{patent_id}/outside-licences"))
    finally:
        app.config.pop("FROZEN_TODAY")
