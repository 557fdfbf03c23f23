"""Keeping the search index, and its sample, in step with the patent table."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, func, select, update

from marketplace.catalogue import facet_key
from marketplace.catalogue.models import Patent
from marketplace.catalogue.search import sample
from marketplace.catalogue.search.backends import IndexedText, backend_for
from marketplace.catalogue.search.sample_models import SearchSampleSetting
from marketplace.extensions import db

BATCH = 1000


def _backend():
    return backend_for(db.session.get_bind().dialect.name)


def _text_of(patent: Patent) -> IndexedText:
    return IndexedText(patent.id, patent.title, patent.keywords, patent.abstract, patent.title_en,
                       patent.abstract_en)


def index_patents(patents: Iterable[Patent]) -> None:
    """(Re)index these patents; archived ones are taken out of the index. Flushes first."""
    db.session.flush()
    backend = _backend()
    patents = list(patents)
    backend.delete(db.session, [p.id for p in patents if p.archived])
    buckets = sample.current_buckets(db.session)
    if backend.write(db.session, [_text_of(p) for p in patents if not p.archived], buckets) or any(
            p.archived for p in patents):
        _keep_sample_in_size(backend)


def _keep_sample_in_size(backend) -> None:
    """Resize the sample when the catalogue has moved it out of its size range (see `sample.py`)."""
    if not sample.needs_resize(backend.sample_rows(db.session), sample.current_buckets(db.session)):
        return
    setting = _setting_for_change()
    rows = backend.sample_rows(db.session)
    if not sample.needs_resize(rows, setting.buckets):
        return  # another writer resized it meanwhile
    wanted = sample.buckets_for(rows * sample.BUCKETS // setting.buckets)
    backend.resample(db.session, setting.buckets, wanted)
    setting.buckets = wanted
    db.session.flush()


def _setting_for_change() -> SearchSampleSetting:
    return db.session.scalars(select(SearchSampleSetting).where(SearchSampleSetting.id == 1)
                              .with_for_update().execution_options(populate_existing=True)).one()


def unindex_patents(ids: Iterable[int]) -> None:
    """Take patents out of the index."""
    _backend().delete(db.session, list(ids))


def reindex_all() -> int:
    """Rebuild the whole index (and every patent's facet key) from the patent table.

    Returns how many patents were indexed.
    """
    _recompute_facet_keys()
    backend = _backend()
    backend.clear(db.session)
    setting = _setting_for_change()
    setting.buckets = buckets = sample.buckets_for(
        db.session.scalar(select(func.count()).select_from(Patent).where(Patent.archived.is_(False))) or 0)
    db.session.flush()
    count = 0
    last_id = 0
    with backend.bulk_load(db.session):
        while True:
            rows = db.session.execute(
                select(Patent.id, Patent.title, Patent.keywords, Patent.abstract, Patent.title_en,
                       Patent.abstract_en)
                .where(Patent.archived.is_(False), Patent.id > last_id)
                .order_by(Patent.id).limit(BATCH)
            ).all()
            if not rows:
                break
            backend.write(db.session, [IndexedText(*row) for row in rows], buckets, fresh=True)
            count += len(rows)
            last_id = rows[-1].id
    return count


# What a patent's facet key is made of (Patent.facet_values reads these attributes), and the key.
_FACET_COLUMNS = (Patent.id, Patent.patent_type, Patent.ipc_section, Patent.ipc_class, Patent.industry,
                  Patent.university_id, Patent.legal_status, Patent.trl, Patent.offer_kind,
                  Patent.offer_trial, Patent.offer_price_fen, Patent.facet_key)


def _recompute_facet_keys() -> None:
    """Every patent's facet key from its columns, read a batch at a time without loading the patents;
    the keys that differ are written in one statement per batch."""
    db.session.flush()
    table = Patent.__table__
    write = (update(table).where(table.c.id == bindparam("patent_id"))
             .values(facet_key=bindparam("new_key")))
    changed_any = False
    last_id = 0
    while True:
        rows = db.session.execute(select(*_FACET_COLUMNS).where(Patent.id > last_id)
                                  .order_by(Patent.id).limit(BATCH)).all()
        if not rows:
            break
        changed = [{"patent_id": row.id, "new_key": key} for row in rows
                   if (key := facet_key.encode(Patent.facet_values(row))) != row.facet_key]
        if changed:
            db.session.connection().execute(write, changed)
            changed_any = True
        last_id = rows[-1].id
    if changed_any:
        db.session.expire_all()  # patents loaded before hold the old keys
