"""Registration for a zone: the service rules and refusals, and the enterprise's pages."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.core.zone_state import ZoneStatus
from marketplace.extensions import db
from marketplace.service_errors import ServiceError
from marketplace.zones import registration as services
from marketplace.zones.models import Zone, ZoneMode, ZoneRegistration
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
def open_zone(app, make_zone, make_offer):
    """A running on-site zone with two curated patents; returns (zone id, [patent ids])."""
    zone_id = make_zone(status=ZoneStatus.RUNNING, mode=ZoneMode.ONSITE, place="包头市会展中心")
    patents = [make_offer(), make_offer()]
    with app.app_context():
        for patent_id in patents:
            curate(zone_id, patent_id)
        db.session.commit()
    return zone_id, patents


def _register(email, zone_id, patents=(), today=DAY):
    return services.register(db.session.get(Zone, zone_id), user(email), "张经理", "0472-5123456",
                             "稀土永磁", patents, today, NOW)


def _live_count(zone_id):
    return db.session.scalar(select(func.count()).select_from(ZoneRegistration).where(
        ZoneRegistration.zone_id == zone_id, ZoneRegistration.cancelled_at.is_(None)))


# ---------------------------------------------------------------- services

def test_an_enterprise_registers_with_its_patents_and_gets_a_code(app, make_user, open_zone):
    zone_id, patents = open_zone
    email = make_user(Role.ENTERPRISE_USER)
    with app.app_context():
        registration = _register(email, zone_id, patents[:1])
        assert [p.id for p in registration.patents] == patents[:1]
        assert len(registration.check_in_code) == 8
        assert registration.enterprise_id == user(email).enterprise_id


def test_registering_twice_is_refused_and_writes_nothing(app, make_user, open_zone):
    zone_id, _ = open_zone
    email = make_user(Role.ENTERPRISE_USER)
    with app.app_context():
        _register(email, zone_id)
        with pytest.raises(ServiceError, match="已报名本专区"):
            _register(email, zone_id)
        assert _live_count(zone_id) == 1


@pytest.mark.parametrize("status", [ZoneStatus.DRAFT, ZoneStatus.CLOSED])
def test_a_draft_or_closed_zone_takes_no_registration(app, make_user, make_zone, status):
    zone_id = make_zone(status=status)
    email = make_user(Role.ENTERPRISE_USER)
    with app.app_context():
        with pytest.raises(ServiceError):
            _register(email, zone_id)
        assert _live_count(zone_id) == 0


def test_registration_ends_when_the_window_closes(app, make_user, make_zone):
    zone_id = make_zone(status=ZoneStatus.PUBLISHED, closes_on=date(2026, 12, 31))
    email = make_user(Role.ENTERPRISE_USER)
    with app.app_context():
        _register(email, zone_id, today=date(2026, 12, 31))  # the last day still counts
        other = make_user(Role.ENTERPRISE_USER)
        with pytest.raises(ServiceError, match="专区已于 2026-12-31 结束"):
            _register(other, zone_id, today=date(2027, 1, 1))


def test_a_patent_not_curated_in_the_zone_is_refused(app, make_user, make_offer, open_zone):
    zone_id, _ = open_zone
    elsewhere = make_offer()
    email = make_user(Role.ENTERPRISE_USER)
    with app.app_context():
        with pytest.raises(ServiceError) as refused:
            _register(email, zone_id, [elsewhere])
        assert refused.value.field == "patents"
        assert _live_count(zone_id) == 0


def test_only_an_enterprise_registers(app, make_user, open_zone):
    zone_id, _ = open_zone
    with app.app_context():
        with pytest.raises(ServiceError):
            _register(make_user(Role.ORGANISER), zone_id)


def test_cancel_keeps_the_row_and_allows_a_new_registration(app, make_user, open_zone):
    zone_id, _ = open_zone
    email = make_user(Role.ENTERPRISE_USER)
    with app.app_context():
        first = _register(email, zone_id)
        services.cancel(db.session.get(Zone, zone_id), user(email), NOW)
        assert first.cancelled_at is not None
        with pytest.raises(ServiceError, match="没有可取消的报名"):
            services.cancel(db.session.get(Zone, zone_id), user(email), NOW)
        second = _register(email, zone_id)
        assert second.id != first.id and second.check_in_code != first.check_in_code
        assert db.session.scalar(select(func.count()).select_from(ZoneRegistration)) == 2


def _organiser_of(zone_id):
    return db.session.get(Zone, zone_id).organiser


def test_a_code_checks_in_once_and_then_says_when(app, make_user, open_zone):
    zone_id, _ = open_zone
    email = make_user(Role.ENTERPRISE_USER)
    with app.app_context():
        code = _register(email, zone_id).check_in_code
        zone = db.session.get(Zone, zone_id)
        checked = services.check_in(zone, _organiser_of(zone_id), code[:4].lower() + "-" + code[4:], NOW)
        assert checked.checked_in_at is not None
        with pytest.raises(ServiceError, match="已于 2026-12-05 10:00 签到"):
            services.check_in(zone, _organiser_of(zone_id), code, NOW)
        with pytest.raises(ServiceError, match="已在现场签到，不能取消"):
            services.cancel(zone, user(email), NOW)


def test_unknown_foreign_and_cancelled_codes_are_refused(app, make_user, make_zone, open_zone):
    zone_id, _ = open_zone
    other_zone = make_zone(status=ZoneStatus.RUNNING)
    email = make_user(Role.ENTERPRISE_USER)
    with app.app_context():
        foreign = _register(email, other_zone).check_in_code
        second = make_user(Role.ENTERPRISE_USER)
        mine = _register(second, zone_id)
        zone = db.session.get(Zone, zone_id)
        organiser = _organiser_of(zone_id)
        for typed in ("ZZZZZZZZ", "not a code", foreign):
            with pytest.raises(ServiceError, match="本专区没有使用此签到码的报名") as refused:
                services.check_in(zone, organiser, typed, NOW)
            assert refused.value.field == "code"
        services.cancel(zone, user(second), NOW)
        with pytest.raises(ServiceError, match="该报名已取消"):
            services.check_in(zone, organiser, mine.check_in_code, NOW)


def test_another_organiser_cannot_check_in(app, make_user, open_zone):
    zone_id, _ = open_zone
    with app.app_context():
        code = _register(make_user(Role.ENTERPRISE_USER), zone_id).check_in_code
        with pytest.raises(ServiceError, match="组织方或管理员"):
            services.check_in(db.session.get(Zone, zone_id), user(make_user(Role.ORGANISER)), code, NOW)
        admin = services.check_in(db.session.get(Zone, zone_id), user(make_user(Role.ADMIN)), code, NOW)
        assert admin.checked_in_at is not None


def test_the_partial_index_refuses_a_second_live_row(app, make_user, open_zone):
    from sqlalchemy.exc import IntegrityError

    zone_id, _ = open_zone
    email = make_user(Role.ENTERPRISE_USER)
    with app.app_context():
        first = _register(email, zone_id)
        with pytest.raises(IntegrityError), db.session.begin_nested():
            db.session.add(ZoneRegistration(zone_id=zone_id, enterprise_id=first.enterprise_id,
                                            registered_by_id=first.registered_by_id, contact_name="x",
                                            check_in_code="ABCDEFGH"))
            db.session.flush()


# ---------------------------------------------------------------- pages

def test_the_enterprise_registers_sees_its_code_and_qr_and_cancels(app, client, frozen, make_user, open_zone):
    zone_id, patents = open_zone
    email = make_user(Role.ENTERPRISE_USER)
    login(client, email)
    url = f"/zones/{zone_id}/register"
    assert client.get(url).status_code == 200
    response = post_form(client, url, {"contact_name": "张经理", "contact_phone": "0472-5123456",
                                       "interests": "永磁", "patents": [str(patents[1])]})
    assert response.status_code == 302
    with app.app_context():
        registration = services.live_registration(zone_id, user(email).enterprise_id)
        code = registration.check_in_code
        assert [p.id for p in registration.patents] == [patents[1]]
    page = page_text(client.get(url))
    assert f"{code[:4]}-{code[4:]}" in page
    qr = client.get(f"/zones/{zone_id}/register/check-in-code.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml" and b"<svg" in qr.data
    assert qr.headers["Cache-Control"] == "private, no-store"
    mine = page_text(client.get("/my/registrations"))
    assert f"{code[:4]}-{code[4:]}" in mine
    again = post_form(client, url, {"contact_name": "张经理", "contact_phone": "0472-5123456"})
    assert again.status_code == 422 and "贵企业已报名本专区。" in page_text(again)
    assert post_form(client, f"{url}/cancel", {}, page=url).status_code == 302
    assert "已取消" in page_text(client.get("/my/registrations"))
    assert client.get(f"/zones/{zone_id}/register/check-in-code.svg").status_code == 404


def test_a_refused_registration_shows_the_reason_beside_the_field(app, client, frozen, make_user,
                                                                  make_offer, open_zone):
    zone_id, _ = open_zone
    login(client, make_user(Role.ENTERPRISE_USER))
    url = f"/zones/{zone_id}/register"
    response = post_form(client, url, {"contact_name": "", "contact_phone": "abc",
                                       "patents": [str(make_offer()), "١٢"]})
    assert response.status_code == 422
    assert 'id="contact_name"' in response.get_data(as_text=True)
    with app.app_context():
        assert _live_count(zone_id) == 0


def test_a_draft_zone_has_no_registration_page_and_a_closed_one_says_why(client, frozen, make_user,
                                                                        make_zone):
    login(client, make_user(Role.ENTERPRISE_USER))
    assert client.get(f"/zones/{make_zone()}/register").status_code == 404
    closed = make_zone(status=ZoneStatus.CLOSED)
    assert "本专区已关闭，报名已截止。" in page_text(client.get(f"/zones/{closed}/register"))
    response = post_form(client, f"/zones/{closed}/register",
                         {"contact_name": "张", "contact_phone": "13800000000"})
    assert response.status_code == 422


def test_the_box_on_the_zone_page_shows_the_code(app, client, frozen, make_user, open_zone):
    from flask import render_template_string

    zone_id, _ = open_zone
    email = make_user(Role.ENTERPRISE_USER)
    login(client, email)
    with app.app_context():
        code = _register(email, zone_id).check_in_code
        db.session.commit()
    with app.test_request_context():
        from flask_login import login_user

        with app.app_context():
            login_user(user(email))
            html = render_template_string('{% include "zones/_registration_box.html" %}',
                                          zone=db.session.get(Zone, zone_id))
    assert f"{code[:4]}-{code[4:]}" in html
