"""The site icon at /favicon.ico, where browsers and crawlers ask for it whatever the page says."""

from __future__ import annotations

from flask import current_app, send_from_directory

from marketplace.main.views import bp


@bp.route("/favicon.ico")
def favicon():
    """The icon (the pages themselves point at static/favicon.svg and this file)."""
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon",
                               max_age=86400)
