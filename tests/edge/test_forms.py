"""Every form is a `MarketplaceForm`, and none is read before it is validated.

The regression cases are the ones found by hand: a withdrawal reason of a million characters stored, a
trial declined by any junk posted to its decision, a hidden declaration id of `abc` (a 500), an amount of
`²` read as 2.00.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from flask import request
from flask_wtf import FlaskForm
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.declarations.models import Declaration, DeclarationStatus
from marketplace.declarations.plan_forms import WithdrawForm
from marketplace.edge.forms import MarketplaceForm, UnvalidatedFormRead
from marketplace.extensions import db
from marketplace.ledger.models import LedgerTransaction
from marketplace.licensing.models import Licence
from marketplace.organisations.forms import SearchForm
from tests.edge.html_forms import post_forms
from tests.edge.world import DEMO_PASSWORD, ROLE_USERS
from tests.helpers import login, page_text, post_form

PACKAGE = Path(__file__).resolve().parents[2] / "marketplace"

# The log-in limiter keys failed attempts on the typed e-mail before any form exists (a key function).
# The log-in and reset throttles key on the submitted address before any view runs (normalised, bounded).
READS_REQUEST_FORM = {"accounts/throttling.py"}


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_form_is_a_marketplace_form(app):
    plain = [cls.__qualname__ for cls in _subclasses(FlaskForm)
             if cls is not MarketplaceForm and not issubclass(cls, MarketplaceForm)]
    assert plain == []


def _modules():
    return [(path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
            for path in PACKAGE.rglob("*.py")]


def test_only_the_edge_builds_on_flask_wtf_directly():
    importers = [name for name, tree in _modules() if name != "edge/forms.py" and any(
        isinstance(node, ast.ImportFrom) and node.module == "flask_wtf"
        and any(alias.name == "FlaskForm" for alias in node.names) for node in ast.walk(tree))]
    assert importers == []


def test_no_view_reads_the_request_form_past_its_form():
    readers = sorted({name for name, tree in _modules() for node in ast.walk(tree)
                      if isinstance(node, ast.Attribute) and node.attr in ("form", "values", "get_json")
                      and isinstance(node.value, ast.Name) and node.value.id == "request"}
                     - READS_REQUEST_FORM)
    assert readers == []


def test_submitted_data_cannot_be_read_before_validation(app):
    with app.test_request_context("/", method="POST", data={"reason": "x" * 600}):
        form = WithdrawForm(meta={"csrf": False})
        with pytest.raises(UnvalidatedFormRead):
            _ = form.reason.data
        assert form.validate() is False
        assert len(form.reason.data) == 600 and form.reason.errors


def test_a_query_bound_form_must_be_validated_too(app):
    with app.test_request_context("/?q=" + "x" * 101):
        search = SearchForm(formdata=request.args)
        with pytest.raises(UnvalidatedFormRead):
            _ = search.q.data
        assert search.text() == "" and search.q.errors


def test_a_form_not_bound_to_the_request_reads_freely(app):
    with app.test_request_context("/", method="POST", data={"reason": "x"}):
        assert WithdrawForm(formdata=None, data={"reason": "旧"}).reason.data == "旧"
    with app.test_request_context("/"):
        assert WithdrawForm().reason.data is None


# ------------------------------------------------------------------ regressions, in the demo world


def _login(client, role):
    login(client, ROLE_USERS[role], DEMO_PASSWORD)


def _user(email) -> User:
    return db.session.scalars(select(User).where(User.email == email)).one()


def test_a_withdrawal_reason_of_a_million_characters_is_refused(app, client, demo_world):
    with app.app_context():
        staff = _user(ROLE_USERS[Role.UNIVERSITY_STAFF])
        declaration = db.session.scalars(select(Declaration).join(Declaration.patent).where(
            Declaration.status == DeclarationStatus.PUBLISHED,
            Declaration.patent.has(university_id=staff.university_id))).first()
        patent_id, declaration_id = declaration.patent_id, declaration.id
    _login(client, Role.UNIVERSITY_STAFF)
    url = f"/ip/patents/{patent_id}/declaration/withdraw"
    page = f"/ip/patents/{patent_id}/declaration"
    response = post_form(client, url, {"reason": "撤" * 1_000_000}, page=page)
    assert response.status_code == 422
    response = post_form(client, url, {"reason": "撤" * 501}, page=page)
    assert response.status_code == 422
    form = next(f for f in post_forms(response.get_data(as_text=True), url) if f.action == url)
    assert form.field("reason").invalid and "500" in form.field("reason").feedback
    with app.app_context():
        assert db.session.get(Declaration, declaration_id).status == DeclarationStatus.PUBLISHED


def _trial_licence(app, role_email):
    with app.app_context():
        user = _user(role_email)
        return db.session.scalars(select(Licence.id).where(Licence.enterprise_id == user.enterprise_id,
                                                           Licence.status == "trial")).first()


def test_junk_posted_as_a_trial_decision_declines_nothing(app, client, demo_world):
    email = "xibao@demo.nmgpatent.cn"
    licence_id = _trial_licence(app, email)
    login(client, email, DEMO_PASSWORD)
    response = post_form(client, f"/licences/{licence_id}/trial", {"decision": "maybe"},
                         page=f"/licences/{licence_id}")
    assert response.status_code == 422
    assert "请选择转为付费或拒绝试用" in page_text(response)
    with app.app_context():
        assert db.session.get(Licence, licence_id).status == "trial"


def test_a_junk_declaration_id_on_take_licence_is_refused(app, client, demo_world):
    with app.app_context():
        enterprise = _user(ROLE_USERS[Role.ENTERPRISE_USER])
        taken = select(Licence.patent_id).where(Licence.enterprise_id == enterprise.enterprise_id)
        patent_id = db.session.scalars(select(Declaration.patent_id).where(
            Declaration.status == DeclarationStatus.PUBLISHED, Declaration.patent_id.not_in(taken))).first()
        licences = db.session.scalars(select(Licence.id)).all()
    _login(client, Role.ENTERPRISE_USER)
    url = f"/patents/{patent_id}/licence"
    for junk in ("abc", "²", "99999999999999999999"):
        response = post_form(client, url, {"declaration_id": junk, "start": "2026-12-01", "accept": "y",
                                           "take": "1"})
        assert response.status_code == 422
        assert "页面已过期" in page_text(response)
    with app.app_context():
        assert db.session.scalars(select(Licence.id)).all() == licences


def test_an_amount_of_superscript_two_is_not_two_yuan(app, client, demo_world):
    with app.app_context():
        staff = _user(ROLE_USERS[Role.UNIVERSITY_STAFF])
        from marketplace.ledger.payments import outstanding

        licence_id = next(licence.id for licence in db.session.scalars(select(Licence).where(
            Licence.university_id == staff.university_id)) if outstanding(licence).amount > 0)
        payments = db.session.scalars(select(LedgerTransaction.id)).all()
    _login(client, Role.UNIVERSITY_STAFF)
    url = f"/licences/{licence_id}/payments"
    response = post_form(client, url, {"amount": "²", "reference": "ICBC-2", "received_on": "2026-11-20"},
                         page=f"/licences/{licence_id}")
    assert response.status_code == 422
    form = next(f for f in post_forms(response.get_data(as_text=True), url) if f.action == url)
    assert form.field("amount").invalid and form.field("amount").feedback.strip()
    with app.app_context():
        assert db.session.scalars(select(LedgerTransaction.id)).all() == payments
