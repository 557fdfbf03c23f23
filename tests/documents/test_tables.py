"""Every table in the marketplace's PDFs is made by `documents.tables.ruled_table`, which sets the
documents' font: a table left to reportlab's default would name Helvetica, which no PDF embeds."""

from marketplace import ROOT
from marketplace.documents import fonts
from marketplace.documents.tables import ruled_table

TABLES = ROOT / "marketplace" / "documents" / "tables.py"


def test_only_the_documents_table_helper_styles_a_table():
    styling = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "marketplace").rglob("*.py")
                     if path != TABLES and "TableStyle" in path.read_text(encoding="utf-8"))
    assert styling == [], f"make PDF tables with documents.tables.ruled_table: {styling}"


def test_a_ruled_table_sets_the_documents_font_on_every_cell():
    for shaded, shade in (("header", ((0, 0), (-1, 0))), ("labels", ((0, 0), (0, -1)))):
        table = ruled_table([["应付日期", "金额"], ["2027-01-01", "¥1.00"]], [40, 40], shaded=shaded)
        assert {cell.fontname for row in table._cellStyles for cell in row} == {fonts.font_name()}
        assert [command[1:3] for command in table._bkgrndcmds] == [shade]
