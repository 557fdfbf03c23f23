"""Write each need's list of judged-relevant patents (`relevant`) into needs.jsonl, by the rule in JUDGING.md.

    python -m bench.matching_eval.judge          # rewrites the `relevant` lists
    python -m bench.matching_eval.judge --check  # fails when a stored list differs from the rule

The judgement itself is by hand and stored in needs.jsonl: `relevant_subtopics` (the subtopics whose
patents would, if licensed, directly address the problem the need states) and `not_relevant` (patents of
those subtopics read and found not to address it). This script only applies the patent-level part of the
rule: a patent counts when it belongs to a judged subtopic, is not listed in `not_relevant`, is a granted
invention or utility model (a design protects an appearance, not a technical solution) and is in force
on the evaluation day (a lapsed, invalidated or expired patent cannot be licensed).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from bench.matching_eval.generate import REFERENCE_DAY
from bench.matching_eval.load import CATALOGUE, NEEDS, read_lines
from bench.matching_eval.subtopics import SUBTOPICS


def licensable(patent: dict[str, Any]) -> bool:
    """A granted invention or utility model in force on the evaluation day."""
    if patent["patent_type"] == "design" or patent["legal_status"] != "granted":
        return False
    from marketplace.core.patent_fields import PatentType
    from marketplace.core.patent_term import expiry_date

    expiry = expiry_date(PatentType(patent["patent_type"]), date.fromisoformat(patent["filing_date"]))
    return expiry >= REFERENCE_DAY


def relevant_for(need: dict[str, Any], catalogue: list[dict[str, Any]]) -> list[str]:
    """The pids judged relevant to a need, in catalogue order."""
    subtopics, excluded = set(need["relevant_subtopics"]), set(need.get("not_relevant", ()))
    return [p["pid"] for p in catalogue
            if p["_subtopic"] in subtopics and p["pid"] not in excluded and licensable(p)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.matching_eval.judge",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    catalogue, needs = read_lines(CATALOGUE), read_lines(NEEDS)
    known = {s.key for s in SUBTOPICS}
    for need in needs:
        unknown = set(need["relevant_subtopics"]) - known
        if unknown:
            raise SystemExit(f"{need['nid']}: unknown subtopics {sorted(unknown)}")
    changed = [n["nid"] for n in needs if n["relevant"] != relevant_for(n, catalogue)]
    if args.check:
        print(f"{len(changed)} needs differ from the rule" + (f": {changed}" if changed else ""))
        return 1 if changed else 0
    for need in needs:
        need["relevant"] = relevant_for(need, catalogue)
    NEEDS.write_text("".join(json.dumps(n, ensure_ascii=False) + "\n" for n in needs), encoding="utf-8")
    sizes = [len(n["relevant"]) for n in needs]
    print(f"{len(needs)} needs, {min(sizes)}-{max(sizes)} relevant patents each ({len(changed)} changed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
