"""A licence's contract as a PDF (专利开放许可合同), A4, in Chinese.

The text is set in the documents' Chinese font (`documents.fonts`): a subset of Noto Sans CJK SC
embedded in the file, so the contract prints the same everywhere (reportlab's named, unembedded CID
font where no source font is installed).

Amounts are formatted from `Money`'s Decimal (thousands separator, two decimals), never a float.
The caller passes the plan's kind, its lines and each charge's label already worded
(`licensing.labels.licence_charge_label`), so no Flask request is needed here and no internal code
(a plan or charge kind) reaches the text.
"""

from __future__ import annotations

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
from marketplace.licensing.models import Licence

FONT = fonts.font_name()
TITLE = "专利开放许可合同（开放许可实施许可）"
LEGAL_BASIS = (
    "依据《中华人民共和国专利法》第五十条至第五十二条，被许可人以书面方式通知专利权人并依照公告的"
    "许可使用费支付方式、标准支付许可使用费后，即获得专利实施许可。"
)
_BODY = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=17, wordWrap="CJK")
_TITLE = ParagraphStyle("title", parent=_BODY, fontSize=17, leading=26, alignment=TA_CENTER,
                        spaceAfter=4 * mm)
_HEADING = ParagraphStyle("heading", parent=_BODY, fontSize=12, leading=20, spaceBefore=3 * mm,
                          spaceAfter=1 * mm)
_ITEM = ParagraphStyle("item", parent=_BODY, leftIndent=5 * mm)
_CELL = ParagraphStyle("cell", parent=_BODY, fontSize=10, leading=15)
_AMOUNT = ParagraphStyle("amount", parent=_CELL, alignment=TA_RIGHT)


def amount_text(money: Money) -> str:
    """``¥60,000.00``: yuan sign, thousands separator, two decimals, from the Decimal (no float)."""
    sign = "-" if money.fen < 0 else ""
    symbol = "¥" if money.currency == "CNY" else f"{money.currency} "
    return f"{sign}{symbol}{abs(money.amount):,.2f}"


def _day(day: date | None) -> str:
    return day.isoformat() if day else "—"


def _para(text: str, style: ParagraphStyle = _BODY) -> Paragraph:
    """A paragraph of plain text: escaped for reportlab's markup, line breaks kept."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _charge_rows(licence: Licence, charge_labels: dict[int, str]) -> list[list[Paragraph]]:
    return [[_para(_day(charge.due_date), _CELL), _para(charge_labels[charge.id], _CELL),
             _para(amount_text(charge.amount), _AMOUNT)]
            for charge in sorted(licence.charges, key=lambda c: (c.due_date, c.id))]


def _charges_table(licence: Licence, charge_labels: dict[int, str]) -> Table:
    header = [_para(text, _CELL) for text in ("应付日期", "费用类型", "金额（元）")]
    rows = _charge_rows(licence, charge_labels) or [
        [_para("—", _CELL), _para("无固定费用", _CELL), _para("¥0.00", _AMOUNT)]]
    return ruled_table([header, *rows], [40 * mm, 80 * mm, 45 * mm], repeatRows=1, hAlign="LEFT")


def _footer(number: str):
    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8.5)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"合同编号 {number}　第 {doc.page} 页")
        canvas.restoreState()
    return draw


def contract_pdf(licence: Licence, plan_kind: str, plan_lines: list[str],
                 charge_labels: dict[int, str]) -> bytes:
    """The licence's contract as PDF bytes; `plan_kind` names the kind of plan, `plan_lines` are its terms
    and `charge_labels` each charge's label (by charge id), all already worded."""
    fonts.register()
    declaration = licence.declaration
    patent = licence.patent
    enterprise = licence.enterprise
    university = patent.university

    term = f"{_day(licence.start_date)} 至 {_day(licence.end_date)}"
    if licence.capped_at_expiry:
        term += f"（因专利权于 {_day(patent.expiry_date)} 届满，许可期限截至专利权届满之日）"
    parties = [
        ("合同编号", licence.number),
        ("专利号（申请号）", patent.application_number),
        ("专利名称", patent.title),
        ("专利权人", patent.patentees or university.name),
        ("高校", university.name),
        ("被许可人", enterprise.name),
        ("统一社会信用代码", enterprise.credit_code),
        ("开放许可声明", f"第 {declaration.version} 版，公告日期 {_day(declaration.published_on)}"),
        ("许可方式", plan_kind),
        ("许可期限", term),
    ]
    if licence.trial_last_day is not None:
        parties.append(("试用期", f"{_day(licence.start_date)} 至 {_day(licence.trial_last_day)}"))

    story: list = [_para(TITLE, _TITLE)]
    story += [_para(f"{label}：{value}") for label, value in parties]
    story.append(_para("一、许可使用费及支付标准", _HEADING))
    story += [_para(line, _ITEM) for line in plan_lines]
    story.append(_para("二、费用明细", _HEADING))
    story.append(_charges_table(licence, charge_labels))
    story.append(_para("三、支付方式", _HEADING))
    story.append(_para(declaration.payment_method or "—"))
    story.append(_para("四、其他条款", _HEADING))
    story.append(_para(declaration.other_terms.strip() or "无"))
    story.append(_para("五、备案", _HEADING))
    story.append(_para(f"本合同应自生效之日起三个月内向国家知识产权局备案，备案截止日期："
                       f"{_day(licence.filing_deadline)}"))
    story.append(_para("六、法律依据", _HEADING))
    story.append(_para(LEGAL_BASIS))
    story.append(Spacer(1, 8 * mm))

    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
        bottomMargin=22 * mm, title=f"{TITLE} {licence.number}", author=university.name,
        subject=patent.title, creator="marketplace", initialFontName=FONT,
    )
    footer = _footer(licence.number)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
