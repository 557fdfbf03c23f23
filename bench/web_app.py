"""The app as `wsgi.py` serves it, plus the web benchmark's bare routes: `/_bench/static/<name>` renders
a template that is the bytes of a real page held raw (`<name>.html` in the directory BENCH_STATIC_DIR:
the search page, a patent page, the home page), so it costs what Flask, the request hooks and gunicorn
cost for a page of that size and nothing else: the framework's ceiling on this machine for that page.
Only the benchmark serves this module (`gunicorn bench.web_app:app`)."""

from __future__ import annotations

import os
from pathlib import Path

from flask import abort

from wsgi import app

_pages = {
    path.stem: app.jinja_env.from_string("{% raw %}" + path.read_text(encoding="utf-8") + "{% endraw %}")
    for path in Path(os.environ["BENCH_STATIC_DIR"]).glob("*.html")
}


@app.route("/_bench/static/<name>")
def bench_static(name: str) -> str:
    """A page's bytes through a template render, with no work of the page's own."""
    page = _pages.get(name)
    if page is None:
        abort(404)
    return page.render()
