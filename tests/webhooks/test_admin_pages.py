"""The administrator's webhook pages: set up a partner (secret shown once), refused input, deactivate
and reactivate, a partner's deliveries with their attempts, and replaying a delivery once per click."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.extensions import db
from marketplace.webhooks.delivery import deliver_webhooks
from marketplace.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookPartner
from marketplace.webhooks.services import emit
from tests.helpers import csrf_token, page_text, post_form
from tests.webhooks.partners import NOW, partner

ALL_EVENTS = ["licence.taken", "trial.converted", "payment.confirmed", "filing.recorded",
              "declaration.published", "declaration.withdrawn"]


@pytest.fixture
def admin(client, login_as):
    login_as(Role.ADMIN)
    client.get("/language/en")
    return client


def _partners(app) -> list[WebhookPartner]:
    with app.app_context():
        return list(db.session.scalars(select(WebhookPartner).order_by(WebhookPartner.id)))


def test_the_home_page_leads_an_administrator_to_the_webhooks(admin):
    assert 'href="/admin/webhooks"' in admin.get("/").get_data(as_text=True)
    assert 'href="/admin/webhooks"' in admin.get("/dashboard").get_data(as_text=True)


def test_setting_up_a_partner_shows_its_secret_once(app, admin):
    form = admin.get("/admin/webhooks/new")
    assert form.status_code == 200 and 'type="checkbox"' in form.get_data(as_text=True)
    response = post_form(admin, "/admin/webhooks/new", {
        "name": "蒙科技转移平台", "url": "https://hooks.partner.example.cn/patents",
        "events": ["licence.taken", "payment.confirmed"]})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    (stored,) = _partners(app)
    assert stored.name == "蒙科技转移平台" and stored.active
    assert stored.url == "https://hooks.partner.example.cn/patents"
    assert stored.event_types == ["licence.taken", "payment.confirmed"]
    assert re.fullmatch(r"[0-9a-f]{64}", stored.secret)
    assert stored.secret in response.get_data(as_text=True)
    # Never again: neither the list nor the partner's page shows it.
    assert stored.secret not in admin.get("/admin/webhooks").get_data(as_text=True)
    assert stored.secret not in admin.get(f"/admin/webhooks/{stored.id}").get_data(as_text=True)


def test_loopback_http_is_allowed(app, admin):
    response = post_form(admin, "/admin/webhooks/new", {
        "name": "本地接收", "url": "http://127.0.0.1:8080/hook", "events": ALL_EVENTS})
    assert response.status_code == 200
    assert _partners(app)[0].event_types == ALL_EVENTS


@pytest.mark.parametrize(("data", "message"), [
    ({"name": "甲", "url": "http://partner.example.cn/hook", "events": ["licence.taken"]},
     "Plain http is allowed only to this machine"),
    ({"name": "甲", "url": "ftp://partner.example.cn/", "events": ["licence.taken"]},
     "The address must begin with https://"),
    ({"name": "甲", "url": "https://partner.example.cn/hook"}, "Choose at least one event."),
    ({"name": "甲", "url": "https://partner.example.cn/hook", "events": ["licence.lost"]},
     "is not a valid choice"),
    ({"name": "", "url": "https://partner.example.cn/hook", "events": ["licence.taken"]},
     "This field is required"),
])
def test_refused_input(app, admin, data, message):
    response = post_form(admin, "/admin/webhooks/new", data)
    assert response.status_code == 422
    assert message in page_text(response)
    assert _partners(app) == []


@pytest.mark.parametrize("role", [Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF, Role.ORGANISER])
def test_only_an_administrator_may(app, client, login_as, role):
    login_as(role)
    token = csrf_token(client)
    response = client.post("/admin/webhooks/new", data={
        "csrf_token": token, "name": "甲", "url": "https://a.example.cn/", "events": ["licence.taken"]})
    assert response.status_code == 403
    assert client.get("/admin/webhooks").status_code == 403
    assert _partners(app) == []


def test_without_a_csrf_token_nothing_is_set_up(app, admin):
    response = admin.post("/admin/webhooks/new", data={
        "name": "甲", "url": "https://a.example.cn/", "events": ["licence.taken"]})
    assert response.status_code in (400, 422)
    assert _partners(app) == []


def test_the_list_is_paged(app, admin):
    with app.app_context():
        for number in range(app.config["PAGE_SIZE"] + 1):
            partner(name=f"平台{number:02d}")
        db.session.commit()
    first = page_text(admin.get("/admin/webhooks"))
    second = page_text(admin.get("/admin/webhooks?page=2"))
    assert "平台20" in first and "平台00" not in first
    assert "平台00" in second


def test_deactivate_and_reactivate(app, admin):
    with app.app_context():
        partner_id = partner().id
        db.session.commit()
    url = f"/admin/webhooks/{partner_id}/active"
    assert post_form(admin, url, {"active": "0", "back": "list"}, "/admin/webhooks").status_code == 302
    assert not _partners(app)[0].active
    again = post_form(admin, url, {"active": "0", "back": "partner"}, "/admin/webhooks")
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/admin/webhooks/{partner_id}")
    assert post_form(admin, url, {"active": "1", "back": "list"}, "/admin/webhooks").status_code == 302
    assert _partners(app)[0].active
    assert post_form(admin, url, {"active": "maybe", "back": "list"}, "/admin/webhooks").status_code == 422


def _delivered(app) -> tuple[int, int]:
    """A partner with one delivered delivery (attempted twice); its id and the delivery's."""
    with app.app_context():
        row = partner()
        emit("licence.taken", "licence.taken:7", {"total": "10000.00"}, NOW, [row])
        db.session.commit()
        answers = iter([500, 200])
        deliver_webhooks(NOW, post=lambda *args: next(answers))
        deliver_webhooks(NOW.replace(minute=1), post=lambda *args: next(answers))
        delivery = db.session.scalars(select(WebhookDelivery)).one()
        assert delivery.status == DeliveryStatus.DELIVERED
        return row.id, delivery.id


