"""The dysfunction's road through the service layer: each action, each refusal, the history
and the notifications."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from register import services
from register.models import (
    Dysfunction,
    DysfunctionEvent,
    DysfunctionState,
    FeedbackRequest,
    HistoryIsAppendOnly,
    Notification,
    ProposalState,
)
from tests.register.conftest import hold
from tests.register.factories import DysfunctionFactory, category

S = DysfunctionState


@pytest.fixture
def submitted(case_manager, filing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.dysfunction_create(filer=case_manager, submit=True, **filing)


def states(dysfunction):
    return [(e.from_state, e.to_state) for e in dysfunction.events.order_by("at", "pk")]


def test_case_manager_saves_a_draft_then_submits_it(
    case_manager, pilot, filing, service, django_capture_on_commit_callbacks
):
    draft = services.dysfunction_create(filer=case_manager, services=[service], **filing)
    assert draft.state == S.DRAFT
    assert draft.territory == filing["commune"].territory
    assert list(draft.services.all()) == [service]
    with django_capture_on_commit_callbacks(execute=True):
        services.dysfunction_submit(dysfunction=draft, actor=case_manager)
    draft.refresh_from_db()
    assert draft.state == S.SUBMITTED
    assert draft.submitted_at is not None
    assert states(draft) == [("", S.DRAFT), (S.DRAFT, S.SUBMITTED)]
    assert [m.to for m in mail.outbox] == [[pilot.email]]


def test_filing_refuses_personal_data_and_stores_nothing(case_manager, filing):
    filing["description"] = "Mme Dupont, joignable au 06 12 34 56 78, attend."
    with pytest.raises(ValidationError) as error:
        services.dysfunction_create(filer=case_manager, **filing)
    assert len(error.value.error_dict["description"]) == 2
    assert not Dysfunction.objects.exists()


def test_someone_without_a_role_cannot_file(outsider, filing):
    with pytest.raises(PermissionDenied):
        services.dysfunction_create(filer=outsider, **filing)


def test_filer_cannot_file_in_another_territory(case_manager, filing, other_commune):
    filing["commune"] = other_commune
    with pytest.raises(ValidationError) as error:
        services.dysfunction_create(filer=case_manager, **filing)
    assert "commune" in error.value.error_dict


def test_pilot_qualifies_and_the_filer_is_told(
    submitted, pilot, case_manager, service, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.dysfunction_qualify(
            dysfunction=submitted,
            actor=pilot,
            category=category("coordination"),
            commune=submitted.commune,
            services=[service],
            reason="Confirmé par deux autres signalements.",
        )
    submitted.refresh_from_db()
    assert submitted.state == S.QUALIFIED
    assert submitted.category.value == "coordination"
    event = submitted.events.last()
    assert (event.actor, event.from_state, event.to_state) == (pilot, S.SUBMITTED, S.QUALIFIED)
    assert event.reason == "Confirmé par deux autres signalements."
    assert Notification.objects.get(recipient=case_manager).event == event
    assert [m.to for m in mail.outbox] == [[case_manager.email]]
    assert "Confirmé par deux autres signalements." in mail.outbox[0].body


def test_only_the_pilot_of_the_territory_triages(submitted, tactical_member, case_manager):
    for person in (tactical_member, case_manager):
        with pytest.raises(PermissionDenied):
            services.dysfunction_reject(dysfunction=submitted, actor=person, reason="Non")
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED


def test_pilot_of_another_territory_cannot_triage(submitted, other_territory):
    from tests.factories import TerritoryPilotFactory

    stranger = TerritoryPilotFactory(territory=other_territory).user
    with pytest.raises(PermissionDenied):
        services.dysfunction_reject(dysfunction=submitted, actor=stranger, reason="Non")


def test_rejecting_needs_a_reason(submitted, pilot):
    with pytest.raises(ValidationError) as error:
        services.dysfunction_reject(dysfunction=submitted, actor=pilot, reason="  ")
    assert "reason" in error.value.error_dict
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED


def test_illegal_transitions_are_refused_without_change(case_manager, pilot, filing):
    draft = services.dysfunction_create(filer=case_manager, **filing)
    with pytest.raises(ValidationError, match="ne peut pas devenir"):
        services.dysfunction_close(dysfunction=draft, actor=pilot, reason="Clos")
    with pytest.raises(ValidationError, match="ne peut pas devenir"):
        services.dysfunction_start_implementation(dysfunction=draft, actor=pilot)
    draft.refresh_from_db()
    assert draft.state == S.DRAFT
    assert draft.events.count() == 1


def test_pilot_asks_for_information_and_the_filer_completes_and_resubmits(
    submitted, pilot, case_manager
):
    services.dysfunction_request_information(
        dysfunction=submitted, actor=pilot, reason="Combien de situations cette année ?"
    )
    submitted.refresh_from_db()
    assert submitted.state == S.INFORMATION_REQUESTED
    services.dysfunction_update(dysfunction=submitted, actor=case_manager, situation_count=7)
    services.dysfunction_submit(dysfunction=submitted, actor=case_manager)
    submitted.refresh_from_db()
    assert (submitted.state, submitted.situation_count) == (S.SUBMITTED, 7)


def test_filer_cannot_edit_once_submitted(submitted, case_manager):
    with pytest.raises(PermissionDenied):
        services.dysfunction_update(dysfunction=submitted, actor=case_manager, title="Autre")


def test_merge_keeps_both_filers_and_tells_them(
    submitted, pilot, case_manager, territory, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    other_filer = UserFactory(email="autre.gestionnaire@exemple.fr")
    duplicate = DysfunctionFactory(
        territory=territory, commune=submitted.commune, filer=other_filer, situation_count=2
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        kept = services.dysfunction_merge(dysfunction=duplicate, into=submitted, actor=pilot)
    duplicate.refresh_from_db()
    assert duplicate.state == S.MERGED
    assert duplicate.merged_into == kept == submitted
    kept.refresh_from_db()
    assert kept.situation_count == 5
    assert sorted(m.to[0] for m in mail.outbox) == sorted([case_manager.email, other_filer.email])
    # From now on, both filers hear about the dysfunction that remains.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.dysfunction_qualify(
            dysfunction=kept, actor=pilot, category=kept.category, commune=kept.commune
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([case_manager.email, other_filer.email])
    assert all(len(m.to) == 1 for m in mail.outbox)


def test_merge_refuses_a_closed_or_same_target(submitted, pilot, territory):
    closed = DysfunctionFactory(territory=territory, commune=submitted.commune, state=S.REJECTED)
    with pytest.raises(ValidationError):
        services.dysfunction_merge(dysfunction=submitted, into=closed, actor=pilot)
    with pytest.raises(ValidationError):
        services.dysfunction_merge(dysfunction=submitted, into=submitted, actor=pilot)
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED


def test_history_is_append_only(submitted):
    event = submitted.events.first()
    event.reason = "réécrit"
    with pytest.raises(HistoryIsAppendOnly):
        event.save()
    with pytest.raises(HistoryIsAppendOnly):
        event.delete()
    with pytest.raises(HistoryIsAppendOnly):
        DysfunctionEvent.objects.filter(pk=event.pk).update(reason="réécrit")
    with pytest.raises(HistoryIsAppendOnly):
        DysfunctionEvent.objects.all().delete()
    event.refresh_from_db()
    assert event.reason == ""


def test_whole_road_from_filing_to_feedback(
    case_manager,
    pilot,
    executive,
    filing,
    tactical_table,
    tactical_meeting,
    held_tactical_meeting,
    strategic_meeting,
    settings,
    django_capture_on_commit_callbacks,
):
    from meetings.models import AgendaItem, Decision

    settings.TABLEE_FEEDBACK_DELAY_DAYS = 42
    with django_capture_on_commit_callbacks(execute=True):
        d = services.dysfunction_create(filer=case_manager, submit=True, **filing)
        services.dysfunction_qualify(
            dysfunction=d, actor=pilot, category=d.category, commune=d.commune
        )
        services.dysfunction_schedule(dysfunction=d, actor=pilot, meeting=tactical_meeting)
        item = AgendaItem.objects.get(meeting=tactical_meeting)
        assert item.subject == Dysfunction.objects.get(pk=d.pk)
        assert case_manager.get_full_name() not in item.title + item.description
        hold(tactical_meeting)
        proposal = services.proposal_create(
            actor=pilot,
            tactical_table=tactical_table,
            title="Convention de sortie du vendredi",
            rationale="Trois situations **en un mois**.",
            request="Approuver une convention CHU – SSIAD.",
            dysfunctions=[d],
        )
        services.proposal_adopt(proposal=proposal, actor=pilot, meeting=tactical_meeting)
        d.refresh_from_db()
        assert d.state == S.ESCALATED
        services.proposal_submit(
            proposal=proposal, actor=pilot, strategic_table=strategic_meeting.table
        )
        services.proposal_schedule(proposal=proposal, actor=pilot, meeting=strategic_meeting)
        strategic_item = AgendaItem.objects.get(meeting=strategic_meeting)
        assert strategic_item.subject.pk == proposal.pk
        assert strategic_item.kind == AgendaItem.Kind.DECISION
        services.proposal_record_position(
            proposal=proposal, actor=executive, position="support", comment="D'accord."
        )
        hold(strategic_meeting)
        services.proposal_decide(
            proposal=proposal,
            actor=pilot,
            decision=ProposalState.APPROVED,
            reason="Financement sur le fonds d'intervention régional.",
        )
        d.refresh_from_db()
        assert d.state == S.DECIDED and d.decided_at
        decision = Decision.objects.get(meeting=strategic_meeting)
        assert decision.item == strategic_item
        assert d.decision == decision
        services.proposal_mark_implemented(proposal=proposal, actor=pilot, reason="Signée.")
        d.refresh_from_db()
        assert d.state == S.IMPLEMENTING
        services.dysfunction_close(dysfunction=d, actor=pilot, reason="Convention appliquée.")
    d.refresh_from_db()
    assert d.state == S.CLOSED and d.closed_at
    assert [to for _from, to in states(d)] == [
        S.DRAFT, S.SUBMITTED, S.QUALIFIED, S.SCHEDULED, S.ESCALATED, S.DECIDED, S.IMPLEMENTING,
        S.CLOSED,
    ]  # fmt: skip
    told = [m for m in mail.outbox if m.to == [case_manager.email]]
    assert len(told) == 6  # qualified, scheduled, escalated, decided, implementing, closed

    # Not yet due: nothing is asked.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("register_request_feedback")
    assert mail.outbox == []
    Dysfunction.objects.filter(pk=d.pk).update(
        closed_at=timezone.now() - timezone.timedelta(days=43)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("register_request_feedback")
        call_command("register_request_feedback")  # cron runs again: nothing twice
    assert [m.to for m in mail.outbox] == [[case_manager.email]]
    request = FeedbackRequest.objects.get()
    links = [line for line in mail.outbox[0].body.splitlines() if "/registre/retour/" in line]
    assert len(links) == 4
    no_link = links[2].split("http://127.0.0.1:8000")[1]
    from django.test import Client

    filer_browser = Client()
    response = filer_browser.get(no_link)
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.answer == ""  # opening the link asks to confirm; it records nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = filer_browser.post(no_link, {"answer": "no"})
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.answer == "no"
    assert [pilot.email] in [m.to for m in mail.outbox]

    recurrence = services.dysfunction_reopen(
        dysfunction=d, actor=pilot, reason="Le problème revient le week-end."
    )
    assert recurrence.reopened_from == d
    assert recurrence.state == S.SUBMITTED
    assert recurrence.filer == case_manager


def test_forged_feedback_link_is_a_404(client, db):
    assert client.get("/registre/retour/pas-une-signature/").status_code == 404


def test_dysfunction_solved_at_the_tactical_level_goes_to_the_decision_register(
    pilot, territory, commune, tactical_meeting, case_manager
):
    from meetings.models import Decision

    d = DysfunctionFactory(territory=territory, commune=commune, state=S.QUALIFIED)
    services.dysfunction_schedule(dysfunction=d, actor=pilot, meeting=tactical_meeting)
    with pytest.raises(ValidationError):  # the meeting has not been held yet
        services.dysfunction_solve_at_tactical_level(
            dysfunction=d, actor=pilot, reason="Le CCAS étend sa tournée."
        )
    hold(tactical_meeting)
    services.dysfunction_solve_at_tactical_level(
        dysfunction=d, actor=pilot, reason="Le CCAS étend sa tournée."
    )
    d.refresh_from_db()
    decision = Decision.objects.get()
    assert (d.state, d.decision, decision.meeting) == (S.DECIDED, decision, tactical_meeting)
    assert decision.item.subject.pk == d.pk


def test_scheduling_refuses_the_wrong_meeting_and_adds_no_item(
    pilot, territory, commune, strategic_meeting, held_tactical_meeting, other_territory
):
    from meetings.models import AgendaItem
    from tests.factories import TableFactory
    from tests.meetings.factories import MeetingFactory

    elsewhere = MeetingFactory(table=TableFactory(territory=other_territory))
    d = DysfunctionFactory(territory=territory, commune=commune, state=S.QUALIFIED)
    for meeting in (strategic_meeting, held_tactical_meeting, elsewhere):
        with pytest.raises(ValidationError):
            services.dysfunction_schedule(dysfunction=d, actor=pilot, meeting=meeting)
    d.refresh_from_db()
    assert d.state == S.QUALIFIED
    assert not AgendaItem.objects.exists()


def test_scheduling_a_submitted_dysfunction_is_refused(pilot, territory, commune, tactical_meeting):
    from meetings.models import AgendaItem

    d = DysfunctionFactory(territory=territory, commune=commune, state=S.SUBMITTED)
    with pytest.raises(ValidationError, match="ne peut pas devenir"):
        services.dysfunction_schedule(dysfunction=d, actor=pilot, meeting=tactical_meeting)
    assert not AgendaItem.objects.exists()
