"""The province dashboard's charts: SVG drawn on the server with pygal, readable without JavaScript.

Each chart is served as an image from its own route (`<img>` with a text alternative, linked to the rows
behind it), so the page keeps the CSP without inline style; the SVG carries no script (pygal's
configuration script is removed and no JS file is linked), and has a <title> and a <desc> for screen
readers. The page shows the same figures in tables beside the charts.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from xml.etree import ElementTree

import pygal
from pygal.style import DefaultStyle

from marketplace.core.money import Money

# Importing pygal appends a finder for its map plugins that Python 3.11 warns about on every import; no
# map plugin is used, so it is taken out again (as in the zone results chart).
sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, pygal.PluginImportFixer)]

SVG = "{http://www.w3.org/2000/svg}"
BELOW_TARGET = "#c0392b"
AT_TARGET = "#2e7d32"


def _finish(chart: pygal.graph.graph.Graph, description: str) -> str:
    """The chart as an SVG string: scripts removed, a <desc> after the <title>."""
    root = chart.render_tree()
    for parent in root.iter():
        for child in list(parent):
            if child.tag in ("script", SVG + "script"):
                parent.remove(child)
    children = list(root)
    titles = [index for index, child in enumerate(children) if child.tag in ("title", SVG + "title")]
    desc = ElementTree.Element("desc")
    desc.text = description
    root.insert(titles[0] + 1 if titles else 0, desc)
    return ElementTree.tostring(root, encoding="unicode")


def _options(title: str, width: int = 900, height: int = 420) -> dict:
    return {"disable_xml_declaration": True, "js": [], "title": title, "style": DefaultStyle,
            "font_family": "sans-serif", "width": width, "height": height, "legend_at_bottom": True}


def served_svg(names: Sequence[str], served: Sequence[int], target: int, title: str, description: str,
               served_label: str, target_label: str) -> str:
    """Enterprises served per university as bars (red below the target, green at or above it) with the
    target drawn as a line across them."""
    chart = pygal.Bar(**_options(title, height=460), x_label_rotation=30, print_values=True,
                      show_x_guides=False, truncate_label=14)
    chart.x_labels = list(names) or ["—"]
    values = [{"value": count, "color": AT_TARGET if count >= target else BELOW_TARGET} for count in served]
    chart.add(served_label, values or [0])
    chart.add(target_label, [target] * max(len(names), 1), stroke=True, fill=False, show_dots=False,
              stroke_style={"width": 3, "dasharray": "6, 4"}, print_values=False)
    return _finish(chart, description)


def months_svg(month_labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]], title: str,
               description: str) -> str:
    """Counts per month (licences taken, enterprises served so far) as lines."""
    chart = pygal.Line(**_options(title), print_values=False, show_dots=True, dots_size=4)
    chart.x_labels = list(month_labels)
    for label, values in series:
        chart.add(label, list(values))
    return _finish(chart, description)


def fees_svg(month_labels: Sequence[str], series: Sequence[tuple[str, Sequence[Money]]], title: str,
             description: str) -> str:
    """Money per month (yuan) as grouped bars."""
    chart = pygal.Bar(**_options(title), print_values=False)
    chart.x_labels = list(month_labels)
    for label, values in series:
        chart.add(label, [float(value.amount) for value in values])
    return _finish(chart, description)
