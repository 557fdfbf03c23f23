"""Validating spreadsheet rows into patent records; and the names people type for status and industry."""

from datetime import date

import pytest

from marketplace.core.application_number import PatentType
from marketplace.core.ipc import parse_ipc
from marketplace.core.patent_fields import (
    INDUSTRY_NAMES,
    LEGAL_STATUS_NAMES,
    Industry,
    LegalStatus,
    parse_industry,
    parse_legal_status,
)
from marketplace.core.patent_record import (
    FIELDS,
    PatentRecord,
    RowProblem,
    RowProblemCode,
    RowResult,
    names_patentee,
    parse_date,
    validate_record,
    validate_rows,
)

TODAY = date(2025, 6, 30)

# A real invention application (see test_application_number.py for the source).
VALID = {
    "application_number": "ZL 201110047567.0",
    "title": "一种稀土永磁材料及其制备方法",
    "abstract": "本发明公开了一种稀土永磁材料。",
    "claims_summary": "1. 一种稀土永磁材料，其特征在于……",
    "ipc_codes": "H01F 1/057; C22C 38/00 (2006.01)",
    "inventors": "张伟；李娜、王芳",
    "patentees": "内蒙古大学",
    "filing_date": "2011/2/28",
    "grant_date": "2013年5月8日",
    "legal_status": "有效",
    "industry": "稀土及新材料",
    "trl": "TRL 5",
    "keywords": "稀土, 永磁, 稀土",
}


def codes(problems):
    return [(problem.field, problem.code) for problem in problems]


def test_fully_valid_row():
    record, problems = validate_record(VALID, TODAY)
    assert problems == []
    assert record == PatentRecord(
        application=record.application,
        title="一种稀土永磁材料及其制备方法",
        abstract="本发明公开了一种稀土永磁材料。",
        claims_summary="1. 一种稀土永磁材料，其特征在于……",
        ipc_codes=(parse_ipc("H01F 1/057"), parse_ipc("C22C 38/00")),
        inventors=("张伟", "李娜", "王芳"),
        patentees=("内蒙古大学",),
        filing_date=date(2011, 2, 28),
        grant_date=date(2013, 5, 8),
        legal_status=LegalStatus.GRANTED,
        industry=Industry.RARE_EARTH_MATERIALS,
        trl=5,
        keywords=("稀土", "永磁"),
    )
    assert record.application.number == "201110047567.0"
    assert record.application.patent_type == PatentType.INVENTION
    assert record.expiry == date(2031, 2, 27)


def test_only_the_required_fields():
    values = {key: VALID[key] for key in ("application_number", "title", "patentees", "filing_date")}
    record, problems = validate_record({**values, "legal_status": "granted"}, TODAY)
    assert problems == []
    assert record.industry == Industry.OTHER
    assert (record.trl, record.grant_date, record.ipc_codes, record.inventors, record.keywords) == (
        None,
        None,
        (),
        (),
        (),
    )


@pytest.mark.parametrize("field", ["application_number", "title", "patentees", "filing_date", "legal_status"])
def test_required_fields(field):
    for empty in ({**VALID, field: ""}, {key: value for key, value in VALID.items() if key != field}):
        record, problems = validate_record(empty, TODAY)
        assert record is None
        assert problems == [RowProblem(field, RowProblemCode.REQUIRED, "")]


