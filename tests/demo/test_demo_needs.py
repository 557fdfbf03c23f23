"""The demo's technology needs: twenty, over the demo's enterprises, in every status, some for
universities only, valid by the needs' own rules, and seeded once."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func, select

from marketplace.core.need_budget import budget_problem
from marketplace.core.need_input import has_words
from marketplace.core.need_state import NeedStatus, NeedVisibility
from marketplace.demo.needs import NEEDS, seed_needs
from marketplace.demo.seed import seed_demo
from marketplace.extensions import db
from marketplace.needs.models import Need
from marketplace.organisations.models import Enterprise

DEMO_DAY = date(2026, 11, 26)


def test_the_demo_needs_are_twenty_realistic_needs_seeded_once(app):
    with app.app_context():
        created = seed_demo(DEMO_DAY)
        assert created["needs"] == len(NEEDS) == 20
        assert seed_needs(DEMO_DAY) == 0
        needs = db.session.scalars(select(Need)).all()
        assert len(needs) == 20
        statuses = Counter(need.status for need in needs)
        assert statuses[NeedStatus.OPEN] >= 10
        assert all(statuses[status] >= 2 for status in NeedStatus)
        assert sum(need.visibility == NeedVisibility.UNIVERSITIES for need in needs) >= 3
        enterprises = db.session.scalar(select(func.count()).select_from(Enterprise))
        assert len({need.enterprise_id for need in needs}) >= 8 and enterprises >= 8
        for need in needs:
            assert has_words(need.description)
            assert budget_problem(need.budget_min_fen, need.budget_max_fen) is None
            assert need.created_at.date() < DEMO_DAY and need.region
        texts = " ".join(need.title + need.description for need in needs)
        for word in ("PEM", "PLC", "MES", "稀土", "乳", "羊绒", "马铃薯", "蒙药", "滴灌", "风机"):
            assert word in texts, word
        db.session.rollback()
