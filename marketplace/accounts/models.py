"""User accounts and their roles."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.database import UTCDateTime, str_enum, utcnow
from marketplace.extensions import db
from marketplace.organisations.models import Enterprise, University


class Role(StrEnum):
    """What a user is in the marketplace."""

    UNIVERSITY_STAFF = "university_staff"
    ENTERPRISE_USER = "enterprise_user"
    ORGANISER = "organiser"
    ADMIN = "admin"


class AccountStatus(StrEnum):
    """Whether the account may log in."""

    PENDING = "pending"  # applied, waiting for an administrator
    ACTIVE = "active"
    DISABLED = "disabled"


def new_session_token() -> str:
    """A fresh random session token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    """A person who logs in. Staff belong to one university, enterprise users to one enterprise."""

    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint(
            "(role = 'university_staff') = (university_id IS NOT NULL)", name="staff_has_university"
        ),
        CheckConstraint(
            "(role = 'enterprise_user') = (enterprise_id IS NOT NULL)", name="user_has_enterprise"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(str_enum(Role, 20))
    status: Mapped[AccountStatus] = mapped_column(str_enum(AccountStatus, 10))
    university_id: Mapped[int | None] = mapped_column(ForeignKey("university.id"), index=True)
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprise.id"), index=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Part of the identity in every session and remember-me cookie; a new one ends them all.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token, server_default="")

    university: Mapped[University | None] = relationship()
    enterprise: Mapped[Enterprise | None] = relationship()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.status == AccountStatus.ACTIVE

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember-me cookie: id and session token."""
        return f"{self.id}:{self.session_token}"

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"
