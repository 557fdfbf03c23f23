"""Home page, the dashboard of each role, and the language switch."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required

from marketplace.accounts.models import Role
from marketplace.clock import now, today
from marketplace.dashboards import university_views as university_dashboard
from marketplace.dashboards.enterprise import enterprise_dashboard
from marketplace.dashboards.province_views import province_context
from marketplace.licensing.labels import STATUS_LABELS as LICENCE_STATUS_LABELS
from marketplace.main import services
from marketplace.needs.labels import STATUS_LABELS as NEED_STATUS_LABELS
from marketplace.notifications.services import for_enterprise, text_of
from marketplace.organisations.labels import SIZE_LABELS
from marketplace.organisations.regions import region_label
from marketplace.safe_redirect import safe_next_url
from marketplace.zones import queries as zone_queries
from marketplace.zones import results as zone_results
from marketplace.zones.labels import STATUS_LABELS as ZONE_STATUS_LABELS
from marketplace.zones.results import FigureKey

bp = Blueprint("main", __name__)

DASHBOARDS = {
    Role.ENTERPRISE_USER: "main/dashboard_enterprise.html",
    Role.UNIVERSITY_STAFF: "main/dashboard_university.html",
    Role.ORGANISER: "main/dashboard_organiser.html",
    Role.ADMIN: "main/dashboard_admin.html",
}


@bp.route("/")
def home():
    """The public home page."""
    return render_template(
        "main/home.html", figures=services.home_figures(),
        universities=services.featured_universities(),
    )


def _zones_compared() -> dict:
    """The zones side by side: an organiser's own, or every zone for an administrator."""
    compared, rows = organiser_views.compared_page()
    return {"compared": compared, "compared_rows": rows, "figure_keys": list(FigureKey),
            "figure_labels": zone_results.LABELS, "money_keys": zone_results.MONEY_FIGURES}


@bp.route("/dashboard")
@login_required
def dashboard():
    """What the logged-in user can do, by role."""
    context = {"colleagues": services.colleagues(current_user)}
    if current_user.role == Role.ADMIN:
        context["figures"] = services.admin_figures()
        context.update(province_context())
        context.update(_zones_compared())
    elif current_user.role == Role.ENTERPRISE_USER:
        notices = for_enterprise(current_user.enterprise_id, today())
        context["notifications"] = [(n, text_of(n)) for n in notices]
        context["board"] = enterprise_dashboard(current_user.enterprise_id, today(), now())
        context["licence_status_labels"] = LICENCE_STATUS_LABELS
        context["need_status_labels"] = NEED_STATUS_LABELS
    elif current_user.role == Role.UNIVERSITY_STAFF:
        context.update(university_dashboard.dashboard_context(current_user))
    elif current_user.role == Role.ORGANISER:
        context["zone_figures"] = zone_queries.organiser_dashboard(current_user)
        context["status_labels"] = ZONE_STATUS_LABELS
        context.update(_zones_compared())
    return render_template(
        DASHBOARDS[current_user.role], size_labels=SIZE_LABELS, region_label=region_label,
        **context,
    )


@bp.route("/language/<code>")
def set_language(code: str):
    """Switch the interface language; remembered in the session."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    session["lang"] = code
    return redirect(safe_next_url(request.args.get("next")) or url_for("main.home"))


from marketplace.dashboards import organiser_views  # noqa: E402 - the organiser dashboard's routes attach to bp
