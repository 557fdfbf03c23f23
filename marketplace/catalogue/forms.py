"""Forms of the catalogue: a patent, a spreadsheet upload, an attachment upload."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional

from marketplace.catalogue.labels import FIELD_LABELS, INDUSTRY_LABELS, PROBLEM_MESSAGES, STATUS_LABELS
from marketplace.choices import select_choices
from marketplace.core.patent_record import PatentRecord, validate_record
from marketplace.date_fields import RecordDateField
from marketplace.edge.forms import MarketplaceForm

TRL_CHOICES = [("", "—"), *((str(n), f"TRL {n}") for n in range(1, 10))]


class PatentForm(MarketplaceForm):
    """Create or edit one patent; the domain core checks numbers, codes and dates."""

    application_number = StringField(
        FIELD_LABELS["application_number"], validators=[DataRequired(), Length(max=40)],
        description=_l("e.g. 202110123456.7; a ZL prefix and spaces are fine."),
    )
    title = StringField(FIELD_LABELS["title"], validators=[DataRequired(), Length(max=200)])
    abstract = TextAreaField(FIELD_LABELS["abstract"], validators=[Optional(), Length(max=5000)],
                             render_kw={"rows": 5})
    claims_summary = TextAreaField(FIELD_LABELS["claims_summary"],
                                   validators=[Optional(), Length(max=5000)], render_kw={"rows": 3})
    ipc_codes = StringField(
        FIELD_LABELS["ipc_codes"], validators=[Optional(), Length(max=300)],
        description=_l("Main classification first; separate several with ；"),
    )
    inventors = StringField(FIELD_LABELS["inventors"], validators=[Optional(), Length(max=500)],
                            description=_l("Separate several with ；"))
    patentees = StringField(FIELD_LABELS["patentees"], validators=[DataRequired(), Length(max=500)],
                            description=_l("Co-owners included; separate several with ；"))
    filing_date = RecordDateField(FIELD_LABELS["filing_date"], validators=[InputRequired()],
                                  rule="core.patent_record: not after today")
    grant_date = RecordDateField(FIELD_LABELS["grant_date"], validators=[Optional()],
                                 rule="core.patent_record: after filing, not after today")
    legal_status = SelectField(FIELD_LABELS["legal_status"],
                               choices=select_choices(STATUS_LABELS.items()))
    industry = SelectField(FIELD_LABELS["industry"], choices=select_choices(INDUSTRY_LABELS.items()))
    trl = SelectField(FIELD_LABELS["trl"], choices=select_choices(TRL_CHOICES), validators=[Optional()])
    keywords = StringField(FIELD_LABELS["keywords"], validators=[Optional(), Length(max=300)],
                           description=_l("Separate several with ；"))
    title_en = StringField(FIELD_LABELS["title_en"], validators=[Optional(), Length(max=300)],
                           description=_l("Optional; lets English searches find the patent."),
                           render_kw={"lang": "en"})
    abstract_en = TextAreaField(FIELD_LABELS["abstract_en"], validators=[Optional(), Length(max=5000)],
                                render_kw={"rows": 5, "lang": "en"})
    submit = SubmitField(_l("Save"))

    record: PatentRecord | None = None

    def values(self) -> dict[str, str]:
        """The form's data as the text values the record validator reads."""
        def text(value) -> str:
            if isinstance(value, date):
                return value.isoformat()
            return "" if value is None else str(value)

        keys = ("application_number", "title", "abstract", "claims_summary", "ipc_codes", "inventors",
                "patentees", "filing_date", "grant_date", "legal_status", "industry", "trl", "keywords",
                "title_en", "abstract_en")
        return {key: text(getattr(self, key).data).strip() for key in keys}

    def validate_with(self, today: date) -> bool:
        """Validate the fields, then the record as a whole; problems land beside their fields."""
        if not self.validate():
            return False
        record, problems = validate_record(self.values(), today)
        for problem in problems:
            getattr(self, problem.field).errors.append(str(PROBLEM_MESSAGES[problem.code]))
        self.record = record
        return record is not None


class ImportUploadForm(MarketplaceForm):
    """Upload a CSV or XLSX file for a dry-run preview."""

    file = FileField(
        _l("Spreadsheet (.xlsx or .csv)"),
        validators=[FileRequired(message=_l("Choose a file to upload."))],
        description=_l("At most 10 MB and 20,000 rows. Start from the template."),
        render_kw={"accept": ".xlsx,.csv"},
    )
    submit = SubmitField(_l("Check the file"))


class AttachmentForm(MarketplaceForm):
    """Attach a PDF or an image to a patent."""

    file = FileField(
        _l("PDF or image"), validators=[FileRequired(message=_l("Choose a file to upload."))],
        description=_l("PDF, PNG or JPEG, at most 10 MB."),
        render_kw={"accept": ".pdf,.png,.jpg,.jpeg"},
    )
    submit = SubmitField(_l("Upload"))


class ArchiveForm(MarketplaceForm):
    """Archive a patent, or restore it (``restore=1``)."""

    restore = HiddenField(validators=[Optional(),
                                      AnyOf(("1",), message=_l("Archive or restore the patent."))])
