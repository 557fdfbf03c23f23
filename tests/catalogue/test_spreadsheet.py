"""Reading uploaded patent lists (XLSX and CSV), every refusal, and the template's round trip."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from marketplace.catalogue.spreadsheet import (
    COLUMN_KEYS,
    COLUMNS,
    MAX_BYTES,
    MAX_ROWS,
    FileProblem,
    ParsedSheet,
    SpreadsheetError,
    column_for_header,
    normalise_header,
    read_spreadsheet,
)
from marketplace.catalogue.spreadsheet_template import TEMPLATE_EXAMPLE, template_csv, template_xlsx

HEADER = ["申请号", "专利名称", "专利权人", "申请日", "法律状态"]
ROW = ["202110123456.7", "一种稀土永磁材料的制备方法", "内蒙古大学", "2021-03-15", "有效"]
HEADER_KEYS = ["application_number", "title", "patentees", "filing_date", "legal_status"]
SECOND = ["ZL201910654321.X", "一种草原退化监测方法", "内蒙古大学；内蒙古农业大学", "2019-07-01", "有效"]


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    """A workbook whose first sheet holds these rows from A1 down (an empty list leaves a blank row)."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    """CSV text of these rows, lines ended as Excel ends them."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def read_both(rows: list[list[str]]) -> list[ParsedSheet]:
    """The same rows read once from an XLSX and once from a UTF-8 CSV."""
    return [
        read_spreadsheet("清单.xlsx", xlsx_bytes(rows)),
        read_spreadsheet("清单.csv", csv_text(rows).encode("utf-8")),
    ]


def expected(values: dict[str, str]) -> dict[str, str]:
    """A full values dict: every column key, empty unless given."""
    return {key: values.get(key, "") for key in COLUMN_KEYS}


def problem_of(filename: str, data: bytes, **limits: int) -> SpreadsheetError:
    """The error reading this file raises."""
    with pytest.raises(SpreadsheetError) as caught:
        read_spreadsheet(filename, data, **limits)
    return caught.value


# --- happy paths -----------------------------------------------------------------------------


def test_xlsx_rows_come_back_keyed_by_column():
    parsed = read_spreadsheet("清单.xlsx", xlsx_bytes([HEADER, ROW, SECOND]))
    assert parsed.kind == "xlsx"
    assert parsed.encoding is None
    assert parsed.ignored_headers == ()
    assert [row.number for row in parsed.rows] == [2, 3]
    assert parsed.rows[0].values == expected(dict(zip(HEADER_KEYS, ROW, strict=True)))
    assert parsed.rows[1].values["patentees"] == "内蒙古大学；内蒙古农业大学"
    assert parsed.rows[1].formula_fields == frozenset()


def test_csv_rows_come_back_keyed_by_column():
    parsed = read_spreadsheet("清单.CSV", csv_text([HEADER, ROW, SECOND]).encode("utf-8"))
    assert parsed.kind == "csv"
    assert parsed.encoding == "utf-8"
    assert [row.number for row in parsed.rows] == [2, 3]
    assert parsed.rows[0].values["title"] == "一种稀土永磁材料的制备方法"
    assert parsed.rows[1].values["application_number"] == "ZL201910654321.X"
    assert set(parsed.rows[0].values) == set(COLUMN_KEYS)


def test_every_column_is_read_from_a_full_header():
    header = [column.zh for column in COLUMNS]
    values = [f"值{index}" for index in range(len(COLUMNS))]
    for parsed in read_both([header, values]):
        assert parsed.rows[0].values == dict(zip(COLUMN_KEYS, values, strict=True))


def test_extension_is_case_insensitive_and_paths_are_ignored():
    assert read_spreadsheet("C:\\导出\\清单.XLSX", xlsx_bytes([HEADER, ROW])).kind == "xlsx"
    assert read_spreadsheet("exports/清单.Csv", csv_text([HEADER, ROW]).encode()).kind == "csv"


