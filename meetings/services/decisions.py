"""Decisions: what a table decided, and where each stands until done."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from meetings.models import (
    HELD_STATUSES,
    AgendaItem,
    Decision,
    DecisionStatus,
    Meeting,
)
from portal.notifications import notify_by_email
from portal.permissions import ensure
from portal.privacy import check_texts
from portal.transitions import note, record, transition

from .meetings import _lock_meeting
from .tables import check_of_territory


@transaction.atomic
def decision_record(
    *,
    meeting: Meeting,
    actor,
    text: str,
    owner,
    due_date: date | None,
    item: AgendaItem | None = None,
) -> Decision:
    """Record what the table decided, who carries it out and by when."""
    meeting = _lock_meeting(meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    if meeting.status not in HELD_STATUSES:
        raise ValidationError(_("Decisions are recorded once the meeting has been held."))
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": _("This item belongs to another meeting.")})
    if not text or not text.strip():
        raise ValidationError({"text": _("Write the decision.")})
    check_texts(text=text)
    check_of_territory(owner, meeting.table, field="owner")
    decision = Decision(
        meeting=meeting,
        item=item,
        text=text.strip(),
        owner=owner,
        due_date=due_date,
        created_by=actor,
    )
    decision.full_clean()
    decision.save()
    record(decision, actor=actor, from_state="", reason=_("Decision recorded"))
    if owner.email:
        notify_by_email(
            to=owner.email,
            template="meetings/email/decision_assigned",
            context={"decision": decision, "meeting": meeting},
        )
    return decision


@transaction.atomic
def decision_update_status(
    *, decision: Decision, actor, status: str, comment: str = ""
) -> Decision:
    """The owner (or the pilot) says where a decision stands, with a comment kept in history."""
    decision = (
        Decision.objects.select_for_update().select_related("meeting__table").get(pk=decision.pk)
    )
    ensure(actor, "meetings.decision.update", decision)
    if status not in DecisionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    check_texts(comment=comment)
    if status == decision.status:
        # The same status again is a progress note, never a move "Open → Open".
        if not comment.strip():
            raise ValidationError({"comment": _("Say what changed.")})
        note(decision, actor=actor, reason=comment.strip())
        return decision
    move = Decision.workflow.find(decision.status, status)
    if move is None:
        raise Decision.workflow.refusal(decision, decision.status, status)
    transition(decision, move.name, actor=actor, reason=comment.strip())
    return decision
