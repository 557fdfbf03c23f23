"""Administrators manage universities and enterprises: paginated lists, create, edit."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from marketplace.accounts.access import admin_required
from marketplace.extensions import db
from marketplace.forms_rendering import render_form
from marketplace.organisations import services
from marketplace.organisations.forms import EnterpriseForm, SearchForm, UniversityForm
from marketplace.organisations.labels import SIZE_LABELS
from marketplace.organisations.models import Enterprise, University
from marketplace.organisations.regions import region_label
from marketplace.pagination import paginate
from marketplace.service_errors import ServiceError, show_on_form

bp = Blueprint("organisations", __name__, url_prefix="/admin")


@bp.route("/universities")
@admin_required
def universities():
    """Universities by name, searchable, paginated."""
    search = SearchForm(formdata=request.args)
    page = paginate(services.universities_query(search.text()))
    return render_template("organisations/universities.html", page=page, search=search)


@bp.route("/universities/new", methods=["GET", "POST"])
@admin_required
def university_new():
    """Create a university."""
    form = UniversityForm()
    if form.validate_on_submit():
        try:
            university = services.create_university(form.university_details())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("University %(name)s created.", name=university.name), "success")
            return redirect(url_for("organisations.universities"))
    return render_form("organisations/university_form.html", form, university=None)


@bp.route("/universities/<id:university_id>/edit", methods=["GET", "POST"])
@admin_required
def university_edit(university_id: int):
    """Edit a university."""
    university = db.session.get(University, university_id) or abort(404)
    form = UniversityForm(obj=university)
    if form.validate_on_submit():
        try:
            services.update_university(university, form.university_details())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("University %(name)s saved.", name=university.name), "success")
            return redirect(url_for("organisations.universities"))
    return render_form("organisations/university_form.html", form, university=university)


@bp.route("/enterprises")
@admin_required
def enterprises():
    """Enterprises, newest first, searchable by name or credit code, paginated."""
    search = SearchForm(formdata=request.args)
    page = paginate(services.enterprises_query(search.text()))
    return render_template(
        "organisations/enterprises.html", page=page, search=search,
        size_labels=SIZE_LABELS, region_label=region_label,
    )


@bp.route("/enterprises/new", methods=["GET", "POST"])
@admin_required
def enterprise_new():
    """Create an enterprise record."""
    form = EnterpriseForm()
    if form.validate_on_submit():
        try:
            enterprise = services.create_enterprise(form.enterprise_details())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Enterprise %(name)s created.", name=enterprise.name), "success")
            return redirect(url_for("organisations.enterprises"))
    return render_form("organisations/enterprise_form.html", form, enterprise=None)


@bp.route("/enterprises/<id:enterprise_id>/edit", methods=["GET", "POST"])
@admin_required
def enterprise_edit(enterprise_id: int):
    """Edit an enterprise record."""
    enterprise = db.session.get(Enterprise, enterprise_id) or abort(404)
    form = EnterpriseForm(obj=enterprise, enterprise_name=enterprise.name)
    if form.validate_on_submit():
        try:
            services.update_enterprise(enterprise, form.enterprise_details())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Enterprise %(name)s saved.", name=enterprise.name), "success")
            return redirect(url_for("organisations.enterprises"))
    return render_form("organisations/enterprise_form.html", form, enterprise=enterprise)
