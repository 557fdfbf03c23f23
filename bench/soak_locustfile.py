"""The soak's Locust users (run by `bench.soak`; the world comes from SOAK_WORLD, a JSON file).

Enterprise users browse the pages, search, open patents, get quotes, read their licences through the API,
take licences, notify bank transfers and file royalty reports; IP-centre users confirm the soak's pending
transfers. Every request goes to one of the instances at random. Creating and money-moving POSTs carry an
Idempotency-Key and are retried with the same key after a connection error, a 5xx or a 429, so an answer
lost to a fault is neither lost nor counted twice; the users tally what the server said was done.

At the end every request's start time, name, status (0: no answer), duration and whether its body held a
stack trace are written to SOAK_RECORD with the tallies.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
import uuid
from pathlib import Path
from typing import Any

from locust import HttpUser, constant_throughput, events, task

WORLD = json.loads(Path(os.environ["SOAK_WORLD"]).read_text())
INSTANCES: list[str] = WORLD["instances"]
PACE = float(os.environ.get("SOAK_PACE", "1"))  # steps per second per user
RETRY_FOR_SECONDS = 120
WORDS = ["稀土", "滴灌", "乳", "氢", "煤", "风电", "马铃薯", "玉米", "材料", "装置"]
TRACE_MARKS = ("Traceback (most recent call last)", 'File "/')

REQUESTS: list[list[Any]] = []
TALLY = {"licences": 0, "transfer_notices": 0, "confirmations": 0, "royalty_reports": 0,
         "refused": 0, "unknown_outcome": 0}
TRACES: list[str] = []
_enterprise_seats = itertools.count(int(os.environ.get("SOAK_SEAT_OFFSET", "0")))
_university_seats = itertools.count()


@events.request.add_listener
def _record(name, response_time, response, exception, start_time=None, **_: Any) -> None:
    status = getattr(response, "status_code", 0) or 0
    text = ""
    if status == 0 or status >= 400:
        text = getattr(response, "text", "") or ""
    traced = any(mark in text for mark in TRACE_MARKS)
    if traced and len(TRACES) < 5:
        TRACES.append(text[:2000])
    REQUESTS.append([round(start_time or time.time(), 3), name, status, round(response_time or 0, 1), traced])


@events.quitting.add_listener
def _write(**_: Any) -> None:
    Path(os.environ["SOAK_RECORD"]).write_text(json.dumps(
        {"requests": REQUESTS, "tally": TALLY, "traces": TRACES}))


class SoakUser(HttpUser):
    """A user with a token who sends each request to a random instance."""

    abstract = True
    host = INSTANCES[0]
    wait_time = constant_throughput(PACE)
    token = ""

    def url(self, path: str) -> str:
        """`path` on one of the instances."""
        return random.choice(INSTANCES) + path  # noqa: S311 - load spreading, not security

    def get(self, path: str, name: str, api: bool = True, **params: Any) -> Any:
        """A GET expecting 200; the parsed JSON for the API (None when it failed)."""
        headers = {"Authorization": f"Bearer {self.token}"} if api else {}
        with self.client.get(self.url(path), params=params or None, headers=headers, name=name,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
                return None
            return response.json() if api else True

    def post(self, path: str, body: dict[str, Any] | None, key: str, name: str) -> tuple[int, Any]:
        """A POST with an Idempotency-Key, retried with the same key until it has an answer that is not
        a connection error, a 5xx or a 429; (status, JSON) of that answer, (0, None) when it never came."""
        headers = {"Authorization": f"Bearer {self.token}", "Idempotency-Key": key}
        deadline = time.monotonic() + RETRY_FOR_SECONDS
        pause = 0.25
        while True:
            with self.client.post(self.url(path), json=body, headers=headers, name=name,
                                  catch_response=True) as response:
                status = response.status_code or 0
                if status in (200, 201, 422):
                    response.success()
                    try:
                        return status, response.json()
                    except ValueError:
                        return status, None
                response.failure(f"status {status}")
            if status and status < 500 and status != 429:
                return status, None
            if time.monotonic() > deadline:
                return 0, None
            time.sleep(pause)
            pause = min(pause * 2, 4)


class EnterpriseUser(SoakUser):
    """An enterprise of the soak's own: its licences, transfers and royalty reports."""

    weight = 10

    def on_start(self) -> None:
        """Take the next enterprise seat."""
        people = WORLD["enterprises"]
        self.me = people[next(_enterprise_seats) % len(people)]
        self.token = self.me["token"]
        self.held = set(self.me["held"])
        self.owed_fen = round(float(self.me["owed"]) * 100)

    def _patent(self) -> dict[str, Any]:
        return random.choice(WORLD["offers"])  # noqa: S311

    @task(3)
    def browse(self) -> None:
        """The home page and the catalogue."""
        self.get("/", "page /", api=False)
        self.get("/patents", "page /patents", api=False, page=random.randint(1, 2))  # noqa: S311

    @task(3)
    def search(self) -> None:
        """A search through the API and on the catalogue page."""
        word = random.choice(WORDS)  # noqa: S311
        self.get("/api/v1/patents", "api search", q=word)
        self.get("/patents", "page search", api=False, q=word)

    @task(3)
    def open_patent(self) -> None:
        """A patent's page and its API record."""
        patent = self._patent()["patent_id"]
        self.get(f"/patents/{patent}", "page /patents/{id}", api=False)
        self.get(f"/api/v1/patents/{patent}", "api patent")

    @task(2)
    def quote(self) -> None:
        """A quote of an offer's charges."""
        self.get(f"/api/v1/patents/{self._patent()['patent_id']}/quote", "api quote")

    @task(2)
    def my_licences(self) -> None:
        """Who I am, my licences and one licence's ledger."""
        self.get("/api/v1/me", "api me")
        self.get("/api/v1/licences", "api licences")
        self.get(f"/api/v1/licences/{self.me['paying_licence']}/ledger", "api ledger")

    @task(1)
    def take_licence(self) -> None:
        """Take a licence on an offer this enterprise does not hold yet."""
        free = [offer for offer in WORLD["offers"] if offer["patent_id"] not in self.held]
        if not free:
            return
        offer = random.choice(free)  # noqa: S311
        body = {"patent_id": offer["patent_id"], "declaration_id": offer["declaration_id"],
                "start_date": WORLD["day"]}
        status, _ = self.post("/api/v1/licences", body, str(uuid.uuid4()), "api take licence")
        self._count(status, 201, "licences")
        self.held.add(offer["patent_id"])

    @task(2)
    def notify_transfer(self) -> None:
        """Notify a small transfer against the paying licence's balance."""
        if self.owed_fen < 1000:
            return
        reference = f"SOAK-{uuid.uuid4().hex[:16]}"
        body = {"amount": "10.00", "reference": reference, "paid_on": WORLD["day"]}
        status, _ = self.post(f"/api/v1/licences/{self.me['paying_licence']}/transfer-notices", body,
                              reference, "api notify transfer")
        self._count(status, 201, "transfer_notices")
        if status == 201:
            self.owed_fen -= 1000

    @task(1)
    def royalty_report(self) -> None:
        """File the first open royalty period's net sales."""
        licence = self.me["royalty_licence"]
        periods = self.get(f"/api/v1/licences/{licence}/royalty-periods", "api royalty periods", per_page=50)
        open_ = [item for item in (periods or {}).get("items", []) if item["open_for_report"]]
        if not open_:
            return
        body = {"period_start": open_[0]["start"], "net_sales": "50000.00"}
        status, _ = self.post(f"/api/v1/licences/{licence}/royalty-reports", body, str(uuid.uuid4()),
                              "api royalty report")
        self._count(status, 201, "royalty_reports")

    def _count(self, status: int, done: int, kind: str) -> None:
        if status == done:
            TALLY[kind] += 1
        elif status == 0:
            TALLY["unknown_outcome"] += 1
        else:
            TALLY["refused"] += 1


class UniversityUser(SoakUser):
    """An IP centre confirming the soak's pending transfers (one user per centre)."""

    fixed_count = len(WORLD["universities"])
    weight = 1

    def on_start(self) -> None:
        """Take the next IP centre's token."""
        centres = WORLD["universities"]
        self.token = centres[next(_university_seats) % len(centres)]["token"]

    @task
    def confirm_pending(self) -> None:
        """Confirm up to ten pending soak transfers, oldest first (one key per notice)."""
        page = self.get("/api/v1/transfer-notices", "api pending notices", status="pending", per_page=10)
        for notice in (page or {}).get("items", []):
            if not notice["reference"].startswith("SOAK-"):
                continue
            status, answer = self.post(f"/api/v1/transfer-notices/{notice['id']}/confirm", None,
                                       f"confirm-{notice['id']}", "api confirm transfer")
            if status == 200 and answer and answer.get("changed"):
                TALLY["confirmations"] += 1
            elif status == 0:
                TALLY["unknown_outcome"] += 1
