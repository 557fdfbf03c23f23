"""The app as `wsgi.py` serves it, plus the web benchmark's bare route: `/_bench/static` renders a
template that is the bytes of a real search page held raw (BENCH_STATIC_PAGE names the file), so it costs
what Flask, the request hooks and gunicorn cost for a page of that size and nothing else: the framework's
ceiling on this machine. Only the benchmark serves this module (`gunicorn bench.web_app:app`)."""

from __future__ import annotations

import os
from pathlib import Path

from wsgi import app

_page = app.jinja_env.from_string(
    "{% raw %}" + Path(os.environ["BENCH_STATIC_PAGE"]).read_text(encoding="utf-8") + "{% endraw %}")


@app.route("/_bench/static")
def bench_static() -> str:
    """The search page's bytes through a template render, with no work of the page's own."""
    return _page.render()
