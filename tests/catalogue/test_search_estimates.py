"""Large result sets: totals and facet counts estimated from the index's sample, shown as 约; the sample
kept in step with every write and resized as the catalogue grows; counts and pages kept a minute per query."""

import pytest
from sqlalchemy import select, text

from marketplace.app_memory import forget_everything
from marketplace.catalogue.models import Patent
from marketplace.catalogue.search import SearchQuery, reindex_all, sample, search
from marketplace.catalogue.search.backends import PostgresBackend, SqliteBackend, backend_for
from marketplace.catalogue.search.sample_models import SearchSampleSetting
from marketplace.core.patent_fields import Industry
from marketplace.extensions import db
from tests.helpers import page_text

WORD = "催化"


@pytest.fixture
def catalysts(make_patent, make_university):
    """24 patents with the word (12 at each of two universities, two industries) and 6 without it."""
    first, second = make_university("内蒙古工业大学"), make_university("包头师范学院")
    ids = [make_patent(first if n % 2 else second, title=f"一种催化剂载体的制备方法{n}",
                       industry="新能源" if n % 3 else "煤化工", keywords="催化；载体")
           for n in range(24)]
    for n in range(6):
        make_patent(first, title=f"高强度耐磨钢板{n}", keywords="钢铁")
    return ids


def sample_table(app) -> str:
    with app.app_context():
        return "patent_fts_sample" if db.engine.dialect.name == "sqlite" else "patent_search_sample"


def sampled_ids(app) -> set[int]:
    column = "rowid" if sample_table(app) == "patent_fts_sample" else "patent_id"
    with app.app_context():
        return set(db.session.scalars(text(f"SELECT {column} FROM {sample_table(app)}")))  # noqa: S608


def set_buckets(app, buckets: int) -> None:
    """Make the sample hold the buckets below `buckets`, as a resize would."""
    with app.app_context():
        backend = backend_for(db.engine.dialect.name)
        setting = db.session.get(SearchSampleSetting, 1)
        backend.resample(db.session, setting.buckets, buckets)
        setting.buckets = buckets
        db.session.commit()


# --- the sample -------------------------------------------------------------------------------------


