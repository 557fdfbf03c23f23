"""The migration that starts the annual-fee register, down and up again on SQLite and PostgreSQL: patents
held before it are tracked from the day it runs, except one whose legal facts said its fees were overdue,
tracked from its last filing anniversary (so that fee stays unpaid and the bar stays); the downgrade
restores the hand-entered flag's column and drops the register."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from marketplace.extensions import db
from tests.annual_fees.test_concurrency import _offered
from tests.ledger.separate_database import BACKENDS, separate_app

pytestmark = pytest.mark.real_commits

BEFORE = "c41d7e0a5b3f"


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_register_starts_on_the_migration_day_and_keeps_the_overdue_flag(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        patent_id = _offered(app)
        with app.app_context():
            db.session.remove()
            downgrade(revision=BEFORE)
            columns = {column["name"] for column in inspect(db.engine).get_columns("patent_legal_facts")}
            assert "annual_fee_overdue" in columns
            assert "annual_fee_payment" not in inspect(db.engine).get_table_names()
            with db.engine.begin() as conn:
                conn.execute(text("UPDATE patent_legal_facts SET annual_fee_overdue = :yes "
                                  "WHERE patent_id = :id"), {"yes": True, "id": patent_id})
            upgrade()
            migration_day = datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai")).date()
            with db.engine.connect() as conn:
                tracked = conn.execute(text("SELECT fees_tracked_from FROM patent WHERE id = :id"),
                                       {"id": patent_id}).scalar_one()
            tracked = tracked if isinstance(tracked, date) else date.fromisoformat(str(tracked))
            # filed 2021-03-15: its last anniversary on or before the migration day
            anniversary = date(migration_day.year, 3, 15)
            if anniversary > migration_day:
                anniversary = date(migration_day.year - 1, 3, 15)
            assert tracked == anniversary
            columns = {column["name"] for column in inspect(db.engine).get_columns("patent_legal_facts")}
            assert "annual_fee_overdue" not in columns
            assert "annual_fee_payment" in inspect(db.engine).get_table_names()
            db.engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_patents_held_before_the_register_are_tracked_from_the_migration_day(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        patent_id = _offered(app)
        with app.app_context():
            db.session.remove()
            downgrade(revision=BEFORE)
            upgrade()
            migration_day = datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai")).date()
            with db.engine.connect() as conn:
                tracked = conn.execute(text("SELECT fees_tracked_from FROM patent WHERE id = :id"),
                                       {"id": patent_id}).scalar_one()
            assert str(tracked)[:10] == migration_day.isoformat()
            db.engine.dispose()
