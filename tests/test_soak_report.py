"""The soak's figures (bench/soak_report.py): the p95 drift compares full-load windows, fault windows left
out, and every criterion reads its figure."""

from __future__ import annotations

from bench import soak_report


def _rows(start: float, seconds: int, per_second: int, latency_of) -> list[list]:
    """Requests as the soak's Locust file records them: [start, name, status, ms, traced]."""
    return [[start + second + index / per_second, "page", 200, latency_of(second), False]
            for second in range(seconds) for index in range(per_second)]


def test_first_window_begins_when_every_user_has_started():
    # The seconds while users arrive answer differently (here: slower) from the full load that follows;
    # the first window leaves them out.
    rows = _rows(1000.0, 60, 20, lambda second: 400.0 if second < 5 else 100.0)
    from_start = soak_report.steady_figures(rows, 1000.0, 1060.0, [], 10)
    loaded = soak_report.steady_figures(rows, 1000.0, 1060.0, [], 10, spawned=5)
    assert from_start["p95_ms"]["first"] == 400.0
    assert loaded["p95_ms"] == {"compared_seconds": 10, "first_from_second": 5, "first": 100.0,
                                "last": 100.0, "drift": 0.0}


def test_a_real_rise_is_a_drift_and_fault_windows_are_left_out():
    rows = _rows(0.0, 60, 20, lambda second: 100.0 if second < 30 else 130.0)
    fault = [[52.5, "page", 500, 2000.0, False]]  # a failed, slow request inside the fault window
    figures = soak_report.steady_figures(rows + fault, 0.0, 60.0, [(52.0, 53.0)], 10, spawned=5)
    assert figures["p95_ms"]["drift"] == 0.3
    assert figures["outside_fault_windows"]["errors"] == 0
    assert figures["inside_fault_windows"]["errors"] == 1
    passed = soak_report.criteria(figures, {"max_growth": 0.01}, True,
                                  {"equal": True, "exactly_once": {"missing": 0, "duplicated": 0,
                                                                   "without_confirmed_notice": 0}},
                                  [{"start": 10, "recovery_seconds": 1}] * 3, 60)
    assert passed["p95_last_within_20%_of_first"] is False
    assert all(held for name, held in passed.items() if name != "p95_last_within_20%_of_first")
