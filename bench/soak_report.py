"""Reading a soak run: throughput of the ramp, error rates in and out of the fault windows, p95 of the first
and last windows, memory of the workers, and the pass criteria."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

ERROR_RATE_LIMIT = 0.001  # 0.1 %
P95_DRIFT_LIMIT = 0.20
MEMORY_GROWTH_LIMIT = 0.10


def is_error(status: int) -> bool:
    """No answer, a server error, or a refusal other than a business rule's 422."""
    return status == 0 or (status >= 400 and status != 422)


def p95(durations: list[float]) -> float | None:
    """The 95th percentile (nearest rank) in milliseconds."""
    if not durations:
        return None
    ordered = sorted(durations)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def max_throughput(requests: list[list[Any]], window: float = 5) -> dict[str, Any]:
    """The most answered requests per second (non-errors) over any `window`-second step of the ramp, and the
    per-user rate of the lightest windows (to size the steady load)."""
    if not requests:
        return {"max_rps": 0.0}
    start = min(row[0] for row in requests)
    buckets = Counter(int((row[0] - start) // window) for row in requests if not is_error(row[2]))
    best = max(buckets, key=buckets.get)
    return {"max_rps": round(buckets[best] / window, 1), "at_second": best * window,
            "window_seconds": window}


def _in(windows: list[tuple[float, float]], row: list[Any]) -> bool:
    """Whether the request was under way at some moment of a window (started before its end, ended after
    its start)."""
    began, ended = row[0], row[0] + row[3] / 1000
    return any(began <= end and ended >= start for start, end in windows)


def steady_figures(requests: list[list[Any]], start: float, end: float,
                   windows: list[tuple[float, float]], compare: float,
                   spawned: float = 0) -> dict[str, Any]:
    """Error rate outside and inside the fault windows, and p95 of the first and last `compare` seconds
    (fault windows left out). The first window begins once every user has started (`spawned` seconds
    after `start`): while they are still arriving the load is lighter, and a first window that held
    those seconds would make the same latency later look like a drift."""
    steady = [row for row in requests if start <= row[0] <= end]
    outside = [row for row in steady if not _in(windows, row)]
    inside = [row for row in steady if _in(windows, row)]
    errors_out = sum(is_error(row[2]) for row in outside)
    errors_in = sum(is_error(row[2]) for row in inside)
    loaded = start + spawned
    first = [row[3] for row in outside
             if loaded <= row[0] < loaded + compare and not is_error(row[2])]
    last = [row[3] for row in outside if row[0] >= end - compare and not is_error(row[2])]
    p95_first, p95_last = p95(first), p95(last)
    drift = (p95_last / p95_first - 1) if p95_first and p95_last else None
    return {
        "requests": len(steady), "requests_per_second": round(len(steady) / max(end - start, 1), 1),
        "outside_fault_windows": {"requests": len(outside), "errors": errors_out,
                                  "error_rate": round(errors_out / max(len(outside), 1), 6),
                                  "statuses": dict(Counter(str(row[2]) for row in outside))},
        "inside_fault_windows": {"requests": len(inside), "errors": errors_in,
                                 "error_rate": round(errors_in / max(len(inside), 1), 6),
                                 "statuses": dict(Counter(str(row[2]) for row in inside))},
        "p95_ms": {"compared_seconds": compare, "first_from_second": round(spawned, 1),
                   "first": p95_first, "last": p95_last,
                   "drift": round(drift, 3) if drift is not None else None},
        "stack_traces_in_bodies": sum(1 for row in steady if row[4]),
    }


def fault_window(requests: list[list[Any]], fault: dict[str, Any], steady_start: float) -> dict[str, Any]:
    """What the clients saw between the fault's start and its recovery: counts of status codes."""
    start, recovery = fault.get("start"), fault.get("recovery_seconds")
    if start is None:
        return fault
    end = start + (recovery if recovery is not None else 120)
    seen = [row for row in requests if _in([(start, end)], row)]
    return {**fault, "end": round(end, 3), "start_after_steady_seconds": round(start - steady_start, 2),
            "end_after_steady_seconds": round(end - steady_start, 2), "requests_in_window": len(seen),
            "statuses_in_window": dict(Counter(str(row[2]) for row in seen)),
            "errors_in_window": sum(is_error(row[2]) for row in seen)}


def memory(before: dict[int, int], after: dict[int, int]) -> dict[str, Any]:
    """Growth of each worker present at both samples (KiB); a replaced worker is not compared."""
    same = sorted(set(before) & set(after))
    growth = {str(pid): round(after[pid] / before[pid] - 1, 4) for pid in same if before[pid]}
    return {"rss_kib_start": {str(pid): kib for pid, kib in before.items()},
            "rss_kib_end": {str(pid): kib for pid, kib in after.items()},
            "compared_workers": len(same), "growth_by_worker": growth,
            "max_growth": max(growth.values()) if growth else None,
            "not_compared": sorted(str(pid) for pid in set(before) ^ set(after))}


def criteria(steady: dict[str, Any], mem: dict[str, Any], ledger_ok: bool, rows: dict[str, Any],
             faults: list[dict[str, Any]], load_end: float) -> dict[str, bool]:
    """Every pass criterion and whether it held (a fault skipped or made after the load fails the last)."""
    drift = steady["p95_ms"]["drift"]
    return {
        "error_rate_under_0.1%": steady["outside_fault_windows"]["error_rate"] < ERROR_RATE_LIMIT,
        "p95_last_within_20%_of_first": drift is not None and drift <= P95_DRIFT_LIMIT,
        "worker_memory_growth_under_10%": mem["max_growth"] is not None
        and mem["max_growth"] < MEMORY_GROWTH_LIMIT,
        "ledger_check_clean": ledger_ok,
        "rows_equal_client_tallies": rows["equal"],
        "payments_exactly_once": rows["exactly_once"]["missing"] == 0
        and rows["exactly_once"]["duplicated"] == 0 and rows["exactly_once"]["without_confirmed_notice"] == 0,
        "no_stack_trace_in_any_body": steady["stack_traces_in_bodies"] == 0,
        "every_fault_made_under_load_and_recovered": len(faults) == 3 and all(
            fault.get("recovery_seconds") is not None and fault.get("start", load_end) < load_end
            for fault in faults),
    }
