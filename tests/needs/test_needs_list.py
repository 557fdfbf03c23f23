"""The public list of needs: live needs only, newest first, search words all found (Chinese substrings,
English, wildcards taken literally), facet counts over the result, filters, pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from marketplace.accounts.models import Role
from marketplace.core.need_state import NeedStatus, NeedVisibility
from marketplace.core.patent_fields import Industry
from tests.helpers import login, page_text


def _titles(client, url: str) -> list[str]:
    """The need titles listed on the page, in order."""
    return re.findall(r'<a href="/needs/\d+">([^<]+)</a>', client.get(url).get_data(as_text=True))


def test_only_live_needs_are_listed_newest_first(client, make_need):
    base = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
    make_need(title="旧的征集中需求", created_at=base)
    make_need(title="新的洽谈中需求", created_at=base + timedelta(days=3), status=NeedStatus.IN_TALKS)
    make_need(title="已解决的需求", created_at=base + timedelta(days=5), status=NeedStatus.SOLVED)
    make_need(title="已关闭的需求", created_at=base + timedelta(days=6), status=NeedStatus.CLOSED)
    assert _titles(client, "/needs") == ["新的洽谈中需求", "旧的征集中需求"]


def test_every_search_word_must_be_found_in_title_description_or_keywords(client, make_need):
    make_need(title="永磁电机降本", description="想少用镝铽", keywords="钕铁硼；晶界扩散")
    make_need(title="PEM electrolyser membrane", description="膜电极寿命短，想找低铱催化剂")
    make_need(title="滴灌带老堵", description="黄河水含沙多")
    assert _titles(client, "/needs?q=镝") == ["永磁电机降本"]
    assert _titles(client, "/needs?q=晶界") == ["永磁电机降本"]
    assert _titles(client, "/needs?q=pem 铱") == ["PEM electrolyser membrane"]
    assert _titles(client, "/needs?q=PEM，滴灌") == []
    assert _titles(client, "/needs?q=含沙+滴灌") == ["滴灌带老堵"]


def test_like_wildcards_typed_are_taken_literally(client, make_need):
    make_need(title="纯度99%的氧化铈", description="要求纯度达到百分之九十九")
    make_need(title="普通需求一", description="没有百分号")
    assert _titles(client, "/needs?q=%25") == ["纯度99%的氧化铈"]
    assert _titles(client, "/needs?q=_") == []
    assert _titles(client, "/needs?q=%5C") == []


def test_facets_count_the_result_and_filters_narrow_it(client, make_need):
    make_need(title="甲", industry=Industry.NEW_ENERGY, region="鄂尔多斯市", plan_kinds="try_first,staged",
              budget_max_fen=30_000_000)
    make_need(title="乙", industry=Industry.NEW_ENERGY, region="包头市", plan_kinds="",
              budget_min_fen=2_000_000, status=NeedStatus.IN_TALKS)
    make_need(title="丙", industry=Industry.DAIRY_FOOD, region="包头市", plan_kinds="flat")
    text = page_text(client.get("/needs"))
    assert 'industry=new_energy">新能源</a> <span class="text-muted" data-facet-count>(2)</span>' in text
    assert 'plan_kind=any">任何方案均可</a> <span class="text-muted" data-facet-count>(1)</span>' in text
    assert 'budget=1">未说明预算</a> <span class="text-muted" data-facet-count>(1)</span>' in text
    assert 'status=in_talks">洽谈中</a> <span class="text-muted" data-facet-count>(1)</span>' in text
    assert sorted(_titles(client, "/needs?industry=new_energy")) == ["乙", "甲"]
    assert _titles(client, "/needs?plan_kind=try_first") == ["甲"]
    assert _titles(client, "/needs?plan_kind=any") == ["乙"]
    assert _titles(client, "/needs?budget=2") == ["乙"]
    assert _titles(client, "/needs?budget=3") == ["甲"]
    assert _titles(client, "/needs?status=in_talks") == ["乙"]
    assert sorted(_titles(client, "/needs?region=包头市")) == ["丙", "乙"]
    assert _titles(client, "/needs?region=包头市&industry=dairy_food") == ["丙"]
    narrowed = page_text(client.get("/needs?industry=dairy_food"))
    assert '<strong aria-current="true">' in narrowed and "✕" in narrowed


def test_bad_filters_are_ignored(client, make_need):
    make_need(title="甲")
    for query in ("status=closed", "status=xyz", "industry=moon", "plan_kind=free", "budget=9", "budget=²",
                  "page=-1", "region=" + "长" * 100, "q=" + "稀" * 500):
        response = client.get(f"/needs?{query}")
        assert response.status_code == 200, query
    assert _titles(client, "/needs?status=closed&budget=9") == ["甲"]


def test_universities_only_needs_are_counted_only_for_those_who_may_read_them(app, client, make_need,
                                                                           make_user):
    make_need(title="公开需求", region="赤峰市")
    make_need(title="高校可见需求", region="赤峰市", visibility=NeedVisibility.UNIVERSITIES)
    assert 'data-facet-count>(1)</span>' in page_text(client.get("/needs"))
    assert _titles(client, "/needs") == ["公开需求"]
    staff = app.test_client()
    login(staff, make_user(Role.UNIVERSITY_STAFF))
    assert sorted(_titles(staff, "/needs")) == ["公开需求", "高校可见需求"]


def test_the_list_is_paginated(app, client, make_need):
    for n in range(app.config["PAGE_SIZE"] + 3):
        make_need(title=f"需求第{n:02d}号", created_at=datetime(2026, 10, 1, tzinfo=UTC) + timedelta(hours=n))
    first = _titles(client, "/needs")
    second = _titles(client, "/needs?page=2")
    assert len(first) == app.config["PAGE_SIZE"] and len(second) == 3
    assert first[0] == f"需求第{app.config['PAGE_SIZE'] + 2:02d}号" and second[-1] == "需求第00号"