def test_patentees_of_only_separators_are_missing():
    record, problems = validate_record({**VALID, "patentees": "；、"}, TODAY)
    assert record is None
    assert codes(problems) == [("patentees", RowProblemCode.REQUIRED)]


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("title", 200),
        ("abstract", 5000),
        ("claims_summary", 5000),
        ("inventors", 500),
        ("patentees", 500),
        ("keywords", 300),
        ("ipc_codes", 300),
    ],
)
def test_maximum_lengths(field, limit):
    if field == "ipc_codes":
        codes_text = "H01F 1/057;" * (limit // 11)
        at_limit = codes_text + ";" * (limit - len(codes_text))
    else:
        at_limit = "甲" * limit
    assert len(at_limit) == limit
    assert validate_record({**VALID, field: at_limit}, TODAY)[1] == []
    too_long = at_limit + "乙"
    record, problems = validate_record({**VALID, field: too_long}, TODAY)
    assert record is None
    assert problems == [RowProblem(field, RowProblemCode.TOO_LONG, too_long[:50])]


def test_formula_cells_are_refused_and_not_parsed():
    record, problems = validate_record(VALID, TODAY, formula_fields=frozenset({"title", "filing_date"}))
    assert record is None
    assert codes(problems) == [("title", RowProblemCode.FORMULA), ("filing_date", RowProblemCode.FORMULA)]


def test_values_starting_with_equals_are_formulas():
    record, problems = validate_record({**VALID, "abstract": '=HYPERLINK("http://x")', "trl": "=1+1"}, TODAY)
    assert record is None
    assert problems == [
        RowProblem("abstract", RowProblemCode.FORMULA, '=HYPERLINK("http://x")'),
        RowProblem("trl", RowProblemCode.FORMULA, "=1+1"),
    ]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("20111004756.7", RowProblemCode.APPLICATION_NUMBER_FORMAT),
        ("CN102822194B", RowProblemCode.APPLICATION_NUMBER_FORMAT),
        ("201140047567.0", RowProblemCode.APPLICATION_NUMBER_TYPE),
        ("201110047567.1", RowProblemCode.APPLICATION_NUMBER_CHECK),
    ],
)
def test_application_number_problems(typed, code):
    record, problems = validate_record({**VALID, "application_number": typed}, TODAY)
    assert record is None
    assert problems == [RowProblem("application_number", code, typed)]


def test_ipc_problem_names_the_bad_code():
    record, problems = validate_record({**VALID, "ipc_codes": "H01F 1/057; C22C 38"}, TODAY)
    assert record is None
    assert problems == [RowProblem("ipc_codes", RowProblemCode.IPC_FORMAT, "C22C 38")]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2021-03-15", date(2021, 3, 15)),
        ("2021/3/15", date(2021, 3, 15)),
        ("2021.03.15", date(2021, 3, 15)),
        ("20210315", date(2021, 3, 15)),
        ("2021年3月15日", date(2021, 3, 15)),
        ("2021年03月15", date(2021, 3, 15)),
        ("2021-03-15 00:00:00", date(2021, 3, 15)),
        ("2021-03-15T00:00:00", date(2021, 3, 15)),
        ("２０２１－０３－１５", date(2021, 3, 15)),
        (" 2021-03-15 ", date(2021, 3, 15)),
        ("2021-02-30", None),
        ("2021/13/01", None),
        ("2021-03/15", None),
        ("15/03/2021", None),
        ("2021-3", None),
        ("March 15, 2021", None),
        ("44270", None),
        ("", None),
    ],
)
def test_date_forms(typed, expected):
    assert parse_date(typed) == expected


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"filing_date": "2011-02-30"}, "filing_date", RowProblemCode.DATE_FORMAT),
        ({"grant_date": "next year"}, "grant_date", RowProblemCode.DATE_FORMAT),
        ({"filing_date": "2025-07-01"}, "filing_date", RowProblemCode.FILING_IN_FUTURE),
        ({"grant_date": "2025-07-01"}, "grant_date", RowProblemCode.GRANT_IN_FUTURE),
        ({"grant_date": "2011-02-27"}, "grant_date", RowProblemCode.GRANT_BEFORE_FILING),
        ({"filing_date": "1985-03-31", "grant_date": ""}, "filing_date", RowProblemCode.FILING_BEFORE_1985),
        ({"legal_status": "审查中"}, "legal_status", RowProblemCode.LEGAL_STATUS_UNKNOWN),
        ({"industry": "航天"}, "industry", RowProblemCode.INDUSTRY_UNKNOWN),
        ({"trl": "0"}, "trl", RowProblemCode.TRL_RANGE),
        ({"trl": "10"}, "trl", RowProblemCode.TRL_RANGE),
        ({"trl": "5.5"}, "trl", RowProblemCode.TRL_RANGE),
        ({"trl": "high"}, "trl", RowProblemCode.TRL_RANGE),
    ],
)
def test_field_problems(changes, field, code):
    record, problems = validate_record({**VALID, **changes}, TODAY)
    assert record is None
    assert problems == [RowProblem(field, code, changes[field])]


