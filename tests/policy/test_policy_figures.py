"""Every policy figure checked exactly against a world built through the services: enterprises served by
credit code across licences, held meetings and accepted answers (and the strict count), the funnel per
university, per zone and for the province, the fees by month, the filters, and the empty case."""

from __future__ import annotations

from datetime import date

import pytest

from marketplace.core.money import Money
from marketplace.core.patent_fields import Industry
from marketplace.core.report_year import ReportYear, meets_target, rate
from marketplace.extensions import db
from marketplace.policy.fees import Fee, fee_rows, fees_by_month
from marketplace.policy.funnel import STAGES, Stage, funnel, stage_rows
from marketplace.policy.scope import Scope
from marketplace.policy.served import ServedBy, served_by_kind, served_counts, served_rows
from tests.policy.world import PolicyWorld, build_policy_world

TODAY = date(2027, 1, 10)


@pytest.fixture
def world(app) -> PolicyWorld:
    with app.app_context():
        return build_policy_world()


def test_enterprises_served_in_2026_by_credit_code_across_licences_meetings_and_answers(app, world):
    with app.app_context():
        counts = served_counts(Scope(2026))
        assert (counts.of(world.u0), counts.strict_of(world.u0)) == (2, 2)
        assert (counts.of(world.u1), counts.strict_of(world.u1)) == (3, 2)
        assert (counts.total, counts.total_strict) == (5, 4)
        assert counts.at_target([world.u0, world.u1]) == 0
        rows = db.session.execute(served_rows(Scope(2026, university_ids=(world.u0,)))).all()
        # e0: two licences and the held meeting; e2: one licence — five rows, two enterprises
        assert sorted((row.enterprise_id, row.served_by) for row in rows) == sorted([
            (world.enterprises["e0"], ServedBy.LICENCE), (world.enterprises["e0"], ServedBy.LICENCE),
            (world.enterprises["e0"], ServedBy.MEETING), (world.enterprises["e2"], ServedBy.LICENCE)])
        assert served_by_kind(Scope(2026)) == {ServedBy.LICENCE: 4, ServedBy.MEETING: 1, ServedBy.ANSWER: 1}


def test_an_answer_accepted_after_local_midnight_counts_in_the_new_year(app, world):
    with app.app_context():
        counts = served_counts(Scope(2027))
        assert (counts.of(world.u0), counts.of(world.u1), counts.strict_of(world.u1)) == (0, 2, 1)
        assert (counts.total, counts.total_strict) == (2, 1)
        answers = [row for row in db.session.execute(served_rows(Scope(2027)))
                   if row.served_by == ServedBy.ANSWER]
        assert [row.enterprise_id for row in answers] == [world.enterprises["e0"]]


def test_the_funnel_per_university_and_for_the_province(app, world):
    with app.app_context():
        figures = funnel(Scope(2026), TODAY)
        assert figures.of(world.u0) == {
            Stage.PATENTS: 3, Stage.OFFERS: 3, Stage.REACHED: 2, Stage.MEETINGS_REQUESTED: 2,
            Stage.MEETINGS_HELD: 1, Stage.LICENCES: 3, Stage.CONVERTED: 2, Stage.FILED: 1}
        assert figures.of(world.u1) == {
            Stage.PATENTS: 1, Stage.OFFERS: 1, Stage.REACHED: 1, Stage.MEETINGS_REQUESTED: 2,
            Stage.MEETINGS_HELD: 0, Stage.LICENCES: 2, Stage.CONVERTED: 0, Stage.FILED: 0}
        # the province counts an enterprise once: outsider and e3 reached u0, e2 reached u1
        assert figures.total == {
            Stage.PATENTS: 4, Stage.OFFERS: 4, Stage.REACHED: 3, Stage.MEETINGS_REQUESTED: 4,
            Stage.MEETINGS_HELD: 1, Stage.LICENCES: 5, Stage.CONVERTED: 2, Stage.FILED: 1}
        reached = {row.row_id for row in db.session.execute(stage_rows(Stage.REACHED, Scope(2026)))}
        assert reached == {world.enterprises[name] for name in ("outsider", "e3", "e2")}


def test_the_funnel_of_a_zone_keeps_its_patents_registrations_meetings_and_attributed_licences(app, world):
    with app.app_context():
        figures = funnel(Scope(2026, zone_id=world.zone_id), TODAY)
        assert figures.total == {
            Stage.PATENTS: 3, Stage.OFFERS: 3, Stage.REACHED: 5, Stage.MEETINGS_REQUESTED: 4,
            Stage.MEETINGS_HELD: 1, Stage.LICENCES: 3, Stage.CONVERTED: 2, Stage.FILED: 1}
        # reached: the three registered enterprises, outsider (viewed p0) and e3 (its need matched p0)
        assert served_counts(Scope(2026, zone_id=world.zone_id)).total == 2


