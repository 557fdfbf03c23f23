"""Normalising typed identifiers and e-mail addresses."""

from marketplace.core.text import normalise_code, normalise_email


def test_full_width_and_spaces_fold_away():
    assert normalise_code("ｚｌ ２０２１ １０１２\u3000３４５６.７") == "ZL202110123456.7"


def test_email_is_trimmed_and_lower_cased():
    assert normalise_email("  Zhang.Wei@Example.COM ") == "zhang.wei@example.com"
