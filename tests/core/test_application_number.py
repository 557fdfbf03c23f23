"""Chinese patent application numbers: real numbers, canonical form, check digits, every refusal."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.core.application_number import (
    ApplicationNumber,
    ApplicationNumberProblem,
    InvalidApplicationNumber,
    PatentType,
    check_digit,
    parse_application_number,
)

# Real application numbers, each checked against check_digit() before use. (number, year, type, pct)
REAL = [
    # Invention, 2011. yutian1012/migrate-core, PatentNoFormater.java (sample of historical data).
    ("201110047567.0", 2011, PatentType.INVENTION, False),
    # Utility model, 2008. yutian1012/migrate-core, PatentNoFormater.java ("ZL200820132792.8").
    ("200820132792.8", 2008, PatentType.UTILITY_MODEL, False),
    # Utility model, 2015. Google Patents, CN205012521U (application number CN201520546560.7U).
    ("201520546560.7", 2015, PatentType.UTILITY_MODEL, False),
    # Utility model, 2020. trea.com, US 20220087036 "Display Apparatus", priority claim to
    # "Chinese Patent Application No. 202022032707.4".
    ("202022032707.4", 2020, PatentType.UTILITY_MODEL, False),
    # Utility model with check digit X, 2014. qianchenzhumeng/qianchenzhumeng.github.io, tabs/about.md
    # (一种消防水泵运行状况的自动采集监控系统, 201420818800X).
    ("201420818800.X", 2014, PatentType.UTILITY_MODEL, False),
    # Designs, 2016. qianchenzhumeng/qianchenzhumeng.github.io, tabs/about.md (烟雾探测照明灯, 圆型 and 方型).
    ("201630022770.6", 2016, PatentType.DESIGN, False),
    ("201630022767.4", 2016, PatentType.DESIGN, False),
    # Invention with check digit X, 2018. Publication list of 齐俏 (Zhejiang University), a GitHub-hosted
    # homepage found through the code index: "专利号：ZL201811564288.X".
    ("201811564288.X", 2018, PatentType.INVENTION, False),
    # Pre-2003 invention, 1999. Profile of 丁文江 (Shanghai Jiao Tong University) quoted in a public GitHub
    # script found through the code index: "铸造阻燃镁合金及其熔炼和铸造工艺，1999年，专利号ZL99113861.9".
    ("99113861.9", 1999, PatentType.INVENTION, False),
    # Pre-2003 invention, 2001, same profile: "镁合金专用水平连铸机，2001年，专利号ZL01105715.7".
    ("01105715.7", 2001, PatentType.INVENTION, False),
    # Pre-2003 PCT invention in the national phase, 2000. Google Patents, CN1157005C
    # (application "CNB008164223A", i.e. 00816422.3).
    ("00816422.3", 2000, PatentType.INVENTION, True),
]

NUMBERS = [number for number, *_ in REAL]


@pytest.mark.parametrize(("number", "year", "patent_type", "pct"), REAL)
def test_real_numbers_are_accepted(number, year, patent_type, pct):
    assert parse_application_number(number) == ApplicationNumber(number, year, patent_type, pct)


@pytest.mark.parametrize("number", NUMBERS)
def test_real_numbers_carry_their_own_check_digit(number):
    digits, check = number.split(".")
    assert check_digit(digits) == check


@pytest.mark.parametrize("number", NUMBERS)
def test_prefixes_spaces_full_width_and_a_missing_dot_are_accepted(number):
    digits, check = number.split(".")
    spaced = " ".join(digits[i:i + 4] for i in range(0, len(digits), 4)) + " . " + check
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in "ZL" + digits) + "．" + check
    for typed in (
        "ZL" + number,
        "zl" + number,
        "CN" + number,
        "cn " + number,
        "ZL " + spaced,
        full_width,
        digits + check,
        "ZL" + digits + check.lower(),
        f"\u3000{number}\t",
    ):
        assert parse_application_number(typed).number == number, typed


def test_patent_number_is_zl_plus_application_number():
    assert parse_application_number("2011 1 0047567.0").patent_number == "ZL201110047567.0"


@pytest.mark.parametrize("number", NUMBERS)
def test_changing_any_single_digit_is_caught(number):
    digits, check = number.split(".")
    type_position = 4 if len(digits) == 12 else 2
    characters = digits + check
    for position, original in enumerate(characters):
        choices = "0123456789X" if position == len(digits) else "0123456789"
        for replacement in choices:
            if replacement == original:
                continue
            changed = characters[:position] + replacement + characters[position + 1:]
            typed = f"{changed[:-1]}.{changed[-1]}"
            with pytest.raises(InvalidApplicationNumber) as caught:
                parse_application_number(typed)
            if position == type_position and replacement not in "12389":
                assert caught.value.problem == ApplicationNumberProblem.TYPE_DIGIT, typed
            else:
                assert caught.value.problem == ApplicationNumberProblem.CHECK_DIGIT, typed


def test_check_digit_examples():
    assert check_digit("202110123456") == "7"  # 117 mod 11
    assert check_digit("98123456") == "9"
    assert check_digit("201420818800") == "X"


def test_pre_2003_example_from_the_rules():
    parsed = parse_application_number("98123456.9")
    assert (parsed.year, parsed.patent_type, parsed.pct) == (1998, PatentType.INVENTION, False)


@pytest.mark.parametrize(
    ("typed", "patent_type", "pct"),
    [
        ("202110123456.7", PatentType.INVENTION, False),
        (f"202120123456.{check_digit('202120123456')}", PatentType.UTILITY_MODEL, False),
        (f"202130123456.{check_digit('202130123456')}", PatentType.DESIGN, False),
        (f"202180123456.{check_digit('202180123456')}", PatentType.INVENTION, True),
        (f"202190123456.{check_digit('202190123456')}", PatentType.UTILITY_MODEL, True),
    ],
)
def test_type_digits(typed, patent_type, pct):
    parsed = parse_application_number(typed)
    assert (parsed.patent_type, parsed.pct) == (patent_type, pct)


@pytest.mark.parametrize(
    ("digits", "year"),
    [("85100001", 1985), ("99113861", 1999), ("00816422", 2000), ("03100000", 2003), ("200310000001", 2003)],
)
def test_years(digits, year):
    assert parse_application_number(f"{digits}.{check_digit(digits)}").year == year


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", ApplicationNumberProblem.EMPTY),
        ("   ", ApplicationNumberProblem.EMPTY),
        ("\u3000", ApplicationNumberProblem.EMPTY),
        ("ZL", ApplicationNumberProblem.FORMAT),
        ("201110047567", ApplicationNumberProblem.FORMAT),  # no check digit
        ("20111004756.0", ApplicationNumberProblem.FORMAT),  # eleven digits
        ("2011100475670.0", ApplicationNumberProblem.FORMAT),  # thirteen digits
        ("9911386.9", ApplicationNumberProblem.FORMAT),  # seven digits
        ("991138611.9", ApplicationNumberProblem.FORMAT),  # nine digits then a check
        ("201110047567.A", ApplicationNumberProblem.FORMAT),
        ("201110047567..0", ApplicationNumberProblem.FORMAT),
        ("2011-10047567.0", ApplicationNumberProblem.FORMAT),
        ("US201110047567.0", ApplicationNumberProblem.FORMAT),
        ("CN1157005C", ApplicationNumberProblem.FORMAT),  # a publication number, not an application
        ("201140047567.0", ApplicationNumberProblem.TYPE_DIGIT),
        ("201110047567.1", ApplicationNumberProblem.CHECK_DIGIT),
        ("201420818800.0", ApplicationNumberProblem.CHECK_DIGIT),
    ],
)
def test_refusals_say_why(typed, problem):
    with pytest.raises(InvalidApplicationNumber) as caught:
        parse_application_number(typed)
    assert caught.value.problem == problem


@pytest.mark.parametrize("digits", ["200210000001", "199810012345", "04100000", "84100000"])
def test_years_no_number_of_that_shape_can_have_are_refused(digits):
    with pytest.raises(InvalidApplicationNumber) as caught:
        parse_application_number(f"{digits}.{check_digit(digits)}")
    assert caught.value.problem == ApplicationNumberProblem.FORMAT


@pytest.mark.parametrize("digits", ["", "2021101234", "20211012345a", "２０２１１０１２３４５６"])
def test_check_digit_needs_eight_or_twelve_ascii_digits(digits):
    with pytest.raises(InvalidApplicationNumber):
        check_digit(digits)


@given(
    year=st.integers(min_value=2003, max_value=2099),
    type_digit=st.sampled_from("12389"),
    serial=st.integers(min_value=0, max_value=9_999_999),
)
def test_any_twelve_digit_number_with_its_check_digit_parses_back_to_itself(year, type_digit, serial):
    digits = f"{year}{type_digit}{serial:07d}"
    number = f"{digits}.{check_digit(digits)}"
    parsed = parse_application_number(number)
    assert parsed.number == number
    assert parsed.year == year
    assert parse_application_number("ZL " + digits + check_digit(digits).lower()) == parsed


@given(
    year=st.sampled_from([*range(85, 100), *range(0, 4)]),
    type_digit=st.sampled_from("12389"),
    serial=st.integers(min_value=0, max_value=99_999),
)
def test_any_eight_digit_number_with_its_check_digit_parses_back_to_itself(year, type_digit, serial):
    digits = f"{year:02d}{type_digit}{serial:05d}"
    number = f"{digits}.{check_digit(digits)}"
    assert parse_application_number(number).number == number


@pytest.mark.parametrize("typed", [
    "CN201010596747XA", "CN 201010596747.X A", "CN201010596747.XB", "cn201010596747.xa",
    "ZL201010596747.X", "ＣＮ２０１０１０５９６７４７．Ｘ　Ａ", "CN 2010 1059 6747.X B1",
])
def test_numbers_as_patent_search_sites_print_them(typed):
    assert parse_application_number(typed).number == "201010596747.X"


@pytest.mark.parametrize(("typed", "problem"), [
    ("CN201010596747.0A", ApplicationNumberProblem.CHECK_DIGIT),  # a kind code does not excuse a wrong check
    ("CN2010105967470B", ApplicationNumberProblem.CHECK_DIGIT),
    ("CN201010596747.XU", ApplicationNumberProblem.KIND_CODE),  # U is a utility model's kind code
    ("CN201520546560.7A", ApplicationNumberProblem.KIND_CODE),  # A is an invention's
    ("CN201630022770.6U", ApplicationNumberProblem.KIND_CODE),
    ("CN201010596747.XAB", ApplicationNumberProblem.FORMAT),
    ("CN201010596747.XA12", ApplicationNumberProblem.FORMAT),
    ("CN102822194B", ApplicationNumberProblem.FORMAT),  # a publication number
    ("CN102108123A", ApplicationNumberProblem.FORMAT),
])
def test_kind_codes_do_not_hide_a_wrong_number(typed, problem):
    with pytest.raises(InvalidApplicationNumber) as caught:
        parse_application_number(typed)
    assert caught.value.problem == problem


_KIND_CODES = {PatentType.INVENTION: "ABC", PatentType.UTILITY_MODEL: "UY", PatentType.DESIGN: "SD"}


def _printed(digits: str, check: str, kind: str, style: int) -> str:
    """One of the ways search sites and documents print an application number with its kind code."""
    return [
        f"CN{digits}{check}{kind}",
        f"CN {digits}.{check} {kind}",
        f"CN{digits}.{check}{kind}",
        f"ZL{digits}.{check}",
        "".join(chr(ord(ch) + 0xFEE0) for ch in f"CN{digits}") + "．" + check + "\u3000" + kind,
        f"cn {digits[:4]} {digits[4:]} . {check.lower()}{kind.lower()}",
    ][style]


@given(
    year=st.integers(min_value=2003, max_value=2099),
    type_digit=st.sampled_from("12389"),
    serial=st.integers(min_value=0, max_value=9_999_999),
    kind_index=st.integers(min_value=0, max_value=2),
    style=st.integers(min_value=0, max_value=5),
)
def test_any_printed_form_with_a_fitting_kind_code_is_canonicalised(year, type_digit, serial, kind_index,
                                                                    style):
    digits = f"{year}{type_digit}{serial:07d}"
    number = f"{digits}.{check_digit(digits)}"
    expected = parse_application_number(number)
    kinds = _KIND_CODES[expected.patent_type]
    kind = kinds[kind_index % len(kinds)]
    assert parse_application_number(_printed(digits, check_digit(digits), kind, style)) == expected


@given(
    year=st.integers(min_value=2003, max_value=2099),
    type_digit=st.sampled_from("12389"),
    serial=st.integers(min_value=0, max_value=9_999_999),
    wrong=st.sampled_from("0123456789X"),
    style=st.integers(min_value=0, max_value=5),
)
def test_a_wrong_check_digit_is_refused_in_every_printed_form(year, type_digit, serial, wrong, style):
    digits = f"{year}{type_digit}{serial:07d}"
    if wrong == check_digit(digits):
        wrong = "0" if wrong != "0" else "1"
    kind = _KIND_CODES[parse_application_number(f"{digits}.{check_digit(digits)}").patent_type][0]
    with pytest.raises(InvalidApplicationNumber) as caught:
        parse_application_number(_printed(digits, wrong, kind, style))
    assert caught.value.problem == ApplicationNumberProblem.CHECK_DIGIT
