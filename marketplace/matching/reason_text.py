"""A match's reasons in words, one line each, in the reader's language: the terms matched, industry and
IPC agreement, plan and price fit, the protection left."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import get_locale
from flask_babel import gettext as _

from marketplace.catalogue.labels import PLAN_KIND_LABELS
from marketplace.core.money import Money
from marketplace.declarations.describe import money_text
from marketplace.matching.reasons import MatchReasons

FEN_PER_WAN = Decimal(1_000_000)


@dataclass(frozen=True)
class ReasonLine:
    """One reason: its words, the terms shown as badges after them (for the terms line), and whether it
    speaks for the match ("good"), against it ("bad") or neither ("neutral")."""

    text: str
    terms: tuple[str, ...] = ()
    tone: str = "neutral"


def amount_text(fen: int) -> str:
    """A price as people here say it: ``¥12.00 万`` in Chinese, ``¥120,000.00`` otherwise."""
    locale = get_locale()
    if locale is not None and locale.language == "zh":
        wan = (Decimal(fen) / FEN_PER_WAN).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return f"¥{wan} 万"
    return money_text(Money.from_fen(fen))


def _plan_line(reasons: MatchReasons, offer_kind: str) -> ReasonLine | None:
    kind = str(PLAN_KIND_LABELS.get(offer_kind, "")) if offer_kind else ""
    if reasons.plan_fit == "fits":
        return ReasonLine(_("Licence kind fits: %(kind)s", kind=kind) if kind else _("Licence kind fits"),
                          tone="good")
    if reasons.plan_fit == "other_kind":
        return ReasonLine(_("Offered as %(kind)s, not a kind you asked for", kind=kind) if kind
                          else _("Offered on another licence kind than you asked for"), tone="bad")
    if reasons.plan_fit == "not_offered":
        return ReasonLine(_("Not offered for open licence yet: ask the university"), tone="bad")
    return None




def _price_line(reasons: MatchReasons) -> ReasonLine | None:
    if reasons.offer_total_fen is None:
        return None
    amount = amount_text(reasons.offer_total_fen)
    if reasons.price_fit == "within":
        return ReasonLine(_("Price: total %(amount)s, within the budget", amount=amount), tone="good")
    if reasons.price_fit == "below":
        return ReasonLine(_("Price: total %(amount)s, below the budget", amount=amount), tone="good")
    if reasons.price_fit == "above":
        return ReasonLine(_("Price: total %(amount)s, above the budget", amount=amount), tone="bad")
    return ReasonLine(_("Price: total %(amount)s", amount=amount))


def reason_lines(reasons: MatchReasons, offer_kind: str = "") -> list[ReasonLine]:
    """The reasons of a match in words; `offer_kind` is the patent's offered plan kind ("" if none)."""
    lines: list[ReasonLine] = []
    if reasons.terms:
        lines.append(ReasonLine(_("Matched terms:"), terms=tuple(reasons.terms), tone="good"))
    if reasons.industry_agrees:
        lines.append(ReasonLine(_("Same industry"), tone="good"))
    if reasons.ipc_classes:
        lines.append(ReasonLine(_("Same IPC class: %(classes)s", classes="、".join(reasons.ipc_classes)),
                                tone="good"))
    for line in (_plan_line(reasons, offer_kind), _price_line(reasons)):
        if line is not None:
            lines.append(line)
    if reasons.remaining_years is not None:
        lines.append(ReasonLine(_("Years of protection left: %(years)d", years=reasons.remaining_years)))
    if not reasons.legal_ok:
        lines.append(ReasonLine(_("Not in force"), tone="bad"))
    return lines
