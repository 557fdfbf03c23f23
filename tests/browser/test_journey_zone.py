"""Journey: an organiser creates a special zone, curates two patents, adds a meeting session, publishes and
starts the zone; an enterprise registers, requests a meeting and, once the IP centre has accepted a slot,
downloads its agenda (.ics); after the slot both sides record the meeting as held; the enterprise takes a
licence from the zone page, which records the zone as its source; the organiser's results page shows one
meeting held and one licence, each linking to the row behind it.

Everyone is a fresh account made for this journey, so the demo users other journeys log in as are untouched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar
from playwright.sync_api import expect
from sqlalchemy import select

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.accounts.passwords import hash_password
from marketplace.catalogue.models import Patent
from marketplace.clock import SHANGHAI
from marketplace.core.patent_fields import Industry
from marketplace.demo.data import DEMO_PASSWORD
from marketplace.demo.seed import demo_credit_code
from marketplace.extensions import db
from marketplace.licensing.models import Licence
from marketplace.organisations.models import Enterprise, SizeClass, University

ARTIFACTS = Path("test-artifacts")
ZONE_TITLE = "稀土抛光与储氢材料线上对接专区"
VIEWPORT = {"width": 1280, "height": 900}


@dataclass(frozen=True)
class Cast:
    """The people of the journey and the two patents the organiser curates (the first is licensed)."""

    organiser: str
    enterprise_user: str
    enterprise_name: str
    staff: str
    university_name: str
    licensed_title: str
    other_title: str
    licensed_id: int


def _cast(app) -> Cast:
    """A fresh organiser, enterprise user and IP-centre user (of the licensed patent's university), and two
    rare-earth patents on published terms — the first offered as a flat fee."""
    with app.app_context():
        offered = list(db.session.scalars(select(Patent).where(
            Patent.industry == Industry.RARE_EARTH_MATERIALS, Patent.offer_kind.is_not(None),
            Patent.offer_kind != "")
            .order_by(Patent.id)))
        licensed = next(patent for patent in offered if patent.offer_kind == "flat")
        other = next(patent for patent in offered if patent.id != licensed.id)
        university = db.session.get(University, licensed.university_id)
        enterprise = Enterprise(name="包头稀土抛光材料有限公司", region="150200", size_class=SizeClass.SMALL,
                                credit_code=demo_credit_code("150200", "JRNY0310"))
        password = hash_password(DEMO_PASSWORD)
        people = [
            User(email="zone.organiser.journey@example.com", name="乌兰", role=Role.ORGANISER,
                 status=AccountStatus.ACTIVE, password_hash=password),
            User(email="zone.enterprise.journey@example.com", name="高先生", role=Role.ENTERPRISE_USER,
                 status=AccountStatus.ACTIVE, password_hash=password, enterprise=enterprise),
            User(email="zone.staff.journey@example.com", name="萨仁", role=Role.UNIVERSITY_STAFF,
                 status=AccountStatus.ACTIVE, password_hash=password, university_id=university.id),
        ]
        db.session.add_all([enterprise, *people])
        db.session.commit()
        return Cast(organiser=people[0].email, enterprise_user=people[1].email,
                    enterprise_name=enterprise.name, staff=people[2].email,
                    university_name=university.name, licensed_title=licensed.title,
                    other_title=other.title, licensed_id=licensed.id)


def _logged_in(browser, server, email):
    """A browser window of its own for one person, logged in from the home page."""
    context = browser.new_context(locale="zh-CN", viewport=VIEWPORT, accept_downloads=True)
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


def _organiser_builds_the_zone(page, cast: Cast, today: date, session_day: date) -> None:
    _nav(page, "新建专区")
    page.get_by_label("专区名称").fill(ZONE_TITLE)
    page.get_by_label("主题").fill("稀土")
    page.get_by_label("简介").fill("面向包头稀土企业的抛光粉与储氢合金专利开放许可对接。")
    page.get_by_label("产业领域").select_option(label="稀土及新材料")
    page.get_by_label("开始日期").fill((today - timedelta(days=6)).isoformat())
    page.get_by_label("结束日期").fill((today + timedelta(days=24)).isoformat())
    page.get_by_label("形式").select_option(label="线上")
    page.get_by_role("button", name="保存").click()
    expect(_success(page)).to_contain_text("已创建为草稿")

    page.get_by_role("link", name="候选专利", exact=True).click()
    for title in (cast.licensed_title, cast.other_title):
        page.get_by_role("button", name=f"加入专区 {title}").click()
        expect(_success(page)).to_contain_text("专利已加入专区")
    page.get_by_role("link", name="遴选专利", exact=True).click()
    curated = page.locator("ol.list-group")
    expect(curated.get_by_role("link", name=cast.licensed_title)).to_be_visible()
    expect(curated.get_by_role("link", name=cast.other_title)).to_be_visible()

    page.get_by_role("link", name="信息与状态", exact=True).click()
    expect(page.get_by_text("已遴选 2 项专利")).to_be_visible()
    page.get_by_role("button", name="发布").click()
    expect(_success(page)).to_contain_text("已发布")
    page.get_by_role("button", name=re.compile("^开始")).click()
    expect(_success(page)).to_contain_text("进行中")

    _nav(page, "洽谈场次")
    page.get_by_role("link", name="场次与洽谈申请").click()
    page.get_by_label("日期").fill(session_day.isoformat())
    page.get_by_label("开始时间").fill("09:00")
    page.get_by_label("结束时间").fill("10:00")
    page.get_by_label(re.compile("每个时段时长")).fill("30")
    page.get_by_label(re.compile("容量")).fill("2")
    page.get_by_role("button", name="添加场次").click()
    expect(_success(page)).to_contain_text("共 2 个时段")


def _open_zone_page(page) -> None:
    _nav(page, "专区活动")
    page.get_by_role("link", name=ZONE_TITLE).click()
    expect(page.get_by_role("heading", name=re.compile(ZONE_TITLE))).to_be_visible()


def _enterprise_registers_and_requests(page, cast: Cast, session_day: date) -> str:
    """Registers from the zone page, requests a meeting in both slots; the meeting page's URL."""
    _open_zone_page(page)
    page.get_by_role("link", name="报名参加本专区").click()
    page.get_by_label("联系人").fill("高建国")
    page.get_by_label("联系电话").fill("0472-5123456")
    page.get_by_label("关注方向").fill("稀土抛光粉的工业化生产")
    page.get_by_label(cast.licensed_title).check()
    page.get_by_role("button", name="提交报名").click()
    expect(_success(page)).to_contain_text("成功报名本专区")
    expect(page.get_by_role("heading", name="贵企业已报名。")).to_be_visible()

    _open_zone_page(page)
    sessions = page.locator("section", has=page.get_by_role("heading", name="洽谈场次"))
    expect(sessions.get_by_role("cell", name=session_day.isoformat())).to_be_visible()
    page.get_by_role("link", name="向高校申请洽谈").click()
    page.get_by_label("专利").select_option(label=f"{cast.licensed_title}（{cast.university_name}）")
    day = session_day.isoformat()
    page.get_by_label(re.compile("您方便的时段")).select_option(label=[f"{day} 09:00–09:30",
                                                                   f"{day} 09:30–10:00"])
    page.get_by_label("洽谈事项").fill("希望了解铈基抛光粉的量产工艺与许可后的技术支持。")
    page.get_by_role("button", name="提交洽谈申请").click()
    expect(_success(page)).to_contain_text("洽谈申请已提交")
    expect(page.get_by_text("待答复")).to_be_visible()
    return page.url


def _ip_centre_accepts(page, cast: Cast, session_day: date) -> None:
    _nav(page, "洽谈申请")
    row = page.get_by_role("row").filter(has_text=cast.enterprise_name)
    expect(row).to_contain_text("待答复")
    row.get_by_role("link", name=cast.licensed_title).click()
    page.get_by_label("时段", exact=True).select_option(label=f"{session_day.isoformat()} 09:30–10:00")
    page.get_by_role("button", name="接受洽谈").click()
    expect(_success(page)).to_contain_text("已接受洽谈")
    expect(page.get_by_text("已接受", exact=True)).to_be_visible()


def _enterprise_downloads_the_agenda(page, cast: Cast, session_day: date) -> None:
    _nav(page, "洽谈")
    expect(page.get_by_role("row").filter(has_text=cast.university_name)).to_contain_text("已接受")
    page.get_by_role("link", name="我的日程").click()
    expect(page.get_by_text(f"{session_day.isoformat()} 09:30–10:00")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载日程（.ics）").click()
    download = download_info.value
    assert download.suggested_filename == "agenda.ics"
    calendar = Calendar.from_ical(Path(download.path()).read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    start = events[0].decoded("dtstart")
    assert start == datetime(session_day.year, session_day.month, session_day.day, 9, 30, tzinfo=SHANGHAI)
    assert str(events[0]["dtstart"].params["TZID"]) == "Asia/Shanghai"
    assert ZONE_TITLE in str(events[0]["summary"])
    assert cast.licensed_title in str(events[0]["description"])


def _records_held(page, cast: Cast, meetings_link: str, other_side: str) -> None:
    """One side opens the meeting from its meetings list and records it held, with further talks."""
    _nav(page, meetings_link)
    page.get_by_role("row").filter(has_text=other_side).get_by_role("link", name=cast.licensed_title).click()
    page.get_by_label("洽谈情况").select_option(label="已举行")
    page.get_by_label("洽谈后续进展").select_option(label="继续洽谈")
    page.get_by_role("button", name="记录洽谈结果").click()
    expect(_success(page)).to_contain_text("洽谈结果已记录")


def _enterprise_takes_a_licence_from_the_zone(page, cast: Cast) -> None:
    _open_zone_page(page)
    card = page.locator("article.card").filter(has=page.get_by_role("link", name=cast.licensed_title))
    card.get_by_role("link", name="获取许可").click()
    expect(page).to_have_url(re.compile(r"[?&]zone=\d+"))
    expect(page.get_by_role("heading", name="获取许可")).to_be_visible()
    page.get_by_label(re.compile("书面通知专利权人")).check()
    page.get_by_role("button", name="确认获取许可").click()
    expect(_success(page)).to_contain_text("备案")
    expect(page.get_by_role("heading", name=re.compile("许可 OL"))).to_be_visible()


def _figure(page, label: str):
    """The total cell of a figure's row on the results page."""
    return page.locator("tr", has=page.get_by_role("rowheader", name=label, exact=True)).locator("td").last


def _organiser_sees_results(page, cast: Cast) -> None:
    _nav(page, "我的专区")
    page.locator("tr", has=page.get_by_role("link", name=ZONE_TITLE)).get_by_role("link", name="成效").click()
    expect(page.get_by_role("heading", name=re.compile("成效"))).to_be_visible()
    expect(_figure(page, "已举行的洽谈")).to_have_text("1")
    expect(_figure(page, "取得许可")).to_have_text("1")
    chart = page.locator("figure img")
    expect(chart).to_be_visible()
    page.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=chart.element_handle())
    page.screenshot(path=str(ARTIFACTS / "zone_journey_results.png"), full_page=True)
    _figure(page, "取得许可").get_by_role("link").click()
    expect(page.get_by_text(cast.enterprise_name).first).to_be_visible()


def test_zone_from_creation_to_a_licence(live_server, live_app, browser):
    cast = _cast(live_app)
    frozen = live_app.config["FROZEN_TODAY"]
    today = date.fromisoformat(frozen)
    session_day = today + timedelta(days=2)
    ARTIFACTS.mkdir(exist_ok=True)
    windows = []
    try:
        organiser_context, organiser = _logged_in(browser, live_server, cast.organiser)
        windows.append(organiser_context)
        _organiser_builds_the_zone(organiser, cast, today, session_day)

        enterprise_context, enterprise = _logged_in(browser, live_server, cast.enterprise_user)
        windows.append(enterprise_context)
        meeting_url = _enterprise_registers_and_requests(enterprise, cast, session_day)

        staff_context, staff = _logged_in(browser, live_server, cast.staff)
        windows.append(staff_context)
        _ip_centre_accepts(staff, cast, session_day)

        enterprise.goto(meeting_url)
        expect(enterprise.get_by_text("已接受", exact=True)).to_be_visible()
        _enterprise_downloads_the_agenda(enterprise, cast, session_day)

        live_app.config["FROZEN_TODAY"] = (session_day + timedelta(days=1)).isoformat()  # past the slot
        _records_held(enterprise, cast, "洽谈", cast.university_name)
        _records_held(staff, cast, "洽谈申请", cast.enterprise_name)
        for page in (enterprise, staff):
            page.goto(meeting_url)
            outcomes = page.locator("h2:has-text('洽谈结果') + ul")
            expect(outcomes).to_contain_text(re.compile(r"企业[:：]\s*已举行"))
            expect(outcomes).to_contain_text(re.compile(r"高校[:：]\s*已举行"))
        staff.screenshot(path=str(ARTIFACTS / "zone_journey_meeting.png"), full_page=True)

        _enterprise_takes_a_licence_from_the_zone(enterprise, cast)
        with live_app.app_context():
            holder = db.session.scalar(select(User.enterprise_id).where(User.email == cast.enterprise_user))
            licence = db.session.scalars(select(Licence).where(Licence.enterprise_id == holder,
                                                               Licence.patent_id == cast.licensed_id)).one()
            assert licence.source_zone_id is not None  # taken from the zone page in its window
        _open_zone_page(enterprise)
        enterprise.screenshot(path=str(ARTIFACTS / "zone_journey_zone_page.png"), full_page=True)
        _organiser_sees_results(organiser, cast)
    finally:
        live_app.config["FROZEN_TODAY"] = frozen
        for context in windows:
            context.close()
