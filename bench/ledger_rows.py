"""Turning one licence's story (a `Spec`) into rows, bulk-loaded (bench/bulk.py: COPY on PostgreSQL).

A licence gets its charges from the real schedule (`build_schedule` of its plan and start). Every
charge due before the benchmark day on a licence that owes money is posted, as `run_due` would have
posted it: a CHARGE_POSTED transaction (DR enterprise receivable / CR university revenue) and a
`charge_posted` step. Paid charges get a PAYMENT_RECEIVED transaction (DR university cash / CR
enterprise receivable), a `ChargeSettlement` row and a `payment_received` step, so the ledger agrees with
the charges (`flask ledger check`). Ids are assigned here, so no row needs to be read back.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from random import Random
from typing import Any

from sqlalchemy import Table

from bench.ledger_world import DECLARED_ON, Template, World
from marketplace.core.calendar import add_months
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.schedule import Schedule, build_schedule

FLUSH_ROWS = 50_000
OWING = (LicenceStatus.ACTIVE, LicenceStatus.OVERDUE, LicenceStatus.SUSPENDED, LicenceStatus.COMPLETED)


@dataclass(frozen=True)
class Spec:
    """A licence as of the benchmark day.

    `reminded_on`: the end-of-trial reminder went out that day. `decided` (kind, day): the trial was
    converted, expired or declined. `steps`: standing steps recorded that day (overdue, suspended,
    completed). Posted charges due on or after `open_from` stay unpaid with probability `open_share`
    (a third of those partly paid when `partial` is set); every other posted charge is paid. A staged
    licence stopped at a stage (asked on `stop_requested`) has its last day `stops_on`: nothing after
    it is ever posted.
    """

    template: Template
    start: date
    status: LicenceStatus
    reminded_on: date | None = None
    decided: tuple[str, date] | None = None
    steps: tuple[tuple[str, date], ...] = ()
    open_from: date = date.max
    open_share: float = 0.0
    partial: bool = False
    stops_on: date | None = None
    stop_requested: date | None = None


@cache
def schedule_of(template: Template, start: date, expiry: date) -> Schedule:
    """The licence's schedule (cached: many licences share a plan and a start)."""
    return build_schedule(template.plan, start, expiry)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(2, 0), tzinfo=UTC)


