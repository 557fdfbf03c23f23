"""WSGI entry point: `gunicorn --preload wsgi:app`, `flask --app wsgi ...`."""

import gc

from marketplace import create_app

app = create_app()

# Everything built at start-up lives as long as the process: keep it out of the garbage
# collector's full passes, which would otherwise pause requests (gunicorn --preload shares it).
gc.freeze()
