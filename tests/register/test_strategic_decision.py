"""The strategic table's decision is recorded in the meeting where it was taken: chosen on the
proposal's form or opened from that meeting's page; the proposal keeps the meeting, the minutes
list what was decided there, and the proposal's page links every meeting of its chain."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings.models import Decision, MeetingStatus
from register import services
from register.models import DysfunctionState, ProposalState
from tests.meetings.factories import MeetingFactory, at
from tests.register.factories import DysfunctionFactory

S, P = DysfunctionState, ProposalState
FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}


@pytest.fixture
def scheduled(pilot, tactical_table, held_tactical_meeting, strategic_meeting, territory, commune):
    """A proposal on the agenda of the strategic table's next meeting (still to come)."""
    dysfunction = DysfunctionFactory(territory=territory, commune=commune, state=S.QUALIFIED)
    proposal = services.proposal_create(
        actor=pilot,
        tactical_table=tactical_table,
        title="Astreinte commune du week-end",
        rationale="Des sorties sans relais.",
        request="Financer une astreinte.",
        dysfunctions=[dysfunction],
    )
    services.proposal_adopt(proposal=proposal, actor=pilot, meeting=held_tactical_meeting)
    services.proposal_submit(
        proposal=proposal, actor=pilot, strategic_table=strategic_meeting.table
    )
    services.proposal_schedule(proposal=proposal, actor=pilot, meeting=strategic_meeting)
    proposal.refresh_from_db()
    return proposal


def _decide(client, proposal, meeting, decision="approved"):
    return client.post(
        f"/propositions/{proposal.pk}/decider/",
        {
            "decider-meeting": meeting.pk,
            "decider-decision": decision,
            "decider-reason": "Accord unanime des financeurs.",
        },
        **FR,
    )


def test_the_pilot_chooses_the_meeting_where_the_table_decided(
    client, pilot, scheduled, strategic_table
):
    held = MeetingFactory(
        table=strategic_table, starts_at=at(-2), status=MeetingStatus.MINUTES_DRAFTED
    )
    client.force_login(pilot)
    form = client.get(scheduled.get_absolute_url(), **FR).content.decode()
    assert "Séance stratégique où la table a décidé" in form
    assert held.display_title in form
    assert _decide(client, scheduled, held).status_code == 302
    scheduled.refresh_from_db()
    assert (scheduled.state, scheduled.decided_in) == (P.APPROVED, held)
    assert Decision.objects.get(proposals=scheduled).meeting == held
    minutes = client.get(f"/reunions/{held.pk}/compte-rendu/", **FR).content.decode()
    section = minutes.split("Propositions décidées lors de cette séance", 1)[1]
    assert "Astreinte commune du week-end" in section
    assert "Accord unanime des financeurs." in section


def test_a_convened_meeting_that_has_begun_is_marked_held_by_the_decision(
    client, pilot, scheduled, strategic_meeting
):
    now = timezone.now()
    type(strategic_meeting).objects.filter(pk=strategic_meeting.pk).update(
        status=MeetingStatus.CONVENED, starts_at=now - timedelta(minutes=30), ends_at=now
    )
    client.force_login(pilot)
    assert _decide(client, scheduled, strategic_meeting).status_code == 302
    strategic_meeting.refresh_from_db()
    assert strategic_meeting.status == MeetingStatus.HELD
    entry = strategic_meeting.history.latest("pk")
    assert scheduled.reference in entry.reason
    scheduled.refresh_from_db()
    assert scheduled.decided_in == strategic_meeting


def test_a_meeting_not_begun_or_never_convened_is_refused_with_what_to_do(
    pilot, scheduled, strategic_meeting, strategic_table
):
    later = timezone.now() + timedelta(hours=3)
    type(strategic_meeting).objects.filter(pk=strategic_meeting.pk).update(
        status=MeetingStatus.CONVENED, starts_at=later, ends_at=later + timedelta(hours=1)
    )
    with pytest.raises(ValidationError, match="pas encore commencé"):
        services.proposal_decide(
            proposal=scheduled,
            actor=pilot,
            decision=P.APPROVED,
            reason="Oui.",
            meeting=strategic_meeting,
        )
    never = MeetingFactory(table=strategic_table, starts_at=at(-3), status=MeetingStatus.PLANNED)
    with pytest.raises(ValidationError, match="jamais été convoquée"):
        services.proposal_decide(
            proposal=scheduled, actor=pilot, decision=P.APPROVED, reason="Oui.", meeting=never
        )
    scheduled.refresh_from_db()
    assert scheduled.state == P.SCHEDULED


