"""Display names and messages for the catalogue: enums, spreadsheet columns, row and file problems."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.catalogue.spreadsheet import FileProblem
from marketplace.core.patent_fields import Industry, LegalStatus, PatentType
from marketplace.core.patent_record import RowProblemCode

TYPE_LABELS = {
    PatentType.INVENTION: _l("Invention"),
    PatentType.UTILITY_MODEL: _l("Utility model"),
    PatentType.DESIGN: _l("Design"),
}

STATUS_LABELS = {
    LegalStatus.GRANTED: _l("In force"),
    LegalStatus.LAPSED: _l("Lapsed (fees unpaid)"),
    LegalStatus.EXPIRED: _l("Expired"),
    LegalStatus.INVALIDATED: _l("Invalidated"),
}

INDUSTRY_LABELS = {
    Industry.RARE_EARTH_MATERIALS: _l("Rare earths and new materials"),
    Industry.NEW_ENERGY: _l("New energy"),
    Industry.COAL_CHEMICALS: _l("Modern coal chemicals"),
    Industry.METALLURGY: _l("Metallurgy and metal materials"),
    Industry.DAIRY_FOOD: _l("Dairy and food"),
    Industry.AGRICULTURE_LIVESTOCK: _l("Modern agriculture and livestock"),
    Industry.BIOMEDICINE: _l("Biomedicine and Mongolian medicine"),
    Industry.EQUIPMENT: _l("Advanced equipment manufacturing"),
    Industry.INFORMATION: _l("Electronics and information"),
    Industry.ENVIRONMENT: _l("Energy saving and environmental protection"),
    Industry.OTHER: _l("Other"),
}

IPC_SECTION_LABELS = {
    "A": _l("A · Human necessities"),
    "B": _l("B · Operations, transport"),
    "C": _l("C · Chemistry, metallurgy"),
    "D": _l("D · Textiles, paper"),
    "E": _l("E · Fixed constructions"),
    "F": _l("F · Mechanical engineering, heating"),
    "G": _l("G · Physics"),
    "H": _l("H · Electricity"),
}

FIELD_LABELS = {
    "application_number": _l("Application number"),
    "title": _l("Title"),
    "abstract": _l("Abstract"),
    "claims_summary": _l("Claims summary"),
    "ipc_codes": _l("IPC codes"),
    "inventors": _l("Inventors"),
    "patentees": _l("Patentees"),
    "filing_date": _l("Filing date"),
    "grant_date": _l("Grant date"),
    "legal_status": _l("Legal status"),
    "industry": _l("Industry"),
    "trl": _l("Technology readiness (TRL)"),
    "keywords": _l("Keywords"),
    "title_en": _l("English title"),
    "abstract_en": _l("English abstract"),
}

PROBLEM_MESSAGES = {
    RowProblemCode.REQUIRED: _l("Required."),
    RowProblemCode.TOO_LONG: _l("Too long."),
    RowProblemCode.FORMULA: _l(
        "A value may not begin with =, +, -, @, a tab or a line break: spreadsheet programs run it as a "
        "formula. Enter the value itself."
    ),
    RowProblemCode.APPLICATION_NUMBER_FORMAT: _l(
        "Not an application number: 12 digits, a dot and a check digit (e.g. 202110123456.7), "
        "or 8 digits, a dot and a check digit before 2003."
    ),
    RowProblemCode.APPLICATION_NUMBER_TYPE: _l(
        "Unknown patent type digit (the fifth digit must be 1, 2, 3, 8 or 9)."
    ),
    RowProblemCode.APPLICATION_NUMBER_CHECK: _l(
        "The check digit does not match: please check the number for typos."
    ),
    RowProblemCode.APPLICATION_NUMBER_KIND: _l(
        "The kind code after the number does not fit the patent type (A, B or C for an invention, "
        "U or Y for a utility model, S or D for a design)."
    ),
    RowProblemCode.IPC_FORMAT: _l("Not an IPC code such as C22C 38/00 or G06Q."),
    RowProblemCode.IPC_INCOMPLETE: _l(
        "Incomplete IPC code: give at least the subclass, a letter after the class (e.g. A01B, not A01)."
    ),
    RowProblemCode.DATE_FORMAT: _l("Not a date; use YYYY-MM-DD."),
    RowProblemCode.FILING_IN_FUTURE: _l("The filing date is in the future."),
    RowProblemCode.GRANT_IN_FUTURE: _l("The grant date is in the future."),
    RowProblemCode.GRANT_BEFORE_FILING: _l("The grant date is before the filing date."),
    RowProblemCode.FILING_BEFORE_1985: _l("Chinese patents were first filed on 1 April 1985."),
    RowProblemCode.LEGAL_STATUS_UNKNOWN: _l(
        "Unknown legal status; use 有效, 未缴年费终止, 期满终止 or 宣告无效."
    ),
    RowProblemCode.IN_FORCE_AFTER_EXPIRY: _l(
        "The term of this patent, counted from its filing date, has ended: it cannot be in force. "
        "Record it as expired (期满终止)."
    ),
    RowProblemCode.INDUSTRY_UNKNOWN: _l("Unknown industry; see the template's instructions."),
    RowProblemCode.TRL_RANGE: _l("Technology readiness is a whole number from 1 to 9."),
    RowProblemCode.DUPLICATE_IN_FILE: _l("This application number appears earlier in the file."),
}

OWNED_ELSEWHERE = _l("This patent is already in the catalogue under another university.")
PATENTEE_NOT_UNIVERSITY = _l(
    "Warning: the patentees do not name your university. Check that this patent is yours before importing."
)

FILE_PROBLEM_MESSAGES = {
    FileProblem.EMPTY: _l("The file is empty."),
    FileProblem.TOO_LARGE: _l("The file is too large (at most 10 MB)."),
    FileProblem.UNSUPPORTED_TYPE: _l("Upload an .xlsx or .csv file (save .xls files as .xlsx first)."),
    FileProblem.NOT_XLSX: _l("This is not a valid Excel (.xlsx) workbook."),
    FileProblem.NOT_CSV: _l("This is not a text CSV file."),
    FileProblem.ENCODING: _l("The CSV file could not be read: save it as UTF-8 (or GBK)."),
    FileProblem.NO_HEADER: _l("No header row was found."),
    FileProblem.MISSING_COLUMNS: _l("Required columns are missing: %(detail)s."),
    FileProblem.NO_ROWS: _l("The file has a header but no patent rows."),
    FileProblem.TOO_MANY_ROWS: _l("Too many rows: at most %(detail)s per file."),
}

PLAN_KIND_LABELS = {
    "flat": _l("Flat fee"),
    "staged": _l("Staged payments"),
    "try_first": _l("Try first, pay later"),
    "royalty": _l("Royalty"),
    "free": _l("Free"),
}

TRIAL_LABELS = {"1": _l("Trial available")}

PRICE_LABELS = {
    1: _l("Free of fixed fees"),
    2: _l("Up to ¥10,000"),
    3: _l("¥10,000 – ¥100,000"),
    4: _l("¥100,000 – ¥1,000,000"),
    5: _l("Above ¥1,000,000"),
}

# Display names of facet values, per facet (universities are added by the search).
FACET_LABELS = {
    "patent_type": TYPE_LABELS,
    "industry": INDUSTRY_LABELS,
    "legal_status": STATUS_LABELS,
    "ipc": IPC_SECTION_LABELS,
    "plan_kind": PLAN_KIND_LABELS,
    "trial": TRIAL_LABELS,
    "price": PRICE_LABELS,
}
