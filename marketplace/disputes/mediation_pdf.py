"""The request for CNIPA mediation of a dispute on a licence (专利开放许可纠纷调解请求书), A4 PDF in Chinese
with its font embedded (`documents.fonts`), built with reportlab like the licence contract.

Patent Law art. 52: a dispute over the implementation of an open licence is negotiated by the parties;
where they will not negotiate or negotiation fails, they may ask the patent administration department of
the State Council (CNIPA) to mediate. The request states the licence's facts: its number, the patent and
its patentee, the licensee and its unified social credit code, the declaration's version and its terms
in words, the licence's term, the charges in dispute with their amounts, what is owed by the ledger, the
subject and description of the dispute, and the requesting party. The caller passes everything already
worded in Chinese (`MediationFacts`), so no Flask request is needed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from marketplace.core.money import Money
from marketplace.documents import fonts
from marketplace.documents.tables import ruled_table
from marketplace.licensing.contract_pdf import amount_text

FONT = fonts.font_name()
TITLE = "专利开放许可纠纷调解请求书"
ADDRESSEE = "国家知识产权局："
LEGAL_BASIS = (
    "《中华人民共和国专利法》第五十二条：当事人就实施开放许可发生纠纷的，由当事人自行协商解决；"
    "不愿协商或者协商不成的，可以请求国务院专利行政部门进行调解，也可以向人民法院起诉。"
)
REQUEST = "请求人依据上述规定，请求国家知识产权局就下述纠纷进行调解。"

_BODY = ParagraphStyle("mediation-body", fontName=FONT, fontSize=10.5, leading=17, wordWrap="CJK")
_TITLE = ParagraphStyle("mediation-title", parent=_BODY, fontSize=17, leading=26, alignment=TA_CENTER,
                        spaceAfter=4 * mm)
_HEADING = ParagraphStyle("mediation-heading", parent=_BODY, fontSize=12, leading=20, spaceBefore=3 * mm,
                          spaceAfter=1 * mm)
_ITEM = ParagraphStyle("mediation-item", parent=_BODY, leftIndent=5 * mm)
_CELL = ParagraphStyle("mediation-cell", parent=_BODY, fontSize=10, leading=15)
_AMOUNT = ParagraphStyle("mediation-amount", parent=_CELL, alignment=TA_RIGHT)


@dataclass(frozen=True)
class DisputedCharge:
    """A charge in dispute: its due date, what it is (in words) and what is still open on it."""

    due_date: date
    label: str
    amount: Money
    still_open: Money


@dataclass(frozen=True)
class MediationFacts:
    """What the request states, already worded in Chinese."""

    dispute_id: int
    licence_number: str
    patent_number: str
    patent_title: str
    patentee: str
    university: str
    enterprise: str
    credit_code: str
    declaration_version: int
    declaration_published_on: date | None
    plan_kind: str
    plan_lines: list[str]
    start_date: date
    end_date: date
    charges: list[DisputedCharge]
    owed: Money
    subject: str
    description: str
    requesting_party: str  # e.g. 被许可人 鄂尔多斯绿氢 / 专利权人 内蒙古工业大学
    requested_by: str  # the person
    opened_on: date
    requested_on: date | None  # the day the dispute went to mediation (None: prepared beforehand)
    stage: str


def _day(day: date | None) -> str:
    return day.isoformat() if day else "—"


def _para(text: str, style: ParagraphStyle = _BODY) -> Paragraph:
    """A paragraph of plain text: escaped for reportlab's markup, line breaks kept."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _charges_table(charges: list[DisputedCharge]) -> Table:
    header = [_para(text, _CELL) for text in ("应付日期", "费用类型", "金额（元）", "未付金额（元）")]
    rows = [[_para(_day(charge.due_date), _CELL), _para(charge.label, _CELL),
             _para(amount_text(charge.amount), _AMOUNT), _para(amount_text(charge.still_open), _AMOUNT)]
            for charge in charges]
    return ruled_table([header, *rows], [30 * mm, 70 * mm, 35 * mm, 35 * mm], repeatRows=1, hAlign="LEFT")


def _footer(number: str):
    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8.5)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"许可编号 {number}　第 {doc.page} 页")
        canvas.restoreState()
    return draw


def mediation_request_pdf(facts: MediationFacts) -> bytes:
    """The mediation request as PDF bytes."""
    fonts.register()
    rows = [
        ("请求人", facts.requesting_party),
        ("经办人", facts.requested_by),
        ("纠纷编号", str(facts.dispute_id)),
        ("许可编号", facts.licence_number),
        ("专利号", facts.patent_number),
        ("专利名称", facts.patent_title),
        ("专利权人", facts.patentee),
        ("高校", facts.university),
        ("被许可人", facts.enterprise),
        ("统一社会信用代码", facts.credit_code),
        ("开放许可声明",
         f"第 {facts.declaration_version} 版，公告日期 {_day(facts.declaration_published_on)}"),
        ("许可方式", facts.plan_kind),
        ("许可期限", f"{_day(facts.start_date)} 至 {_day(facts.end_date)}"),
    ]
    story: list = [_para(TITLE, _TITLE), _para(ADDRESSEE), _para(REQUEST)]
    story.append(_para("一、当事人及许可基本情况", _HEADING))
    story += [_para(f"{label}：{value}") for label, value in rows]
    story.append(_para("二、开放许可声明的许可使用费及支付标准", _HEADING))
    story += [_para(line, _ITEM) for line in facts.plan_lines] or [_para("—", _ITEM)]
    story.append(_para("三、纠纷事项", _HEADING))
    story.append(_para(f"纠纷类型：{facts.subject}"))
    story.append(_para(f"提出日期：{_day(facts.opened_on)}；当前阶段：{facts.stage}；"
                       f"请求调解日期：{_day(facts.requested_on)}"))
    story.append(_para("纠纷说明："))
    story.append(_para(facts.description, _ITEM))
    story.append(_para("四、争议费用", _HEADING))
    if facts.charges:
        story.append(_charges_table(facts.charges))
        total = sum((charge.still_open for charge in facts.charges), Money.zero())
        story.append(_para(f"争议费用未付合计：{amount_text(total)}"))
    else:
        story.append(_para("本纠纷未涉及具体费用。"))
    story.append(_para(f"依许可账簿，被许可人目前尚欠许可使用费：{amount_text(facts.owed)}"))
    story.append(_para("五、法律依据", _HEADING))
    story.append(_para(LEGAL_BASIS))
    story.append(Spacer(1, 10 * mm))
    story.append(_para("请求人（签章）：　　　　　　　　　　日期：　　　　年　　月　　日"))

    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
        bottomMargin=22 * mm, title=f"{TITLE} {facts.licence_number}", author=facts.requesting_party,
        subject=facts.patent_title, creator="marketplace", initialFontName=FONT,
    )
    footer = _footer(facts.licence_number)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
