"""Wording the stored problems of an import row for the preview page."""

from __future__ import annotations

import json

from marketplace.catalogue.importing import OWNED_ELSEWHERE
from marketplace.catalogue.labels import FIELD_LABELS, PROBLEM_MESSAGES
from marketplace.catalogue.labels import OWNED_ELSEWHERE as OWNED_ELSEWHERE_MESSAGE
from marketplace.core.patent_record import RowProblemCode


def describe_problems(problems_json: str) -> list[tuple[str, str, str]]:
    """(column name, message, offending value) for each stored problem."""
    described = []
    for problem in json.loads(problems_json):
        code = problem["code"]
        if code == OWNED_ELSEWHERE:
            message = OWNED_ELSEWHERE_MESSAGE
        else:
            message = PROBLEM_MESSAGES[RowProblemCode(code)]
        described.append((str(FIELD_LABELS.get(problem["field"], problem["field"])), str(message),
                          problem.get("value", "")))
    return described
