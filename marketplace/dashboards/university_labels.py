"""Words for the figures of the university dashboard (translated when shown)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.dashboards.university import EnquiryKind, Figure
from marketplace.policy.fees import Fee
from marketplace.policy.funnel import Stage
from marketplace.policy.served import ServedBy

STAGE_LABELS = {
    Stage.PATENTS: _l("Patents in the catalogue"),
    Stage.OFFERS: _l("Patents on offer"),
    Stage.REACHED: _l("Enterprises reached"),
    Stage.MEETINGS_REQUESTED: _l("Meetings requested"),
    Stage.MEETINGS_HELD: _l("Meetings held by both sides"),
    Stage.LICENCES: _l("Licences taken"),
    Stage.CONVERTED: _l("Converted or paid"),
    Stage.FILED: _l("Licences filed (备案)"),
}

FEE_LABELS = {
    Fee.CHARGED: _l("Fees charged"),
    Fee.COLLECTED: _l("Fees collected"),
    Fee.OVERDUE: _l("Fees overdue"),
}

FIGURE_LABELS = {
    Figure.SERVED: _l("Enterprises served"),
    Figure.STRICT: _l("Enterprises that took a licence"),
    Figure.TRIALS_RUNNING: _l("Trials running"),
    Figure.TRIALS_ENDING: _l("Trials ending within 30 days"),
    Figure.TRIALS_CONVERTED: _l("Trials converted"),
    Figure.FILING_DUE: _l("备案 due"),
    Figure.FILING_OVERDUE: _l("备案 overdue"),
    Figure.PATENT_LICENCES: _l("Licences taken on the patent"),
    Figure.PATENT_ENQUIRIES: _l("Enquiries about the patent"),
}

SERVED_BY_LABELS = {
    ServedBy.LICENCE: _l("Took a licence"),
    ServedBy.MEETING: _l("Held a meeting"),
    ServedBy.ANSWER: _l("Accepted our answer to its need"),
}

ENQUIRY_LABELS = {
    EnquiryKind.CONVERSATION: _l("Asked about the patent"),
    EnquiryKind.MEETING: _l("Requested a meeting"),
}
