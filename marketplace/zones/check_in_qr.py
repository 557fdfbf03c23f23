"""The QR code of a check-in code, drawn on the server as SVG by segno (no script, no style)."""

from __future__ import annotations

import io

import segno


def qr_svg(code: str) -> bytes:
    """An SVG image of a QR code holding `code` (error correction level M, a quiet zone of 4 modules)."""
    buffer = io.BytesIO()
    segno.make_qr(code, error="m").save(buffer, kind="svg", scale=8, border=4, dark="#000", light="#fff",
                                        xmldecl=False, svgclass=None, lineclass=None, title=code)
    return buffer.getvalue()
