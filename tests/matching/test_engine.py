"""The matching engine on a small catalogue: order, reasons, exclusions, fit, English needs, any text."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.catalogue.models import Patent
from marketplace.core.need_query import NeedQuery
from marketplace.extensions import db
from marketplace.matching.engine import rank_patents, score_patent
from tests.matching.conftest import TODAY, offer


def _ranked(app, query, today=TODAY):
    with app.app_context():
        return rank_patents(query, today)


def _names(catalogue, ranked):
    names = {pid: name for name, pid in catalogue.items()}
    return [names[r.patent_id] for r in ranked]


def test_the_relevant_patent_ranks_first_with_its_reasons(app, catalogue):
    ranked = _ranked(app, NeedQuery("想找稀土永磁材料的技术", industry="rare_earth_materials"))
    assert _names(catalogue, ranked)[0] == "magnet"
    reasons = ranked[0].reasons
    assert any("稀土永磁" in term for term in reasons.terms)
    assert reasons.industry_agrees
    assert reasons.legal_ok
    assert reasons.remaining_years == 14  # filed 2021-03-15, twenty years
    assert reasons.plan_fit == "any"
    assert reasons.price_fit == "unknown" and reasons.offer_total_fen == 5_000_000
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)


def test_ipc_classes_shared_with_the_best_candidates_are_reported(app, catalogue):
    ranked = _ranked(app, NeedQuery("钕铁硼稀土磁体"))
    assert set(_names(catalogue, ranked)[:2]) == {"magnet", "magnet2"}
    assert "C22C" in ranked[0].reasons.ipc_classes


def test_each_need_finds_its_own_field(app, catalogue):
    cases = {
        "羊绒分梳设备，提高得率": "cashmere",
        "低乳糖酸奶怎么做": "dairy",
        "玉米地滴灌节水": "irrigation",
        "煤焦油加氢": "coal",
        "光伏板清洗": "pv",
    }
    for title, expected in cases.items():
        assert _names(catalogue, _ranked(app, NeedQuery(title)))[0] == expected, title


def test_an_english_need_finds_chinese_patents(app, catalogue):
    ranked = _ranked(app, NeedQuery("lactose free yogurt"))
    assert _names(catalogue, ranked)[0] == "dairy"
    assert "乳糖" in ranked[0].reasons.terms
    mixed = _ranked(app, NeedQuery("需要 rare earth 材料"))
    assert _names(catalogue, mixed)[0] in {"magnet", "magnet2"}


def test_unoffered_lapsed_expired_and_archived_patents_are_never_matched(app, catalogue):
    with app.app_context():
        offer(catalogue["magnet"], kind="")
        db.session.get(Patent, catalogue["magnet2"]).legal_status = "lapsed"
        db.session.commit()
    assert _ranked(app, NeedQuery("稀土永磁钕铁硼")) == []
    with app.app_context():
        offer(catalogue["magnet"])
        db.session.commit()
    assert _names(catalogue, _ranked(app, NeedQuery("稀土永磁钕铁硼"))) == ["magnet"]
    assert _ranked(app, NeedQuery("稀土永磁钕铁硼"), today=date(2041, 3, 15)) == []  # term ended
    with app.app_context():
        db.session.get(Patent, catalogue["magnet"]).archived = True
        db.session.commit()
    assert _ranked(app, NeedQuery("稀土永磁钕铁硼")) == []


def test_industry_agreement_breaks_a_text_tie(app, catalogue, make_patent):
    twin = make_patent(title="一种节水灌溉滴灌带", abstract="滴灌节水", keywords="滴灌",
                       industry="现代农牧业", ipc_codes="A01G 25/02")
    other = make_patent(title="一种节水灌溉滴灌带", abstract="滴灌节水", keywords="滴灌",
                        industry="节能环保", ipc_codes="A01G 25/02")
    with app.app_context():
        offer(twin)
        offer(other)
        db.session.commit()
    ranked = _ranked(app, NeedQuery("滴灌带", industry="agriculture_livestock"))
    order = [r.patent_id for r in ranked]
    assert order.index(twin) < order.index(other)
    assert ranked[order.index(twin)].reasons.industry_agrees


def test_plan_kind_and_budget_fit_change_the_order_and_the_reasons(app, catalogue, make_patent):
    cheap = make_patent(title="一种光伏组件清洗装置", abstract="光伏清洗", keywords="光伏", industry="新能源")
    with app.app_context():
        offer(cheap, kind="try_first", price_fen=1_000_000, trial=True)
        offer(catalogue["pv"], kind="flat", price_fen=50_000_000)
        db.session.commit()
    query = NeedQuery("光伏清洗", plan_kinds=("try_first",), budget_min_fen=500_000, budget_max_fen=2_000_000)
    ranked = _ranked(app, query)
    by_id = {r.patent_id: r.reasons for r in ranked}
    assert by_id[cheap].plan_fit == "fits" and by_id[cheap].price_fit == "within"
    assert by_id[catalogue["pv"]].plan_fit == "other_kind"
    assert by_id[catalogue["pv"]].price_fit == "above"
    assert by_id[catalogue["pv"]].offer_total_fen == 50_000_000
    assert ranked[0].patent_id == cheap


def test_ties_are_broken_by_patent_id(app, make_patent):
    ids = [make_patent(title="一种马铃薯淀粉加工设备", abstract="马铃薯淀粉", keywords="马铃薯", ipc_codes="")
           for _ in range(3)]
    with app.app_context():
        for patent_id in ids:
            offer(patent_id)
        db.session.commit()
    ranked = _ranked(app, NeedQuery("马铃薯淀粉"))
    assert [r.patent_id for r in ranked] == sorted(ids)
    assert len({r.score for r in ranked}) == 1


def test_pair_scoring_agrees_with_the_ranking(app, catalogue):
    query = NeedQuery("稀土永磁", description="风力发电机用高矫顽力磁体", industry="rare_earth_materials")
    with app.app_context():
        ranked = rank_patents(query, TODAY)
        for result in ranked:
            assert score_patent(query, result.patent_id, TODAY) == result
        assert score_patent(query, catalogue["dairy"], TODAY) is None


def test_empty_and_punctuation_needs_match_nothing(app, catalogue):
    for title in ("", "   ", "！？。，、", "😀🎉", "的 我们 公司 想 找 技术"):
        assert _ranked(app, NeedQuery(title, description=title)) == []


def test_a_huge_description_is_capped_not_refused(app, catalogue):
    ranked = _ranked(app, NeedQuery("稀土", description="稀土永磁材料，矫顽力。" * 2000))
    assert _names(catalogue, ranked)[0] == "magnet"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(), description=st.text(), keywords=st.lists(st.text(), max_size=3))
def test_rank_patents_never_raises_on_any_text(app, catalogue, title, description, keywords):
    with app.app_context():
        ranked = rank_patents(NeedQuery(title, description, tuple(keywords)), TODAY, limit=5)
    assert len(ranked) <= 5
    assert all(r.score > 0 for r in ranked)


def test_a_latin_code_in_chinese_text_still_matches(app, catalogue, make_patent):
    mto = make_patent(title="一种MTO流化床反应器", abstract="甲醇制烯烃MTO反应器。", keywords="MTO",
                      industry="现代煤化工", ipc_codes="B01J 8/18")
    with app.app_context():
        offer(mto)
        db.session.commit()
    ranked = _ranked(app, NeedQuery("MTO装置选择性不高"))
    assert _names(catalogue | {"mto": mto}, ranked)[0] == "mto"
    assert "mto" in ranked[0].reasons.terms