@pytest.mark.parametrize(
    ("filing", "grant"),
    [("1985-04-01", "1986-01-01"), ("2025-06-30", "2025-06-30"), ("2011-02-28", "2011-02-28")],
)
def test_date_boundaries_are_allowed(filing, grant):
    values = {**VALID, "filing_date": filing, "grant_date": grant, "legal_status": "期满终止"}
    assert validate_record(values, TODAY)[1] == []


@pytest.mark.parametrize(
    ("typed", "level"), [("5", 5), ("5.0", 5), ("TRL5", 5), ("trl 9", 9), ("ＴＲＬ１", 1), ("５", 5)]
)
def test_trl_forms(typed, level):
    assert validate_record({**VALID, "trl": typed}, TODAY)[0].trl == level


def test_lists_are_split_trimmed_and_deduplicated():
    values = {**VALID, "inventors": " 张伟 ;李娜；；王芳,张伟，赵强、\n孙丽\r\n ", "keywords": "稀土\n永磁\n"}
    record, _ = validate_record(values, TODAY)
    assert record.inventors == ("张伟", "李娜", "王芳", "赵强", "孙丽")
    assert record.keywords == ("稀土", "永磁")


def test_every_problem_of_a_row_is_reported():
    values = {
        "application_number": "201110047567.1",
        "title": "",
        "ipc_codes": "Z01B 1/00",
        "patentees": "内蒙古大学",
        "filing_date": "2026-01-01",
        "grant_date": "2011-13-01",
        "legal_status": "不知道",
        "industry": "航天",
        "trl": "12",
        "keywords": "=cmd",
        "abstract": "摘" * 5001,
    }
    record, problems = validate_record(values, TODAY)
    assert record is None
    assert codes(problems) == [
        ("application_number", RowProblemCode.APPLICATION_NUMBER_CHECK),
        ("title", RowProblemCode.REQUIRED),
        ("abstract", RowProblemCode.TOO_LONG),
        ("ipc_codes", RowProblemCode.IPC_FORMAT),
        ("filing_date", RowProblemCode.FILING_IN_FUTURE),
        ("grant_date", RowProblemCode.DATE_FORMAT),
        ("legal_status", RowProblemCode.LEGAL_STATUS_UNKNOWN),
        ("industry", RowProblemCode.INDUSTRY_UNKNOWN),
        ("trl", RowProblemCode.TRL_RANGE),
        ("keywords", RowProblemCode.FORMULA),
    ]
    assert problems[2].value == "摘" * 50


def test_problem_codes_are_lower_case_names():
    assert all(code.value == code.name.lower() for code in RowProblemCode)
    assert {problem.field for problem in validate_record({}, TODAY)[1]} <= set(FIELDS)


def test_duplicates_across_rows():
    other = {**VALID, "application_number": "200820132792.8", "title": "一种实用新型",
             "legal_status": "期满终止"}
    rows = [
        (2, VALID, frozenset()),
        (3, other, frozenset()),
        (4, {**VALID, "application_number": "２０１１１００４７５６７０", "title": "重复"}, frozenset()),
        (5, {**other, "trl": "99"}, frozenset()),
        (6, {**VALID, "application_number": "ZL201110047567.0"}, frozenset()),
        (7, {**VALID, "application_number": "201110047567.1"}, frozenset()),
    ]
    results = validate_rows(rows, TODAY)
    assert [result.row_number for result in results] == [2, 3, 4, 5, 6, 7]
    assert results[0].record is not None and results[0].problems == ()
    assert results[1].record is not None and results[1].problems == ()
    assert results[2] == RowResult(
        4,
        None,
        (RowProblem("application_number", RowProblemCode.DUPLICATE_IN_FILE, "２０１１１００４７５６７０"),),
    )
    assert results[3].record is None
    assert codes(results[3].problems) == [
        ("application_number", RowProblemCode.DUPLICATE_IN_FILE),
        ("trl", RowProblemCode.TRL_RANGE),
    ]
    assert codes(results[4].problems) == [("application_number", RowProblemCode.DUPLICATE_IN_FILE)]
    assert codes(results[5].problems) == [("application_number", RowProblemCode.APPLICATION_NUMBER_CHECK)]


