"""The need's ranked patents for its enterprise: reasons in words, the order, who may read it, the
empty state; and the "not relevant" mark: stored, hidden, shown on asking, changed, refused."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.core.feedback import FeedbackReason
from marketplace.core.need_state import NeedStatus
from marketplace.extensions import db
from marketplace.matching.feedback_models import MatchFeedback
from tests.helpers import csrf_token, login, page_text
from tests.matching import match_world
from tests.matching.conftest import switch, words


def _url(scene) -> str:
    return f"/needs/{scene.world.need_id}/matches"


def _dismiss(client, scene, patent_id: int, reason: str, text: str = ""):
    return client.post(f"{_url(scene)}/{patent_id}/dismiss",
                       data={"reason": reason, "text": text, "csrf_token": csrf_token(client, _url(scene))})


def _marks(app) -> list[tuple]:
    with app.app_context():
        return [tuple(row) for row in db.session.execute(
            select(MatchFeedback.patent_id, MatchFeedback.reason, MatchFeedback.text)
            .order_by(MatchFeedback.id))]


def test_the_enterprise_reads_its_matches_best_first_with_reasons_in_chinese(client, scene):
    login(client, scene.buyer)
    response = client.get(_url(scene))
    assert response.status_code == 200
    text = words(response)
    assert "匹配词：稀土、永磁" in text
    assert "行业一致" in text and "IPC同类：H01F" in text
    assert "许可方式符合：先试用后付费" in text
    assert "价格：总价¥12.00万，在预算内" in text
    assert "剩余保护期14年" in text
    assert "价格：总价¥80.00万，超出预算" in text
    assert "尚未开放许可：可向高校咨询" in text
    assert "匹配结果计算于2026-11-26" in text
    titles = ("一种耐高温稀土永磁材料", "一种稀土抛光粉的回收方法", "永磁同步电机转子结构")
    order = [text.index(title) for title in titles]
    assert order == sorted(order)
    assert f'href="/patents/{scene.world.best}"' in response.get_data(as_text=True)


def test_the_reasons_read_in_english_too(client, scene):
    login(client, scene.buyer)
    client.get("/language/en")
    text = page_text(client.get(_url(scene)))
    assert "Matched terms:" in text and "Same industry" in text
    assert "Price: total ¥120,000.00, within the budget" in text
    assert "Years of protection left: 14" in text


def test_nobody_else_reads_the_matches(client, scene, make_user):
    assert client.get(_url(scene)).status_code == 302  # to log-in
    for email in (scene.stranger, scene.staff0, make_user(match_world.Role.ORGANISER)):
        switch(client, email)
        assert client.get(_url(scene)).status_code == 404, email
    switch(client, scene.buyer)
    assert client.get(_url(scene)).status_code == 200
    assert client.get("/needs/999999/matches").status_code == 404


def test_an_administrator_reads_them_without_marking(client, scene, make_user):
    login(client, make_user(match_world.Role.ADMIN))
    response = client.get(_url(scene))
    assert response.status_code == 200
    assert "匹配词" in page_text(response) and "/dismiss" not in response.get_data(as_text=True)


def test_a_need_without_matches_says_so(app, client, scene):
    with app.app_context():
        need_id = match_world.need(scene.world.enterprise_id, scene.world.buyer_id, matched_at=None)
        db.session.commit()
    login(client, scene.buyer)
    text = page_text(client.get(f"/needs/{need_id}/matches"))
    assert "尚未计算匹配结果" in text and "暂无与该需求匹配的专利" in text


def test_a_match_marked_not_relevant_is_hidden_and_shown_on_asking(app, client, scene):
    login(client, scene.buyer)
    response = _dismiss(client, scene, scene.world.dear, "not_our_field")
    assert response.status_code == 302
    assert _marks(app) == [(scene.world.dear, FeedbackReason.NOT_OUR_FIELD, "")]
    with app.app_context():
        assert db.session.scalars(select(MatchFeedback.university_id)).one() == scene.world.u1
    text = words(client.get(_url(scene)))
    assert "永磁同步电机转子结构" not in text and "显示已标记不相关（1）" in text
    shown = words(client.get(_url(scene) + "?dismissed=1"))
    assert "永磁同步电机转子结构" in shown and "已标记不相关不属于本企业领域" in shown


def test_marking_again_changes_the_reason(app, client, scene):
    login(client, scene.buyer)
    assert _dismiss(client, scene, scene.world.dear, "not_our_field").status_code == 302
    assert _dismiss(client, scene, scene.world.dear, "other", "我们只做电机外壳").status_code == 302
    assert _marks(app) == [(scene.world.dear, FeedbackReason.OTHER, "我们只做电机外壳")]


def test_refused_marks_say_why_and_write_nothing(app, client, scene):
    login(client, scene.buyer)
    for reason, text, message in (("", "", "请选择原因。"), ("bogus", "", "请选择原因。"),
                                  ("other", "  ", "请简要说明该专利为何不符合需求。"),
                                  ("too_early", "长" * 201, "200")):
        response = _dismiss(client, scene, scene.world.best, reason, text)
        assert response.status_code == 422, reason
        assert message in page_text(response), reason
    assert _marks(app) == []


def test_only_the_needs_enterprise_marks_and_only_its_matches(app, client, scene):
    login(client, scene.stranger)
    assert _dismiss(client, scene, scene.world.best, "too_early").status_code == 404
    switch(client, scene.staff0)
    assert _dismiss(client, scene, scene.world.best, "too_early").status_code == 403
    switch(client, scene.buyer)
    with app.app_context():
        unmatched = match_world.patent(scene.world.u0)
        db.session.commit()
    assert _dismiss(client, scene, unmatched, "too_early").status_code == 404
    assert _marks(app) == []


def test_a_closed_need_keeps_its_page(app, client, scene):
    with app.app_context():
        db.session.get(match_world.Need, scene.world.need_id).status = NeedStatus.CLOSED
        db.session.commit()
    login(client, scene.buyer)
    assert client.get(_url(scene)).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MatchFeedback)) == 0
