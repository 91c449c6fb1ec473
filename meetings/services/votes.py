"""Votes: how a table voted on one of its decisions, checked against the quorum of the
member seats present or represented at the meeting."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meetings.apps import meetings_changed
from meetings.models import (
    MINUTES_OPEN_STATUSES,
    Attendance,
    Decision,
    DecisionVote,
    SeatVote,
    VoteChoice,
)
from portal.permissions import ensure
from portal.transitions import record

from .meetings import _lock_meeting

VOTING_PRESENCE = (Attendance.Presence.PRESENT, Attendance.Presence.REPRESENTED)


def voting_seats(attendances) -> list[Attendance]:
    """The member seats that may vote: present, or represented (their representative votes)."""
    return [a for a in attendances if a.presence in VOTING_PRESENCE]


def quorum_refusal(*, present: int, members: int, required: int) -> str:
    return _(
        "The quorum is not met: %(present)s of %(members)s member seats were present or "
        "represented, %(required)s are needed. The table could not vote; correct the "
        "attendance if it is wrong, or record the decision without a vote."
    ) % {"present": present, "members": members, "required": required}


def vote_summary(vote: DecisionVote) -> str:
    return ngettext(
        "Vote recorded: %(for)s for, %(against)s against, %(abstain)s abstention.",
        "Vote recorded: %(for)s for, %(against)s against, %(abstain)s abstentions.",
        vote.abstentions,
    ) % {"for": vote.votes_for, "against": vote.votes_against, "abstain": vote.abstentions}


@transaction.atomic
def decision_vote_record(
    *,
    decision: Decision,
    actor,
    method: str,
    votes_for: int = 0,
    votes_against: int = 0,
    abstentions: int = 0,
    seat_choices: dict | None = None,
) -> DecisionVote:
    """Record how the table voted on a decision: the counts of the voices, or each present
    seat's voice (`seat_choices` maps an attendance pk to for / against / abstain; a seat left
    out did not vote). Refused when the attendance recorded does not reach the table's quorum.
    Recording again replaces the earlier vote, until the minutes are approved."""
    meeting = _lock_meeting(decision.meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    decision = Decision.objects.select_for_update().get(pk=decision.pk, meeting=meeting)
    vote = _vote_record(
        meeting=meeting,
        decision=decision,
        actor=actor,
        method=method,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        seat_choices=seat_choices,
    )
    record(decision, actor=actor, reason=vote_summary(vote))
    return vote


@transaction.atomic
def meeting_vote_record(
    *,
    meeting,
    actor,
    votes_for: int = 0,
    votes_against: int = 0,
    abstentions: int = 0,
) -> DecisionVote:
    """Record how the table voted in `meeting` on an outcome that opens no decision (an app
    above keeps the vote it took: a proposal rejected or deferred, for instance): the counts of
    the voices, checked like a decision's vote against the quorum and the seats present."""
    meeting = _lock_meeting(meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    return _vote_record(
        meeting=meeting,
        decision=None,
        actor=actor,
        method=DecisionVote.Method.COUNTS,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
    )


def _vote_record(
    *,
    meeting,
    decision,
    actor,
    method,
    votes_for,
    votes_against,
    abstentions,
    seat_choices=None,
) -> DecisionVote:
    if meeting.status not in MINUTES_OPEN_STATUSES:
        raise ValidationError(
            _("A vote is recorded after the meeting is held and before its minutes are approved.")
        )
    if method not in DecisionVote.Method.values:
        raise ValidationError({"method": _("Choose how the vote is recorded.")})
    attendances = list(meeting.attendances.select_related("seat").order_by("pk"))
    seats = voting_seats(attendances)
    present, members = len(seats), len(attendances)
    required = meeting.table.quorum_required(members)
    if not present:
        raise ValidationError(
            _("No member seat is recorded as present or represented: record the attendance first.")
        )
    if present < required:
        raise ValidationError(quorum_refusal(present=present, members=members, required=required))

    voices = []
    if method == DecisionVote.Method.SEATS:
        seat_choices = {int(k): v for k, v in (seat_choices or {}).items() if v}
        by_pk = {a.pk: a for a in seats}
        for pk, choice in seat_choices.items():
            if pk not in by_pk:
                raise ValidationError(_("Only the member seats present or represented vote."))
            if choice not in VoteChoice.values:
                raise ValidationError(_("Unknown voice."))
            row = by_pk[pk]
            voter = (
                row.represented_by
                if row.presence == Attendance.Presence.REPRESENTED
                else row.seat.user
            )
            voices.append(SeatVote(attendance=row, voter=voter or row.seat.user, choice=choice))
        if not voices:
            raise ValidationError(_("Give at least one seat's voice."))
        tally = {c: sum(1 for v in voices if v.choice == c) for c in VoteChoice.values}
        votes_for = tally[VoteChoice.FOR]
        votes_against = tally[VoteChoice.AGAINST]
        abstentions = tally[VoteChoice.ABSTAIN]
    else:
        counts = (votes_for, votes_against, abstentions)
        if any(n is None or n < 0 for n in counts):
            raise ValidationError(_("Give the number of voices for, against and abstaining."))
        if sum(counts) == 0:
            raise ValidationError(_("Give at least one voice."))
        if sum(counts) > present:
            raise ValidationError(
                {
                    "votes_for": _(
                        "%(voices)s voices for %(present)s member seats present or represented: "
                        "each seat has one voice."
                    )
                    % {"voices": sum(counts), "present": present}
                }
            )

    if decision is not None:
        DecisionVote.objects.filter(decision=decision).delete()
    vote = DecisionVote(
        meeting=meeting,
        decision=decision,
        method=method,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        present=present,
        quorum_required=required,
        recorded_by=actor,
    )
    vote.full_clean()
    vote.save()
    for voice in voices:
        voice.vote = vote
    SeatVote.objects.bulk_create(voices)
    meetings_changed()
    return vote
