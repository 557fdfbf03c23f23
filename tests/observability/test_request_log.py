"""Every request gets an id (the caller's when sensible), sent back and logged as one JSON line."""

from __future__ import annotations

import json
import logging

from marketplace.accounts.models import Role
from tests.helpers import login


def _lines(caplog) -> list[dict]:
    return [json.loads(record.getMessage()) for record in caplog.records
            if record.name == "marketplace.requests"]


def test_a_request_is_logged_once_with_its_id(client, caplog):
    caplog.set_level(logging.INFO, logger="marketplace.requests")
    response = client.get("/healthz?secret=do-not-log")
    (line,) = _lines(caplog)
    assert response.headers["X-Request-ID"] == line["request_id"] and len(line["request_id"]) == 32
    assert (line["method"], line["path"], line["endpoint"], line["status"]) == ("GET", "/healthz",
                                                                                "health.healthz", 200)
    assert line["duration_ms"] >= 0 and line["user_id"] is None
    assert "do-not-log" not in caplog.text


def test_the_callers_id_is_kept_when_sensible(client, caplog):
    caplog.set_level(logging.INFO, logger="marketplace.requests")
    kept = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a9c21-0001"})
    assert kept.headers["X-Request-ID"] == "lb-7f3a9c21-0001"
    replaced = client.get("/healthz", headers={"X-Request-ID": "bad id; drop table"})
    assert replaced.headers["X-Request-ID"] != "bad id; drop table"
    assert [line["request_id"] for line in _lines(caplog)] == ["lb-7f3a9c21-0001",
                                                               replaced.headers["X-Request-ID"]]


def test_the_user_and_errors_are_logged(client, make_user, caplog):
    login(client, make_user(Role.ENTERPRISE_USER))
    caplog.set_level(logging.INFO, logger="marketplace.requests")
    client.get("/licences/999999")
    (line,) = _lines(caplog)
    assert line["status"] == 404 and isinstance(line["user_id"], int)
