"""Tables in the marketplace's PDFs: one look for all of them, and always the documents' font.

A reportlab table sets its cells' font even for the paragraphs inside them: a table whose style left
the font out would name Helvetica, which no PDF of the marketplace embeds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from reportlab.lib import colors
from reportlab.platypus import Table, TableStyle

from marketplace.documents import fonts

SHADE = colors.HexColor("#eeeeee")


def ruled_table(rows: Sequence[Sequence[Any]], widths: Sequence[float], *,
                shaded: Literal["header", "labels"] = "header", **options: Any) -> Table:
    """A table with a grey grid, the first row (`header`) or the first column (`labels`) shaded, cells
    centred vertically, in the documents' font; `options` go to reportlab's Table (repeatRows, hAlign)."""
    table = Table(list(rows), colWidths=list(widths), **options)
    shade = ((0, 0), (-1, 0)) if shaded == "header" else ((0, 0), (0, -1))
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), fonts.font_name()),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", *shade, SHADE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return table
