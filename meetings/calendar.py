"""iCalendar (RFC 5545) for meetings: the invitations sent with convocations (METHOD:REQUEST,
then updates with the same UID and a higher SEQUENCE, and METHOD:CANCEL) and the feeds that
calendar clients subscribe to. Built with icalendar, never with string templates, so that text
is escaped and lines folded as the RFC says."""

import hashlib
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from meetings.models import Meeting, MeetingStatus
from portal import versions
from portal.site import site_url

PRODID = "-//Tablée//Réunions des tables de concertation//FR"


def _domain() -> str:
    site = settings.TABLEE_SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return site or "tablee.example"


def meeting_uid(meeting: Meeting) -> str:
    """Stable for the whole life of the meeting: clients match updates and cancellations on it."""
    return f"{meeting.uid}@{_domain()}"


def _new_calendar(*, method: str | None, name: str | None = None, moments=()) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    # The VTIMEZONE covers every meeting of the calendar (and today), with a year's margin.
    years = [timezone.localdate().year] + [m.year for m in moments]
    calendar.add_component(
        Timezone.from_tzid(
            settings.TIME_ZONE,
            first_date=date(min(years) - 1, 1, 1),
            last_date=date(max(years) + 2, 1, 1),
        )
    )
    return calendar


def _site_url(path: str) -> str:
    return site_url() + path


def meeting_event(
    meeting: Meeting, *, private: bool, attendees=(), organizer=None, items=None
) -> Event:
    """One VEVENT for `meeting`. `private` adds the place, the video link and the agenda, which
    the public table feed leaves out (it carries dates, times, titles and status only)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", timezone.now())
    event.add("sequence", meeting.sequence)
    event.add("dtstart", timezone.localtime(meeting.starts_at, zone))
    event.add("dtend", timezone.localtime(meeting.ends_at, zone))
    event.add("summary", meeting.display_title)
    event.add("last-modified", meeting.updated_at or timezone.now())
    if private and meeting.place:
        event.add("location", meeting.place)
    elif private and meeting.video_url:
        event.add("location", meeting.video_url)
    event.add("url", _site_url(meeting.get_absolute_url()))
    if meeting.status == MeetingStatus.CANCELLED:
        event.add("status", "CANCELLED")
    elif meeting.status == MeetingStatus.PLANNED:
        event.add("status", "TENTATIVE")
    else:
        event.add("status", "CONFIRMED")
    lines = []
    if private:
        if meeting.video_url:
            lines.append(_("Video link: %(url)s") % {"url": meeting.video_url})
        if items:
            lines.append(_("Agenda:"))
            lines.extend(f"{item.number}. {item.title}" for item in items)
    lines.append(_site_url(meeting.get_absolute_url()))
    event.add("description", "\n".join(lines))
    if organizer is not None:
        address = vCalAddress(f"mailto:{organizer.email}")
        address.params["cn"] = vText(organizer.get_full_name() or organizer.email)
        event.add("organizer", address)
    for person in attendees:
        address = vCalAddress(f"mailto:{person.email}")
        address.params["cn"] = vText(person.get_full_name() or person.email)
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("TRUE")
        event.add("attendee", address, encode=0)
    return event


def invitation_ics(meeting: Meeting, *, method: str, attendee, organizer, items) -> str:
    """The calendar attached to one person's convocation, update or cancellation."""
    calendar = _new_calendar(method=method, moments=[meeting.starts_at])
    calendar.add_component(
        meeting_event(meeting, private=True, attendees=[attendee], organizer=organizer, items=items)
    )
    return calendar.to_ical().decode()


def feed_ics(meetings, *, name: str, private: bool) -> bytes:
    """A subscription feed. Cancelled meetings stay in it with STATUS:CANCELLED, so that a
    client re-reading the feed removes them rather than keeping a stale copy.

    Calendar clients re-read their feeds every few hours, and the same meetings fill every
    member's feed: each meeting's VEVENT is kept in the shared cache under the digest of
    everything it says (so a moved, renamed, cancelled or re-agendaed meeting is written anew),
    and only the events not kept yet are written, in one read and one write of the cache."""
    meetings = list(meetings)
    calendar = _new_calendar(method="PUBLISH", name=name, moments=[m.starts_at for m in meetings])
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"value": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    items = {m.pk: list(m.items.all()) if private else None for m in meetings}
    keys = {m.pk: _event_key(m, private=private, items=items[m.pk]) for m in meetings}
    kept = cache.get_many(list(keys.values()))
    written = {}
    events = []
    for meeting in meetings:
        event = kept.get(keys[meeting.pk])
        if event is None:
            event = meeting_event(meeting, private=private, items=items[meeting.pk]).to_ical()
            written[keys[meeting.pk]] = event
        events.append(event)
    if written:
        cache.set_many(written, EVENT_TIMEOUT)
    head, end = calendar.to_ical().rsplit(b"END:VCALENDAR", 1)
    return head + b"".join(events) + b"END:VCALENDAR" + end


EVENT_TIMEOUT = 7 * 24 * 3600


def _event_key(meeting: Meeting, *, private: bool, items) -> str:
    """The digest of what a meeting's VEVENT says (the arguments of `meeting_event`, and the
    language and address of the site it is written in)."""
    said = (
        meeting.pk,
        meeting.uid,
        meeting.sequence,
        meeting.starts_at.isoformat(),
        meeting.ends_at.isoformat(),
        meeting.display_title,
        meeting.updated_at.isoformat() if meeting.updated_at else "",
        meeting.place,
        meeting.video_url,
        meeting.status,
        meeting.get_absolute_url(),
        private,
        [(item.number, item.title) for item in items] if items is not None else None,
        get_language(),
        site_url(),
        _domain(),
        settings.TIME_ZONE,
    )
    return "tablee:vevent:" + hashlib.sha256(repr(said).encode()).hexdigest()


# Meetings fall between 2000 and ten years ahead: a date outside (a typo such as 9999) is refused
# when planning, and feeds leave out any that slipped in, so that one bad row breaks no calendar.
EARLIEST_MEETING_YEAR = 2000
YEARS_AHEAD = 10


def latest_meeting_year() -> int:
    return timezone.localdate().year + YEARS_AHEAD


def meeting_day_is_sensible(day: date) -> bool:
    return EARLIEST_MEETING_YEAR <= day.year <= latest_meeting_year()


def meeting_date_range_error() -> str:
    return _("Choose a date between %(first)s and %(last)s.") % {
        "first": EARLIEST_MEETING_YEAR,
        "last": latest_meeting_year(),
    }


def feed_window_end() -> datetime:
    return datetime(latest_meeting_year() + 1, 1, 1, tzinfo=ZoneInfo("UTC"))


def feed_window_start() -> datetime:
    """Feeds carry the meetings of the last year and all those to come."""
    return timezone.now() - timedelta(days=365)


def feed_fresh_until(meetings) -> datetime:
    """Until when a feed listing `meetings` says the same by time alone: the end of the day (the
    feed's window and its time zone's years count in days) or, sooner, the moment the first of
    them leaves the window (a year after it ended)."""
    ends = [m.ends_at + timedelta(days=365) for m in meetings]
    return min([versions.end_of_today(), *ends])
