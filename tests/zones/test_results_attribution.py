"""Attribution of a licence to a special zone: through the zone's page in its window, or through the
enterprise's registration; never outside the window, for a patent the zone does not list, or for a zone
the enterprise neither came from nor registered for."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.core.zone_state import ZoneStatus
from marketplace.declarations.services import current_declaration
from marketplace.extensions import db
from marketplace.licensing.models import Licence
from marketplace.zones import registration
from marketplace.zones.attribution import source_zone_for
from marketplace.zones.models import Zone
from tests.helpers import login, page_text, post_form
from tests.zones.registration_fixtures import curate, user

DAY = date(2026, 12, 5)
NOW = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)


@pytest.fixture
def frozen(app):
    app.config["FROZEN_TODAY"] = DAY.isoformat()
    yield
    app.config.pop("FROZEN_TODAY")


@pytest.fixture
def zone_with(app, make_zone, make_offer):
    """zone_with(status=RUNNING, **zone fields) → (zone id, curated patent id)."""

    def make(status=ZoneStatus.RUNNING, patent_id=None, **fields):
        zone_id = make_zone(status=status, **fields)
        patent_id = patent_id or make_offer()
        with app.app_context():
            curate(zone_id, patent_id)
            db.session.commit()
        return zone_id, patent_id

    return make


def _enterprise_of(email):
    return user(email).enterprise_id


def _register(email, zone_id, today=DAY):
    return registration.register(db.session.get(Zone, zone_id), user(email), "张经理", "0472-5123456",
                                 "稀土永磁", (), today, NOW)


def test_the_zone_page_it_came_from_counts_in_the_window(app, make_user, zone_with):
    zone_id, patent_id = zone_with()
    email = make_user(Role.ENTERPRISE_USER)
    with app.app_context():
        enterprise_id = _enterprise_of(email)
        assert source_zone_for(enterprise_id, patent_id, DAY, zone_id) == zone_id
        assert source_zone_for(enterprise_id, patent_id, date(2026, 12, 1), zone_id) == zone_id  # first day
        assert source_zone_for(enterprise_id, patent_id, date(2026, 12, 31), zone_id) == zone_id  # last day


def test_outside_the_window_another_patent_or_a_draft_zone_do_not_count(app, make_user, make_offer,
                                                                        zone_with):
    zone_id, patent_id = zone_with()
    draft_id, draft_patent = zone_with(status=ZoneStatus.DRAFT)
    elsewhere = make_offer()
    email = make_user(Role.ENTERPRISE_USER)
    with app.app_context():
        enterprise_id = _enterprise_of(email)
        assert source_zone_for(enterprise_id, patent_id, date(2026, 11, 30), zone_id) is None
        assert source_zone_for(enterprise_id, patent_id, date(2027, 1, 1), zone_id) is None
        assert source_zone_for(enterprise_id, elsewhere, DAY, zone_id) is None
        assert source_zone_for(enterprise_id, draft_patent, DAY, draft_id) is None
        assert source_zone_for(enterprise_id, patent_id, DAY, None) is None  # not registered, no link


def test_the_registered_zone_counts_and_the_most_recently_opened_wins(app, make_user, zone_with):
    older, patent_id = zone_with(opens_on=date(2026, 11, 20))
    newer, _ = zone_with(patent_id=patent_id, opens_on=date(2026, 12, 2))
    not_registered, _ = zone_with(patent_id=patent_id, opens_on=date(2026, 12, 3))
    email = make_user(Role.ENTERPRISE_USER)
    with app.app_context():
        enterprise_id = _enterprise_of(email)
        _register(email, older)
        assert source_zone_for(enterprise_id, patent_id, DAY, None) == older
        _register(email, newer)
        assert source_zone_for(enterprise_id, patent_id, DAY, None) == newer
        # the link from a zone page wins over the registration
        assert source_zone_for(enterprise_id, patent_id, DAY, not_registered) == not_registered
        assert source_zone_for(enterprise_id, patent_id, date(2027, 1, 1), None) is None  # windows over


def test_a_cancelled_registration_does_not_count(app, make_user, zone_with):
    zone_id, patent_id = zone_with()
    email = make_user(Role.ENTERPRISE_USER)
    with app.app_context():
        enterprise_id = _enterprise_of(email)
        entry = _register(email, zone_id)
        assert entry.cancelled_at is None
        registration.cancel(db.session.get(Zone, zone_id), user(email), NOW)
        assert source_zone_for(enterprise_id, patent_id, DAY, None) is None


# ---------------------------------------------------------------- the take-licence page


def _take(client, patent_id, declaration_id, zone_id=None):
    data = {"start": DAY.isoformat(), "declaration_id": declaration_id, "accept": "y", "take": "1"}
    if zone_id is not None:
        data["source_zone"] = zone_id
    return post_form(client, f"/patents/{patent_id}/licence", data)


def _declaration_of(app, patent_id):
    with app.app_context():
        return current_declaration(patent_id).id


def test_taking_from_the_zone_page_records_the_zone_and_shows_it(app, client, make_user, zone_with, frozen):
    zone_id, patent_id = zone_with(title="稀土新材料专场")
    login(client, make_user(Role.ENTERPRISE_USER))
    page = client.get(f"/patents/{patent_id}/licence?zone={zone_id}")
    assert f'name="source_zone" type="hidden" value="{zone_id}"' in page_text(page)
    taken = _take(client, patent_id, _declaration_of(app, patent_id), zone_id)
    assert taken.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Licence.source_zone_id)) == zone_id
    detail = page_text(client.get(taken.headers["Location"]))
    assert "来源专区" in detail and "稀土新材料专场" in detail


def test_a_link_from_a_zone_that_does_not_list_the_patent_attributes_nothing(
        app, client, make_user, make_offer, zone_with, frozen):
    zone_id, _ = zone_with()
    elsewhere = make_offer()
    login(client, make_user(Role.ENTERPRISE_USER))
    assert client.get(f"/patents/{elsewhere}/licence?zone={zone_id}").status_code == 200
    assert _take(client, elsewhere, _declaration_of(app, elsewhere), zone_id).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Licence.source_zone_id)) is None


def test_a_malformed_zone_id_is_refused_and_takes_nothing(app, client, make_user, zone_with, frozen):
    _, patent_id = zone_with()
    login(client, make_user(Role.ENTERPRISE_USER))
    assert client.get(f"/patents/{patent_id}/licence?zone=x1").status_code == 200
    refused = _take(client, patent_id, _declaration_of(app, patent_id), "1x")
    assert refused.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(Licence.id)) is None
