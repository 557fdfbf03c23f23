"""Display names for the money side of a licence: the state of a charge, notices of transfers, ledger
entries and the steps of a licence's history (English msgids, translated to Chinese by the catalogue)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.declarations.labels import CHARGE_LABELS
from marketplace.ledger.labels import transaction_label  # noqa: F401 - ledger entries' names, for templates
from marketplace.ledger.models import NoticeStatus

# What a charge is for; a royalty charge on the licence comes from a filed report, not an estimate.
CHARGE_WHAT = {**CHARGE_LABELS, "royalty": _l("Royalty"), "minimum_true_up": _l("Annual minimum true-up")}

CHARGE_STATE_LABELS = {
    "not_due": _l("Not yet due"),
    "not_owed": _l("Not owed: the licence ends before it"),
    "open": _l("Open"),
    "partly_paid": _l("Partly paid"),
    "paid": _l("Paid"),
}

NOTICE_STATUS_LABELS = {
    NoticeStatus.PENDING: _l("Waiting for the university to confirm"),
    NoticeStatus.CONFIRMED: _l("Confirmed: the payment is recorded"),
    NoticeStatus.REJECTED: _l("Rejected"),
}

HISTORY_LABELS = {
    "taken": _l("Licence taken"),
    "trial_started": _l("Trial started"),
    "reminded": _l("Reminder sent: the trial ends soon"),
    "converted": _l("Converted to the paid licence"),
    "declined": _l("Trial declined"),
    "expired": _l("Trial ended without conversion"),
    "charge_posted": _l("Charge fell due"),
    "payment_notified": _l("Enterprise notified a bank transfer"),
    "payment_received": _l("Payment received"),
    "payment_reversed": _l("Payment reversed"),
    "charge_waived": _l("Charge waived"),
    "report_filed": _l("Royalty report filed"),
    "true_up": _l("Annual minimum true-up charged"),
    "overdue": _l("Overdue: a charge is unpaid past the grace period"),
    "suspended": _l("Suspended for non-payment"),
    "settled": _l("Back in good standing"),
    "completed": _l("Licence completed"),
    "stop_requested": _l("Enterprise chose to stop at the end of the current stage"),
    "stopped_at_stage": _l("Licence ended at a stage boundary"),
    "terminated": _l("Licence terminated"),
    "filed": _l("Recorded with CNIPA (备案)"),
    "filing_corrected": _l("备案 entry corrected"),
    "milestone_reported": _l("Enterprise reported a milestone"),
    "milestone_confirmed": _l("University confirmed a milestone"),
    "milestone_rejected": _l("University rejected a milestone report"),
    "dispute_opened": _l("Dispute opened"),
    "dispute_to_mediation": _l("Dispute taken to CNIPA mediation"),
    "dispute_to_court": _l("Dispute taken to court"),
    "dispute_settled": _l("Dispute settled by agreement"),
    "dispute_mediated": _l("Dispute closed by CNIPA mediation"),
    "dispute_judged": _l("Dispute judged by the court"),
    "dispute_withdrawn": _l("Dispute withdrawn"),
}

# Steps whose free-text detail (a reference, a reason, a filing number, a day) is worth showing.
HISTORY_DETAILS = {
    "trial_started": _l("trial until %(detail)s"),
    "reminded": _l("trial until %(detail)s"),
    "payment_notified": _l("reference %(detail)s"),
    "payment_received": _l("reference %(detail)s"),
    "payment_reversed": _l("reason: %(detail)s"),
    "charge_waived": _l("reason: %(detail)s"),
    "terminated": _l("reason: %(detail)s"),
    "stop_requested": _l("last day %(detail)s"),
    "filed": _l("filing number %(detail)s"),
    "filing_corrected": _l("now: filing number %(detail)s"),
    "milestone_reported": _l("milestone: %(detail)s"),
    "milestone_confirmed": _l("milestone: %(detail)s"),
    "milestone_rejected": _l("reason: %(detail)s"),
    "dispute_opened": _l("dispute no. %(detail)s"),
    "dispute_to_mediation": _l("note: %(detail)s"),
    "dispute_to_court": _l("note: %(detail)s"),
    "dispute_settled": _l("dispute no. %(detail)s"),
    "dispute_mediated": _l("dispute no. %(detail)s"),
    "dispute_judged": _l("dispute no. %(detail)s"),
    "dispute_withdrawn": _l("dispute no. %(detail)s"),
}


def charge_what(kind: str):
    """The display name of a charge's kind (the raw kind when it is unknown)."""
    return CHARGE_WHAT.get(kind, kind)


def history_label(kind: str):
    """The display name of a history step's kind (the raw kind when it is unknown)."""
    return HISTORY_LABELS.get(kind, kind)


def history_detail(kind: str, detail: str):
    """The step's detail worded for display, or "" when there is none worth showing."""
    wording = HISTORY_DETAILS.get(kind)
    if wording is None or not detail:
        return ""
    return wording % {"detail": detail}
