"""Proposals: drafted by the pilot, adopted by the tactical table, submitted to, scheduled
and decided by the strategic table, then implemented; their dysfunctions follow."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import HELD_STATUSES, AgendaItem, Meeting, MeetingStatus, Seat, Table
from meetings.services import (
    agenda_item_add,
    decision_record,
    decision_vote_record,
    meeting_mark_held,
    meeting_vote_record,
    vote_summary,
)
from portal.models import RegionalCoordinator, Territory, TerritoryPilot
from portal.notifications import notify_by_email
from portal.permissions import ensure
from portal.transitions import record, transition

from ..models import (
    Dysfunction,
    ExecutivePosition,
    Proposal,
)
from ..models.proposals import DECISION_STATES
from .checks import (
    P,
    S,
    _check_meeting,
    _check_personal_data,
    _refuse_unless_allowed,
    _require_reason,
)

# The strategic table's decision, by the name of the proposal's transition.
DECIDE = {
    P.APPROVED: "approve",
    P.APPROVED_WITH_CHANGES: "approve_with_changes",
    P.REJECTED: "reject",
    P.DEFERRED: "defer",
}


def _lock_proposal(proposal) -> Proposal:
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def _check_dysfunctions(proposal_territory_id, dysfunctions):
    # Read the states from the database, not from what the caller holds.
    dysfunctions = list(Dysfunction.objects.filter(pk__in=[d.pk for d in dysfunctions]))
    if not dysfunctions:
        raise ValidationError({"dysfunctions": _("A proposal answers at least one dysfunction.")})
    for d in dysfunctions:
        if d.territory_id != proposal_territory_id:
            raise ValidationError(
                {
                    "dysfunctions": _("%(reference)s belongs to another territory.")
                    % {"reference": d.reference}
                }
            )
        if d.state not in (S.QUALIFIED, S.SCHEDULED, S.ESCALATED):
            raise ValidationError(
                {
                    "dysfunctions": _(
                        "%(reference)s is “%(state)s”: only qualified dysfunctions can be "
                        "carried by a proposal."
                    )
                    % {"reference": d.reference, "state": d.get_state_display()}
                }
            )
    return dysfunctions


@transaction.atomic
def proposal_create(
    *, actor, tactical_table, title, rationale, request, resources="", dysfunctions
) -> Proposal:
    """The pilot drafts a proposal answering one or more qualified dysfunctions."""
    ensure(actor, "register.proposal.manage", tactical_table.territory)
    if tactical_table.kind != Table.Kind.TACTICAL:
        raise ValidationError({"tactical_table": _("Choose a tactical table.")})
    dysfunctions = _check_dysfunctions(tactical_table.territory_id, dysfunctions)
    _check_personal_data(
        {"title": title, "rationale": rationale, "request": request, "resources": resources}
    )
    proposal = Proposal(
        territory_id=tactical_table.territory_id,
        tactical_table=tactical_table,
        title=title,
        rationale=rationale,
        request=request,
        resources=resources,
        created_by=actor,
    )
    proposal.full_clean()
    proposal.save()
    proposal.dysfunctions.set(dysfunctions)
    record(proposal, actor=actor, from_state="")
    return proposal


@transaction.atomic
def proposal_adopt(*, proposal, actor, meeting, reason: str = "") -> Proposal:
    """The tactical table adopted the proposal in a meeting: its dysfunctions are now carried
    to the strategic level, and their filers are told."""
    proposal = _lock_proposal(proposal)
    ensure(actor, "register.proposal.manage", proposal)
    _refuse_unless_allowed(proposal, "adopt")
    _check_meeting(meeting, table_id=proposal.tactical_table_id, held=True)
    transition(
        proposal,
        "adopt",
        actor=actor,
        reason=reason or _("Adopted in %(meeting)s.") % {"meeting": meeting.display_title},
        adopted_at=timezone.now(),
        adopted_in=meeting,
    )
    for dysfunction in (
        Dysfunction.objects.select_for_update().filter(proposals=proposal).order_by("pk")
    ):
        if dysfunction.state == S.ESCALATED:
            continue
        transition(
            dysfunction,
            "escalate",
            actor=actor,
            reason=_(
                "Carried by proposal %(reference)s “%(title)s”, adopted by the tactical table."
            )
            % {"reference": proposal.reference, "title": proposal.title},
        )
    return proposal


def _executive_emails(table) -> list[str]:
    """The executives who sit at a strategic table today (members and substitutes)."""
    return sorted(
        set(
            Seat.objects.current()
            .filter(table=table, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


@transaction.atomic
def proposal_submit(*, proposal, actor, strategic_table, reason: str = "") -> Proposal:
    """The pilot sends the adopted proposal to a strategic table of the territory; its
    executives are told, so that they may read it and give their position."""
    proposal = _lock_proposal(proposal)
    ensure(actor, "register.proposal.manage", proposal)
    if strategic_table.kind != Table.Kind.STRATEGIC or (
        strategic_table.territory_id != proposal.territory_id
    ):
        raise ValidationError({"strategic_table": _("Choose a strategic table of the territory.")})
    transition(
        proposal,
        "submit",
        actor=actor,
        reason=reason,
        strategic_table=strategic_table,
        submitted_at=timezone.now(),
    )
    notify_by_email(
        to=_executive_emails(strategic_table),
        template="register/email/proposal_submitted",
        context={"proposal": proposal, "table": strategic_table},
    )
    return proposal


@transaction.atomic
def proposal_schedule(*, proposal, actor, meeting, reason: str = "") -> Proposal:
    """The proposal is put on the agenda of a meeting of the strategic table, as an item for
    decision that links to it; the table's executives are told."""
    proposal = _lock_proposal(proposal)
    ensure(actor, "register.proposal.manage", proposal)
    _refuse_unless_allowed(proposal, "schedule")
    _check_meeting(meeting, table_id=proposal.strategic_table_id, held=False)
    agenda_item_add(
        meeting=meeting,
        actor=actor,
        title=f"{proposal.reference} — {proposal.title}"[:250],
        kind=AgendaItem.Kind.DECISION,
        subject=proposal,
        description=proposal.request,
    )
    transition(
        proposal,
        "schedule",
        actor=actor,
        reason=reason or _("On the agenda of %(meeting)s.") % {"meeting": meeting.display_title},
        scheduled_in=meeting,
    )
    meeting = Meeting.objects.select_related("table").get(pk=meeting.pk)
    notify_by_email(
        to=_executive_emails(meeting.table),
        template="register/email/proposal_scheduled",
        context={"proposal": proposal, "meeting": meeting, "table": meeting.table},
    )
    return proposal


