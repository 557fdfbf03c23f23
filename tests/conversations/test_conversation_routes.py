"""Conversation pages through the test client: answering a need, asking about a patent, the inbox, a
thread, replies, read markers and accepting an answer — with refusals (422 beside the field and nothing
written, 404 for anyone outside the thread, 403 for the wrong role)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.conversations import services
from marketplace.conversations.models import Conversation, Message
from marketplace.core.need_state import NeedStatus, NeedVisibility
from marketplace.extensions import db
from marketplace.needs.models import Need
from marketplace.notifications.models import Notification
from marketplace.notifications.services import text_of
from tests.conversations.world import NOW, add_need, user
from tests.helpers import login, page_text, post_form


def _as(app, email: str, english: bool = False):
    """A fresh test client logged in as `email` (in English when asked)."""
    client = app.test_client()
    if english:
        client.get("/language/en")
    login(client, email)
    return client


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _answered(app, world, body="我校有高矫顽力钕铁硼制备专利，欢迎交流。", staff=None, need_id=None) -> int:
    with app.app_context():
        conversation = services.answer_need(user(staff or world.staff), need_id or world.need_id, body, None,
                                            NOW)
        db.session.commit()
        return conversation.id


def _asked(app, world, enterprise=None, patent_index=0) -> int:
    with app.app_context():
        conversation = services.ask_about_patent(user(enterprise or world.enterprise),
                                                 world.meetings.patents[patent_index], "是否有中试数据？",
                                                 NOW)
        db.session.commit()
        return conversation.id


# Answering a need

def test_an_ip_centre_answers_a_need_with_a_patent_and_the_enterprise_is_notified(app, client, world):
    login(client, world.staff)
    page = client.get(f"/needs/{world.need_id}/answer")
    assert page.status_code == 200 and "稀土永磁电机降本" in page_text(page)
    response = post_form(client, f"/needs/{world.need_id}/answer",
                         {"body": "我校钕铁硼专利可降本两成。", "patent": str(world.meetings.patents[0])})
    assert response.status_code == 302
    with app.app_context():
        conversation = db.session.scalars(select(Conversation)).one()
        assert response.headers["Location"].endswith(f"/threads/{conversation.id}")
        assert conversation.need_id == world.need_id
        assert conversation.university_id == world.meetings.universities[0]
        assert conversation.enterprise_id == user(world.enterprise).enterprise_id
        assert conversation.patent_id == world.meetings.patents[0]
        assert conversation.started_by == "university"
        assert [m.body for m in conversation.messages] == ["我校钕铁硼专利可降本两成。"]
        notice = db.session.scalars(select(Notification)
                                    .where(Notification.kind == "conversation_message")).one()
        assert notice.enterprise_id == conversation.enterprise_id and notice.university_id is None
        words = text_of(notice)
        assert "我校钕铁硼专利可降本两成。" in words and f"/threads/{conversation.id}" in words


def test_a_second_answer_from_the_same_university_adds_to_its_thread(app, client, world):
    first = _answered(app, world)
    login(client, world.second_staff)
    page = client.get(f"/needs/{world.need_id}/answer")
    assert f"/threads/{first}" in page.get_data(as_text=True)
    response = post_form(client, f"/needs/{world.need_id}/answer",
                         {"body": "补充：可提供样品。", "patent": ""})
    assert response.status_code == 302
    assert _count(app, Conversation) == 1
    assert _count(app, Message) == 2


def test_another_university_answering_opens_its_own_thread(app, world):
    _answered(app, world)
    _answered(app, world, staff=world.other_staff)
    assert _count(app, Conversation) == 2


@pytest.mark.parametrize(("body", "message"), [
    ("", "Write a message."),
    ("   \n ", "Write a message."),
    ("。。。！！？？", "not only punctuation"),
    ("🙂🙂🙂", "not only punctuation"),
    ("长" * 20_000, "2000"),
])
def test_a_bad_answer_is_refused_beside_the_field_and_nothing_is_written(app, client, world, body, message):
    client.get("/language/en")
    login(client, world.staff)
    response = post_form(client, f"/needs/{world.need_id}/answer", {"body": body, "patent": ""})
    assert response.status_code == 422
    assert message in page_text(response)
    assert _count(app, Conversation) == 0 and _count(app, Message) == 0 and _count(app, Notification) == 0


def test_a_patent_of_another_university_cannot_be_proposed(app, client, world):
    client.get("/language/en")
    login(client, world.staff)
    response = post_form(client, f"/needs/{world.need_id}/answer",
                         {"body": "请看这项专利", "patent": str(world.meetings.patents[1])})
    assert response.status_code == 422
    assert "Choose one of your university's offered patents." in page_text(response)
    assert _count(app, Conversation) == 0


@pytest.mark.parametrize("status", [NeedStatus.CLOSED, NeedStatus.SOLVED])
def test_a_closed_or_solved_need_takes_no_answer(app, client, world, status):
    client.get("/language/en")
    with app.app_context():
        need_id = add_need(world.enterprise, status=status)
        db.session.commit()
    login(client, world.staff)
    page = client.get(f"/needs/{need_id}/answer")
    assert page.status_code == 200 and "no longer takes answers" in page_text(page)
    response = post_form(client, f"/needs/{need_id}/answer", {"body": "我们可以帮忙", "patent": ""},
                         page=f"/needs/{world.need_id}/answer")
    assert response.status_code == 422
    assert "no longer takes answers" in page_text(response)
    assert _count(app, Conversation) == 0


def test_a_need_for_universities_only_is_answered_by_staff(app, client, world):
    with app.app_context():
        need_id = add_need(world.enterprise, visibility=NeedVisibility.UNIVERSITIES)
        db.session.commit()
    login(client, world.staff)
    assert client.get(f"/needs/{need_id}/answer").status_code == 200


def test_answering_is_for_ip_centres_only(app, client, world):
    assert client.get(f"/needs/{world.need_id}/answer").status_code == 302  # to log in
    client = _as(app, world.enterprise)
    assert client.get(f"/needs/{world.need_id}/answer").status_code == 403
    assert post_form(client, f"/needs/{world.need_id}/answer", {"body": "x"},
                     page="/threads").status_code == 403
    assert _count(app, Conversation) == 0


# Asking about a patent

def test_an_enterprise_asks_about_a_patent_and_the_university_is_notified(app, client, world):
    login(client, world.enterprise)
    patent_id = world.meetings.patents[1]
    assert "/ask" in client.get(f"/patents/{patent_id}").get_data(as_text=True)
    assert client.get(f"/patents/{patent_id}/ask").status_code == 200
    response = post_form(client, f"/patents/{patent_id}/ask", {"body": "贵校这项专利能否先试用？"})
    assert response.status_code == 302
    again = post_form(client, f"/patents/{patent_id}/ask", {"body": "另外想问授权期限。"})
    assert again.headers["Location"] == response.headers["Location"]
    with app.app_context():
        conversation = db.session.scalars(select(Conversation)).one()
        assert conversation.university_id == world.meetings.universities[1]
        assert conversation.need_id is None and conversation.started_by == "enterprise"
        assert len(conversation.messages) == 2
        notices = db.session.scalars(select(Notification)).all()
        assert {n.university_id for n in notices} == {world.meetings.universities[1]}
        assert len(notices) == 2


def test_asking_is_for_enterprises_and_refuses_bad_questions(app, client, world, make_patent):
    patent_id = world.meetings.patents[0]
    assert _as(app, world.staff).get(f"/patents/{patent_id}/ask").status_code == 403
    client = _as(app, world.enterprise, english=True)
    response = post_form(client, f"/patents/{patent_id}/ask", {"body": "？？？"})
    assert response.status_code == 422 and "not only punctuation" in page_text(response)
    assert client.get("/patents/999999/ask").status_code == 404
    assert _count(app, Conversation) == 0


# The thread: who reads it, reading marks, replies

def test_the_parties_read_the_thread_and_nobody_else(app, client, world, make_user):
    conversation_id = _answered(app, world)
    url = f"/threads/{conversation_id}"
    assert client.get(url).status_code == 302
    for email, status in ((world.enterprise, 200), (world.staff, 200), (world.second_staff, 200),
                          (world.other_staff, 404), (world.other_enterprise, 404),
                          (make_user(Role.ORGANISER), 403)):
        client = _as(app, email)
        assert client.get(url).status_code == status, email
        assert post_form(client, f"{url}/reply", {"body": "你好"}, page="/dashboard").status_code in (
            302 if status == 200 else status,)
    client = _as(app, make_user(Role.ADMIN))
    page = client.get(url)
    assert page.status_code == 200 and "钕铁硼" in page_text(page)
    assert f"{url}/reply" not in page.get_data(as_text=True)  # administrators only read
    assert post_form(client, f"{url}/reply", {"body": "管理员"}, page="/dashboard").status_code == 403
    with app.app_context():
        assert all(m.body != "管理员" for m in db.session.scalars(select(Message)))


def test_opening_a_thread_marks_it_read_for_that_side_only(app, client, world):
    conversation_id = _answered(app, world)
    login(client, world.enterprise)
    home = client.get("/threads")
    assert "badge" in home.get_data(as_text=True)
    with app.app_context():
        assert services.unread_count(user(world.enterprise)) == 1
        assert services.unread_count(user(world.staff)) == 0  # the writer's side has seen its own message
    client.get(f"/threads/{conversation_id}")
    with app.app_context():
        assert services.unread_count(user(world.enterprise)) == 0
        conversation = db.session.get(Conversation, conversation_id)
        assert conversation.enterprise_read_at == conversation.last_message_at
    response = post_form(client, f"/threads/{conversation_id}/reply", {"body": "请发技术资料"},
                         page=f"/threads/{conversation_id}")
    assert response.status_code == 302
    with app.app_context():
        assert services.unread_count(user(world.staff)) == 1
        assert services.unread_count(user(world.second_staff)) == 1
        assert services.unread_count(user(world.enterprise)) == 0
        notice = db.session.scalars(select(Notification).order_by(Notification.id.desc())).first()
        assert notice.university_id == world.meetings.universities[0]


@pytest.mark.parametrize(("body", "message"), [
    ("", "Write a message."), ("，，，", "not only punctuation"), ("字" * 20_000, "2000")])
def test_a_bad_reply_is_refused_and_nothing_is_written(app, client, world, body, message):
    conversation_id = _answered(app, world)
    client.get("/language/en")
    login(client, world.enterprise)
    response = post_form(client, f"/threads/{conversation_id}/reply", {"body": body},
                         page=f"/threads/{conversation_id}")
    assert response.status_code == 422 and message in page_text(response)
    assert _count(app, Message) == 1


def test_the_inbox_lists_the_organisations_threads_newest_first(app, client, world, make_user):
    answered = _answered(app, world)
    asked = _asked(app, world, enterprise=world.other_enterprise, patent_index=0)
    text = _as(app, world.staff).get("/threads").get_data(as_text=True)
    assert text.index(f"/threads/{asked}") < text.index(f"/threads/{answered}")  # same time: newest id first
    text = _as(app, world.enterprise).get("/threads").get_data(as_text=True)
    assert f"/threads/{answered}" in text and f"/threads/{asked}" not in text
    text = _as(app, world.other_staff).get("/threads").get_data(as_text=True)
    assert f"/threads/{answered}" not in text and f"/threads/{asked}" not in text
    client = _as(app, make_user(Role.ADMIN))
    text = client.get("/threads").get_data(as_text=True)
    assert f"/threads/{asked}" in text and f"/threads/{answered}" in text
    assert client.get("/threads?page=²").status_code == 200


# Accepting an answer

def test_the_enterprise_accepts_an_answer_once_and_its_need_moves_to_in_talks(app, client, world):
    conversation_id = _answered(app, world)
    login(client, world.enterprise)
    assert "/accept" in client.get(f"/threads/{conversation_id}").get_data(as_text=True)
    response = post_form(client, f"/threads/{conversation_id}/accept", {}, page=f"/threads/{conversation_id}")
    assert response.status_code == 302
    with app.app_context():
        conversation = db.session.get(Conversation, conversation_id)
        accepted_at = conversation.answer_accepted_at
        assert accepted_at is not None and conversation.answer_accepted_by_id == user(world.enterprise).id
        need = db.session.get(Need, world.need_id)
        assert need.status == NeedStatus.IN_TALKS and need.status_changed_at is not None
    client.get("/language/en")
    again = post_form(client, f"/threads/{conversation_id}/accept", {}, page=f"/threads/{conversation_id}")
    assert "already accepted" in page_text(client.get(again.headers["Location"]))
    with app.app_context():
        assert db.session.get(Conversation, conversation_id).answer_accepted_at == accepted_at


def test_only_the_enterprise_of_the_thread_accepts_an_answer_to_its_need(app, client, world):
    conversation_id = _answered(app, world)
    url = f"/threads/{conversation_id}/accept"
    assert post_form(_as(app, world.staff), url, {}, page="/threads").status_code == 403
    assert post_form(_as(app, world.other_enterprise), url, {}, page="/threads").status_code == 404
    asked = _asked(app, world)
    client = _as(app, world.enterprise, english=True)
    response = post_form(client, f"/threads/{asked}/accept", {}, page="/threads")
    assert "Only an answer to one of your needs" in page_text(client.get(response.headers["Location"]))
    with app.app_context():
        assert db.session.scalar(select(func.count(Conversation.id)).where(
            Conversation.answer_accepted_at.is_not(None))) == 0
        assert db.session.get(Need, world.need_id).status == NeedStatus.OPEN


def test_an_answer_to_a_closed_need_cannot_be_accepted(app, client, world):
    conversation_id = _answered(app, world)
    with app.app_context():
        db.session.get(Need, world.need_id).status = NeedStatus.CLOSED
        db.session.commit()
    login(client, world.enterprise)
    assert "/accept" not in client.get(f"/threads/{conversation_id}").get_data(as_text=True)
    post_form(client, f"/threads/{conversation_id}/accept", {}, page="/threads")
    with app.app_context():
        assert db.session.get(Conversation, conversation_id).answer_accepted_at is None
        assert db.session.get(Need, world.need_id).status == NeedStatus.CLOSED


def test_a_message_notice_reaches_the_other_organisations_active_users_in_chinese_with_a_link(app, world):
    from marketplace.accounts.models import AccountStatus, User
    from marketplace.notifications.services import deliver_outbox

    class Recorder:
        def __init__(self):
            self.sent = []

        def send(self, to, subject, body):
            self.sent.append((to, subject, body))

    conversation_id = _answered(app, world)
    app.config["PUBLIC_URL"] = "https://patents.example.cn/"
    try:
        with app.app_context():
            enterprise_id = user(world.enterprise).enterprise_id
            db.session.add(User(email="left@example.com", name="离职员工", role=Role.ENTERPRISE_USER,
                                status=AccountStatus.DISABLED, enterprise_id=enterprise_id,
                                password_hash="x"))
            db.session.flush()
            recorder = Recorder()
            assert deliver_outbox(NOW, recorder) == 1
            [(to, _, body)] = recorder.sent
            assert to == [world.enterprise]
            assert f"https://patents.example.cn/threads/{conversation_id}" in body
            assert "在对话" in body and "会谈大学1-0" in body
    finally:
        app.config.pop("PUBLIC_URL", None)


def test_a_proposed_patent_that_is_not_an_id_is_refused_beside_the_field(app, client, world):
    client.get("/language/en")
    login(client, world.staff)
    response = post_form(client, f"/needs/{world.need_id}/answer", {"body": "请看", "patent": "１２"})
    assert response.status_code == 422
    assert "Choose one of your university's offered patents." in page_text(response)
    assert _count(app, Conversation) == 0
