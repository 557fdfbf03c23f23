"""Display names of a dispute's subject, stage, status and outcome, and the wording of every refusal
(English msgids translated by the catalogue), plus their Chinese names for the mediation request."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.core.disputes import (
    DisputeOutcome,
    DisputeStage,
    DisputeStatus,
    DisputeSubject,
    Party,
    Refusal,
)

SUBJECT_LABELS = {
    DisputeSubject.PAYMENT: _l("Payment"),
    DisputeSubject.ROYALTY_REPORT: _l("Royalty report"),
    DisputeSubject.USE: _l("Use of the patent"),
}
STAGE_LABELS = {
    DisputeStage.NEGOTIATION: _l("Negotiation between the parties"),
    DisputeStage.MEDIATION: _l("Mediation by CNIPA"),
    DisputeStage.COURT: _l("Court"),
}
STATUS_LABELS = {DisputeStatus.OPEN: _l("Open"), DisputeStatus.RESOLVED: _l("Resolved")}
OUTCOME_LABELS = {
    DisputeOutcome.SETTLED: _l("Settled by agreement"),
    DisputeOutcome.MEDIATED: _l("Closed by mediation"),
    DisputeOutcome.JUDGED: _l("Judged by the court"),
    DisputeOutcome.WITHDRAWN: _l("Withdrawn"),
}
PARTY_LABELS = {Party.ENTERPRISE: _l("the licensee (enterprise)"), Party.UNIVERSITY: _l("the university")}

# The mediation request is submitted to CNIPA in Chinese whatever the reader's language.
SUBJECT_ZH = {DisputeSubject.PAYMENT: "付款", DisputeSubject.ROYALTY_REPORT: "提成报告",
              DisputeSubject.USE: "实施使用"}
STAGE_ZH = {DisputeStage.NEGOTIATION: "协商", DisputeStage.MEDIATION: "国家知识产权局调解",
            DisputeStage.COURT: "人民法院"}

REFUSALS = {
    Refusal.RESOLVED_ALREADY: (_l("This dispute is already resolved."), None),
    Refusal.NOT_FORWARD: (_l("A dispute goes from negotiation to CNIPA mediation or to court, and from "
                             "mediation to court; never back."), "to"),
    Refusal.WRONG_STAGE: (_l("A mediated outcome is recorded in CNIPA mediation and a judgment in court: "
                             "take the dispute there first."), "outcome"),
    Refusal.REFERENCE_REQUIRED: (_l("Give the mediation case number or the judgment number."), "reference"),
    Refusal.WAIVER_BY_UNIVERSITY: (_l("Only the university can waive its charges."), "waive"),
    Refusal.WAIVER_NEEDS_MERITS: (_l("A withdrawn dispute waives nothing: choose settled, mediated or "
                                     "judged."), "waive"),
    Refusal.WAIVER_WITHOUT_CHARGE: (_l("Nothing is left to waive on the disputed charges."), "waive"),
    Refusal.CHARGE_OF_OTHER_LICENCE: (_l("Choose charges of this licence."), "charges"),
    Refusal.CHARGE_NOT_DUE: (_l("Only a charge that has fallen due can be disputed."), "charges"),
    Refusal.CHARGE_SETTLED: (_l("This charge is paid: nothing is left on it to dispute."), "charges"),
    Refusal.CHARGE_DISPUTED: (_l("This charge is already named by another open dispute."), "charges"),
    Refusal.DESCRIPTION_REQUIRED: (_l("Say what the dispute is about (at most 1,000 characters)."),
                                   "description"),
}
SUBJECT_OPEN = _l("A dispute about this subject is already open on this licence.")
