"""The caller and its licences: who am I, my licences with their money, one licence with its charges,
and its ledger (the same for the enterprise and the university)."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from marshmallow import Schema, fields
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from marketplace.accounts.models import Role
from marketplace.api.auth import BEARER, guarded, token_scopes
from marketplace.api.blueprint import api_blueprint
from marketplace.api.licence_schemas import (
    LedgerTransactionSchema,
    LicenceDetailSchema,
    LicenceSchema,
    charge_data,
    licence_data,
    transaction_data,
)
from marketplace.api.paging import PageArgs, page_of, page_schema
from marketplace.clock import today
from marketplace.core import api_scopes
from marketplace.ledger.labels import account_names
from marketplace.ledger.models import LedgerTransaction
from marketplace.licensing import services
from marketplace.licensing.models import Licence
from marketplace.licensing.money_columns import MoneyColumns, money_columns

bp = api_blueprint("licences", "The caller, its licences and their ledgers.")


class MeSchema(Schema):
    """The caller: account, role, organisation and the scopes this call carries."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True)
    role = fields.String(required=True)
    university_id = fields.Integer(allow_none=True, required=True)
    enterprise_id = fields.Integer(allow_none=True, required=True)
    organisation = fields.String(allow_none=True, required=True)
    scopes = fields.List(fields.String(), required=True,
                         metadata={"description": "The token's scopes; a browser session has its role's"})


@bp.route("/me")
@bp.doc(security=BEARER)
@guarded(api_scopes.READ)
@bp.response(200, MeSchema)
def me():
    """Who the token (or session) belongs to."""
    organisation = current_user.university or current_user.enterprise
    scopes = token_scopes()
    return {"id": current_user.id, "name": current_user.name, "email": current_user.email,
            "role": current_user.role.value, "university_id": current_user.university_id,
            "enterprise_id": current_user.enterprise_id,
            "organisation": organisation.name if organisation is not None else None,
            "scopes": (sorted(scopes) if scopes is not None
                       else list(api_scopes.allowed_scopes(current_user.role)))}


def _mine() -> Select:
    if current_user.role == Role.ENTERPRISE_USER:
        return services.enterprise_licences(current_user.enterprise_id)
    return services.university_licences(current_user.university_id)


def _with_money(licences: list[Licence]) -> list[dict[str, Any]]:
    money = money_columns([licence.id for licence in licences], today())
    return [licence_data(licence, money.get(licence.id, MoneyColumns())) for licence in licences]


@bp.route("/licences")
@bp.doc(security=BEARER)
@guarded(api_scopes.READ, Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF)
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_schema(LicenceSchema))
def licences(args: dict[str, int]):
    """The enterprise's licences, or the licences of the university's patents, newest first."""
    stmt = _mine().options(selectinload(Licence.patent), selectinload(Licence.enterprise),
                           selectinload(Licence.declaration))
    body = page_of(stmt, args)
    body["items"] = _with_money(body["items"])
    return body


@bp.route("/licences/<id:licence_id>")
@bp.doc(security=BEARER)
@guarded(api_scopes.READ, Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF)
@bp.response(200, LicenceDetailSchema)
def licence(licence_id: int):
    """One licence of the caller's enterprise or university, with its charges."""
    found = services.licence_for(current_user, licence_id)
    data = _with_money([found])[0]
    charges = sorted(found.charges, key=lambda charge: (charge.due_date, charge.id))
    data["charges"] = [charge_data(charge) for charge in charges]
    return data


@bp.route("/licences/<id:licence_id>/ledger")
@bp.doc(security=BEARER)
@guarded(api_scopes.READ, Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF)
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_schema(LedgerTransactionSchema))
def ledger(args: dict[str, int], licence_id: int):
    """The licence's ledger in posting order: every transaction with its balanced legs."""
    found = services.licence_for(current_user, licence_id)
    stmt = (select(LedgerTransaction).options(selectinload(LedgerTransaction.legs))
            .where(LedgerTransaction.licence_id == found.id).order_by(LedgerTransaction.id))
    body = page_of(stmt, args)
    rows = body["items"]
    names = account_names({leg.account for row in rows for leg in row.legs})
    body["items"] = [transaction_data(row, names) for row in rows]
    return body


