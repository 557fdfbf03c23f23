"""Recording that an enterprise viewed a patent (the funnel's "viewed" stage)."""

from __future__ import annotations

from datetime import date

from marketplace.catalogue.interest_models import PatentView
from marketplace.catalogue.models import Patent
from marketplace.matching.insert_once import insert_absent


def record_view(patent: Patent, enterprise_id: int, today: date) -> None:
    """Note that `enterprise_id` viewed `patent` on `today` (once a day; a repeat is a no-op). Flushes."""
    insert_absent(PatentView.__table__, [{
        "patent_id": patent.id, "university_id": patent.university_id,
        "enterprise_id": enterprise_id, "viewed_on": today,
    }], PatentView.__table__.c.id)
