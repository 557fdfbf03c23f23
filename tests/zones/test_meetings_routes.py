"""Meeting pages through the test client: the organiser's sessions, the enterprise's request, the IP centre's
answer, cancelling, outcomes, the agenda and its .ics — with refusals beside the field (422, nothing written)
and the wrong role or owner turned away."""

from __future__ import annotations

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.core.meetings import MeetingStatus
from marketplace.extensions import db
from marketplace.zones import meeting_services as services
from marketplace.zones.meeting_models import MeetingOutcome, MeetingRequest, MeetingSession
from marketplace.zones.models import Zone
from tests.helpers import login, page_text, post_form
from tests.zones.meeting_world import NOW, build_meeting_world, user

BEFORE = "2026-11-26"
AFTER = "2026-12-11"


@pytest.fixture
def world(app):
    app.config["FROZEN_TODAY"] = BEFORE
    with app.app_context():
        built = build_meeting_world(enterprises=2, capacity=2)
        db.session.commit()
    yield built
    app.config.pop("FROZEN_TODAY", None)


def _requested(app, world, enterprise=0, patent=0):
    with app.app_context():
        zone = db.session.get(Zone, world.zone_id)
        meeting = services.request_meeting(user(world.enterprise_users[enterprise]), zone,
                                           world.patents[patent],
                                           "想了解中试条件", world.slots[:2], NOW)
        db.session.commit()
        return meeting.id


def _accepted(app, world, enterprise=0, patent=0):
    meeting_id = _requested(app, world, enterprise, patent)
    with app.app_context():
        services.accept(user(world.staff[patent]), meeting_id, world.slots[0], NOW)
        db.session.commit()
    return meeting_id


def _status(app, meeting_id):
    with app.app_context():
        return db.session.get(MeetingRequest, meeting_id).status


def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


# Sessions

def test_the_organiser_adds_a_session(client, app, world):
    login(client, world.organiser)
    url = f"/organiser/zones/{world.zone_id}/sessions"
    response = post_form(client, url, {"day": "2026-12-12", "starts_at": "14:00", "ends_at": "16:00",
                                       "slot_minutes": "20", "capacity": "4", "place": "B厅"})
    assert response.status_code == 302
    assert "2026-12-12" in page_text(client.get(url))
    assert _count(app, MeetingSession) == 2


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"day": "2027-01-05"}, "day", "window"),
    ({"ends_at": "13:00"}, "ends_at", "end after"),
    ({"slot_minutes": "45"}, "slot_minutes", "whole number"),
    ({"capacity": "0"}, "capacity", "Number must be"),
])
def test_a_bad_session_is_refused_beside_its_field(client, app, world, change, field, words):
    login(client, world.organiser)
    client.get("/language/en")
    url = f"/organiser/zones/{world.zone_id}/sessions"
    data = {"day": "2026-12-12", "starts_at": "14:00", "ends_at": "16:00", "slot_minutes": "30",
            "capacity": "4", "place": "", **change}
    response = post_form(client, url, data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}"' in html and "is-invalid" in html and words in html
    assert _count(app, MeetingSession) == 1


def test_another_organiser_or_other_roles_cannot_define_sessions(client, app, world, make_user):
    url = f"/organiser/zones/{world.zone_id}/sessions"
    login(client, make_user(Role.ORGANISER))  # another organiser's zone is a 404, as on every organiser page
    assert client.get(url).status_code == 404
    assert post_form(client, url, {"day": "2026-12-12"}, page="/organiser/meetings").status_code == 404
    for email in (world.staff[0], world.enterprise_users[0]):
        other = app.test_client()
        login(other, email)
        assert other.get(url).status_code == 403
    admin = app.test_client()
    login(admin, make_user(Role.ADMIN))
    assert admin.get(url).status_code == 200
    assert client.get("/organiser/zones/999999/sessions").status_code == 404


def test_the_organiser_reaches_sessions_from_the_navigation(client, world):
    login(client, world.organiser)
    home = client.get("/").get_data(as_text=True)
    assert "/organiser/meetings" in home
    listing = client.get("/organiser/meetings").get_data(as_text=True)
    assert f"/organiser/zones/{world.zone_id}/sessions" in listing


# Requests

def test_an_enterprise_requests_a_meeting(client, app, world):
    login(client, world.enterprise_users[0])
    url = f"/zones/{world.zone_id}/meetings/new"
    page = client.get(f"{url}?patent={world.patents[1]}")
    assert page.status_code == 200
    assert f'<option selected value="{world.patents[1]}">' in page.get_data(as_text=True)
    response = post_form(client, url, {"patent": str(world.patents[1]), "reason": "想了解中试条件",
                                       "slots": [str(world.slots[0]), str(world.slots[2])]})
    assert response.status_code == 302
    with app.app_context():
        meeting = db.session.scalars(select(MeetingRequest)).one()
        assert meeting.university_id == world.universities[1]
        assert [proposal.slot_id for proposal in meeting.proposals] == [world.slots[0], world.slots[2]]


