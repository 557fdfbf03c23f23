"""The open data feed of offers: publications and withdrawals with the terms version, the plan in full and
the patent's bibliographic data, as JSON and CSV, incremental with since=, with ETag and conditional GET."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta

from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.catalogue.services import set_archived
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.declarations import services as declarations
from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from tests.api.conftest import NOW, TODAY, problem

FEED = "/api/v1/feed/offers"


def _staff(app, make_user, university_id: int) -> str:
    return make_user(Role.UNIVERSITY_STAFF, university_id=university_id)


def _publish(app, patent_id: int, email: str, price: str, at: datetime, other_terms: str = "") -> int:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        patent = db.session.get(Patent, patent_id)
        draft = declarations.save_draft(patent, user, flat_plan(Money(price), Duration.years(3)), "银行转账",
                                        other_terms, TODAY)
        declarations.publish(draft, TODAY, at)
        db.session.commit()
        return draft.id


def _entries(client, query: str = "") -> list[dict]:
    response = client.get(FEED + query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["items"]


def test_a_publication_carries_the_terms_the_plan_in_full_and_the_bibliography(client, offered):
    patent_id, declaration_id = offered
    (entry,) = _entries(client)
    assert entry["id"] == f"declaration-{declaration_id}-published"
    assert entry["event"] == "published"
    assert (entry["declaration_id"], entry["terms_version"]) == (declaration_id, 1)
    assert entry["at"] == "2026-11-26T02:00:00+00:00"
    assert entry["patent"]["id"] == patent_id
    assert entry["patent"]["application_number"] and entry["patent"]["inventors"]
    assert entry["patent"]["filing_date"] == "2021-03-15"
    plan = entry["offer"]["plan"]
    assert plan["kind"] == "flat" and plan["term"] == {"count": 3, "unit": "year"}
    assert plan["phases"][0]["fee"] == "60000.00"
    assert plan["in_words"] and entry["offer"]["status"] == "published"
    assert entry["withdrawn_on"] is None


def test_a_new_version_withdraws_the_old_one_in_the_feed(app, client, offered, make_user):
    patent_id, first = offered
    with app.app_context():
        staff_email = db.session.scalar(select(User.email).where(User.role == Role.UNIVERSITY_STAFF))
    second = _publish(app, patent_id, staff_email, "80000.00", NOW + timedelta(hours=1))
    entries = _entries(client)
    assert [(e["declaration_id"], e["event"]) for e in entries] == [
        (first, "published"), (first, "withdrawn"), (second, "published")]
    assert entries[1]["offer"]["status"] == "withdrawn" and entries[1]["withdrawn_on"] == "2026-11-26"
    assert entries[2]["terms_version"] == 2
    assert entries[2]["offer"]["plan"]["phases"][0]["fee"] == "80000.00"


def test_a_withdrawal_says_why(app, client, offered):
    _, declaration_id = offered
    with app.app_context():
        declarations.withdraw(db.session.get(Declaration, declaration_id), "专利权转让", TODAY,
                              NOW + timedelta(minutes=5))
        db.session.commit()
    withdrawn = _entries(client)[-1]
    assert (withdrawn["event"], withdrawn["withdrawal_reason"]) == ("withdrawn", "专利权转让")
    assert withdrawn["at"] == "2026-11-26T02:05:00+00:00"


def test_since_is_incremental_and_next_since_says_where_to_poll(app, client, offered, make_patent, make_user,
                                                               make_university):
    university_id = make_university("内蒙古工业大学")
    email = _staff(app, make_user, university_id)
    later = _publish(app, make_patent(university_id), email, "1000.00", NOW + timedelta(days=1))
    body = client.get(FEED).get_json()
    assert body["total"] == 2 and body["next_since"] == "2026-11-27T02:00:00+00:00"
    polled = client.get(FEED, query_string={"since": body["next_since"]}).get_json()
    assert [e["declaration_id"] for e in polled["items"]] == [later]  # inclusive: the last one comes again
    naive = _entries(client, "?since=2026-11-26T02:00:01")  # no offset: UTC
    assert [e["declaration_id"] for e in naive] == [later]
    future = client.get(FEED, query_string={"since": "2030-01-01T00:00:00Z"}).get_json()
    assert (future["items"], future["total"], future["next_since"], future["next"]) == ([], 0, None, None)


def test_pages_follow_next_links_in_feed_order(app, client, make_patent, make_user, make_university, frozen):
    university_id = make_university("内蒙古农业大学")
    email = _staff(app, make_user, university_id)
    made = [_publish(app, make_patent(university_id), email, "1000.00", NOW + timedelta(minutes=i))
            for i in range(5)]
    seen, url = [], FEED + "?per_page=2"
    while url:
        body = client.get(url).get_json()
        seen += [e["declaration_id"] for e in body["items"]]
        url = body["next"]
    assert seen == made
    link = client.get(FEED + "?per_page=2").headers["Link"]
    assert 'rel="next"' in link and "page=2" in link


def test_the_csv_has_the_same_entries_with_cells_made_safe(app, client, make_patent, make_user,
                                                          make_university, frozen):
    university_id = make_university("内蒙古师范大学")
    email = _staff(app, make_user, university_id)
    declaration_id = _publish(app, make_patent(university_id), email, "1234.50", NOW,
                              other_terms='=HYPERLINK("http://x")')
    response = client.get(FEED + "?format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data().decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["id"] == f"declaration-{declaration_id}-published" and row["event"] == "published"
    assert row["other_terms"] == "'=HYPERLINK(\"http://x\")"
    assert row["terms_version"] == "1" and row["plan_kind"] == "flat"
    plan = json.loads(row["plan_json"])
    assert plan["phases"][0]["fee"] == "1234.50" and plan["term"] == {"count": 3, "unit": "year"}
    assert "1,234.50" in row["plan_in_words"]


def test_an_unchanged_page_is_not_sent_again(app, client, offered, make_patent, make_user, make_university):
    first = client.get(FEED)
    etag = first.headers["ETag"]
    again = client.get(FEED, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    weak = client.get(FEED, headers={"If-None-Match": "W/" + etag})
    assert weak.status_code == 304
    as_csv = client.get(FEED + "?format=csv", headers={"If-None-Match": etag})
    assert as_csv.status_code == 200 and as_csv.headers["ETag"] != etag
    university_id = make_university("内蒙古民族大学")
    _publish(app, make_patent(university_id), _staff(app, make_user, university_id), "500.00",
             NOW + timedelta(hours=2))
    changed = client.get(FEED, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert len(changed.get_json()["items"]) == 2


def test_drafts_and_archived_patents_stay_out(app, client, offered, make_patent, make_user, make_university):
    patent_id, _ = offered
    university_id = make_university("包头医学院")
    email = _staff(app, make_user, university_id)
    draft_patent = make_patent(university_id)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        declarations.save_draft(db.session.get(Patent, draft_patent), user,
                                flat_plan(Money("10.00"), Duration.years(1)), "银行转账", "", TODAY)
        db.session.commit()
    assert [e["patent"]["id"] for e in _entries(client)] == [patent_id]
    with app.app_context():
        set_archived(db.session.get(Patent, patent_id), True, TODAY)
        db.session.commit()
    body = client.get(FEED).get_json()
    assert (body["items"], body["total"], body["next_since"]) == ([], 0, None)


def test_bad_arguments_are_refused_as_problems(client):
    for query in ("?since=yesterday", "?format=xml", "?per_page=501", "?page=0", "?since=2026-13-01"):
        body = problem(client.get(FEED + query), 422, "validation")
        assert body["errors"], query
