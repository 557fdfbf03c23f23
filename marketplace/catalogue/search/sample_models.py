"""The one row that says which part of the catalogue the search sample holds."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Integer
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.extensions import db


class SearchSampleSetting(db.Model):
    """The sample holds every indexed patent whose bucket (0..4095, from its id) is below `buckets`."""

    __tablename__ = "search_sample_setting"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("buckets BETWEEN 1 AND 4096", name="buckets_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    buckets: Mapped[int] = mapped_column(Integer, nullable=False)
