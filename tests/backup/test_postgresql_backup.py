"""The README's PostgreSQL backup round trip, run for real when the suite runs on PostgreSQL: `pg_dump -Fc`
of a database with the demo data, `pg_restore` into an empty database, and the restored one holds the same
rows and passes `flask ledger check`. On SQLite the same round trip is `flask db backup` / `db restore`
(test_sqlite_backup.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid

import pytest
from sqlalchemy import create_engine, make_url, text

from marketplace.demo.seed import seed_demo
from marketplace.extensions import db
from tests.backup.test_sqlite_backup import DEMO_DAY, _row_counts
from tests.ledger.separate_database import _app, _dispose, _drop_database, postgresql_url, separate_app

ON_POSTGRESQL = bool(postgresql_url())


def _libpq(url) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.mark.skipif(not ON_POSTGRESQL and os.environ.get("CI") != "true",
                    reason="runs in the PostgreSQL suite (DATABASE_URL names a PostgreSQL server)")
def test_pg_dump_and_pg_restore_bring_back_every_row_and_a_sound_ledger(tmp_path):
    if not ON_POSTGRESQL:
        # The SQLite suite of CI: the PostgreSQL suite, run by the same CI, runs this round trip.
        assert shutil.which("pg_dump") and shutil.which("pg_restore"), "CI needs pg_dump and pg_restore"
        return
    with separate_app("postgresql", tmp_path) as app:
        with app.app_context():
            seed_demo(DEMO_DAY)
            db.session.commit()
            before = _row_counts()
            source = db.engine.url
        assert before["ledger_transaction"] > 0
        dump = tmp_path / "marketplace.dump"
        pg_dump = shutil.which("pg_dump") or "pg_dump"
        subprocess.run([pg_dump, "-Fc", "-d", _libpq(source), "-f", str(dump)],  # noqa: S603 - our own URL
                       check=True)

    server = make_url(postgresql_url())
    name = f"test_restored_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        target = server.set(database=name)
        pg_restore = shutil.which("pg_restore") or "pg_restore"
        subprocess.run([pg_restore, "--no-owner", "-d", _libpq(target), str(dump)],  # noqa: S603 - our own URL
                       check=True)
        restored = _app(target.render_as_string(hide_password=False))
        try:
            with restored.app_context():
                assert _row_counts() == before
            check = restored.test_cli_runner().invoke(args=["ledger", "check"])
            assert check.exit_code == 0 and "Ledger consistent" in check.output, check.output
        finally:
            _dispose(restored)
    finally:
        admin.dispose()
        _drop_database(server, name)
