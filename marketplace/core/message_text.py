"""Whether a message's text says something: not blank, not only punctuation or symbols, not too long."""

from __future__ import annotations

from enum import StrEnum

MESSAGE_MAX = 2000


class MessageProblem(StrEnum):
    """Why a message's text is refused."""

    BLANK = "blank"
    NO_WORDS = "no_words"
    TOO_LONG = "too_long"


def message_problem(text: str | None, limit: int = MESSAGE_MAX) -> MessageProblem | None:
    """The problem with a message's text (stripped), or None when it can be sent. A text with no letter
    or digit in any script (only punctuation, symbols or emoji) says nothing."""
    text = (text or "").strip()
    if not text:
        return MessageProblem.BLANK
    if len(text) > limit:
        return MessageProblem.TOO_LONG
    if not any(char.isalnum() for char in text):
        return MessageProblem.NO_WORDS
    return None
