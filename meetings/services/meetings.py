"""A meeting's life: planning, changing, convening (with iCalendar invitations), cancelling,
holding."""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.apps import meetings_changed
from meetings.calendar import invitation_ics, meeting_date_range_error, meeting_day_is_sensible
from meetings.models import (
    UPCOMING_STATUSES,
    AgendaItem,
    Attendance,
    Meeting,
    MeetingStatus,
    Seat,
    Table,
)
from portal.notifications import notify_by_email
from portal.permissions import ensure
from portal.transitions import record, transition

FOLLOW_UP_TITLE = gettext_lazy("Follow-up of earlier decisions")


def _lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("table").get(pk=meeting.pk)


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if not (meeting_day_is_sensible(starts_at) and meeting_day_is_sensible(ends_at)):
        raise ValidationError({"starts_at": meeting_date_range_error()})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})


def _seats_on(table: Table, day: date):
    return list(
        Seat.objects.current(day)
        .filter(table=table)
        .select_related("user", "organisation", "substitute_for")
        .order_by("kind", "organisation__name", "user__last_name")
    )


def _recipients(meeting: Meeting):
    """Member seats and substitute seats current on the day of the meeting."""
    return _seats_on(meeting.table, timezone.localdate(meeting.starts_at))


def _send_calendar(meeting: Meeting, *, actor, method: str, template: str) -> None:
    """Mail every seat holder (members and substitutes) with their own iCalendar copy."""
    items = list(meeting.items.select_related("presenter").order_by("number"))
    seats = _recipients(meeting)
    for seat in seats:
        ics = invitation_ics(
            meeting, method=method, attendee=seat.user, organizer=actor, items=items
        )
        notify_by_email(
            to=seat.user.email,
            template=template,
            context={
                "meeting": meeting,
                "table": meeting.table,
                "items": items,
                "seat": seat,
                "late_notice": meeting.late_notice,
                "notice_days": meeting.table.notice_days,
                "meeting_url": meeting.get_absolute_url(),
            },
            attachments=[("invitation.ics", ics, f"text/calendar; method={method}")],
            alternatives=[(ics, f"text/calendar; method={method}")],
        )


@transaction.atomic
def meeting_plan(
    *,
    actor,
    table: Table,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    video_url: str = "",
    title: str = "",
) -> Meeting:
    """Plan a meeting of a table; its first agenda item, the follow-up of earlier decisions,
    is generated."""
    ensure(actor, "meetings.table.manage", table)
    _check_times(starts_at, ends_at)
    if not place and not video_url:
        raise ValidationError(_("Give a place, a video link, or both."))
    meeting = Meeting(
        table=table,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_url=video_url,
        title=title,
    )
    meeting.full_clean()
    meeting.save()
    AgendaItem.objects.create(
        meeting=meeting,
        number=1,
        title=str(FOLLOW_UP_TITLE),
        kind=AgendaItem.Kind.INFORMATION,
        duration_minutes=15,
        is_follow_up=True,
    )
    record(meeting, actor=actor, reason=_("Meeting planned"))
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor,
    meeting: Meeting,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    video_url: str = "",
    title: str = "",
) -> Meeting:
    """Change the date, times or place. Once convened, every member receives an update of the
    invitation (same UID, higher SEQUENCE)."""
    meeting = _lock_meeting(meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    if meeting.status not in UPCOMING_STATUSES:
        raise ValidationError(_("Only a meeting that has not been held can be changed."))
    _check_times(starts_at, ends_at)
    if not place and not video_url:
        raise ValidationError(_("Give a place, a video link, or both."))
    changed = (meeting.starts_at, meeting.ends_at, meeting.place, meeting.video_url) != (
        starts_at,
        ends_at,
        place,
        video_url,
    )
    retitled = meeting.title != title
    if changed and meeting.status == MeetingStatus.CONVENED and starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("A convened meeting cannot be moved to the past.")})
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.place, meeting.video_url, meeting.title = place, video_url, title
    meeting.full_clean()
    if changed:
        meeting.sequence += 1
    if changed and meeting.status == MeetingStatus.CONVENED:
        # A meeting that moves is told at once (a calendar showing the wrong time is worse than
        # one more e-mail), with the agenda as it stands: nothing is left to send.
        meeting.update_pending = False
        meeting.save()
        record(meeting, actor=actor, reason=_("Meeting moved; members notified"))
        _send_calendar(meeting, actor=actor, method="REQUEST", template="meetings/email/update")
        return meeting
    if retitled and meeting.status == MeetingStatus.CONVENED:
        meeting.update_pending = True
    meeting.save()
    return meeting


