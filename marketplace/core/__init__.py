"""The domain core: plain, typed Python with no Flask and no database session.

Everything here takes its inputs (including today's date) as arguments, so tests can move time
and the same rules serve the web views, the JSON API and the command line alike.
"""
