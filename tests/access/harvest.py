"""The bodies a browser would post: every POST form on owner A's pages, read as each A actor sees them.

The matrix posts these bodies (with the poster's own CSRF token) so that a refusal is about who asks and
whose object it is, not about a missing field. A path no page holds a form for gets the CSRF token alone.
An empty text area (a reply, a note, a reason) is given a few words, as a person would type them.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask

from tests.access.actors import ADMIN, ANON, ENT_A, ORG_A, STAFF_A
from tests.edge.html_forms import post_forms
from tests.edge.sweep import build, encode

HARVESTERS = (ENT_A, STAFF_A, ORG_A, ADMIN, ANON)  # whose form wins where several show one
WORDS = "希望进一步了解这项技术的转化条件。"


def harvest_forms(app: Flask, matrix) -> dict[str, dict[str, str]]:
    """{path: form values} for every POST form on the GET pages of the URL map, bound to A's ids."""
    forms: dict[str, dict[str, str]] = {}
    pages = [rule for rule in app.url_map.iter_rules()
             if "GET" in rule.methods and rule.endpoint not in ("static", "bootstrap.static")
             and not rule.rule.startswith("/api/") and rule.endpoint != "main.set_language"]
    for actor in HARVESTERS:
        client = matrix.client(app, actor)
        for rule in pages:
            values = matrix.owner_a.get(frozenset(rule.arguments))
            if values is None:
                continue
            url = build(rule, {name: encode(value) for name, value in values.items()})
            response = client.get(url)
            if response.mimetype == "text/html" and response.status_code == 200:
                for form in post_forms(response.get_data(as_text=True), url):
                    for item in form.fields:
                        if item.tag == "textarea" and not item.value.strip():
                            item.value = WORDS
                    path = urlsplit(form.action).path
                    forms.setdefault(path, {k: v for k, v in form.values().items() if k != "csrf_token"})
            response.close()
    return forms
