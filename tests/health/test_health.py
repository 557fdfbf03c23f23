"""/healthz and /readyz: up, ready, and a clean 503 naming the dependency that does not answer."""

from __future__ import annotations

from sqlalchemy.exc import OperationalError

from marketplace.extensions import limiter
from marketplace.health import checks


def test_the_process_is_up_without_asking_anything(client, monkeypatch):
    monkeypatch.setattr(checks, "database", lambda: checks.DOWN)
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store" and "Set-Cookie" not in response.headers


def test_ready_when_the_database_and_the_counters_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready", "checks": {"database": "ok", "counters": "ok"}}


def test_a_database_that_does_not_answer_is_a_clean_503(app, client, monkeypatch):
    from marketplace.extensions import db

    def refuse(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable",
                                   "checks": {"database": "unavailable", "counters": "ok"}}
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and "refused" not in text


def test_counters_that_do_not_answer_are_a_clean_503(app, client, monkeypatch):
    def broken():
        raise ConnectionError("redis down")

    with app.app_context():
        monkeypatch.setattr(limiter.storage, "check", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"] == {"database": "ok", "counters": "unavailable"}
    with app.app_context():
        monkeypatch.setattr(limiter.storage, "check", lambda: False)
    assert client.get("/readyz").get_json()["checks"]["counters"] == "unavailable"
