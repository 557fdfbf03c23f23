"""What cron on one app server does, run in a process of its own: `flask matching notify`, then
`flask ledger run-due` for each of a list of days, each command started when every server is ready for it
(a barrier shared by the processes), so the servers' runs of one day overlap."""

from __future__ import annotations

from typing import Any

from config import TestingConfig
from marketplace import create_app


def run_jobs(url: str, days: list[str], barrier: Any, results: Any) -> None:
    """Run the commands on the database at `url`; put (command, exit code, output) per run on `results`."""
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
    runner = app.test_cli_runner()
    outputs = []
    commands = [["matching", "notify"]] + [["ledger", "run-due", "--today", day] for day in days]
    for command in commands:
        barrier.wait()
        result = runner.invoke(args=command)
        outputs.append((" ".join(command), result.exit_code, result.output + repr(result.exception or "")))
    results.put(outputs)
