"""Fixtures of the match page tests: the match world of `match_world`, committed, with users who log in."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from marketplace.accounts.models import Role
from marketplace.extensions import db
from tests.helpers import csrf_token, login
from tests.matching import match_world
from tests.matching.match_world import World


@dataclass(frozen=True)
class Scene:
    """The world and the e-mails of its people: the need's enterprise, another enterprise, the IP centres of
    both universities."""

    world: World
    buyer: str
    stranger: str
    staff0: str
    staff1: str


@pytest.fixture
def scene(app, make_user) -> Scene:
    with app.app_context():
        world = match_world.build()
        db.session.commit()
    return Scene(world, make_user(Role.ENTERPRISE_USER, enterprise_id=world.enterprise_id),
                 make_user(Role.ENTERPRISE_USER),
                 make_user(Role.UNIVERSITY_STAFF, university_id=world.u0),
                 make_user(Role.UNIVERSITY_STAFF, university_id=world.u1))


def words(response) -> str:
    """The page's text without tags or white space, to read sentences split over elements."""
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", response.get_data(as_text=True)))


def switch(client, email: str) -> None:
    """Log out whoever is logged in and log in as `email`."""
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    login(client, email)
