"""Zones: creating and editing them, their banner, and moving them through their lifecycle.

Only the organiser who owns a zone, or an administrator, changes it (`zone_for_change` refuses anyone
else). Every change first takes the zone row for change (SELECT … FOR UPDATE, reloaded), so two requests
at once are serialised and the second meets the first one's status in the state machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.attachments import check_image, store_bytes
from marketplace.core.zone_state import (
    VISIBLE,
    IllegalZoneAction,
    WindowProblem,
    ZoneAction,
    ZoneStatus,
    next_status,
    window_problem,
)
from marketplace.database import begin_writing
from marketplace.extensions import db
from marketplace.service_errors import ServiceError
from marketplace.zones.models import Zone, ZoneMode, ZonePatent

WINDOW_MESSAGES = {
    WindowProblem.CLOSES_BEFORE_OPENING: _l("The zone cannot close before it opens."),
}
ACTION_REFUSED = {
    ZoneAction.EDIT: _l("A closed zone cannot be changed: its results are final."),
    ZoneAction.PUBLISH: _l("Only a draft zone can be published."),
    ZoneAction.START: _l("Only a published zone can start."),
    ZoneAction.CLOSE: _l("This zone is already closed or has not been published."),
}


@dataclass(frozen=True)
class ZoneDetails:
    """What an organiser fills in for a zone."""

    title: str
    theme: str
    description: str
    industries: str
    ipc_classes: str
    keywords: str
    opens_on: date
    closes_on: date
    mode: ZoneMode
    place: str


def may_manage(zone: Zone, user: User) -> bool:
    """Whether `user` may change `zone`: its organiser, or an administrator."""
    return user.role == Role.ADMIN or (user.role == Role.ORGANISER and zone.organiser_id == user.id)


def zone_for_organiser(zone_id: int, user: User) -> Zone:
    """The zone for its organiser or an administrator to look at; 404 for another organiser's."""
    zone = db.session.get(Zone, zone_id)
    if zone is None or not may_manage(zone, user):
        abort(404)
    return zone


def zone_for_change(zone_id: int, user: User) -> Zone:
    """The zone, locked for the rest of the transaction and reloaded; 404 unless `user` may change it."""
    begin_writing(db.session)
    zone = db.session.scalars(select(Zone).where(Zone.id == zone_id).with_for_update()
                              .execution_options(populate_existing=True)).one_or_none()
    if zone is None or not may_manage(zone, user):
        abort(404)
    return zone


def _check(details: ZoneDetails) -> None:
    problem = window_problem(details.opens_on, details.closes_on)
    if problem is not None:
        raise ServiceError(WINDOW_MESSAGES[problem], field="closes_on")
    if details.mode == ZoneMode.ONSITE and not details.place.strip():
        raise ServiceError(_l("An on-site zone needs its place."), field="place")


def _apply(zone: Zone, details: ZoneDetails) -> None:
    for name, value in details.__dict__.items():
        setattr(zone, name, value.strip() if isinstance(value, str) else value)


def create_zone(organiser: User, details: ZoneDetails) -> Zone:
    """A new draft zone owned by `organiser`."""
    _check(details)
    zone = Zone(organiser_id=organiser.id, status=ZoneStatus.DRAFT)
    _apply(zone, details)
    db.session.add(zone)
    db.session.flush()
    return zone


def require_action(zone: Zone, action: ZoneAction) -> ZoneStatus:
    """The status `action` leads to from the zone's status; a ServiceError saying why when the lifecycle
    refuses it (a closed zone accepts no change)."""
    try:
        return next_status(zone.status, action)
    except IllegalZoneAction:
        raise ServiceError(ACTION_REFUSED[action]) from None


def update_zone(zone: Zone, details: ZoneDetails) -> Zone:
    """Change a zone taken for change; a closed zone is refused."""
    require_action(zone, ZoneAction.EDIT)
    _check(details)
    _apply(zone, details)
    db.session.flush()
    return zone


def set_banner(zone: Zone, data: bytes) -> Zone:
    """Store a PNG or JPEG banner (checked by content like patent attachments) on a zone taken for
    change; a closed zone is refused."""
    require_action(zone, ZoneAction.EDIT)
    kind = check_image(data)
    zone.banner_name = store_bytes(data)
    zone.banner_type = kind
    db.session.flush()
    return zone


def curated_count(zone_id: int) -> int:
    """How many patents are curated into the zone."""
    return db.session.scalar(select(func.count()).select_from(ZonePatent)
                             .where(ZonePatent.zone_id == zone_id)) or 0


def change_status(zone: Zone, action: ZoneAction, today: date) -> Zone:
    """Publish, start or close a zone taken for change.

    Publishing needs at least one curated patent: a published zone is open for registration, and an
    enterprise registering for a zone that offers nothing to discuss has been misled. Starting needs the
    window to have opened.
    """
    status = require_action(zone, action)
    if action == ZoneAction.PUBLISH and curated_count(zone.id) == 0:
        raise ServiceError(_l("Curate at least one patent before publishing the zone."))
    if action == ZoneAction.START and today < zone.opens_on:
        raise ServiceError(_l("The zone's window has not opened yet."))
    zone.status = status
    if action == ZoneAction.PUBLISH:
        zone.published_on = today
    if action == ZoneAction.CLOSE:
        zone.closed_on = today
    db.session.flush()
    return zone


def visible_to(zone: Zone, user) -> bool:
    """Whether `user` (possibly anonymous) may see the zone's public page: drafts only their owner and
    administrators."""
    if zone.status in VISIBLE:
        return True
    return bool(getattr(user, "is_authenticated", False)) and may_manage(zone, user)


def visible_zones_query():
    """Published, running and closed zones, the soonest open first among the live ones."""
    return (select(Zone).where(Zone.status.in_(list(VISIBLE)))
            .order_by(Zone.status == ZoneStatus.CLOSED, Zone.opens_on.desc(), Zone.id.desc()))


def organiser_zones_query(user: User):
    """The zones an organiser owns (every zone for an administrator), newest first."""
    stmt = select(Zone).order_by(Zone.id.desc())
    if user.role != Role.ADMIN:
        stmt = stmt.where(Zone.organiser_id == user.id)
    return stmt
