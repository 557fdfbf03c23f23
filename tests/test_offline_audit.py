"""The offline pip-audit (.ci/offline_audit.py): OSV range matching, the copy covering every installed
distribution, and a package it does not cover refused rather than passed."""

from __future__ import annotations

import importlib.util
import json
import threading
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("offline_audit", ROOT / ".ci" / "offline_audit.py")
offline_audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(offline_audit)


def _vuln(*events, versions=()):
    return {"id": "PYSEC-TEST", "affected": [{"package": {"name": "Some_Package", "ecosystem": "PyPI"},
                                              "ranges": [{"type": "ECOSYSTEM", "events": list(events)}],
                                              "versions": list(versions)}]}


@pytest.mark.parametrize(("version", "expected"), [("0.9", True), ("1.4.2", True), ("1.5", False),
                                                    ("2.0", False), ("2.1", True), ("2.3", True),
                                                    ("2.3.1", False)])
def test_ranges_follow_the_osv_events(version, expected):
    vuln = _vuln({"introduced": "0"}, {"fixed": "1.5"}, {"introduced": "2.1"}, {"last_affected": "2.3"})
    assert offline_audit.affects(vuln, "some-package", version) is expected


def test_an_explicit_version_list_and_other_packages():
    vuln = _vuln(versions=["3.0rc1"])
    assert offline_audit.affects(vuln, "some-package", "3.0rc1")
    assert not offline_audit.affects(vuln, "other-package", "3.0rc1")


def test_the_copy_covers_every_installed_distribution():
    data = json.loads(offline_audit.DATA.read_text())
    missing = sorted(set(offline_audit.installed()) - set(data["packages"]))
    assert missing == [], f"run `.venv/bin/python .ci/offline_audit.py build <advisory-database>`: {missing}"


def _query(url, name, version):
    body = json.dumps({"package": {"name": name, "ecosystem": "PyPI"}, "version": version}).encode()
    with urllib.request.urlopen(urllib.request.Request(url, body, method="POST"), timeout=10) as answer:  # noqa: S310
        return json.loads(answer.read())


def test_the_query_api_answers_matches_and_refuses_an_uncovered_package():
    data = {"packages": ["some-package"], "vulns": {"some-package": [_vuln({"introduced": "0"},
                                                                             {"fixed": "1.5"})]}}
    server = ThreadingHTTPServer(("127.0.0.1", 0), offline_audit._handler(data))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/v1/query"
    try:
        assert [v["id"] for v in _query(url, "Some.Package", "1.0")["vulns"]] == ["PYSEC-TEST"]
        assert _query(url, "some-package", "1.5") == {}
        with pytest.raises(urllib.error.HTTPError) as refused:
            _query(url, "unknown-package", "1.0")
        assert refused.value.code == 500
        refused.value.close()
    finally:
        server.shutdown()
        server.server_close()
