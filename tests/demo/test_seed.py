"""`flask seed-demo`: realistic, valid, idempotent."""

from datetime import date

from sqlalchemy import func, select

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.catalogue.models import Patent
from marketplace.catalogue.search import SearchQuery, search
from marketplace.core.credit_code import parse_credit_code
from marketplace.core.patent_fields import LegalStatus, PatentType
from marketplace.core.patent_record import split_list, validate_record
from marketplace.demo import data
from marketplace.demo.patents import PATENTS
from marketplace.demo.seed import demo_record
from marketplace.demo.zones import ZONE_OFFERS
from marketplace.extensions import db
from marketplace.organisations.models import Enterprise, University
from tests.helpers import login

DEMO_DAY = date(2026, 11, 26)
COMMON_TERMS = ("稀土", "永磁", "光伏", "风电", "氢能", "乳酸", "羊绒", "马铃薯", "燕麦", "蒙药", "煤化",
                "催化", "钢")


def _counts(app):
    with app.app_context():
        return {
            model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (University, Enterprise, User, Patent)
        }


def _found_numbers(q: str) -> set[str]:
    """Application numbers of every patent (all pages) a catalogue search for `q` returns."""
    numbers: set[str] = set()
    page = 1
    while True:
        result = search(SearchQuery(q=q, page=page))
        numbers |= {patent.application_number for patent in result.page.items}
        if not result.page.has_next:
            return numbers
        page += 1


def _title_term(values: dict[str, str]) -> str:
    """A two-character term of the title: the start of the first keyword that appears in it."""
    keyword = next(k for k in split_list(values["keywords"]) if len(k) >= 2 and k in values["title"])
    return keyword[:2]


def test_seed_twice_leaves_the_same_row_counts(app, runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert f"{len(PATENTS)} patents, 34 open-licence offers created" in first.output
    after_first = _counts(app)
    assert after_first == {"University": len(data.UNIVERSITIES), "Enterprise": len(data.ENTERPRISES),
                           "User": len(data.USERS), "Patent": len(PATENTS)}
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert "0 universities, 0 enterprises, 0 users, 0 patents, 0 open-licence offers created" in second.output
    assert "2 special zones" in first.output and "0 special zones" in second.output
    assert _counts(app) == after_first


def test_if_empty_skips_a_database_with_users(app, runner, make_user):
    make_user(Role.ADMIN)
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "already has data" in result.output
    assert _counts(app)["University"] == 0
    assert _counts(app)["Patent"] == 0


def test_demo_data_is_valid_and_covers_every_role(app, runner, client):
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        for code in db.session.scalars(select(Enterprise.credit_code)):
            assert parse_credit_code(code) == code
        names = set(db.session.scalars(select(University.name)))
        assert {"内蒙古大学", "内蒙古工业大学", "内蒙古农业大学", "内蒙古科技大学",
                "内蒙古师范大学", "内蒙古医科大学"} <= names
        roles = set(db.session.scalars(
            select(User.role).where(User.status == AccountStatus.ACTIVE)))
        assert roles == set(Role)
    login(client, f"admin@{data.EMAIL_DOMAIN}", data.DEMO_PASSWORD)


def test_demo_patents_whose_term_has_ended_are_loaded_as_expired():
    later = date(2031, 1, 1)
    records = [demo_record(values, later) for values in PATENTS]
    assert all(not problems for _, problems in records)
    typed = {values["application_number"]: values["legal_status"] for values in PATENTS}
    ended_in_force = [record for record, _ in records
                      if record.expiry < later and typed[record.application.number] == "有效"]
    assert ended_in_force and all(record.legal_status == LegalStatus.EXPIRED for record in ended_in_force)
    still_in_force = [record for record, _ in records
                      if record.expiry >= later and typed[record.application.number] == "有效"]
    assert all(record.legal_status == LegalStatus.GRANTED for record in still_in_force)


def test_demo_patents_are_valid_unique_and_varied():
    universities = {row[0] for row in data.UNIVERSITIES}
    records = []
    for values in PATENTS:
        record, problems = validate_record(values, DEMO_DAY)
        assert not problems, (values["application_number"], problems)
        assert values["university"] in universities
        assert record.application.number == values["application_number"]
        assert record.application.year == record.filing_date.year
        assert record.grant_date is not None and record.grant_date > record.filing_date
        records.append(record)
    assert len({r.application.number for r in records}) == len(PATENTS)
    assert {r.application.patent_type for r in records} == set(PatentType)
    assert len({r.legal_status for r in records}) >= 2
    assert all(r.expiry < DEMO_DAY for r in records if r.legal_status == LegalStatus.EXPIRED)
    assert all(r.expiry >= DEMO_DAY for r in records if r.legal_status == LegalStatus.GRANTED)


def test_every_demo_patent_is_found_by_a_term_of_its_title(app, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        owners = dict(db.session.execute(
            select(Patent.application_number, University.name).join(University, Patent.university)
        ).all())
        for values in PATENTS:
            term = _title_term(values)
            assert len(term) == 2
            assert values["application_number"] in _found_numbers(term), (term, values["title"])
            assert owners[values["application_number"]] == values["university"]
        for term in COMMON_TERMS:
            assert _found_numbers(term), term
        found = {p.patent_type for p in db.session.scalars(select(Patent))}
        assert found == set(PatentType)
        assert len(set(db.session.scalars(select(Patent.legal_status)))) >= 2


def test_demo_offers_cover_every_plan_kind(app, runner):
    from marketplace.core.pricing import PlanKind
    from marketplace.declarations.models import Declaration

    runner.invoke(args=["seed-demo"])
    with app.app_context():
        published = select(Declaration.plan_kind).where(Declaration.status == "published")
        kinds = set(db.session.scalars(published))
        assert kinds == {kind.value for kind in PlanKind}
        # Seven offers, one of each kind of plan, 27 more on most other patents in force, and three
        # 内蒙古大学 offers published for the demo zones.
        assert db.session.scalar(select(func.count()).select_from(Declaration)) == 34 + len(ZONE_OFFERS)
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Declaration)) == 34 + len(ZONE_OFFERS)


def test_every_demo_patent_has_an_english_title_and_abstract():
    for values in PATENTS:
        assert values["title_en"].strip() and values["abstract_en"].strip(), values["application_number"]
        record, problems = demo_record(values, DEMO_DAY)
        assert not problems and record.title_en == values["title_en"]


def test_english_searches_find_the_demo_patents(app, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    by_title = {values["title"]: values["application_number"] for values in PATENTS}
    with app.app_context():
        # English words of the English titles, and glossary terms leading to the Chinese ones.
        assert by_title["一种光伏组件自动清扫机器人"] in _found_numbers("cleaning robot")
        assert by_title["一种烧结钕铁硼废料中稀土元素的回收方法"] in _found_numbers("NdFeB scrap")
        assert by_title["一种基于土壤墒情的膜下滴灌智能控制系统"] in _found_numbers("drip irrigation")
        assert by_title["一种马铃薯全粉及其加工方法"] in _found_numbers("potatoes")
        assert by_title["一种羊绒纤维低温低损伤染色方法"] in _found_numbers("羊绒 dyeing")
        patent = db.session.scalar(select(Patent).where(Patent.title == "一种稀土镁合金及其挤压成形方法"))
        assert patent.title_en == "Rare earth magnesium alloy and its extrusion forming method"
