"""Rendering a page that holds a form: 422 when a submitted form was refused, 200 otherwise.

A response of 400 or more makes the request roll back (see `marketplace.requests`), so a refused
form never leaves half a change behind.
"""

from __future__ import annotations

from flask import render_template

from marketplace.edge.forms import MarketplaceForm


def refused(form: MarketplaceForm) -> bool:
    """Whether `form` was submitted and has errors (beside a field or above the form)."""
    return form.is_submitted() and bool(form.errors or form.form_errors)


def render_form(template: str, form: MarketplaceForm, **context):
    """Render `template` with `form`; status 422 if it, or any other form passed in `context`, was
    submitted and refused."""
    forms = [form, *(value for value in context.values() if isinstance(value, MarketplaceForm))]
    status = 422 if any(refused(each) for each in forms) else 200
    return render_template(template, form=form, **context), status
