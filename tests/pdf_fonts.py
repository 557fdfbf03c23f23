"""Reading the PDFs the marketplace makes, for every document test: the fonts they embed (poppler's
pdffonts) and their text (pdftotext). Off CI a machine without poppler checks what it can; on CI
(`CI=true`) poppler and the CJK font are required, so nothing is left unchecked there."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from marketplace.documents import fonts


def font_rows(pdf: bytes, tmp_path: Path) -> list[dict[str, str]] | None:
    """pdffonts' table of the PDF (name, type, emb, sub, uni per font), or None when poppler or a source
    font is missing off CI; on CI (`CI=true`) both are required."""
    pdffonts = shutil.which("pdffonts")
    if os.environ.get("CI") == "true":
        assert pdffonts, "poppler-utils is required on CI"
        assert fonts.embedded(), "fonts-noto-cjk is required on CI: documents embed Noto Sans CJK SC"
    if not pdffonts or not fonts.embedded():
        return None
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    lines = subprocess.run([pdffonts, str(path)], check=True, capture_output=True,  # noqa: S603
                           timeout=60).stdout.decode().splitlines()
    header = lines[0].split()
    rows = []
    for line in lines[2:]:
        # The name is the first column and the object number the last two; emb/sub/uni precede them.
        parts = line.split()
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    assert header[:2] == ["name", "type"]
    return rows


def assert_fonts_embedded(pdf: bytes, tmp_path: Path) -> None:
    """Every font of the PDF is embedded (a subset, with a Unicode map so its text can be copied)."""
    rows = font_rows(pdf, tmp_path)
    if rows is None:
        return
    assert rows, "the PDF uses no font"
    for row in rows:
        assert (row["emb"], row["sub"], row["uni"]) == ("yes", "yes", "yes"), row


def pdf_text(pdf: bytes, tmp_path: Path) -> str | None:
    """The PDF's text with all white space removed (pdftotext), or None off CI when poppler is missing;
    on CI poppler is required."""
    pdftotext = shutil.which("pdftotext")
    if os.environ.get("CI") == "true":
        assert pdftotext, "poppler-utils is required on CI"
    if not pdftotext:
        return None
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([pdftotext, "-enc", "UTF-8", str(path), "-"], check=True,  # noqa: S603
                         capture_output=True, timeout=60).stdout.decode()
    return "".join(out.split())
