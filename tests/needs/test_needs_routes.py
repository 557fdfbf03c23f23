"""The needs pages through the test client: posting, editing and moving a need, who may read it, and
every refusal (wrong role, another enterprise, bad input) leaving the database as it was."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.core.need_state import NeedStatus, NeedTimeline, NeedVisibility
from marketplace.core.patent_fields import Industry
from marketplace.extensions import db
from marketplace.needs.models import Need
from tests.helpers import login, page_text, post_form
from tests.needs.conftest import enterprise_of, need_row

GOOD = {
    "title": "想找PEM电解槽的膜电极",
    "description": "我们做光伏制氢，PEM electrolyser 的膜电极寿命短，铱用量高。",
    "industry": "new_energy",
    "keywords": "PEM，膜电极; 氢能  低铱",
    "budget_min": "5万",
    "budget_max": "¥300,000",
    "plan_kinds": ["try_first", "staged"],
    "timeline": "within_6_months",
    "region": "鄂尔多斯市",
    "visibility": "public",
}


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Need))


def _post_new(client, **changes):
    return post_form(client, "/needs/new", {**GOOD, **changes})


# ---------------------------------------------------------------- posting


def test_an_enterprise_posts_a_need_and_sees_it(app, client, login_as):
    email = login_as(Role.ENTERPRISE_USER)
    response = _post_new(client)
    assert response.status_code == 302
    need_id = int(response.headers["Location"].rsplit("/", 1)[1])
    need = need_row(app, need_id)
    assert need.enterprise_id == enterprise_of(app, email)
    assert (need.budget_min_fen, need.budget_max_fen) == (5_000_000, 30_000_000)
    assert need.keywords == "PEM；膜电极；氢能；低铱"
    assert need.plan_kinds == "staged,try_first"
    assert (need.industry, need.timeline, need.region) == (
        Industry.NEW_ENERGY, NeedTimeline.WITHIN_6_MONTHS, "鄂尔多斯市")
    assert (need.visibility, need.status) == (NeedVisibility.PUBLIC, NeedStatus.OPEN)
    text = page_text(client.get(f"/needs/{need_id}"))
    assert "想找PEM电解槽的膜电极" in text
    assert "¥50,000.00 – ¥300,000.00" in text
    assert "分阶段付费、先试用后付费" in text
    assert f'href="/needs/{need_id}/matches"' in text
    assert f'href="/needs/{need_id}/edit"' in text


def test_the_form_offers_the_enterprises_region_and_the_chinese_industry_names(app, client, make_enterprise,
                                                                              login_as):
    login_as(Role.ENTERPRISE_USER, enterprise_id=make_enterprise(region="150200"))
    text = page_text(client.get("/needs/new"))
    assert 'value="包头市"' in text
    assert "稀土及新材料" in text or "稀土" in text
    assert "一次性许可费" in text


def test_english_only_and_a_bare_minimum_need_are_accepted(app, client, login_as):
    login_as(Role.ENTERPRISE_USER)
    response = post_form(client, "/needs/new", {
        "title": "Anti-icing coating for wind turbine blades",
        "description": "Our turbines in Xilingol ice up every winter. Looking for a coating or heating "
                       "method.",
        "visibility": "public"})
    assert response.status_code == 302
    need = need_row(app, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert (need.budget_min_fen, need.budget_max_fen, need.plan_kinds, need.industry, need.timeline) == (
        None, None, "", None, None)


def test_min_above_max_is_refused_beside_the_maximum_and_nothing_written(app, client, login_as):
    login_as(Role.ENTERPRISE_USER)
    response = _post_new(client, budget_min="50万", budget_max="10万")
    assert response.status_code == 422
    text = page_text(response)
    assert "预算上限不能低于预算下限。" in text
    # The message stands beside the maximum: after its input, before the next field.
    message = text.index("预算上限不能低于预算下限。")
    assert text.index('name="budget_max"') < message < text.index('name="plan_kinds"')
    assert _count(app) == 0


def test_negative_and_malformed_budgets_are_refused(app, client, login_as):
    login_as(Role.ENTERPRISE_USER)
    response = _post_new(client, budget_min="-5000")
    assert response.status_code == 422
    assert "预算不能为负数。" in page_text(response)
    response = _post_new(client, budget_max="三十万")
    assert response.status_code == 422
    assert "5万" in page_text(response)
    assert _count(app) == 0


def test_a_20000_character_description_gets_a_clear_message(app, client, login_as):
    login_as(Role.ENTERPRISE_USER)
    response = _post_new(client, description="稀土永磁" * 5000)
    assert response.status_code == 422
    assert "需求描述最多 5000 字（现在有 20000 字）" in page_text(response)
    assert _count(app) == 0


def test_punctuation_or_emoji_only_is_refused_in_words(app, client, login_as):
    login_as(Role.ENTERPRISE_USER)
    for text in ("。。。！！！？？？……", "🐑🐑🐑🔥🔥🔥", "?!?! ... ---"):
        response = _post_new(client, description=text)
        assert response.status_code == 422, text
        assert "请用文字描述问题" in page_text(response)
    response = _post_new(client, title="！！！")
    assert response.status_code == 422
    assert "请用文字给需求写一个标题。" in page_text(response)
    assert _count(app) == 0


def test_emoji_among_words_are_kept(app, client, login_as):
    login_as(Role.ENTERPRISE_USER)
    response = _post_new(client, description="羊绒落毛🐑想再利用起来")
    assert response.status_code == 302
    need_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert need_row(app, need_id).description == "羊绒落毛🐑想再利用起来"


def test_too_many_or_too_long_keywords_are_refused(app, client, login_as):
    login_as(Role.ENTERPRISE_USER)
    response = _post_new(client, keywords=" ".join(f"词{i}" for i in range(11)))
    assert response.status_code == 422
    assert "关键词最多 10 个。" in page_text(response)
    response = _post_new(client, keywords="稀土 " + "永" * 21)
    assert response.status_code == 422
    assert "每个关键词最多 20 个字" in page_text(response)
    assert _count(app) == 0


def test_unknown_choices_are_refused(app, client, login_as):
    login_as(Role.ENTERPRISE_USER)
    for field, value in (("industry", "space_mining"), ("timeline", "yesterday"), ("visibility", "friends"),
                         ("plan_kinds", "free")):
        response = _post_new(client, **{field: value})
        assert response.status_code == 422, field
    assert _count(app) == 0


def test_anonymous_visitors_are_sent_to_log_in_and_nothing_is_written(app, client):
    response = client.get("/needs/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    response = _post_new(client)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert _count(app) == 0


def test_other_roles_may_not_post_needs(app, make_user):
    for role in (Role.UNIVERSITY_STAFF, Role.ORGANISER, Role.ADMIN):
        other = app.test_client()
        login(other, make_user(role))
        assert other.get("/needs/new").status_code == 403
        assert post_form(other, "/needs/new", GOOD, page="/dashboard").status_code == 403
    assert _count(app) == 0


# ---------------------------------------------------------------- reading


def test_a_need_for_universities_only_is_read_by_staff_admins_and_its_enterprise(app, client, make_need,
                                                                                make_user):
    need_id = make_need(visibility=NeedVisibility.UNIVERSITIES, title="仅高校可见的氢能需求")
    with app.app_context():
        owner_enterprise = db.session.get(Need, need_id).enterprise_id
    assert client.get(f"/needs/{need_id}").status_code == 404
    assert "仅高校可见的氢能需求" not in page_text(client.get("/needs"))
    for role, enterprise_id, status in ((Role.UNIVERSITY_STAFF, None, 200), (Role.ADMIN, None, 200),
                                        (Role.ENTERPRISE_USER, owner_enterprise, 200),
                                        (Role.ENTERPRISE_USER, None, 404), (Role.ORGANISER, None, 404)):
        reader = app.test_client()
        login(reader, make_user(role, enterprise_id=enterprise_id))
        assert reader.get(f"/needs/{need_id}").status_code == status, (role, enterprise_id)
        listed = "仅高校可见的氢能需求" in page_text(reader.get("/needs"))
        assert listed is (status == 200), (role, enterprise_id)


def test_a_missing_need_is_404(client):
    assert client.get("/needs/999999").status_code == 404


def test_anyone_reads_a_public_need_with_its_budget_and_wishes(client, make_need):
    need_id = make_need(budget_min_fen=None, budget_max_fen=20_000_000, plan_kinds="",
                        timeline=NeedTimeline.WITHIN_3_MONTHS, region="包头市", keywords="稀土；永磁")
    text = page_text(client.get(f"/needs/{need_id}"))
    assert "¥200,000.00" in text
    assert "任何方案均可" in text and "3 个月内" in text and "包头市" in text and "稀土、永磁" in text
    assert "管理这条需求" not in text  # no owner's buttons for a visitor


# ---------------------------------------------------------------- editing


def test_the_enterprise_edits_its_need(app, client, login_as, make_need):
    email = login_as(Role.ENTERPRISE_USER)
    need_id = make_need(enterprise_of(app, email))
    page = client.get(f"/needs/{need_id}/edit")
    assert page.status_code == 200 and "我们做风电用永磁电机" in page_text(page)
    response = post_form(client, f"/needs/{need_id}/edit", {**GOOD, "title": "改过的标题", "budget_min": ""})
    assert response.status_code == 302
    need = need_row(app, need_id)
    assert (need.title, need.budget_min_fen, need.budget_max_fen) == ("改过的标题", None, 30_000_000)


def test_a_colleague_of_the_same_enterprise_may_edit(app, client, make_user, make_need):
    need_id = make_need()
    with app.app_context():
        enterprise_id = db.session.get(Need, need_id).enterprise_id
    login(client, make_user(Role.ENTERPRISE_USER, enterprise_id=enterprise_id))
    assert post_form(client, f"/needs/{need_id}/edit", GOOD).status_code == 302
    assert need_row(app, need_id).title == GOOD["title"]


def test_another_enterprise_editing_or_moving_gets_404_and_changes_nothing(app, client, login_as, make_need):
    login_as(Role.ENTERPRISE_USER)
    need_id = make_need()
    before = need_row(app, need_id)
    assert client.get(f"/needs/{need_id}/edit").status_code == 404
    assert post_form(client, f"/needs/{need_id}/edit", GOOD, page="/needs/new").status_code == 404
    assert post_form(client, f"/needs/{need_id}/status", {"target": "closed"},
                     page="/needs/new").status_code == 404
    after = need_row(app, need_id)
    assert (after.title, after.status, after.updated_at) == (before.title, before.status, before.updated_at)


def test_a_bad_edit_is_refused_and_the_need_is_unchanged(app, client, login_as, make_need):
    email = login_as(Role.ENTERPRISE_USER)
    need_id = make_need(enterprise_of(app, email))
    response = post_form(client, f"/needs/{need_id}/edit",
                         {**GOOD, "budget_min": "80万", "budget_max": "1万"})
    assert response.status_code == 422
    assert "预算上限不能低于预算下限。" in page_text(response)
    assert need_row(app, need_id).title.startswith("稀土永磁电机降本需求")


def test_a_closed_need_cannot_be_edited(app, client, login_as, make_need):
    email = login_as(Role.ENTERPRISE_USER)
    need_id = make_need(enterprise_of(app, email), status=NeedStatus.CLOSED)
    page = client.get(f"/needs/{need_id}/edit")
    assert page.status_code == 200 and "已解决或已关闭的需求不能再修改。" in page_text(page)
    response = post_form(client, f"/needs/{need_id}/edit", GOOD, page="/needs/new")
    assert response.status_code == 422
    assert "已解决或已关闭的需求不能再修改。" in page_text(response)
    assert need_row(app, need_id).title != GOOD["title"]


# ---------------------------------------------------------------- statuses


def _move(client, need_id: int, target: str):
    return post_form(client, f"/needs/{need_id}/status", {"target": target}, page=f"/needs/{need_id}")


def test_the_enterprise_moves_its_need_through_its_statuses(app, client, login_as, make_need):
    email = login_as(Role.ENTERPRISE_USER)
    need_id = make_need(enterprise_of(app, email))
    assert _move(client, need_id, "in_talks").status_code == 302
    assert need_row(app, need_id).status == NeedStatus.IN_TALKS
    assert "重新开放（洽谈已结束）" in page_text(client.get(f"/needs/{need_id}"))
    assert _move(client, need_id, "open").status_code == 302
    assert _move(client, need_id, "solved").status_code == 302
    need = need_row(app, need_id)
    assert need.status == NeedStatus.SOLVED and need.status_changed_at is not None
    text = page_text(client.get(f"/needs/{need_id}"))
    assert "已解决" in text and 'name="target"' not in text and "/edit" not in text


def test_a_refused_move_says_why_and_changes_nothing(app, client, login_as, make_need):
    email = login_as(Role.ENTERPRISE_USER)
    need_id = make_need(enterprise_of(app, email), status=NeedStatus.SOLVED)
    response = post_form(client, f"/needs/{need_id}/status", {"target": "closed"}, page="/needs/new")
    assert response.status_code == 422
    assert "这条需求已经解决或关闭。" in page_text(response)
    response = post_form(client, f"/needs/{need_id}/status", {"target": "archived"}, page="/needs/new")
    assert response.status_code == 422
    assert need_row(app, need_id).status == NeedStatus.SOLVED


def test_an_open_need_cannot_be_reopened(app, client, login_as, make_need):
    email = login_as(Role.ENTERPRISE_USER)
    need_id = make_need(enterprise_of(app, email))
    response = _move(client, need_id, "open")
    assert response.status_code == 422 and "只有洽谈中的需求才能重新开放。" in page_text(response)


def test_other_roles_may_not_move_a_need(app, make_user, make_need):
    need_id = make_need()
    for role in (Role.UNIVERSITY_STAFF, Role.ORGANISER, Role.ADMIN):
        other = app.test_client()
        login(other, make_user(role))
        assert post_form(other, f"/needs/{need_id}/status", {"target": "closed"},
                         page="/dashboard").status_code == 403
    assert need_row(app, need_id).status == NeedStatus.OPEN


# ---------------------------------------------------------------- my needs and navigation


def test_my_needs_lists_every_status_with_counts_and_only_my_enterprises(app, client, login_as, make_need):
    email = login_as(Role.ENTERPRISE_USER)
    enterprise_id = enterprise_of(app, email)
    make_need(enterprise_id, title="我的征集中需求")
    make_need(enterprise_id, title="我的已关闭需求", status=NeedStatus.CLOSED)
    make_need(title="别人的需求")
    text = page_text(client.get("/my/needs"))
    assert "我的征集中需求" in text and "我的已关闭需求" in text and "别人的需求" not in text
    assert "全部 <span data-status-count>(2)</span>" in text
    assert "已关闭 <span data-status-count>(1)</span>" in text
    closed = page_text(client.get("/my/needs?status=closed"))
    assert "我的已关闭需求" in closed and "我的征集中需求" not in closed
    assert client.get("/my/needs?status=nonsense").status_code == 200


def test_the_needs_pages_are_reached_from_the_navigation(app, client, login_as):
    assert 'href="/needs"' in page_text(client.get("/"))
    login_as(Role.ENTERPRISE_USER)
    home = page_text(client.get("/"))
    assert 'href="/needs"' in home and 'href="/my/needs"' in home
    dashboard = page_text(client.get("/dashboard"))
    assert 'href="/needs/new"' in dashboard