@pytest.mark.parametrize(("change", "field"), [
    ({"reason": ""}, "reason"),
    ({"reason": "很" * 301}, "reason"),
    ({"slots": []}, "slots"),
    ({"slots": "all four"}, "slots"),
    ({"patent": "999999"}, "patent"),
    ({"patent": "１２"}, "patent"),
])
def test_a_bad_request_is_refused_beside_its_field(client, app, world, change, field):
    login(client, world.enterprise_users[0])
    data = {"patent": str(world.patents[0]), "reason": "想了解", "slots": [str(world.slots[0])], **change}
    if data["slots"] == "all four":
        data["slots"] = [str(slot) for slot in world.slots]
    response = post_form(client, f"/zones/{world.zone_id}/meetings/new", data)
    assert response.status_code == 422
    assert f'id="{field}"' in response.get_data(as_text=True)
    assert "is-invalid" in response.get_data(as_text=True)
    assert _count(app, MeetingRequest) == 0


def test_an_unregistered_enterprise_is_told_to_register(client, app, world, make_user):
    login(client, make_user(Role.ENTERPRISE_USER))
    url = f"/zones/{world.zone_id}/meetings/new"
    assert "只有报名本专区的企业才能申请洽谈" in page_text(client.get(url))
    response = post_form(client, url, {"patent": str(world.patents[0]), "reason": "想了解",
                                       "slots": [str(world.slots[0])]})
    assert response.status_code == 422
    assert _count(app, MeetingRequest) == 0


def test_the_request_page_is_reached_from_the_meetings_page(client, world):
    login(client, world.enterprise_users[0])
    assert "/meetings" in client.get("/").get_data(as_text=True)
    assert f"/zones/{world.zone_id}/meetings/new" in client.get("/meetings").get_data(as_text=True)


def test_other_roles_cannot_request(client, world):
    for email in (world.staff[0], world.organiser):
        login(client, email)
        assert client.get(f"/zones/{world.zone_id}/meetings/new").status_code == 403


# Answers

def test_the_ip_centre_sees_the_request_and_accepts_a_slot(client, app, world):
    meeting_id = _requested(app, world)
    login(client, world.staff[0])
    assert f"/meetings/{meeting_id}" in client.get("/meetings").get_data(as_text=True)
    response = post_form(client, f"/meetings/{meeting_id}/accept", {"slot": str(world.slots[1])},
                         page=f"/meetings/{meeting_id}")
    assert response.status_code == 302
    assert _status(app, meeting_id) == MeetingStatus.ACCEPTED
    assert "2026-12-10 09:30" in page_text(client.get("/meetings/agenda"))


def test_accepting_a_slot_the_enterprise_no_longer_has_free_is_refused(client, app, world):
    first = _accepted(app, world, enterprise=0, patent=0)  # slot 0
    second = _requested(app, world, enterprise=0, patent=1)
    login(client, world.staff[1])
    response = post_form(client, f"/meetings/{second}/accept", {"slot": str(world.slots[0])},
                         page=f"/meetings/{second}")
    assert response.status_code == 422
    assert "is-invalid" in response.get_data(as_text=True)
    assert _status(app, second) == MeetingStatus.REQUESTED
    assert _status(app, first) == MeetingStatus.ACCEPTED


def test_a_full_slot_is_refused_through_the_page(client, app):
    app.config["FROZEN_TODAY"] = BEFORE
    try:
        with app.app_context():
            world = build_meeting_world(enterprises=2, capacity=1, serial=4)
            db.session.commit()
        _accepted(app, world, enterprise=0, patent=0)
        second = _requested(app, world, enterprise=1, patent=1)
        login(client, world.staff[1])
        response = post_form(client, f"/meetings/{second}/accept", {"slot": str(world.slots[0])},
                             page=f"/meetings/{second}")
        assert response.status_code == 422
        assert _status(app, second) == MeetingStatus.REQUESTED
    finally:
        app.config.pop("FROZEN_TODAY", None)


