"""Search tokens: bigrams for Chinese, words for Latin text, safe handling of any query."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
def test_query_groups_without_glossary(query, groups):
    assert query_groups(query, expand=False) == groups


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
    assert highlight_terms("土 稀土永磁 NdFeB", expand=False) == ["ndfeb", "稀土永磁", "土"]


def test_a_chinese_glossary_term_also_matches_its_english_names():
    (group,) = query_groups("滴灌")
    assert group.tokens == ("滴灌",)
    assert QueryGroup(("drip", "irrigation"), prefix=True) in group.alternatives
    assert group.options[0] == QueryGroup(("滴灌",))


def test_an_english_phrase_of_the_glossary_is_one_group_with_chinese_alternatives():
    (group,) = query_groups("Rare-Earths")
    assert group.tokens == ("rare", "earths") and group.prefix
    assert QueryGroup(("稀土",)) in group.alternatives
    assert QueryGroup(("rare", "earth"), prefix=True) in group.alternatives


def test_mixed_query_keeps_other_words_as_their_own_groups():
    groups = query_groups("高性能 NdFeB 回收")
    assert [g.tokens for g in groups] == [("高性", "性能"), ("ndfeb",), ("回收",)]
    assert QueryGroup(("钕铁", "铁硼")) in groups[1].alternatives
    assert groups[0].alternatives == () and groups[2].alternatives == ()


def test_a_chinese_run_made_of_terms_is_split_into_them():
    groups = query_groups("稀土永磁的电机")
    assert [g.tokens for g in groups] == [("稀土", "土永", "永磁"), ("电机",)]
    assert all(g.alternatives for g in groups)


def test_a_chinese_run_with_other_words_stays_one_phrase_in_order():
    assert query_groups("永磁稀土") == [QueryGroup(("永磁", "磁稀", "稀土"))]
    assert query_groups("氧化镁粉") == [QueryGroup(("氧化", "化镁", "镁粉"))]
    (alone,) = query_groups("镁")
    assert QueryGroup(("magnesium",), prefix=True) in alone.alternatives


def test_unknown_words_are_not_expanded():
    assert query_groups("zzqx 某某某") == query_groups("zzqx 某某某", expand=False)


def test_highlight_terms_include_translations():
    terms = highlight_terms("rare earth 滴灌")
    assert {"rare earth", "稀土", "drip irrigation", "滴灌"} <= set(terms)
    assert terms == sorted(terms, key=lambda t: (-len(t), t))


@given(st.text(max_size=300))
def test_any_query_gives_well_formed_groups(query):
    groups = query_groups(query)
    assert len(groups) <= MAX_QUERY_GROUPS
    for group in groups:
        for option in group.options:
            assert option.tokens and all(token.isalnum() for token in option.tokens)
    highlight_terms(query)
