"""The import template: an Excel workbook (with an instruction sheet) and a CSV file, each with one
example row that the reader takes back exactly. Both are written by `marketplace.exports`."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from marketplace.catalogue.spreadsheet import COLUMN_KEYS, COLUMNS
from marketplace.exports import append_row, csv_bytes, new_workbook, xlsx_bytes

SHEET_TITLE = "专利清单"
GUIDE_TITLE = "填写说明"

TEMPLATE_EXAMPLE: Mapping[str, str] = MappingProxyType(
    {
        "application_number": "202110123456.7",
        "title": "一种稀土永磁材料的制备方法",
        "abstract": (
            "本发明公开了一种稀土永磁材料的制备方法，通过晶界扩散工艺降低重稀土用量。"
            "所得钕铁硼磁体矫顽力提高20%以上，适用于新能源汽车驱动电机。"
        ),
        "claims_summary": "一种稀土永磁材料的制备方法，包括熔炼、制粉、压制成型、烧结和晶界扩散步骤。",
        "ipc_codes": "C22C 38/00；H01F 1/057",
        "inventors": "王建国；李晓梅",
        "patentees": "内蒙古大学",
        "filing_date": "2021-03-15",
        "grant_date": "2023-06-20",
        "legal_status": "有效",
        "industry": "稀土及新材料",
        "trl": "6",
        "keywords": "稀土；永磁；钕铁硼",
        "title_en": "Method for preparing a rare earth permanent magnet material",
        "abstract_en": (
            "A method for preparing a rare earth permanent magnet material that uses grain boundary "
            "diffusion to reduce the amount of heavy rare earths. The coercivity of the NdFeB magnets "
            "obtained rises by more than 20%; they suit drive motors of new energy vehicles."
        ),
    }
)

# Column widths of the template (in Excel character units) and the columns kept as text there.
_WIDTHS = {
    "application_number": 18,
    "title": 30,
    "abstract": 50,
    "claims_summary": 40,
    "ipc_codes": 24,
    "inventors": 18,
    "patentees": 20,
    "filing_date": 13,
    "grant_date": 13,
    "legal_status": 11,
    "industry": 16,
    "trl": 11,
    "keywords": 20,
    "title_en": 30,
    "abstract_en": 50,
}
_TEXT_COLUMNS = frozenset({"application_number", "filing_date", "grant_date"})
_INTEGER_COLUMNS = frozenset({"trl"})

# Everything str.strip() removes, plus the invisible zero-width space and byte-order mark.


def _template_header() -> list[str]:
    """The template's header cells: Chinese names, required ones marked with "*"."""
    return [f"{column.zh}*" if column.required else column.zh for column in COLUMNS]


def template_xlsx(accepted_values: dict[str, list[str]]) -> bytes:
    """The blank import workbook: the header and one example row, and a sheet explaining each column.

    `accepted_values` lists, by column key, the values a column accepts (legal statuses, industries
    ...); they are shown on the instruction sheet.
    """
    workbook, sheet = new_workbook()
    sheet.title = SHEET_TITLE
    append_row(sheet, _template_header())
    example = TEMPLATE_EXAMPLE
    append_row(sheet, [int(example[key]) if key in _INTEGER_COLUMNS else example[key] for key in COLUMN_KEYS])
    bold = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = _WIDTHS[column.key]
        sheet.cell(row=1, column=index).font = bold
        if column.key in _TEXT_COLUMNS:
            # Text format, so Excel keeps what is typed there instead of making numbers or dates.
            sheet.column_dimensions[letter].number_format = "@"
            sheet.cell(row=2, column=index).number_format = "@"
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet(GUIDE_TITLE)
    append_row(guide, ["列名", "是否必填", "填写说明", "可选值"])
    for column in COLUMNS:
        accepted = "、".join(accepted_values.get(column.key, []))
        append_row(guide, [column.zh, "必填" if column.required else "选填", column.hint, accepted])
    for index in range(1, 5):
        guide.cell(row=1, column=index).font = bold
    for letter, width in zip("ABCD", (14, 10, 44, 60), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2, min_col=4, max_col=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide.freeze_panes = "A2"

    return xlsx_bytes(workbook)


def template_csv() -> bytes:
    """The blank import file as CSV: UTF-8 with a BOM (so Excel opens it right), header and example row."""
    return csv_bytes(_template_header(), [[TEMPLATE_EXAMPLE[key] for key in COLUMN_KEYS]])
