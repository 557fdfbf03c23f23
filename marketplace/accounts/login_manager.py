"""Flask-Login's manager with its "strong" session protection applied to logged-in sessions only.

Strong protection binds a session to the browser that logged in (a hash of its address and user agent,
kept in the session as `_id`) and ends the session when another browser presents it. Flask-Login 0.6
also "protects" sessions that hold no user (flask-login issue 569): an anonymous browser whose session
holds a CSRF token or a language has no `_id`, so every request of it counts as a mismatch, rewrites its
session cookie and deletes its remember-me cookie. Those writes race with the log-in: the answer to a
request sent just before it (the icon, a stylesheet) can arrive after the log-in's answer and put the
anonymous cookie back, logging the user out again. A session restored from a remember-me cookie had no
`_id` either, and was ended on its second request; this manager binds it to the browser that presented
the cookie, as Flask-Login's documentation describes.
"""

from __future__ import annotations

from flask import session
from flask_login import LoginManager


class BrowserBoundLoginManager(LoginManager):
    """A LoginManager whose session protection leaves anonymous sessions alone and binds a session
    restored from a remember-me cookie to the browser that presented it."""

    def _session_protection_failed(self) -> bool:
        if "_user_id" not in session:
            return False  # nobody is logged in: there is nothing to protect, and nothing is written
        return super()._session_protection_failed()

    def _load_user_from_remember_cookie(self, cookie):
        user = super()._load_user_from_remember_cookie(cookie)
        if user is not None:
            session["_id"] = self._session_identifier_generator()
        return user