def test_values_are_stripped_including_full_width_spaces():
    row = ["\u3000202110123456.7 ", "  一种 稀土 永磁材料\u3000", "\t内蒙古大学\n"]
    row += ["2021-03-15", "\u200b有效"]
    for parsed in read_both([HEADER, row]):
        values = parsed.rows[0].values
        assert values["application_number"] == "202110123456.7"
        assert values["title"] == "一种 稀土 永磁材料"  # inner spaces stay as typed
        assert values["patentees"] == "内蒙古大学"
        assert values["legal_status"] == "有效"


def test_short_rows_leave_the_missing_cells_empty():
    text = "申请号,专利名称,专利权人,申请日,法律状态,摘要\n2021101234567,名称\n"
    parsed = read_spreadsheet("清单.csv", text.encode())
    assert parsed.rows[0].values == expected({"application_number": "2021101234567", "title": "名称"})


# --- headers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("申请号", "application_number"),
        ("申请号*", "application_number"),
        ("*申请号", "application_number"),
        ("申请号＊", "application_number"),
        ("Application Number", "application_number"),
        ("APPLICATION NUMBER", "application_number"),
        ("application_number", "application_number"),
        ("申请号（必填）", "application_number"),
        ("技术成熟度(TRL)", "trl"),
        ("技术成熟度（1-9）", "trl"),
        ("TRL", "trl"),
        ("ＩＰＣ分类号", "ipc_codes"),
        ("ipc 分类号", "ipc_codes"),
        ("IPC codes", "ipc_codes"),
        ("专利 名称", "title"),
        ("专利\u3000名称", "title"),
        ("授权公告日 (YYYY-MM-DD)", "grant_date"),
        ("Claims summary", "claims_summary"),
        ("备注", None),
        ("申请", None),
        ("", None),
    ],
)
def test_header_matching_is_forgiving(header, key):
    assert column_for_header(header) == key


def test_normalise_header():
    assert normalise_header(" 技术成熟度（TRL）* ") == "技术成熟度"
    assert normalise_header("Filing  Date") == "filingdate"


def test_english_and_decorated_headers_are_recognised():
    header = ["Application Number", "专利名称*", "PATENTEES", "申请日（YYYY-MM-DD）", "legal_status"]
    header.append("技术成熟度(TRL)")
    for parsed in read_both([header, [*ROW, "5"]]):
        values = parsed.rows[0].values
        assert values["application_number"] == "202110123456.7"
        assert values["filing_date"] == "2021-03-15"
        assert values["trl"] == "5"
        assert parsed.ignored_headers == ()


def test_unknown_and_repeated_headers_are_ignored_and_reported():
    header = ["序号", *HEADER, "备注", "", "Title"]
    row = ["1", *ROW, "转化意向强", "孤立的值", "重复列的值"]
    for parsed in read_both([header, row]):
        assert parsed.ignored_headers == ("序号", "备注", "Title")
        assert parsed.rows[0].values["title"] == ROW[1]  # the first column of a name wins
        assert parsed.rows[0].values["application_number"] == ROW[0]


def test_columns_may_come_in_any_order():
    header = ["法律状态", "申请日", "专利名称", "申请号", "专利权人"]
    row = ["有效", "2021-03-15", "名称", "202110123456.7", "内蒙古大学"]
    for parsed in read_both([header, row]):
        assert parsed.rows[0].values == expected(
            {
                "legal_status": "有效",
                "filing_date": "2021-03-15",
                "title": "名称",
                "application_number": "202110123456.7",
                "patentees": "内蒙古大学",
            }
        )


# --- row numbers -----------------------------------------------------------------------------


def test_row_numbers_count_blank_rows_as_excel_shows_them():
    for parsed in read_both([[], [], HEADER, ROW, [], [], SECOND]):
        assert [row.number for row in parsed.rows] == [4, 7]


def test_rows_of_empty_cells_are_skipped():
    rows = [HEADER, ["", "  ", "\u3000", "", ""], ROW]
    for parsed in read_both(rows):
        assert [row.number for row in parsed.rows] == [3]