def test_a_partners_deliveries_show_every_attempt(app, admin):
    partner_id, _ = _delivered(app)
    text = page_text(admin.get(f"/admin/webhooks/{partner_id}"))
    assert "licence.taken:7" in text and "HTTP 500" in text and "HTTP 200" in text
    assert "Delivered" in text
    assert "licence.taken:7" in page_text(admin.get(f"/admin/webhooks/{partner_id}?status=delivered"))
    assert "licence.taken:7" not in page_text(admin.get(f"/admin/webhooks/{partner_id}?status=failed"))
    assert admin.get(f"/admin/webhooks/{partner_id}?status=nonsense").status_code == 200


def test_a_replay_queues_the_delivery_again_once_however_often_it_is_clicked(app, admin):
    partner_id, delivery_id = _delivered(app)
    page = f"/admin/webhooks/{partner_id}"
    url = f"/admin/webhooks/deliveries/{delivery_id}/replay"
    first = post_form(admin, url, {"seen": "0"}, page)
    second = post_form(admin, url, {"seen": "0"}, page)  # a double click: the same count seen
    assert first.status_code == second.status_code == 302
    with app.app_context():
        delivery = db.session.get(WebhookDelivery, delivery_id)
        assert (delivery.status, delivery.replays, delivery.attempts) == (DeliveryStatus.PENDING, 1, 0)
        assert delivery.delivered_at is None
        sent = []
        report = deliver_webhooks(delivery.next_attempt_at, post=lambda *args: sent.append(args) or 204)
        assert report.delivered == 1
        assert len(sent) == 1 and sent[0][1] == delivery.body  # the same bytes again
        assert len(db.session.scalars(select(WebhookAttempt.id)).all()) == 3
    # While pending a replay is refused; a stale count is refused as input.
    with app.app_context():
        db.session.execute(WebhookDelivery.__table__.update().values(status="pending"))
        db.session.commit()
    assert post_form(admin, url, {"seen": "1"}, page).status_code == 422
    assert post_form(admin, url, {"seen": "-1"}, page).status_code == 422
    assert post_form(admin, url, {}, page).status_code == 422
