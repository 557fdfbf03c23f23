"""Conversion figures of trials (on the licensing blueprint): a university's IP centre sees its own by
conversion plan kind; administrators see every university's, a page of universities at a time, and the
province's by conversion plan kind."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from marketplace.accounts.access import admin_required
from marketplace.catalogue.labels import PLAN_KIND_LABELS
from marketplace.clock import today
from marketplace.licensing import conversion
from marketplace.licensing.views import bp, staff_required
from marketplace.organisations.models import University
from marketplace.pagination import paginate


@bp.route("/ip/conversion")
@staff_required
def conversion_figures():
    """The university's trials: ended, converted, rate, median days to convert, fees since, by plan kind."""
    table = conversion.by_plan_kind(today(), current_user.university_id)
    return render_template("licensing/conversion.html", title=_("Trial conversion"), kinds=table,
                           kind_labels=PLAN_KIND_LABELS)


@bp.route("/admin/conversion")
@admin_required
def admin_conversion():
    """Every university's trial conversion (a page of universities at a time) and the province's by plan
    kind."""
    day = today()
    page = paginate(select(University).order_by(University.name, University.id))
    figures = conversion.by_university(day, [university.id for university in page.items])
    return render_template("licensing/conversion.html", title=_("Trial conversion in the province"),
                           kinds=conversion.by_plan_kind(day), kind_labels=PLAN_KIND_LABELS, page=page,
                           universities=figures)
