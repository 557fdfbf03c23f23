"""Opening, escalating and resolving disputes on a licence (`core.disputes`).

- Either party opens a dispute about a payment, a royalty report or the use of the patent, with a
  description and, optionally, the posted unsettled charges of the licence it is about. One dispute per
  licence and subject is open at a time (a partial unique index); a charge is named by at most one open
  dispute (another). While the dispute is open its charges make the licence neither overdue nor suspended
  (`ledger.standing.open_before`); a licence overdue only because of them returns to good standing at once.
- Either party takes it further: to CNIPA mediation (the request day is recorded; the mediation request
  PDF states the licence's facts) or to court, from negotiation; to court from mediation.
- Either party records the outcome: settled or withdrawn at any stage, mediated (in mediation) or judged (in
  court) with the case or judgment number. The university may waive what is left of the disputed charges
  with it: each waiver is a ledger transaction (`ledger.payments.waive_charge`). The disputed charges then
  count again, from their due dates: an unpaid one makes the licence overdue on the next run of the job.

Every change takes the licence for change first (`licensing.for_change`), so the steps on one licence's
disputes are serialised; the resolution is also a compare-and-set (open → resolved), so of two parties
resolving at once one outcome is recorded. Services flush, never commit; a refusal raises ServiceError.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import Select, func, select, update
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import Role, User
from marketplace.core import disputes as rules
from marketplace.core.disputes import (
    ChargeFacts,
    DisputeOutcome,
    DisputeRefused,
    DisputeStage,
    DisputeStatus,
    DisputeSubject,
    Party,
    Refusal,
    Resolution,
)
from marketplace.disputes.labels import OUTCOME_LABELS, REFUSALS, SUBJECT_OPEN
from marketplace.disputes.models import Dispute, DisputeCharge
from marketplace.extensions import db
from marketplace.ledger.payments import waive_charge
from marketplace.ledger.standing import restore_standing, undisputed
from marketplace.licensing.for_change import licence_for_change
from marketplace.licensing.history import Step, record
from marketplace.licensing.models import Licence, LicenceCharge, LicenceHistory
from marketplace.notifications.services import notify
from marketplace.service_errors import ServiceError

# History steps (licensing.history): the kind says what happened, the detail holds only what people typed
# (a note, a case or judgment number) or the dispute's number, so the history reads in every language.
ESCALATION_KINDS = {DisputeStage.MEDIATION: "dispute_to_mediation", DisputeStage.COURT: "dispute_to_court"}
OUTCOME_KINDS = {outcome: f"dispute_{outcome.value}" for outcome in DisputeOutcome}
HISTORY_KINDS = ("dispute_opened", *ESCALATION_KINDS.values(), *OUTCOME_KINDS.values())


def refused(refusal: Refusal) -> ServiceError:
    """The ServiceError of a refusal, worded, naming its form field."""
    message, field = REFUSALS[refusal]
    return ServiceError(message, field=field)


def party_of(user: User) -> Party:
    """The side of the licence a user acts for (the caller checked the user is one of its parties)."""
    return Party.ENTERPRISE if user.role == Role.ENTERPRISE_USER else Party.UNIVERSITY


def _live_charge_ids(charge_ids: Iterable[int]) -> set[int]:
    """Those of the charges an open dispute names."""
    ids = list(charge_ids)
    if not ids:
        return set()
    return set(db.session.scalars(select(DisputeCharge.charge_id).where(
        DisputeCharge.charge_id.in_(ids), DisputeCharge.live.is_(True))))


def disputable_charges(licence: Licence) -> list[LicenceCharge]:
    """The licence's posted charges with something open on them that no open dispute names, oldest first."""
    return list(db.session.scalars(select(LicenceCharge).where(
        LicenceCharge.licence_id == licence.id, LicenceCharge.posted_on.is_not(None),
        LicenceCharge.settled_on.is_(None), undisputed())
        .order_by(LicenceCharge.due_date, LicenceCharge.id)))


