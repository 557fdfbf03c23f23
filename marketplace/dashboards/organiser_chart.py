"""The chart comparing zones on the organiser's dashboard: an SVG drawn on the server with pygal, served
as an image from its own route, without script, with a <title> and a <desc>; the dashboard shows the same
figures in the table beside it. Script stripping and the <desc> are `marketplace.charts.finish`'s."""

from __future__ import annotations

import pygal
from pygal.style import DefaultStyle

from marketplace.charts import finish
from marketplace.dashboards.organiser import ZoneRow
from marketplace.zones.results import FigureKey

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
    return finish(chart, description)
