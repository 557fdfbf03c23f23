"""Fixtures: one migrated database per run; every test inside a transaction rolled back after it.

The database is SQLite in a temporary file unless DATABASE_URL names another (CI runs the suite
again on PostgreSQL). Tests never hold an application context across requests: each request gets
its own, exactly as in production, and factories open a short one of their own.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from hypothesis import settings
from sqlalchemy import text

from config import TestingConfig
from marketplace import create_app
from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.accounts.passwords import hash_password
from marketplace.app_memory import forget_everything
from marketplace.demo.seed import demo_credit_code
from marketplace.extensions import db, limiter
from marketplace.organisations.models import Enterprise, SizeClass, University
from tests.helpers import PASSWORD, application_number, login

# Speed is measured by the benchmarks, never by a timed assertion: Hypothesis's per-example deadline is
# one, and it fails property tests whenever the machine is busy. Off for every property test.
settings.register_profile("marketplace", deadline=None)
settings.load_profile("marketplace")


def _test_database_url(tmp_path_factory) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


# Each test runs in one transaction with a savepoint per request, and PostgreSQL keeps every committed
# subtransaction's lock until that transaction ends: the longest sweeps hold about 11,000 at once.
PG_LOCKS_NEEDED = 256


def _reset_schema() -> None:
    """Start from an empty database (PostgreSQL keeps its data between runs), on a server whose lock table
    holds the suite's longest transactions."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            locks = int(conn.execute(text("SHOW max_locks_per_transaction")).scalar_one())
            if locks < PG_LOCKS_NEEDED:
                pytest.exit(f"PostgreSQL's max_locks_per_transaction is {locks}; the suite needs "
                            f"{PG_LOCKS_NEEDED}: ALTER SYSTEM SET max_locks_per_transaction = "
                            f"{PG_LOCKS_NEEDED}, then restart the server", returncode=3)
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session")
def app(tmp_path_factory) -> Iterator[Flask]:
    application = create_app(
        TestingConfig, SQLALCHEMY_DATABASE_URI=_test_database_url(tmp_path_factory)
    )
    with application.app_context():
        _reset_schema()
        upgrade()
        db.session.remove()
        db.session.configure(join_transaction_mode="create_savepoint")
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _isolated(request, app: Flask) -> Iterator[None]:
    """Bind the app to one connection whose outer transaction is rolled back after the test."""
    limiter.reset()
    with app.app_context():
        forget_everything()  # nothing a page kept in an earlier test
    if request.node.get_closest_marker("real_commits"):
        yield
        return
    with app.app_context():
        engines = db.engines
        engine = engines[None]
        connection = engine.connect()
        transaction = connection.begin()
        engines[None] = connection
    try:
        yield
    finally:
        with app.app_context():
            db.session.remove()
            transaction.rollback()
            connection.close()
            engines[None] = engine


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


# ---------------------------------------------------------------- factories


@pytest.fixture
def make_university(app: Flask) -> Callable[..., int]:
    counter = iter(range(1, 10_000))

    def make(name: str | None = None, **fields: Any) -> int:
        with app.app_context():
            university = University(name=name or f"测试大学{next(counter)}", **fields)
            db.session.add(university)
            db.session.commit()
            return university.id

    return make


@pytest.fixture
def make_enterprise(app: Flask) -> Callable[..., int]:
    counter = iter(range(1, 10_000))

    def make(name: str | None = None, **fields: Any) -> int:
        n = next(counter)
        with app.app_context():
            enterprise = Enterprise(
                name=name or f"测试企业{n}有限公司",
                credit_code=fields.pop("credit_code", None)
                or demo_credit_code("150100", f"TE{n:06d}"),
                region=fields.pop("region", "150100"),
                size_class=fields.pop("size_class", SizeClass.SMALL),
                **fields,
            )
            db.session.add(enterprise)
            db.session.commit()
            return enterprise.id

    return make


@pytest.fixture
def make_user(app: Flask, make_university, make_enterprise) -> Callable[..., str]:
    """Create a user of `role` (with an organisation when the role needs one); returns the e-mail."""
    counter = iter(range(1, 10_000))

    def make(
        role: Role = Role.ENTERPRISE_USER,
        status: AccountStatus = AccountStatus.ACTIVE,
        email: str | None = None,
        university_id: int | None = None,
        enterprise_id: int | None = None,
    ) -> str:
        email = email or f"{role.value}{next(counter)}@example.com"
        if role == Role.UNIVERSITY_STAFF and university_id is None:
            university_id = make_university()
        if role == Role.ENTERPRISE_USER and enterprise_id is None:
            enterprise_id = make_enterprise()
        with app.app_context():
            db.session.add(User(
                email=email, name="测试用户", role=role, status=status,
                password_hash=hash_password(PASSWORD),
                university_id=university_id, enterprise_id=enterprise_id,
            ))
            db.session.commit()
        return email

    return make


@pytest.fixture
def login_as(client: FlaskClient, make_user) -> Callable[..., str]:
    """Log the test client in as a new user of `role`; returns the e-mail."""

    def do(role: Role, **kwargs: Any) -> str:
        email = make_user(role, **kwargs)
        login(client, email)
        return email

    return do



PATENT_DEFAULTS = {
    "title": "一种稀土永磁材料的制备方法",
    "abstract": "本发明公开了一种高矫顽力钕铁硼稀土永磁材料的制备方法，适用于风力发电机。",
    "claims_summary": "",
    "ipc_codes": "C22C 38/00；H01F 1/057",
    "inventors": "王建国；李晓梅",
    "patentees": "内蒙古大学",
    "filing_date": "2021-03-15",
    "grant_date": "2023-06-20",
    "legal_status": "有效",
    "industry": "稀土及新材料",
    "trl": "6",
    "keywords": "稀土；永磁；钕铁硼",
}


@pytest.fixture
def make_patent(app: Flask, make_university) -> Callable[..., int]:
    """Create a patent through the catalogue service (so it is indexed); returns its id."""
    from datetime import date

    from marketplace.catalogue.services import create_patent
    from marketplace.core.patent_record import validate_record

    counter = iter(range(1, 100_000))

    def make(university_id: int | None = None, **fields: str) -> int:
        university_id = university_id or make_university()
        values = {**PATENT_DEFAULTS, "application_number": application_number(next(counter)), **fields}
        with app.app_context():
            record, problems = validate_record(values, date(2026, 11, 26))
            assert not problems, problems
            patent = create_patent(university_id, record)
            db.session.commit()
            return patent.id

    return make
