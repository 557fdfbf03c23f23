"""The 备案 filing of a licence contract with CNIPA: recorded by either party, corrected by a correcting
entry (never edited), and flagged to both parties once its deadline has passed without a filing.

The record is append-only (`LicenceFiling`): the first entry, then entries that each correct the
current one, with a reason. The licence's `filed_on` / `filing_number` are the current entry's values,
updated in the same transaction. Exactly once: a double click on the first filing records one entry
(a unique index), and an entry is corrected once (a unique `corrects_id`); the same correction posted
twice is answered like the first. Services flush and never commit.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import User
from marketplace.event_dates import check_event_date
from marketplace.extensions import db
from marketplace.licensing.for_change import licence_for_change
from marketplace.licensing.history import Step, record
from marketplace.licensing.models import LIVE_STATUSES, Licence, LicenceFiling
from marketplace.service_errors import ServiceError
from marketplace.webhooks import events as webhook_events

ALREADY_FILED = _l("The filing is already recorded; correct it below, with a reason.")
ALREADY_CORRECTED = _l("That entry was already corrected; the page now shows the current filing.")


def filings_of(licence_id: int) -> list[LicenceFiling]:
    """Every entry of the licence's 备案 record, oldest first."""
    return list(db.session.scalars(select(LicenceFiling).where(LicenceFiling.licence_id == licence_id)
                                   .order_by(LicenceFiling.id)))


def current_filing(licence_id: int) -> LicenceFiling | None:
    """The entry no other entry corrects (None before the first filing)."""
    corrected = select(LicenceFiling.corrects_id).where(LicenceFiling.corrects_id.is_not(None))
    return db.session.scalar(select(LicenceFiling).where(
        LicenceFiling.licence_id == licence_id, LicenceFiling.id.not_in(corrected))
        .order_by(LicenceFiling.id.desc()).limit(1))


def _checked(licence: Licence, filed_on: date, filing_number: str, today: date) -> str:
    number = filing_number.strip()
    if not number:
        raise ServiceError(_l("Enter the filing number CNIPA gave."), field="filing_number")
    check_event_date(filed_on, licence.start_date, today, "filed_on")
    return number


def _insert(entry: LicenceFiling) -> bool:
    """Insert the entry; False when a unique constraint says another request got there first."""
    try:
        with db.session.begin_nested():
            db.session.add(entry)
            db.session.flush()
    except IntegrityError:
        return False
    return True


def _make_current(licence: Licence, entry: LicenceFiling) -> None:
    licence.filed_on = entry.filed_on
    licence.filing_number = entry.filing_number
    db.session.flush()


def record_filing(licence: Licence, user: User, filed_on: date, filing_number: str, today: date,
                  now: datetime | None = None) -> bool:
    """Record the first 备案 filing (either party); False when exactly this filing was already recorded
    (a double click). A different filing once one is recorded is refused: it is corrected instead. The
    filing is announced to webhook partners as recorded at `now` (the start of `today` when not given)."""
    number = _checked(licence, filed_on, filing_number, today)
    licence = licence_for_change(licence.id)
    entry = LicenceFiling(licence_id=licence.id, filed_on=filed_on, filing_number=number,
                          recorded_by_id=user.id, reason="")
    if current_filing(licence.id) is None and _insert(entry):
        _make_current(licence, entry)
        record(Step(licence.id, "filed", str(entry.id), filed_on, detail=number))
        webhook_events.filing_recorded(licence, entry.id, filed_on, number,
                                       now or webhook_events.day_start(today))
        return True
    existing = current_filing(licence.id)
    if existing is not None and (existing.filed_on, existing.filing_number) == (filed_on, number):
        return False
    raise ServiceError(ALREADY_FILED)


def correct_filing(licence: Licence, user: User, corrects_id: int, filed_on: date, filing_number: str,
                   reason: str, today: date) -> bool:
    """Correct the current 备案 entry by a new entry that references it, with a reason; False when this
    very correction was already recorded (a double click). Correcting an entry already corrected, or
    correcting it to the same values, is refused."""
    reason = reason.strip()
    if not reason:
        raise ServiceError(_l("Say what was wrong with the entry."), field="reason")
    number = _checked(licence, filed_on, filing_number, today)
    licence = licence_for_change(licence.id)
    target = db.session.get(LicenceFiling, corrects_id)
    if target is None or target.licence_id != licence.id:
        raise ServiceError(_l("Only an entry of this licence's filing can be corrected."))
    if (target.filed_on, target.filing_number) == (filed_on, number):
        raise ServiceError(_l("The correction changes nothing: give the right date or number."),
                           field="filing_number")
    entry = LicenceFiling(licence_id=licence.id, filed_on=filed_on, filing_number=number,
                          recorded_by_id=user.id, corrects_id=target.id, reason=reason[:200])
    if current_filing(licence.id) == target and _insert(entry):
        _make_current(licence, entry)
        record(Step(licence.id, "filing_corrected", str(entry.id), filed_on,
                    detail=f"{number} ({reason})"))
        return True
    successor = db.session.scalar(select(LicenceFiling).where(LicenceFiling.corrects_id == target.id))
    if successor is not None and (successor.filed_on, successor.filing_number, successor.reason) == (
            filed_on, number, reason[:200]):
        return False
    raise ServiceError(ALREADY_CORRECTED)


def filing_overdue(licence: Licence, today: date) -> bool:
    """Whether a live licence's 备案 deadline has passed without a filing."""
    return licence.filed_on is None and licence.filing_deadline < today and licence.status in LIVE_STATUSES


def overdue_filings(today: date) -> Select:
    """The select() of live licences whose 备案 deadline passed without a filing, not yet announced."""
    return select(Licence.id).where(
        Licence.filed_on.is_(None), Licence.filing_deadline < today, Licence.status.in_(LIVE_STATUSES),
        Licence.filing_overdue_notified_on.is_(None))
