"""A licence's contract worded in the request's language: the plan's kind and terms and every charge's
label (`labels.licence_charge_label`, the one labelling of charge kinds), set by `contract_pdf`."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from marketplace.declarations.describe import describe_plan
from marketplace.declarations.plan_storage import read_plan
from marketplace.extensions import db
from marketplace.licensing.contract_pdf import contract_pdf
from marketplace.licensing.labels import licence_charge_label, plan_kind_text
from marketplace.licensing.models import Licence
from marketplace.royalties.models import RoyaltyReport


def royalty_start(slot: str) -> date | None:
    """The period start a royalty charge's slot (``royalty:2027-04-01``) names; None for other charges."""
    prefix, _sep, rest = slot.partition(":")
    if prefix != "royalty":
        return None
    try:
        return date.fromisoformat(rest)
    except ValueError:
        return None


def worded_contract(licence: Licence) -> bytes:
    """The licence's contract as PDF bytes, its words in the language of the current request."""
    plan = read_plan(licence.declaration)
    reports = db.session.scalars(select(RoyaltyReport).where(RoyaltyReport.licence_id == licence.id))
    periods = {report.period_start: (report.period_start, report.period_end) for report in reports}
    labels = {charge.id: str(licence_charge_label(charge.kind, charge.phase_index, plan,
                                                  periods.get(royalty_start(charge.slot))))
              for charge in licence.charges}
    return contract_pdf(licence, str(plan_kind_text(plan)), [str(line) for line in describe_plan(plan)],
                        labels)