def _check_charges(licence: Licence, charge_ids: list[int]) -> list[LicenceCharge]:
    """The named charges, each one the licence's, posted, open and not disputed already."""
    found = {charge.id: charge for charge in db.session.scalars(
        select(LicenceCharge).where(LicenceCharge.id.in_(charge_ids)))} if charge_ids else {}
    live = _live_charge_ids(charge_ids)
    charges = []
    for charge_id in charge_ids:
        charge = found.get(charge_id)
        facts = ChargeFacts(charge is not None and charge.licence_id == licence.id,
                            charge is not None and charge.posted_on is not None,
                            charge.open_fen if charge is not None else 0, charge_id in live)
        refusal = rules.charge_refusal(facts)
        if refusal is not None:
            raise refused(refusal)
        charges.append(charge)
    return charges


def open_dispute(licence: Licence, user: User, subject: DisputeSubject, description: str,
                 charge_ids: Iterable[int], today: date) -> Dispute:
    """A party of the licence opens a dispute about `subject`, naming some of its open charges."""
    if rules.description_refusal(description) is not None:
        raise refused(Refusal.DESCRIPTION_REQUIRED)
    subject = DisputeSubject(subject)
    licence = licence_for_change(licence.id)
    if db.session.scalar(select(Dispute.id).where(
            Dispute.licence_id == licence.id, Dispute.subject == subject,
            Dispute.status == DisputeStatus.OPEN)) is not None:
        raise ServiceError(SUBJECT_OPEN, field="subject")
    charges = _check_charges(licence, sorted(set(charge_ids)))
    dispute = Dispute(licence_id=licence.id, subject=subject, description=description.strip(),
                      party=party_of(user), stage=DisputeStage.NEGOTIATION, status=DisputeStatus.OPEN,
                      opened_on=today, opened_by_id=user.id, reference="", outcome_note="")
    try:
        with db.session.begin_nested():
            db.session.add(dispute)
            db.session.flush()
            for charge in charges:
                db.session.add(DisputeCharge(dispute_id=dispute.id, charge_id=charge.id, live=True))
            db.session.flush()
    except IntegrityError:  # another request opened one first (without the licence lock: never in a view)
        raise ServiceError(SUBJECT_OPEN, field="subject") from None
    record(Step(licence.id, "dispute_opened", str(dispute.id), today, detail=str(dispute.id)))
    restore_standing(licence, today)  # its charges no longer count against the licence
    _tell_other_party(licence, dispute, "dispute_opened", f"dispute-opened:{dispute.id}",
                      subject=subject.value)
    return dispute


def _tell_other_party(licence: Licence, dispute: Dispute, kind: str, key: str, party: Party | None = None,
                      **params) -> None:
    """Notify the party of the licence other than `party` (the one who acted; the opener by default)."""
    acting = party or dispute.party
    params = {"number": licence.number, "dispute": dispute.id,
              "path": f"/disputes/{dispute.id}", **params}
    if acting == Party.ENTERPRISE:
        notify(key, None, kind, licence.id, university_id=licence.university_id, **params)
    else:
        notify(key, licence.enterprise_id, kind, licence.id, **params)


def dispute_for_change(dispute: Dispute) -> tuple[Licence, Dispute]:
    """The dispute's licence taken for change, and the dispute reloaded after it."""
    licence = licence_for_change(dispute.licence_id)
    db.session.refresh(dispute)
    return licence, dispute


