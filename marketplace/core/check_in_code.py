"""Check-in codes of zone registrations: short, random, and easy to read aloud or type.

A code is eight characters from an alphabet without the look-alikes 0/O, 1/I/L (and U, to keep it
free of accidental words): 30 characters, so about 6.6 × 10^11 codes. It is printed in two groups of
four (``K7QM-3XHP``); what an organiser types or a scanner reads is normalised (case, spaces, hyphens,
full-width characters) before it is compared.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Callable

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8


def new_code(choice: Callable[[str], str] = secrets.choice) -> str:
    """A fresh random code (`choice` picks one character; tests may pass their own)."""
    return "".join(choice(ALPHABET) for _ in range(LENGTH))


def normalise(text: str) -> str | None:
    """The code `text` spells, or None when it cannot be a code.

    Full-width characters become ASCII, letters upper case, spaces and hyphens are dropped; the rest
    must be exactly LENGTH characters of the alphabet."""
    folded = unicodedata.normalize("NFKC", text).upper()
    compact = "".join(ch for ch in folded if ch not in " -\t\r\n")
    if len(compact) != LENGTH or any(ch not in ALPHABET for ch in compact):
        return None
    return compact


def display(code: str) -> str:
    """The code in two groups of four, as printed for people."""
    return f"{code[:4]}-{code[4:]}"