def test_a_meeting_of_another_table_is_refused(pilot, scheduled, tactical_table):
    other = MeetingFactory(table=tactical_table, starts_at=at(-3), status=MeetingStatus.HELD)
    with pytest.raises(ValidationError, match="table stratégique"):
        services.proposal_decide(
            proposal=scheduled, actor=pilot, decision=P.REJECTED, reason="Non.", meeting=other
        )


def test_the_decision_is_recorded_from_the_meeting_s_page(
    client, pilot, scheduled, strategic_meeting
):
    now = timezone.now()
    type(strategic_meeting).objects.filter(pk=strategic_meeting.pk).update(
        status=MeetingStatus.CONVENED, starts_at=now - timedelta(minutes=30), ends_at=now
    )
    client.force_login(pilot)
    page = client.get(strategic_meeting.get_absolute_url(), **FR).content.decode()
    link = f"/propositions/{scheduled.pk}/?reunion={strategic_meeting.pk}#action-decider"
    assert link in page.replace("&amp;", "&")
    assert f"Enregistrer la décision de la table stratégique sur {scheduled.reference}" in page
    form = client.get(link.split("#")[0], **FR).content.decode()
    assert 'id="action-decider" open' in form
    assert f'<option value="{strategic_meeting.pk}" selected>' in form


def test_the_proposal_s_page_links_every_meeting_and_minutes_of_its_chain(
    client, pilot, scheduled, held_tactical_meeting, strategic_meeting
):
    type(held_tactical_meeting).objects.filter(pk=held_tactical_meeting.pk).update(
        status=MeetingStatus.MINUTES_APPROVED
    )
    type(strategic_meeting).objects.filter(pk=strategic_meeting.pk).update(
        status=MeetingStatus.HELD, starts_at=at(-1), ends_at=at(-1) + timedelta(hours=1)
    )
    services.proposal_decide(
        proposal=scheduled, actor=pilot, decision=P.DEFERRED, reason="À revoir en juin."
    )
    client.force_login(pilot)
    page = client.get(scheduled.get_absolute_url(), **FR).content.decode()
    chain = page.split("Aux tables", 1)[1].split("</table>", 1)[0]
    assert f'href="/reunions/{held_tactical_meeting.pk}/"' in chain
    assert "adoptée par la table tactique" in chain
    assert f'href="/reunions/{held_tactical_meeting.pk}/compte-rendu/"' in chain
    assert f'href="/reunions/{strategic_meeting.pk}/"' in chain
    assert "décidée : Ajournée" in chain


def test_the_table_s_vote_on_an_approval_shows_on_the_proposal(
    client, pilot, executive, scheduled, strategic_meeting
):
    from meetings import services as meeting_services
    from meetings.models import Attendance, Seat

    now = timezone.now()
    type(strategic_meeting).objects.filter(pk=strategic_meeting.pk).update(
        status=MeetingStatus.CONVENED, starts_at=now - timedelta(hours=2), ends_at=now
    )
    Attendance.objects.create(
        meeting=strategic_meeting, seat=Seat.objects.get(user=executive), presence="present"
    )
    client.force_login(pilot)
    assert _decide(client, scheduled, strategic_meeting).status_code == 302
    scheduled.refresh_from_db()
    page = client.get(scheduled.get_absolute_url(), **FR).content.decode()
    assert f'href="/decisions/{scheduled.decision_id}/vote/"' in page
    assert "Enregistrer le vote de la table" in page
    meeting_services.decision_vote_record(
        decision=scheduled.decision, actor=pilot, method="counts", votes_for=1
    )
    page = client.get(scheduled.get_absolute_url(), **FR).content.decode()
    vote = page.split("Le vote de la table", 1)[1].split("</div>", 1)[0]
    assert "1 pour, 0 contre" in vote
    assert "Corriger le vote de la table" in vote


def _sitting(meeting, *, present, members=8, status=MeetingStatus.MINUTES_DRAFTED):
    """The strategic table has `members` member seats and a quorum of half of them; `present`
    of them were at `meeting`, which took place two hours ago."""
    from meetings.models import Attendance, Meeting
    from tests.factories import SeatFactory

    table = meeting.table
    table.quorum_kind, table.quorum_value = "share", 50
    table.save()
    while table.seats.count() < members:
        SeatFactory(table=table)
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        status=status, starts_at=now - timedelta(hours=2), ends_at=now - timedelta(hours=1)
    )
    for n, seat in enumerate(table.seats.order_by("pk")):
        Attendance.objects.create(
            meeting=meeting, seat=seat, presence="present" if n < present else "absent"
        )


