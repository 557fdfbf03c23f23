"""Pages and API calls hand services the marketplace's clock (`marketplace.clock.now`/`today`), never the
row-timestamp helper `utcnow`: with `FROZEN_TODAY` set (the demo, the tests, a training site), a licence taken
on the page and one taken through the API must carry times of the same day. The sweep reads every view
module, so a new one is covered without editing this file.

Exempt: the accounts package, whose log-in throttling and password-reset links measure real elapsed time.
"""

from __future__ import annotations

import re
from pathlib import Path

from marketplace import ROOT

PACKAGE = ROOT / "marketplace"
EXEMPT = {PACKAGE / "accounts"}
WALL_CLOCK = re.compile(r"\butcnow\(|datetime\.now\(|date\.today\(")


def _web_modules() -> list[Path]:
    views = set(PACKAGE.rglob("*views.py")) | set((PACKAGE / "api").glob("*.py"))
    return sorted(path for path in views if not any(path.is_relative_to(exempt) for exempt in EXEMPT))


def test_the_sweep_finds_the_web_modules():
    names = {path.name for path in _web_modules()}
    assert {"views.py", "money_views.py", "licence_writes.py", "feed.py"} <= names


def test_no_page_or_api_call_reads_the_wall_clock():
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for path in _web_modules()
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if WALL_CLOCK.search(line)]
    assert found == [], "use marketplace.clock.now()/today():\n" + "\n".join(found)
