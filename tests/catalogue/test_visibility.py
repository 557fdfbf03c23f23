"""One rule of who sees a patent, asked by the page, its attachments and the API alike."""

from __future__ import annotations

from datetime import date

from marketplace.catalogue.models import Patent
from marketplace.catalogue.services import set_archived
from marketplace.catalogue.visibility import visible_patent
from marketplace.extensions import db


def _archived(app, make_patent, make_university) -> tuple[int, int]:
    university_id = make_university("内蒙古科技大学")
    patent_id = make_patent(university_id)
    with app.app_context():
        set_archived(db.session.get(Patent, patent_id), True, date(2026, 11, 26))
        db.session.commit()
    return patent_id, university_id


def test_an_archived_patent_is_seen_by_its_own_university_only(app, make_patent, make_university):
    patent_id, university_id = _archived(app, make_patent, make_university)
    shown = make_patent()
    with app.app_context():
        assert visible_patent(patent_id, university_id).id == patent_id
        assert visible_patent(patent_id, None) is None
        assert visible_patent(patent_id, university_id + 1) is None
        assert visible_patent(shown, None).id == shown
        assert visible_patent(999_999, university_id) is None


def test_the_page_and_the_api_both_hide_it(app, client, make_patent, make_university):
    patent_id, _ = _archived(app, make_patent, make_university)
    assert client.get(f"/patents/{patent_id}").status_code == 404
    assert client.get(f"/api/v1/patents/{patent_id}").status_code == 404
    assert client.get(f"/api/v1/patents/{patent_id}/quote?start=2027-01-01").status_code == 404
