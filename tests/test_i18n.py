"""The Chinese catalogue is complete and compiled; English needs no catalogue (the source language)."""

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from marketplace import ROOT

CATALOGUE = ROOT / "marketplace" / "translations" / "zh_Hans_CN" / "LC_MESSAGES"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
METHODS = [("marketplace/**.py", "python"), ("templates/**.html", "jinja2")]


def _source_messages() -> set[str]:
    found = set()
    for _, _, message, _, _ in extract_from_dir(str(ROOT), METHODS, keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _po():
    with open(CATALOGUE / "messages.po", "rb") as handle:
        return read_po(handle)


def test_every_message_in_the_code_has_a_chinese_translation():
    catalogue = _po()
    missing = sorted(
        m for m in _source_messages() if m not in catalogue or not catalogue[m].string
    )
    assert missing == [], "run `make translations` and translate these"


def test_no_fuzzy_entries():
    assert [m.id for m in _po() if m.id and m.fuzzy] == []


def test_compiled_catalogue_matches_the_po_file():
    with open(CATALOGUE / "messages.mo", "rb") as handle:
        compiled = {m.id: m.string for m in read_mo(handle) if m.id}
    source = {m.id: m.string for m in _po() if m.id}
    assert compiled == source, "run `pybabel compile -d marketplace/translations`"


def test_placeholders_survive_translation():
    import re

    pattern = re.compile(r"%\(\w+\)[sd]")
    for message in _po():
        if message.id and isinstance(message.id, str):
            assert sorted(pattern.findall(message.id)) == sorted(pattern.findall(message.string))


def test_templates_follow_the_locale_in_effect_within_one_request(app):
    """Templates look the catalogue up once per locale per request (marketplace/i18n.py), and still
    follow a language switched by `force_locale` in the middle of it, and back."""
    from flask import render_template_string
    from flask_babel import force_locale

    from marketplace.i18n import select_locale

    with app.test_request_context("/"):
        assert select_locale() == "zh_CN"
        assert render_template_string("{{ _('Patent catalogue') }}") == "专利目录"
        with force_locale("en"):
            assert render_template_string("{{ _('Patent catalogue') }}") == "Patent catalogue"
        assert render_template_string("{{ _('Patent catalogue') }}") == "专利目录"
