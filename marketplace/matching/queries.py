"""What the match pages read: a need's ranked patents, the needs a university's patents fit, and the
feedback firms gave on the university's matches. Statements for `paginate`, or small look-ups."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import joinedload, selectinload

from marketplace.catalogue.models import Patent
from marketplace.core.need_state import LIVE
from marketplace.core.patent_fields import Industry
from marketplace.extensions import db
from marketplace.matching.feedback_models import MatchFeedback
from marketplace.matching.models import NeedMatch
from marketplace.needs.models import Need

_FEEDBACK_OF_MATCH = and_(MatchFeedback.need_id == NeedMatch.need_id,
                          MatchFeedback.patent_id == NeedMatch.patent_id)


def matches_of_need(need_id: int, with_dismissed: bool) -> Select:
    """The need's matches, best first; without the dismissed ones unless asked."""
    stmt = (select(NeedMatch).where(NeedMatch.need_id == need_id).order_by(NeedMatch.rank, NeedMatch.id)
            .options(joinedload(NeedMatch.patent).joinedload(Patent.university)))
    if not with_dismissed:
        stmt = stmt.where(~select(MatchFeedback.id).where(_FEEDBACK_OF_MATCH).exists())
    return stmt


def marks_of(need_id: int, patent_ids: Sequence[int]) -> dict[int, MatchFeedback]:
    """The "not relevant" marks of the need on the patents, by patent."""
    if not patent_ids:
        return {}
    return {mark.patent_id: mark for mark in db.session.scalars(select(MatchFeedback).where(
        MatchFeedback.need_id == need_id, MatchFeedback.patent_id.in_(list(patent_ids))))}


def dismissed_count(need_id: int) -> int:
    """How many of the need's matches its enterprise marked not relevant."""
    return db.session.scalar(select(func.count()).select_from(MatchFeedback)
                             .where(MatchFeedback.need_id == need_id)) or 0


def _fits(university_id: int, patent_id: int | None):
    """Conditions on (NeedMatch, Need, Patent): the university's live, undismissed matches."""
    conditions = [NeedMatch.university_id == university_id, Need.status.in_(LIVE), Patent.archived.is_(False),
                  ~select(MatchFeedback.id).where(_FEEDBACK_OF_MATCH).exists()]
    if patent_id is not None:
        conditions.append(NeedMatch.patent_id == patent_id)
    return conditions


def fitting_needs(university_id: int, industry: Industry | None = None, region: str = "",
                  patent_id: int | None = None) -> Select:
    """The live needs the university's patents fit, best first (by the need's best score among them)."""
    stmt = (select(Need).join(NeedMatch, NeedMatch.need_id == Need.id)
            .join(Patent, Patent.id == NeedMatch.patent_id)
            .where(*_fits(university_id, patent_id)).group_by(Need.id)
            .order_by(func.max(NeedMatch.score).desc(), Need.id.desc())
            .options(selectinload(Need.enterprise)))
    if industry is not None:
        stmt = stmt.where(Need.industry == industry)
    if region:
        stmt = stmt.where(Need.region == region)
    return stmt


def fits_of(university_id: int, need_ids: Sequence[int], patent_id: int | None = None) -> dict[int, list]:
    """For each need, the university's matches that fit it, best first."""
    if not need_ids:
        return {}
    rows = db.session.scalars(
        select(NeedMatch).join(Need, Need.id == NeedMatch.need_id)
        .join(Patent, Patent.id == NeedMatch.patent_id)
        .where(NeedMatch.need_id.in_(list(need_ids)), *_fits(university_id, patent_id))
        .order_by(NeedMatch.need_id, NeedMatch.score.desc(), NeedMatch.id)
        .options(joinedload(NeedMatch.patent)))
    found: dict[int, list] = {}
    for match in rows:
        found.setdefault(match.need_id, []).append(match)
    return found


def regions_of_fitting_needs(university_id: int) -> list[str]:
    """The regions named by the live needs the university's patents fit (for the filter)."""
    return list(db.session.scalars(
        select(Need.region).join(NeedMatch, NeedMatch.need_id == Need.id)
        .join(Patent, Patent.id == NeedMatch.patent_id)
        .where(*_fits(university_id, None), Need.region != "").group_by(Need.region).order_by(Need.region)))


def matched_patents(university_id: int) -> list[tuple[int, str]]:
    """(id, title) of the university's patents that fit some live need (for the filter)."""
    return [(row.id, row.title) for row in db.session.execute(
        select(Patent.id, Patent.title).join(NeedMatch, NeedMatch.patent_id == Patent.id)
        .join(Need, Need.id == NeedMatch.need_id)
        .where(*_fits(university_id, None)).group_by(Patent.id, Patent.title).order_by(Patent.title))]


# Feedback on the university's matches

def reason_counts(university_id: int) -> dict[str, int]:
    """How many "not relevant" marks the university's patents received, by reason."""
    rows = db.session.execute(select(MatchFeedback.reason, func.count())
                              .where(MatchFeedback.university_id == university_id)
                              .group_by(MatchFeedback.reason))
    return {str(reason): count for reason, count in rows}


def patent_counts(university_id: int) -> Select:
    """The university's patents marked not relevant, most marked first."""
    return (select(Patent).join(MatchFeedback, MatchFeedback.patent_id == Patent.id)
            .where(MatchFeedback.university_id == university_id).group_by(Patent.id)
            .order_by(func.count(MatchFeedback.id).desc(), Patent.id))


def reasons_by_patent(university_id: int, patent_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """For each of the patents, its marks by reason."""
    if not patent_ids:
        return {}
    found: dict[int, dict[str, int]] = {}
    for patent_id, reason, count in db.session.execute(
            select(MatchFeedback.patent_id, MatchFeedback.reason, func.count())
            .where(MatchFeedback.university_id == university_id,
                   MatchFeedback.patent_id.in_(list(patent_ids)))
            .group_by(MatchFeedback.patent_id, MatchFeedback.reason)):
        found.setdefault(patent_id, {})[str(reason)] = count
    return found


def other_texts(university_id: int) -> Select:
    """The university's marks that carry words of their own ("other" and any reason given with text),
    most recent first."""
    return (select(MatchFeedback)
            .where(MatchFeedback.university_id == university_id, MatchFeedback.text != "")
            .order_by(MatchFeedback.created_at.desc(), MatchFeedback.id.desc()))
