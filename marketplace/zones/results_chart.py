"""The chart of a zone's results: a horizontal bar chart drawn by `marketplace.charts` (an SVG image
without script, with a <title> and a <desc>); the page shows the same figures in a table beside it."""

from __future__ import annotations

from marketplace.charts import bar_svg
from marketplace.zones.results import MONEY_FIGURES, FigureKey, ZoneResults


def results_svg(results: ZoneResults, title: str, description: str, labels: dict[FigureKey, str]) -> str:
    """The zone's count figures (per university and in total) as a horizontal bar chart, an SVG string."""
    keys = [key for key in FigureKey if key not in MONEY_FIGURES]
    series = [(row.university.name, row) for row in results.rows if row.university is not None]
    chosen = series or [(str(labels[FigureKey.LICENCES]), results.total)]
    return bar_svg(title, description, [labels[key] for key in keys],
                   [(name, [row.counts[key] for key in keys]) for name, row in chosen], horizontal=True)