def test_a_quoted_line_break_in_csv_stays_in_its_row():
    text = (
        "申请号,专利名称,专利权人,申请日,法律状态,摘要\n"
        '1,名称,大学,2021-03-15,有效,"第一段\n第二段"\n'
        "2,名称二,大学,2021-03-16,有效,\n"
    )
    parsed = read_spreadsheet("清单.csv", text.encode())
    assert [row.number for row in parsed.rows] == [2, 3]
    assert parsed.rows[0].values["abstract"] == "第一段\n第二段"


# --- xlsx cell types -------------------------------------------------------------------------


def test_date_cells_become_iso_dates():
    rows = [
        [*HEADER, "授权公告日"],
        ["1", "名称", "内蒙古大学", dt.date(2021, 3, 15), "有效", dt.datetime(2023, 6, 20, 0, 0)],  # noqa: DTZ001
    ]
    values = read_spreadsheet("清单.xlsx", xlsx_bytes(rows)).rows[0].values
    assert values["filing_date"] == "2021-03-15"
    assert values["grant_date"] == "2023-06-20"


def test_numbers_come_back_as_typed():
    rows = [
        [*HEADER, "技术成熟度"],
        [202110123456.7, "名称", "内蒙古大学", "2021-03-15", "有效", 5.0],
        [2021101234567, "名称", "内蒙古大学", "2021-03-15", "有效", 6],
        [0.5, "名称", "内蒙古大学", "2021-03-15", "有效", 7.25],
    ]
    parsed = read_spreadsheet("清单.xlsx", xlsx_bytes(rows))
    assert [row.values["application_number"] for row in parsed.rows] == [
        "202110123456.7",
        "2021101234567",
        "0.5",
    ]
    assert [row.values["trl"] for row in parsed.rows] == ["5", "6", "7.25"]


def test_boolean_cells_read_as_excel_shows_them():
    rows = [[*HEADER, "关键词"], [*ROW, True]]
    assert read_spreadsheet("清单.xlsx", xlsx_bytes(rows)).rows[0].values["keywords"] == "TRUE"


def test_xlsx_formulas_are_flagged_and_kept_as_text():
    rows = [[*HEADER, "技术成熟度"], ["202110123456.7", "名称", '=B1&"大学"', "2021-03-15", "有效", "=2+3"]]
    row = read_spreadsheet("清单.xlsx", xlsx_bytes(rows)).rows[0]
    assert row.formula_fields == frozenset({"patentees", "trl"})
    assert row.values["trl"] == "=2+3"
    assert row.values["patentees"] == '=B1&"大学"'


