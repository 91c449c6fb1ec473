"""Minutes: versions saved item by item, restored, approved by the table, published."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.apps import meetings_changed
from meetings.models import (
    MINUTES_OPEN_STATUSES,
    AgendaItem,
    Meeting,
    MeetingStatus,
    MinutesVersion,
)
from meetings.selectors import minutes_approval_meetings
from portal.notifications import notify_by_email
from portal.permissions import ensure
from portal.privacy import check_lengths, find_personal_data_in
from portal.transitions import transition

from .meetings import _lock_meeting, _recipients


def _check_minutes(summary: str, texts: dict, *, confirmed: bool) -> None:
    """Minutes name attendees and professionals, never a patient: what the personal-data guard
    finds is a warning the pilot confirms; the length bound is a hard limit."""
    fields = {"summary": summary, **{f"text_{pk}": text for pk, text in texts.items()}}
    check_lengths(**fields)
    findings = find_personal_data_in(fields)
    if findings and not confirmed:
        found = ", ".join(f"“{f.excerpt}” ({f.reason})" for f in findings[:10])
        raise ValidationError(
            {
                "confirm_no_patient": _(
                    "These words may name a patient: %(found)s. Check the minutes; if they "
                    "name no patient, tick the box below and save again."
                )
                % {"found": found}
            },
            code="personal_data",
        )


@transaction.atomic
def minutes_save(
    *,
    actor,
    meeting: Meeting,
    summary: str,
    texts: dict,
    dealt_with=(),
    note: str = "",
    confirmed_no_patient: bool = False,
) -> MinutesVersion:
    """Save the minutes, item by item: every save is a new version, none is ever lost. What
    the personal-data guard finds must be confirmed (`confirmed_no_patient`)."""
    meeting = _lock_meeting(meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    _check_minutes(summary, texts, confirmed=confirmed_no_patient)
    if meeting.status not in MINUTES_OPEN_STATUSES:
        raise ValidationError(_("Minutes are written after the meeting and before approval."))
    items = list(meeting.items.order_by("number"))
    entries = [
        {"item": i.pk, "number": i.number, "title": i.title, "text": texts.get(i.pk, "")}
        for i in items
    ]
    number = (meeting.minutes_versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = MinutesVersion.objects.create(
        meeting=meeting, number=number, summary=summary, items=entries, author=actor, note=note
    )
    dealt = set(dealt_with)
    for item in items:
        if item.dealt_with != (item.pk in dealt):
            AgendaItem.objects.filter(pk=item.pk).update(dealt_with=item.pk in dealt)
            meetings_changed()
    if meeting.status == MeetingStatus.HELD:
        transition(meeting, "draft_minutes", actor=actor)
    return version


@transaction.atomic
def minutes_restore(*, actor, meeting: Meeting, version: MinutesVersion) -> MinutesVersion:
    """Bring back an earlier version, as a new version (the history keeps every step)."""
    if version.meeting_id != meeting.pk:
        raise ValidationError(_("This version belongs to another meeting."))
    texts = {entry["item"]: entry["text"] for entry in version.items}
    dealt = list(meeting.items.filter(dealt_with=True).values_list("pk", flat=True))
    return minutes_save(
        actor=actor,
        meeting=meeting,
        summary=version.summary,
        texts=texts,
        dealt_with=dealt,
        note=_("Restored from version %(n)s") % {"n": version.number},
    )


@transaction.atomic
def minutes_approve(*, actor, meeting: Meeting, at_meeting: Meeting | None = None) -> Meeting:
    """Record that the table approved the minutes, at `at_meeting` (a later meeting of the same
    table that has begun, usually the next one) or, without one, in writing."""
    meeting = _lock_meeting(meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    note = _("Approved in writing")
    if at_meeting is not None:
        at_meeting = Meeting.objects.select_related("table").get(pk=at_meeting.pk)
        if not minutes_approval_meetings(meeting).filter(pk=at_meeting.pk).exists():
            raise ValidationError(
                {
                    "at_meeting": _(
                        "Choose a later meeting of the same table that has begun: the minutes "
                        "are approved by the members who met."
                    )
                }
            )
        note = _("Approved at the meeting of %(date)s") % {
            "date": timezone.localtime(at_meeting.starts_at).strftime("%d/%m/%Y")
        }
    transition(meeting, "approve_minutes", actor=actor, reason=note, minutes_approved_in=at_meeting)
    return meeting


@transaction.atomic
def minutes_publish(*, actor, meeting: Meeting) -> Meeting:
    """Publish approved minutes: all who follow the table may read them; members are told."""
    meeting = _lock_meeting(meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    transition(meeting, "publish_minutes", actor=actor)
    emails = sorted({s.user.email for s in _recipients(meeting)})
    notify_by_email(
        to=emails,
        template="meetings/email/minutes_published",
        context={"meeting": meeting, "meeting_url": meeting.get_absolute_url()},
    )
    return meeting
