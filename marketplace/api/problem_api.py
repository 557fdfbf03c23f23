"""The flask-smorest `Api` that writes the OpenAPI document from the code, its errors documented as
problem+json (RFC 9457) and answered by the application's own handlers."""

from __future__ import annotations

import http

from flask_smorest import Api
from flask_smorest.utils import prepare_response
from marshmallow import Schema, fields

from marketplace.api.problems import MEDIA_TYPE


class ProblemSchema(Schema):
    """An error (RFC 9457 problem details)."""

    type = fields.String(required=True, metadata={"description": "Stable identifier of the kind of problem"})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    errors = fields.List(fields.Dict(), metadata={"description": "Field errors: location, field, messages"})


class ProblemApi(Api):
    """An Api whose errors are documented as problem+json and handled by the application's own handlers
    (flask-smorest's would answer every error of the whole site in JSON)."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self) -> None:
        """The application's handlers answer /api errors as problems (marketplace.errors)."""

    def _register_responses(self) -> None:
        """flask-smorest's responses for every status, with the problem as their content."""
        for status in http.HTTPStatus:
            response: dict = {"description": status.phrase}
            if not 100 <= status < 200 and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, MEDIA_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, MEDIA_TYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)