def test_the_first_worksheet_is_read():
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(ROW)
    other = workbook.create_sheet("其他")
    other.append(["与导入无关"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = read_spreadsheet("清单.xlsx", buffer.getvalue())
    assert [row.values["title"] for row in parsed.rows] == [ROW[1]]


# --- csv encodings and delimiters ------------------------------------------------------------


def test_csv_formulas_are_flagged():
    row = ["202110123456.7", ' =HYPERLINK("http://x")', "内蒙古大学", "2021-03-15", "有效"]
    text = csv_text([HEADER, row])
    row = read_spreadsheet("清单.csv", text.encode()).rows[0]
    assert row.formula_fields == frozenset({"title"})
    assert row.values["title"] == '=HYPERLINK("http://x")'


def test_gbk_csv_from_chinese_excel_is_decoded_as_gb18030():
    data = csv_text([HEADER, ROW, SECOND]).encode("gbk")
    parsed = read_spreadsheet("清单.csv", data)
    assert parsed.encoding == "gb18030"
    assert parsed.rows[0].values["title"] == "一种稀土永磁材料的制备方法"
    assert parsed.rows[1].values["patentees"] == "内蒙古大学；内蒙古农业大学"


def test_utf8_bom_is_not_part_of_the_first_header():
    parsed = read_spreadsheet("清单.csv", csv_text([HEADER, ROW]).encode("utf-8-sig"))
    assert parsed.encoding == "utf-8"
    assert parsed.ignored_headers == ()
    assert parsed.rows[0].values["application_number"] == "202110123456.7"


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_delimiter_is_sniffed(delimiter):
    text = csv_text([[*HEADER, "摘要"], [*ROW, "一, 二, 三"], [*SECOND, "四;五"]], delimiter=delimiter)
    parsed = read_spreadsheet("清单.csv", text.encode())
    assert [row.values["application_number"] for row in parsed.rows] == [ROW[0], SECOND[0]]
    assert [row.values["abstract"] for row in parsed.rows] == ["一, 二, 三", "四;五"]


def test_commas_win_over_semicolons_inside_values():
    header = [*HEADER, "IPC分类号"]
    text = csv_text([header, [*ROW, "C22C 38/00;H01F 1/057"]])
    assert read_spreadsheet("清单.csv", text.encode()).rows[0].values["ipc_codes"] == "C22C 38/00;H01F 1/057"


def test_single_column_header_falls_back_to_comma():
    error = problem_of("清单.csv", "申请号\n202110123456.7\n".encode())
    assert error.problem == FileProblem.MISSING_COLUMNS


# --- refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \r\n\t ", b"\xef\xbb\xbf\r\n"])
@pytest.mark.parametrize("filename", ["清单.xlsx", "清单.csv", "清单.xls"])
def test_empty_files(filename, data):
    assert problem_of(filename, data).problem == FileProblem.EMPTY


def test_too_large_is_checked_first():
    error = problem_of("清单.exe", b"x" * 101, max_bytes=100)
    assert error.problem == FileProblem.TOO_LARGE
    assert error.detail == "100"
    assert read_spreadsheet("清单.csv", csv_text([HEADER, ROW]).encode(), max_bytes=1000).rows


def test_default_limits():
    assert MAX_BYTES == 10 * 1024 * 1024
    assert MAX_ROWS == 20_000


@pytest.mark.parametrize(
    ("filename", "extension"),
    [
        ("清单.xls", ".xls"),
        ("清单.XLS", ".xls"),
        ("清单.txt", ".txt"),
        ("清单.xlsx.exe", ".exe"),
        ("清单", ""),
        ("清单.ods", ".ods"),
    ],
)
def test_unsupported_types(filename, extension):
    error = problem_of(filename, xlsx_bytes([HEADER, ROW]))
    assert error.problem == FileProblem.UNSUPPORTED_TYPE
    assert error.detail == extension


def test_a_program_renamed_xlsx_is_refused():
    data = b"MZ\x90\x00" + random.Random(7).randbytes(4000)
    assert problem_of("清单.xlsx", data).problem == FileProblem.NOT_XLSX


def test_a_csv_renamed_xlsx_is_refused():
    assert problem_of("清单.xlsx", csv_text([HEADER, ROW]).encode()).problem == FileProblem.NOT_XLSX


def test_a_legacy_xls_renamed_xlsx_is_refused():
    ole_header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert problem_of("清单.xlsx", ole_header).problem == FileProblem.NOT_XLSX


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A zip archive holding these members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "members",
    [
        {"readme.txt": "不是表格".encode()},
        {"[Content_Types].xml": b"<not xml"},
        {
            "[Content_Types].xml": b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
        },
    ],
)
def test_a_zip_that_is_not_a_workbook_is_refused(members):
    assert problem_of("清单.xlsx", zip_bytes(members)).problem == FileProblem.NOT_XLSX


def test_a_word_document_renamed_xlsx_is_refused():
    members = {
        "[Content_Types].xml": (
            b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Override PartName="/word/document.xml" '
            b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            b"</Types>"
        ),
        "word/document.xml": b"<document/>",
    }
    assert problem_of("清单.xlsx", zip_bytes(members)).problem == FileProblem.NOT_XLSX


def test_a_truncated_workbook_is_refused():
    data = xlsx_bytes([HEADER, ROW])
    assert problem_of("清单.xlsx", data[: len(data) // 2]).problem == FileProblem.NOT_XLSX


def test_a_workbook_that_unpacks_to_far_more_than_the_limit_is_refused():
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes([HEADER, ROW]))) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["xl/media/padding.bin"] = bytes(2_000_000)
    data = zip_bytes(members)
    assert read_spreadsheet("清单.xlsx", data).rows  # fine under the default limit
    error = problem_of("清单.xlsx", data, max_bytes=50_000)
    assert error.problem == FileProblem.TOO_LARGE
    assert error.detail == "50000"


def test_nul_bytes_mean_not_a_csv():
    assert problem_of("清单.csv", csv_text([HEADER, ROW]).encode("utf-16")).problem == FileProblem.NOT_CSV
    assert problem_of("清单.csv", b"\x00\x01\x02binary").problem == FileProblem.NOT_CSV


@pytest.mark.parametrize("garbage", [b"\x81\x20", b"\xff\xfe\xfa", b"\x80"])
def test_bytes_neither_utf8_nor_gb18030_are_an_encoding_problem(garbage):
    data = csv_text([HEADER]).encode("gbk") + garbage + b",x\r\n"
    assert problem_of("清单.csv", data).problem == FileProblem.ENCODING


def test_invalid_utf8_after_a_bom_is_an_encoding_problem():
    data = b"\xef\xbb\xbf" + csv_text([HEADER, ROW]).encode("gbk")
    assert problem_of("清单.csv", data).problem == FileProblem.ENCODING


def test_a_record_csv_cannot_read_is_refused():
    huge = "长" * 200_000  # beyond the csv module's field size limit
    data = (csv_text([HEADER]) + f'"{huge}",x\r\n').encode()
    error = problem_of("清单.csv", data)
    assert error.problem == FileProblem.NOT_CSV
    assert error.detail == "2"


def test_no_header_when_every_row_is_empty():
    assert problem_of("清单.csv", b",,,\r\n , \r\n,\r\n").problem == FileProblem.NO_HEADER
    assert problem_of("清单.xlsx", xlsx_bytes([[], ["", None]])).problem == FileProblem.NO_HEADER
    assert problem_of("清单.xlsx", xlsx_bytes([])).problem == FileProblem.NO_HEADER


def test_missing_required_columns_are_named():
    rows = [["申请号", "专利名称", "摘要"], ["202110123456.7", "名称", "摘要"]]
    for data, filename in [(xlsx_bytes(rows), "清单.xlsx"), (csv_text(rows).encode(), "清单.csv")]:
        error = problem_of(filename, data)
        assert error.problem == FileProblem.MISSING_COLUMNS
        assert error.detail == "专利权人、申请日、法律状态"


def test_the_header_is_the_first_non_empty_row():
    error = problem_of("清单.xlsx", xlsx_bytes([["内蒙古大学专利清单"], HEADER, ROW]))
    assert error.problem == FileProblem.MISSING_COLUMNS
    assert error.detail == "申请号、专利名称、专利权人、申请日、法律状态"


@pytest.mark.parametrize("rows", [[HEADER], [HEADER, [], ["", " "]], [[], HEADER]])
def test_a_header_without_rows(rows):
    assert problem_of("清单.xlsx", xlsx_bytes(rows)).problem == FileProblem.NO_ROWS
    assert problem_of("清单.csv", csv_text(rows).encode()).problem == FileProblem.NO_ROWS


def test_too_many_rows():
    rows = [HEADER, ROW, [], SECOND, ROW]
    for filename, data in [("清单.xlsx", xlsx_bytes(rows)), ("清单.csv", csv_text(rows).encode())]:
        error = problem_of(filename, data, max_rows=2)
        assert error.problem == FileProblem.TOO_MANY_ROWS
        assert error.detail == "2"
        assert len(read_spreadsheet(filename, data, max_rows=3).rows) == 3


def test_errors_are_value_errors_carrying_their_code():
    error = SpreadsheetError(FileProblem.MISSING_COLUMNS, "申请号")
    assert isinstance(error, ValueError)
    assert error.problem == "missing_columns"
    assert error.detail == "申请号"
    assert SpreadsheetError(FileProblem.EMPTY).detail == ""


# --- template --------------------------------------------------------------------------------

ACCEPTED = {
    "legal_status": ["有效", "审中", "失效"],
    "industry": ["稀土及新材料", "现代农牧业"],
    "nonsense": ["x"],
}


def test_xlsx_template_round_trips():
    parsed = read_spreadsheet("模板.xlsx", template_xlsx(ACCEPTED))
    assert len(parsed.rows) == 1
    assert parsed.rows[0].number == 2
    assert parsed.rows[0].values == dict(TEMPLATE_EXAMPLE)
    assert parsed.rows[0].formula_fields == frozenset()
    assert parsed.ignored_headers == ()


def test_csv_template_round_trips():
    data = template_csv()
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = read_spreadsheet("模板.csv", data)
    assert parsed.encoding == "utf-8"
    assert len(parsed.rows) == 1
    assert parsed.rows[0].values == dict(TEMPLATE_EXAMPLE)


def test_template_example_is_the_documented_one():
    assert set(TEMPLATE_EXAMPLE) == set(COLUMN_KEYS)
    assert TEMPLATE_EXAMPLE["application_number"] == "202110123456.7"
    assert TEMPLATE_EXAMPLE["ipc_codes"] == "C22C 38/00；H01F 1/057"
    assert TEMPLATE_EXAMPLE["trl"] == "6"


def test_xlsx_template_layout():
    workbook = load_workbook(io.BytesIO(template_xlsx(ACCEPTED)))
    assert workbook.sheetnames == ["专利清单", "填写说明"]
    sheet = workbook["专利清单"]
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["申请号*", "专利名称*", "摘要"]
    assert header == [f"{column.zh}*" if column.required else column.zh for column in COLUMNS]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 2
    assert sheet["A2"].value == "202110123456.7"
    assert sheet["A2"].data_type == "s"
    assert sheet["H2"].value == "2021-03-15"  # a date as text
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["A"].width

    guide = [[cell.value or "" for cell in row] for row in workbook["填写说明"].iter_rows(min_row=2)]
    assert len(guide) == len(COLUMNS)
    by_name = {line[0]: line for line in guide}
    assert by_name["申请号"][1:3] == ["必填", "如 202110123456.7，可带 ZL 或 CN 前缀和文献种类代码"]
    assert by_name["摘要"][1] == "选填"
    assert by_name["法律状态"][3] == "有效、审中、失效"
    assert by_name["行业领域"][3] == "稀土及新材料、现代农牧业"
    assert by_name["关键词"][3] == ""


def test_template_csv_header_marks_required_columns():
    first_line = template_csv().decode("utf-8-sig").splitlines()[0]
    assert first_line.split(",")[:2] == ["申请号*", "专利名称*"]


# --- size ------------------------------------------------------------------------------------


def many_rows(count: int) -> list[list[str]]:
    """A header and `count` plausible rows using every column."""
    header = [column.zh for column in COLUMNS]
    rows = [header]
    for index in range(count):
        example = dict(TEMPLATE_EXAMPLE)
        example["application_number"] = f"2021{index:08d}.{index % 10}"
        rows.append([example[key] for key in COLUMN_KEYS])
    return rows


def test_five_thousand_csv_rows():
    parsed = read_spreadsheet("清单.csv", csv_text(many_rows(5000)).encode("utf-8"))
    assert len(parsed.rows) == 5000
    assert parsed.rows[-1].number == 5001
    assert parsed.rows[-1].values["application_number"] == "202100004999.9"


def test_five_thousand_xlsx_rows():
    parsed = read_spreadsheet("清单.xlsx", xlsx_bytes(many_rows(5000)))
    assert len(parsed.rows) == 5000
    assert parsed.rows[4999].values["title"] == "一种稀土永磁材料的制备方法"
