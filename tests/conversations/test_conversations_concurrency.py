"""Conversations written at once, on SQLite and PostgreSQL with real commits: two IP-centre users of one
university answering the same need get one thread with both messages; two users of one enterprise asking
about the same patent get one thread; two acceptances of one answer accept it once."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.conversations import services
from marketplace.conversations.models import Conversation, Message
from marketplace.core.need_state import NeedStatus
from marketplace.extensions import db
from marketplace.needs.models import Need
from marketplace.service_errors import ServiceError
from tests.conversations.world import NOW, build_conversation_world, user
from tests.ledger.separate_database import BACKENDS, run_together, separate_app
from tests.zones.meeting_world import _user

pytestmark = pytest.mark.real_commits


def _in_turn(values):
    todo = iter(values)
    lock = threading.Lock()

    def take():
        with lock:
            return next(todo)

    return take


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_answers_at_once_make_one_thread_with_two_messages(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            world = build_conversation_world()
            db.session.commit()
        take = _in_turn([world.staff, world.second_staff])

        def answer():
            return services.answer_need(user(take()), world.need_id, "我校可以提供这项技术。", None, NOW).id

        results, errors = run_together(app, 2, answer)
        assert errors == []
        assert results[0] == results[1]
        with app.app_context():
            assert db.session.scalar(select(func.count(Conversation.id))) == 1
            assert db.session.scalar(select(func.count(Message.id))) == 2


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_questions_at_once_about_one_patent_make_one_thread(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            world = build_conversation_world()
            colleague = _user("colleague@example.com", Role.ENTERPRISE_USER,
                              enterprise_id=user(world.enterprise).enterprise_id)
            db.session.commit()
            second = colleague.email
        take = _in_turn([world.enterprise, second])

        def ask():
            return services.ask_about_patent(user(take()), world.meetings.patents[0], "能否试用？", NOW).id

        results, errors = run_together(app, 2, ask)
        assert errors == []
        assert results[0] == results[1]
        with app.app_context():
            assert db.session.scalar(select(func.count(Conversation.id))) == 1
            assert db.session.scalar(select(func.count(Message.id))) == 2


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_acceptances_at_once_accept_the_answer_once(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            world = build_conversation_world()
            conversation = services.answer_need(user(world.staff), world.need_id, "欢迎交流。", None, NOW)
            db.session.commit()
            conversation_id = conversation.id

        def accept():
            return services.accept_answer(user(world.enterprise), conversation_id, NOW).id

        results, errors = run_together(app, 2, accept)
        assert len(errors) == 1 and isinstance(errors[0], ServiceError), errors
        assert "already accepted" in str(errors[0].message)
        assert [result for result in results if result is not None] == [conversation_id]
        with app.app_context():
            assert db.session.get(Conversation, conversation_id).answer_accepted_at is not None
            assert db.session.get(Need, world.need_id).status == NeedStatus.IN_TALKS
