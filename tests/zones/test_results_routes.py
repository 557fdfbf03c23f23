"""The results pages of a zone: the figures with their links, the rows behind them, the chart without
script, the downloads, the dashboard's link; another organiser's zone is a 404, other roles are refused."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook

from marketplace.accounts.models import Role
from marketplace.extensions import db
from marketplace.zones.models import Zone
from tests.helpers import login, page_text
from tests.zones.meeting_world import user
from tests.zones.test_results_figures import build

RESULTS = "/organiser/zones/{}/results"


def _built(app):
    with app.app_context():
        built = build()
        organiser = db.session.get(Zone, built.zone_id).organiser.email
    return built, organiser


def test_the_organiser_sees_every_figure_with_a_link_to_its_rows(app, client):
    built, organiser = _built(app)
    login(client, organiser)
    page = client.get(RESULTS.format(built.zone_id))
    assert page.status_code == 200
    text = page_text(page)
    assert "已举行的洽谈" in text and "试用转付费" in text and "价格或条款" in text
    assert "110,000.00" in text and "30,000.00" in text  # fees charged and collected in total
    assert f'src="/organiser/zones/{built.zone_id}/results/chart.svg"' in text
    links = set(re.findall(r'href="(/organiser/zones/\d+/results/rows\?[^"]+)"', text))
    assert any("figure=meetings_held" in link and f"university={built.u0}" in link for link in links)
    held = client.get(f"/organiser/zones/{built.zone_id}/results/rows?figure=meetings_held")
    assert held.status_code == 200 and "共 1 条" in page_text(held)
    for link in links:
        response = client.get(link.replace("&amp;", "&"))
        assert response.status_code == 200, link


def test_the_rows_page_refuses_an_unknown_figure_and_ignores_a_bad_university(app, client):
    built, organiser = _built(app)
    login(client, organiser)
    base = f"/organiser/zones/{built.zone_id}/results/rows"
    assert client.get(base).status_code == 404
    assert client.get(base + "?figure=everything").status_code == 404
    assert client.get(base + "?reason=nonsense").status_code == 404
    all_licences = page_text(client.get(base + "?figure=licences&university=１２"))
    assert "全部高校" in all_licences and "共 3 条" in all_licences
    assert "共 1 条" in page_text(client.get(base + f"?reason=too_early&university={built.u0}"))


def test_the_chart_is_an_svg_without_script_with_a_title_and_a_description(app, client):
    built, organiser = _built(app)
    login(client, organiser)
    response = client.get(RESULTS.format(built.zone_id) + "/chart.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.headers["Cache-Control"] == "private, no-store"
    svg = response.get_data(as_text=True)
    assert svg.startswith("<svg") and "<script" not in svg and "javascript:" not in svg
    assert "<title>" in svg and "<desc>" in svg and "成效" in svg


def test_the_results_download_as_csv_and_xlsx(app, client):
    built, organiser = _built(app)
    login(client, organiser)
    body = client.get(RESULTS.format(built.zone_id) + "?format=csv").get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:3] == ["高校", "报名", "签到"]
    total = rows[-1]
    assert total[0] == "合计" and total[1:12] == ["3", "1", "4", "2", "1", "3", "1", "1", "110000.00",
                                                  "30000.00", "1"]
    workbook = load_workbook(io.BytesIO(client.get(RESULTS.format(built.zone_id) + "?format=xlsx").data))
    last = list(workbook.active.iter_rows(values_only=True))[-1]
    assert last[0] == "合计" and last[9] == 110000 and last[6] == 3


def test_another_organiser_gets_404_and_other_roles_are_refused(app, client, make_user):
    built, _ = _built(app)
    results = RESULTS.format(built.zone_id)
    urls = [results, results + "/chart.svg", results + "/rows?figure=licences", results + "?format=csv"]
    login(client, make_user(Role.ORGANISER))
    assert [client.get(url).status_code for url in urls] == [404] * 4
    client.get("/logout")
    for role in (Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF):
        other = app.test_client()
        login(other, make_user(role))
        assert [other.get(url).status_code for url in urls] == [403] * 4
    admin = app.test_client()
    login(admin, make_user(Role.ADMIN))
    assert [admin.get(url).status_code for url in urls] == [200] * 4


def test_the_dashboard_links_each_zone_to_its_results(app, client):
    built, organiser = _built(app)
    login(client, organiser)
    with app.app_context():
        assert user(organiser).role == Role.ORGANISER
    for page in ("/dashboard", "/organiser/zones/"):
        text = page_text(client.get(page, follow_redirects=True))
        assert f'href="/organiser/zones/{built.zone_id}/results"' in text, page
        assert f'href="/organiser/zones/{built.zone_id}/results/rows?figure=registrations"' in text, page