def test_buckets_spread_ids_evenly_and_sql_agrees_with_python(app):
    counts = [0] * 16
    for patent_id in range(1, 16_001):
        counts[sample.bucket(patent_id) * 16 // sample.BUCKETS] += 1
    assert min(counts) > 900 and max(counts) < 1100  # 1,000 each when even
    with app.app_context():
        ids = [1, 2, 3, 1000, 65_535, 2_147_483_647]
        sql = " UNION ALL ".join(f"SELECT {i}, {sample.bucket_sql(str(i))}" for i in ids)
        if db.engine.dialect.name == "postgresql":
            sql = " UNION ALL ".join(f"SELECT {i}, {sample.bucket_sql(f'{i}::bigint')}" for i in ids)
        assert dict(db.session.execute(text(sql)).tuples().all()) == {i: sample.bucket(i) for i in ids}


def test_sample_size_rules():
    assert sample.buckets_for(0) == sample.BUCKETS
    assert sample.buckets_for(1_000) == sample.BUCKETS  # a small catalogue is its own sample
    assert sample.buckets_for(100_000) == 168  # 100,000 * 168 / 4096 = 4,101 patents
    assert sample.buckets_for(10_000_000) == 2
    assert sample.scaled(3, 2048) == 6 and sample.scaled(1, 3) == 1365 and sample.scaled(0, 7) == 0
    assert not sample.needs_resize(8_192, 100) and sample.needs_resize(8_193, 100)
    assert sample.needs_resize(2_047, 100) and not sample.needs_resize(2_047, sample.BUCKETS)
    assert [sample.rounded(n) for n in (7, 99, 100, 1_048, 13_751, 76_264, 95_159)] == [
        7, 99, 100, 1_000, 14_000, 76_000, 95_000]


def test_sample_follows_every_write(app, catalysts):
    assert sampled_ids(app) >= set(catalysts)  # a small catalogue: every patent is in the sample
    set_buckets(app, 2048)
    expected = {i for i in catalysts if sample.bucket(i) < 2048}
    assert sampled_ids(app) & set(catalysts) == expected
    with app.app_context():
        from marketplace.catalogue.search import index_patents

        patent = db.session.get(Patent, catalysts[0])
        patent.archived = True
        index_patents([patent])
        db.session.commit()
    assert catalysts[0] not in sampled_ids(app)
    set_buckets(app, sample.BUCKETS)
    assert sampled_ids(app) >= set(catalysts[1:])


def test_the_write_that_finds_the_sample_out_of_size_resizes_it(app, catalysts, make_patent, monkeypatch):
    monkeypatch.setattr(sample, "SAMPLE_SIZE", 4)
    make_patent(title="一种新的催化方法")  # 31 patents, 31 in the sample: more than twice 4
    with app.app_context():
        buckets = db.session.get(SearchSampleSetting, 1).buckets
        indexed = db.session.scalar(select(db.func.count()).select_from(Patent)
                                    .where(Patent.archived.is_(False)))
        every = set(db.session.scalars(select(Patent.id).where(Patent.archived.is_(False))))
    assert buckets == sample.buckets_for(indexed) < sample.BUCKETS
    assert sampled_ids(app) == {i for i in every if sample.bucket(i) < buckets}


def test_reindex_sizes_the_sample_for_the_catalogue(app, catalysts, monkeypatch):
    monkeypatch.setattr(sample, "SAMPLE_SIZE", 8)
    with app.app_context():
        reindex_all()
        db.session.commit()
        buckets = db.session.get(SearchSampleSetting, 1).buckets
        every = set(db.session.scalars(select(Patent.id).where(Patent.archived.is_(False))))
    assert buckets == sample.buckets_for(len(every))
    assert sampled_ids(app) == {i for i in every if sample.bucket(i) < buckets}


# --- estimates ---------------------------------------------------------------------------------------


def test_up_to_the_exact_limit_counts_are_exact(app, catalysts, monkeypatch):
    monkeypatch.setitem(app.config, "SEARCH_EXACT_LIMIT", 24)
    with app.app_context():
        result = search(SearchQuery(q=WORD))
    assert not result.estimated and result.page.total == 24


def test_above_the_exact_limit_counts_come_from_the_sample(app, catalysts, monkeypatch):
    monkeypatch.setitem(app.config, "SEARCH_EXACT_LIMIT", 5)
    set_buckets(app, 2048)
    in_sample = [i for i in catalysts if sample.bucket(i) < 2048]
    with app.app_context():
        result = search(SearchQuery(q=WORD))
        exact_ids = {p.id for p in search(SearchQuery(q=WORD, sort="newest")).page.items}
        industries = {f.value: f.count for f in result.facets["industry"]}
        in_sample_industries = {}
        for patent in db.session.scalars(select(Patent).where(Patent.id.in_(in_sample))):
            in_sample_industries[patent.industry] = in_sample_industries.get(patent.industry, 0) + 1
    assert result.estimated
    assert result.page.total == max(2 * len(in_sample), 20)
    assert industries == {key: 2 * n for key, n in in_sample_industries.items()}
    # The page itself is exact: the best 20 of the 24 matches.
    assert len(result.page.items) == 20 and {p.id for p in result.page.items} <= set(catalysts)
    assert exact_ids <= set(catalysts)


def test_a_sample_well_over_the_limit_is_not_counted_again_in_the_index(app, catalysts, monkeypatch):
    """Counting matches in the index, even to the limit, reads the GIN index's whole list on PostgreSQL:
    a sample that shows more than twice the limit decides alone; one nearer the limit does not, unless
    the sample is the whole catalogue and within the limit."""
    counted_in_index = []
    for backend_class in (SqliteBackend, PostgresBackend):
        real = backend_class.count_capped
        monkeypatch.setattr(backend_class, "count_capped", lambda self, *args, real=real: (
            counted_in_index.append(args[-1]) or real(self, *args)))
    monkeypatch.setitem(app.config, "SEARCH_EXACT_LIMIT", 11)  # 24 matches: more than twice 11
    with app.app_context():
        assert search(SearchQuery(q=WORD)).estimated
    assert counted_in_index == []
    monkeypatch.setitem(app.config, "SEARCH_EXACT_LIMIT", 12)  # 24: not more than twice 12
    with app.app_context():
        forget_everything()
        assert search(SearchQuery(q=WORD)).estimated
        assert counted_in_index == [13]
        forget_everything()
        monkeypatch.setitem(app.config, "SEARCH_EXACT_LIMIT", 24)
        result = search(SearchQuery(q=WORD))
        # The sample holds every patent of this small catalogue: within the limit its count is the count.
        assert not result.estimated and result.page.total == 24 and counted_in_index == [13]
        set_buckets(app, 2048)  # a sample of part of the catalogue: the index is counted to the limit
        forget_everything()
        result = search(SearchQuery(q=WORD))
    assert not result.estimated and result.page.total == 24 and counted_in_index == [13, 25]


def test_a_filter_alone_over_a_large_result_set_is_estimated_from_the_sample(app, catalysts, monkeypatch):
    """A filter without text reads every patent's key to count; a result set the sample shows to be
    well over the limit is estimated instead, and the page is still the filter's own patents."""
    monkeypatch.setitem(app.config, "SEARCH_EXACT_LIMIT", 5)
    set_buckets(app, 2048)
    with app.app_context():
        new_energy = [i for i in catalysts if db.session.get(Patent, i).industry == Industry.NEW_ENERGY]
        in_sample = [i for i in new_energy if sample.bucket(i) < 2048]
        result = search(SearchQuery(industry=Industry.NEW_ENERGY))
        assert result.estimated and result.page.total == max(2 * len(in_sample), len(result.page.items))
        assert {p.id for p in result.page.items} == set(new_energy)
        steel = search(SearchQuery(industry=Industry.RARE_EARTH_MATERIALS))  # 6 patents without the word
        assert not steel.estimated and steel.page.total == 6
        everything = search(SearchQuery())  # the whole catalogue is always counted
        assert not everything.estimated and everything.page.total == 30
    assert len(in_sample) * 2 > 10  # the fixture's sample is large enough for the test to mean something


def test_an_estimate_never_claims_fewer_results_than_shown(app, catalysts, monkeypatch):
    monkeypatch.setitem(app.config, "SEARCH_EXACT_LIMIT", 5)
    set_buckets(app, 1)  # a sample of almost nothing
    with app.app_context():
        result = search(SearchQuery(q=WORD))
    assert result.estimated and result.page.total >= len(result.page.items) == 20


def test_a_zone_is_always_counted(app, catalysts, monkeypatch):
    monkeypatch.setitem(app.config, "SEARCH_EXACT_LIMIT", 5)
    with app.app_context():
        result = search(SearchQuery(q=WORD, zone=999_999))
    assert not result.estimated and result.page.total == 0


def test_the_page_says_about_for_estimates(client, catalysts, app, monkeypatch):
    monkeypatch.setitem(app.config, "SEARCH_EXACT_LIMIT", 10)
    text_ = page_text(client.get("/patents", query_string={"q": WORD}))
    assert "约 24 项专利匹配“催化”" in text_
    assert "(约 16)" in text_  # 新能源: 16 of 24
    exact = page_text(client.get("/patents", query_string={"q": "钢板"}))
    assert "共 6 项专利匹配“钢板”" in exact and "约" not in exact


def test_the_api_says_when_counts_are_estimates(client, catalysts, app, monkeypatch):
    monkeypatch.setitem(app.config, "SEARCH_EXACT_LIMIT", 10)
    body = client.get("/api/v1/patents", query_string={"q": WORD}).get_json()
    assert body["estimated"] is True and body["total"] == 24
    assert client.get("/api/v1/patents", query_string={"q": "钢板"}).get_json()["estimated"] is False


# --- ranking -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("exact_limit", [2000, 1], ids=["counted", "estimated"])
def test_title_matches_rank_first_whether_counted_or_estimated(app, make_patent, monkeypatch, exact_limit):
    monkeypatch.setitem(app.config, "SEARCH_EXACT_LIMIT", exact_limit)
    abstract_only = make_patent(title="一种载体", abstract="用于氢化反应的镍基材料。")
    in_title = make_patent(title="镍基氢化材料", abstract="一种材料。")
    filler = make_patent(title="钢板", abstract="氢化炉用钢板。")
    with app.app_context():
        result = search(SearchQuery(q="氢化"))
        found = [p.id for p in result.page.items]
    assert result.estimated is (exact_limit == 1)
    assert found[0] == in_title and set(found) == {abstract_only, in_title, filler}


# --- counts kept a minute per query ------------------------------------------------------------------


def test_a_write_to_any_patent_moves_the_counts_of_a_query_asked_again(app, catalysts, make_patent):
    with app.app_context():
        assert search(SearchQuery(q=WORD)).page.total == 24
    make_patent(title="一种新型催化反应器")
    with app.app_context():
        assert search(SearchQuery(q=WORD)).page.total == 25
        patent = db.session.get(Patent, catalysts[0])
        patent.title, patent.keywords = "一种载体的制备方法", "载体"
        from marketplace.catalogue.search import index_patents

        index_patents([patent])
        db.session.commit()
        assert search(SearchQuery(q=WORD)).page.total == 24


def test_counts_asked_again_within_the_minute_are_not_recounted(app, catalysts, monkeypatch):
    from marketplace import app_memory
    from marketplace.catalogue.search import counting

    counted = []
    real = counting.count_now
    monkeypatch.setattr(counting, "count_now", lambda *args: counted.append(1) or real(*args))
    clock = [1000.0]
    monkeypatch.setattr(app_memory.time, "monotonic", lambda: clock[0])
    with app.app_context():
        for _ in range(3):
            assert search(SearchQuery(q=WORD, sort="newest", page=2)).page.total == 24
        clock[0] += counting.CACHE_SECONDS + 1
        assert search(SearchQuery(q=WORD)).page.total == 24
    assert len(counted) == 2