class Writer:
    """Buffers the rows of many licences and inserts them table by table, parents first."""

    ORDER = ("licence", "licence_charge", "ledger_transaction", "ledger_leg", "charge_settlement",
             "licence_history", "notification")

    def __init__(self, world: World, today: date, rng: Random) -> None:
        from marketplace.extensions import db

        self.world, self.today, self.rng = world, today, rng
        self.tables: dict[str, Table] = {name: db.metadata.tables[name] for name in self.ORDER}
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.counts: Counter[str] = Counter()
        self.taken: Counter[int] = Counter()  # licences taken so far per patent
        self.enterprises = world.enterprises
        self.licence_id = self.charge_id = self.transaction_id = 0

    # --- who takes it ---------------------------------------------------------------------------------

    def _pair(self, template: Template) -> tuple[int, int]:
        """A patent offered on the template and an enterprise without a licence of it yet."""
        patents = self.world.patents[template.name]
        for _ in range(100):
            patent = self.rng.choice(patents)
            if self.taken[patent] < len(self.enterprises):
                break
        else:
            raise RuntimeError(f"not enough enterprises for the licences of {template.name}")
        index = (patent * 7919 + self.taken[patent]) % len(self.enterprises)
        self.taken[patent] += 1
        return patent, self.enterprises[index]

    # --- rows -----------------------------------------------------------------------------------------

    def add(self, spec: Spec) -> int:
        """Buffer one licence's rows; returns its id."""
        patent, enterprise = self._pair(spec.template)
        university = self.world.university[patent]
        schedule = schedule_of(spec.template, spec.start, self.world.expiry[patent])
        self.licence_id += 1
        licence_id = self.licence_id
        number = f"OL{spec.start.year}{licence_id:07d}"
        accepted = max(min(spec.start, self.today) - timedelta(days=self.rng.randint(1, 14)),
                       DECLARED_ON + timedelta(days=1))
        filed = accepted + timedelta(days=self.rng.randint(10, 80))
        filed_on = filed if filed < self.today and self.rng.random() < 0.7 else None
        deadline = add_months(spec.start, 3)
        # Earlier runs of the job flagged an unfiled licence the day after its 备案 deadline passed.
        flagged = (min(deadline + timedelta(days=1), self.today - timedelta(days=1))
                   if filed_on is None and deadline < self.today else None)
        self._row("licence", {
            "id": licence_id, "number": number, "declaration_id": self.world.declaration[patent],
            "patent_id": patent, "enterprise_id": enterprise, "university_id": university,
            "taken_by_id": self.world.enterprise_users[enterprise], "status": spec.status,
            "start_date": spec.start, "end_date": schedule.end, "capped_at_expiry": schedule.capped_at_expiry,
            "trial_last_day": schedule.trial[1] if schedule.trial else None,
            "filing_deadline": deadline, "filed_on": filed_on, "filing_overdue_notified_on": flagged,
            "filing_number": f"2{licence_id:011d}" if filed_on else "", "accepted_at": _at(accepted),
            "stops_on": spec.stops_on, "trial_reminded_on": spec.reminded_on,
        })
        declaration = self.world.declaration[patent]
        self._step(licence_id, "taken", number, accepted, detail=f"declaration {declaration}")
        if schedule.trial:
            first, last = schedule.trial
            self._step(licence_id, "trial_started", first.isoformat(), first, detail=last.isoformat())
            if spec.reminded_on:
                self._remind(licence_id, enterprise, number, last, spec)
        if spec.decided:
            kind, day = spec.decided
            self._step(licence_id, kind, "trial", day, detail="" if kind == "declined" else "trial_end")
        if spec.stops_on:
            self._step(licence_id, "stop_requested", spec.stops_on.isoformat(), spec.stop_requested,
                       detail=spec.stops_on.isoformat())
        if flagged:
            self._flag_filing(licence_id, enterprise, university, number, deadline, flagged)
        if filed_on:
            self._step(licence_id, "filed", f"2{licence_id:011d}", filed_on, detail=f"2{licence_id:011d}")
        parties = (licence_id, f"receivable:enterprise:{enterprise}", f"revenue:university:{university}",
                   f"cash:university:{university}")
        for charge in schedule.charges:
            self._charge(spec, parties, charge)
        for kind, day in spec.steps:
            self._step(licence_id, kind, day.isoformat(), day)
        if sum(len(rows) for rows in self.rows.values()) >= FLUSH_ROWS:
            self.flush()
        return licence_id

    def _charge(self, spec: Spec, parties: tuple[int, str, str, str], charge) -> None:
        licence_id, receivable, revenue, cash = parties
        self.charge_id += 1
        slot = f"phase:{charge.phase_index}:{charge.kind}"
        fen = charge.amount.fen
        row = {"id": self.charge_id, "licence_id": licence_id, "phase_index": charge.phase_index,
               "kind": str(charge.kind), "due_date": charge.due, "amount_fen": fen,
               "currency": charge.amount.currency, "slot": slot, "posted_on": None, "settled_fen": 0,
               "settled_on": None, "voided_on": None}
        self._row("licence_charge", row)
        ended_early = spec.status in (LicenceStatus.EXPIRED, LicenceStatus.DECLINED)
        stopped_before = spec.stops_on is not None and charge.due > spec.stops_on
        if ended_early or stopped_before:  # as the app does: never to fall due, so voided
            row["voided_on"] = min(charge.due, self.today - timedelta(days=1))
            return
        if (spec.status not in OWING or charge.due >= self.today
                or (spec.stops_on is not None and charge.due > spec.stops_on)):
            return
        row["posted_on"] = charge.due
        self._transaction(licence_id, f"charge:licence:{licence_id}:{slot}", "charge_posted", charge.due,
                          (receivable, revenue), fen)
        self._step(licence_id, "charge_posted", slot, charge.due, amount=fen)
        unpaid = charge.due >= spec.open_from and self.rng.random() < spec.open_share
        if unpaid and not (spec.partial and self.rng.random() < 1 / 3):
            return
        paid = fen // 2 if unpaid else fen
        day = min(charge.due + timedelta(days=self.rng.randint(0, 20)), self.today - timedelta(days=1))
        reference = f"BK{self.charge_id:09d}"
        key = f"payment:bank:{licence_id}:{reference}"
        self._transaction(licence_id, key, "payment_received", day, (cash, receivable), paid)
        self._row("charge_settlement", {"charge_id": self.charge_id, "licence_id": licence_id,
                                        "transaction_key": key, "amount_fen": paid, "business_date": day})
        self._step(licence_id, "payment_received", reference, day, amount=paid, detail=reference)
        row["settled_fen"] = paid
        row["settled_on"] = day if paid == fen else None

    def _transaction(self, licence_id: int, key: str, kind: str, day: date, accounts: tuple[str, str],
                     fen: int) -> None:
        self.transaction_id += 1
        self._row("ledger_transaction", {"id": self.transaction_id, "key": key, "kind": kind,
                                         "licence_id": licence_id, "reverses": None, "business_date": day,
                                         "posted_at": _at(day)})
        for account, side in zip(accounts, ("debit", "credit"), strict=True):
            self._row("ledger_leg", {"transaction_id": self.transaction_id, "account": account, "side": side,
                                     "amount_fen": fen, "currency": "CNY"})

    def _remind(self, licence_id: int, enterprise: int, number: str, last: date, spec: Spec) -> None:
        policy = "convert" if spec.template.name == "trial_convert" else "expire"
        self._row("notification", {
            "key": f"trial-reminder:licence:{licence_id}", "enterprise_id": enterprise, "university_id": None,
            "licence_id": licence_id, "kind": "trial_reminder", "created_at": _at(spec.reminded_on),
            "sent_at": _at(spec.reminded_on),
            "params_json": json.dumps({"number": number, "last_day": last.isoformat(), "policy": policy}),
        })
        self._step(licence_id, "reminded", "trial", spec.reminded_on, detail=last.isoformat())

    def _flag_filing(self, licence_id: int, enterprise: int, university: int, number: str, deadline: date,
                     day: date) -> None:
        params = json.dumps({"number": number, "deadline": deadline.isoformat()})
        for party, enterprise_id, university_id in (("enterprise", enterprise, None),
                                                    ("university", None, university)):
            self._row("notification", {
                "key": f"filing-overdue:licence:{licence_id}:{party}", "enterprise_id": enterprise_id,
                "university_id": university_id, "licence_id": licence_id, "kind": "filing_overdue",
                "created_at": _at(day), "sent_at": _at(day), "params_json": params})

    def _step(self, licence_id: int, kind: str, what: str, day: date, amount: int | None = None,
              detail: str = "") -> None:
        self._row("licence_history", {"key": f"licence:{licence_id}:{kind}:{what}", "licence_id": licence_id,
                                      "kind": kind, "business_date": day, "amount_fen": amount,
                                      "detail": detail, "recorded_at": _at(day)})

    def _row(self, table: str, row: dict[str, Any]) -> None:
        self.rows[table].append(row)

    def flush(self) -> None:
        """Insert every buffered row (one bulk load per table, parents first: bench/bulk.py)."""
        from bench.bulk import bulk_insert
        from marketplace.extensions import db

        connection = db.session.connection()
        for name in self.ORDER:
            rows = self.rows.pop(name, [])
            if rows:
                self.counts[name] += bulk_insert(connection, self.tables[name], rows)
