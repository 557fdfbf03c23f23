"""The web benchmark's load: users that ask for one kind of page as fast as they are answered.

BENCH_WEB_PATHS names a file of paths, one per line (a page's variants: the query set's searches, a few
hundred patents); each request takes the next at random. With BENCH_WEB_RECORD set, every request's
time (ms), status and size are written there as JSON when Locust quits.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

from locust import FastHttpUser, constant, events, task

PATHS = [line for line in Path(os.environ.get("BENCH_WEB_PATHS", "/dev/null")).read_text().splitlines()
         if line]
RECORDED: list[tuple[float, float, int, int]] = []


@events.request.add_listener
def _record(response_time, response, exception, start_time=None, **_: Any) -> None:
    status = getattr(response, "status_code", 0) if exception is None else 0
    RECORDED.append((start_time or 0.0, response_time, status, len(getattr(response, "content", b"") or b"")))


@events.quitting.add_listener
def _write(environment, **_: Any) -> None:
    record = os.environ.get("BENCH_WEB_RECORD")
    if record:
        Path(record).write_text(json.dumps(RECORDED))


class PageReader(FastHttpUser):
    """Asks for pages back to back."""

    wait_time = constant(0)

    @task
    def read(self) -> None:
        self.client.get(random.choice(PATHS), name="page")  # noqa: S311 - load spread, not security
