"""Which special zone a licence is attributed to (domain.md, "Attribution").

At most one zone: the zone whose page the licence was taken from, when that zone is visible, its window
contains the take date and it lists the patent; or else the zone the enterprise holds a live registration
for whose window contains the take date and which lists the patent (the most recently opened if several).
The view that takes a licence asks here and hands the answer to `licensing.services.take_licence`, so
licensing never imports zones (zones read licences for their results; the arrow points one way).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from marketplace.core.zone_state import VISIBLE
from marketplace.extensions import db
from marketplace.zones.models import Zone, ZonePatent, ZoneRegistration


def _in_window_listing(patent_id: int, taken_on: date):
    """Visible zones whose window contains `taken_on` and which list the patent."""
    return (select(Zone.id).join(ZonePatent, ZonePatent.zone_id == Zone.id)
            .where(ZonePatent.patent_id == patent_id, Zone.status.in_(list(VISIBLE)),
                   Zone.opens_on <= taken_on, Zone.closes_on >= taken_on))


def source_zone_for(enterprise_id: int, patent_id: int, taken_on: date,
                    via_zone_id: int | None) -> int | None:
    """The id of the zone a licence of `patent_id` taken on `taken_on` by the enterprise is attributed to,
    or None. `via_zone_id` is the zone whose page the take-licence link came from (unchecked input)."""
    if via_zone_id is not None:
        found = db.session.scalar(_in_window_listing(patent_id, taken_on).where(Zone.id == via_zone_id))
        if found is not None:
            return found
    registered = (_in_window_listing(patent_id, taken_on)
                  .join(ZoneRegistration, ZoneRegistration.zone_id == Zone.id)
                  .where(ZoneRegistration.enterprise_id == enterprise_id,
                         ZoneRegistration.cancelled_at.is_(None))
                  .order_by(Zone.opens_on.desc(), Zone.id.desc()).limit(1))
    return db.session.scalar(registered)