def test_the_funnel_of_the_next_year_counts_its_licence_only(app, world):
    with app.app_context():
        figures = funnel(Scope(2027), TODAY)
        assert {stage: figures.total[stage] for stage in STAGES if figures.total[stage]} == {
            Stage.PATENTS: 4, Stage.OFFERS: 4, Stage.LICENCES: 1}


def test_fees_charged_collected_and_overdue_by_month(app, world):
    with app.app_context():
        fees = fees_by_month(Scope(2026), TODAY)
        assert fees.month(Fee.CHARGED, 12, world.u0) == Money("80000.00")  # 50,000 flat + 30,000 flat
        assert fees.month(Fee.CHARGED, 12, world.u1) == Money("100000.00")
        assert fees.month(Fee.COLLECTED, 12, world.u0) == Money("20000.00")
        assert fees.month(Fee.COLLECTED, 12, world.u1) == Money.zero()
        assert fees.month(Fee.OVERDUE, 12, world.u0) == Money("60000.00")
        assert fees.year(Fee.CHARGED) == Money("180000.00")
        assert fees.series(Fee.CHARGED, world.u0) == [Money.zero()] * 11 + [Money("80000.00")]
        later = fees_by_month(Scope(2027), TODAY)
        # the converted trial's first charge: posted and paid in January 2027
        assert later.month(Fee.CHARGED, 1, world.u0) == Money("10000.00")
        assert later.month(Fee.COLLECTED, 1, world.u0) == Money("10000.00")
        assert later.year(Fee.OVERDUE) == Money.zero()
        only_u1 = Scope(2026, university_ids=(world.u1,))
        overdue = db.session.execute(fee_rows(Fee.OVERDUE, only_u1, TODAY)).all()
        assert sum(row.fen for row in overdue) == 10_000_000


def test_nothing_is_overdue_within_the_grace_period(app, world):
    with app.app_context():  # the charges fell due on 5 December; the grace period is 30 days
        assert fees_by_month(Scope(2026), date(2027, 1, 4)).year(Fee.OVERDUE) == Money.zero()
        assert fees_by_month(Scope(2026), date(2027, 1, 5)).year(Fee.OVERDUE) == Money("160000.00")


def test_the_university_and_industry_filters(app, world):
    with app.app_context():
        only_u1 = Scope(2026, university_ids=(world.u1,))
        assert served_counts(only_u1).total == 3
        assert funnel(only_u1, TODAY).total[Stage.LICENCES] == 2
        # every patent of the world is a rare-earth one; the answered needs name no industry
        rare_earth = Scope(2026, industry=Industry.RARE_EARTH_MATERIALS.value)
        assert (served_counts(rare_earth).total, served_counts(rare_earth).total_strict) == (4, 4)
        assert funnel(rare_earth, TODAY).total[Stage.LICENCES] == 5
        assert fees_by_month(rare_earth, TODAY).year(Fee.CHARGED) == Money("180000.00")
        other = Scope(2026, industry=Industry.BIOMEDICINE.value)
        assert served_counts(other).total == 0
        assert funnel(other, TODAY).total[Stage.LICENCES] == 0
        assert fees_by_month(other, TODAY).year(Fee.CHARGED) == Money.zero()


def test_a_year_without_anything_is_all_zeros(app, world):
    with app.app_context():
        scope = Scope(2024)
        counts = served_counts(scope)
        assert (counts.total, counts.total_strict, counts.of(world.u0)) == (0, 0, 0)
        assert funnel(scope, TODAY).of(world.u0)[Stage.LICENCES] == 0
        assert fees_by_month(scope, TODAY).year(Fee.COLLECTED) == Money.zero()


def test_an_empty_database_is_all_zeros(app):
    with app.app_context():
        scope = Scope(2026)
        assert served_counts(scope).total == 0
        assert funnel(scope, TODAY).total == dict.fromkeys(STAGES, 0)
        assert funnel(scope, TODAY).of(12345) == dict.fromkeys(STAGES, 0)
        assert fees_by_month(scope, TODAY).year(Fee.CHARGED) == Money.zero()


def test_the_year_bounds_and_the_target():
    start, end = ReportYear(2027).utc_bounds()
    assert (start.isoformat(), end.isoformat()) == ("2026-12-31T16:00:00+00:00", "2027-12-31T16:00:00+00:00")
    assert (meets_target(9), meets_target(10)) == (False, True)
    assert rate(0, 0) is None
    assert str(rate(1, 4)) == "0.25"
