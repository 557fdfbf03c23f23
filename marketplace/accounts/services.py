"""Account services: registration, applications, authentication, passwords, administration.

Services flush and never commit: the request commits once (see `marketplace.requests`).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import AccountStatus, Role, User, new_session_token
from marketplace.accounts.passwords import burn_time, hash_password, needs_rehash, verify_password
from marketplace.core.text import normalise_email
from marketplace.extensions import db
from marketplace.organisations.models import Enterprise, University
from marketplace.organisations.services import EnterpriseDetails, create_enterprise
from marketplace.service_errors import ServiceError

EMAIL_TAKEN = _l("An account with this e-mail address already exists.")


def find_user_by_email(email: str) -> User | None:
    """The user with this e-mail address (case-insensitive), if any."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def _ensure_email_free(email: str) -> None:
    if find_user_by_email(email) is not None:
        raise ServiceError(EMAIL_TAKEN, field="email")


@dataclass(frozen=True)
class PersonDetails:
    """Who is registering."""

    email: str
    name: str
    password: str


def _add_user(person: PersonDetails, role: Role, status: AccountStatus, **organisation) -> User:
    """Create the user and flush inside a savepoint, turning a lost uniqueness race into a field error."""
    _ensure_email_free(person.email)
    user = User(
        email=normalise_email(person.email),
        name=person.name.strip(),
        password_hash=hash_password(person.password),
        role=role,
        status=status,
        **organisation,
    )
    try:
        with db.session.begin_nested():
            db.session.add(user)
            db.session.flush()
    except IntegrityError:
        raise ServiceError(EMAIL_TAKEN, field="email") from None
    return user


def register_enterprise(person: PersonDetails, enterprise: EnterpriseDetails) -> User:
    """Self-registration: create the enterprise and its first user, active at once."""
    _ensure_email_free(person.email)
    company = create_enterprise(enterprise)
    return _add_user(person, Role.ENTERPRISE_USER, AccountStatus.ACTIVE, enterprise=company)


def apply_for_account(
    person: PersonDetails, role: Role, university_id: int | None, note: str
) -> User:
    """University staff and organisers apply; the account waits for an administrator's approval."""
    if role not in (Role.UNIVERSITY_STAFF, Role.ORGANISER):
        raise ServiceError(_l("Only university staff and organisers apply here."), field="role")
    university = _university_for(role, university_id)
    return _add_user(person, role, AccountStatus.PENDING, university=university, note=note.strip())


def create_account(person: PersonDetails, role: Role, university_id: int | None) -> User:
    """An administrator creates a staff, organiser or administrator account, active at once."""
    if role == Role.ENTERPRISE_USER:
        raise ServiceError(_l("Enterprise accounts are created by registering."), field="role")
    university = _university_for(role, university_id)
    return _add_user(person, role, AccountStatus.ACTIVE, university=university)


def _university_for(role: Role, university_id: int | None) -> University | None:
    if role != Role.UNIVERSITY_STAFF:
        return None
    university = db.session.get(University, university_id) if university_id else None
    if university is None:
        raise ServiceError(_l("Choose the university you work for."), field="university_id")
    return university


class LoginRefusal(StrEnum):
    """Why a log-in was refused."""

    BAD_CREDENTIALS = "bad_credentials"
    PENDING = "pending"
    DISABLED = "disabled"


LOGIN_MESSAGES = {
    LoginRefusal.BAD_CREDENTIALS: _l("Wrong e-mail address or password."),
    LoginRefusal.PENDING: _l("Your account is waiting for an administrator's approval."),
    LoginRefusal.DISABLED: _l("This account has been disabled. Contact the administrator."),
}


class LoginRefused(ServiceError):
    """Authentication failed; `reason` says why."""

    def __init__(self, reason: LoginRefusal) -> None:
        super().__init__(LOGIN_MESSAGES[reason])
        self.reason = reason


def authenticate(email: str, password: str, now: datetime) -> User:
    """The user whose credentials these are, or LoginRefused. Upgrades an outdated hash."""
    user = find_user_by_email(email)
    if user is None:
        burn_time(password)
        raise LoginRefused(LoginRefusal.BAD_CREDENTIALS)
    if not verify_password(user.password_hash, password):
        raise LoginRefused(LoginRefusal.BAD_CREDENTIALS)
    if user.status == AccountStatus.PENDING:
        raise LoginRefused(LoginRefusal.PENDING)
    if user.status == AccountStatus.DISABLED:
        raise LoginRefused(LoginRefusal.DISABLED)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now
    db.session.flush()
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Replace the password after checking the current one."""
    if not verify_password(user.password_hash, current):
        raise ServiceError(_l("The current password is wrong."), field="current_password")
    if current == new:
        raise ServiceError(_l("Choose a password different from the current one."),
                           field="new_password")
    user.password_hash = hash_password(new)
    end_all_sessions(user)


def set_status(user: User, status: AccountStatus, acting: User) -> None:
    """Approve, enable or disable an account, ending its sessions on any change (so an account
    enabled again does not revive the cookies it had). Administrators cannot disable themselves."""
    if user.id == acting.id and status != AccountStatus.ACTIVE:
        raise ServiceError(_l("You cannot disable your own account."))
    if user.status != status:
        user.status = status
        end_all_sessions(user)


def end_all_sessions(user: User) -> None:
    """End every session and remember-me cookie of the user, on every device: the session token they
    carry is replaced (log-out, password change or reset, disabling)."""
    user.session_token = new_session_token()
    db.session.flush()


_MAX_USER_ID = 2**31 - 1  # the id column is a 32-bit integer


def user_for_session_id(session_id: str) -> User | None:
    """The active user whose session identity (`User.get_id()`: id and session token) this is; None for
    an ended session, a disabled or pending account, or anything malformed."""
    user_id, _, token = (session_id or "").partition(":")
    if not (token.isascii() and token and user_id.isascii() and user_id.isdigit()
            and int(user_id) <= _MAX_USER_ID):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or not user.session_token:
        return None
    return user if hmac.compare_digest(user.session_token.encode(), token.encode()) else None


def users_page_query(status: AccountStatus | None = None, role: Role | None = None, search: str = ""):
    """The select() behind the administrators' user list, newest first: `search` finds a part of the name,
    of the e-mail address (spelled as log-in spells it: full-width and capitals folded) or of the name of
    the user's university or enterprise."""
    stmt = select(User).order_by(User.created_at.desc(), User.id.desc())
    if status is not None:
        stmt = stmt.where(User.status == status)
    if role is not None:
        stmt = stmt.where(User.role == role)
    term = search.strip()
    if term:
        email = normalise_email(term)
        stmt = (stmt.outerjoin(University, University.id == User.university_id)
                .outerjoin(Enterprise, Enterprise.id == User.enterprise_id)
                .where(User.name.contains(term, autoescape=True)
                       | User.email.contains(email, autoescape=True)
                       | University.name.contains(term, autoescape=True)
                       | Enterprise.name.contains(term, autoescape=True)))
    return stmt


def count_pending() -> int:
    """How many applications wait for approval."""
    return db.session.scalar(
        select(func.count()).select_from(User).where(User.status == AccountStatus.PENDING)
    ) or 0

