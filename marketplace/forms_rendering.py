"""Rendering a page that holds a form: 422 when a submitted form was refused, 200 otherwise.

A response of 400 or more makes the request roll back (see `marketplace.requests`), so a refused
form never leaves half a change behind.
"""

from __future__ import annotations

from flask import render_template

from marketplace.edge.forms import MarketplaceForm


def render_form(template: str, form: MarketplaceForm, **context):
    """Render `template` with `form`; status 422 if the form was submitted and has errors."""
    status = 422 if form.is_submitted() and (form.errors or form.form_errors) else 200
    return render_template(template, form=form, **context), status
