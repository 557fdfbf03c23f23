"""Charts drawn on the server with pygal: SVG images readable without JavaScript.

A chart is served as an image from its own route (`<img>`), so the page keeps the CSP without inline
style; the SVG carries no script (pygal's configuration script is removed, no JS files linked), a <title>
and a <desc> for screen readers, and the page shows the same figures in a plain table beside it.
Every chart of the marketplace is made here: `bar_svg` for bars (horizontal or vertical, one or more
series), `finish` for any other pygal chart; every chart route answers with `svg_response`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from decimal import Decimal
from xml.etree import ElementTree

import pygal
from flask import Response
from pygal.style import DefaultStyle

# Importing pygal appends to sys.meta_path a finder for its external map plugins (pygal.maps.*) that only
# has the find_module() Python 3.12 dropped; Python 3.11 warns (ImportWarning) on every import that reaches
# it. No map plugin is used here, so it is taken out again.
sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, pygal.PluginImportFixer)]

SVG = "{http://www.w3.org/2000/svg}"
FONT = "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"

Series = Sequence[tuple[str, Sequence[int | Decimal | None]]]

# A chart shows one user's figures of the moment: no cache (the browser's or a proxy's) may keep it.
SVG_CACHE_CONTROL = "private, no-store"


def _strip_scripts(root: ElementTree.Element) -> None:
    for parent in root.iter():
        for child in list(parent):
            if child.tag in ("script", SVG + "script"):
                parent.remove(child)


def finish(chart: pygal.graph.graph.Graph, description: str) -> str:
    """The chart as an SVG string without script, with a <desc> after its <title>."""
    root = chart.render_tree()
    _strip_scripts(root)
    children = list(root)
    titles = [index for index, child in enumerate(children) if child.tag in ("title", SVG + "title")]
    desc = ElementTree.Element("desc")
    desc.text = description
    root.insert(titles[0] + 1 if titles else 0, desc)
    return ElementTree.tostring(root, encoding="unicode")


def bar_svg(title: str, description: str, labels: Sequence[str], series: Series, *,
            horizontal: bool = False, width: int = 800, height: int | None = None,
            value_formatter=None) -> str:
    """A bar chart of one or more series over `labels`, as an SVG string. Amounts are given as Decimal
    (drawn as numbers, never computed with as floats here)."""
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    options = {"disable_xml_declaration": True, "js": [], "title": title, "style": DefaultStyle,
               "font_family": FONT, "width": width, "legend_at_bottom": True, "print_values": True,
               "show_legend": len(series) > 1}
    if horizontal:
        options["show_y_guides"] = False
    if value_formatter is not None:
        options["value_formatter"] = value_formatter
    chart = kind(height=height or (120 + 40 * len(labels) if horizontal else 420), **options)
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, list(values))
    return finish(chart, description)


def svg_response(svg: str) -> Response:
    """The response of a route serving an SVG image: ``image/svg+xml`` (UTF-8), never stored by a cache.
    The site-wide security headers (CSP, nosniff) are added to it like any other response."""
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = SVG_CACHE_CONTROL
    return response
