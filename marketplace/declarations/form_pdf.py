"""A declaration as the filled-in open-licence declaration form CNIPA asks for (专利开放许可声明), A4 PDF
in Chinese with its font embedded (`documents.fonts`).

The form holds what the law asks a declaration to state (Patent Law art. 50; 《专利法实施细则》 art. 85):
the patent and its patentee, the payment method and fee standard, the licence term and other terms, the
patentee's declaration, and room for the patentee's seal and date. The caller passes the plan's kind and
lines already worded in Chinese, so no Flask request is needed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from marketplace.documents import fonts
from marketplace.documents.tables import ruled_table

FONT = fonts.font_name()
TITLE = "专利开放许可声明"
PLEDGE = (
    "专利权人自愿声明：愿意许可任何单位或者个人实施上述专利，并按本声明载明的许可使用费支付方式、标准"
    "和许可期限实施许可。任何单位或者个人以书面方式通知专利权人，并依照本声明支付许可使用费后，即获得"
    "专利实施许可。专利权人保证本声明所涉专利不存在独占或者排他许可有效期限内、未经质权人同意的质押、"
    "未缴纳年费或者被中止等不得声明开放许可的情形，声明内容真实，不含宣传用语。"
)

_BODY = ParagraphStyle("form-body", fontName=FONT, fontSize=10.5, leading=17, wordWrap="CJK")
_TITLE = ParagraphStyle("form-title", parent=_BODY, fontSize=18, leading=28, alignment=TA_CENTER,
                        spaceAfter=5 * mm)
_LABEL = ParagraphStyle("form-label", parent=_BODY, fontSize=10)
_CELL = ParagraphStyle("form-cell", parent=_BODY, fontSize=10, leading=16)


@dataclass(frozen=True)
class FormFacts:
    """What the form states, already worded: one declaration of one patent."""

    patent_number: str
    title: str
    patent_type: str
    patentee: str
    filing_date: date | None
    grant_date: date | None
    expiry_date: date | None
    version: int
    status: str
    published_on: date | None
    plan_kind: str
    plan_lines: list[str]
    term: str
    payment_method: str
    other_terms: str
    evaluation_report: str  # "" for inventions, else whether it is on file
    university: str


def _day(day: date | None) -> str:
    return day.isoformat() if day else "—"


def _para(text: str, style: ParagraphStyle = _CELL) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def declaration_form_pdf(facts: FormFacts) -> bytes:
    """The filled-in form as PDF bytes."""
    fonts.register()
    rows = [
        ("专利号", facts.patent_number),
        ("发明创造名称", facts.title),
        ("专利类型", facts.patent_type),
        ("专利权人", facts.patentee),
        ("申请日", _day(facts.filing_date)),
        ("授权公告日", _day(facts.grant_date)),
        ("专利权期限届满日", _day(facts.expiry_date)),
        ("许可方式", facts.plan_kind),
        ("许可使用费支付方式", facts.payment_method or "—"),
        ("许可使用费标准", "\n".join(facts.plan_lines) or "—"),
        ("许可期限", facts.term),
        ("其他事项", facts.other_terms or "无"),
    ]
    if facts.evaluation_report:
        rows.append(("专利权评价报告", facts.evaluation_report))
    rows.append(("声明版本", f"第 {facts.version} 版（{facts.status}），公告日期 {_day(facts.published_on)}"))
    table = ruled_table([[_para(label, _LABEL), _para(value)] for label, value in rows], [38 * mm, 132 * mm],
                        shaded="labels", hAlign="LEFT")
    story = [
        _para(TITLE, _TITLE), table, Spacer(1, 6 * mm), _para(PLEDGE, _BODY), Spacer(1, 14 * mm),
        _para(f"专利权人（签章）：{facts.patentee}", _BODY), Spacer(1, 8 * mm),
        _para(f"经办单位：{facts.university}", _BODY), Spacer(1, 8 * mm),
        _para("日期：　　　　年　　月　　日", _BODY),
    ]
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                      bottomMargin=20 * mm, title=f"{TITLE} {facts.patent_number}", author=facts.university,
                      subject=facts.title, creator="marketplace", initialFontName=FONT).build(story)
    return buffer.getvalue()
