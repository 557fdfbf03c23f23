"""Journey: an enterprise posts a technology need and reads the patents matched to it, each with why it fits;
the IP centre of the best-matched patent finds the need on its page of needs its patents fit and answers it,
proposing the patent; the enterprise replies in the thread, registers for the running zone that curates the
patent, and turns the thread into a meeting request there, which the thread then shows.

Everyone is a fresh account made for this journey, so the demo users other journeys log in as are untouched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.accounts.passwords import hash_password
from marketplace.catalogue.models import Patent
from marketplace.conversations.models import Conversation
from marketplace.core.zone_state import ZoneStatus
from marketplace.demo.data import DEMO_PASSWORD
from marketplace.demo.seed import demo_credit_code
from marketplace.extensions import db
from marketplace.needs.models import Need
from marketplace.organisations.models import Enterprise, SizeClass, University
from marketplace.zones.meeting_models import MeetingRequest
from marketplace.zones.models import Zone, ZonePatent

ARTIFACTS = Path("test-artifacts")
VIEWPORT = {"width": 1280, "height": 900}
NEED_TITLE = "奶牛良种繁育想用胚胎克隆技术"


@dataclass(frozen=True)
class Cast:
    """The enterprise user, the IP-centre user of the patent's university, the patent and its zone."""

    enterprise_user: str
    enterprise_name: str
    staff: str
    university_name: str
    patent_title: str
    zone_title: str


def _cast(app) -> Cast:
    """A fresh dairy farm's user and a fresh IP-centre user of the university whose embryo patent the running
    demo zone curates."""
    with app.app_context():
        zone = db.session.scalars(select(Zone).where(Zone.status == ZoneStatus.RUNNING)
                                  .order_by(Zone.id)).first()
        patent = db.session.scalars(select(Patent).join(ZonePatent, ZonePatent.patent_id == Patent.id).where(
            ZonePatent.zone_id == zone.id, Patent.title.contains("核移植"))).one()
        university = db.session.get(University, patent.university_id)
        enterprise = Enterprise(name="呼和浩特草原良种奶牛牧场有限公司", region="150100",
                                size_class=SizeClass.SMALL,
                                credit_code=demo_credit_code("150100", "JRNY1101"))
        password = hash_password(DEMO_PASSWORD)
        people = [
            User(email="needs.enterprise.journey@example.com", name="巴特尔", role=Role.ENTERPRISE_USER,
                 status=AccountStatus.ACTIVE, password_hash=password, enterprise=enterprise),
            User(email="needs.staff.journey@example.com", name="其其格", role=Role.UNIVERSITY_STAFF,
                 status=AccountStatus.ACTIVE, password_hash=password, university_id=university.id),
        ]
        db.session.add_all([enterprise, *people])
        db.session.commit()
        return Cast(enterprise_user=people[0].email, enterprise_name=enterprise.name, staff=people[1].email,
                    university_name=university.name, patent_title=patent.title, zone_title=zone.title)


def _logged_in(browser, server, email):
    """A browser window of its own for one person, logged in from the home page."""
    context = browser.new_context(locale="zh-CN", viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(server + "/")
    page.get_by_role("navigation").get_by_role("link", name="登录").click()
    page.get_by_label("电子邮箱").fill(email)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="退出登录")).to_be_visible()
    return context, page


def _nav(page, name):
    page.get_by_role("navigation").get_by_role("link", name=name, exact=True).click()


def _success(page):
    return page.locator(".alert-success")


def _enterprise_posts_the_need(page) -> None:
    _nav(page, "我的需求")
    page.get_by_role("link", name="发布需求").first.click()
    page.get_by_label("需求标题").fill(NEED_TITLE)
    page.get_by_label(re.compile("想解决什么问题")).fill(
        "我们牧场有300多头荷斯坦奶牛，良种率不高。想引进牛体细胞核移植、克隆胚胎构建的技术，"
        "扩繁高产奶牛，最好能先试用。")
    page.get_by_label("关键词").fill("核移植 胚胎 奶牛")
    page.get_by_label("预算下限（元）").fill("5万")
    page.get_by_label("预算上限（元）").fill("30万")
    page.get_by_role("button", name="保存需求").click()
    expect(_success(page)).to_contain_text(NEED_TITLE)


def _enterprise_reads_the_matches(page, cast: Cast) -> None:
    page.get_by_role("link", name="匹配的专利").click()
    expect(page.get_by_role("heading", name="与您的需求匹配的专利")).to_be_visible()
    first = page.locator("main li.card").filter(has_text=cast.patent_title).first
    expect(first).to_be_visible()
    expect(first).to_contain_text("核移植")
    expect(first).to_contain_text("匹配词")
    expect(first).to_contain_text(re.compile("价格：总价 ¥[0-9.]+ 万"))
    expect(first).to_contain_text(re.compile("剩余保护期 [0-9]+ 年"))
    page.screenshot(path=str(ARTIFACTS / "needs_journey_matches.png"), full_page=True)


