"""Needs: posting, editing and moving them through their statuses, and who may read them.

Only the enterprise that posted a need changes it (any of its users). Every change first takes the need's
row for change (`need_for_change`: SELECT … FOR UPDATE, reloaded), so two requests at once are serialised
and the second meets the first one's status in `core.need_state`.

Posting, editing or moving a need recomputes its stored matches (`matching.store`) in the same
transaction, so its match page reads fresh results.

Reading: a public need is read by everyone, signed in or not; a need for universities only by IP-centre
staff, administrators and the enterprise that posted it. That holds for every status: a solved or closed
need stays readable (marked as such) by those who could read it, and leaves the public list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from marketplace.accounts.models import Role, User
from marketplace.clock import SHANGHAI
from marketplace.core.need_budget import BudgetProblem, budget_problem
from marketplace.core.need_input import has_words, join_keywords
from marketplace.core.need_state import NeedStatus, NeedTimeline, NeedVisibility, is_live, may_move
from marketplace.core.patent_fields import Industry
from marketplace.extensions import db
from marketplace.matching.store import refresh_need_matches
from marketplace.needs.models import Need
from marketplace.service_errors import ServiceError

NO_WORDS = _l("Describe the problem in words: at least 4 letters, digits or Chinese characters.")
BUDGET_MESSAGES = {
    BudgetProblem.NEGATIVE: _l("A budget cannot be negative."),
    BudgetProblem.MIN_ABOVE_MAX: _l("The maximum budget must not be below the minimum."),
}
NOT_LIVE = _l("A solved or closed need cannot be changed.")
MOVE_REFUSED = {
    NeedStatus.OPEN: _l("Only a need in talks can be reopened."),
    NeedStatus.IN_TALKS: _l("Only an open need can be marked as in talks."),
    NeedStatus.SOLVED: _l("This need is already solved or closed."),
    NeedStatus.CLOSED: _l("This need is already solved or closed."),
}


@dataclass(frozen=True)
class NeedDetails:
    """What an enterprise fills in for a need (budgets in fen, keywords and plan kinds as lists)."""

    title: str
    description: str
    industry: Industry | None
    keywords: tuple[str, ...]
    budget_min_fen: int | None
    budget_max_fen: int | None
    plan_kinds: tuple[str, ...]
    timeline: NeedTimeline | None
    region: str
    visibility: NeedVisibility


def may_read(need: Need, user) -> bool:
    """Whether `user` (possibly anonymous) may read `need` (see the module's docstring)."""
    if need.visibility == NeedVisibility.PUBLIC:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return user.role in (Role.UNIVERSITY_STAFF, Role.ADMIN) or owns(need, user)


def owns(need: Need, user) -> bool:
    """Whether `user` is a user of the enterprise that posted `need` (the only ones who change it)."""
    return (bool(getattr(user, "is_authenticated", False)) and user.role == Role.ENTERPRISE_USER
            and user.enterprise_id is not None and user.enterprise_id == need.enterprise_id)


def _check(details: NeedDetails) -> None:
    if not has_words(details.description):
        raise ServiceError(NO_WORDS, field="description")
    problem = budget_problem(details.budget_min_fen, details.budget_max_fen)
    if problem is not None:
        field = "budget_max" if problem == BudgetProblem.MIN_ABOVE_MAX else "budget_min"
        raise ServiceError(BUDGET_MESSAGES[problem], field=field)


def _apply(need: Need, details: NeedDetails) -> None:
    need.title = details.title.strip()
    need.description = details.description.strip()
    need.industry = details.industry
    need.keywords = join_keywords(details.keywords)
    need.budget_min_fen = details.budget_min_fen
    need.budget_max_fen = details.budget_max_fen
    need.plan_kinds = ",".join(details.plan_kinds)
    need.timeline = details.timeline
    need.region = details.region.strip()
    need.visibility = details.visibility


def create_need(user: User, details: NeedDetails, now: datetime) -> Need:
    """A new open need of `user`'s enterprise."""
    if user.role != Role.ENTERPRISE_USER or user.enterprise_id is None:
        raise ServiceError(_l("Only enterprises post technology needs."))
    _check(details)
    need = Need(enterprise_id=user.enterprise_id, created_by_id=user.id, status=NeedStatus.OPEN,
                created_at=now, updated_at=now, status_changed_at=now)
    _apply(need, details)
    db.session.add(need)
    db.session.flush()
    refresh_need_matches(need, _day_of(now))
    return need


def update_need(need: Need, details: NeedDetails, user: User, now: datetime) -> Need:
    """Change a need taken for change (`need_for_change`); only its enterprise, only while it is live."""
    if not owns(need, user):
        raise ServiceError(_l("Only the enterprise that posted a need changes it."))
    if not is_live(need.status):
        raise ServiceError(NOT_LIVE)
    _check(details)
    _apply(need, details)
    need.updated_at = now
    db.session.flush()
    refresh_need_matches(need, _day_of(now))
    return need


def move_need(need: Need, target: NeedStatus, user: User, now: datetime) -> Need:
    """Move a need taken for change to `target` (open, in talks, solved, closed) when its enterprise asks
    and `core.need_state` allows the move; a ServiceError saying why otherwise."""
    if not owns(need, user):
        raise ServiceError(_l("Only the enterprise that posted a need changes it."))
    if not may_move(need.status, target):
        raise ServiceError(MOVE_REFUSED[target])
    need.status = target
    need.status_changed_at = now
    need.updated_at = now
    db.session.flush()
    refresh_need_matches(need, _day_of(now))
    return need


def _day_of(now: datetime) -> date:
    """The local (Asia/Shanghai) day of a moment: the day the matches are computed for."""
    return now.astimezone(SHANGHAI).date()