def escalate_dispute(dispute: Dispute, user: User, to: DisputeStage, note: str, today: date) -> Dispute:
    """Either party takes the dispute to CNIPA mediation (the request day is recorded) or to court."""
    licence, dispute = dispute_for_change(dispute)
    try:
        stage = rules.escalate(dispute.status, dispute.stage, DisputeStage(to))
    except DisputeRefused as error:
        raise refused(error.refusal) from None
    values: dict = {"stage": stage}
    values["mediation_requested_on" if stage == DisputeStage.MEDIATION else "court_on"] = today
    moved = db.session.execute(
        update(Dispute).where(Dispute.id == dispute.id, Dispute.status == DisputeStatus.OPEN,
                              Dispute.stage == dispute.stage)
        .values(**values).execution_options(synchronize_session=False))
    if moved.rowcount != 1:  # (the licence lock makes this unreachable; kept as the rule's guard)
        raise refused(Refusal.NOT_FORWARD)
    db.session.refresh(dispute)
    record(Step(licence.id, ESCALATION_KINDS[stage], str(dispute.id), today,
                detail=note.strip()[:rules.NOTE_MAX]))
    return dispute


def open_disputed_charges(dispute: Dispute) -> list[LicenceCharge]:
    """The charges the (open) dispute names that still have something open on them."""
    return [link.charge for link in dispute.charges if link.live and link.charge.open_fen > 0]


def resolve_dispute(dispute: Dispute, user: User, resolution: Resolution, note: str, today: date,
                    now: datetime) -> Dispute:
    """Either party records the outcome; the university may waive what is left of the disputed charges
    with it (through the ledger). The disputed charges count again from now on."""
    licence, dispute = dispute_for_change(dispute)
    party = party_of(user)
    waivable = open_disputed_charges(dispute) if dispute.status == DisputeStatus.OPEN else []
    try:
        outcome = rules.resolve(dispute.status, dispute.stage, resolution, party, len(waivable))
    except DisputeRefused as error:
        raise refused(error.refusal) from None
    reference = resolution.reference.strip()[:rules.REFERENCE_MAX]
    note = note.strip()[:500]
    if resolution.waive:
        reason = _("Dispute %(number)d: %(outcome)s", number=dispute.id, outcome=OUTCOME_LABELS[outcome])
        for charge in waivable:
            waive_charge(licence, charge, reason, today)
    resolved = db.session.execute(
        update(Dispute).where(Dispute.id == dispute.id, Dispute.status == DisputeStatus.OPEN)
        .values(status=DisputeStatus.RESOLVED, outcome=outcome, reference=reference, outcome_note=note,
                resolved_on=today, resolved_by_id=user.id)
        .execution_options(synchronize_session=False))
    if resolved.rowcount != 1:
        raise refused(Refusal.RESOLVED_ALREADY)
    db.session.execute(update(DisputeCharge).where(DisputeCharge.dispute_id == dispute.id)
                       .values(live=False).execution_options(synchronize_session=False))
    db.session.refresh(dispute)
    for link in dispute.charges:
        db.session.refresh(link)
    record(Step(licence.id, OUTCOME_KINDS[outcome], str(dispute.id), today, detail=str(dispute.id)))
    _tell_other_party(licence, dispute, "dispute_resolved", f"dispute-resolved:{dispute.id}", party=party,
                      outcome=outcome.value)
    return dispute


def disputes_of(licence_id: int) -> Select:
    """The select() behind a licence's disputes: open ones first, newest first."""
    return (select(Dispute).where(Dispute.licence_id == licence_id)
            .order_by((Dispute.status == DisputeStatus.OPEN).desc(), Dispute.id.desc()))


def history_of_dispute(dispute: Dispute) -> list[LicenceHistory]:
    """The licence history steps of this dispute (opened, taken further, resolved), oldest first."""
    keys = [Step(dispute.licence_id, kind, str(dispute.id), dispute.opened_on).key for kind in HISTORY_KINDS]
    return list(db.session.scalars(select(LicenceHistory).where(LicenceHistory.key.in_(keys))
                                   .order_by(LicenceHistory.id)))


def open_dispute_count(licence_id: int) -> int:
    """How many disputes of the licence are open (the licence page says so beside its link)."""
    return db.session.scalar(select(func.count()).select_from(Dispute).where(
        Dispute.licence_id == licence_id, Dispute.status == DisputeStatus.OPEN)) or 0