@transaction.atomic
def proposal_record_position(*, proposal, actor, position: str, comment: str = ""):
    """An executive says, before the meeting, whether they support the proposal. Recording it
    again replaces the earlier position."""
    proposal = _lock_proposal(proposal)
    if not proposal.strategic_table_id:
        raise PermissionDenied
    ensure(actor, "register.proposal.position", proposal)
    _check_personal_data({"comment": comment})
    record, _created = ExecutivePosition.objects.update_or_create(
        proposal=proposal,
        user=actor,
        defaults={"position": position, "comment": comment, "recorded_at": timezone.now()},
    )
    record.full_clean()
    return record


def _meeting_of_decision(proposal, meeting, actor):
    """The strategic meeting where the table decided: one of the proposal's strategic table,
    held. A convened meeting that has begun is what a pilot records a decision from: it is
    marked as held on the way (its history says why). One not begun yet, or never convened,
    is refused with what to do."""
    meeting = meeting or proposal.scheduled_in
    if meeting is None:
        raise ValidationError({"meeting": _("Choose the meeting where the table decided.")})
    meeting = Meeting.objects.select_related("table").get(pk=meeting.pk)
    if meeting.table_id != proposal.strategic_table_id:
        raise ValidationError(
            {"meeting": _("Choose a meeting of the strategic table that received the proposal.")}
        )
    if meeting.status in HELD_STATUSES:
        return meeting
    if meeting.status == MeetingStatus.CONVENED:
        if meeting.starts_at > timezone.now():
            raise ValidationError(
                {
                    "meeting": _(
                        "%(meeting)s has not begun yet (it starts at %(time)s): record the "
                        "decision once the table has met."
                    )
                    % {
                        "meeting": meeting.display_title,
                        "time": timezone.localtime(meeting.starts_at).strftime("%H:%M"),
                    }
                }
            )
        return meeting_mark_held(
            actor=actor,
            meeting=meeting,
            reason=_("Marked as held when the decision on %(reference)s was recorded.")
            % {"reference": proposal.reference},
        )
    if meeting.status == MeetingStatus.PLANNED:
        raise ValidationError(
            {
                "meeting": _(
                    "%(meeting)s was never convened through the portal: it cannot be marked as "
                    "held. Choose the meeting where the table decided."
                )
                % {"meeting": meeting.display_title}
            }
        )
    raise ValidationError({"meeting": _("Choose a meeting that was held.")})


