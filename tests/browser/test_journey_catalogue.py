"""Journey: an IP centre imports a spreadsheet; an anonymous visitor finds a patent by a
two-character term and opens it."""

import re

from openpyxl import Workbook
from playwright.sync_api import expect

from marketplace.demo.data import DEMO_PASSWORD, EMAIL_DOMAIN
from tests.helpers import application_number

ROWS = [
    ("一种沙棘果酒的酿造方法", "以沙棘果为原料，经低温发酵酿造果酒，保留沙棘黄酮。", "沙棘；果酒；发酵"),
    ("一种荞麦挂面及其加工工艺", "以荞麦粉与小麦粉为原料制备挂面，提高膳食纤维含量。", "荞麦；挂面"),
]


def make_workbook(path):
    book = Workbook()
    sheet = book.active
    sheet.append(["申请号", "专利名称", "摘要", "专利权人", "申请日", "授权公告日", "法律状态", "行业领域",
                  "关键词"])
    for n, (title, abstract, keywords) in enumerate(ROWS, start=1):
        sheet.append([application_number(900_000 + n, 2019), title, abstract, "内蒙古大学", "2019-04-02",
                      "2021-08-17", "有效", "乳业及食品", keywords])
    book.save(path)


def test_ip_centre_imports_and_visitor_finds_by_two_characters(live_server, page, tmp_path):
    workbook = tmp_path / "沙棘与荞麦专利.xlsx"
    make_workbook(workbook)

    page.goto(live_server + "/login")
    page.get_by_label("电子邮箱").fill(f"imu@{EMAIL_DOMAIN}")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("navigation").get_by_role("link", name="批量导入").click()
    expect(page.get_by_role("link", name=re.compile("Excel"))).to_be_visible()

    page.get_by_label(re.compile("表格")).set_input_files(str(workbook))
    page.get_by_role("button", name=re.compile("检查")).click()
    expect(page.get_by_role("heading", name=re.compile("导入预览"))).to_be_visible()
    expect(page.get_by_text("一种沙棘果酒的酿造方法")).to_be_visible()
    page.get_by_role("button", name=re.compile("导入全部")).click()
    expect(page.locator(".alert-success")).to_contain_text("2")

    page.get_by_role("button", name="退出登录").click()

    page.get_by_role("navigation").get_by_role("link", name="专利目录").click()
    page.get_by_role("searchbox").fill("沙棘")
    page.locator("main").get_by_role("button", name=re.compile("检索|搜索")).click()
    result = page.get_by_role("link", name="一种沙棘果酒的酿造方法")
    expect(result).to_be_visible()
    expect(page.locator("mark").first).to_have_text("沙棘")
    result.click()
    expect(page.get_by_role("heading", name="一种沙棘果酒的酿造方法")).to_be_visible()
    expect(page.get_by_text("内蒙古大学").first).to_be_visible()
    expect(page.get_by_role("definition").filter(has_text=re.compile("^ZL2019"))).to_be_visible()
