"""HTTP security headers on every response, through Flask-Talisman (set up once in `create_app`).

- Content-Security-Policy: scripts, styles, fonts and images from this site only; no inline script
  or style (the templates have none: tests/test_security_headers.py keeps it so), nothing framed,
  forms posted here only. Bootstrap is served from the app itself.
- Framing refused twice over: CSP `frame-ancestors 'none'` and `X-Frame-Options: DENY`.
- `X-Content-Type-Options: nosniff`, `Referrer-Policy: same-origin` (addresses such as a password
  reset link never leave the site in a Referer).
- HSTS only where the configuration asks for it (production), and then only on HTTPS requests.
- Uploaded attachments get their own policy (`ATTACHMENT_CSP`, through `sandboxed`): nothing may
  load, run or be framed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask
from flask_talisman import Talisman

SELF = "'self'"
NONE = "'none'"

PAGE_CSP = {
    "default-src": SELF,
    "script-src": SELF,
    "style-src": SELF,
    "img-src": [SELF, "data:"],  # Bootstrap draws some controls with data: SVG images
    "font-src": SELF,
    "connect-src": SELF,
    "object-src": NONE,
    "base-uri": SELF,
    "form-action": SELF,
    "frame-ancestors": NONE,
}

# An attachment, even an image opened directly, is a sandboxed document that can load nothing.
ATTACHMENT_CSP = {"default-src": NONE, "sandbox": "", "frame-ancestors": NONE}


def install_security_headers(app: Flask) -> None:
    """Give every response of `app` the headers above. Each application gets its own Talisman, whose
    settings follow that application's configuration (a shared one would carry the last settings)."""
    app.extensions["talisman"] = Talisman(app, **talisman_options(app.config))


def sandboxed(view: Callable) -> Callable:
    """Serve a view's responses under `ATTACHMENT_CSP` instead of the page policy (Talisman's per-view
    options, which its decorator records on the view function)."""
    return Talisman()(content_security_policy=ATTACHMENT_CSP)(view)


def talisman_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """Flask-Talisman's settings for this configuration.

    HTTPS redirection is left to the front server; Talisman must not change the cookie settings that
    config.py makes (it would otherwise force Secure cookies in development and tests).
    """
    return {
        "content_security_policy": PAGE_CSP,
        "frame_options": "DENY",
        "referrer_policy": "same-origin",
        "x_content_type_options": True,
        "force_https": False,
        "strict_transport_security": bool(config.get("HSTS")),
        "strict_transport_security_max_age": 365 * 24 * 3600,
        "strict_transport_security_include_subdomains": False,
        "session_cookie_secure": bool(config.get("SESSION_COOKIE_SECURE")),
        "session_cookie_http_only": bool(config.get("SESSION_COOKIE_HTTPONLY", True)),
        "session_cookie_samesite": config.get("SESSION_COOKIE_SAMESITE", "Lax"),
    }
