"""Phone width (390 px): no page scrolls sideways as a whole, no table squeezes a cell below four
characters (tables scroll inside their .table-responsive wrapper instead), captions sit above their
tables, and money is shown at WCAG AA contrast in regular or bold weight."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.core.zone_state import ZoneStatus
from marketplace.demo.data import DEMO_PASSWORD, EMAIL_DOMAIN
from marketplace.extensions import db
from marketplace.licensing.models import Licence
from marketplace.zones.models import Zone

PHONE = {"width": 390, "height": 844}

# Cells whose text box is narrower than this many characters (of their own font size) fail.
MIN_CHARACTERS = 4

_LAYOUT = """() => {
  const narrow = [];
  for (const cell of document.querySelectorAll('main td, main th')) {
    const text = cell.innerText.trim();
    if (!text || cell.offsetParent === null) continue;
    const style = getComputedStyle(cell);
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (inner < MIN_CHARACTERS * parseFloat(style.fontSize) - 0.5) {
      narrow.push([text.slice(0, 30), Math.round(inner)]);
    }
  }
  const captions = [...document.querySelectorAll('main caption')].map(c => getComputedStyle(c).captionSide);
  return {overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          narrow, captions, tables: document.querySelectorAll('main table').length};
}""".replace("MIN_CHARACTERS", str(MIN_CHARACTERS))

# Every element whose own text shows an amount in yuan: its contrast against the background it sits on.
_MONEY = """() => {
  const rgba = (value) => (value.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const background = (element) => {
    for (let node = element; node; node = node.parentElement) {
      const [r, g, b, a = 1] = rgba(getComputedStyle(node).backgroundColor);
      if (a > 0) return [r, g, b];
    }
    return [255, 255, 255];
  };
  const found = [];
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.includes('¥')) continue;
    const element = node.parentElement;
    if (element.offsetParent === null) continue;
    const style = getComputedStyle(element);
    const [r, g, b, a = 1] = rgba(style.color);
    const under = background(element);
    const seen = [0, 1, 2].map(i => [r, g, b][i] * a + under[i] * (1 - a));
    const [light, dark] = [luminance(seen), luminance(under)].sort((x, y) => y - x);
    found.push({text: node.textContent.trim().slice(0, 40), ratio: (light + 0.05) / (dark + 0.05),
                weight: Number(style.fontWeight)});
  }
  return found;
}"""


def _log_in(page, live_server, who: str) -> None:
    page.goto(live_server + "/login")
    page.get_by_label("电子邮箱").fill(f"{who}@{EMAIL_DOMAIN}")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/login" not in url)


def _phone(browser):
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def _check(page, url: str, artefact: str) -> dict:
    from tests.browser.conftest import ARTIFACTS

    response = page.goto(url)
    assert response is not None and response.status == 200, url
    layout = page.evaluate(_LAYOUT)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"phone-{artefact}.png"), full_page=True)
    assert layout["overflow"] <= 0, (url, layout["overflow"])
    assert not layout["narrow"], (url, layout["narrow"])
    assert set(layout["captions"]) <= {"top"}, (url, layout["captions"])
    return layout


def _demo(live_app):
    with live_app.app_context():
        zone_id = db.session.scalar(select(Zone.id).where(Zone.status == ZoneStatus.CLOSED).order_by(Zone.id))
        holder = db.session.scalar(select(Licence.enterprise_id).group_by(Licence.enterprise_id)
                                   .order_by(func.count().desc(), Licence.enterprise_id))
        from marketplace.accounts.models import User

        email = db.session.scalar(select(User.email).where(User.enterprise_id == holder).order_by(User.id))
        licence_id = db.session.scalar(select(Licence.id).where(Licence.enterprise_id == holder)
                                       .order_by(Licence.id))
    return zone_id, email.split("@")[0], licence_id


@pytest.mark.parametrize("who", ["anonymous", "imu", "organiser", "enterprise"])
def test_pages_fit_a_phone(live_server, live_app, browser, who):
    zone_id, enterprise, licence_id = _demo(live_app)
    context, page = _phone(browser)
    try:
        if who == "anonymous":
            layout = _check(page, live_server + "/patents", "catalogue")
            _check(page, live_server + "/patents?q=稀土", "catalogue-search")
            _check(page, live_server + "/needs", "needs")
            assert layout["tables"] == 0
        elif who == "imu":
            _log_in(page, live_server, "imu")
            assert _check(page, live_server + "/ip/licences", "university-licences")["tables"] == 1
        elif who == "organiser":
            _log_in(page, live_server, "organiser")
            results = f"{live_server}/organiser/zones/{zone_id}/results"
            assert _check(page, results, "zone-results")["tables"] >= 1
        else:
            _log_in(page, live_server, enterprise)
            assert _check(page, live_server + "/my/licences", "my-licences")["tables"] == 1
            assert _check(page, f"{live_server}/licences/{licence_id}", "licence")["tables"] >= 2
    finally:
        context.close()


@pytest.mark.parametrize("who", ["imu", "enterprise"])
def test_money_meets_wcag_aa_contrast(live_server, live_app, browser, who):
    _, enterprise, _ = _demo(live_app)
    context, page = _phone(browser)
    try:
        _log_in(page, live_server, "imu" if who == "imu" else enterprise)
        mine = "/ip/licences" if who == "imu" else "/my/licences"
        page.goto(live_server + mine)
        first = page.locator("main table a[href^='/licences/']").first.get_attribute("href")
        urls = [mine, first] + (["/patents"] if who == "enterprise" else [])
        for url in urls:
            page.goto(live_server + url)
            amounts = page.evaluate(_MONEY)
            assert amounts or url != first, url  # a licence page always shows what is owed
            low = [amount for amount in amounts if amount["ratio"] < 4.5 or amount["weight"] < 400]
            assert not low, (url, low)
    finally:
        context.close()
