"""An agenda as an iCalendar file (RFC 5545), with times in Asia/Shanghai carrying their TZID."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from icalendar import Calendar, Event, Timezone

from marketplace.clock import SHANGHAI
from marketplace.zones.meeting_models import MeetingRequest

PRODID = "-//nmgpatent//zone meetings//ZH"


def agenda_calendar(meetings: Iterable[MeetingRequest], now: datetime, host: str) -> bytes:
    """The accepted meetings as VEVENTs (one UID per meeting, stable across downloads)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    calendar.add_component(Timezone.from_tzid("Asia/Shanghai"))
    for meeting in meetings:
        slot = meeting.accepted_slot
        if slot is None:
            continue
        event = Event()
        event.add("uid", f"meeting-{meeting.id}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", slot.starts_at.astimezone(SHANGHAI))
        event.add("dtend", slot.ends_at.astimezone(SHANGHAI))
        event.add("summary", f"{meeting.zone.title}：{meeting.enterprise.name} × {meeting.university.name}")
        event.add("description", f"{meeting.patent.title}\n{meeting.reason}")
        place = slot.session.place or meeting.zone.place
        if place:
            event.add("location", place)
        calendar.add_component(event)
    return calendar.to_ical()
