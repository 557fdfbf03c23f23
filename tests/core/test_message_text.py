"""Whether a message says something: blank, punctuation- or emoji-only and over-long texts are refused;
words in any script pass."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.core.message_text import MESSAGE_MAX, MessageProblem, message_problem


@pytest.mark.parametrize(("text", "problem"), [
    (None, MessageProblem.BLANK),
    ("", MessageProblem.BLANK),
    (" \n\t　", MessageProblem.BLANK),
    ("。。。！？", MessageProblem.NO_WORDS),
    ("...!!!---", MessageProblem.NO_WORDS),
    ("🙂🚀", MessageProblem.NO_WORDS),
    ("字" * (MESSAGE_MAX + 1), MessageProblem.TOO_LONG),
    ("你好", None),
    ("OK", None),
    ("3", None),
    ("  可以试用吗？  ", None),
    ("字" * MESSAGE_MAX, None),
    (" " + "字" * MESSAGE_MAX + " ", None),
])
def test_message_problems(text, problem):
    assert message_problem(text) == problem


@given(st.text())
def test_any_text_gets_an_answer_and_a_passing_text_has_a_word(text):
    problem = message_problem(text)
    if problem is None:
        stripped = text.strip()
        assert 0 < len(stripped) <= MESSAGE_MAX and any(char.isalnum() for char in stripped)
