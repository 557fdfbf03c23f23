"""What a set of policy figures covers: a year, and optionally some universities, an industry, a zone."""

from __future__ import annotations

from dataclasses import dataclass

from marketplace.core.report_year import ReportYear


@dataclass(frozen=True)
class Scope:
    """The year counted in; `university_ids` None means every university; `industry` (a patent industry
    code) keeps the patents of that industry (and the needs of it, for answers); `zone_id` keeps what
    happened in one zone (its patents, its registrations, its meetings, the licences attributed to it)."""

    year: int
    university_ids: tuple[int, ...] | None = None
    industry: str | None = None
    zone_id: int | None = None

    @property
    def period(self) -> ReportYear:
        """The year as dates and instants."""
        return ReportYear(self.year)

    def universities(self, column):
        """Conditions keeping `column` (a university id column) within the scope's universities."""
        return [] if self.university_ids is None else [column.in_(self.university_ids)]

    def industries(self, column):
        """Conditions keeping `column` (an industry column) to the scope's industry."""
        return [] if not self.industry else [column == self.industry]
