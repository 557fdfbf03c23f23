"""`flask matching notify`: each university told once of the live needs its patents fit, each enterprise
once of the offers that fit its open needs, one notification per organisation per run, never a dismissed
match, nothing on a second run."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.core.feedback import FeedbackReason
from marketplace.core.need_state import NeedStatus
from marketplace.extensions import db
from marketplace.matching import feedback
from marketplace.matching.feedback_models import MatchNotice
from marketplace.matching.notices import notify_matches, pending_count
from marketplace.needs.models import Need
from marketplace.notifications.models import Notification
from marketplace.notifications.services import text_of
from tests.matching import match_world
from tests.matching.match_world import NOW


def _notices() -> dict[tuple, str]:
    """(recipient kind, organisation id) → the notification's list of pairs."""
    found = {}
    for each in db.session.scalars(select(Notification).order_by(Notification.id)):
        key = ("university", each.university_id) if each.university_id else ("enterprise", each.enterprise_id)
        assert key not in found, key
        found[key] = json.loads(each.params_json)["list"]
    return found


def test_a_run_tells_each_organisation_once_with_links_and_a_second_run_nothing(app):
    with app.app_context():
        world = match_world.build()
        assert pending_count() == 2 + 2  # two universities; two offered patents for the enterprise
        report = notify_matches(NOW, "https://example.cn/")
        assert (report.university_pairs, report.university_notices) == (2, 2)
        assert (report.enterprise_pairs, report.enterprise_notices) == (2, 1)
        notices = _notices()
        assert set(notices) == {("university", world.u0), ("university", world.u1),
                                ("enterprise", world.enterprise_id)}
        assert f"https://example.cn/needs/{world.need_id}" in notices[("university", world.u0)]
        told = notices[("enterprise", world.enterprise_id)]
        assert "一种耐高温稀土永磁材料" in told and "永磁同步电机转子结构" in told
        assert "一种稀土抛光粉的回收方法" not in told  # not offered
        assert f"https://example.cn/needs/{world.need_id}/matches" in told
        mail = text_of(db.session.scalars(select(Notification).where(
            Notification.enterprise_id == world.enterprise_id)).one())
        assert "有开放许可专利与您的技术需求匹配" in mail and "一种耐高温稀土永磁材料" in mail
        assert pending_count() == 0
        again = notify_matches(NOW)
        assert (again.university_pairs, again.enterprise_pairs, again.university_notices,
                again.enterprise_notices) == (0, 0, 0, 0)
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 3


def test_only_new_pairs_are_told_later(app):
    with app.app_context():
        world = match_world.build()
        notify_matches(NOW)
        newer = match_world.patent(world.u0, "flat", "稀土永磁新专利")
        match_world.match(world.need_id, newer, 4, 200_000)
        report = notify_matches(NOW)
        # The university already knows of this need; the enterprise hears of the new offer only.
        assert (report.university_pairs, report.enterprise_pairs) == (0, 1)
        latest = db.session.scalars(select(Notification).order_by(Notification.id.desc())).first()
        assert "稀土永磁新专利" in json.loads(latest.params_json)["list"]
        assert "一种耐高温稀土永磁材料" not in json.loads(latest.params_json)["list"]


def test_dismissed_matches_closed_needs_and_needs_in_talks(app):
    with app.app_context():
        world = match_world.build()
        need = db.session.get(Need, world.need_id)
        feedback.dismiss(db.session.get(match_world.User, world.buyer_id), need, world.dear,
                         FeedbackReason.PRICE_OR_TERMS, "", NOW)
        closed = match_world.need(world.enterprise_id, world.buyer_id, title="关闭的需求",
                                  status=NeedStatus.CLOSED)
        match_world.match(closed, world.best, 1, 900_000)
        talks = match_world.need(world.enterprise_id, world.buyer_id, title="洽谈中的需求",
                                 status=NeedStatus.IN_TALKS)
        match_world.match(talks, world.best, 1, 900_000)
        notify_matches(NOW)
        pairs = set(db.session.execute(select(MatchNotice.kind, MatchNotice.need_id,
                                              MatchNotice.university_id, MatchNotice.patent_id)))
        assert pairs == {("university", world.need_id, world.u0, None),
                         ("university", talks, world.u0, None),  # a need in talks is still live
                         ("enterprise", world.need_id, None, world.best)}  # dear dismissed; talks not open
        assert ("university", world.u1) not in _notices()


def test_the_command_shows_progress_and_a_summary(app, runner):
    with app.app_context():
        match_world.build()
        db.session.commit()
    result = runner.invoke(args=["matching", "notify"])
    assert result.exit_code == 0, result.output
    assert "2 new needs for 2 universities, 2 new offers for 1 enterprises" in result.output
    result = runner.invoke(args=["matching", "notify"])
    assert "0 new needs for 0 universities, 0 new offers for 0 enterprises" in result.output


def test_the_university_notice_goes_to_its_staff(app):
    with app.app_context():
        world = match_world.build()
        match_world.user(Role.UNIVERSITY_STAFF, university_id=world.u0)
        notify_matches(NOW)
        notice = db.session.scalars(select(Notification).where(Notification.university_id == world.u0)).one()
        assert notice.kind == "match_needs" and "寻找稀土永磁电机材料技术" in text_of(notice)
