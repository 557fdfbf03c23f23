"""The chart comparing zones on the organiser's dashboard: an SVG drawn on the server with pygal, served
as an image from its own route, without script, with a <title> and a <desc>; the dashboard shows the same
figures in the table beside it."""

from __future__ import annotations

from xml.etree import ElementTree

import pygal
from pygal.style import DefaultStyle

from marketplace.dashboards.organiser import ZoneRow
from marketplace.zones.results import FigureKey
from marketplace.zones.results_chart import SVG, _strip_scripts

CHARTED = (FigureKey.REGISTRATIONS, FigureKey.CHECK_INS, FigureKey.MEETINGS_HELD, FigureKey.LICENCES,
           FigureKey.TRIALS_CONVERTED, FigureKey.FILINGS)


def zones_svg(rows: list[ZoneRow], title: str, description: str, labels: dict[FigureKey, str],
              empty: str) -> str:
    """Some count figures of each zone as grouped horizontal bars (one series per figure), an SVG string."""
    chart = pygal.HorizontalBar(disable_xml_declaration=True, js=[], title=title, style=DefaultStyle,
                                font_family="sans-serif", width=800,
                                height=160 + 24 * len(CHARTED) * max(len(rows), 1),
                                legend_at_bottom=True, print_values=True, show_y_guides=False,
                                no_data_text=empty)
    chart.x_labels = [row.zone.title for row in rows]
    if rows:
        for key in CHARTED:
            chart.add(labels[key], [row.counts[key] for row in rows])
    root = chart.render_tree()
    _strip_scripts(root)
    children = list(root)
    titles = [index for index, child in enumerate(children) if child.tag in ("title", SVG + "title")]
    desc = ElementTree.Element("desc")
    desc.text = description
    root.insert(titles[0] + 1 if titles else 0, desc)
    return ElementTree.tostring(root, encoding="unicode")
