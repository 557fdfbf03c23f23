"""Search tokens: bigrams for Chinese, words for Latin text, safe handling of any query."""

import pytest

from marketplace.core.search_tokens import (
    MAX_QUERY_GROUPS,
    QueryGroup,
    document_tokens,
    highlight_terms,
    query_groups,
)


def test_chinese_runs_become_bigrams_and_a_last_character():
    assert document_tokens("稀土永磁") == ["稀土", "土永", "永磁", "磁"]
    assert document_tokens("钢") == ["钢"]


def test_mixed_text_keeps_order_and_folds_case_and_width():
    assert document_tokens("NdFeB永磁体，Ｌｉ电池 2021") == [
        "ndfeb", "永磁", "磁体", "体", "li", "电池", "池", "2021",
    ]


@pytest.mark.parametrize(
    ("query", "groups"),
    [
        ("钢", [QueryGroup(("钢",), prefix=True)]),
        ("稀土", [QueryGroup(("稀土",))]),
        ("稀土永磁", [QueryGroup(("稀土", "土永", "永磁"))]),
        ("Battery", [QueryGroup(("battery",), prefix=True)]),
        ("5G 稀土", [QueryGroup(("5g",)), QueryGroup(("稀土",))]),
    ],
)
def test_query_groups(query, groups):
    assert query_groups(query) == groups


@pytest.mark.parametrize(
    "query",
    ['"', "AND", "*", 'NEAR("a" "b")', "'; DROP TABLE patent; --", "稀土 OR 1=1", "^", "x" * 2000],
)
def test_hostile_queries_become_plain_tokens(query):
    for group in query_groups(query):
        for token in group.tokens:
            assert token.isalnum()


def test_query_is_capped():
    words = " ".join(f"w{i}" for i in range(100))
    assert len(query_groups(words)) == MAX_QUERY_GROUPS


def test_every_occurrence_of_a_character_starts_a_token():
    # A one-character query matches by prefix: each character of a run starts some token.
    text = "高纯稀土金属"
    tokens = document_tokens(text)
    for char in text:
        assert any(token.startswith(char) for token in tokens)


def test_highlight_terms_longest_first():
    assert highlight_terms("土 稀土永磁 NdFeB") == ["ndfeb", "稀土永磁", "土"]
