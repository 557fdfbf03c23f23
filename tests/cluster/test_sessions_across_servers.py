"""Behind a load balancer without sticky sessions, each request of one browser may reach another server:
a log-in made on one server holds on the other, a form fetched from one is accepted by the other (its CSRF
token), and a log-out on one ends the session on both. API rate limits are counted per token in Redis, so
they hold across both servers' four workers.

Marked real_commits: the servers are separate processes on their own SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import requests
from sqlalchemy import select

from config import TestingConfig
from marketplace import create_app
from marketplace.accounts.models import User
from marketplace.api.tokens import create_token
from marketplace.core.api_scopes import allowed_scopes
from marketplace.demo.seed import seed_demo
from marketplace.extensions import db
from tests.cluster.servers import csrf_in, two_servers
from tests.edge.world import DEMO_DAY, DEMO_PASSWORD

pytestmark = pytest.mark.real_commits
ENTERPRISE = "lvqing@demo.nmgpatent.cn"
CALLS_ALLOWED = 6


@pytest.fixture(scope="module")
def seeded(database) -> tuple[str, str]:
    """The servers' database with the demo world, and an API token of the demo enterprise user."""
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database)
    with app.app_context():
        seed_demo(DEMO_DAY)
        user = db.session.scalars(select(User).where(User.email == ENTERPRISE)).one()
        secret = create_token(user, "cluster", list(allowed_scopes(user.role.value)), 30,
                              datetime.now(UTC)).secret
        db.session.commit()
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()
    return database, secret


def test_a_session_made_on_one_server_holds_on_the_other(seeded, redis_url):
    database, _ = seeded
    with two_servers(database, redis_url) as (first, second), requests.Session() as browser:
        token = csrf_in(browser.get(f"{first}/login", timeout=30).text)
        answer = browser.post(f"{second}/login", timeout=30, allow_redirects=False,
                              data={"csrf_token": token, "email": ENTERPRISE, "password": DEMO_PASSWORD})
        assert answer.status_code == 302, answer.text[:500]
        for server in (first, second):
            page = browser.get(f"{server}/dashboard", timeout=30, allow_redirects=False)
            assert page.status_code == 200 and "鄂尔多斯" in page.text, server
        token = csrf_in(browser.get(f"{second}/dashboard", timeout=30).text)
        assert browser.post(f"{first}/logout", data={"csrf_token": token}, timeout=30,
                            allow_redirects=False).status_code == 302
        for server in (first, second):
            page = browser.get(f"{server}/dashboard", timeout=30, allow_redirects=False)
            assert page.status_code == 302 and "/login" in page.headers["Location"], server


def test_an_api_token_is_limited_across_both_servers(seeded, redis_url):
    database, secret = seeded
    with two_servers(database, redis_url, API_RATE_LIMIT=f"{CALLS_ALLOWED} per 5 minutes") as servers:
        statuses = [requests.get(f"{servers[call % 2]}/api/v1/me", timeout=30,
                                 headers={"Authorization": f"Bearer {secret}"}).status_code
                    for call in range(CALLS_ALLOWED + 4)]
    assert statuses[:CALLS_ALLOWED] == [200] * CALLS_ALLOWED, statuses
    assert statuses[CALLS_ALLOWED:] == [429] * 4, statuses
