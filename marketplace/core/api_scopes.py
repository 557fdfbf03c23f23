"""API token scopes: what a token may do, never more than its user's role allows.

`read` reads what the user could read on the site; each `…:write` scope covers one family of changes.
"""

from __future__ import annotations

from collections.abc import Iterable

READ = "read"
LICENCES_WRITE = "licences:write"
PAYMENTS_WRITE = "payments:write"
ZONES_WRITE = "zones:write"
PATENTS_WRITE = "patents:write"
DECLARATIONS_WRITE = "declarations:write"

ALL_SCOPES = (READ, LICENCES_WRITE, PAYMENTS_WRITE, ZONES_WRITE, PATENTS_WRITE, DECLARATIONS_WRITE)

# role value → the scopes a token of a user with that role may carry
ROLE_SCOPES: dict[str, tuple[str, ...]] = {
    "enterprise_user": (READ, LICENCES_WRITE, PAYMENTS_WRITE, ZONES_WRITE),
    "university_staff": (READ, PATENTS_WRITE, DECLARATIONS_WRITE, PAYMENTS_WRITE),
    "organiser": (READ, ZONES_WRITE),
    "admin": (READ,),
}


class ScopeTooWide(ValueError):
    """Scopes asked for a token that the role does not allow."""

    def __init__(self, scopes: Iterable[str]) -> None:
        self.scopes = tuple(scopes)
        super().__init__(", ".join(self.scopes))


def allowed_scopes(role: str) -> tuple[str, ...]:
    """The scopes a user of `role` may give a token."""
    return ROLE_SCOPES.get(role, ())


def checked_scopes(role: str, asked: Iterable[str]) -> tuple[str, ...]:
    """The asked scopes in canonical order; raises ScopeTooWide for any the role does not allow
    (unknown names included). `read` is always part of a token."""
    allowed = allowed_scopes(role)
    asked_set = set(asked) | {READ}
    refused = sorted(asked_set - set(allowed))
    if refused:
        raise ScopeTooWide(refused)
    return tuple(scope for scope in ALL_SCOPES if scope in asked_set)


def encode(scopes: Iterable[str]) -> str:
    """Scopes as stored: space-separated, as in OAuth."""
    return " ".join(scopes)


def decode(text: str) -> frozenset[str]:
    """Stored scopes back to a set."""
    return frozenset(text.split())