@transaction.atomic
def proposal_decide(
    *,
    proposal,
    actor,
    decision: str,
    reason: str,
    meeting=None,
    due_date=None,
    votes_for=None,
    votes_against=None,
    abstentions=None,
) -> Proposal:
    """Record the strategic table's decision, taken in `meeting` (by default the one where the
    proposal was put on the agenda): approved, approved with changes, rejected or deferred,
    always with a reason. A convened meeting that has begun is marked as held on the way. An
    approval goes to the decision register, to be followed until done. Every linked
    dysfunction follows and its filers are told. The table's vote on the outcome, when its
    counts are given, is checked against the quorum and the seats present at the meeting and
    kept with the proposal (and with the decision an approval opens): whatever the outcome,
    a vote refused leaves nothing recorded."""
    reason = _require_reason(reason)
    if decision not in DECISION_STATES:
        raise ValidationError({"decision": _("Choose one of the strategic table's decisions.")})
    proposal = _lock_proposal(proposal)
    ensure(actor, "register.proposal.manage", proposal)
    move = DECIDE[decision]
    _refuse_unless_allowed(proposal, move)
    meeting = _meeting_of_decision(proposal, meeting, actor)
    label = P(decision).label
    followed = None
    if decision in (P.APPROVED, P.APPROVED_WITH_CHANGES):
        followed = decision_record(
            meeting=meeting,
            actor=actor,
            text=f"{proposal.reference} {proposal.title} — {label}. {reason}",
            owner=actor,
            due_date=due_date,
            item=proposal.agenda_items.filter(meeting=meeting).order_by("-pk").first(),
        )
    vote = None
    counts = (votes_for, votes_against, abstentions)
    if any(n is not None for n in counts):
        votes_for, votes_against, abstentions = (n or 0 for n in counts)
        if followed is not None:
            vote = decision_vote_record(
                decision=followed,
                actor=actor,
                method="counts",
                votes_for=votes_for,
                votes_against=votes_against,
                abstentions=abstentions,
            )
        else:
            vote = meeting_vote_record(
                meeting=meeting,
                actor=actor,
                votes_for=votes_for,
                votes_against=votes_against,
                abstentions=abstentions,
            )
    transition(
        proposal,
        move,
        actor=actor,
        reason=f"{reason} {vote_summary(vote)}" if vote else reason,
        decision_reason=reason,
        decided_at=timezone.now(),
        decided_in=meeting,
        decision=followed,
        outcome_vote=vote,
    )
    text = _("Strategic table on proposal %(reference)s: %(decision)s. %(reason)s") % {
        "reference": proposal.reference,
        "decision": label,
        "reason": reason,
    }
    for dysfunction in (
        Dysfunction.objects.select_for_update().filter(proposals=proposal).order_by("pk")
    ):
        if dysfunction.state != S.ESCALATED:
            continue
        if decision in (P.APPROVED, P.APPROVED_WITH_CHANGES):
            transition(
                dysfunction, "decide", actor=actor, reason=text, outcome=text, decision=followed
            )
        elif decision == P.REJECTED:
            transition(dysfunction, "send_back", actor=actor, reason=text)
        else:
            record(dysfunction, actor=actor, reason=text)
    return proposal


