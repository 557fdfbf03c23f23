"""Price guidance while an IP centre composes a plan: what comparable published offers ask.

Comparable offers are the published base terms (not event terms) of other patents of the same type,
in the same IPC subclass (the first code's, e.g. C22C) when at least `MIN_OFFERS` such offers exist,
else in the same industry. For them: the fixed fees of those that charge one, and the royalty rates of
those that take one, each as median and range with how many offers it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from marketplace.catalogue.models import Patent
from marketplace.core.declaration_rules import DeclarationStatus
from marketplace.core.price_guidance import Spread, ipc_subclass, spread
from marketplace.declarations.models import Declaration, PlanPhase
from marketplace.extensions import db

MIN_OFFERS = 3


@dataclass(frozen=True)
class Guidance:
    """What comparable offers ask: `basis` is "ipc" (`subclass` names it) or "industry"; `offers` how
    many offers were compared; fees in fen and rates in millionths, None when no offer has one."""

    basis: str
    subclass: str
    offers: int
    fees: Spread | None
    rates: Spread | None


def price_guidance(patent: Patent) -> Guidance | None:
    """Guidance for composing the patent's plan, or None when fewer than MIN_OFFERS comparable offers
    exist in its subclass and in its industry."""
    subclass = ipc_subclass(patent.ipc_list[0]) if patent.ipc_list else ""
    candidates = db.session.execute(
        select(Declaration.id, Declaration.fixed_total_fen, Patent.ipc_codes, Patent.industry)
        .join(Patent, Patent.id == Declaration.patent_id)
        .where(Declaration.status == DeclarationStatus.PUBLISHED, Declaration.event_zone_id.is_(None),
               Patent.patent_type == patent.patent_type, Patent.id != patent.id,
               Patent.archived.is_(False),
               (Patent.ipc_class == patent.ipc_class) | (Patent.industry == patent.industry))).all()
    in_subclass = [row for row in candidates if subclass and row.ipc_codes.upper().startswith(subclass)]
    if len(in_subclass) >= MIN_OFFERS:
        chosen, basis = in_subclass, "ipc"
    else:
        chosen, basis = [row for row in candidates if row.industry == patent.industry], "industry"
    if len(chosen) < MIN_OFFERS:
        return None
    first_rate: dict[int, int] = {}  # an offer's rate: that of its first royalty phase
    for declaration_id, rate in db.session.execute(
            select(PlanPhase.declaration_id, PlanPhase.royalty_rate_ppm)
            .where(PlanPhase.declaration_id.in_([row.id for row in chosen]),
                   PlanPhase.royalty_rate_ppm.is_not(None))
            .order_by(PlanPhase.declaration_id, PlanPhase.position)):
        first_rate.setdefault(declaration_id, rate)
    return Guidance(
        basis=basis, subclass=subclass if basis == "ipc" else "", offers=len(chosen),
        fees=spread([row.fixed_total_fen for row in chosen if row.fixed_total_fen > 0]),
        rates=spread(list(first_rate.values())),
    )
