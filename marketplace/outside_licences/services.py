"""Recording licences granted outside the marketplace, and their early ends. Services flush, never commit.

Each write takes the patent for change first (`catalogue.for_change.patent_for_change`, the lock the
publish path takes too), so recording an exclusive licence and publishing a declaration of the same
patent run one after the other: the second sees what the first committed, and one of them is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import User
from marketplace.catalogue.for_change import patent_for_change
from marketplace.catalogue.models import Patent
from marketplace.core.credit_code import InvalidCreditCode, parse_credit_code
from marketplace.core.outside_licences import (
    OutsideLicenceKind,
    early_end_refusal,
    refused_while_declared,
    term_refusal,
)
from marketplace.declarations.models import Declaration
from marketplace.declarations.services import current_declaration, terms_in_force_for
from marketplace.extensions import db
from marketplace.organisations.labels import CREDIT_CODE_MESSAGES
from marketplace.outside_licences.labels import END_MESSAGES, REFUSED_WHILE_DECLARED, TERM_MESSAGES
from marketplace.outside_licences.models import (
    CONTRACT_LENGTH,
    NAME_LENGTH,
    REASON_LENGTH,
    OutsideLicence,
    OutsideLicenceEnd,
)
from marketplace.service_errors import ServiceError


@dataclass(frozen=True)
class NewOutsideLicence:
    """What the IP centre enters for a licence it granted outside the marketplace."""

    kind: OutsideLicenceKind
    licensee_name: str
    starts_on: date
    ends_on: date
    licensee_credit_code: str = ""
    contract_number: str = ""


def declaration_in_force(patent_id: int, today: date) -> Declaration | None:
    """The declaration in force for the patent on `today`: its published base declaration, or else a
    time-limited version (event terms) whose window contains the day; None when it is not declared."""
    return current_declaration(patent_id) or terms_in_force_for([patent_id], today).get(patent_id)


def _checked(patent: Patent, entry: NewOutsideLicence) -> tuple[str, str | None, str]:
    """The licensee's name, credit code (canonical, or None) and contract number, or a ServiceError."""
    name = " ".join(entry.licensee_name.split())
    if not name:
        raise ServiceError(_l("Enter the licensee's name."), field="licensee_name")
    if len(name) > NAME_LENGTH:
        raise ServiceError(_l("The licensee's name is at most %(n)d characters.", n=NAME_LENGTH),
                           field="licensee_name")
    code = None
    if entry.licensee_credit_code.strip():
        try:
            code = parse_credit_code(entry.licensee_credit_code)
        except InvalidCreditCode as error:
            raise ServiceError(CREDIT_CODE_MESSAGES[error.problem], field="licensee_credit_code") from None
    contract = entry.contract_number.strip()
    if len(contract) > CONTRACT_LENGTH:
        raise ServiceError(_l("The contract number is at most %(n)d characters.", n=CONTRACT_LENGTH),
                           field="contract_number")
    refusal = term_refusal(entry.starts_on, entry.ends_on, patent.filing_date, patent.expiry_date)
    if refusal is not None:
        raise ServiceError(str(TERM_MESSAGES[refusal.problem]) % {"day": refusal.limit.isoformat()},
                           field=refusal.field)
    return name, code, contract


def record_outside_licence(patent: Patent, user: User, entry: NewOutsideLicence,
                           today: date) -> tuple[OutsideLicence, bool]:
    """Record a licence of the patent granted outside the marketplace; returns the entry and whether it is
    new (False: exactly this entry was already recorded, as a double click sends it twice). An exclusive or
    sole licence is refused while a declaration is in force (field "kind"); ordinary ones are not."""
    name, code, contract = _checked(patent, entry)
    locked = patent_for_change(patent.id)
    if locked is None:
        raise ServiceError(_l("The patent no longer exists."))
    if refused_while_declared(entry.kind) and declaration_in_force(locked.id, today) is not None:
        raise ServiceError(REFUSED_WHILE_DECLARED, field="kind")
    same = db.session.scalar(select(OutsideLicence).where(
        OutsideLicence.patent_id == locked.id, OutsideLicence.kind == entry.kind,
        OutsideLicence.licensee_name == name, OutsideLicence.starts_on == entry.starts_on,
        OutsideLicence.ends_on == entry.ends_on, OutsideLicence.contract_number == contract).limit(1))
    if same is not None:
        return same, False
    recorded = OutsideLicence(patent_id=locked.id, university_id=locked.university_id, kind=entry.kind,
                              licensee_name=name, licensee_credit_code=code, starts_on=entry.starts_on,
                              ends_on=entry.ends_on, contract_number=contract, recorded_by_id=user.id)
    db.session.add(recorded)
    db.session.flush()
    return recorded, True


def end_early(patent: Patent, user: User, licence_id: int, ended_on: date, reason: str,
              today: date) -> OutsideLicenceEnd:
    """Record that a licence of the patent was no longer in force from `ended_on`, with the reason (an
    entry recorded by mistake is ended on its first day: it was never in force). Once per licence."""
    reason = " ".join(reason.split())
    if not reason:
        raise ServiceError(_l("Say why the licence ended early."), field="reason")
    if len(reason) > REASON_LENGTH:
        raise ServiceError(_l("The reason is at most %(n)d characters.", n=REASON_LENGTH), field="reason")
    locked = patent_for_change(patent.id)
    licence = db.session.get(OutsideLicence, licence_id)
    if locked is None or licence is None or licence.patent_id != locked.id:
        raise ServiceError(_l("Choose a licence of this patent's register."), field="licence")
    if licence.early_end is not None:
        raise ServiceError(_l("That licence's early end is already recorded."), field="licence")
    refusal = early_end_refusal(ended_on, licence.starts_on, licence.ends_on, today)
    if refusal is not None:
        raise ServiceError(str(END_MESSAGES[refusal.problem]) % {"day": refusal.limit.isoformat()},
                           field="ended_on")
    end = OutsideLicenceEnd(licence_id=licence.id, ended_on=ended_on, reason=reason, recorded_by_id=user.id)
    try:
        with db.session.begin_nested():
            db.session.add(end)
            db.session.flush()
    except IntegrityError:  # another request recorded it first (the patent lock makes this rare)
        raise ServiceError(_l("That licence's early end is already recorded."), field="licence") from None
    db.session.refresh(licence)
    return end
