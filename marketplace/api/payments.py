"""Notices of bank transfers through the API, over the services of the licence page and the pending
notices page: the enterprise notifies a transfer and reads its licence's notices; the university's IP
centre lists its notices and confirms one (the payment posts once) or rejects it with a reason.

Confirming and rejecting are compare-and-set on the notice (pending → decided); the payment itself takes
the licence for change. A notice of another university's licence is 404.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_smorest import abort

from marketplace.accounts.models import Role
from marketplace.api.auth import BEARER, guarded
from marketplace.api.blueprint import api_blueprint
from marketplace.api.idempotency import idempotent
from marketplace.api.paging import PageArgs, page_of, page_schema
from marketplace.api.payment_schemas import (
    NoticeArgs,
    NoticeDecisionSchema,
    RejectionBody,
    TransferNoticeBody,
    TransferNoticeSchema,
    notice_data,
)
from marketplace.api.problem_api import ProblemSchema
from marketplace.api.problems import MEDIA_TYPE
from marketplace.clock import now, today
from marketplace.core import api_scopes
from marketplace.extensions import db
from marketplace.ledger import notices
from marketplace.ledger.models import NoticeStatus, PaymentNotice
from marketplace.licensing import services
from marketplace.service_errors import ServiceError

bp = api_blueprint("payments", "Notices of bank transfers: the enterprise notifies, the university confirms "
                               "(posting the payment once) or rejects.")

ALREADY_CONFIRMED = _l("This transfer was already confirmed; it is recorded once.")
ALREADY_REJECTED = _l("This notice was already rejected.")
REFUSED = {"content_type": MEDIA_TYPE, "schema": ProblemSchema}


@bp.route("/licences/<id:licence_id>/transfer-notices", methods=["POST"])
@bp.doc(security=BEARER)
@guarded(api_scopes.PAYMENTS_WRITE, Role.ENTERPRISE_USER)
@idempotent
@bp.arguments(TransferNoticeBody)
@bp.response(201, TransferNoticeSchema)
@bp.alt_response(422, description="Refused: nothing that large owed, a day outside the licence, a "
                                  "reference already notified", **REFUSED)
def notify_transfer(body: dict[str, Any], licence_id: int):
    """Tell the university a bank transfer was sent for the licence; it confirms once the money arrived."""
    licence = services.licence_for(current_user, licence_id)
    notice = notices.notify_transfer(licence, current_user, body["amount"], body["reference"],
                                     body["paid_on"], today())
    return notice_data(notice), 201


@bp.route("/licences/<id:licence_id>/transfer-notices")
@bp.doc(security=BEARER)
@guarded(api_scopes.READ, Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF)
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_schema(TransferNoticeSchema))
def licence_notices(args: dict[str, int], licence_id: int):
    """The licence's notices of transfers, newest first, with the university's decisions."""
    licence = services.licence_for(current_user, licence_id)
    return page_of(notices.notices_of(licence.id), args, notice_data)


@bp.route("/transfer-notices")
@bp.doc(security=BEARER)
@guarded(api_scopes.READ, Role.UNIVERSITY_STAFF)
@bp.arguments(NoticeArgs, location="query")
@bp.response(200, page_schema(TransferNoticeSchema))
def university_notices(args: dict[str, Any]):
    """The notices of the university's licences: the pending ones oldest first, otherwise newest first."""
    status = NoticeStatus(args["status"]) if args.get("status") else None
    return page_of(notices.notices_of_university(current_user.university_id, status), args, notice_data)


def _notice_of_own_university(notice_id: int) -> PaymentNotice:
    """A notice of a licence of the staff member's university (404 otherwise)."""
    notice = db.session.get(PaymentNotice, notice_id)
    if notice is None:
        abort(404)
    services.licence_for(current_user, notice.licence_id)
    return notice


def _decided(notice: PaymentNotice, changed: bool) -> dict[str, Any]:
    return {**notice_data(notice), "changed": changed}


@bp.route("/transfer-notices/<id:notice_id>/confirm", methods=["POST"])
@bp.doc(security=BEARER)
@guarded(api_scopes.PAYMENTS_WRITE, Role.UNIVERSITY_STAFF)
@idempotent
@bp.response(200, NoticeDecisionSchema)
@bp.alt_response(422, description="Refused: the notice was rejected, or the payment is refused",
                 **REFUSED)
def confirm_notice(notice_id: int):
    """Confirm the transfer arrived: the payment is recorded, once however often this is called (a
    confirmation of a confirmed notice changes nothing: `changed` is false)."""
    notice = _notice_of_own_university(notice_id)
    posted = notices.confirm_notice(notice, current_user, today(), now())
    if not posted and notice.status == NoticeStatus.REJECTED:
        raise ServiceError(ALREADY_REJECTED)
    return _decided(notice, posted)


@bp.route("/transfer-notices/<id:notice_id>/reject", methods=["POST"])
@bp.doc(security=BEARER)
@guarded(api_scopes.PAYMENTS_WRITE, Role.UNIVERSITY_STAFF)
@bp.arguments(RejectionBody)
@bp.response(200, NoticeDecisionSchema)
@bp.alt_response(422, description="Refused: no reason, or the notice was already confirmed", **REFUSED)
def reject_notice(body: dict[str, str], notice_id: int):
    """Say the transfer did not arrive, with a reason the enterprise sees (a rejection of a rejected
    notice changes nothing: `changed` is false)."""
    notice = _notice_of_own_university(notice_id)
    rejected = notices.reject_notice(notice, current_user, body["reason"], now())
    if not rejected and notice.status == NoticeStatus.CONFIRMED:
        raise ServiceError(ALREADY_CONFIRMED)
    return _decided(notice, rejected)
