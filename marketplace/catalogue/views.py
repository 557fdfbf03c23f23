"""The public catalogue: search with facets, patent pages, attachment downloads."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, send_file
from flask_babel import format_number, get_locale
from flask_login import current_user

from marketplace.catalogue import labels
from marketplace.catalogue.attachments import delivery, store_path
from marketplace.catalogue.highlight import highlight, snippet
from marketplace.catalogue.interest import record_view
from marketplace.catalogue.labels import FACET_LABELS
from marketplace.catalogue.models import Patent, PatentAttachment
from marketplace.catalogue.search import SearchQuery, search
from marketplace.catalogue.search.sample import rounded
from marketplace.catalogue.visibility import visible_patent
from marketplace.clock import today
from marketplace.core.money import Money
from marketplace.core.patent_term import legal_status_on, remaining_days
from marketplace.declarations.calculator import calculate
from marketplace.declarations.describe import (
    describe_plan,
    duration_text,
    has_royalty,
    money_text,
    summarise_offer,
)
from marketplace.declarations.forms import CalculatorForm
from marketplace.declarations.plan_storage import read_plan
from marketplace.declarations.services import terms_in_force_for, terms_in_force_ids, terms_or_last_withdrawn
from marketplace.extensions import db
from marketplace.fragments import plain_public_request, remembered_fragment, remembered_public_page
from marketplace.licensing.labels import STATUS_LABELS
from marketplace.licensing.services import live_licence
from marketplace.security_headers import sandboxed

bp = Blueprint("catalogue", __name__)


@bp.app_template_filter("highlight")
def _highlight(text: str, terms: list[str]):
    return highlight(text, terms)


@bp.app_template_filter("snippet")
def _snippet(text: str, terms: list[str]):
    return snippet(text, terms)


@bp.app_template_filter("legal_status_label")
def _legal_status_label(patent: Patent) -> str:
    """The patent's legal status as of today: "expired" once its term has ended, whatever was recorded."""
    return str(labels.STATUS_LABELS[legal_status_on(patent.legal_status, patent.expiry_date, today())])


@bp.app_template_filter("estimate")
def _estimate(count: int) -> str:
    """An estimated count as shown: two significant figures, grouped by the locale's rules."""
    return format_number(rounded(count))


@bp.app_template_filter("money")
def _money(value: Money) -> str:
    return money_text(value)


@bp.route("/patents")
def index():
    """Search the catalogue: text, facets with counts, sorting, pages. No login needed."""
    query = SearchQuery.from_args(request.args)
    result = search(query, FACET_LABELS)
    day, locale = today(), str(get_locale())
    items = result.page.items
    # The cards show the patents, the terms in force on the day (a declaration's terms never change:
    # its id names them) and labels in the locale; the sidebar shows the counts of the revision.
    card_key = ("cards", locale, day, tuple(result.terms),
                tuple((patent.id, patent.updated_at, patent.university.name) for patent in items),
                tuple(sorted(terms_in_force_ids([patent.id for patent in items], day).items())))
    cards = remembered_fragment(card_key, lambda: _cards(result, day))
    if query.zone is None:  # a zone's curation moves no revision
        sidebar = remembered_fragment(("facets", locale, result.revision, query),
                                      lambda: _sidebar(result, query))
    else:
        sidebar = _sidebar(result, query)
    return render_template("catalogue/search.html", result=result, query=query, cards=cards,
                           sidebar=sidebar)


def _cards(result, day) -> str:
    """The result cards, each with its offer (event terms in their window, else the published terms),
    the offers read in one look-up."""
    in_force = terms_in_force_for([patent.id for patent in result.page.items], day)
    offers = {patent_id: summarise_offer(read_plan(terms)) for patent_id, terms in in_force.items()}
    return render_template("catalogue/_result_cards.html", result=result, labels=labels, offers=offers)


def _sidebar(result, query) -> str:
    """The facet sidebar: each facet's values with their counts, linking to the query narrowed."""
    return render_template("catalogue/_catalogue_facets.html", result=result, query=query)


def _viewable(patent_id: int) -> Patent:
    """The patent when the current user may see it (visibility.py), else 404."""
    viewer = current_user.university_id if current_user.is_authenticated else None
    patent = visible_patent(patent_id, viewer)
    if patent is None:
        abort(404)
    return patent


@bp.route("/patents/<id:patent_id>")
def detail(patent_id: int):
    """Everything public about one patent, with its remaining term, its open-licence terms in words
    and a cost calculator (a GET form: `?licence_start=…&annual_sales=…`). The page a visitor who is
    not logged in gets is kept under everything it shows (see marketplace.fragments)."""
    patent = _viewable(patent_id)
    if current_user.is_authenticated and current_user.enterprise_id is not None:
        record_view(patent, current_user.enterprise_id, today())
        db.session.commit()
    declaration, withdrawn = terms_or_last_withdrawn(patent.id, today())
    if plain_public_request():
        key = ("patent", str(get_locale()), today(), patent.id, patent.updated_at, patent.archived,
               patent.university.name,
               tuple((item.id, item.filename, item.size_bytes) for item in patent.attachments),
               declaration.id if declaration else None, withdrawn.id if withdrawn else None)
        return remembered_public_page(key, lambda: _detail_page(patent, declaration, withdrawn))
    return _detail_page(patent, declaration, withdrawn)


def _detail_page(patent: Patent, declaration, withdrawn) -> str:
    """The patent page: the terms in force (with the calculator and its result when asked) or the
    last withdrawal, and the enterprise's own licence of the patent."""
    terms: dict = {"declaration": declaration, "withdrawn": withdrawn}
    if declaration is not None:
        plan = read_plan(declaration)
        submitted = any(name in request.args for name in ("licence_start", "annual_sales", "calculate"))
        form = CalculatorForm(formdata=request.args if submitted else None)
        asked = form.read(patent.expiry_date, today(), has_royalty(plan)) if submitted else None
        result = calculate(plan, asked.start, patent.expiry_date, asked.annual_net_sales) if asked else None
        terms.update(plan_lines=describe_plan(plan), term_text=duration_text(plan.term), form=form,
                     ask_sales=has_royalty(plan), result=result)
    held = None
    if current_user.is_authenticated and current_user.enterprise_id is not None:
        held = live_licence(current_user.enterprise_id, patent.id)
    return render_template(
        "catalogue/detail.html", patent=patent, labels=labels,
        remaining=remaining_days(patent.expiry_date, today()), terms=terms,
        held=held, licence_status_labels=STATUS_LABELS,
    )


@bp.route("/patents/<id:patent_id>/attachments/<id:attachment_id>")
@sandboxed
def attachment(patent_id: int, attachment_id: int):
    """An attachment of a visible patent, with nosniff, a sandboxing CSP and a Content-Disposition:
    a PNG or JPEG that really is one opens inline, anything else downloads."""
    patent = _viewable(patent_id)
    item = db.session.get(PatentAttachment, attachment_id)
    if item is None or item.patent_id != patent.id or not store_path(item.sha256).exists():
        abort(404)
    path = store_path(item.sha256)
    mimetype, inline = delivery(item.content_type, path)
    return send_file(path, mimetype=mimetype, download_name=item.filename, as_attachment=not inline,
                     max_age=3600)
