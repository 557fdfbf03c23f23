"""`flask matching notify`: tell each university of new live needs its patents fit, and each enterprise of
offers that fit its open needs — each pair at most once, ever.

From the stored matches of live needs (never a match the enterprise marked not relevant) the run selects
the pairs not told yet — (need, university) for universities, (need, patent) for enterprises, the patent
offered on published terms and the need open — and claims them with INSERT ... ON CONFLICT DO NOTHING
into `match_notice`, whose unique keys hold each pair once. Only the pairs this run wrote come back, so
two runs at once share the work and never tell a pair twice. Then one notification per organisation
lists its new pairs, with links, through the outbox.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select

from marketplace.catalogue.models import Patent
from marketplace.core.need_state import LIVE, NeedStatus
from marketplace.extensions import db
from marketplace.ledger.claims import Progress, chunks, no_progress
from marketplace.matching.feedback_models import MatchFeedback, MatchNotice
from marketplace.matching.insert_once import insert_absent
from marketplace.matching.models import NeedMatch
from marketplace.needs.models import Need
from marketplace.notifications.models import Notification

UNIVERSITY = "university"
ENTERPRISE = "enterprise"
CHUNK = 500

_NOT_DISMISSED = ~select(MatchFeedback.id).where(MatchFeedback.need_id == NeedMatch.need_id,
                                                 MatchFeedback.patent_id == NeedMatch.patent_id).exists()


@dataclass
class NoticeReport:
    """What one run told: pairs claimed and notifications written, per side."""

    university_pairs: int = 0
    university_notices: int = 0
    enterprise_pairs: int = 0
    enterprise_notices: int = 0


def university_pairs() -> Select:
    """(need, university) pairs of live needs the university's patents fit, not told yet."""
    told = select(MatchNotice.id).where(
        MatchNotice.kind == UNIVERSITY, MatchNotice.need_id == NeedMatch.need_id,
        MatchNotice.university_id == NeedMatch.university_id).exists()
    return (select(NeedMatch.need_id, NeedMatch.university_id).join(Need, Need.id == NeedMatch.need_id)
            .join(Patent, Patent.id == NeedMatch.patent_id)
            .where(Need.status.in_(LIVE), Patent.archived.is_(False), _NOT_DISMISSED, ~told)
            .group_by(NeedMatch.need_id, NeedMatch.university_id)
            .order_by(NeedMatch.need_id, NeedMatch.university_id))


def enterprise_pairs() -> Select:
    """(need, patent) pairs of open needs and offered patents that fit them, not told yet."""
    told = select(MatchNotice.id).where(
        MatchNotice.kind == ENTERPRISE, MatchNotice.need_id == NeedMatch.need_id,
        MatchNotice.patent_id == NeedMatch.patent_id).exists()
    return (select(NeedMatch.need_id, NeedMatch.patent_id).join(Need, Need.id == NeedMatch.need_id)
            .join(Patent, Patent.id == NeedMatch.patent_id)
            .where(Need.status == NeedStatus.OPEN, Patent.archived.is_(False), Patent.offer_kind != "",
                   _NOT_DISMISSED, ~told)
            .order_by(NeedMatch.need_id, NeedMatch.patent_id))


def pending_count() -> int:
    """How many pairs a run would tell now (for the progress bar)."""
    return sum(db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
               for stmt in (university_pairs(), enterprise_pairs()))


def _claim(kind: str, pairs: list, other: str, now: datetime, progress: Progress) -> list:
    """Insert the pairs not yet in `match_notice`; the (id, need, other id) rows this run wrote."""
    claimed = []
    for chunk in chunks(pairs, CHUNK):
        rows = [{"kind": kind, "need_id": need_id, other: other_id, "created_at": now}
                for need_id, other_id in chunk]
        claimed += insert_absent(MatchNotice.__table__, rows, MatchNotice.id, MatchNotice.need_id,
                                 getattr(MatchNotice, other))
        progress(len(chunk))
    return claimed


def _line(title: str, path: str, base: str) -> str:
    return f"· {title}  {base}{path}"


def _notify_universities(claimed: list, now: datetime, base: str) -> int:
    by_university: dict[int, list] = {}
    for notice_id, need_id, university_id in claimed:
        by_university.setdefault(university_id, []).append((notice_id, need_id))
    titles = dict(db.session.execute(select(Need.id, Need.title).where(
        Need.id.in_({need_id for _, need_id, _ in claimed}))).tuples().all()) if claimed else {}
    notices = []
    for university_id, pairs in sorted(by_university.items()):
        lines = [_line(titles[need_id], f"/needs/{need_id}", base)
                 for _, need_id in sorted(pairs, key=lambda pair: pair[1])]
        notices.append({"key": f"match-needs:{university_id}:{min(pairs)[0]}", "enterprise_id": None,
                        "university_id": university_id, "licence_id": None, "kind": "match_needs",
                        "params_json": json.dumps({"list": "\n".join(lines)}, ensure_ascii=False),
                        "created_at": now})
    if notices:
        db.session.execute(Notification.__table__.insert(), notices)
    return len(notices)


def _notify_enterprises(claimed: list, now: datetime, base: str) -> int:
    if not claimed:
        return 0
    need_ids = {need_id for _, need_id, _ in claimed}
    needs = {row.id: row for row in db.session.execute(
        select(Need.id, Need.title, Need.enterprise_id).where(Need.id.in_(need_ids)))}
    patents = dict(db.session.execute(select(Patent.id, Patent.title).where(
        Patent.id.in_({patent_id for _, _, patent_id in claimed}))).tuples().all())
    by_enterprise: dict[int, list] = {}
    for notice_id, need_id, patent_id in claimed:
        by_enterprise.setdefault(needs[need_id].enterprise_id, []).append((notice_id, need_id, patent_id))
    notices = []
    for enterprise_id, rows in sorted(by_enterprise.items()):
        lines = [_line(f"{needs[need_id].title} ← {patents[patent_id]}", f"/needs/{need_id}/matches", base)
                 for _, need_id, patent_id in sorted(rows, key=lambda r: (r[1], r[2]))]
        notices.append({"key": f"match-offers:{enterprise_id}:{min(rows)[0]}", "enterprise_id": enterprise_id,
                        "university_id": None, "licence_id": None, "kind": "match_offers",
                        "params_json": json.dumps({"list": "\n".join(lines)}, ensure_ascii=False),
                        "created_at": now})
    db.session.execute(Notification.__table__.insert(), notices)
    return len(notices)


def notify_matches(now: datetime, base_url: str = "", progress: Progress = no_progress) -> NoticeReport:
    """Claim every pair not told yet and queue one notification per organisation; flushes, never commits.
    `base_url` prefixes the links (the site's public address)."""
    base = base_url.rstrip("/")
    report = NoticeReport()
    universities = [tuple(row) for row in db.session.execute(university_pairs())]
    claimed = _claim(UNIVERSITY, universities, "university_id", now, progress)
    report.university_pairs = len(claimed)
    report.university_notices = _notify_universities(claimed, now, base)
    enterprises = [tuple(row) for row in db.session.execute(enterprise_pairs())]
    claimed = _claim(ENTERPRISE, enterprises, "patent_id", now, progress)
    report.enterprise_pairs = len(claimed)
    report.enterprise_notices = _notify_enterprises(claimed, now, base)
    db.session.flush()
    return report
