"""A thread turned into a meeting request: in a zone taking requests that curates a patent of the thread's
university, through the zones' own request service; refused clearly when no zone fits."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.conversations import services
from marketplace.conversations.models import Message, MessageKind
from marketplace.core.zone_state import ZoneStatus
from marketplace.extensions import db
from marketplace.zones.meeting_models import MeetingRequest
from marketplace.zones.models import Zone, ZonePatent
from tests.conversations.world import NOW, user
from tests.helpers import login, page_text, post_form


def _answered(app, world, staff=None) -> int:
    with app.app_context():
        conversation = services.answer_need(user(staff or world.staff), world.need_id, "欢迎来专场面谈。",
                                            world.meetings.patents[0] if staff is None else None, NOW)
        db.session.commit()
        return conversation.id


def _meetings(app) -> list[MeetingRequest]:
    with app.app_context():
        return list(db.session.scalars(select(MeetingRequest)))


def test_the_enterprise_turns_the_thread_into_a_meeting_request(app, client, world):
    conversation_id = _answered(app, world)
    login(client, world.enterprise)
    url = f"/threads/{conversation_id}/meeting"
    page = client.get(url)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "稀土新材料专场1" in text and f'value="{world.meetings.slots[0]}"' in text
    response = post_form(client, url, {"zone": str(world.meetings.zone_id),
                                       "patent": str(world.meetings.patents[0]),
                                       "slots": [str(world.meetings.slots[0]), str(world.meetings.slots[1])],
                                       "reason": "想当面了解中试条件"})
    assert response.status_code == 302
    with app.app_context():
        meeting = db.session.scalars(select(MeetingRequest)).one()
        assert response.headers["Location"].endswith(f"/meetings/{meeting.id}")
        assert meeting.conversation_id == conversation_id
        assert meeting.university_id == world.meetings.universities[0]
        assert meeting.patent_id == world.meetings.patents[0] and len(meeting.proposals) == 2
        line = db.session.scalars(select(Message).where(Message.kind == MessageKind.MEETING)).one()
        assert line.meeting_id == meeting.id and line.body.startswith("已发起对接会议申请")
    thread = page_text(client.get(f"/threads/{conversation_id}"))
    assert "已发起对接会议申请" in thread and f"/meetings/{meeting.id}" in client.get(
        f"/threads/{conversation_id}").get_data(as_text=True)


def test_a_patent_of_another_university_or_no_slot_is_refused(app, client, world):
    conversation_id = _answered(app, world)
    client.get("/language/en")
    login(client, world.enterprise)
    url = f"/threads/{conversation_id}/meeting"
    base = {"zone": str(world.meetings.zone_id), "reason": "面谈"}
    response = post_form(client, url, {**base, "patent": str(world.meetings.patents[1]),
                                       "slots": [str(world.meetings.slots[0])]})
    assert response.status_code == 422
    assert "Choose a patent of this university curated in the zone." in page_text(response)
    response = post_form(client, url, {**base, "patent": str(world.meetings.patents[0])})
    assert response.status_code == 422 and "Choose one to three slots" in page_text(response)
    assert _meetings(app) == []
    with app.app_context():
        assert db.session.scalar(select(func.count(Message.id))) == 1


def test_without_a_zone_taking_requests_the_page_says_so_and_a_post_is_refused(app, client, world):
    conversation_id = _answered(app, world)
    with app.app_context():
        db.session.get(Zone, world.meetings.zone_id).status = ZoneStatus.CLOSED
        db.session.commit()
    client.get("/language/en")
    login(client, world.enterprise)
    url = f"/threads/{conversation_id}/meeting"
    page = client.get(url)
    assert page.status_code == 200 and "No zone taking meeting requests" in page_text(page)
    response = post_form(client, url, {"zone": str(world.meetings.zone_id),
                                       "patent": str(world.meetings.patents[0]),
                                       "slots": [str(world.meetings.slots[0])], "reason": "面谈"})
    assert response.status_code == 422
    assert "Choose a zone that takes meeting requests." in page_text(response)
    assert _meetings(app) == []


def test_a_zone_without_the_universitys_patents_does_not_fit(app, client, world):
    conversation_id = _answered(app, world)
    with app.app_context():
        db.session.execute(ZonePatent.__table__.delete().where(
            ZonePatent.university_id == world.meetings.universities[0]))
        db.session.commit()
    login(client, world.enterprise)
    client.get("/language/en")
    assert "No zone taking meeting requests" in page_text(client.get(f"/threads/{conversation_id}/meeting"))


def test_an_unregistered_enterprise_is_told_to_register(app, client, world):
    from tests.zones.meeting_world import add_enterprise

    with app.app_context():
        _, email = add_enterprise(world.meetings, register=False)
        conversation = services.ask_about_patent(user(email), world.meetings.patents[0], "想面谈", NOW)
        db.session.commit()
        conversation_id = conversation.id
    client.get("/language/en")
    login(client, email)
    url = f"/threads/{conversation_id}/meeting"
    assert "Register for the zone first" in page_text(client.get(url))
    response = post_form(client, url, {"zone": str(world.meetings.zone_id),
                                       "patent": str(world.meetings.patents[0]),
                                       "slots": [str(world.meetings.slots[0])], "reason": "面谈"})
    assert response.status_code == 422 and "Register for the zone before requesting" in page_text(response)
    assert _meetings(app) == []


def test_only_the_threads_enterprise_requests_a_meeting_from_it(app, client, world):
    conversation_id = _answered(app, world)
    url = f"/threads/{conversation_id}/meeting"
    login(client, world.other_enterprise)
    assert client.get(url).status_code == 404
    staff = app.test_client()
    login(staff, world.staff)
    assert staff.get(url).status_code == 403
