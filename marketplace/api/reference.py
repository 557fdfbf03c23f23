"""The API's reference page, rendered on the server from the OpenAPI document (no script, no CDN)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from marketplace.api.problems import PROBLEMS, TYPE_BASE
from marketplace.extensions import api

bp = Blueprint("api_reference", __name__, url_prefix="/api/v1")

METHODS = ("get", "post", "put", "patch", "delete")


def _schema_name(schema: dict[str, Any] | None) -> str:
    if not schema:
        return ""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return f"[{_schema_name(schema.get('items'))}]"
    return schema.get("type", "")


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every operation of the document, grouped by tag in the document's order."""
    groups: dict[str, list[dict[str, Any]]] = {tag["name"]: [] for tag in spec.get("tags", [])}
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            body = operation.get("requestBody", {}).get("content", {})
            groups.setdefault((operation.get("tags") or ["other"])[0], []).append({
                "method": method.upper(), "path": path, "id": operation.get("operationId", ""),
                "summary": operation.get("summary", ""), "description": operation.get("description", ""),
                "secured": bool(operation.get("security")),
                "parameters": [*item.get("parameters", []), *operation.get("parameters", [])],
                "body": {media: _schema_name(content.get("schema")) for media, content in body.items()},
                "responses": {code: {"description": response.get("description", ""),
                                     "schema": _schema_name(next(iter(response.get("content", {}).values()),
                                                                 {}).get("schema"))}
                              for code, response in operation.get("responses", {}).items()},
            })
    descriptions = {tag["name"]: tag.get("description", "") for tag in spec.get("tags", [])}
    return [{"name": name, "description": descriptions.get(name, ""), "operations": ops}
            for name, ops in groups.items() if ops]


@bp.route("/docs")
def docs():
    """The API reference: operations, schemas and problem types, from the served document."""
    spec = api.spec.to_dict()
    return render_template("api/reference.html", spec=spec, groups=operations(spec),
                           schemas=spec.get("components", {}).get("schemas", {}), schema_name=_schema_name,
                           problems=[(slug, TYPE_BASE + slug, str(title), str(detail))
                                     for slug, (title, detail) in PROBLEMS.items()])
