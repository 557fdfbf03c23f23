"""The mediation request of a dispute worded in Chinese whatever the reader's language (it goes to CNIPA),
from the licence, its declaration, its charges and its ledger, set by `mediation_pdf`."""

from __future__ import annotations

from flask_babel import force_locale

from marketplace.accounts.models import User
from marketplace.core.disputes import Party
from marketplace.core.money import Money
from marketplace.declarations.describe import describe_plan
from marketplace.declarations.plan_storage import read_plan
from marketplace.disputes.labels import STAGE_ZH, SUBJECT_ZH
from marketplace.disputes.mediation_pdf import DisputedCharge, MediationFacts, mediation_request_pdf
from marketplace.disputes.models import Dispute
from marketplace.disputes.services import party_of
from marketplace.ledger.payments import outstanding
from marketplace.licensing.labels import licence_charge_label, plan_kind_text

CHINESE = "zh_CN"


def mediation_facts(dispute: Dispute, requester: User) -> MediationFacts:
    """What the request states, worded in Chinese; `requester` is the person preparing it (their side is
    the requesting party)."""
    licence = dispute.licence
    patent, enterprise = licence.patent, licence.enterprise
    university = patent.university
    plan = read_plan(licence.declaration)
    with force_locale(CHINESE):
        plan_kind = str(plan_kind_text(plan))
        plan_lines = [str(line) for line in describe_plan(plan)]
        charges = [DisputedCharge(link.charge.due_date,
                                  str(licence_charge_label(link.charge.kind, link.charge.phase_index, plan)),
                                  link.charge.amount,
                                  Money.from_fen(link.charge.open_fen, link.charge.currency))
                   for link in dispute.charges]
    side = (f"被许可人 {enterprise.name}" if party_of(requester) == Party.ENTERPRISE
            else f"专利权人 {patent.patentees or university.name}（{university.name}）")
    return MediationFacts(
        dispute_id=dispute.id, licence_number=licence.number, patent_number=patent.patent_number,
        patent_title=patent.title, patentee=patent.patentees or university.name, university=university.name,
        enterprise=enterprise.name, credit_code=enterprise.credit_code,
        declaration_version=licence.declaration.version,
        declaration_published_on=licence.declaration.published_on, plan_kind=plan_kind, plan_lines=plan_lines,
        start_date=licence.start_date, end_date=licence.end_date, charges=charges, owed=outstanding(licence),
        subject=SUBJECT_ZH[dispute.subject], description=dispute.description, requesting_party=side,
        requested_by=requester.name, opened_on=dispute.opened_on, requested_on=dispute.mediation_requested_on,
        stage=STAGE_ZH[dispute.stage],
    )


def mediation_request(dispute: Dispute, requester: User) -> bytes:
    """The dispute's mediation request as PDF bytes."""
    return mediation_request_pdf(mediation_facts(dispute, requester))
