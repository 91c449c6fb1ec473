"""Attendance: members' answers to the convocation, and who was there."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import (
    ATTENDANCE_STATUSES,
    Attendance,
    Meeting,
    MeetingStatus,
)
from portal.permissions import ensure
from portal.transitions import transition

from .meetings import _lock_meeting


@transaction.atomic
def attendance_answer(*, actor, attendance: Attendance, answer: str) -> Attendance:
    """A member says whether they will come, send their substitute, or not come."""
    attendance = (
        Attendance.objects.select_for_update()
        .select_related("seat", "meeting__table")
        .get(pk=attendance.pk)
    )
    ensure(actor, "meetings.attendance.answer", attendance)
    if attendance.meeting.status != MeetingStatus.CONVENED:
        raise ValidationError(_("Answers are taken between the convocation and the meeting."))
    if answer not in Attendance.Answer.values or answer == Attendance.Answer.NONE:
        raise ValidationError(_("Choose an answer."))
    if answer == Attendance.Answer.SUBSTITUTE and not attendance.seat.substitutes.exists():
        raise ValidationError(_("No substitute stands in for your seat."))
    attendance.answer = answer
    attendance.answered_at = timezone.now()
    attendance.save(update_fields=["answer", "answered_at"])
    return attendance


@transaction.atomic
def attendance_record(*, actor, meeting: Meeting, records: dict) -> Meeting:
    """Record who was present, excused, absent, or represented by whom. `records` maps an
    attendance pk to (presence, representative user or None)."""
    meeting = _lock_meeting(meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    if meeting.status not in ATTENDANCE_STATUSES:
        raise ValidationError(_("Attendance is recorded once the meeting has been convened."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Attendance is recorded when the meeting starts."))
    rows = {a.pk: a for a in meeting.attendances.select_for_update()}
    for pk, (presence, representative) in records.items():
        row = rows.get(pk)
        if row is None:
            raise ValidationError(_("This seat is not convened to this meeting."))
        if presence not in Attendance.Presence.values:
            raise ValidationError(_("Unknown attendance value."))
        if presence == Attendance.Presence.REPRESENTED and representative is None:
            raise ValidationError(_("Say who represented %(seat)s.") % {"seat": row.seat})
        row.presence = presence
        row.represented_by = representative if presence == Attendance.Presence.REPRESENTED else None
    Attendance.objects.bulk_update(rows.values(), ["presence", "represented_by"])
    if meeting.status == MeetingStatus.CONVENED:
        transition(meeting, "hold", actor=actor, reason=_("Attendance recorded"))
    return meeting
