"""Helpers of the money-page tests: a licence taken on a plan by a fresh or given enterprise, clients
logged in as its parties (reading English), moving the date, reading the ledger."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.declarations import services as declarations
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.ledger.models import LedgerTransaction
from marketplace.licensing.services import take_licence
from tests.helpers import login, post_form

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Deal:
    """A licence and the e-mails of its parties."""

    licence_id: int
    staff: str
    buyer: str
    university_id: int

    @property
    def url(self) -> str:
        """The licence page."""
        return f"/licences/{self.licence_id}"


def deal_factory(app: Flask, make_patent, make_university, make_user) -> Callable[..., Deal]:
    """deal(plan, start, buyer=None, university_id=None) → Deal: a fresh patent of the university
    offered on `plan`, taken from `start` by `buyer` (a fresh enterprise user unless given)."""

    def make(plan, start: date = date(2027, 1, 1), buyer: str | None = None,
             university_id: int | None = None) -> Deal:
        university_id = university_id or make_university()
        patent_id = make_patent(university_id)
        staff = make_user(Role.UNIVERSITY_STAFF, university_id=university_id)
        buyer = buyer or make_user(Role.ENTERPRISE_USER)
        with app.app_context():
            patent = db.session.get(Patent, patent_id)
            user = db.session.scalar(select(User).where(User.email == staff))
            draft = declarations.save_draft(patent, user, plan, "银行转账", "", TODAY)
            declarations.publish(draft, TODAY, NOW)
            taker = db.session.scalar(select(User).where(User.email == buyer))
            licence = take_licence(taker, patent, draft.id, start, TODAY, NOW)
            db.session.commit()
            return Deal(licence.id, staff, buyer, university_id)

    return make


def move_to(app: Flask, *days: date) -> None:
    """Run the daily job on each day, and let the web layer's today be the last of them."""
    with app.app_context():
        for day in days:
            run_due(day)
        db.session.commit()
    app.config["FROZEN_TODAY"] = days[-1].isoformat()


def signed_in(app: Flask, email: str) -> FlaskClient:
    """A new client logged in as `email`, reading the English wording."""
    client = app.test_client()
    login(client, email)
    client.get("/language/en")
    return client


def post(client: FlaskClient, url: str, data: dict, page: str = "/dashboard"):
    """POST a form with a valid CSRF token."""
    return post_form(client, url, data, page=page)


def ledger_count(app: Flask, kind: str) -> int:
    """How many ledger transactions of `kind` there are."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(LedgerTransaction)
                                 .where(LedgerTransaction.kind == kind))


def transaction_ids(app: Flask, licence_id: int, kind: str) -> list[int]:
    """The ids of a licence's ledger transactions of `kind`, oldest first."""
    with app.app_context():
        return list(db.session.scalars(select(LedgerTransaction.id).where(
            LedgerTransaction.licence_id == licence_id, LedgerTransaction.kind == kind)
            .order_by(LedgerTransaction.id)))


def visible(response) -> str:
    """The words a reader sees: tags dropped, entities decoded, white space folded."""
    text = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return " ".join(html.unescape(text).split())
