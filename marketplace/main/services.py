"""Figures shown on the home page and the dashboards."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.catalogue.search import catalogue_size
from marketplace.extensions import db
from marketplace.organisations.models import Enterprise, University


def home_figures() -> dict[str, int]:
    """Counts for the home page banner."""
    return {
        "universities": db.session.scalar(select(func.count()).select_from(University)) or 0,
        "enterprises": db.session.scalar(select(func.count()).select_from(Enterprise)) or 0,
        "patents": catalogue_size(),
    }


def featured_universities(limit: int = 12) -> list[University]:
    """Universities shown on the home page, by name."""
    return list(db.session.scalars(select(University).order_by(University.name).limit(limit)))


def admin_figures() -> dict[str, int]:
    """Counts for the administrator's dashboard."""
    users_by_role = dict(
        db.session.execute(
            select(User.role, func.count()).where(User.status == AccountStatus.ACTIVE)
            .group_by(User.role)
        ).all()
    )
    pending = db.session.scalar(
        select(func.count()).select_from(User).where(User.status == AccountStatus.PENDING)
    ) or 0
    return {
        **home_figures(),
        "staff": users_by_role.get(Role.UNIVERSITY_STAFF, 0),
        "enterprise_users": users_by_role.get(Role.ENTERPRISE_USER, 0),
        "organisers": users_by_role.get(Role.ORGANISER, 0),
        "admins": users_by_role.get(Role.ADMIN, 0),
        "pending": pending,
    }


def colleagues(user: User) -> list[User]:
    """Active users of the same university or enterprise, other than `user`."""
    stmt = select(User).where(User.status == AccountStatus.ACTIVE, User.id != user.id)
    if user.university_id is not None:
        stmt = stmt.where(User.university_id == user.university_id)
    elif user.enterprise_id is not None:
        stmt = stmt.where(User.enterprise_id == user.enterprise_id)
    else:
        return []
    return list(db.session.scalars(stmt.order_by(User.name).limit(50)))
