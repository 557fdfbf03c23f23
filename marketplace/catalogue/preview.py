"""Wording the stored problems of an import row for the preview page."""

from __future__ import annotations

import json
from typing import NamedTuple

from marketplace.catalogue.importing import OWNED_ELSEWHERE, PATENTEE_NOT_UNIVERSITY
from marketplace.catalogue.labels import FIELD_LABELS, PROBLEM_MESSAGES
from marketplace.catalogue.labels import OWNED_ELSEWHERE as OWNED_ELSEWHERE_MESSAGE
from marketplace.catalogue.labels import PATENTEE_NOT_UNIVERSITY as PATENTEE_NOT_UNIVERSITY_MESSAGE
from marketplace.core.patent_record import RowProblemCode

_IMPORT_MESSAGES = {OWNED_ELSEWHERE: OWNED_ELSEWHERE_MESSAGE,
                    PATENTEE_NOT_UNIVERSITY: PATENTEE_NOT_UNIVERSITY_MESSAGE}


class DescribedProblem(NamedTuple):
    """One stored problem in words; `warning` marks one that does not stop the import."""

    column: str
    message: str
    value: str
    warning: bool


def problem_message(code: str):
    """The words of a row problem's code (a record's own, or one only an import finds)."""
    return _IMPORT_MESSAGES.get(code) or PROBLEM_MESSAGES[RowProblemCode(code)]


def describe_problems(problems_json: str) -> list[DescribedProblem]:
    """Column name, message, offending value and whether it is only a warning, for each stored problem."""
    described = []
    for problem in json.loads(problems_json):
        code = problem["code"]
        message = problem_message(code)
        described.append(DescribedProblem(
            str(FIELD_LABELS.get(problem["field"], problem["field"])), str(message),
            problem.get("value", ""), bool(problem.get("warning"))))
    return described
