"""The personal-data guard reads every free text stored about a situation or shown to a table:
the pilot's reasons, proposals, executives' positions, decisions and their status comments,
agenda items, correction suggestions. Each refusal names the text and writes nothing."""

import pytest
from django.core.exceptions import ValidationError

from directory.models import CorrectionSuggestion
from directory.services import service_suggest_correction
from meetings import services as meetings_services
from meetings.models import AgendaItem, Decision, DecisionUpdate
from register import services
from register.models import (
    Dysfunction,
    DysfunctionEvent,
    DysfunctionState,
    ExecutivePosition,
    Proposal,
)
from tests.register.factories import DysfunctionFactory

NAMED = "Jeanne Martin, 84 ans, vit au 12 rue des Lilas"


def refused(call, field):
    with pytest.raises(ValidationError) as error:
        call()
    assert field in error.value.message_dict, error.value.message_dict
    assert any("Jeanne Martin" in m for m in error.value.message_dict[field])


def test_pilot_reasons_are_guarded(pilot, territory, commune, case_manager):
    submitted = DysfunctionFactory(
        territory=territory, commune=commune, filer=case_manager, state=DysfunctionState.SUBMITTED
    )
    before = DysfunctionEvent.objects.count()
    refused(
        lambda: services.dysfunction_reject(dysfunction=submitted, actor=pilot, reason=NAMED),
        "reason",
    )
    refused(
        lambda: services.dysfunction_request_information(
            dysfunction=submitted, actor=pilot, reason=NAMED
        ),
        "reason",
    )
    assert DysfunctionEvent.objects.count() == before
    assert Dysfunction.objects.get(pk=submitted.pk).state == DysfunctionState.SUBMITTED


def test_proposal_texts_and_positions_are_guarded(
    pilot,
    tactical_table,
    territory,
    commune,
    case_manager,
    executive,
    held_tactical_meeting,
    strategic_meeting,
):
    qualified = DysfunctionFactory(
        territory=territory, commune=commune, filer=case_manager, state=DysfunctionState.QUALIFIED
    )
    count = Proposal.objects.count()
    for field in ("title", "rationale", "request", "resources"):
        texts = {"title": "T", "rationale": "R", "request": "Q", "resources": "", field: NAMED}
        refused(
            lambda texts=texts: services.proposal_create(
                actor=pilot, tactical_table=tactical_table, dysfunctions=[qualified], **texts
            ),
            field,
        )
    assert Proposal.objects.count() == count
    proposal = services.proposal_create(
        actor=pilot,
        tactical_table=tactical_table,
        dysfunctions=[qualified],
        title="Convention de sortie",
        rationale="Des sorties sans relais.",
        request="Approuver la convention.",
    )
    services.proposal_adopt(proposal=proposal, actor=pilot, meeting=held_tactical_meeting)
    services.proposal_submit(
        proposal=proposal, actor=pilot, strategic_table=strategic_meeting.table
    )
    services.proposal_schedule(proposal=proposal, actor=pilot, meeting=strategic_meeting)
    refused(
        lambda: services.proposal_record_position(
            proposal=proposal, actor=executive, position="support", comment=NAMED
        ),
        "comment",
    )
    assert not ExecutivePosition.objects.exists()


def test_decisions_status_comments_and_agenda_items_are_guarded(
    pilot, held_tactical_meeting, tactical_meeting
):
    refused(
        lambda: meetings_services.decision_record(
            meeting=held_tactical_meeting, actor=pilot, text=NAMED, owner=pilot, due_date=None
        ),
        "text",
    )
    assert not Decision.objects.exists()
    decision = meetings_services.decision_record(
        meeting=held_tactical_meeting,
        actor=pilot,
        text="Convention de sortie",
        owner=pilot,
        due_date=None,
    )
    updates = DecisionUpdate.objects.count()
    refused(
        lambda: meetings_services.decision_update_status(
            decision=decision, actor=pilot, status="in_progress", comment=NAMED
        ),
        "comment",
    )
    assert DecisionUpdate.objects.count() == updates
    items = AgendaItem.objects.count()
    for field in ("title", "description"):
        texts = {"title": "Point", field: NAMED}
        refused(
            lambda texts=texts: meetings_services.agenda_item_add(
                meeting=tactical_meeting, actor=pilot, **texts
            ),
            field,
        )
    assert AgendaItem.objects.count() == items


def test_correction_suggestions_are_guarded(tactical_member, service):
    refused(
        lambda: service_suggest_correction(actor=tactical_member, service=service, text=NAMED),
        "text",
    )
    assert not CorrectionSuggestion.objects.exists()


def test_minutes_that_may_name_a_patient_need_the_pilots_confirmation(
    client, pilot, held_tactical_meeting
):
    from tests.meetings.factories import AgendaItemFactory

    meeting = held_tactical_meeting
    item = AgendaItemFactory(meeting=meeting, number=1)
    url = f"/reunions/{meeting.pk}/compte-rendu/rediger/"
    client.force_login(pilot)
    page = client.get(url).content.decode()
    assert 'name="confirm_no_patient"' not in page
    data = {"summary": "Tour de table.", f"text_{item.pk}": "Mme Leroy (SSIAD) présente."}
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mme Leroy" in page and 'name="confirm_no_patient"' in page
    assert not meeting.minutes_versions.exists()
    response = client.post(url, {**data, "confirm_no_patient": "on"})
    assert response.status_code == 302
    assert meeting.minutes_versions.get().items[0]["text"] == "Mme Leroy (SSIAD) présente."
