"""Normalising typed identifiers and e-mail addresses."""

from hypothesis import given
from hypothesis import strategies as st

from marketplace.core.text import normalise_code, normalise_email


def test_full_width_and_spaces_fold_away():
    assert normalise_code("ｚｌ ２０２１ １０１２\u3000３４５６.７") == "ZL202110123456.7"


def test_email_is_trimmed_and_lower_cased():
    assert normalise_email("  Zhang.Wei@Example.COM ") == "zhang.wei@example.com"


def test_full_width_email_is_the_same_address():
    assert normalise_email("ｕｓｅｒ＠ｅｘａｍｐｌｅ．ｃｏｍ") == "user@example.com"
    assert normalise_email("\u3000ＵＳＥＲ@Example.com\u3000") == "user@example.com"


def test_email_normalisation_reaches_a_fixed_point():
    assert normalise_email("a㎒@example.com") == "amhz@example.com"


@given(st.text(max_size=40))
def test_email_normalisation_is_idempotent(raw):
    once = normalise_email(raw)
    assert normalise_email(once) == once