def test_a_first_row_with_other_problems_still_counts_for_duplicates():
    rows = [
        (2, {**VALID, "title": ""}, frozenset()),
        (3, VALID, frozenset()),
    ]
    first, second = validate_rows(rows, TODAY)
    assert codes(first.problems) == [("title", RowProblemCode.REQUIRED)]
    assert codes(second.problems) == [("application_number", RowProblemCode.DUPLICATE_IN_FILE)]


def test_formula_fields_are_per_row():
    rows = [(2, VALID, frozenset({"keywords"})), (3, {**VALID, "title": "x"}, frozenset())]
    results = validate_rows(rows, TODAY)
    assert codes(results[0].problems) == [("keywords", RowProblemCode.FORMULA)]
    assert codes(results[1].problems) == [("application_number", RowProblemCode.DUPLICATE_IN_FILE)]


@pytest.mark.parametrize(
    ("typed", "status"),
    [
        *[(name, status) for status, name in LEGAL_STATUS_NAMES.items()],
        *[(status.value, status) for status in LegalStatus],
        ("授权", LegalStatus.GRANTED),
        ("专利权维持", LegalStatus.GRANTED),
        ("有效专利", LegalStatus.GRANTED),
        ("Granted", LegalStatus.GRANTED),
        ("IN FORCE", LegalStatus.GRANTED),
        ("in  force", LegalStatus.GRANTED),
        ("未缴年费", LegalStatus.LAPSED),
        ("年费终止", LegalStatus.LAPSED),
        ("失效", LegalStatus.LAPSED),
        ("Lapsed", LegalStatus.LAPSED),
        ("期限届满", LegalStatus.EXPIRED),
        ("届满终止", LegalStatus.EXPIRED),
        ("期满", LegalStatus.EXPIRED),
        ("EXPIRED", LegalStatus.EXPIRED),
        ("无效", LegalStatus.INVALIDATED),
        ("全部无效", LegalStatus.INVALIDATED),
        ("无效宣告", LegalStatus.INVALIDATED),
        ("Invalid", LegalStatus.INVALIDATED),
        ("ｇｒａｎｔｅｄ", LegalStatus.GRANTED),
        (" 有效 ", LegalStatus.GRANTED),
    ],
)
def test_legal_status_names(typed, status):
    assert parse_legal_status(typed) == status


@pytest.mark.parametrize("typed", ["", "审查中", "pending", "有"])
def test_unknown_legal_status(typed):
    assert parse_legal_status(typed) is None


@pytest.mark.parametrize(
    ("typed", "industry"),
    [
        *[(name, industry) for industry, name in INDUSTRY_NAMES.items()],
        *[(industry.value, industry) for industry in Industry],
        ("New energy", Industry.NEW_ENERGY),
        ("NEW_ENERGY", Industry.NEW_ENERGY),
        ("rare earth materials", Industry.RARE_EARTH_MATERIALS),
        ("Biomedicine", Industry.BIOMEDICINE),
        ("稀土", Industry.RARE_EARTH_MATERIALS),
        ("新材料", Industry.RARE_EARTH_MATERIALS),
        ("煤化工", Industry.COAL_CHEMICALS),
        ("乳业", Industry.DAIRY_FOOD),
        ("食品", Industry.DAIRY_FOOD),
        ("农牧业", Industry.AGRICULTURE_LIVESTOCK),
        ("生物医药", Industry.BIOMEDICINE),
        ("蒙医药", Industry.BIOMEDICINE),
        ("装备制造", Industry.EQUIPMENT),
        ("电子", Industry.INFORMATION),
        ("信息", Industry.INFORMATION),
        ("环保", Industry.ENVIRONMENT),
        ("冶金", Industry.METALLURGY),
        ("Other", Industry.OTHER),
    ],
)
def test_industry_names(typed, industry):
    assert parse_industry(typed) == industry


@pytest.mark.parametrize("typed", ["", "  ", "航天", "space"])
def test_unknown_or_empty_industry(typed):
    assert parse_industry(typed) is None


