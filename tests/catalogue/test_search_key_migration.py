"""The migration that puts the facet key in PostgreSQL's index rows, down and up again on a catalogue
that holds patents: the upgrade fills every row's key from its patent and the triggers keep it after;
on SQLite it changes nothing and search answers the same before and after."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from marketplace.catalogue.search import SearchQuery, search
from marketplace.core.patent_fields import Industry
from marketplace.extensions import db
from tests.conftest import PATENT_DEFAULTS, application_number
from tests.ledger.separate_database import BACKENDS, separate_app

pytestmark = pytest.mark.real_commits

BEFORE = "d7a3c59e21f4"


def _catalogue(app) -> None:
    from datetime import date

    from marketplace.catalogue.services import create_patent
    from marketplace.core.patent_record import validate_record
    from marketplace.organisations.models import University

    with app.app_context():
        university = University(name="内蒙古科技大学")
        db.session.add(university)
        db.session.flush()
        for n in range(6):
            values = {**PATENT_DEFAULTS, "application_number": application_number(n + 1),
                      "industry": "煤化工" if n % 2 else "稀土及新材料"}
            record, problems = validate_record(values, date(2026, 11, 26))
            assert not problems
            create_patent(university.id, record)
        db.session.commit()


def _coal(app) -> int:
    with app.app_context():
        return search(SearchQuery(q="永磁", industry=Industry.COAL_CHEMICALS)).page.total


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_index_keys_go_down_and_come_back(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        _catalogue(app)
        assert _coal(app) == 3
        postgres = backend == "postgresql"
        with app.app_context():
            db.session.remove()
            downgrade(revision=BEFORE)
            if postgres:
                columns = {c["name"] for c in inspect(db.engine).get_columns("patent_search")}
                assert "facet_key" not in columns
            db.session.remove()
            upgrade()
            if postgres:
                disagreeing = db.session.execute(text(
                    "SELECT count(*) FROM patent_search AS s JOIN patent AS p ON p.id = s.patent_id "
                    "WHERE s.facet_key <> p.facet_key OR s.facet_key = 0")).scalar_one()
                assert disagreeing == 0
                triggers = set(db.session.scalars(text(
                    "SELECT tgname FROM pg_trigger WHERE tgname LIKE '%facet_key'")))
                assert triggers == {"patent_gives_facet_key", "patent_search_takes_facet_key",
                                    "patent_search_sample_takes_facet_key"}
            db.session.remove()
        assert _coal(app) == 3
