"""Partners and a receiving HTTP server on loopback, for the webhook tests."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from marketplace.core.webhook_rules import EVENT_TYPES
from marketplace.core.webhook_signature import verify
from marketplace.extensions import db
from marketplace.webhooks.models import WebhookPartner

NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


def partner(events=EVENT_TYPES, url: str = "http://127.0.0.1:9/hook", active: bool = True,
            name: str = "合作平台", secret: str = "s3cret-for-tests") -> WebhookPartner:  # noqa: S107
    """A partner subscribed to `events` (flushed, in the current application context)."""
    row = WebhookPartner(name=name, url=url, secret=secret, events=",".join(events), active=active,
                         created_at=NOW)
    db.session.add(row)
    db.session.flush()
    return row


@dataclass
class Receiver:
    """What a loopback receiver saw: every request, and the signed ones it accepted, by webhook id."""

    secret: str
    fail_first: int = 0  # answer 503 to this many requests before accepting
    clock: list = field(default_factory=lambda: [NOW])  # the receiver's "now", moved by the test
    requests: list[dict] = field(default_factory=list)
    accepted: list[dict] = field(default_factory=list)
    bad_signatures: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""


@contextmanager
def receiver(secret: str, fail_first: int = 0) -> Iterator[Receiver]:
    """An HTTP server on 127.0.0.1 (a free port) that verifies every signature against `secret` at the
    receiver's clock (`state.clock[0]`) and answers 401 to a bad one, 503 to the first `fail_first`
    requests, and 204 otherwise."""
    state = Receiver(secret=secret, fail_first=fail_first)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            seen = {"id": self.headers.get("Webhook-Id"), "timestamp": self.headers.get("Webhook-Timestamp"),
                    "signature": self.headers.get("Webhook-Signature"),
                    "content_type": self.headers.get("Content-Type"), "body": body}
            good = verify(state.secret, seen["timestamp"] or "", body, seen["signature"] or "",
                          now=state.clock[0].timestamp())
            with state.lock:
                state.requests.append(seen)
                if not good:
                    state.bad_signatures += 1
                    status = 401
                elif len(state.requests) <= state.fail_first:
                    status = 503
                else:
                    state.accepted.append({**seen, "json": json.loads(body)})
                    status = 204
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
        time.sleep(0)
