"""An organiser's dashboard: its zones' results side by side, one row per zone (an administrator: every
zone), with the figures of `marketplace.zones.results` (registrations, check-ins, meetings, licences,
trials, fees, 备案) read in one grouped statement for all the zones at once — the same definitions as
each zone's results page, so a figure here equals that zone's total there and links to the same rows."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select

from marketplace.accounts.models import Role, User
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.zones.models import Zone
from marketplace.zones.results import MONEY_FIGURES, FigureKey, figures_by_zone


@dataclass(frozen=True)
class ZoneRow:
    """One zone and its figures."""

    zone: Zone
    counts: dict[FigureKey, int]
    money: dict[FigureKey, Money]

    def value(self, key: FigureKey) -> int | Money:
        """The figure's value: a count, or Money for a money figure."""
        return self.money[key] if key in MONEY_FIGURES else self.counts[key]


def zones_statement(user: User) -> Select:
    """The zones the dashboard compares: the organiser's own (an administrator: all), newest first."""
    stmt = select(Zone).order_by(Zone.opens_on.desc(), Zone.id.desc())
    if user.role != Role.ADMIN:
        stmt = stmt.where(Zone.organiser_id == user.id)
    return stmt


def zone_rows(zones: list[Zone]) -> list[ZoneRow]:
    """The figures of each zone of the list, in its order (one statement for them all)."""
    if not zones:
        return []
    figures = figures_by_zone(select(Zone.id).where(Zone.id.in_([zone.id for zone in zones])))
    return [_row(zone, figures.get(zone.id, {})) for zone in zones]


def all_zone_rows(user: User) -> list[ZoneRow]:
    """Every zone of the user's comparison with its figures (for the downloads): two statements."""
    zones = list(db.session.scalars(zones_statement(user)))
    ids = zones_statement(user).with_only_columns(Zone.id).order_by(None)
    figures = figures_by_zone(ids) if zones else {}
    return [_row(zone, figures.get(zone.id, {})) for zone in zones]


def _row(zone: Zone, values: dict[FigureKey, int]) -> ZoneRow:
    return ZoneRow(zone, {key: values.get(key, 0) for key in FigureKey if key not in MONEY_FIGURES},
                   {key: Money.from_fen(values.get(key, 0)) for key in MONEY_FIGURES})
