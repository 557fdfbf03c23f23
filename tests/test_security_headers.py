"""Security headers on every response, pages without inline script or style, and uploaded
attachments that can neither be sniffed into HTML nor run anything.

The sweep takes its routes from the URL map, so a new route is covered without editing this file.
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import select

from config import ProductionConfig, TestingConfig
from marketplace import ROOT, create_app
from marketplace.accounts.models import Role
from marketplace.catalogue.models import PatentAttachment
from marketplace.extensions import db
from tests.helpers import login, post_large

ROLES = (None, Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF, Role.ORGANISER, Role.ADMIN)

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE = re.compile(r"<style\b|<[^>]*\sstyle\s*=", re.IGNORECASE)
SCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)
INLINE_CODE = (INLINE_SCRIPT, HANDLER, STYLE, SCRIPT_URL)


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


def assert_page_headers(response, where: str) -> None:
    headers = response.headers
    csp = _directives(headers.get("Content-Security-Policy", ""))
    assert csp.get("script-src") == ["'self'"], where
    assert csp.get("style-src") == ["'self'"], where
    assert csp.get("default-src") == ["'self'"], where
    assert csp.get("frame-ancestors") == ["'none'"], where
    assert csp.get("object-src") == ["'none'"], where
    assert headers.get("X-Frame-Options") == "DENY", where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("Referrer-Policy") == "same-origin", where
    assert "Strict-Transport-Security" not in headers, where


def _sample_url(rule, patent_id: int) -> str:
    values = {}
    for name, converter in rule._converters.items():
        kind = type(converter).__name__
        if name == "filename":
            values[name] = "css/site.css"
        elif name == "code":
            values[name] = "en"
        elif kind in ("IntegerConverter", "NumberConverter") or name.endswith("_id"):
            values[name] = patent_id if name == "patent_id" else 1
        else:
            values[name] = "x"
    url = rule.build(values, append_unknown=False)[1]
    return url


def _is_sandboxed(app, endpoint: str) -> bool:
    """Whether the view serves stored files under the sandboxing policy (`security_headers.sandboxed`)."""
    options = getattr(app.view_functions[endpoint], "talisman_view_options", {})
    return "sandbox" in str(options.get("content_security_policy", ""))


def test_the_stored_file_views_are_sandboxed(app):
    assert {endpoint for endpoint in app.view_functions if _is_sandboxed(app, endpoint)} >= {
        "catalogue.attachment", "zones.banner"}


def _get_rules(app):
    return sorted((rule for rule in app.url_map.iter_rules() if "GET" in rule.methods),
                  key=lambda rule: rule.rule)


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role.value if role else "anonymous")
def test_every_get_route_sends_the_security_headers(app, client, login_as, make_patent, role):
    if role is not None:
        login_as(role)
    patent_id = make_patent()
    rules = _get_rules(app)
    assert len(rules) >= 30
    seen: dict[int, int] = {}
    for rule in rules:
        url = _sample_url(rule, patent_id)
        response = client.get(url)
        where = f"{rule.endpoint} {url} -> {response.status_code}"
        assert response.status_code < 500, where
        if _is_sandboxed(app, rule.endpoint):
            _assert_sandboxed(response)
        else:
            assert_page_headers(response, where)
        seen[response.status_code] = seen.get(response.status_code, 0) + 1
        if response.mimetype == "text/html":
            body = response.get_data(as_text=True)
            for pattern in INLINE_CODE:
                assert not pattern.search(body), f"{where}: {pattern.pattern}"
        response.close()
    assert seen.get(200, 0) >= 5, seen


def test_error_pages_and_refused_posts_send_them_too(client):
    assert_page_headers(client.get("/no-such-page"), "404")
    assert_page_headers(client.post("/login", data={"email": "x"}), "400 without CSRF")
    assert_page_headers(client.delete("/login"), "405")


def test_no_template_holds_inline_script_or_style():
    templates = sorted(Path(ROOT / "templates").rglob("*.html"))
    assert templates
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for pattern in INLINE_CODE:
            assert not pattern.search(text), f"{path.relative_to(ROOT)}: {pattern.pattern}"


def test_hsts_in_production_on_https_only(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 64)
    production = create_app(ProductionConfig, SQLALCHEMY_DATABASE_URI="sqlite://",
                            PUBLIC_URL="https://patents.example.cn")
    secure = production.test_client().get("/static/css/site.css", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    plain = production.test_client().get("/static/css/site.css")
    assert_page_headers(plain, "production over http")
    assert production.config["SESSION_COOKIE_SECURE"] is True
    secure.close()
    plain.close()


def test_no_hsts_outside_production():
    testing = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI="sqlite://")
    response = testing.test_client().get("/static/css/site.css", base_url="https://localhost")
    assert_page_headers(response, "testing over https")
    assert testing.config["SESSION_COOKIE_SECURE"] is False
    response.close()


# ---------------------------------------------------------------- attachments

PNG_WITH_HTML = b"\x89PNG\r\n\x1a\n" + b"<html><body><script>alert(document.cookie)</script></body></html>"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def uploaded(app, client, make_user, make_university, make_patent, tmp_path):
    """Upload files as IP-centre staff, as a person would; returns {file name: download url}."""
    app.config["ATTACHMENT_DIR"] = str(tmp_path)
    university_id = make_university()
    staff = make_user(Role.UNIVERSITY_STAFF, university_id=university_id)
    patent_id = make_patent(university_id)

    def upload(files: dict[str, bytes]) -> dict[str, str]:
        login(client, staff)
        for name, data in files.items():
            response = post_large(client, f"/ip/patents/{patent_id}/attachments",
                                  {"file": (BytesIO(data), name)}, page=f"/ip/patents/{patent_id}/edit")
            assert response.status_code == 302, name
        with app.app_context():
            items = db.session.scalars(
                select(PatentAttachment).where(PatentAttachment.patent_id == patent_id))
            return {item.filename: f"/patents/{patent_id}/attachments/{item.id}" for item in items}

    return upload


def _assert_sandboxed(response) -> None:
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    csp = _directives(response.headers["Content-Security-Policy"])
    assert csp["default-src"] == ["'none'"] and "sandbox" in csp and csp["sandbox"] == []
    assert csp["frame-ancestors"] == ["'none'"]


def test_an_image_with_html_inside_cannot_run(app, uploaded):
    urls = uploaded({"figure.png": PNG_WITH_HTML})
    response = app.test_client().get(urls["figure.png"])
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"].startswith("inline; filename=figure.png")
    _assert_sandboxed(response)
    response.close()


def test_a_pdf_downloads(app, uploaded):
    urls = uploaded({"说明书.pdf": PDF})
    response = app.test_client().get(urls["说明书.pdf"])
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=UTF-8''" in disposition
    _assert_sandboxed(response)
    response.close()


def test_bytes_that_are_not_what_the_record_says_download_as_octet_stream(app, uploaded, tmp_path):
    urls = uploaded({"figure.png": PNG_WITH_HTML})
    with app.app_context():
        item = db.session.scalar(select(PatentAttachment).where(PatentAttachment.filename == "figure.png"))
        stored = tmp_path / item.sha256[:2] / item.sha256
    stored.write_bytes(b"<html><script>alert(1)</script></html>")  # changed behind the record's back
    response = app.test_client().get(urls["figure.png"])
    assert response.mimetype == "application/octet-stream"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    _assert_sandboxed(response)
    response.close()
