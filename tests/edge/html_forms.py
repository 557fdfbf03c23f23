"""The POST forms of a rendered page, read the way a browser reads them: action, fields and the values a
browser would send, and for each field the error message shown right after it."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

TEXT_TYPES = {"text", "email", "url", "search", "tel", "password", "hidden", ""}
VOID = {"input", "br", "img", "hr", "meta", "link"}


@dataclass
class Field:
    name: str
    tag: str  # input, textarea, select
    type: str
    value: str = ""
    maxlength: int | None = None
    invalid: bool = False
    feedback: str = ""  # the error text shown after the field, before the next field

    @property
    def is_text(self) -> bool:
        return self.tag == "textarea" or (self.tag == "input" and self.type in TEXT_TYPES)


@dataclass
class Form:
    action: str
    fields: list[Field] = field(default_factory=list)
    submit: tuple[str, str] | None = None  # the first named submit button

    def values(self) -> dict[str, str]:
        """What a browser sends when the first submit button is pressed."""
        data: dict[str, str] = {}
        for item in self.fields:
            if item.type in ("checkbox", "radio") and not item.value:
                continue
            data.setdefault(item.name, item.value)
        if self.submit:
            data[self.submit[0]] = self.submit[1]
        return data

    def field(self, name: str) -> Field | None:
        return next((item for item in self.fields if item.name == name), None)


class _Parser(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.open: Field | None = None  # a textarea or select being read
        self.feedback_depth = 0
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        attr = {key: value or "" for key, value in attrs}
        classes = attr.get("class", "").split()
        if tag not in VOID:
            self.depth += 1
        if tag == "form":
            self.form = Form(action=attr.get("action") or self.page_url) \
                if attr.get("method", "get").lower() == "post" else None
            if self.form:
                self.forms.append(self.form)
            return
        if self.form is None:
            return
        if "invalid-feedback" in classes and self.form.fields:
            self.feedback_depth = self.depth
        if tag in ("input", "textarea", "select") and attr.get("name"):
            kind = attr.get("type", "text").lower() if tag == "input" else tag
            if kind == "submit":
                if self.form.submit is None:
                    self.form.submit = (attr["name"], attr.get("value", ""))
                return
            if kind in ("checkbox", "radio"):
                value = attr.get("value", "y") if "checked" in attr else ""
            else:
                value = attr.get("value", "")
            maxlength = attr.get("maxlength")
            item = Field(attr["name"], tag, kind, value, int(maxlength) if maxlength else None,
                         "is-invalid" in classes)
            self.form.fields.append(item)
            if tag in ("textarea", "select"):
                self.open = item
        elif tag == "option" and self.open is not None and self.open.tag == "select":
            if "selected" in attr or not self.open.value:
                self.open.value = attr.get("value", "")

    def handle_endtag(self, tag):
        if tag not in VOID:
            if self.feedback_depth and self.depth == self.feedback_depth:
                self.feedback_depth = 0
            self.depth -= 1
        if tag == "form":
            self.form = None
        elif tag in ("textarea", "select"):
            self.open = None

    def handle_data(self, data):
        if self.form is None:
            return
        if self.open is not None and self.open.tag == "textarea":
            self.open.value += data
        elif self.feedback_depth and self.form.fields:
            self.form.fields[-1].feedback += data


def post_forms(html: str, page_url: str) -> list[Form]:
    """Every ``<form method="post">`` of the page."""
    parser = _Parser(page_url)
    parser.feed(html)
    parser.close()
    for form in parser.forms:
        for item in form.fields:
            if item.tag == "textarea":
                item.value = item.value.removeprefix("\n")
    return parser.forms