def test_declining_needs_a_reason(client, app, world):
    meeting_id = _requested(app, world)
    login(client, world.staff[0])
    url = f"/meetings/{meeting_id}/decline"
    response = post_form(client, url, {"reason": "", "text": ""}, page=f"/meetings/{meeting_id}")
    assert response.status_code == 422
    response = post_form(client, url, {"reason": "other", "text": ""}, page=f"/meetings/{meeting_id}")
    assert response.status_code == 422
    assert _status(app, meeting_id) == MeetingStatus.REQUESTED
    response = post_form(client, url, {"reason": "price_or_terms", "text": ""},
                         page=f"/meetings/{meeting_id}")
    assert response.status_code == 302
    assert _status(app, meeting_id) == MeetingStatus.DECLINED
    enterprise = app.test_client()
    login(enterprise, world.enterprise_users[0])
    assert "价格或条款" in page_text(enterprise.get(f"/meetings/{meeting_id}"))


def test_strangers_cannot_see_or_answer_a_meeting(client, app, world, make_user):
    meeting_id = _requested(app, world)  # university 0
    login(client, world.staff[1])
    assert client.get(f"/meetings/{meeting_id}").status_code == 404
    assert post_form(client, f"/meetings/{meeting_id}/accept", {"slot": str(world.slots[0])},
                     page="/meetings").status_code == 404
    other = app.test_client()
    login(other, world.enterprise_users[1])
    assert other.get(f"/meetings/{meeting_id}").status_code == 404
    assert post_form(other, f"/meetings/{meeting_id}/cancel", {}, page="/meetings").status_code == 404
    own = app.test_client()
    login(own, world.enterprise_users[0])
    assert post_form(own, f"/meetings/{meeting_id}/accept", {"slot": str(world.slots[0])},
                     page="/meetings").status_code == 403
    assert _status(app, meeting_id) == MeetingStatus.REQUESTED


def test_the_enterprise_cancels(client, app, world):
    meeting_id = _accepted(app, world)
    login(client, world.enterprise_users[0])
    assert post_form(client, f"/meetings/{meeting_id}/cancel", {},
                     page=f"/meetings/{meeting_id}").status_code == 302
    assert _status(app, meeting_id) == MeetingStatus.CANCELLED


# Outcomes

def test_outcomes_are_refused_before_the_slot_and_recorded_after(client, app, world):
    meeting_id = _accepted(app, world)
    login(client, world.enterprise_users[0])
    data = {"outcome": "held", "follow_up": "further_talks", "reason": "", "text": ""}
    response = post_form(client, f"/meetings/{meeting_id}/outcome", data, page=f"/meetings/{meeting_id}")
    assert response.status_code == 422
    assert _count(app, MeetingOutcome) == 0
    app.config["FROZEN_TODAY"] = AFTER
    response = post_form(client, f"/meetings/{meeting_id}/outcome", {**data, "follow_up": ""},
                         page=f"/meetings/{meeting_id}")
    assert response.status_code == 422
    response = post_form(client, f"/meetings/{meeting_id}/outcome", data, page=f"/meetings/{meeting_id}")
    assert response.status_code == 302
    staff = app.test_client()
    login(staff, world.staff[0])
    response = post_form(staff, f"/meetings/{meeting_id}/outcome",
                         {"outcome": "held", "follow_up": "no_interest", "reason": "too_early", "text": ""},
                         page=f"/meetings/{meeting_id}")
    assert response.status_code == 302
    assert _count(app, MeetingOutcome) == 2
    assert "技术不够成熟" in page_text(staff.get(f"/meetings/{meeting_id}"))


# Agenda

def test_both_sides_see_the_agenda_and_download_it_as_ics(client, app, world):
    meeting_id = _accepted(app, world)
    for email in (world.enterprise_users[0], world.staff[0]):
        each = app.test_client()
        login(each, email)
        page = each.get("/meetings/agenda")
        assert "2026-12-10 09:00" in page_text(page)
        assert f"/meetings/{meeting_id}" in page.get_data(as_text=True)
        response = each.get("/meetings/agenda.ics")
        assert response.status_code == 200 and response.mimetype == "text/calendar"
        calendar = Calendar.from_ical(response.data)
        events = calendar.walk("VEVENT")
        assert len(events) == 1
        start = events[0].decoded("dtstart")
        assert (start.year, start.month, start.day, start.hour, start.minute) == (2026, 12, 10, 9, 0)
        assert str(start.tzinfo) == "Asia/Shanghai"
        assert b"DTSTART;TZID=Asia/Shanghai:20261210T090000" in response.data
        assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Asia/Shanghai"
    outsider = app.test_client()
    login(outsider, world.enterprise_users[1])
    assert Calendar.from_ical(outsider.get("/meetings/agenda.ics").data).walk("VEVENT") == []


def test_the_public_zone_sessions_include_lists_the_sessions(app, world):
    from flask import render_template_string

    with app.test_request_context():
        zone = db.session.get(Zone, world.zone_id)
        html = render_template_string('{% include "zones/_sessions.html" %}', zone=zone)
    assert "2026-12-10" in html and "09:00–11:00" in html
