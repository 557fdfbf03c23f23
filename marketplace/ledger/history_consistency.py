"""Each licence's status agrees with its history: what `flask ledger check` verifies besides the ledger.

Reads every licence's status, its status-moving steps in the order they were recorded, and the due dates
of its voided charges, and asks the core (`core.licence_history`) what is wrong with them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select

from marketplace.core.licence_history import STATUS_STEPS, STOP_REQUESTED, TRIAL_STARTED, history_breaks
from marketplace.extensions import db
from marketplace.licensing.models import Licence, LicenceCharge, LicenceHistory

_KINDS = (*STATUS_STEPS, STOP_REQUESTED, TRIAL_STARTED)


def status_breaks() -> list[tuple[str, str]]:
    """Every licence whose status, history and voided charges disagree, as (code, detail)."""
    steps: dict[int, list[str]] = defaultdict(list)
    for licence_id, kind in db.session.execute(
            select(LicenceHistory.licence_id, LicenceHistory.kind).where(LicenceHistory.kind.in_(_KINDS))
            .order_by(LicenceHistory.licence_id, LicenceHistory.id)):
        steps[licence_id].append(kind)
    voided: dict[int, list[date]] = defaultdict(list)
    for licence_id, due in db.session.execute(select(LicenceCharge.licence_id, LicenceCharge.due_date)
                                              .where(LicenceCharge.voided_on.is_not(None))):
        voided[licence_id].append(due)
    breaks: list[tuple[str, str]] = []
    for licence_id, status, stops_on in db.session.execute(
            select(Licence.id, Licence.status, Licence.stops_on).order_by(Licence.id)):
        problems = history_breaks(status, steps.get(licence_id, []), stops_on, voided.get(licence_id, []))
        for problem in problems:
            breaks.append(("status_disagrees_with_history", f"licence {licence_id}: {problem}"))
    return breaks
