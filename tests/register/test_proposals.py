"""Proposals: drafted, adopted, submitted, scheduled, positions, decisions; refusals; pages."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from register import services
from register.models import DysfunctionState, ExecutivePosition, ProposalState
from tests.queries import assert_same_count, page_queries
from tests.register.conftest import hold
from tests.register.factories import DysfunctionFactory, ProposalFactory

S, P = DysfunctionState, ProposalState


@pytest.fixture
def qualified(territory, commune, case_manager):
    return DysfunctionFactory(
        territory=territory, commune=commune, filer=case_manager, state=S.QUALIFIED
    )


@pytest.fixture
def proposal(pilot, tactical_table, qualified):
    return services.proposal_create(
        actor=pilot,
        tactical_table=tactical_table,
        title="Convention de sortie du vendredi",
        rationale="Des sorties **sans relais**.",
        request="Approuver la convention.",
        dysfunctions=[qualified],
    )


@pytest.fixture
def to_scheduled(pilot, held_tactical_meeting, strategic_meeting):
    """Carry a draft proposal to the agenda of the strategic meeting (still to come)."""

    def carry(proposal, pilot=pilot, strategic_table=None):
        services.proposal_adopt(proposal=proposal, actor=pilot, meeting=held_tactical_meeting)
        services.proposal_submit(
            proposal=proposal, actor=pilot, strategic_table=strategic_meeting.table
        )
        services.proposal_schedule(proposal=proposal, actor=pilot, meeting=strategic_meeting)
        proposal.refresh_from_db()
        return proposal

    return carry


def _to_decidable(to_scheduled, proposal, strategic_meeting):
    to_scheduled(proposal)
    hold(strategic_meeting)
    return proposal


def test_proposal_needs_qualified_dysfunctions(pilot, tactical_table, territory, commune):
    submitted = DysfunctionFactory(territory=territory, commune=commune, state=S.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        services.proposal_create(
            actor=pilot,
            tactical_table=tactical_table,
            title="T",
            rationale="R",
            request="Q",
            dysfunctions=[submitted],
        )
    assert "dysfunctions" in error.value.error_dict


def test_only_pilots_draft_proposals(tactical_member, tactical_table, qualified):
    with pytest.raises(PermissionDenied):
        services.proposal_create(
            actor=tactical_member,
            tactical_table=tactical_table,
            title="T",
            rationale="R",
            request="Q",
            dysfunctions=[qualified],
        )


def test_approving_a_proposal_never_submitted_is_refused(proposal, pilot):
    with pytest.raises(ValidationError, match="ne peut pas devenir"):
        services.proposal_decide(proposal=proposal, actor=pilot, decision=P.APPROVED, reason="Oui")
    proposal.refresh_from_db()
    assert proposal.state == P.DRAFT
    assert proposal.events.count() == 1


def test_decision_needs_a_reason(proposal, pilot, to_scheduled, strategic_meeting):
    _to_decidable(to_scheduled, proposal, strategic_meeting)
    with pytest.raises(ValidationError):
        services.proposal_decide(proposal=proposal, actor=pilot, decision=P.APPROVED, reason="")
    proposal.refresh_from_db()
    assert proposal.state == P.SCHEDULED


def test_submitting_to_a_tactical_table_is_refused(
    proposal, pilot, tactical_table, held_tactical_meeting
):
    services.proposal_adopt(proposal=proposal, actor=pilot, meeting=held_tactical_meeting)
    with pytest.raises(ValidationError):
        services.proposal_submit(proposal=proposal, actor=pilot, strategic_table=tactical_table)


def test_rejection_sends_dysfunctions_back_to_the_pilot_and_tells_filers(
    proposal,
    pilot,
    to_scheduled,
    strategic_meeting,
    qualified,
    case_manager,
    django_capture_on_commit_callbacks,
):
    from meetings.models import Decision

    _to_decidable(to_scheduled, proposal, strategic_meeting)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_decide(
            proposal=proposal, actor=pilot, decision=P.REJECTED, reason="Budget engagé."
        )
    qualified.refresh_from_db()
    assert qualified.state == S.QUALIFIED
    assert [m.to for m in mail.outbox] == [[case_manager.email]]
    assert "Budget engagé." in mail.outbox[0].body
    assert not Decision.objects.exists()  # nothing to follow in the decision register


def test_deferral_keeps_the_dysfunctions_escalated_and_writes_their_history(
    proposal, pilot, to_scheduled, strategic_meeting, qualified
):
    from tests.meetings.factories import MeetingFactory

    _to_decidable(to_scheduled, proposal, strategic_meeting)
    services.proposal_decide(
        proposal=proposal, actor=pilot, decision=P.DEFERRED, reason="Chiffrage attendu."
    )
    qualified.refresh_from_db()
    assert qualified.state == S.ESCALATED
    assert "Chiffrage attendu." in qualified.events.last().reason
    # A deferred proposal goes back on an agenda, then is decided.
    next_meeting = MeetingFactory(table=strategic_meeting.table)
    services.proposal_schedule(proposal=proposal, actor=pilot, meeting=next_meeting)
    with pytest.raises(ValidationError):  # not held yet
        services.proposal_decide(
            proposal=proposal, actor=pilot, decision=P.APPROVED, reason="Un an."
        )
    hold(next_meeting)
    services.proposal_decide(
        proposal=proposal, actor=pilot, decision=P.APPROVED_WITH_CHANGES, reason="Un an."
    )
    qualified.refresh_from_db()
    assert qualified.state == S.DECIDED


def test_executive_records_then_changes_a_position(proposal, to_scheduled, executive):
    to_scheduled(proposal)
    services.proposal_record_position(proposal=proposal, actor=executive, position="oppose")
    services.proposal_record_position(
        proposal=proposal, actor=executive, position="support", comment="Convaincue."
    )
    position = ExecutivePosition.objects.get()
    assert (position.position, position.comment) == ("support", "Convaincue.")


def test_positions_are_closed_once_decided_and_for_other_tables(
    proposal, pilot, to_scheduled, strategic_meeting, executive, tactical_member
):
    with pytest.raises(PermissionDenied):  # not yet submitted to their table
        services.proposal_record_position(proposal=proposal, actor=executive, position="support")
    to_scheduled(proposal)
    with pytest.raises(PermissionDenied):
        services.proposal_record_position(
            proposal=proposal, actor=tactical_member, position="support"
        )
    hold(strategic_meeting)
    services.proposal_decide(proposal=proposal, actor=pilot, decision=P.APPROVED, reason="Oui.")
    with pytest.raises(PermissionDenied):
        services.proposal_record_position(proposal=proposal, actor=executive, position="oppose")
    assert not ExecutivePosition.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("pilot", 200),
        ("executive", 200),
        ("tactical_member", 200),
        ("case_manager", 403),
        ("outsider", 403),
    ],
)
def test_proposal_list_status_per_role(client, request, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/propositions/").status_code == status


def test_executive_sees_the_whole_chain_without_the_filer_and_records_a_position(
    client, proposal, to_scheduled, executive, qualified
):
    qualified.filer.first_name, qualified.filer.last_name = "Sophie", "Lemarchand"
    qualified.filer.save()
    to_scheduled(proposal)
    client.force_login(executive)
    dashboard = client.get("/mon-espace/").content.decode()
    assert "Propositions en attente de mon avis" in dashboard and proposal.title in dashboard
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert qualified.title in html and "Approuver la convention." in html
    assert "<strong>sans relais</strong>" in html
    assert "Sophie Lemarchand" not in html
    response = client.post(
        f"/propositions/{proposal.pk}/avis/", {"position": "abstain", "comment": "À voir."}
    )
    assert response.status_code == 302
    assert ExecutivePosition.objects.get().position == "abstain"


def test_executive_cannot_see_a_draft_proposal(client, proposal, executive):
    client.force_login(executive)
    assert client.get(proposal.get_absolute_url()).status_code == 404


def test_pilot_carries_the_proposal_from_the_page(
    client, proposal, pilot, strategic_table, held_tactical_meeting, tactical_meeting
):
    client.force_login(pilot)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert held_tactical_meeting.display_title in page
    assert tactical_meeting.display_title not in page  # not held: not offered for adoption
    response = client.post(
        f"/propositions/{proposal.pk}/adopter/", {"adopter-meeting": tactical_meeting.pk}
    )
    assert response.status_code == 400
    response = client.post(
        f"/propositions/{proposal.pk}/adopter/", {"adopter-meeting": held_tactical_meeting.pk}
    )
    assert response.status_code == 302
    response = client.post(
        f"/propositions/{proposal.pk}/soumettre/",
        {"soumettre-strategic_table": strategic_table.pk},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.state, proposal.strategic_table) == (P.SUBMITTED, strategic_table)
    # Deciding before it is on the agenda: refused, nothing changes.
    response = client.post(
        f"/propositions/{proposal.pk}/decider/",
        {"decider-decision": "approved", "decider-reason": "Oui"},
    )
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.state == P.SUBMITTED


def test_tactical_member_cannot_act_on_a_proposal(client, proposal, tactical_member):
    client.force_login(tactical_member)
    assert client.post(f"/propositions/{proposal.pk}/adopter/", {}).status_code == 403


def test_proposal_pages_run_the_same_number_of_queries_for_more_data(
    client, pilot, territory, tactical_table, commune
):
    def make(n):
        for _ in range(n):
            ds = DysfunctionFactory.create_batch(
                2, territory=territory, commune=commune, state=S.ESCALATED
            )
            ProposalFactory(territory=territory, tactical_table=tactical_table, dysfunctions=ds)

    client.force_login(pilot)
    make(2)
    first = ProposalFactory(
        territory=territory,
        tactical_table=tactical_table,
        dysfunctions=DysfunctionFactory.create_batch(
            2, territory=territory, commune=commune, state=S.QUALIFIED
        ),
    )
    listing = page_queries(client, "/propositions/")
    detail = page_queries(client, first.get_absolute_url())
    make(15)
    first.dysfunctions.set(
        DysfunctionFactory.create_batch(10, territory=territory, commune=commune, state=S.QUALIFIED)
    )
    assert_same_count(listing, page_queries(client, "/propositions/"))
    assert_same_count(detail, page_queries(client, first.get_absolute_url()))


def test_executive_reads_the_tactical_discussion_from_the_minutes(
    client, proposal, to_scheduled, executive, qualified, pilot, tactical_meeting
):
    from meetings.models import AgendaItem, Meeting, MeetingStatus, MinutesVersion

    services.dysfunction_schedule(dysfunction=qualified, actor=pilot, meeting=tactical_meeting)
    item = AgendaItem.objects.get(meeting=tactical_meeting)
    Meeting.objects.filter(pk=tactical_meeting.pk).update(status=MeetingStatus.MINUTES_DRAFTED)
    MinutesVersion.objects.create(
        meeting=tactical_meeting,
        number=1,
        items=[
            {
                "item": item.pk,
                "number": item.number,
                "title": item.title,
                "text": "Le CHU et les SSIAD s'accordent sur un préavis de 48 heures.",
            }
        ],
    )
    to_scheduled(proposal)
    client.force_login(executive)
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "préavis de 48 heures" in html
    assert tactical_meeting.display_title in html
