"""Display names for licence states and charges."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.core.licence_state import LicenceStatus
from marketplace.declarations.labels import CHARGE_LABELS as ESTIMATED_CHARGE_LABELS

STATUS_LABELS = {
    LicenceStatus.TRIAL: _l("On trial"),
    LicenceStatus.ACTIVE: _l("Active"),
    LicenceStatus.OVERDUE: _l("Overdue"),
    LicenceStatus.SUSPENDED: _l("Suspended"),
    LicenceStatus.DECLINED: _l("Declined"),
    LicenceStatus.EXPIRED: _l("Trial expired"),
    LicenceStatus.COMPLETED: _l("Completed"),
    LicenceStatus.TERMINATED: _l("Terminated"),
}

# A licence's charges are real: a royalty is one on a filed report, not an estimate.
CHARGE_LABELS = {**ESTIMATED_CHARGE_LABELS, "royalty": _l("Royalty on reported net sales")}
