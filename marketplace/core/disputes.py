"""Disputes on a licence (实施开放许可纠纷) and the path the law gives them.

Patent Law art. 52 (2020 amendment): 当事人就实施开放许可发生纠纷的，由当事人自行协商解决；不愿协商或者
协商不成的，可以请求国务院专利行政部门进行调解，也可以向人民法院起诉。

So a dispute, opened by either party about a payment, a royalty report or the use of the patent, starts
in **negotiation** (协商); from there it may go to **CNIPA mediation** (国家知识产权局调解) or to **court**
(人民法院), and from mediation to court; never back. It stays open until an outcome is recorded:

- settled (协商解决) or withdrawn (撤回) — at any stage, by either party;
- mediated (调解结案) — only in mediation, with the mediation case number;
- judged (判决) — only in court, with the judgment number.

A waiver of the disputed charges may come with an outcome that ends the dispute on the merits (settled,
mediated, judged), and only the university forgoes its money. Every refusal is a `Refusal` code, which
the services word for people. Nothing here reads the clock or the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

DESCRIPTION_MAX = 1000
NOTE_MAX = 200
REFERENCE_MAX = 60


class DisputeSubject(StrEnum):
    """What the parties disagree about."""

    PAYMENT = "payment"  # 付款
    ROYALTY_REPORT = "royalty_report"  # 提成报告
    USE = "use"  # 实施使用


class DisputeStage(StrEnum):
    """Where on the path of art. 52 the dispute is."""

    NEGOTIATION = "negotiation"  # 协商
    MEDIATION = "mediation"  # 国家知识产权局调解
    COURT = "court"  # 人民法院


class DisputeStatus(StrEnum):
    """Open until an outcome is recorded."""

    OPEN = "open"
    RESOLVED = "resolved"


class DisputeOutcome(StrEnum):
    """How a dispute ended."""

    SETTLED = "settled"  # 协商解决
    MEDIATED = "mediated"  # 调解结案
    JUDGED = "judged"  # 判决
    WITHDRAWN = "withdrawn"  # 撤回


class Party(StrEnum):
    """The side of the licence a person acts for."""

    ENTERPRISE = "enterprise"
    UNIVERSITY = "university"


class Refusal(StrEnum):
    """Why a step on a dispute is refused."""

    RESOLVED_ALREADY = "resolved_already"
    NOT_FORWARD = "not_forward"  # escalation to the same stage or back
    WRONG_STAGE = "wrong_stage"  # mediated outside mediation, judged outside court
    REFERENCE_REQUIRED = "reference_required"
    WAIVER_BY_UNIVERSITY = "waiver_by_university"
    WAIVER_NEEDS_MERITS = "waiver_needs_merits"  # a withdrawn dispute waives nothing
    WAIVER_WITHOUT_CHARGE = "waiver_without_charge"
    CHARGE_OF_OTHER_LICENCE = "charge_of_other_licence"
    CHARGE_NOT_DUE = "charge_not_due"
    CHARGE_SETTLED = "charge_settled"
    CHARGE_DISPUTED = "charge_disputed"  # named by another open dispute
    DESCRIPTION_REQUIRED = "description_required"


class DisputeRefused(ValueError):
    """A step the rules refuse, with its code."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal


_ORDER = {DisputeStage.NEGOTIATION: 0, DisputeStage.MEDIATION: 1, DisputeStage.COURT: 2}
# The outcome a stage must have reached to be recorded (None: any stage).
_OUTCOME_STAGE = {DisputeOutcome.MEDIATED: DisputeStage.MEDIATION, DisputeOutcome.JUDGED: DisputeStage.COURT}
NEEDS_REFERENCE = frozenset(_OUTCOME_STAGE)
ON_THE_MERITS = frozenset({DisputeOutcome.SETTLED, DisputeOutcome.MEDIATED, DisputeOutcome.JUDGED})


def next_stages(stage: DisputeStage) -> tuple[DisputeStage, ...]:
    """The stages an open dispute at `stage` may move to: mediation or court from negotiation, court from
    mediation, nothing from court."""
    return tuple(later for later in DisputeStage if _ORDER[later] > _ORDER[DisputeStage(stage)])


def escalate(status: DisputeStatus, stage: DisputeStage, to: DisputeStage) -> DisputeStage:
    """The dispute's stage after moving it to `to`; DisputeRefused when resolved or not forward."""
    if DisputeStatus(status) is not DisputeStatus.OPEN:
        raise DisputeRefused(Refusal.RESOLVED_ALREADY)
    if DisputeStage(to) not in next_stages(stage):
        raise DisputeRefused(Refusal.NOT_FORWARD)
    return DisputeStage(to)


def outcomes_at(stage: DisputeStage) -> tuple[DisputeOutcome, ...]:
    """The outcomes that may be recorded at `stage`."""
    return tuple(outcome for outcome in DisputeOutcome
                 if _OUTCOME_STAGE.get(outcome) in (None, DisputeStage(stage)))


@dataclass(frozen=True)
class Resolution:
    """An outcome as someone records it."""

    outcome: DisputeOutcome
    reference: str = ""
    waive: bool = False


def resolve(status: DisputeStatus, stage: DisputeStage, resolution: Resolution, party: Party,
            disputed_charges: int) -> DisputeOutcome:
    """Check an outcome against the dispute's status and stage, the one who records it and the number of
    disputed charges still open; returns the outcome, or raises DisputeRefused."""
    if DisputeStatus(status) is not DisputeStatus.OPEN:
        raise DisputeRefused(Refusal.RESOLVED_ALREADY)
    outcome = DisputeOutcome(resolution.outcome)
    if outcome not in outcomes_at(stage):
        raise DisputeRefused(Refusal.WRONG_STAGE)
    if outcome in NEEDS_REFERENCE and not resolution.reference.strip():
        raise DisputeRefused(Refusal.REFERENCE_REQUIRED)
    if resolution.waive:
        if Party(party) is not Party.UNIVERSITY:
            raise DisputeRefused(Refusal.WAIVER_BY_UNIVERSITY)
        if outcome not in ON_THE_MERITS:
            raise DisputeRefused(Refusal.WAIVER_NEEDS_MERITS)
        if disputed_charges == 0:
            raise DisputeRefused(Refusal.WAIVER_WITHOUT_CHARGE)
    return outcome


@dataclass(frozen=True)
class ChargeFacts:
    """What the rules need to know of a charge a dispute would name."""

    of_this_licence: bool
    posted: bool
    open_fen: int
    named_by_open_dispute: bool


def charge_refusal(charge: ChargeFacts) -> Refusal | None:
    """Why a charge cannot be named by a new dispute (None when it can): it must be a posted charge of the
    licence with something still open on it, not already named by another open dispute."""
    if not charge.of_this_licence:
        return Refusal.CHARGE_OF_OTHER_LICENCE
    if not charge.posted:
        return Refusal.CHARGE_NOT_DUE
    if charge.open_fen <= 0:
        return Refusal.CHARGE_SETTLED
    if charge.named_by_open_dispute:
        return Refusal.CHARGE_DISPUTED
    return None


def description_refusal(description: str) -> Refusal | None:
    """A dispute says what it is about: a description of 1 … DESCRIPTION_MAX characters once trimmed."""
    trimmed = description.strip()
    if not trimmed or len(trimmed) > DESCRIPTION_MAX:
        return Refusal.DESCRIPTION_REQUIRED
    return None
