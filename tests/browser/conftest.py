"""Browser journeys: the app served on a free local port, driven by Debian's Chromium via Playwright.

Outside CI a machine without Chromium skips these; under CI=true a missing browser is an error.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import update
from werkzeug.serving import WSGIRequestHandler, make_server

from config import TestingConfig
from marketplace import ROOT, create_app
from marketplace.catalogue.models import Patent
from marketplace.demo.seed import seed_demo
from marketplace.extensions import db

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.real_commits)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The application behind the live server (tests may read its database)."""
    database = tmp_path_factory.mktemp("browser") / "journeys.db"
    return create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
                      FROZEN_TODAY="2026-11-26")


class _ForgivingReader:
    """The request stream, reading nothing once the browser has reset the connection."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def read(self, *args):
        try:
            return self._stream.read(*args)
        except ConnectionError:
            return b""

    def __getattr__(self, name):
        return getattr(self._stream, name)


class _RequestHandler(WSGIRequestHandler):
    """Werkzeug's handler, except that a browser resetting the connection while the server drains the
    request stream after a response no longer skips the response's close — and with it the callbacks
    registered by `response.call_on_close`, such as the password-reset e-mail (gunicorn always closes)."""

    def setup(self) -> None:
        super().setup()
        self.rfile = _ForgivingReader(self.rfile)


@pytest.fixture(scope="session")
def live_server(live_app) -> Iterator[str]:
    app = live_app
    with app.app_context():
        upgrade()
        seed_demo(date(2026, 11, 26))
        # Journeys move time by up to a year (`flask ledger run-due --today …`): the demo's annual fees
        # count as paid, so no patent another journey offers lapses meanwhile.
        db.session.execute(update(Patent).values(fees_tracked_from=date(2100, 1, 1)))
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_RequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def playwright():
    """Playwright itself: its browsers, and `playwright.request` for calls outside any browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright):
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield instance
    instance.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
