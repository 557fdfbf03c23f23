"""Check-in codes: random from an unambiguous alphabet, and read back however they are typed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from marketplace.core.check_in_code import ALPHABET, LENGTH, display, new_code, normalise


def test_the_alphabet_has_no_look_alikes():
    assert not set("0O1IL") & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET)


def test_a_new_code_is_eight_characters_of_the_alphabet():
    code = new_code()
    assert len(code) == LENGTH and set(code) <= set(ALPHABET)


def test_a_code_typed_loosely_reads_back():
    assert normalise("k7qm-3xhp") == "K7QM3XHP"
    assert normalise(" K7QM 3XHP ") == "K7QM3XHP"
    assert normalise("Ｋ７ＱＭ－３ＸＨＰ") == "K7QM3XHP"  # full width, as a Chinese input method types it


def test_what_cannot_be_a_code_is_none():
    for text in ("", "K7QM3XH", "K7QM3XHPP", "K7QM3XH0", "K7QM3XHI", "K7QM3X=P"):
        assert normalise(text) is None


@given(st.text(alphabet=ALPHABET, min_size=LENGTH, max_size=LENGTH))
def test_every_code_survives_display_and_normalising(code):
    assert normalise(display(code)) == code
    assert normalise(display(code).lower()) == code
