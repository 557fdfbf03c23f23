"""`flask ledger check` proves each licence's status agrees with its history, and every status change
goes through `licence_for_change`."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import insert, update

from marketplace import ROOT
from marketplace.core.licence_state import LicenceEvent, LicenceStatus
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, TrialEnd, flat_plan, try_first_plan
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.licensing.for_change import LicenceNotTakenForChange, change_status, licence_for_change
from marketplace.licensing.models import Licence, LicenceCharge, LicenceHistory

TRY_FIRST = try_first_plan(Duration.days(90), Money.zero(), TrialEnd.CONVERT,
                           flat_plan(Money("60000.00"), Duration.years(3)))


def _doctor(licence_id: int, kind: str) -> None:
    db.session.execute(insert(LicenceHistory), [{
        "key": f"licence:{licence_id}:{kind}:doctored", "licence_id": licence_id, "kind": kind,
        "business_date": date(2027, 1, 10), "detail": "", "recorded_at": utcnow()}])


def test_check_fails_on_a_licence_both_converted_and_declined(app, take, runner):
    licence_id = take(TRY_FIRST)
    assert runner.invoke(args=["ledger", "check"]).exit_code == 0
    with app.app_context():
        _doctor(licence_id, "converted")
        _doctor(licence_id, "declined")
        db.session.execute(update(Licence).where(Licence.id == licence_id).values(status="active"))
        db.session.execute(update(LicenceCharge).where(LicenceCharge.licence_id == licence_id)
                           .values(voided_on=date(2027, 1, 10)))
        db.session.commit()
    result = runner.invoke(args=["ledger", "check"])
    assert result.exit_code == 1
    assert f"licence {licence_id}: both converted and declined" in result.output
    assert "charge(s) voided with no reason" not in result.output  # declined gives a reason, though false


def test_check_fails_on_a_status_its_history_does_not_lead_to(app, take, runner):
    licence_id = take(TRY_FIRST)
    with app.app_context():
        db.session.execute(update(Licence).where(Licence.id == licence_id).values(status="active"))
        db.session.commit()
    result = runner.invoke(args=["ledger", "check"])
    assert result.exit_code == 1
    assert f"licence {licence_id}: status active but its history leads to trial" in result.output


def test_check_fails_on_a_charge_voided_without_reason(app, take, runner):
    licence_id = take(flat_plan(Money("1000.00"), Duration.years(1)))
    with app.app_context():
        db.session.execute(update(LicenceCharge).where(LicenceCharge.licence_id == licence_id)
                           .values(voided_on=date(2027, 1, 10)))
        db.session.commit()
    result = runner.invoke(args=["ledger", "check"])
    assert result.exit_code == 1
    assert "voided with no reason in the history" in result.output


def test_a_status_change_without_taking_the_licence_is_refused(app, take):
    licence_id = take(TRY_FIRST)
    with app.app_context():
        licence = db.session.get(Licence, licence_id)
        with pytest.raises(LicenceNotTakenForChange):
            change_status(licence, LicenceEvent.CONVERT)
        licence = licence_for_change(licence_id)
        assert change_status(licence, LicenceEvent.CONVERT) == LicenceStatus.ACTIVE
        db.session.rollback()
        # The hold ends with the transaction.
        with pytest.raises(LicenceNotTakenForChange):
            change_status(db.session.get(Licence, licence_id), LicenceEvent.CONVERT)


ORM_WRITE = re.compile(r"\blicence\.status\s*=[^=]")
BULK_WRITE = re.compile(r"update\(Licence\)[^\n]*(?:\n[^\n]*){0,2}?\.values\([^)]*\bstatus=")


def test_only_the_for_change_helper_and_the_claimed_job_write_a_licence_status():
    """Every ORM status change of a licence goes through `change_status`; the job that moves time writes
    statuses only through claimed compare-and-set updates (`ledger/due_*.py`)."""
    allowed = {"marketplace/licensing/for_change.py"}
    claimed_job = {"marketplace/ledger/due_trials.py", "marketplace/ledger/due_standing.py"}
    offenders, bulk_writers = [], set()
    for path in sorted((ROOT / "marketplace").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        source = path.read_text(encoding="utf-8")
        if BULK_WRITE.search(source):
            bulk_writers.add(name)
        if name not in allowed:
            offenders += [f"{name}:{n}: {line.strip()}" for n, line in enumerate(source.splitlines(), 1)
                          if ORM_WRITE.search(line)]
    assert offenders == []
    assert bulk_writers == claimed_job
