"""The sweeps' database checks: `watching_writes` sees every statement that can change a row (so skipping
the fingerprint after a request without one is safe) and none when only reading; `fingerprint` and
`changed_tables` name a changed table."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update

from marketplace.accounts.models import User
from marketplace.extensions import db
from tests.access.fingerprint import changed_tables, fingerprint, watching_writes


def test_reads_send_nothing_that_writes(app, make_user):
    make_user()
    with app.app_context():
        with watching_writes() as writes:
            db.session.scalar(select(func.count()).select_from(User))
            db.session.scalars(select(User)).all()
        assert writes == []


def test_inserts_updates_and_deletes_are_seen_and_fingerprinted(app, make_user):
    with app.app_context():
        before = fingerprint(db.session.connection())
        db.session.remove()
    with watching_writes() as writes:
        email = make_user()
        with app.app_context():
            db.session.execute(update(User).where(User.email == email).values(name="改名"))
            db.session.execute(delete(User).where(User.id == -1))
            db.session.flush()
            changed = changed_tables(before, fingerprint(db.session.connection()))
            db.session.remove()
    assert {"INSERT", "UPDATE", "DELETE"} <= set(writes)
    assert [line.split(":")[0] for line in changed] == ["enterprise", "user_account"]  # its organisation too
