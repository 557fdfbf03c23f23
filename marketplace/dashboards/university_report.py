"""A university's yearly report (年度成效报告) as an A4 PDF in Chinese: enterprises served against the
target, the funnel, fees by month, licences by state and the top patents, each as a chart (reportlab's own
graphics, no cairo) and a table of the same figures.

The text is set in the documents' embedded Chinese font (`documents.fonts`, as the contract). The
caller forces the Chinese locale, so the tables' words (`university_tables`) are Chinese. Amounts are
formatted from Decimal; the bars of the fee chart are whole yuan (rounded half up), the table beside them
gives the exact amounts.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from marketplace.core.money import Money
from marketplace.core.report_year import MONTHS
from marketplace.dashboards import university_tables as tables
from marketplace.dashboards.university import UniversityDashboard
from marketplace.dashboards.university_labels import FEE_LABELS, STAGE_LABELS
from marketplace.documents import fonts
from marketplace.documents.tables import ruled_table
from marketplace.licensing.contract_pdf import FONT, amount_text
from marketplace.organisations.models import University
from marketplace.policy.fees import Fee

_BODY = ParagraphStyle("report-body", fontName=FONT, fontSize=10.5, leading=17, wordWrap="CJK")
_TITLE = ParagraphStyle("report-title", parent=_BODY, fontSize=17, leading=26, alignment=TA_CENTER,
                        spaceAfter=3 * mm)
_HEADING = ParagraphStyle("report-heading", parent=_BODY, fontSize=13, leading=20, spaceBefore=5 * mm,
                          spaceAfter=2 * mm)
_CELL = ParagraphStyle("report-cell", parent=_BODY, fontSize=9.5, leading=14)
_NUMBER = ParagraphStyle("report-number", parent=_CELL, alignment=TA_RIGHT)
SERIES_COLOURS = (colors.HexColor("#0d6efd"), colors.HexColor("#198754"), colors.HexColor("#dc3545"))
WIDTH = 170 * mm


def _para(text: str, style: ParagraphStyle = _BODY) -> Paragraph:
    return Paragraph(escape(text), style)


def _cell_text(value: object) -> str:
    if isinstance(value, Decimal):
        return amount_text(Money(value))
    return str(value)


def _table(found: tables.Table) -> Table:
    data = [[_para(text, _CELL) for text in found.header]]
    for row in found.rows:
        data.append([_para(_cell_text(value), _NUMBER if index else _CELL)
                     for index, value in enumerate(row)])
    first = WIDTH * (0.4 if len(found.header) > 2 else 0.6)
    rest = (WIDTH - first) / max(len(found.header) - 1, 1)
    return ruled_table(data, [first] + [rest] * (len(found.header) - 1), repeatRows=1)


def _yuan(money: Money) -> int:
    return int(money.amount.to_integral_value(rounding=ROUND_HALF_UP))


def _labels_font(chart) -> None:
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = FONT
        axis.labels.fontSize = 8


def _horizontal(labels: list[str], values: list[int], height: float) -> Drawing:
    drawing = Drawing(WIDTH, height, initialFontName=FONT)  # else the drawing starts in Helvetica
    chart = HorizontalBarChart()
    chart.x, chart.y = 45 * mm, 8 * mm
    chart.width, chart.height = WIDTH - 55 * mm, height - 14 * mm
    chart.data = [values[::-1]]
    chart.categoryAxis.categoryNames = labels[::-1]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max([*values, 1]) * 6 // 5 + 1
    chart.bars[0].fillColor = SERIES_COLOURS[0]
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 8
    chart.barLabels.nudge = 8
    _labels_font(chart)
    drawing.add(chart)
    return drawing


def _fees_chart(dash: UniversityDashboard) -> Drawing:
    drawing = Drawing(WIDTH, 75 * mm, initialFontName=FONT)
    chart = VerticalBarChart()
    chart.x, chart.y = 20 * mm, 18 * mm
    chart.width, chart.height = WIDTH - 25 * mm, 50 * mm
    chart.data = [[_yuan(money) for money in dash.fees.series(fee)] for fee in Fee]
    chart.categoryAxis.categoryNames = [f"{month}月" for month in MONTHS]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max([value for series in chart.data for value in series] + [1]) * 6 // 5 + 1
    for index, colour in enumerate(SERIES_COLOURS):
        chart.bars[index].fillColor = colour
    _labels_font(chart)
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 20 * mm, 6 * mm
    legend.fontName = FONT
    legend.fontSize = 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.dx, legend.dy = 6, 6
    legend.colorNamePairs = [(colour, str(FEE_LABELS[fee])) for colour, fee in zip(SERIES_COLOURS, Fee,
                                                                                       strict=True)]
    drawing.add(legend)
    drawing.add(String(0, 72 * mm, "单位：元", fontName=FONT, fontSize=8))
    return drawing


def report_pdf(university: University, dash: UniversityDashboard) -> bytes:
    """The report's bytes (a Chinese locale in force)."""
    fonts.register()
    story: list = [
        _para(f"{university.name}{dash.year}年度专利开放许可成效报告", _TITLE),
        _para(f"统计年度：{dash.year}年　　数据截至：{dash.today.isoformat()}"),
    ]
    if dash.empty:
        story.append(_para("本年度尚无记录：发布专利、开放许可并服务企业后，这里将显示成效数据。"))
    verdict = "已达标" if dash.reached else f"尚未达标，还需服务{dash.missing}家"
    story += [
        _para("一、服务企业与“千校万企”目标", _HEADING),
        _para(f"本年度服务企业{dash.served}家（其中取得许可的企业{dash.strict}家），"
              f"年度目标{dash.target}家，{verdict}。"),
        _horizontal(["服务企业", "取得许可的企业", "目标"], [dash.served, dash.strict, dash.target], 40 * mm),
        _table(tables.served(dash)),
        _para("二、许可转化漏斗", _HEADING),
        _horizontal([str(STAGE_LABELS[stage]) for stage in dash.funnel], list(dash.funnel.values()), 70 * mm),
        _table(tables.funnel(dash)),
        _para("三、按月许可使用费", _HEADING),
        _para(f"全年应收{amount_text(dash.fees.year(Fee.CHARGED))}，"
              f"实收{amount_text(dash.fees.year(Fee.COLLECTED))}，"
              f"逾期未付{amount_text(dash.fees.year(Fee.OVERDUE))}。"),
        _fees_chart(dash),
        _table(tables.fees(dash)),
        _para("四、许可状态与试用转化", _HEADING),
        _table(tables.licences(dash)),
        Spacer(1, 3 * mm),
        _table(tables.trials(dash)),
        _para("五、热门专利", _HEADING),
        _table(tables.top_licences(dash)),
        Spacer(1, 3 * mm),
        _table(tables.top_enquiries(dash)),
    ]
    buffer = BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                                 topMargin=18 * mm, bottomMargin=18 * mm,
                                 title=f"{university.name}{dash.year}年度成效报告", author=university.name,
                                 initialFontName=FONT)
    document.build(story)
    return buffer.getvalue()
