"""A declaration's documents for CNIPA: its filled-in declaration form (PDF), and a university's
published declarations as one spreadsheet for batch submission. Worded in the request's language; the
views force Chinese, the language of the submission."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace.catalogue import labels as catalogue_labels
from marketplace.catalogue.models import Patent
from marketplace.core.declaration_rules import DeclarationStatus
from marketplace.core.patent_fields import PatentType
from marketplace.declarations import labels
from marketplace.declarations.describe import describe_plan, duration_text
from marketplace.declarations.form_pdf import FormFacts, declaration_form_pdf
from marketplace.declarations.models import Declaration, PatentLegalFacts
from marketplace.declarations.plan_storage import read_plan
from marketplace.declarations.services import legal_facts
from marketplace.exports import append_row, new_workbook, xlsx_bytes
from marketplace.extensions import db
from marketplace.licensing.labels import plan_kind_text

BATCH_HEADER = ("专利号", "发明创造名称", "专利类型", "专利权人", "申请日", "授权公告日", "许可方式",
                "许可使用费支付方式", "许可使用费标准", "许可期限", "其他事项", "声明版本", "公告日期")


def form_facts(declaration: Declaration, report_on_file: bool | None = None) -> FormFacts:
    """What the declaration's form states, worded. `report_on_file` says whether the patent's evaluation
    report is on file when the caller has read it already (None: read it here)."""
    patent = declaration.patent
    plan = read_plan(declaration)
    report = ""
    if patent.patent_type != PatentType.INVENTION:
        if report_on_file is None:
            report_on_file = bool(legal_facts(patent).evaluation_report_on_file)
        report = "已备有" if report_on_file else "未备有"
    return FormFacts(
        patent_number=patent.patent_number, title=patent.title,
        patent_type=str(catalogue_labels.TYPE_LABELS[patent.patent_type]),
        patentee=patent.patentees or patent.university.name, filing_date=patent.filing_date,
        grant_date=patent.grant_date, expiry_date=patent.expiry_date, version=declaration.version,
        status=str(labels.STATUS_LABELS[declaration.status]), published_on=declaration.published_on,
        plan_kind=str(plan_kind_text(plan)), plan_lines=[str(line) for line in describe_plan(plan)],
        term=str(duration_text(plan.term)), payment_method=declaration.payment_method,
        other_terms=declaration.other_terms, evaluation_report=report, university=patent.university.name,
    )


def declaration_form(declaration: Declaration) -> bytes:
    """The declaration's filled-in form as PDF bytes."""
    return declaration_form_pdf(form_facts(declaration))


def published_declarations(university_id: int) -> list[Declaration]:
    """The university's published base declarations (event terms aside), by patent number."""
    return list(db.session.scalars(
        select(Declaration).join(Patent, Patent.id == Declaration.patent_id)
        .where(Declaration.university_id == university_id, Declaration.status == DeclarationStatus.PUBLISHED,
               Declaration.event_zone_id.is_(None))
        .options(selectinload(Declaration.phases),
                 selectinload(Declaration.patent).selectinload(Patent.university))
        .order_by(Patent.application_number)))


def _reports_on_file(patent_ids: list[int]) -> set[int]:
    """Which of these patents have their evaluation report on file, in one statement."""
    if not patent_ids:
        return set()
    return set(db.session.scalars(select(PatentLegalFacts.patent_id).where(
        PatentLegalFacts.patent_id.in_(patent_ids), PatentLegalFacts.evaluation_report_on_file.is_(True))))


def batch_xlsx(university_id: int) -> bytes:
    """The university's published declarations, one row each, as an XLSX workbook. The statements it
    runs do not grow with the number of declarations."""
    workbook, sheet = new_workbook()
    sheet.title = "开放许可声明"
    append_row(sheet, BATCH_HEADER)
    declarations = published_declarations(university_id)
    on_file = _reports_on_file([declaration.patent_id for declaration in declarations])
    for declaration in declarations:
        facts = form_facts(declaration, declaration.patent_id in on_file)
        append_row(sheet, (facts.patent_number, facts.title, facts.patent_type, facts.patentee,
                           facts.filing_date, facts.grant_date, facts.plan_kind, facts.payment_method,
                           "\n".join(facts.plan_lines), facts.term, facts.other_terms, facts.version,
                           facts.published_on))
    return xlsx_bytes(workbook)
