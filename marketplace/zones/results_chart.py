"""The chart of a zone's results: an SVG drawn on the server with pygal, readable without JavaScript.

The chart is served as an image from its own route (`<img>`), so the page itself keeps the CSP without
inline style; the SVG carries no script (pygal's configuration script is removed, no JS files linked), a
<title> and a <desc> for screen readers, and the page shows the same figures in a plain table beside it.
"""

from __future__ import annotations

import sys
from xml.etree import ElementTree

import pygal
from pygal.style import DefaultStyle

from marketplace.zones.results import MONEY_FIGURES, FigureKey, ZoneResults

# Importing pygal appends to sys.meta_path a finder for its external map plugins (pygal.maps.*) that only
# has the find_module() Python 3.12 dropped; Python 3.11 warns (ImportWarning) on every import that reaches
# it. No map plugin is used here, so it is taken out again.
sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, pygal.PluginImportFixer)]

SVG = "{http://www.w3.org/2000/svg}"


def _strip_scripts(root: ElementTree.Element) -> None:
    for parent in root.iter():
        for child in list(parent):
            if child.tag in ("script", SVG + "script"):
                parent.remove(child)


def results_svg(results: ZoneResults, title: str, description: str, labels: dict[FigureKey, str]) -> str:
    """The zone's count figures (per university and in total) as a horizontal bar chart, an SVG string."""
    keys = [key for key in FigureKey if key not in MONEY_FIGURES]
    chart = pygal.HorizontalBar(disable_xml_declaration=True, js=[], title=title, style=DefaultStyle,
                                font_family="sans-serif", width=800, height=120 + 40 * len(keys),
                                legend_at_bottom=True, print_values=True, show_y_guides=False)
    chart.x_labels = [labels[key] for key in keys]
    series = [(row.university.name, row) for row in results.rows if row.university is not None]
    for name, row in series or [(str(labels[FigureKey.LICENCES]), results.total)]:
        chart.add(name, [row.counts[key] for key in keys])
    root = chart.render_tree()
    _strip_scripts(root)
    children = list(root)
    titles = [index for index, child in enumerate(children) if child.tag in ("title", SVG + "title")]
    desc = ElementTree.Element("desc")
    desc.text = description
    root.insert(titles[0] + 1 if titles else 0, desc)
    return ElementTree.tostring(root, encoding="unicode")
