"""The organiser's download of a zone's registrations, as CSV or XLSX.

Written by `marketplace.exports` (every cell made safe for spreadsheets); times in Asia/Shanghai."""

from __future__ import annotations

from collections.abc import Iterable

from marketplace.core.check_in_code import display
from marketplace.exports import append_row, csv_bytes, new_workbook, xlsx_bytes
from marketplace.zones.models import ZoneRegistration
from marketplace.zones.registration import shanghai_time

COLUMNS = ("企业", "统一社会信用代码", "联系人", "联系电话", "关注方向", "希望洽谈的专利", "签到码",
           "报名时间", "签到时间", "取消时间")


def _row(registration: ZoneRegistration) -> tuple:
    return (registration.enterprise.name, registration.enterprise.credit_code, registration.contact_name,
            registration.contact_phone, registration.interests,
            "；".join(patent.title for patent in registration.patents), display(registration.check_in_code),
            shanghai_time(registration.registered_at), shanghai_time(registration.checked_in_at),
            shanghai_time(registration.cancelled_at))


def registrations_csv(registrations: Iterable[ZoneRegistration]) -> bytes:
    """The registrations, one row each, as a CSV file."""
    return csv_bytes(COLUMNS, (_row(registration) for registration in registrations))


def registrations_xlsx(registrations: Iterable[ZoneRegistration]) -> bytes:
    """The registrations, one row each, as an XLSX workbook."""
    workbook, sheet = new_workbook()
    sheet.title = "报名名单"
    append_row(sheet, COLUMNS)
    for registration in registrations:
        append_row(sheet, _row(registration))
    return xlsx_bytes(workbook)
