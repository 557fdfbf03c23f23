"""Helpers of the royalty tests: the royalty plan they use and the users of a licence."""

from decimal import Decimal

from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, RoyaltyPeriod, royalty_plan
from marketplace.extensions import db
from marketplace.licensing.models import Licence

# Entry fee 10,000, then 5% of net sales per quarter, at least 20,000 a year (licences start 2027-01-01).
QUARTERLY = royalty_plan(Decimal("0.05"), RoyaltyPeriod.QUARTER, Duration.years(3),
                         entry_fee=Money("10000.00"), annual_minimum=Money("20000.00"))


def party(app, licence_id: int, role: Role) -> str:
    """The e-mail of the licence's enterprise user or of its university's staff user."""
    with app.app_context():
        licence = db.session.get(Licence, licence_id)
        column, value = ((User.enterprise_id, licence.enterprise_id) if role == Role.ENTERPRISE_USER
                         else (User.university_id, licence.university_id))
        return db.session.scalar(select(User.email).where(column == value, User.role == role))


def enterprise_user(licence: Licence) -> User:
    """The licence's enterprise user (inside an app context)."""
    return db.session.scalar(select(User).where(User.enterprise_id == licence.enterprise_id))
