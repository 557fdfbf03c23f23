"""Journey: an enterprise registers, logs out, logs back in and sees its dashboard."""

import re

from playwright.sync_api import expect


def test_enterprise_registers_logs_out_logs_in_and_sees_dashboard(live_server, page):
    page.goto(live_server + "/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    page.get_by_role("navigation").get_by_role("link", name="企业注册").click()

    page.get_by_label("电子邮箱").fill("chen.jing@grassland-dairy.example.com")
    page.get_by_label("姓名").fill("陈静")
    page.get_by_label("密码", exact=True).fill("Pasture2026milk")
    page.get_by_label("确认密码").fill("Pasture2026milk")
    page.get_by_label("企业名称").fill("锡林郭勒草原乳业有限公司")
    # A typo in the credit code is refused beside the field, then corrected.
    page.get_by_label("统一社会信用代码").fill("91350100M000100Y44")
    page.get_by_label("所在地区").select_option(label="锡林郭勒盟")
    page.get_by_label("企业规模").select_option(label="小型企业")
    page.get_by_role("button", name="注册").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("校验")
    page.get_by_label("统一社会信用代码").fill("９１３５０１００Ｍ０００１００Ｙ４３")
    page.get_by_label("密码", exact=True).fill("Pasture2026milk")
    page.get_by_label("确认密码").fill("Pasture2026milk")
    page.get_by_role("button", name="注册").click()

    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.get_by_role("heading", name="企业工作台")).to_be_visible()
    expect(page.get_by_text("91350100M000100Y43")).to_be_visible()

    page.get_by_role("button", name="退出登录").click()
    nav = page.get_by_role("navigation")
    expect(nav.get_by_role("link", name="登录", exact=True)).to_be_visible()

    nav.get_by_role("link", name="登录", exact=True).click()
    page.get_by_label("电子邮箱").fill("chen.jing@grassland-dairy.example.com")
    page.get_by_label("密码").fill("Pasture2026milk")
    page.get_by_role("button", name="登录").click()

    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.get_by_text("锡林郭勒草原乳业有限公司").first).to_be_visible()
    expect(page.get_by_text("锡林郭勒盟")).to_be_visible()


def test_english_interface_is_one_click_away(live_server, page):
    page.goto(live_server + "/")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation").get_by_role("link", name="Log in")).to_be_visible()
