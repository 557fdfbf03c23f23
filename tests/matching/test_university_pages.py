"""The IP centre's pages: the live needs its patents fit, best first, with the fitting patents and their
reasons and filters; and why firms marked its matches not relevant. Administrators choose a university."""

from __future__ import annotations

from marketplace.accounts.models import Role
from marketplace.core.feedback import FeedbackReason
from marketplace.core.need_state import NeedStatus, NeedVisibility
from marketplace.core.patent_fields import Industry
from marketplace.extensions import db
from marketplace.matching import feedback
from marketplace.needs.models import Need
from tests.helpers import login, page_text
from tests.matching import match_world
from tests.matching.conftest import switch, words
from tests.matching.match_world import NOW


def _second_need(app, scene, score: int, **fields) -> int:
    """Another enterprise's need matched to the world's best patent with `score`."""
    with app.app_context():
        enterprise_id = match_world.enterprise()
        author = match_world.user(Role.ENTERPRISE_USER, enterprise_id=enterprise_id)
        title = fields.pop("title", "稀土永磁电机需要新材料")
        need_id = match_world.need(enterprise_id, author, title=title, **fields)
        match_world.match(need_id, scene.world.best, 1, score)
        db.session.commit()
        return need_id


def test_the_ip_centre_sees_the_needs_its_patents_fit_best_first(app, client, scene):
    better = _second_need(app, scene, 950_000, title="乳业冷链需要稀土永磁压缩机")
    login(client, scene.staff0)
    response = client.get("/matching/needs")
    assert response.status_code == 200
    html, text = response.get_data(as_text=True), words(response)
    assert text.index("乳业冷链需要稀土永磁压缩机") < text.index("寻找稀土永磁电机材料技术")
    assert "一种耐高温稀土永磁材料" in text and "一种稀土抛光粉的回收方法" in text
    assert "永磁同步电机转子结构" not in text  # the other university's patent
    assert "匹配词：稀土、永磁" in text and "行业一致" in text
    assert f'href="/needs/{better}"' in html and f'href="/needs/{better}/answer"' in html
    assert "回应需求" in text


def test_each_university_sees_only_its_own_fits(client, scene):
    login(client, scene.staff1)
    text = words(client.get("/matching/needs"))
    assert "永磁同步电机转子结构" in text and "一种耐高温稀土永磁材料" not in text


def test_closed_needs_and_dismissed_matches_left_out_universities_only_needs_shown(app, client, scene):
    closed = _second_need(app, scene, 990_000, title="已关闭的需求", status=NeedStatus.CLOSED)
    private = _second_need(app, scene, 100_000, title="仅高校可见的需求",
                           visibility=NeedVisibility.UNIVERSITIES)
    with app.app_context():
        need = db.session.get(Need, scene.world.need_id)
        buyer = db.session.get(match_world.User, scene.world.buyer_id)
        feedback.dismiss(buyer, need, scene.world.dear, FeedbackReason.NOT_OUR_FIELD, "", NOW)
        db.session.commit()
    login(client, scene.staff0)
    text = words(client.get("/matching/needs"))
    assert "已关闭的需求" not in text and "仅高校可见的需求" in text
    switch(client, scene.staff1)
    assert "寻找稀土永磁电机材料技术" not in words(client.get("/matching/needs"))  # its one match dismissed
    assert closed and private


def test_filters_by_industry_region_and_patent(app, client, scene):
    _second_need(app, scene, 950_000, title="乳业的需求", industry=Industry.DAIRY_FOOD, region="呼和浩特市")
    login(client, scene.staff0)
    text = words(client.get("/matching/needs?industry=dairy_food"))
    assert "乳业的需求" in text and "寻找稀土永磁电机材料技术" not in text
    text = words(client.get("/matching/needs?region=包头市"))
    assert "乳业的需求" not in text and "寻找稀土永磁电机材料技术" in text
    text = words(client.get(f"/matching/needs?patent={scene.world.plain}"))
    assert "寻找稀土永磁电机材料技术" in text and "乳业的需求" not in text
    assert "一种耐高温稀土永磁材料" not in text.split("匹配的我校专利", 1)[1]
    text = words(client.get("/matching/needs?industry=bogus&region=" + "长" * 500 + "&patent=²"))
    assert "乳业的需求" in text and "寻找稀土永磁电机材料技术" in text


def test_an_empty_page_says_why(client, make_user):
    login(client, make_user(Role.UNIVERSITY_STAFF))
    assert "暂无与贵校专利匹配的在征需求" in page_text(client.get("/matching/needs"))


def test_administrators_choose_a_university_and_others_are_refused(client, scene, make_user):
    assert client.get("/matching/needs").status_code == 302
    login(client, scene.buyer)
    assert client.get("/matching/needs").status_code == 403
    assert client.get("/matching/feedback").status_code == 403
    switch(client, make_user(Role.ADMIN))
    assert "请选择一所高校" in page_text(client.get("/matching/needs"))
    assert "一种耐高温稀土永磁材料" in words(client.get(f"/matching/needs?university={scene.world.u0}"))
    assert client.get("/matching/needs?university=999999").status_code == 404
    assert client.get(f"/matching/feedback?university={scene.world.u0}").status_code == 200
    assert client.get("/matching/feedback?university=999999").status_code == 404


def _mark(app, scene, need_id: int, patent_id: int, reason: FeedbackReason, text: str = "", moment=NOW):
    with app.app_context():
        need = db.session.get(Need, need_id)
        user_id = need.created_by_id
        feedback.dismiss(db.session.get(match_world.User, user_id), need, patent_id, reason, text, moment)
        db.session.commit()


def test_the_feedback_summary_counts_reasons_per_patent_and_shows_words_newest_first(app, client, scene):
    from datetime import timedelta

    second = _second_need(app, scene, 800_000)
    with app.app_context():
        match_world.match(second, scene.world.plain, 2, 400_000)
        db.session.commit()
    _mark(app, scene, scene.world.need_id, scene.world.best, FeedbackReason.PRICE_OR_TERMS, "太贵了")
    _mark(app, scene, second, scene.world.best, FeedbackReason.OTHER, "我们已经在用别的材料",
          NOW + timedelta(hours=1))
    _mark(app, scene, second, scene.world.plain, FeedbackReason.PRICE_OR_TERMS)
    _mark(app, scene, scene.world.need_id, scene.world.dear, FeedbackReason.TOO_EARLY, "另一所大学的")
    login(client, scene.staff0)
    response = client.get("/matching/feedback")
    assert response.status_code == 200
    text = words(response)
    assert "价格或条款2" in text and "其他（请说明）1" in text and "技术不够成熟0" in text
    assert "一种耐高温稀土永磁材料2价格或条款1、其他（请说明）1" in text
    assert "一种稀土抛光粉的回收方法1价格或条款1" in text
    assert text.index("我们已经在用别的材料") < text.index("太贵了")
    assert "另一所大学的" not in text


def test_the_ip_centre_reaches_its_pages_from_the_dashboard(client, scene):
    login(client, scene.staff0)
    html = client.get("/dashboard").get_data(as_text=True)
    assert 'href="/matching/needs"' in html and 'href="/matching/feedback"' in html
    assert "企业标记不相关的原因" in page_text(client.get("/dashboard"))
