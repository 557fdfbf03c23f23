"""The soak's own people and licences, made through the real services on the demo data before the load.

`SOAK_ENTERPRISES` enterprises, each with one user and an API token (read, licences:write,
payments:write), a quarterly royalty licence taken a year ago (its ended quarters can be reported) and a
licence taken today whose first charge is posted (transfers can be notified against it); each active IP
centre gets a token with payments:write to confirm them. Every soak transfer's reference starts with
`SOAK-`, so what the soak created can be told from the demo's rows.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.accounts.passwords import hash_password
from marketplace.api.tokens import create_token
from marketplace.catalogue.models import Patent
from marketplace.clock import now, today
from marketplace.core.pricing import PlanKind, RoyaltyPeriod
from marketplace.declarations.plan_storage import read_plan
from marketplace.demo.seed import demo_credit_code
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.ledger.models import LedgerTransaction, PaymentNotice
from marketplace.ledger.payments import outstanding, record_payment
from marketplace.licensing.models import Licence
from marketplace.licensing.services import offer_for, take_licence
from marketplace.organisations.models import Enterprise, SizeClass
from marketplace.royalties.models import RoyaltyReport
from marketplace.service_errors import ServiceError

DOMAIN = "soak.example.cn"
REFERENCE_PREFIX = "SOAK-"
ENTERPRISE_SCOPES = ["read", "licences:write", "payments:write"]
UNIVERSITY_SCOPES = ["read", "payments:write"]
ROYALTY_BACK_DAYS = 370  # four quarters ended


def _offers(day) -> list[dict[str, Any]]:
    """Every patent on offer today with its declaration and plan kind."""
    offers = []
    for patent in db.session.scalars(select(Patent).where(Patent.archived.is_(False)).order_by(Patent.id)):
        try:
            offer = offer_for(patent, day)
        except ServiceError:
            continue
        plan = read_plan(offer.declaration)
        offers.append({"patent_id": patent.id, "declaration_id": offer.declaration.id, "kind": str(plan.kind),
                       "quarterly": plan.kind is PlanKind.ROYALTY and len(plan.phases) == 1
                       and plan.phases[0].royalty_period is RoyaltyPeriod.QUARTER,
                       "university_id": patent.university_id})
    return offers


def _enterprise(index: int) -> Enterprise:
    body = f"MA{index:06d}"
    return Enterprise(name=f"压测企业{index:03d}有限公司", credit_code=demo_credit_code("150100", body),
                      region="150100", size_class=SizeClass.SMALL, specialised=False, industry="压测")


def _enterprise_user(index: int, password: str) -> User:
    """A soak enterprise and its one user."""
    user = User(email=f"soak{index:03d}@{DOMAIN}", name=f"压测{index:03d}", role=Role.ENTERPRISE_USER,
                status=AccountStatus.ACTIVE, password_hash=password, enterprise=_enterprise(index))
    db.session.add(user)
    db.session.flush()
    return user


def _royalty_licence(user: User, offer: dict[str, Any], index: int) -> Licence:
    """A royalty licence taken ROYALTY_BACK_DAYS ago, its entry fee (if any) paid on the day."""
    back = today() - timedelta(days=ROYALTY_BACK_DAYS)
    moment = now() - timedelta(days=ROYALTY_BACK_DAYS)
    patent = db.session.get(Patent, offer["patent_id"])
    licence = take_licence(user, patent, offer["declaration_id"], back, back, moment)
    run_due(back)  # its entry fee falls due: paid on the day, so the licence stays active
    fee = outstanding(licence)
    if fee.fen > 0:
        record_payment(licence, fee, f"PRE-{index:03d}", back, back, moment)
    return licence


def build_world(enterprises: int) -> dict[str, Any]:
    """Create the soak's enterprises, users, tokens and licences and commit; returns what the load needs."""
    day, moment = today(), now()
    offers = _offers(day)
    royalty = [offer for offer in offers if offer["quarterly"]]
    paying = [offer for offer in offers if offer["kind"] in ("flat", "staged")]
    password = hash_password("Soak2026pass")
    people = []
    for index in range(enterprises):
        user = _enterprise_user(index, password)
        royalty_offer, paying_offer = royalty[index % len(royalty)], paying[index % len(paying)]
        licence = _royalty_licence(user, royalty_offer, index)
        paid = take_licence(user, db.session.get(Patent, paying_offer["patent_id"]),
                            paying_offer["declaration_id"], day, day, moment)
        token = create_token(user, "soak", ENTERPRISE_SCOPES, 30, moment).secret
        people.append({"user_id": user.id, "token": token, "royalty_licence": licence.id,
                       "paying_licence": paid.id,
                       "held": [royalty_offer["patent_id"], paying_offer["patent_id"]]})
    run_due(day)  # the paying licences' first charges
    for person in people:
        person["owed"] = str(outstanding(db.session.get(Licence, person["paying_licence"])).amount)
    staff = db.session.scalars(select(User).where(User.role == Role.UNIVERSITY_STAFF,
                                                  User.status == AccountStatus.ACTIVE).order_by(User.id))
    universities = [{"user_id": user.id, "university_id": user.university_id,
                     "token": create_token(user, "soak", UNIVERSITY_SCOPES, 30, moment).secret}
                    for user in staff]
    db.session.commit()
    return {"enterprises": people, "universities": universities, "offers": offers,
            "baseline": counts(), "day": day.isoformat()}


def counts() -> dict[str, int]:
    """Rows made by the soak's users: licences, transfer notices, confirmed notices, payments posted for
    soak transfers, royalty reports."""
    soak_users = select(User.id).where(User.email.like(f"%@{DOMAIN}"))
    soak_notice = PaymentNotice.reference.like(f"{REFERENCE_PREFIX}%")

    def count(model, *where) -> int:
        return db.session.scalar(select(func.count()).select_from(model).where(*where))

    return {
        "licences": count(Licence, Licence.taken_by_id.in_(soak_users)),
        "transfer_notices": count(PaymentNotice, soak_notice, PaymentNotice.notified_by_id.in_(soak_users)),
        "confirmations": count(PaymentNotice, soak_notice, PaymentNotice.status == "confirmed"),
        "payments": count(LedgerTransaction,
                          LedgerTransaction.key.like(f"payment:bank:%:{REFERENCE_PREFIX}%")),
        "royalty_reports": count(RoyaltyReport, RoyaltyReport.filed_by_id.in_(soak_users)),
    }


def payments_exactly_once() -> dict[str, int]:
    """Confirmed soak notices without their payment in the ledger, or with more than one."""
    notices = db.session.execute(select(PaymentNotice.licence_id, PaymentNotice.reference)
                                 .where(PaymentNotice.reference.like(f"{REFERENCE_PREFIX}%"),
                                        PaymentNotice.status == "confirmed")).all()
    keys = {f"payment:bank:{licence}:{reference}" for licence, reference in notices}
    found: dict[str, int] = {}
    for key in db.session.scalars(select(LedgerTransaction.key)
                                  .where(LedgerTransaction.key.like(f"payment:bank:%:{REFERENCE_PREFIX}%"))):
        found[key] = found.get(key, 0) + 1
    return {"confirmed_notices": len(keys), "missing": len(keys - set(found)),
            "duplicated": sum(1 for count in found.values() if count > 1),
            "without_confirmed_notice": len(set(found) - keys)}