def test_every_member_has_a_chinese_name():
    assert set(LEGAL_STATUS_NAMES) == set(LegalStatus)
    assert set(INDUSTRY_NAMES) == set(Industry)


HOSTILE_CELLS = ['=HYPERLINK("http://x")', "@SUM(A1)", "+1", "-2+3", "\t=1", "\r=1", "-1"]


@pytest.mark.parametrize("field", ["title", "abstract", "patentees", "inventors", "keywords", "ipc_codes",
                                   "trl"])
@pytest.mark.parametrize("typed", HOSTILE_CELLS)
def test_every_formula_trigger_is_refused(field, typed):
    record, problems = validate_record({**VALID, field: typed}, TODAY)
    assert record is None
    assert problems == [RowProblem(field, RowProblemCode.FORMULA, typed.strip())]


@pytest.mark.parametrize(("typed", "code"), [
    ("A01", RowProblemCode.IPC_INCOMPLETE),
    ("G06Q; B29", RowProblemCode.IPC_INCOMPLETE),
    ("G06Q 12", RowProblemCode.IPC_FORMAT),
])
def test_incomplete_ipc_codes_say_so(typed, code):
    record, problems = validate_record({**VALID, "ipc_codes": typed}, TODAY)
    assert record is None
    assert codes(problems) == [("ipc_codes", code)]


def test_subclass_level_ipc_codes_are_stored():
    record, problems = validate_record({**VALID, "ipc_codes": "B29C；G01C 21/20；G06Q"}, TODAY)
    assert problems == []
    assert [str(code) for code in record.ipc_codes] == ["B29C", "G01C 21/20", "G06Q"]
    assert (record.ipc_codes[0].section, record.ipc_codes[0].ipc_class) == ("B", "B29")


@pytest.mark.parametrize("typed", ["CN201110047567.0A", "CN 201110047567.0 B", "cn2011100475670b"])
def test_application_numbers_with_kind_codes_are_stored_canonically(typed):
    record, problems = validate_record({**VALID, "application_number": typed}, TODAY)
    assert problems == []
    assert record.application.number == "201110047567.0"


def test_a_kind_code_of_another_patent_type_is_refused():
    record, problems = validate_record({**VALID, "application_number": "CN201110047567.0U"}, TODAY)
    assert codes(problems) == [("application_number", RowProblemCode.APPLICATION_NUMBER_KIND)]


@pytest.mark.parametrize(("number", "filing", "in_force_allowed"), [
    ("201110047567.0", "2005-07-01", True),  # invention: last day in force 2025-06-30 = today
    ("201110047567.0", "2005-06-30", False),  # invention: ended 2025-06-29
    ("200820132792.8", "2008-10-20", False),  # utility model: ten years
    ("201630022770.6", "2016-01-15", True),  # design filed before 2021-06-01: ten years, to 2026-01-14
    ("201630022770.6", "2015-06-30", False),
])
def test_in_force_is_refused_once_the_term_has_ended(number, filing, in_force_allowed):
    values = {**VALID, "application_number": number, "filing_date": filing, "grant_date": ""}
    record, problems = validate_record(values, TODAY)
    if in_force_allowed:
        assert problems == []
    else:
        assert record is None
        assert problems == [RowProblem("legal_status", RowProblemCode.IN_FORCE_AFTER_EXPIRY, "有效")]
        record, problems = validate_record({**values, "legal_status": "期满终止"}, TODAY)
        assert problems == [] and record.legal_status == LegalStatus.EXPIRED


@pytest.mark.parametrize(("patentees", "university", "named"), [
    (("内蒙古大学",), "内蒙古大学", True),
    (("内蒙古工业大学", "内蒙古大学"), "内蒙古大学", True),
    (("内蒙古大学（呼和浩特）",), "内蒙古大学", True),
    (("内蒙古 大学",), "内蒙古大学", True),
    (("Inner Mongolia University",), "inner mongolia university", True),
    (("内蒙古工业大学",), "内蒙古大学", False),
    (("内蒙古大学",), "内蒙古工业大学", False),
    ((), "内蒙古大学", False),
    (("内蒙古大学",), "", False),
])
def test_names_patentee(patentees, university, named):
    assert names_patentee(patentees, university) is named
