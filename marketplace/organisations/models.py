"""University and Enterprise records."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.database import UTCDateTime, str_enum, utcnow
from marketplace.extensions import db


class SizeClass(StrEnum):
    """Enterprise size by the 2011 SME classification (工信部联企业〔2011〕300号)."""

    LARGE = "large"
    MEDIUM = "medium"
    SMALL = "small"
    MICRO = "micro"


class University(db.Model):
    """A university whose IP centre publishes patents."""

    __tablename__ = "university"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    short_name: Mapped[str] = mapped_column(String(30), default="")
    city: Mapped[str] = mapped_column(String(40), default="")
    ip_centre: Mapped[str] = mapped_column(String(100), default="")
    website: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<University {self.id} {self.name}>"


class Enterprise(db.Model):
    """An enterprise (usually an SME) that takes licences."""

    __tablename__ = "enterprise"
    __table_args__ = (CheckConstraint("length(credit_code) = 18", name="credit_code_length"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    region: Mapped[str] = mapped_column(String(40))
    size_class: Mapped[SizeClass] = mapped_column(
        str_enum(SizeClass, 10)
    )
    specialised: Mapped[bool] = mapped_column(Boolean, default=False)
    industry: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<Enterprise {self.id} {self.name}>"
