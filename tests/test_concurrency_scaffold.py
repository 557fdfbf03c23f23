"""Concurrency tests release their callers through one scaffold (`separate_database.at_once`, and
`run_together` on it), so every such test counts a failed or stuck thread the same way."""

from marketplace import ROOT

SCAFFOLD = ROOT / "tests" / "ledger" / "separate_database.py"
BARRIER = "threading." + "Barrier("  # spelled apart, so this file does not hold one


def test_only_the_scaffold_holds_a_barrier():
    holders = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "tests").rglob("*.py")
                     if path != SCAFFOLD and BARRIER in path.read_text(encoding="utf-8"))
    assert holders == [], f"use tests.ledger.separate_database.at_once instead: {holders}"
    assert BARRIER in SCAFFOLD.read_text(encoding="utf-8")
