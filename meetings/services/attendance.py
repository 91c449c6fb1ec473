"""Attendance: members' answers to the convocation, and who was there."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.apps import meetings_changed
from meetings.calendar import invitation_ics
from meetings.models import (
    ATTENDANCE_STATUSES,
    Attendance,
    Meeting,
    MeetingStatus,
    Seat,
)
from portal.notifications import notify_by_email
from portal.permissions import ensure
from portal.transitions import transition

from .meetings import _lock_meeting


def substitutes_for(attendance: Attendance):
    """The substitute seats that may stand in for the attendance's seat on the meeting's day."""
    day = timezone.localdate(attendance.meeting.starts_at)
    return (
        Seat.objects.current(day)
        .filter(substitute_for_id=attendance.seat_id, kind=Seat.Kind.SUBSTITUTE)
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def _tell_substitute(attendance: Attendance, seat: Seat, *, actor, sent: bool) -> None:
    """Mail the substitute `seat` sent, with the meeting, its agenda, their landing page and the
    calendar invitation; or tell one no longer needed (their calendar keeps the meeting of the
    convocation, which substitutes receive too)."""
    meeting = attendance.meeting
    items = list(meeting.items.select_related("presenter").order_by("number"))
    attachments = []
    if sent:
        ics = invitation_ics(
            meeting, method="REQUEST", attendee=seat.user, organizer=actor, items=items
        )
        attachments = [("invitation.ics", ics, "text/calendar; method=REQUEST")]
    notify_by_email(
        to=seat.user.email,
        template="meetings/email/substitute_" + ("sent" if sent else "released"),
        context={
            "meeting": meeting,
            "table": meeting.table,
            "items": items,
            "seat": seat,
            "member": attendance.seat.user,
            "meeting_url": meeting.get_absolute_url(),
            "stand_in_url": reverse("meetings:stand_in", kwargs={"pk": meeting.pk}),
        },
        attachments=attachments,
    )


@transaction.atomic
def attendance_answer(
    *, actor, attendance: Attendance, answer: str, substitute: Seat | None = None
) -> Attendance:
    """A member says whether they will come, send their substitute, or not come. The
    substitute sent is told by e-mail, with the meeting, its invitation and the page where
    they answer; one no longer needed is told too."""
    attendance = (
        Attendance.objects.select_for_update(of=("self",))
        .select_related("seat__user", "meeting__table", "substitute__user")
        .get(pk=attendance.pk)
    )
    ensure(actor, "meetings.attendance.answer", attendance)
    if attendance.meeting.status != MeetingStatus.CONVENED:
        raise ValidationError(_("Answers are taken between the convocation and the meeting."))
    if answer not in Attendance.Answer.values or answer == Attendance.Answer.NONE:
        raise ValidationError(_("Choose an answer."))
    sent = None
    if answer == Attendance.Answer.SUBSTITUTE:
        candidates = list(substitutes_for(attendance))
        if not candidates:
            raise ValidationError(_("No substitute stands in for your seat."))
        if substitute is None and len(candidates) == 1:
            substitute = candidates[0]
        if substitute is None:
            raise ValidationError({"substitute": _("Say which substitute you send.")})
        sent = next((c for c in candidates if c.pk == substitute.pk), None)
        if sent is None:
            raise ValidationError({"substitute": _("This person is not your seat's substitute.")})
    before = attendance.substitute
    attendance.answer = answer
    attendance.answered_at = timezone.now()
    attendance.substitute = sent
    if sent is None or before is None or before.pk != sent.pk:
        attendance.substitute_answer = Attendance.SubstituteAnswer.NONE
        attendance.substitute_answered_at = None
    attendance.save(
        update_fields=[
            "answer",
            "answered_at",
            "substitute",
            "substitute_answer",
            "substitute_answered_at",
        ]
    )
    if before is not None and (sent is None or before.pk != sent.pk):
        _tell_substitute(attendance, before, actor=actor, sent=False)
    if sent is not None and (before is None or before.pk != sent.pk):
        _tell_substitute(attendance, sent, actor=actor, sent=True)
    return attendance


@transaction.atomic
def attendance_substitute_answer(*, actor, attendance: Attendance, answer: str) -> Attendance:
    """The substitute a member sent says whether they will come; the member is told."""
    attendance = (
        Attendance.objects.select_for_update(of=("self",))
        .select_related("seat__user", "meeting__table", "substitute__user")
        .get(pk=attendance.pk)
    )
    ensure(actor, "meetings.attendance.stand_in", attendance)
    if attendance.meeting.status != MeetingStatus.CONVENED:
        raise ValidationError(_("Answers are taken between the convocation and the meeting."))
    if answer not in (
        Attendance.SubstituteAnswer.COMING,
        Attendance.SubstituteAnswer.NOT_COMING,
    ):
        raise ValidationError(_("Choose an answer."))
    attendance.substitute_answer = answer
    attendance.substitute_answered_at = timezone.now()
    attendance.save(update_fields=["substitute_answer", "substitute_answered_at"])
    meeting = attendance.meeting
    notify_by_email(
        to=attendance.seat.user.email,
        template="meetings/email/substitute_answered",
        context={
            "meeting": meeting,
            "table": meeting.table,
            "seat": attendance.seat,
            "substitute": attendance.substitute.user,
            "coming": answer == Attendance.SubstituteAnswer.COMING,
            "meeting_url": meeting.get_absolute_url(),
        },
    )
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
    meetings_changed()
    if meeting.status == MeetingStatus.CONVENED:
        transition(meeting, "hold", actor=actor, reason=_("Attendance recorded"))
    return meeting
