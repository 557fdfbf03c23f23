"""Curation: suggestions, adding only published terms, removing, ordering, featuring; nominations."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.core.zone_state import ZoneStatus
from marketplace.declarations import services as declarations
from marketplace.declarations.services import current_declaration
from marketplace.extensions import db
from marketplace.zones.models import NominationStatus, Zone, ZoneNomination, ZonePatent
from tests.helpers import login, page_text, post_form

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


@pytest.fixture
def organiser(make_user, client) -> str:
    email = make_user(Role.ORGANISER)
    login(client, email)
    return email


def _entries(app, zone_id: int) -> list[tuple[int, bool]]:
    with app.app_context():
        return [(e.patent_id, e.featured) for e in db.session.scalars(
            select(ZonePatent).where(ZonePatent.zone_id == zone_id)
            .order_by(ZonePatent.position, ZonePatent.id))]


def _add(client, zone_id: int, patent_id: int):
    return post_form(client, f"/organiser/zones/{zone_id}/curation/add", {"patent_id": str(patent_id)},
                     page=f"/organiser/zones/{zone_id}/suggestions")


def _entry_id(app, zone_id: int, patent_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(ZonePatent.id).where(ZonePatent.zone_id == zone_id,
                                                             ZonePatent.patent_id == patent_id))


def _draft(app, make_patent, make_user) -> int:
    patent_id = make_patent()
    with app.app_context():
        patent = db.session.get(Patent, patent_id)
        staff = make_user(Role.UNIVERSITY_STAFF, university_id=patent.university_id)
        user = db.session.scalars(select(User).where(User.email == staff)).one()
        declarations.save_draft(patent, user, flat_plan(Money("1000.00"), Duration.years(1)), "银行转账", "",
                                TODAY)
        db.session.commit()
    return patent_id


def _withdraw(app, patent_id: int) -> None:
    with app.app_context():
        declarations.withdraw(current_declaration(patent_id), "专利转让", TODAY, NOW)
        db.session.commit()


def test_suggestions_match_industry_ipc_and_keywords_and_skip_unpublished(app, client, organiser, make_zone,
                                                                          make_offer, make_patent, make_user):
    zone_id = make_zone(organiser, industries="dairy_food", ipc_classes="H01M", keywords="乳酸菌")
    dairy = make_offer(industry="乳业及食品", ipc_codes="A23C 9/12", keywords="奶酪", title="一种奶酪的制法",
                       abstract="奶酪")
    battery = make_offer(industry="新能源", ipc_codes="H01M 10/05", keywords="电池", title="一种电池",
                         abstract="电池")
    probiotic = make_offer(industry="生物医药", ipc_codes="A61K 35/74", keywords="乳酸菌", title="一种益生菌",
                           abstract="益生菌")
    unrelated = make_offer(industry="装备制造", ipc_codes="B23K 1/00", keywords="焊接", title="焊接装置",
                           abstract="焊接")
    draft = _draft(app, make_patent, make_user)
    html = client.get(f"/organiser/zones/{zone_id}/suggestions").get_data(as_text=True)
    for patent_id in (dairy, battery, probiotic):
        assert f'name="patent_id" value="{patent_id}"' in html
    for patent_id in (unrelated, draft):
        assert f'name="patent_id" value="{patent_id}"' not in html
    assert _add(client, zone_id, dairy).status_code == 302
    html = client.get(f"/organiser/zones/{zone_id}/suggestions").get_data(as_text=True)
    assert f'name="patent_id" value="{dairy}"' not in html


def test_a_draft_or_withdrawn_declaration_cannot_be_curated(app, client, organiser, make_zone, make_offer,
                                                            make_patent, make_user):
    with client.session_transaction() as session:
        session["lang"] = "en"
    zone_id = make_zone(organiser)
    draft = _draft(app, make_patent, make_user)
    withdrawn = make_offer()
    _withdraw(app, withdrawn)
    response = _add(client, zone_id, draft)
    assert response.status_code == 422 and "still a draft" in page_text(response)
    response = _add(client, zone_id, withdrawn)
    assert response.status_code == 422 and "was withdrawn" in page_text(response)
    assert _add(client, zone_id, 999_999).status_code == 422
    assert _entries(app, zone_id) == []


def test_adding_twice_is_refused(app, client, organiser, make_zone, make_offer):
    zone_id = make_zone(organiser)
    patent_id = make_offer()
    assert _add(client, zone_id, patent_id).status_code == 302
    assert _add(client, zone_id, patent_id).status_code == 422
    assert _entries(app, zone_id) == [(patent_id, False)]


def _button(client, zone_id: int, action: str, entry_id: int, value: str = ""):
    return post_form(client, f"/organiser/zones/{zone_id}/curation/{action}",
                     {"entry_id": str(entry_id), "value": value}, page=f"/organiser/zones/{zone_id}/curation")


def test_order_feature_and_remove(app, client, organiser, make_zone, make_offer):
    zone_id = make_zone(organiser)
    a, b, c = make_offer(), make_offer(), make_offer()
    for patent_id in (a, b, c):
        _add(client, zone_id, patent_id)
    assert _button(client, zone_id, "move", _entry_id(app, zone_id, c), "up").status_code == 302
    assert [p for p, _ in _entries(app, zone_id)] == [a, c, b]
    _button(client, zone_id, "move", _entry_id(app, zone_id, a), "up")  # already first: nothing moves
    _button(client, zone_id, "move", _entry_id(app, zone_id, a), "down")
    assert [p for p, _ in _entries(app, zone_id)] == [c, a, b]
    assert _button(client, zone_id, "feature", _entry_id(app, zone_id, b), "1").status_code == 302
    assert (b, True) in _entries(app, zone_id)
    html = client.get(f"/zones/{zone_id}").get_data(as_text=True)
    assert html.index(f"/patents/{b}\"") < html.index(f"/patents/{c}\"") < html.index(f"/patents/{a}\"")
    assert _button(client, zone_id, "remove", _entry_id(app, zone_id, a)).status_code == 302
    assert [p for p, _ in _entries(app, zone_id)] == [c, b]


def test_an_entry_of_another_zone_is_refused(app, client, organiser, make_zone, make_offer):
    mine, other = make_zone(organiser), make_zone(organiser)
    patent_id = make_offer()
    _add(client, other, patent_id)
    assert _button(client, mine, "remove", _entry_id(app, other, patent_id)).status_code == 422
    assert _button(client, mine, "remove", 0).status_code == 422
    assert _entries(app, other) == [(patent_id, False)]


def test_a_closed_zone_refuses_curation(app, client, organiser, make_zone, make_offer):
    zone_id = make_zone(organiser, status=ZoneStatus.CLOSED)
    assert _add(client, zone_id, make_offer()).status_code == 422
    assert _entries(app, zone_id) == []


def test_a_declaration_withdrawn_later_stays_listed_without_a_take_licence_button(app, client, organiser,
                                                                                   make_zone, make_offer):
    zone_id = make_zone(organiser, status=ZoneStatus.PUBLISHED)
    kept, gone = make_offer(), make_offer()
    _add(client, zone_id, kept)
    _add(client, zone_id, gone)
    _withdraw(app, gone)
    html = client.get(f"/zones/{zone_id}").get_data(as_text=True)
    assert f"/patents/{gone}\"" in html
    assert f"/patents/{kept}/licence" in html and f"/patents/{gone}/licence" not in html


# Nominations


@pytest.fixture
def staff_offer(app, make_offer, make_user):
    """(staff e-mail, an offered patent of their university)."""
    patent_id = make_offer()
    with app.app_context():
        university_id = db.session.get(Patent, patent_id).university_id
    return make_user(Role.UNIVERSITY_STAFF, university_id=university_id), patent_id


def _nominate(client, zone_id: int, patent_id: int, note: str = "适合稀土企业"):
    return post_form(client, f"/zones/{zone_id}/nominate", {"patent_id": str(patent_id), "note": note})


def _nominations(app, zone_id: int) -> list[tuple[int, str, str]]:
    with app.app_context():
        return [(n.patent_id, n.status, n.decline_reason) for n in db.session.scalars(
            select(ZoneNomination).where(ZoneNomination.zone_id == zone_id).order_by(ZoneNomination.id))]


def test_staff_nominate_and_the_organiser_accepts(app, client, make_user, make_zone, staff_offer):
    staff, patent_id = staff_offer
    owner = make_user(Role.ORGANISER)
    zone_id = make_zone(owner, status=ZoneStatus.PUBLISHED)
    login(client, staff)
    assert f"/zones/{zone_id}/nominate" in client.get(f"/zones/{zone_id}").get_data(as_text=True)
    assert f"/zones/{zone_id}/nominate" in client.get("/dashboard").get_data(as_text=True)
    assert _nominate(client, zone_id, patent_id).status_code == 302
    assert _nominate(client, zone_id, patent_id).status_code == 422  # no longer offered to nominate
    assert _nominations(app, zone_id) == [(patent_id, NominationStatus.PENDING, "")]
    client = app.test_client()
    login(client, owner)
    with app.app_context():
        nomination_id = db.session.scalar(select(ZoneNomination.id))
    assert "适合稀土企业" in page_text(client.get(f"/organiser/zones/{zone_id}/nominations"))
    response = post_form(client, f"/organiser/zones/{zone_id}/nominations/decide",
                         {"nomination_id": str(nomination_id), "accept": "1"},
                         page=f"/organiser/zones/{zone_id}/nominations")
    assert response.status_code == 302
    assert _nominations(app, zone_id) == [(patent_id, NominationStatus.ACCEPTED, "")]
    assert _entries(app, zone_id) == [(patent_id, False)]


def test_declining_needs_a_reason(app, client, make_user, make_zone, staff_offer):
    staff, patent_id = staff_offer
    owner = make_user(Role.ORGANISER)
    zone_id = make_zone(owner, status=ZoneStatus.RUNNING)
    login(client, staff)
    _nominate(client, zone_id, patent_id)
    client = app.test_client()
    login(client, owner)
    with app.app_context():
        nomination_id = db.session.scalar(select(ZoneNomination.id))
    url, page = f"/organiser/zones/{zone_id}/nominations/decide", f"/organiser/zones/{zone_id}/nominations"
    refused = post_form(client, url, {"nomination_id": str(nomination_id), "decline": "1", "reason": ""},
                        page=page)
    assert refused.status_code == 422 and 'is-invalid' in refused.get_data(as_text=True)
    assert _nominations(app, zone_id)[0][1] == NominationStatus.PENDING
    assert post_form(client, url, {"nomination_id": str(nomination_id), "decline": "1",
                                   "reason": "与专场主题不符"}, page=page).status_code == 302
    assert _nominations(app, zone_id) == [(patent_id, NominationStatus.DECLINED, "与专场主题不符")]
    again = post_form(client, url, {"nomination_id": str(nomination_id), "accept": "1"}, page=page)
    assert again.status_code == 422
    assert _entries(app, zone_id) == []
    client = app.test_client()
    login(client, staff)
    assert "与专场主题不符" in page_text(client.get(f"/zones/{zone_id}/nominate"))


def test_nominating_is_refused_for_a_draft_or_closed_zone_or_another_universitys_patent(
        app, client, make_zone, staff_offer, make_offer):
    staff, patent_id = staff_offer
    draft, closed, running = (make_zone(status=ZoneStatus.DRAFT), make_zone(status=ZoneStatus.CLOSED),
                              make_zone(status=ZoneStatus.RUNNING))
    login(client, staff)
    assert client.get(f"/zones/{draft}/nominate").status_code == 404
    assert _nominate(client, closed, patent_id).status_code == 422
    assert _nominate(client, running, make_offer()).status_code == 422
    assert _nominations(app, closed) == [] and _nominations(app, running) == []


def test_the_database_keeps_one_pending_nomination(app, make_zone, staff_offer):
    from sqlalchemy.exc import IntegrityError

    staff, patent_id = staff_offer
    zone_id = make_zone(status=ZoneStatus.PUBLISHED)
    with app.app_context():
        user = db.session.scalars(select(User).where(User.email == staff)).one()
        row = {"zone_id": zone_id, "patent_id": patent_id, "university_id": user.university_id,
               "nominated_by_id": user.id}
        db.session.add(ZoneNomination(**row))
        db.session.commit()
        db.session.add(ZoneNomination(**row))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        from marketplace.service_errors import ServiceError
        from marketplace.zones.nominations import nominate

        with pytest.raises(ServiceError):
            nominate(db.session.get(Zone, zone_id), patent_id, "", user)