@transaction.atomic
def proposal_mark_implemented(*, proposal, actor, reason: str = "") -> Proposal:
    """The approved change is in place; the linked dysfunctions are being implemented."""
    proposal = _lock_proposal(proposal)
    ensure(actor, "register.proposal.manage", proposal)
    transition(proposal, "implement", actor=actor, reason=reason)
    for dysfunction in (
        Dysfunction.objects.select_for_update()
        .filter(proposals=proposal, state=S.DECIDED)
        .order_by("pk")
    ):
        transition(dysfunction, "start_implementation", actor=actor, reason=reason)
    return proposal


def _region_table_emails(regional_table) -> list[str]:
    """Who hears of a proposal sent up to a region's table: its members, the pilots of the
    region's territories (they run it) and the region's coordinators."""
    region_id = regional_table.region_id
    emails = [
        *Seat.objects.current()
        .filter(table=regional_table, user__is_active=True)
        .values_list("user__email", flat=True),
        *TerritoryPilot.objects.filter(
            territory__region_id=region_id, user__is_active=True
        ).values_list("user__email", flat=True),
        *RegionalCoordinator.objects.filter(region_id=region_id, user__is_active=True).values_list(
            "user__email", flat=True
        ),
    ]
    return sorted(set(emails))


@transaction.atomic
def proposal_refer_to_region(*, proposal, actor, regional_table, reason: str) -> Proposal:
    """The territory's strategic table, in the meeting where the proposal was on its agenda,
    sends it up to the table of the region: what it asks goes beyond the territory (a regional
    funding, a tool shared by the territories). The region's table then puts it on its agenda
    and decides; the executives who sit there may give their position. The linked
    dysfunctions' filers, the region's table, its pilots and coordinators are told."""
    reason = _require_reason(reason)
    proposal = _lock_proposal(proposal)
    ensure(actor, "register.proposal.refer_to_region", proposal)
    _refuse_unless_allowed(proposal, "refer_to_region")
    meeting = proposal.scheduled_in
    if meeting is None:
        raise ValidationError(_("Put the proposal on a strategic agenda first."))
    _check_meeting(meeting, table_id=proposal.strategic_table_id, held=True)
    region_id = (
        Territory.objects.filter(pk=proposal.territory_id).values_list("region_id", flat=True)
    ).first()
    if region_id is None or regional_table.region_id != region_id:
        raise ValidationError({"regional_table": _("Choose the table of the territory's region.")})
    referred_from = proposal.strategic_table
    transition(
        proposal,
        "refer_to_region",
        actor=actor,
        reason=reason,
        strategic_table=regional_table,
        referred_from=referred_from,
        referred_at=timezone.now(),
        scheduled_in=None,
    )
    text = _("Proposal %(reference)s sent up by %(from)s to %(to)s: %(reason)s") % {
        "reference": proposal.reference,
        "from": referred_from.name,
        "to": regional_table.name,
        "reason": reason,
    }
    for dysfunction in (
        Dysfunction.objects.select_for_update()
        .filter(proposals=proposal, state=S.ESCALATED)
        .order_by("pk")
    ):
        record(dysfunction, actor=actor, reason=text)
    notify_by_email(
        to=_region_table_emails(regional_table),
        template="register/email/proposal_referred",
        context={"proposal": proposal, "table": regional_table, "reason": reason},
    )
    return proposal
