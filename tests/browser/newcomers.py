"""A new enterprise with one user, made for a journey: no other journey's demo account or enterprise
changes, and each call makes another, so a journey passes again on the same live server."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.accounts.passwords import hash_password
from marketplace.demo.data import DEMO_PASSWORD
from marketplace.demo.seed import demo_credit_code
from marketplace.extensions import db
from marketplace.organisations.models import Enterprise, SizeClass


@dataclass(frozen=True)
class Newcomer:
    """Who logs in (with the demo password) and the enterprise they act for."""

    email: str
    name: str
    enterprise: str


def new_enterprise_user(app, mailbox: str, name: str, enterprise: str, region: str = "152900") -> Newcomer:
    """An active enterprise user `name` of a new enterprise named `enterprise` (region 阿拉善盟 unless
    given); the e-mail is `mailbox` with a serial, unique in the database."""
    with app.app_context():
        serial = db.session.scalar(select(func.count()).select_from(Enterprise)) + 1
        company = Enterprise(name=enterprise, region=region, size_class=SizeClass.SMALL,
                             credit_code=demo_credit_code(region, f"JQ{serial:06d}"))
        user = User(email=f"{mailbox}.{serial}@example.com", name=name, role=Role.ENTERPRISE_USER,
                    status=AccountStatus.ACTIVE, password_hash=hash_password(DEMO_PASSWORD),
                    enterprise=company)
        db.session.add_all([company, user])
        db.session.commit()
        return Newcomer(user.email, name, enterprise)
