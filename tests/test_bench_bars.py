"""Every benchmark `make bench` runs ends with status 1 when it missed a bar (so the run fails at the
end), and each one's bars are read off its own report."""

import re
from importlib import import_module

import pytest

from bench.bars import finish, missed_above, missed_below
from marketplace import ROOT


def bench_modules() -> list[str]:
    """The modules behind the Makefile's BENCHES targets."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = re.search(r"^BENCHES := (.+)$", makefile, re.M).group(1).split()
    modules = set()
    for target in targets:
        recipe = re.search(rf"^{target}: venv\n((?:\t.*\n)+)", makefile, re.M).group(1)
        modules.update(re.findall(r"-m (bench\.\w+)", recipe))
    return sorted(modules)


def test_every_benchmark_of_make_bench_has_its_bars():
    modules = bench_modules()
    assert len(modules) == 6
    for name in modules:
        source = (ROOT / (name.replace(".", "/") + ".py")).read_text(encoding="utf-8")
        assert "finish(" in source, f"{name} does not end with bench.bars.finish"


def test_finish_fails_the_run_on_a_missed_bar(capsys):
    assert finish([]) is None
    with pytest.raises(SystemExit) as ended:
        finish(["p95 ms 61 (bar ≤ 50)"])
    assert ended.value.code == 1
    assert "MISSED: p95 ms 61 (bar ≤ 50)" in capsys.readouterr().out
    assert missed_below("p", 50, 50) == [] and missed_below("p", 50.1, 50) == ["p 50.1 (bar ≤ 50)"]
    assert missed_above("r", 0.25, 0.25) == [] and missed_above("r", None, 0.25) == ["r None (bar ≥ 0.25)"]


def test_each_benchmark_reads_its_bars_off_its_report():
    catalogue = import_module("bench.catalogue")
    report = {"p95_ms": 48.0, "target_p95_ms": 50.0,
              "common_words": {"p95_ms": 120.0, "target_p95_ms": 100.0}}
    assert catalogue.missed_bars(report) == ["common words p95 ms 120.0 (bar ≤ 100.0)"]
    importing = import_module("bench.importing")
    assert importing.missed_bars({"total_s": 2.7}) == []
    assert importing.missed_bars({"total_s": 31.0}) == ["total s 31.0 (bar ≤ 30.0)"]
    matching = import_module("bench.matching")
    assert matching.missed_bars({"precision_at_5": 0.8, "ms_per_need_100k": 90.0}) == []
    assert matching.missed_bars({"precision_at_5": None}) == ["the engine was not available"]
    dashboards = import_module("bench.dashboards")
    pages = [{"page": "province", "p95_ms": 80.0}, {"page": "university", "p95_ms": 350.0}]
    assert dashboards.missed_bars({"pages": pages}) == ["university p95 ms 350.0 (bar ≤ 300.0)"]
    ledger = import_module("bench.ledger")
    case = {"licences": 100_000, "events_per_s": 3_290, "reports_as_expected": True,
            "reruns_found_nothing": True, "ledger_breaks": []}
    assert ledger.verdicts(case, {**case, "seconds": 3.31}, 1.089) == []
    assert len(ledger.verdicts({**case, "events_per_s": 1_500}, case, 1.25)) == 2
