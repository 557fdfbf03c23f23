"""How zone statuses, modes and nomination statuses read on pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.core.zone_state import ZoneStatus
from marketplace.zones.models import NominationStatus, ZoneMode

STATUS_LABELS = {
    ZoneStatus.DRAFT: _l("draft"),
    ZoneStatus.PUBLISHED: _l("published"),
    ZoneStatus.RUNNING: _l("running"),
    ZoneStatus.CLOSED: _l("closed"),
}
MODE_LABELS = {ZoneMode.ONLINE: _l("Online"), ZoneMode.ONSITE: _l("On site")}
NOMINATION_LABELS = {
    NominationStatus.PENDING: _l("waiting for the organiser"),
    NominationStatus.ACCEPTED: _l("accepted"),
    NominationStatus.DECLINED: _l("declined"),
}
