"""Proposals: drafted, adopted, submitted, scheduled, positions, decisions; refusals; pages."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from register import services
from register.models import DysfunctionState, ExecutivePosition, ProposalState
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


def _to_scheduled(proposal, pilot, strategic_table):
    services.proposal_adopt(proposal=proposal, actor=pilot)
    services.proposal_submit(proposal=proposal, actor=pilot, strategic_table=strategic_table)
    services.proposal_schedule(proposal=proposal, actor=pilot)
    proposal.refresh_from_db()
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


def test_decision_needs_a_reason(proposal, pilot, strategic_table):
    _to_scheduled(proposal, pilot, strategic_table)
    with pytest.raises(ValidationError):
        services.proposal_decide(proposal=proposal, actor=pilot, decision=P.APPROVED, reason="")
    proposal.refresh_from_db()
    assert proposal.state == P.SCHEDULED


def test_submitting_to_a_tactical_table_is_refused(proposal, pilot, tactical_table):
    services.proposal_adopt(proposal=proposal, actor=pilot)
    with pytest.raises(ValidationError):
        services.proposal_submit(proposal=proposal, actor=pilot, strategic_table=tactical_table)


def test_rejection_sends_dysfunctions_back_to_the_pilot_and_tells_filers(
    proposal, pilot, strategic_table, qualified, case_manager, django_capture_on_commit_callbacks
):
    _to_scheduled(proposal, pilot, strategic_table)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_decide(
            proposal=proposal, actor=pilot, decision=P.REJECTED, reason="Budget engagé."
        )
    qualified.refresh_from_db()
    assert qualified.state == S.QUALIFIED
    assert [m.to for m in mail.outbox] == [[case_manager.email]]
    assert "Budget engagé." in mail.outbox[0].body


def test_deferral_keeps_the_dysfunctions_escalated_and_writes_their_history(
    proposal, pilot, strategic_table, qualified
):
    _to_scheduled(proposal, pilot, strategic_table)
    services.proposal_decide(
        proposal=proposal, actor=pilot, decision=P.DEFERRED, reason="Chiffrage attendu."
    )
    qualified.refresh_from_db()
    assert qualified.state == S.ESCALATED
    assert "Chiffrage attendu." in qualified.events.last().reason
    # A deferred proposal goes back on an agenda, then is decided.
    services.proposal_schedule(proposal=proposal, actor=pilot)
    services.proposal_decide(
        proposal=proposal, actor=pilot, decision=P.APPROVED_WITH_CHANGES, reason="Un an."
    )
    qualified.refresh_from_db()
    assert qualified.state == S.DECIDED


def test_executive_records_then_changes_a_position(proposal, pilot, strategic_table, executive):
    _to_scheduled(proposal, pilot, strategic_table)
    services.proposal_record_position(proposal=proposal, actor=executive, position="oppose")
    services.proposal_record_position(
        proposal=proposal, actor=executive, position="support", comment="Convaincue."
    )
    position = ExecutivePosition.objects.get()
    assert (position.position, position.comment) == ("support", "Convaincue.")


def test_positions_are_closed_once_decided_and_for_other_tables(
    proposal, pilot, strategic_table, executive, tactical_member
):
    with pytest.raises(PermissionDenied):  # not yet submitted to their table
        services.proposal_record_position(proposal=proposal, actor=executive, position="support")
    _to_scheduled(proposal, pilot, strategic_table)
    with pytest.raises(PermissionDenied):
        services.proposal_record_position(
            proposal=proposal, actor=tactical_member, position="support"
        )
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
    client, proposal, pilot, strategic_table, executive, qualified
):
    qualified.filer.first_name, qualified.filer.last_name = "Sophie", "Lemarchand"
    qualified.filer.save()
    _to_scheduled(proposal, pilot, strategic_table)
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


def test_pilot_carries_the_proposal_from_the_page(client, proposal, pilot, strategic_table):
    client.force_login(pilot)
    assert client.post(f"/propositions/{proposal.pk}/adopter/", {}).status_code == 302
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


def test_proposal_pages_run_a_fixed_number_of_queries(
    client, pilot, territory, tactical_table, commune, django_assert_max_num_queries
):
    def make(n):
        for _ in range(n):
            ds = DysfunctionFactory.create_batch(
                2, territory=territory, commune=commune, state=S.ESCALATED
            )
            ProposalFactory(territory=territory, tactical_table=tactical_table, dysfunctions=ds)

    client.force_login(pilot)
    make(2)
    first = ProposalFactory(territory=territory, tactical_table=tactical_table)
    with django_assert_max_num_queries(16):
        assert client.get("/propositions/").status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(first.get_absolute_url()).status_code == 200
    make(15)
    first.dysfunctions.set(
        DysfunctionFactory.create_batch(10, territory=territory, commune=commune, state=S.QUALIFIED)
    )
    with django_assert_max_num_queries(16):
        assert client.get("/propositions/").status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(first.get_absolute_url()).status_code == 200
