"""Formula injection: every CSV or XLSX download of the URL map, filled with hostile text, runs no formula.

The routes come from the URL map (each GET route whose arguments can be filled, with and without
``?format=csv`` / ``?format=xlsx``), so a new export is swept without editing this test. A second
test makes sure no module but `marketplace.exports` writes spreadsheets.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.core.spreadsheet_cells import FORMULA_TRIGGERS
from marketplace.declarations import services as declarations
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.licensing.services import take_licence
from tests.helpers import login, post_form

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
HOSTILE = ['=HYPERLINK("http://x")', "@SUM(A1)", "+1", "-2+3", "\t=1", "\r=1"]
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROLES = (Role.UNIVERSITY_STAFF, Role.ENTERPRISE_USER, Role.ADMIN, Role.ORGANISER)


@pytest.fixture
def hostile(app, make_university, make_patent, make_enterprise, make_user):
    """A patent, its offer and one licence per hostile value: in the enterprise's name, the 备案 number,
    the patent's title (written past the validators, as data from before them would be)."""
    university_id = make_university("内蒙古大学")
    patent_id = make_patent(university_id)
    staff = make_user(Role.UNIVERSITY_STAFF, university_id=university_id)
    enterprise_ids = [make_enterprise(name=value) for value in HOSTILE]
    takers = [make_user(Role.ENTERPRISE_USER, enterprise_id=eid) for eid in enterprise_ids]
    app.config["FROZEN_TODAY"] = TODAY.isoformat()
    with app.app_context():
        users = {user.email: user for user in db.session.scalars(select(User))}
        patent = db.session.get(Patent, patent_id)
        plan = flat_plan(Money("1234.56"), Duration.years(3))
        draft = declarations.save_draft(patent, users[staff], plan, "银行转账", "", TODAY)
        declarations.publish(draft, TODAY, NOW)
        licence_ids = []
        for value, email in zip(HOSTILE, takers, strict=True):
            licence = take_licence(users[email], patent, draft.id, TODAY, TODAY, NOW)
            licence.filing_number = value
            licence_ids.append(licence.id)
        patent.title = HOSTILE[0]
        zone_id = _zone_with_hostile_registrations(users, takers, patent_id, draft.id, university_id)
        db.session.commit()
        run_due(TODAY)
        db.session.commit()
    yield {"staff": staff, "takers": takers, "university_id": university_id, "patent_id": patent_id,
           "licence_id": licence_ids[0], "enterprise_id": enterprise_ids[0], "zone_id": zone_id}
    app.config.pop("FROZEN_TODAY")


def _zone_with_hostile_registrations(users, takers, patent_id, declaration_id, university_id) -> int:
    """A running zone listing the patent, where every hostile enterprise registered with the hostile value
    as its contact person and interests."""
    from marketplace.core.zone_state import ZoneStatus
    from marketplace.zones.models import Zone, ZonePatent
    from marketplace.zones.registration import register

    owner = users[takers[0]]  # any user: only administrators reach another's zone, and they download it
    zone = Zone(organiser_id=owner.id, title=HOSTILE[0], theme="稀土", opens_on=TODAY, closes_on=TODAY,
                status=ZoneStatus.RUNNING)
    db.session.add(zone)
    db.session.flush()
    db.session.add(ZonePatent(zone_id=zone.id, patent_id=patent_id, declaration_id=declaration_id,
                              university_id=university_id, added_by_id=owner.id))
    for value, email in zip(HOSTILE, takers, strict=True):
        register(zone, users[email], value, "13800000000", value, [patent_id], TODAY, NOW)
    return zone.id


def _urls(app, ids: dict) -> list[str]:
    """Every GET route whose arguments are all known ids, with and without a format argument."""
    urls = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if "GET" not in (rule.methods or ()) or rule.endpoint == "static":
                continue
            if not set(rule.arguments) <= ids.keys():
                continue
            url = url_for(rule.endpoint, **{name: ids[name] for name in rule.arguments})
            urls += [url, f"{url}?format=csv", f"{url}?format=xlsx"]
    return urls


