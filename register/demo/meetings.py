"""Demo register: the dysfunctions and proposals on the agendas of the demo tables' meetings."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max

from meetings.models import (
    HELD_STATUSES,
    UPCOMING_STATUSES,
    AgendaItem,
    Decision,
    DecisionStatus,
    Meeting,
)

from ..models import Dysfunction, DysfunctionState, Proposal, ProposalState

S = DysfunctionState
P = ProposalState

TACTICAL_STATES = (S.ESCALATED, S.DECIDED, S.IMPLEMENTING, S.CLOSED)


def link_meetings(context, dysfunctions, proposals):
    """Put the dysfunctions and proposals on the agendas of the demo meetings (when the tables'
    demo has planned them): scheduled ones on the next tactical meeting, those that went
    further on a past one; proposals adopted in a tactical meeting and decided in a strategic
    one, with the approvals followed in the decision register."""
    tables = context.extra.get("tables", {})
    tactical = tables.get("table-tactique-touraine")
    strategic = tables.get("table-strategique-touraine")
    if tactical is None or strategic is None:
        return
    meetings = {
        table: (
            list(
                Meeting.objects.filter(table=table, status__in=HELD_STATUSES).order_by("-starts_at")
            ),
            list(
                Meeting.objects.filter(table=table, status__in=UPCOMING_STATUSES).order_by(
                    "starts_at"
                )
            ),
        )
        for table in (tactical, strategic)
    }
    if not all(past and future for past, future in meetings.values()):
        return
    numbers = dict(
        AgendaItem.objects.filter(meeting__table__in=[tactical, strategic])
        .values_list("meeting")
        .annotate(n=Max("number"))
    )
    pilot = context.users["pilot"]
    dysfunction_type = ContentType.objects.get_for_model(Dysfunction)
    proposal_type = ContentType.objects.get_for_model(Proposal)

    def add_item(meeting, subject, subject_type, title, kind):
        numbers[meeting.pk] = numbers.get(meeting.pk, 0) + 1
        return AgendaItem.objects.create(
            meeting=meeting,
            number=numbers[meeting.pk],
            title=f"{subject.reference} — {title}"[:250],
            kind=kind,
            subject_type=subject_type,
            subject_id=subject.pk,
            presenter=pilot,
            dealt_with=meeting.status in HELD_STATUSES,
        )

    tactical_past, tactical_future = meetings[tactical]
    strategic_past, strategic_future = meetings[strategic]
    for index, d in enumerate(dysfunctions):
        if d.state == S.SCHEDULED:
            add_item(tactical_future[0], d, dysfunction_type, d.title, "discussion")
        elif d.state in TACTICAL_STATES:
            meeting = tactical_past[index % len(tactical_past)]
            add_item(meeting, d, dysfunction_type, d.title, "discussion")
    for index, proposal in enumerate(proposals):
        if proposal.state == P.DRAFT:
            continue
        proposal.adopted_in = tactical_past[index % len(tactical_past)]
        if proposal.state in (P.SUBMITTED, P.ADOPTED):
            proposal.save(update_fields=["adopted_in"])
            continue
        decided = proposal.state not in (P.SCHEDULED,)
        meeting = strategic_past[index % len(strategic_past)] if decided else strategic_future[0]
        item = add_item(meeting, proposal, proposal_type, proposal.title, "decision")
        proposal.scheduled_in = meeting
        if proposal.state in (P.APPROVED, P.APPROVED_WITH_CHANGES, P.IMPLEMENTED):
            proposal.decision = Decision.objects.create(
                meeting=meeting,
                item=item,
                text=f"{proposal.reference} {proposal.title} — {proposal.decision_reason}",
                owner=pilot,
                created_by=pilot,
                status=DecisionStatus.DONE
                if proposal.state == P.IMPLEMENTED
                else DecisionStatus.IN_PROGRESS,
            )
            proposal.dysfunctions.update(decision=proposal.decision)
        proposal.save(update_fields=["adopted_in", "scheduled_in", "decision"])
