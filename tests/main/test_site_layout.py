"""Site-wide layout: the icon, every table under the one responsive-table mechanism, captions on top,
no light-weight text."""

from __future__ import annotations

import re

from marketplace import ROOT

TEMPLATES = ROOT / "templates"
CSS = (ROOT / "static" / "css" / "site.css").read_text(encoding="utf-8")

# A table must be the first thing inside a .table-responsive wrapper: the site CSS gives the wrapper's
# tables their sideways scroll and their cells a minimum width (`.table-responsive > .table ...`).
_WRAPPED = re.compile(r'<div class="(?:[^"]*\s)?table-responsive(?:\s[^"]*)?">\s*$')


def test_favicon_is_served_as_an_image(client):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/vnd.microsoft.icon"
        assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
    page = client.get("/").get_data(as_text=True)
    assert '<link rel="icon" href="/favicon.ico"' in page
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    with client.get("/static/favicon.svg") as svg:
        assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"


def test_every_table_of_every_template_is_in_a_responsive_wrapper():
    tables = 0
    unwrapped = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<table\b", text):
            tables += 1
            if not _WRAPPED.search(text[:match.start()]):
                unwrapped.append(f"{path.relative_to(TEMPLATES)}:{text.count(chr(10), 0, match.start()) + 1}")
    assert tables > 20  # the sweep did find the site's tables
    assert not unwrapped, unwrapped


def test_no_table_is_written_outside_the_templates():
    sources = [path for path in (ROOT / "marketplace").rglob("*.py")
               if "<table" in path.read_text(encoding="utf-8")]
    assert not sources, sources


def test_the_site_css_holds_the_table_caption_and_weight_rules():
    assert "table, caption { caption-side: top; }" in CSS
    assert ".table-responsive > .table > :not(caption) > * > * { min-width: 5.5em; }" in CSS
    assert ".lead { font-weight: 400; }" in CSS


def test_the_site_css_keeps_wide_tables_and_checkbox_lists_inside_the_page():
    # Without it, a table's screen-reader-only header ("Actions") widened the whole token page on a phone.
    assert ".table-responsive { position: relative; }" in CSS
    assert "ul.form-control { list-style: none; }" in CSS


def test_the_amount_owed_is_not_in_light_text():
    detail = (TEMPLATES / "licensing" / "detail.html").read_text(encoding="utf-8")
    line = next(line for line in detail.splitlines() if "Owed now" in line)
    assert "text-muted" not in line and "text-secondary" not in line and "fw-light" not in line
    assert "fw-semibold" in line