def _cells(response) -> list[tuple[str, str]]:
    """(cell text, cell kind) of every cell of a CSV or XLSX download."""
    if response.mimetype == CSV:
        text = response.data.decode("utf-8-sig")
        return [(cell, "s") for record in csv.reader(io.StringIO(text, newline="")) for cell in record]
    book = load_workbook(io.BytesIO(response.data), data_only=False)
    cells = [(cell.value, cell.data_type) for sheet in book.worksheets for row in sheet.iter_rows()
             for cell in row if cell.value is not None]
    return [(value if isinstance(value, str) else str(value), kind) for value, kind in cells]


def _sweep(client, app, ids: dict) -> dict[str, list[tuple[str, str]]]:
    downloads = {}
    for url in _urls(app, ids):
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code == 200 and response.mimetype in (CSV, XLSX):
            downloads[url] = _cells(response)
    return downloads


def test_no_download_holds_a_cell_a_spreadsheet_would_run(app, client, hostile, make_user):
    ids = {name: hostile[name]
           for name in ("university_id", "patent_id", "licence_id", "enterprise_id", "zone_id")}
    seen: dict[str, list[tuple[str, str]]] = {}
    for role in ROLES:
        if role == Role.UNIVERSITY_STAFF:
            email = hostile["staff"]
        elif role == Role.ENTERPRISE_USER:
            email = hostile["takers"][0]
        else:
            email = make_user(role)
        login(client, email)
        for url, cells in _sweep(client, app, ids).items():
            seen[f"{role}:{url}"] = cells
            for text, kind in cells:
                assert kind != "f", (role, url, text)
                assert not text.startswith(FORMULA_TRIGGERS), (role, url, text)
        post_form(client, "/logout", {}, page="/dashboard")

    downloaded = {key.split(":", 1)[1].split("?")[0] for key in seen}
    assert {"/ip/licences", f"/licences/{hostile['licence_id']}/ledger.csv", "/ip/imports/template.csv",
            "/ip/imports/template.xlsx", f"/organiser/zones/{hostile['zone_id']}/registrations"} <= downloaded
    registrations = next(cells for key, cells in seen.items() if key.endswith("/registrations?format=csv"))
    assert {"'" + value for value in HOSTILE} <= {text for text, _ in registrations}
    licences = next(cells for key, cells in seen.items() if key.endswith("/ip/licences?format=csv"))
    texts = {text for text, _ in licences}
    assert {"'" + value for value in HOSTILE} <= texts  # every hostile name and 备案 number, quoted
    ledger = next(cells for key, cells in seen.items() if key.endswith("ledger.csv"))
    assert ("1234.56", "s") in ledger  # the amount stays a plain number


def test_amounts_stay_numbers_in_workbooks():
    from decimal import Decimal

    from marketplace.exports import append_row, new_workbook, xlsx_bytes

    book, sheet = new_workbook()
    append_row(sheet, ["=1+1", Decimal("-1234.56"), -2, "-2", date(2027, 1, 1), None, "a\x01b"])
    cells = list(load_workbook(io.BytesIO(xlsx_bytes(book))).active.iter_rows(values_only=True))[0]
    assert cells == ("'=1+1", -1234.56, -2, "'-2", "2027-01-01", None, "ab")


_WRITERS = re.compile(r"csv\.writer\(|csv\.DictWriter\(|\bWorkbook\(")


def test_only_the_export_module_writes_spreadsheets():
    root = Path(__file__).resolve().parents[2] / "marketplace"
    writers = sorted(
        str(path.relative_to(root)) for path in root.rglob("*.py")
        if _WRITERS.search(path.read_text(encoding="utf-8"))
    )
    assert writers == ["exports.py"]

