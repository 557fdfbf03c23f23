"""The versioned JSON API at /api/v1 over the same services as the pages.

flask-smorest writes the OpenAPI 3 document from the routes and schemas (/api/v1/openapi.json); the
reference page (/api/v1/docs) is rendered from that document on the server. Callers authenticate with
bearer tokens made on the account page; errors are problem+json; money is a string with two decimals.
"""

from __future__ import annotations

from flask import Flask


def register_api(app: Flask) -> None:
    """Mount the API's blueprints on the application and describe them in the document."""
    from marketplace.api import (
        catalogue,
        feed,
        licence_writes,  # noqa: F401 - its routes attach to licences.bp
        licences,
        needs,
        organiser,
        payments,
        reference,
        royalties,  # noqa: F401 - its routes attach to licences.bp
        trials,  # noqa: F401 - its routes attach to licences.bp
        university_declarations,
        university_patents,
        zone_writes,  # noqa: F401 - its routes attach to zones.bp
        zones,
    )
    from marketplace.edge.converters import MAX_ID, IdConverter
    from marketplace.extensions import api

    api.init_app(app)
    api.register_converter(IdConverter,
                           lambda converter: {"type": "integer", "minimum": 1, "maximum": MAX_ID})
    api.spec.components.security_scheme("bearerAuth", {
        "type": "http", "scheme": "bearer",
        "description": "An API token made on the account page: Authorization: Bearer mpk_…"})
    for module in (catalogue, feed, zones, needs, licences, payments, university_patents,
                   university_declarations, organiser):
        api.register_blueprint(module.bp)
    app.register_blueprint(reference.bp)