def _ip_centre_answers(page, cast: Cast) -> None:
    _nav(page, "匹配需求")
    expect(page.get_by_role("heading", name="与我校专利匹配的需求")).to_be_visible()
    need = page.locator("main li, main article, main section").filter(
        has=page.get_by_role("link", name=NEED_TITLE)).first
    expect(need).to_contain_text(cast.patent_title)
    need.get_by_role("link", name="回应需求").click()
    page.get_by_label(re.compile("答复内容")).fill(
        "您好！我校知识产权中心看到贵牧场的需求。我校“牛体细胞核移植胚胎的构建方法”专利已开放许可，"
        "支持先试用后付费，发明人团队可以到牧场做技术指导。")
    page.get_by_label(re.compile("推荐的专利")).select_option(label=cast.patent_title)
    page.get_by_role("button", name="发送答复").click()
    expect(_success(page)).to_be_visible()
    expect(page.get_by_text("发明人团队可以到牧场做技术指导")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "needs_journey_answer.png"), full_page=True)


def _open_thread(page) -> None:
    _nav(page, "消息")
    page.get_by_role("link", name=re.compile(NEED_TITLE)).first.click()


def _enterprise_replies_and_requests_a_meeting(page, cast: Cast) -> None:
    _open_thread(page)
    expect(page.get_by_text("发明人团队可以到牧场做技术指导")).to_be_visible()
    page.get_by_label(re.compile("消息内容")).fill("谢谢！我们想先在专区里和发明人团队线上聊一次，确认试用条件。")
    page.get_by_role("button", name="发送", exact=True).click()
    expect(_success(page)).to_be_visible()

    # The thread's meeting page names the zone; the farm registers for it first, from the zone page.
    page.get_by_role("link", name="在专区发起对接会议申请").click()
    expect(page.get_by_role("status")).to_contain_text("只有报名本专区的企业才能申请洽谈")
    page.get_by_role("status").get_by_role("link", name=cast.zone_title).click()
    page.get_by_role("link", name="报名参加本专区").click()
    page.get_by_label("联系人").fill("巴特尔")
    page.get_by_label("联系电话").fill("0471-6612345")
    page.get_by_label("关注方向").fill("奶牛良种繁育、胚胎技术")
    page.get_by_label(cast.patent_title).check()
    page.get_by_role("button", name="提交报名").click()
    expect(_success(page)).to_contain_text("成功报名本专区")

    _open_thread(page)
    page.get_by_role("link", name="在专区发起对接会议申请").click()
    expect(page.get_by_text(cast.zone_title, exact=True).first).to_be_visible()
    patent = page.get_by_label("专利", exact=True)
    patent.select_option(value=patent.locator("option", has_text=cast.patent_title).get_attribute("value"))
    slots = page.get_by_label(re.compile("您方便的时段"))
    options = slots.locator("option")
    slots.select_option(value=[options.nth(0).get_attribute("value"), options.nth(1).get_attribute("value")])
    page.get_by_label("洽谈事项").fill("确认核移植胚胎技术的试用条件和现场指导安排")
    page.get_by_role("button", name="提交洽谈申请").click()
    expect(_success(page)).to_be_visible()


def test_a_need_matched_answered_and_turned_into_a_meeting_request(live_server, live_app, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    cast = _cast(live_app)

    enterprise_context, enterprise = _logged_in(browser, live_server, cast.enterprise_user)
    _enterprise_posts_the_need(enterprise)
    _enterprise_reads_the_matches(enterprise, cast)

    staff_context, staff = _logged_in(browser, live_server, cast.staff)
    _ip_centre_answers(staff, cast)
    staff_context.close()

    _enterprise_replies_and_requests_a_meeting(enterprise, cast)
    _open_thread(enterprise)
    expect(enterprise.get_by_text("已发起对接会议申请").first).to_be_visible()
    enterprise.screenshot(path=str(ARTIFACTS / "needs_journey_thread.png"), full_page=True)
    enterprise_context.close()

    with live_app.app_context():
        need = db.session.scalars(select(Need).where(Need.title == NEED_TITLE)).one()
        conversation = db.session.scalars(select(Conversation).where(Conversation.need_id == need.id)).one()
        meeting = db.session.scalars(select(MeetingRequest).where(
            MeetingRequest.conversation_id == conversation.id)).one()
        assert meeting.patent.title == cast.patent_title
        assert meeting.enterprise.name == cast.enterprise_name
        assert len(meeting.proposals) == 2
