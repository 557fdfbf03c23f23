"""The benchmarks' bulk loader (bench/bulk.py) writes what Core `insert()` writes: COPY on PostgreSQL
with each column's conversion and the Python-side defaults of the columns a row leaves out."""

from __future__ import annotations

from datetime import date
from random import Random

from sqlalchemy import insert, select

from bench.bulk import bulk_insert
from bench.catalogue_data import VOCABULARIES, patent_row
from marketplace.catalogue.interest_models import PatentView
from marketplace.catalogue.models import Patent
from marketplace.extensions import db


def _stored(model, key_column, key) -> dict:
    row = db.session.execute(select(model.__table__).where(key_column == key)).mappings().one()
    return dict(row)


def test_a_bulk_loaded_patent_is_stored_as_an_inserted_one(app, make_university):
    university = make_university("内蒙古工业大学")
    rng = Random(7)
    rows = [patent_row(rng, vocab, serial, (university, "内蒙古工业大学"))
            for serial, vocab in ((1_001, VOCABULARIES[0]), (1_002, VOCABULARIES[3]))]
    copied = {**rows[0]}
    inserted = {**rows[0], "application_number": rows[1]["application_number"]}
    with app.app_context():
        assert "fees_tracked_from" not in copied  # a Python-side default the loader must supply
        assert bulk_insert(db.session.connection(), Patent, [copied]) == 1
        db.session.execute(insert(Patent), [inserted])
        first = _stored(Patent, Patent.application_number, copied["application_number"])
        second = _stored(Patent, Patent.application_number, inserted["application_number"])
        for stored in (first, second):
            stored.pop("id"), stored.pop("application_number")
            stored.pop("fees_tracked_from")  # the day the row was added, from the clock
        assert first == second
        assert first["patent_type"] == copied["patent_type"] and first["updated_at"] == copied["updated_at"]


def test_bulk_loaded_views_are_all_there(app, make_university, make_patent, make_enterprise):
    university = make_university()
    patent = make_patent(university)
    enterprise = make_enterprise()
    rows = [{"patent_id": patent, "university_id": university, "enterprise_id": enterprise,
             "viewed_on": date(2026, 1, day)} for day in range(1, 11)]
    with app.app_context():
        assert bulk_insert(db.session.connection(), PatentView, rows) == 10
        days = db.session.scalars(select(PatentView.viewed_on).where(PatentView.patent_id == patent)
                                  .order_by(PatentView.viewed_on)).all()
    assert days == [row["viewed_on"] for row in rows]
