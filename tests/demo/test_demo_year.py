"""The demo licences: in the states the demo promises on its today, and still consistent after the demo is
run forward a year (`flask ledger run-due` day by day, then `flask ledger check`)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from marketplace.catalogue.models import Patent
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.money import Money
from marketplace.demo.licences import PLAYS, YEAR_PLAYS
from marketplace.demo.seed import seed_demo
from marketplace.extensions import db
from marketplace.ledger.models import NoticeStatus, PaymentNotice
from marketplace.ledger.payments import outstanding
from marketplace.ledger.services import audit
from marketplace.licensing.models import Licence, LicenceCharge, LicenceHistory
from marketplace.notifications.models import Notification
from marketplace.organisations.models import Enterprise
from tests.ledger.separate_database import postgresql_url, separate_app

DEMO_DAY = date(2026, 11, 26)  # the browser journeys' FROZEN_TODAY
YEAR = 365


def _states() -> dict[str, str]:
    """Licence number → status, for every licence."""
    rows = db.session.execute(select(Licence.number, Licence.status))
    return {number: str(status) for number, status in rows}


def _sources() -> dict[str, int | None]:
    """Licence number → the zone it is attributed to, for every licence."""
    return dict(db.session.execute(select(Licence.number, Licence.source_zone_id)).all())


def _posted() -> int:
    """How many charges are posted to the ledger."""
    return db.session.scalar(select(func.count()).select_from(LicenceCharge)
                             .where(LicenceCharge.posted_on.is_not(None)))


def _by_status() -> dict[str, int]:
    """How many licences are in each status."""
    return dict(db.session.execute(select(Licence.status, func.count()).group_by(Licence.status)).all())


def _history_kinds(after: date) -> dict[str, int]:
    """How many history steps of each kind happened after `after`."""
    return dict(db.session.execute(select(LicenceHistory.kind, func.count())
                                   .where(LicenceHistory.business_date > after)
                                   .group_by(LicenceHistory.kind)).all())


def test_demo_licences_are_in_their_promised_states_on_the_demo_day(app):
    with app.app_context():
        created = seed_demo(DEMO_DAY)
        assert created["licences"] == len(PLAYS) + len(YEAR_PLAYS) == 12 + 15
        # The plays, and the trial taken in the running zone after a demo need's conversation.
        assert _by_status() == {"trial": 4, "active": 20, "overdue": 2, "declined": 1, "expired": 1}
        mengru = db.session.scalars(select(Licence).join(Enterprise).where(
            Enterprise.name == "呼和浩特蒙乳生物科技有限公司", Licence.status == LicenceStatus.TRIAL)).one()
        assert DEMO_DAY <= mengru.trial_last_day < DEMO_DAY + timedelta(days=7)
        assert mengru.trial_reminded_on is not None
        assert db.session.scalar(select(func.count()).select_from(Notification)
                                 .where(Notification.licence_id == mengru.id)) == 1
        notice = db.session.scalars(select(PaymentNotice)).one()
        assert notice.status == NoticeStatus.PENDING
        assert Money.from_fen(notice.amount_fen) == outstanding(db.session.get(Licence, notice.licence_id))
        partly = db.session.scalars(select(LicenceCharge).where(
            LicenceCharge.settled_fen > 0, LicenceCharge.settled_on.is_(None))).one()
        assert (partly.settled_fen, partly.amount_fen) == (2_000_000, 3_333_334)
        kinds = _history_kinds(date.min)
        assert {"converted", "declined", "expired", "reminded", "overdue", "report_filed", "filed",
                "payment_notified", "payment_received"} <= kinds.keys()
        assert audit() == []
        assert seed_demo(DEMO_DAY)["licences"] == 0


def test_demo_licences_leave_the_browser_journey_free_to_take_its_licence(app):
    with app.app_context():
        seed_demo(DEMO_DAY)
        flat = db.session.scalar(select(Patent.id).where(Patent.offer_kind == "flat").order_by(Patent.id))
        mengru = db.session.scalars(select(Licence).join(Enterprise).where(
            Enterprise.name == "呼和浩特蒙乳生物科技有限公司")).all()
        assert len(mengru) == 3
        assert flat not in {licence.patent_id for licence in mengru}
        assert not [licence.number for licence in mengru if licence.number.startswith("OL2027")]


def _totals(outputs: list[str]) -> dict[str, int]:
    """The counts the `run-due` runs reported ("3 charges posted", ...), summed over the runs."""
    totals: dict[str, int] = {}
    for output in outputs:
        for count, what in re.findall(r"(\d+) (trial reminders|trials ended|charges posted|overdue|suspended|"
                                      r"settled|completed)", output):
            totals[what] = totals.get(what, 0) + int(count)
    return totals


@pytest.mark.real_commits
def test_the_demo_run_forward_a_year_keeps_the_ledger_consistent(tmp_path):
    backend = "postgresql" if postgresql_url() else "sqlite"
    with separate_app(backend, tmp_path) as app:
        app.config["FROZEN_TODAY"] = DEMO_DAY.isoformat()
        runner = app.test_cli_runner()
        seeded = runner.invoke(args=["seed-demo", "--if-empty"])
        assert seeded.exit_code == 0, seeded.output
        assert "34 open-licence offers created" in seeded.output
        assert runner.invoke(args=["ledger", "check"]).exit_code == 0
        with app.app_context():
            before = _states()
            posted_before = _posted()
            sources_before = _sources()

        outputs = []
        for offset in range(1, YEAR + 1):
            day = (DEMO_DAY + timedelta(days=offset)).isoformat()
            result = runner.invoke(args=["ledger", "run-due", "--today", day])
            assert result.exit_code == 0, result.output
            assert f"{day}: " in result.output
            outputs.append(result.output)
        again = runner.invoke(args=["ledger", "run-due", "--today", day])
        assert _totals([again.output]) == dict.fromkeys(_totals(outputs), 0)

        check = runner.invoke(args=["ledger", "check"])
        assert check.exit_code == 0, check.output
        assert "Ledger consistent" in check.output
        with app.app_context():
            assert audit() == []
            after = _states()
            # Attributed to the closed zone, and (the demo conversation's trial) to the running zone.
            assert _sources() == sources_before and len(set(sources_before.values()) - {None}) == 2
            posted_during = _posted() - posted_before
            year = _history_kinds(DEMO_DAY)
            unsent = db.session.scalar(select(func.count()).select_from(Notification)
                                       .where(Notification.sent_at.is_(None)))

    totals = _totals(outputs)
    assert totals["charges posted"] == posted_during >= 6
    # 蒙乳's trial expires, 稀宝's 12-month trial and 云谷's 6-month trial convert, the demo conversation's
    # trial ends too.
    assert totals["trials ended"] == 4
    assert totals["overdue"] >= 4 and totals["suspended"] >= 4 and totals["completed"] >= 1, totals
    assert {"charge_posted", "converted", "expired", "overdue", "suspended", "completed"} <= year.keys(), year
    assert after.keys() == before.keys()
    assert "trial" not in after.values()
    assert {"suspended", "completed", "expired", "declined", "active"} <= set(after.values()), after
    assert unsent == 0  # the trial reminders left the outbox
