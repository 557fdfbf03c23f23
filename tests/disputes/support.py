"""Helpers of the dispute tests: the plan they use, a licence whose charge has fallen due, its users."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan, instalment_plan
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.licensing.models import Licence, LicenceCharge

# One fee of 5,000.00 due on the first day (licences start 2027-01-01); grace 30 days, suspension 90.
FLAT = flat_plan(Money("5000.00"), Duration.years(1))
# Two instalments of 6,000.00: 2027-01-01 and 2027-07-01.
TWO_INSTALMENTS = instalment_plan(Money("12000.00"), 2, Duration.months(6), Duration.years(1))
START = date(2027, 1, 1)


def posted(app, take, plan=FLAT) -> int:
    """A licence on `plan` whose first charge has fallen due (the job ran on its first day)."""
    licence_id = take(plan)
    with app.app_context():
        run_due(START)
        db.session.commit()
    return licence_id


def user_of(licence: Licence, role: Role) -> User:
    """The licence's enterprise user or its university's staff user (inside an app context)."""
    column, value = ((User.enterprise_id, licence.enterprise_id) if role == Role.ENTERPRISE_USER
                     else (User.university_id, licence.university_id))
    return db.session.scalar(select(User).where(column == value, User.role == role))


def charge_ids(licence_id: int) -> list[int]:
    """The licence's charges, oldest first (inside an app context)."""
    return list(db.session.scalars(select(LicenceCharge.id).where(LicenceCharge.licence_id == licence_id)
                                   .order_by(LicenceCharge.due_date, LicenceCharge.id)))
