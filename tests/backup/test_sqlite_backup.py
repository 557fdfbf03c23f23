"""`flask db backup` / `flask db restore` on SQLite: a restored database holds the same rows as when it was
backed up and passes `flask ledger check`; a bad file, an existing target and PostgreSQL are refused."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, func, inspect, select, text, update

from marketplace.api.idempotency_models import IdempotencyKey
from marketplace.catalogue.interest_models import PatentView
from marketplace.catalogue.models import Patent
from marketplace.demo.seed import seed_demo
from marketplace.extensions import db
from tests.ledger.separate_database import separate_app

DEMO_DAY = date(2026, 11, 26)


def _row_counts() -> dict[str, int]:
    tables = inspect(db.engine).get_table_names()
    return {table: db.session.scalar(select(func.count()).select_from(text(f'"{table}"')))
            for table in tables}


def test_a_backup_restores_every_row_and_a_sound_ledger(tmp_path):
    with separate_app("sqlite", tmp_path) as app:
        runner = app.test_cli_runner()
        with app.app_context():
            seed_demo(DEMO_DAY)
            db.session.commit()
            before = _row_counts()
            titles = sorted(db.session.scalars(select(Patent.title)))
        assert before["ledger_transaction"] > 0 and before["licence"] > 0
        target = tmp_path / "backup.db"
        made = runner.invoke(args=["db", "backup", str(target)])
        assert made.exit_code == 0, made.output
        assert "Backed up" in made.output and target.is_file()

        with app.app_context():  # changes after the backup, which the restore must undo
            db.session.execute(update(Patent).values(title="改动"))
            db.session.execute(delete(IdempotencyKey))
            db.session.execute(delete(PatentView))
            db.session.commit()
            assert db.session.scalar(select(func.count(func.distinct(Patent.title)))) == 1

        restored = runner.invoke(args=["db", "restore", "--yes", str(target)])
        assert restored.exit_code == 0, restored.output
        with app.app_context():
            assert _row_counts() == before
            assert sorted(db.session.scalars(select(Patent.title))) == titles
        check = runner.invoke(args=["ledger", "check"])
        assert check.exit_code == 0 and "Ledger consistent" in check.output, check.output


def test_refusals_change_nothing(tmp_path):
    with separate_app("sqlite", tmp_path) as app:
        runner = app.test_cli_runner()
        taken = tmp_path / "taken.db"
        taken.write_bytes(b"")
        again = runner.invoke(args=["db", "backup", str(taken)])
        assert again.exit_code == 1 and "exists already" in again.output
        junk = tmp_path / "junk.db"
        junk.write_bytes(b"not a database at all" * 100)
        refused = runner.invoke(args=["db", "restore", "--yes", str(junk)])
        assert refused.exit_code == 1 and "not a SQLite database" in refused.output, refused.output
        missing = runner.invoke(args=["db", "restore", "--yes", str(tmp_path / "nowhere.db")])
        assert missing.exit_code == 1 and "is not a file" in missing.output
        unconfirmed = runner.invoke(args=["db", "restore", str(taken)], input="n\n")
        assert unconfirmed.exit_code == 1
        with app.app_context():
            assert db.session.scalar(text("SELECT count(*) FROM alembic_version")) == 1


def test_postgresql_is_pointed_to_pg_dump(tmp_path):
    from marketplace.backup import sqlite_backup

    class Dialect:
        name = "postgresql"

    class Engine:
        dialect = Dialect()

    try:
        sqlite_backup.backup(Engine(), tmp_path / "x.db")  # type: ignore[arg-type]
    except sqlite_backup.BackupRefused as refusal:
        assert "pg_dump" in str(refusal)
    else:
        raise AssertionError("a PostgreSQL database was not refused")
    assert not (tmp_path / "x.db").exists()