def meeting_mark_changed(meeting: Meeting) -> None:
    """The agenda of a convened meeting changed: its page offers the pilot to send an update.
    Called by the agenda's services, inside their transaction, with the meeting locked."""
    if meeting.status == MeetingStatus.CONVENED and not meeting.update_pending:
        Meeting.objects.filter(pk=meeting.pk).update(update_pending=True)
        meetings_changed()
        meeting.update_pending = True


@transaction.atomic
def meeting_send_update(*, actor, meeting: Meeting) -> Meeting:
    """Send the members and substitutes the meeting as it now stands (its agenda, its times)
    with an updated invitation: the same UID, a higher SEQUENCE, so that calendars replace
    their copy."""
    meeting = _lock_meeting(meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    if meeting.status != MeetingStatus.CONVENED:
        raise ValidationError(_("Updates are sent between the convocation and the meeting."))
    if meeting.starts_at <= timezone.now():
        raise ValidationError(_("This meeting has already started."))
    meeting.sequence += 1
    meeting.update_pending = False
    meeting.save(update_fields=["sequence", "update_pending", "updated_at"])
    record(meeting, actor=actor, reason=_("Updated agenda sent to the members"))
    _send_calendar(meeting, actor=actor, method="REQUEST", template="meetings/email/agenda_update")
    return meeting


def convocation_is_late(meeting: Meeting, now=None) -> bool:
    now = now or timezone.now()
    return meeting.starts_at - now < timedelta(days=meeting.table.notice_days)


@transaction.atomic
def meeting_convene(*, actor, meeting: Meeting) -> Meeting:
    """Send the convocation: each member and substitute receives the agenda and an iCalendar
    invitation. Convening later than the table's notice period is allowed but said."""
    meeting = _lock_meeting(meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    now = timezone.now()
    if meeting.starts_at <= now:
        raise ValidationError(_("This meeting has already started: it can no longer be convened."))
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("This meeting has already been convened."))
    members = [s for s in _recipients(meeting) if s.kind == Seat.Kind.MEMBER]
    if not members:
        raise ValidationError(_("This table has no member to convene on that date."))
    meeting.late_notice = convocation_is_late(meeting, now)
    meeting.convened_at = now
    transition(meeting, "convene", actor=actor, reason=_("Convocation sent"))
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, seat=seat) for seat in members], ignore_conflicts=True
    )
    meetings_changed()
    _send_calendar(meeting, actor=actor, method="REQUEST", template="meetings/email/convocation")
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting, reason: str = "") -> Meeting:
    """Cancel a meeting; if it was convened, members receive a cancellation (METHOD:CANCEL)."""
    meeting = _lock_meeting(meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    was_convened = meeting.status == MeetingStatus.CONVENED
    meeting.sequence += 1
    transition(meeting, "cancel", actor=actor, reason=reason)
    if was_convened:
        _send_calendar(
            meeting, actor=actor, method="CANCEL", template="meetings/email/cancellation"
        )
    return meeting


@transaction.atomic
def meeting_mark_held(*, actor, meeting: Meeting, reason: str = "") -> Meeting:
    """Record that the meeting took place; attendance and minutes come next."""
    meeting = _lock_meeting(meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("A meeting cannot be held before it starts."))
    transition(meeting, "hold", actor=actor, reason=reason)
    return meeting
