"""Organisers' endpoints: their zones with the dashboard's figures, and a zone's registrations; organisers
need `zones:write`, administrators read with their read-only tokens, every other caller is refused."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.core import api_scopes
from marketplace.core.zone_state import ZoneStatus
from marketplace.extensions import db
from marketplace.zones.models import Zone, ZoneRegistration
from tests.api.conftest import problem

API = "/api/v1"
NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


def _user_id(email: str) -> int:
    return db.session.scalar(select(User.id).where(User.email == email))


@pytest.fixture
def world(app, make_user, make_enterprise, bearer_of):
    """Two organisers' zones, three registrations (one cancelled) on the first organiser's newest zone."""
    organiser, other = make_user(Role.ORGANISER), make_user(Role.ORGANISER)
    enterprises = [make_enterprise() for _ in range(3)]
    with app.app_context():
        window = {"opens_on": date(2026, 12, 1), "closes_on": date(2026, 12, 31)}
        mine = [Zone(organiser_id=_user_id(organiser), title=f"稀土专场{n}", theme="稀土",
                     status=ZoneStatus.PUBLISHED, **window) for n in range(2)]
        theirs = Zone(organiser_id=_user_id(other), title="乳业专场", theme="乳业", status=ZoneStatus.DRAFT,
                      **window)
        db.session.add_all([*mine, theirs])
        db.session.flush()
        registrant = _user_id(make_user(Role.ADMIN))
        db.session.add_all([
            ZoneRegistration(zone_id=mine[1].id, enterprise_id=enterprise, registered_by_id=registrant,
                             contact_name=f"联系人{n}", contact_phone="13800000000", interests="稀土永磁",
                             check_in_code=f"CODE{n:04d}", registered_at=NOW,
                             cancelled_at=NOW if n == 2 else None)
            for n, enterprise in enumerate(enterprises)])
        db.session.commit()
        ids = ([zone.id for zone in mine], theirs.id)
    return {"organiser": organiser, "headers": bearer_of(organiser), "mine": ids[0], "theirs": ids[1]}


def test_an_organisers_zones_come_with_the_dashboards_figures(client, world):
    body = client.get(f"{API}/organiser/zones", headers=world["headers"]).get_json()
    assert [item["id"] for item in body["items"]] == world["mine"][::-1]
    newest = body["items"][0]
    assert (newest["registrations"], newest["curated"], newest["pending_nominations"]) == (2, 0, 0)
    assert newest["status"] == "published" and newest["title"] == "稀土专场1"
    paged = client.get(f"{API}/organiser/zones?per_page=1&page=2", headers=world["headers"]).get_json()
    assert paged["total"] == 2 and [item["id"] for item in paged["items"]] == [world["mine"][0]]


def test_a_zones_registrations_for_its_organiser_only(client, world, make_user, bearer_of):
    url = f"{API}/zones/{world['mine'][1]}/registrations"
    body = client.get(url, headers=world["headers"]).get_json()
    assert body["total"] == 3
    assert [item["cancelled_at"] is None for item in body["items"]] == [True, True, False]
    assert body["items"][0]["contact_phone"] == "13800000000" and body["items"][0]["patents"] == []
    assert client.get(f"{API}/zones/{world['mine'][0]}/registrations", headers=world["headers"]).get_json()[
        "total"] == 0
    problem(client.get(f"{API}/zones/{world['theirs']}/registrations", headers=world["headers"]), 404,
            "not-found")
    problem(client.get(f"{API}/zones/2147483647/registrations", headers=world["headers"]), 404)
    problem(client.get(f"{url}?per_page=101", headers=world["headers"]), 422, "validation")


def test_administrators_read_every_zone_with_a_read_token(client, world, make_user, bearer_of):
    headers = bearer_of(make_user(Role.ADMIN), [api_scopes.READ])
    body = client.get(f"{API}/organiser/zones", headers=headers).get_json()
    assert {world["theirs"], *world["mine"]} <= {item["id"] for item in body["items"]}
    registrations = client.get(f"{API}/zones/{world['mine'][1]}/registrations", headers=headers)
    assert registrations.get_json()["total"] == 3


@pytest.mark.parametrize("path", ["/organiser/zones", "/zones/{zone}/registrations"])
def test_other_callers_are_refused(client, world, make_user, bearer_of, path):
    url = API + path.format(zone=world["mine"][1])
    problem(client.get(url), 401, "unauthorized")
    for role in (Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF):
        problem(client.get(url, headers=bearer_of(make_user(role))), 403, "forbidden")
    read_only = bearer_of(world["organiser"], [api_scopes.READ])
    problem(client.get(url, headers=read_only), 403, "insufficient-scope")
