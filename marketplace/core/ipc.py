"""International Patent Classification (IPC) codes such as ``C22C 38/00`` or ``G06Q``.

A code is a section letter (A–H), a two-digit class and a subclass letter (the subclass, ``G06Q``,
is a complete code: listings often give no more), optionally followed by a main group of one to
four digits, a slash and a subgroup of two to six digits. The canonical display puts one space
between subclass and group: ``C22C 38/00``. A trailing version in parentheses, ``(2006.01)``, is
accepted and dropped. A section or class without its subclass letter (``A``, ``A01``) is refused
as incomplete.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CODE = re.compile(
    r"([A-H])([0-9]{2})([A-Z])(?:\s*([0-9]{1,4})/([0-9]{2,6}))?(?:\s*\([0-9]{4}\.[0-9]{2}\))?",
)
_INCOMPLETE = re.compile(r"[A-H](?:[0-9]{2})?")
_LIST_SEPARATORS = re.compile(r"[;,、\n\r]")
_STARTS_WITH_LETTER = re.compile(r"[A-Za-z]")


class InvalidIpcCode(ValueError):
    """Text that is not an IPC code; `code_text` is the offending piece of input."""

    def __init__(self, code_text: str) -> None:
        super().__init__(code_text)
        self.code_text = code_text


class IncompleteIpcCode(InvalidIpcCode):
    """A section or class without its subclass letter (``A01``): the subclass (``A01B``) is needed."""


@dataclass(frozen=True)
class IpcCode:
    """One IPC code in its levels: section ``C``, class ``C22``, subclass ``C22C``, group ``38/00``.

    `group` is empty for a code given at subclass level (``G06Q``).
    """

    section: str
    ipc_class: str
    subclass: str
    group: str

    def __str__(self) -> str:
        return f"{self.subclass} {self.group}" if self.group else self.subclass


def _fold(raw: str) -> str:
    """Full-width forms to ASCII (NFKC) and every run of white space to one space, trimmed."""
    return " ".join(unicodedata.normalize("NFKC", raw or "").split())


def parse_ipc(raw: str) -> IpcCode:
    """Parse one IPC code (any case, any spacing, full-width, optional version), at group or subclass level.

    Raises IncompleteIpcCode for a bare section or class (``A01``), InvalidIpcCode for anything else
    that is not a code.
    """
    text = _fold(raw)
    match = _CODE.fullmatch(text.upper())
    if match is None:
        if _INCOMPLETE.fullmatch(text.upper()):
            raise IncompleteIpcCode(text)
        raise InvalidIpcCode(text)
    section, class_digits, subclass_letter, main_group, subgroup = match.groups()
    group = ""
    if main_group is not None:
        main_group = main_group.lstrip("0")
        if not main_group:
            raise InvalidIpcCode(text)
        group = f"{main_group}/{subgroup}"
    ipc_class = section + class_digits
    return IpcCode(section=section, ipc_class=ipc_class, subclass=ipc_class + subclass_letter, group=group)


def _pieces(text: str) -> list[str]:
    """Split one separator-free stretch into codes: a new code starts at each word beginning with a letter.

    Words that do not begin with a letter (``38/00``, ``(2006.01)``) belong to the code before them.
    """
    pieces: list[str] = []
    for word in text.split():
        if pieces and not _STARTS_WITH_LETTER.match(word):
            pieces[-1] += " " + word
        else:
            pieces.append(word)
    return pieces


def parse_ipc_list(raw: str) -> list[IpcCode]:
    """Parse a list of IPC codes, in order and without duplicates; empty input gives an empty list.

    Codes may be separated by ``;`` ``,`` ``；`` ``，`` ``、`` or new lines, or simply by white space
    (``C22C 38/00 H01F 1/057``). Raises InvalidIpcCode for the first piece that is not a code.
    """
    folded = unicodedata.normalize("NFKC", raw or "")
    codes: list[IpcCode] = []
    for stretch in _LIST_SEPARATORS.split(folded):
        for piece in _pieces(stretch):
            code = parse_ipc(piece)
            if code not in codes:
                codes.append(code)
    return codes