def _decide_with_vote(client, proposal, meeting, decision, votes):
    data = {
        "decider-meeting": meeting.pk,
        "decider-decision": decision,
        "decider-reason": "Le financement n’est pas acquis.",
    }
    for name, count in zip(("votes_for", "votes_against", "abstentions"), votes, strict=True):
        data[f"decider-{name}"] = "" if count is None else count
    return client.post(f"/propositions/{proposal.pk}/decider/", data, **FR)


def test_a_rejection_carries_the_table_s_vote_to_the_proposal_the_minutes_and_their_pdf(
    client, pilot, executive, scheduled, strategic_meeting, monkeypatch
):
    _sitting(strategic_meeting, present=7)
    client.force_login(pilot)
    form = client.get(scheduled.get_absolute_url(), **FR).content.decode()
    assert "Voix pour" in form and "Voix contre" in form
    response = _decide_with_vote(client, scheduled, strategic_meeting, "rejected", (2, 5, None))
    assert response.status_code == 302
    scheduled.refresh_from_db()
    assert scheduled.state == P.REJECTED and scheduled.decision is None
    vote = scheduled.outcome_vote
    assert (vote.votes_for, vote.votes_against, vote.abstentions) == (2, 5, 0)
    assert (vote.meeting, vote.present, vote.quorum_required) == (strategic_meeting, 7, 4)

    page = client.get(scheduled.get_absolute_url(), **FR).content.decode()
    shown = page.split("Le vote de la table", 1)[1].split("</div>", 1)[0]
    assert "2 pour, 5 contre, 0 abstention" in shown
    assert "non adoptée" in shown
    assert "Quorum atteint : 7 sièges" in shown

    minutes = client.get(f"/reunions/{strategic_meeting.pk}/compte-rendu/", **FR).content.decode()
    section = minutes.split("Propositions décidées lors de cette séance", 1)[1]
    assert "Astreinte commune du week-end" in section
    assert "2 pour, 5 contre, 0 abstention" in section.split("</section>", 1)[0]

    import weasyprint

    printed = []
    original = weasyprint.HTML

    def capture(*args, **kwargs):
        printed.append(kwargs.get("string", ""))
        return original(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", capture)
    response = client.get(f"/reunions/{strategic_meeting.pk}/compte-rendu.pdf", **FR)
    assert response["Content-Type"] == "application/pdf"
    printed_section = printed[0].split("Propositions décidées lors de cette séance", 1)[1]
    assert "2 pour, 5 contre, 0 abstention" in printed_section


def test_more_voices_than_seats_present_is_refused_and_nothing_is_recorded(
    client, pilot, executive, scheduled, strategic_meeting
):
    from meetings.models import DecisionVote, Meeting

    _sitting(strategic_meeting, present=7, status=MeetingStatus.CONVENED)
    client.force_login(pilot)
    response = _decide_with_vote(client, scheduled, strategic_meeting, "approved", (3, 4, 1))
    assert response.status_code == 400
    page = response.content.decode()
    assert "8 voix pour 7 sièges de titulaires présents ou représentés" in page
    assert "Le financement n’est pas acquis." in page
    assert 'name="decider-abstentions" value="1"' in page
    scheduled.refresh_from_db()
    assert (scheduled.state, scheduled.decided_in, scheduled.outcome_vote) == (
        P.SCHEDULED,
        None,
        None,
    )
    assert not Decision.objects.exists() and not DecisionVote.objects.exists()
    assert Meeting.objects.get(pk=strategic_meeting.pk).status == MeetingStatus.CONVENED


def test_a_vote_without_quorum_is_refused(client, pilot, executive, scheduled, strategic_meeting):
    from meetings.models import DecisionVote

    _sitting(strategic_meeting, present=3)
    client.force_login(pilot)
    response = _decide_with_vote(client, scheduled, strategic_meeting, "deferred", (1, 1, 1))
    assert response.status_code == 400
    assert "Le quorum n’est pas atteint : 3 sur 8" in response.content.decode()
    scheduled.refresh_from_db()
    assert scheduled.state == P.SCHEDULED and not DecisionVote.objects.exists()
    with pytest.raises(ValidationError):
        services.proposal_decide(
            proposal=scheduled,
            actor=pilot,
            decision="rejected",
            reason="Non.",
            meeting=strategic_meeting,
            votes_for=1,
        )


def test_an_outcome_without_counts_records_no_vote(
    client, pilot, executive, scheduled, strategic_meeting
):
    _sitting(strategic_meeting, present=3)
    client.force_login(pilot)
    response = _decide_with_vote(client, scheduled, strategic_meeting, "deferred", (None,) * 3)
    assert response.status_code == 302
    scheduled.refresh_from_db()
    assert scheduled.state == P.DEFERRED and scheduled.outcome_vote is None
