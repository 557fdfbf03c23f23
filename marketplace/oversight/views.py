"""Administrators' platform-wide lists of patents, licences and payments (search, filters, pages,
``?format=csv|xlsx`` downloads of the filtered list) and a read-only page of one licence."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from marketplace.accounts.access import admin_required
from marketplace.catalogue import labels as patent_labels
from marketplace.catalogue.models import Patent
from marketplace.clock import today
from marketplace.core.patent_term import legal_status_on
from marketplace.edge.query import query_int
from marketplace.extensions import db
from marketplace.licensing import money_labels
from marketplace.licensing.labels import STATUS_LABELS
from marketplace.licensing.models import Licence
from marketplace.licensing.money_columns import MoneyColumns, money_columns
from marketplace.licensing.money_page import charge_state, fen_money
from marketplace.organisations.models import Enterprise
from marketplace.organisations.services import university_choices
from marketplace.oversight import export, queries
from marketplace.oversight.forms import ListFilterForm, ListFilters
from marketplace.pagination import paginate

bp = Blueprint("oversight", __name__, url_prefix="/admin")

PATENT_STATUSES = {
    queries.PATENT_OFFERED: _l("On offer"),
    queries.PATENT_NOT_OFFERED: _l("Not on offer"),
    queries.PATENT_ARCHIVED: _l("Archived"),
}
PAYMENT_STATUSES = {
    queries.PAYMENT_STANDING: _l("Standing"),
    queries.PAYMENT_REVERSED: _l("Reversed"),
}


def _filters(statuses: dict) -> tuple[ListFilterForm, ListFilters, Enterprise | None]:
    """The filter form of a list, its valid values, and the enterprise of ``?enterprise=`` if any."""
    form = ListFilterForm(university_choices(), [(key, str(label)) for key, label in statuses.items()],
                          formdata=request.args)
    enterprise_id = query_int("enterprise")
    enterprise = db.session.get(Enterprise, enterprise_id) if enterprise_id else None
    return form, form.filters(enterprise.id if enterprise else None), enterprise


def _download() -> str | None:
    kind = request.args.get("format")
    return kind if kind in ("csv", "xlsx") else None


def _file(kind: str, name: str, body: bytes) -> Response:
    mimetype = "text/csv" if kind == "csv" else export.XLSX
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f"attachment; filename={name}-{today().isoformat()}.{kind}"})


def _patent_words(on_day: date):
    def words(patent) -> dict[str, str]:
        status = legal_status_on(patent.legal_status, patent.expiry_date, on_day)
        return {"type": str(patent_labels.TYPE_LABELS[patent.patent_type]),
                "status": str(patent_labels.STATUS_LABELS[status]),
                "industry": str(patent_labels.INDUSTRY_LABELS[patent.industry]),
                "offer": str(patent_labels.PLAN_KIND_LABELS.get(patent.offer_kind, _("Not on offer")))}
    return words


@bp.route("/patents")
@admin_required
def patents():
    """Every patent of every university, with its offer and its number of licences."""
    form, filters, _enterprise = _filters(PATENT_STATUSES)
    stmt = queries.patents_query(filters)
    kind = _download()
    if kind:
        counts = queries.licence_counts(queries.ids_of(stmt, Patent.id))
        rows = db.session.scalars(queries.with_patent_rows(stmt))
        lines = export.patent_lines(rows, counts, _patent_words(today()))
        return _file(kind, "patents", export.download(kind, "专利", export.PATENT_COLUMNS, lines))
    page = paginate(queries.with_patent_rows(stmt))
    return render_template(
        "oversight/patents.html", page=page, form=form, words=_patent_words(today()),
        counts=queries.licence_counts(patent.id for patent in page.items))


@bp.route("/licences")
@admin_required
def licences():
    """Every licence of the platform with the money columns of every licence list (`money_columns`):
    charged, paid, balance owed, and overdue (open past the grace period)."""
    form, filters, enterprise = _filters(STATUS_LABELS)
    stmt = queries.licences_query(filters)
    kind = _download()
    if kind:
        figures = money_columns(queries.ids_of(stmt, Licence.id), today())
        rows = db.session.scalars(queries.with_licence_rows(stmt))
        lines = export.licence_lines(rows, figures, STATUS_LABELS)
        return _file(kind, "licences", export.download(kind, "许可", export.LICENCE_COLUMNS, lines))
    page = paginate(queries.with_licence_rows(stmt))
    return render_template(
        "oversight/licences.html", page=page, form=form, enterprise=enterprise, status_labels=STATUS_LABELS,
        figures=money_columns([licence.id for licence in page.items], today()), blank=MoneyColumns())


@bp.route("/licences/<id:licence_id>")
@admin_required
def licence(licence_id: int):
    """One licence, read only: parties, terms, dates, its money columns, charges and payments."""
    found = db.session.get(Licence, licence_id) or abort(404)
    figures = money_columns([found.id], today()).get(found.id, MoneyColumns())
    payments = queries.payment_rows(db.session.scalars(queries.with_payment_rows(
        queries.payments_query(ListFilters()).where(Licence.id == found.id))).all())
    university = queries.universities_by_id([found.university_id]).get(found.university_id)
    return render_template("oversight/licence.html", licence=found, figures=figures, payments=payments,
                           university=university, status_labels=STATUS_LABELS, money_labels=money_labels,
                           charge_state=charge_state, fen_money=fen_money)


@bp.route("/payments")
@admin_required
def payments():
    """Every payment received on the platform, with its licence, enterprise, reference and source."""
    form, filters, enterprise = _filters(PAYMENT_STATUSES)
    stmt = queries.payments_query(filters)
    kind = _download()
    if kind:
        rows = db.session.scalars(queries.with_payment_rows(stmt)).all()
        lines = (line for start in range(0, len(rows), 500)
                 for line in export.payment_lines(queries.payment_rows(rows[start:start + 500])))
        return _file(kind, "payments", export.download(kind, "收款", export.PAYMENT_COLUMNS, lines))
    page = paginate(queries.with_payment_rows(stmt))
    return render_template(
        "oversight/payments.html", page=page, form=form, enterprise=enterprise,
        rows=queries.payment_rows(page.items), total=queries.payments_total(stmt))
