"""The site icon at /favicon.ico, where browsers and crawlers ask for it whatever the page says."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask import Response, current_app

from marketplace.main.views import bp

ICON_MAX_AGE = 86400  # a day


@cache
def _icon(static_folder: str) -> bytes:
    return (Path(static_folder) / "favicon.ico").read_bytes()


@bp.route("/favicon.ico")
def favicon():
    """The icon (the pages themselves point at this file and at static/favicon.svg), kept in memory."""
    response = Response(_icon(current_app.static_folder), mimetype="image/vnd.microsoft.icon")
    response.cache_control.public = True
    response.cache_control.max_age = ICON_MAX_AGE
    return response
