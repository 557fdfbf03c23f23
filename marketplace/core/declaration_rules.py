"""Open-licence declarations (开放许可声明): the legal bars to publishing, and the lifecycle.

Patent Law Arts. 50–52 and the Implementing Regulations Arts. 85–88: only a granted patent in force
may be declared; a declaration is barred while an exclusive or sole licence is in its term, while
the patent is pledged without the pledgee's consent, while annual fees are unpaid, or while it is
suspended for an ownership dispute or court preservation; co-owned patents need every co-owner's
consent; utility models and designs need a patent evaluation report on file.

Lifecycle: draft → published → withdrawn. A time-limited version for a special zone's window
(`marketplace.core.event_terms`) is published straight into the status "event" and ends by its window,
by withdrawal, or with the base declaration. Published terms never change: a change is a new version
(a new draft that replaces the published one when it is published). Withdrawal needs a reason and
does not touch licences already granted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from marketplace.core.application_number import PatentType
from marketplace.core.patent_fields import LegalStatus


class DeclarationBar(StrEnum):
    """A reason the patent cannot be declared open for licence today."""

    NOT_IN_FORCE = "not_in_force"  # lapsed, invalidated or otherwise not granted
    EXPIRED = "expired"  # the term has ended
    EXCLUSIVE_LICENCE = "exclusive_licence"  # an exclusive or sole licence is in its term
    PLEDGED = "pledged"  # pledged without the pledgee's consent
    FEES_OVERDUE = "fees_overdue"  # annual fees unpaid
    SUSPENDED = "suspended"  # ownership dispute or court preservation
    CO_OWNER_CONSENT = "co_owner_consent"  # co-owned and not every co-owner has consented
    EVALUATION_REPORT = "evaluation_report"  # utility model or design without an evaluation report


@dataclass(frozen=True)
class PatentFacts:
    """What the law looks at before a declaration is published."""

    patent_type: PatentType
    legal_status: LegalStatus
    expiry: date  # last day in force
    co_owned: bool = False
    co_owner_consent: bool = False
    # The latest last day of an exclusive or sole licence not over (`core.outside_licences`).
    exclusive_licence_until: date | None = None
    pledged: bool = False
    pledgee_consent: bool = False
    annual_fee_overdue: bool = False
    suspended: bool = False
    evaluation_report_on_file: bool = False


def declaration_bars(facts: PatentFacts, today: date) -> list[DeclarationBar]:
    """Every bar that stops publishing a declaration today (empty when it may be published)."""
    bars: list[DeclarationBar] = []
    if facts.legal_status != LegalStatus.GRANTED:
        bars.append(DeclarationBar.NOT_IN_FORCE)
    if facts.expiry < today:
        bars.append(DeclarationBar.EXPIRED)
    if facts.exclusive_licence_until is not None and facts.exclusive_licence_until >= today:
        bars.append(DeclarationBar.EXCLUSIVE_LICENCE)
    if facts.pledged and not facts.pledgee_consent:
        bars.append(DeclarationBar.PLEDGED)
    if facts.annual_fee_overdue:
        bars.append(DeclarationBar.FEES_OVERDUE)
    if facts.suspended:
        bars.append(DeclarationBar.SUSPENDED)
    if facts.co_owned and not facts.co_owner_consent:
        bars.append(DeclarationBar.CO_OWNER_CONSENT)
    if facts.patent_type in (PatentType.UTILITY_MODEL, PatentType.DESIGN) and not (
        facts.evaluation_report_on_file
    ):
        bars.append(DeclarationBar.EVALUATION_REPORT)
    return bars


class DeclarationStatus(StrEnum):
    """Where a declaration stands."""

    DRAFT = "draft"
    PUBLISHED = "published"
    EVENT = "event"  # a time-limited version in force over a zone's window (never "published")
    WITHDRAWN = "withdrawn"


class DeclarationAction(StrEnum):
    """What can be done to a declaration."""

    EDIT = "edit"
    PUBLISH = "publish"
    WITHDRAW = "withdraw"
    DISCARD = "discard"


class IllegalDeclarationMove(ValueError):
    """The action is not allowed in the declaration's status."""

    def __init__(self, status: DeclarationStatus, action: DeclarationAction) -> None:
        super().__init__(f"cannot {action} a {status} declaration")
        self.status = status
        self.action = action


TRANSITIONS: dict[tuple[DeclarationStatus, DeclarationAction], DeclarationStatus | None] = {
    (DeclarationStatus.DRAFT, DeclarationAction.EDIT): DeclarationStatus.DRAFT,
    (DeclarationStatus.DRAFT, DeclarationAction.PUBLISH): DeclarationStatus.PUBLISHED,
    (DeclarationStatus.DRAFT, DeclarationAction.DISCARD): None,
    (DeclarationStatus.PUBLISHED, DeclarationAction.WITHDRAW): DeclarationStatus.WITHDRAWN,
    (DeclarationStatus.EVENT, DeclarationAction.WITHDRAW): DeclarationStatus.WITHDRAWN,
}


def next_status(status: DeclarationStatus, action: DeclarationAction) -> DeclarationStatus | None:
    """The status after `action` (None: the draft is gone); IllegalDeclarationMove otherwise.

    Published terms are immutable (no EDIT of a published declaration) and nothing comes back
    from withdrawn.
    """
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise IllegalDeclarationMove(status, action) from None


def fee_reduction_period(published_on: date, withdrawn_on: date | None,
                         expiry: date) -> tuple[date, date | None]:
    """The period of the 15% annual-fee reduction: publication to withdrawal or lapse.

    The end is the day before withdrawal took effect, the patent's last day when it ends first,
    or None while the declaration is in effect and the patent in force.
    """
    if withdrawn_on is not None:
        return published_on, min(withdrawn_on - timedelta(days=1), expiry)
    return published_on, None
