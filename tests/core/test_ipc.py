"""IPC codes: the forms people type, the canonical display, lists, and refusals."""

import pytest

from marketplace.core.ipc import IncompleteIpcCode, InvalidIpcCode, IpcCode, parse_ipc, parse_ipc_list


def test_code_is_split_into_its_levels():
    assert parse_ipc("C22C 38/00") == IpcCode(section="C", ipc_class="C22", subclass="C22C", group="38/00")


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("C22C 38/00", "C22C 38/00"),
        ("c22c38/00", "C22C 38/00"),
        ("C22C    38/00", "C22C 38/00"),
        ("  C22C 38/00 ", "C22C 38/00"),
        ("Ｃ２２Ｃ\u3000３８／００", "C22C 38/00"),
        ("C22C 38/00(2006.01)", "C22C 38/00"),
        ("C22C 38/00 (2006.01)", "C22C 38/00"),
        ("C22C 38/00（2006.01）", "C22C 38/00"),
        ("H01F 1/057", "H01F 1/057"),
        ("H01F 1/0577", "H01F 1/0577"),
        ("A61K 36/185", "A61K 36/185"),
        ("G06F 16/9535", "G06F 16/9535"),
        ("H01M 10/0525", "H01M 10/0525"),
        ("A01K 67/033", "A01K 67/033"),
        ("B22F 1/000000", "B22F 1/000000"),
        ("A23C 9/13", "A23C 9/13"),
        ("C07D 1234/56", "C07D 1234/56"),
    ],
)
def test_valid_forms_are_canonicalised(typed, canonical):
    assert str(parse_ipc(typed)) == canonical


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "Z01B 1/00",
        "I01B 1/00",
        "C2C 38/00",
        "C222C 38/00",
        "C22 38/00",
        "C22C 38",
        "C22C 38/0",
        "C22C/00",
        "38/00",
        "C22C 12345/00",
        "C22C 0/00",
        "C22C 38/1234567",
        "C22C 38-00",
        "C22C 38/00 (2006)",
        "C22C 38/00 extra",
        "1C22C 38/00",
    ],
)
def test_malformed_codes_are_refused(typed):
    with pytest.raises(InvalidIpcCode) as caught:
        parse_ipc(typed)
    assert caught.value.code_text == typed.strip()


def test_list_separators():
    expected = ["C22C 38/00", "H01F 1/057", "A61K 36/185", "G06F 16/9535", "H01M 10/0525", "A01K 67/033"]
    typed = "C22C 38/00; H01F 1/057,A61K 36/185；G06F 16/9535，H01M 10/0525、A01K 67/033"
    assert [str(code) for code in parse_ipc_list(typed)] == expected
    assert [str(code) for code in parse_ipc_list("\n".join(expected))] == expected


def test_white_space_separates_complete_codes():
    assert [str(code) for code in parse_ipc_list("C22C 38/00 H01F 1/057")] == ["C22C 38/00", "H01F 1/057"]
    assert [str(code) for code in parse_ipc_list("c22c38/00  h01f1/057(2006.01) A23C 9/13 (2006.01)")] == [
        "C22C 38/00",
        "H01F 1/057",
        "A23C 9/13",
    ]


@pytest.mark.parametrize("typed", ["", "   ", "\n", ";;", " ； ， "])
def test_empty_list(typed):
    assert parse_ipc_list(typed) == []


def test_duplicates_are_removed_keeping_order():
    codes = parse_ipc_list("H01F 1/057; C22C 38/00; h01f1/057(2006.01); C22C 38/00")
    assert [str(code) for code in codes] == ["H01F 1/057", "C22C 38/00"]


@pytest.mark.parametrize(
    ("typed", "bad_piece"),
    [
        ("C22C 38/00; Z01B 1/00; C2C 38/00", "Z01B 1/00"),
        ("C22C 38/00 C22C 38", "C22C 38"),
        ("38/00, C22C 38/00", "38/00"),
        ("C22C 38/00 H01", "H01"),
        ("C22C 38/00, steel", "steel"),
    ],
)
def test_first_bad_piece_is_reported(typed, bad_piece):
    with pytest.raises(InvalidIpcCode) as caught:
        parse_ipc_list(typed)
    assert caught.value.code_text == bad_piece


@pytest.mark.parametrize(("typed", "canonical"), [
    ("B29C", "B29C"), ("g01c", "G01C"), ("Ｇ０６Ｑ", "G06Q"), ("G06Q (2012.01)", "G06Q"), (" A01B ", "A01B"),
])
def test_a_subclass_is_a_complete_code(typed, canonical):
    code = parse_ipc(typed)
    assert str(code) == canonical
    assert (code.section, code.ipc_class, code.subclass, code.group) == (
        canonical[0], canonical[:3], canonical, "")


def test_subclasses_in_a_list_keep_their_order_beside_full_codes():
    codes = parse_ipc_list("B29C；G01C 21/20 G06Q、B29C")
    assert [str(code) for code in codes] == ["B29C", "G01C 21/20", "G06Q"]


@pytest.mark.parametrize(("typed", "shown"), [("A01", "A01"), ("a01", "a01"), ("G", "G"), ("Ｈ０１", "H01")])
def test_a_bare_section_or_class_is_refused_as_incomplete(typed, shown):
    with pytest.raises(IncompleteIpcCode) as caught:
        parse_ipc(typed)
    assert isinstance(caught.value, InvalidIpcCode)
    assert caught.value.code_text == shown
