"""Taking a licence for change: the one way a service reads a licence's state before changing it.

Every service that changes a licence (trial decision, stage stop, termination, 备案 filing, royalty
report, payment, waiver, reversal) first calls `licence_for_change`, which takes the licence row for the
rest of the transaction (SELECT … FOR UPDATE on PostgreSQL; on SQLite the transaction is a writer from
BEGIN IMMEDIATE, so writers queue) and reloads it, so the status it then checks is the committed one and
no other writer can move it until this transaction ends. Two requests deciding the same trial at once are
therefore serialised: the second sees the first one's result and is refused by the state machine.

`change_status` is the only way to move a licence's status in the ORM; it refuses a licence that was not
taken for change in the current transaction, so a service that forgets the lock fails in every test that
reaches it. (The job that moves time changes many licences at once with claimed compare-and-set updates,
see `marketplace.ledger.claims`, and does not go through the ORM.)
"""

from __future__ import annotations

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from marketplace.core.licence_state import LicenceEvent, LicenceStatus, next_status
from marketplace.database import begin_writing
from marketplace.extensions import db
from marketplace.licensing.models import Licence

_HELD = "licences_for_change"


class LicenceNotTakenForChange(RuntimeError):
    """A service tried to change a licence's status without taking the licence for change first."""


def _held() -> set[int]:
    return db.session().info.setdefault(_HELD, set())


def licence_for_change(licence_id: int) -> Licence:
    """The licence, locked for the rest of the transaction and reloaded from the database."""
    begin_writing(db.session)
    licence = db.session.scalars(
        select(Licence).where(Licence.id == licence_id).with_for_update()
        .execution_options(populate_existing=True)).one()
    _held().add(licence.id)
    return licence


def is_held(licence: Licence) -> bool:
    """Whether the current transaction took this licence for change."""
    return licence.id in _held()


def change_status(licence: Licence, licence_event: LicenceEvent) -> LicenceStatus:
    """Apply `licence_event` to a licence taken for change; IllegalLicenceTransition when the state
    machine refuses it, LicenceNotTakenForChange when the caller did not take the licence first."""
    if not is_held(licence):
        raise LicenceNotTakenForChange(f"licence {licence.id} changed without licence_for_change()")
    licence.status = next_status(licence.status, licence_event)
    return licence.status


def _release(session: Session, transaction) -> None:
    """Locks end with the outermost transaction; so does the record of what this session holds."""
    if transaction.parent is None:
        session.info.pop(_HELD, None)


def install_lock_tracking() -> None:
    """Forget what a session holds when its transaction ends (once per process)."""
    if not event.contains(Session, "after_transaction_end", _release):
        event.listen(Session, "after_transaction_end", _release)
