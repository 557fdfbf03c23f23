"""The documents' font: made once from the system's Noto Sans CJK SC into a cached TrueType file that
covers every character of GBK (and ¥), embedded by every PDF; reportlab's named CID font where no source
font is installed."""

import os
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics

from marketplace.documents import fonts


def test_ci_embeds_the_font():
    if os.environ.get("CI") == "true":
        assert fonts.embedded(), "fonts-noto-cjk is required on CI"


@pytest.fixture
def source() -> Path:
    found = fonts.source()
    if found is None:
        assert os.environ.get("CI") != "true", "fonts-noto-cjk is required on CI"
        pytest.skip("no source font installed (fonts-noto-cjk)")
    return found


def test_the_cached_font_covers_names_symbols_and_latin(source):
    from fontTools.ttLib import TTFont

    with TTFont(str(fonts.cached_truetype(source))) as font:
        assert "glyf" in font and "CFF " not in font  # TrueType outlines, which reportlab embeds
        covered = font.getBestCmap()
    for char in "专利开放许可合同喆堃犇¥￥，。（）《》—…ABCabc0123456789%":
        assert ord(char) in covered, char


def test_the_cache_is_made_once_and_read_after(source, tmp_path, monkeypatch):
    monkeypatch.setenv("MARKETPLACE_FONT_CACHE", str(tmp_path))
    made = []
    real = fonts.truetype_from
    monkeypatch.setattr(fonts, "truetype_from", lambda found, text: made.append(1) or real(found, "专利"))
    first = fonts.cached_truetype(source)
    assert fonts.cached_truetype(source) == first and made == [1]
    assert [path.name for path in tmp_path.iterdir()] == [first.name]  # no part file left behind


def test_without_a_source_font_documents_name_the_cid_font(monkeypatch, tmp_path):
    monkeypatch.setenv("MARKETPLACE_FONT_SOURCE", str(tmp_path / "missing.ttc"))
    assert fonts.source() is None and fonts.font_name() == fonts.FALLBACK and not fonts.embedded()


def test_registering_is_idempotent(source):
    assert fonts.register() == fonts.register() == fonts.FONT
    assert fonts.FONT in pdfmetrics.getRegisteredFontNames()


def test_the_command_makes_the_font_and_says_where(app, source):
    result = app.test_cli_runner().invoke(args=["documents", "font"])
    assert result.exit_code == 0 and str(fonts.cached_truetype(source)) in result.output


def test_the_command_says_when_no_source_font_is_installed(app, monkeypatch, tmp_path):
    monkeypatch.setenv("MARKETPLACE_FONT_SOURCE", str(tmp_path / "missing.ttc"))
    result = app.test_cli_runner().invoke(args=["documents", "font"])
    assert result.exit_code == 0 and "Install fonts-noto-cjk" in result.output
