from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from meetings import services
from meetings.models import Decision, DecisionStatus, MeetingStatus
from tests.factories import TableFactory, UserFactory
from tests.meetings.factories import AgendaItemFactory, DecisionFactory, MeetingFactory, at
from tests.queries import EVERY_VERSION, assert_same_count, page_queries


@pytest.fixture
def held(tactical_table):
    return MeetingFactory(table=tactical_table, starts_at=at(-5), status=MeetingStatus.HELD)


def test_pilot_records_a_decision_and_the_owner_is_told(
    pilot, held, tactical_member, django_capture_on_commit_callbacks
):
    item = AgendaItemFactory(meeting=held, number=2)
    due = timezone.localdate() + timedelta(days=60)
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decision_record(
            meeting=held,
            actor=pilot,
            text="Rédiger la fiche de liaison.",
            owner=tactical_member,
            due_date=due,
            item=item,
        )
    assert decision.status == DecisionStatus.OPEN
    assert decision.updates.count() == 1
    assert [m.to for m in mail.outbox] == [[tactical_member.email]]
    assert "Rédiger la fiche de liaison." in mail.outbox[0].body


def test_decision_service_is_usable_without_an_item(pilot, held, executive):
    decision = services.decision_record(
        meeting=held, actor=pilot, text="Financer un poste.", owner=executive, due_date=None
    )
    assert decision.item is None


def test_decision_needs_a_held_meeting_and_text(pilot, meeting, held, tactical_member):
    with pytest.raises(ValidationError):
        services.decision_record(
            meeting=meeting, actor=pilot, text="Trop tôt", owner=tactical_member, due_date=None
        )
    with pytest.raises(ValidationError):
        services.decision_record(
            meeting=held, actor=pilot, text="   ", owner=tactical_member, due_date=None
        )
    other_item = AgendaItemFactory(number=2)
    with pytest.raises(ValidationError):
        services.decision_record(
            meeting=held,
            actor=pilot,
            text="X",
            owner=tactical_member,
            due_date=None,
            item=other_item,
        )
    assert not Decision.objects.exists()


def test_member_cannot_record_a_decision(tactical_member, held):
    with pytest.raises(PermissionDenied):
        services.decision_record(
            meeting=held, actor=tactical_member, text="X", owner=tactical_member, due_date=None
        )


def test_owner_updates_status_with_a_comment_and_history_is_kept(client, tactical_member, held):
    decision = DecisionFactory(meeting=held, owner=tactical_member)
    client.force_login(tactical_member)
    response = client.post(
        decision.get_absolute_url(),
        {"status": "in_progress", "comment": "Premier contact pris avec l'hôpital."},
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.IN_PROGRESS
    update = decision.updates.get()
    assert (update.from_state, update.to_state, update.actor) == (
        "open",
        "in_progress",
        tactical_member,
    )
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "Premier contact pris" in page


def test_someone_else_cannot_update_the_status(client, tactical_member, held, second_member):
    decision = DecisionFactory(meeting=held, owner=tactical_member)
    client.force_login(second_member)
    assert client.get(decision.get_absolute_url()).status_code == 200
    assert client.post(decision.get_absolute_url(), {"status": "done"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.decision_update_status(decision=decision, actor=second_member, status="done")
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.OPEN


def test_forbidden_transition_is_refused(pilot, held):
    decision = DecisionFactory(meeting=held, status=DecisionStatus.DONE)
    with pytest.raises(ValidationError):
        services.decision_update_status(decision=decision, actor=pilot, status="dropped")
    with pytest.raises(ValidationError):
        services.decision_update_status(decision=decision, actor=pilot, status="nonsense")


def test_decision_outside_ones_tables_is_a_404(client, partner, held):
    decision = DecisionFactory(meeting=held)
    client.force_login(partner)
    assert client.get(decision.get_absolute_url()).status_code == 404


def test_register_filters_and_overdue_stand_out(
    client, pilot, tactical_table, strategic_table, tactical_member
):
    yesterday = timezone.localdate() - timedelta(days=1)
    late = DecisionFactory(
        meeting__table=tactical_table,
        text="Décision en retard",
        due_date=yesterday,
        owner=tactical_member,
    )
    DecisionFactory(
        meeting__table=tactical_table, text="Décision réalisée", due_date=yesterday, status="done"
    )
    DecisionFactory(meeting__table=strategic_table, text="Décision stratégique")
    client.force_login(pilot)
    page = client.get("/decisions/").content.decode()
    assert "Décision en retard" in page and "Décision stratégique" in page
    assert "overdue-row" in page
    page = client.get("/decisions/?overdue=true").content.decode()
    assert "Décision en retard" in page
    assert "Décision réalisée" not in page and "Décision stratégique" not in page
    page = client.get(f"/decisions/?table={strategic_table.pk}").content.decode()
    assert "Décision stratégique" in page and "Décision en retard" not in page
    page = client.get("/decisions/?status=done").content.decode()
    assert "Décision réalisée" in page and "Décision en retard" not in page
    page = client.get(f"/decisions/?owner={late.owner.pk}").content.decode()
    assert "Décision en retard" in page and "Décision réalisée" not in page


def test_register_shows_members_only_the_decisions_of_their_tables(
    client, tactical_member, tactical_table, territory
):
    DecisionFactory(meeting__table=tactical_table, text="Décision de ma table")
    DecisionFactory(
        meeting__table=TableFactory(territory=territory), text="Décision d'une autre table"
    )
    client.force_login(tactical_member)
    page = client.get("/decisions/").content.decode()
    assert "Décision de ma table" in page
    assert "autre table" not in page


def test_register_is_refused_to_people_without_a_role(client, outsider):
    client.force_login(outsider)
    assert client.get("/decisions/").status_code == 403


def test_invalid_filter_values_do_not_break_the_register(client, pilot):
    client.force_login(pilot)
    assert client.get("/decisions/?table=abc&owner=999999&status=zzz").status_code == 200


def test_register_query_count_does_not_grow(client, pilot, tactical_table):
    client.force_login(pilot)
    counts, computed = [], []
    for size in (3, 9):
        for _ in range(size):
            DecisionFactory(meeting__table=tactical_table, owner=UserFactory())
        counts.append(page_queries(client, "/decisions/"))
        computed.append(page_queries(client, "/decisions/", renew=EVERY_VERSION))
    assert_same_count(*counts)
    assert_same_count(*computed)


def test_the_owner_filter_is_searched_among_the_owners_of_decisions_one_sees(
    client, tactical_member, tactical_table, territory
):
    for i in range(12):
        DecisionFactory(
            meeting__table=tactical_table,
            # Addresses without digits: "07" must match one name, not a generated address.
            owner=UserFactory(
                first_name="Prénom",
                last_name=f"Responsable {i:02d}",
                email=f"responsable.{chr(97 + i)}@exemple.fr",
            ),
        )
    hidden = UserFactory(first_name="Prénom", last_name="Responsable caché")
    DecisionFactory(meeting__table=TableFactory(territory=territory), owner=hidden)
    client.force_login(tactical_member)
    page = client.get("/decisions/").content.decode()
    # No list of every owner: a searched choice.
    owner_field = page.split('name="owner"', 1)[1].split("</div>", 1)[0]
    assert "<option" not in owner_field and "Responsable" not in owner_field
    assert 'data-source="/recherche/meetings.decision_owners/' in page
    url = "/recherche/meetings.decision_owners/?format=json&q=responsable 07"
    found = client.get(url).json()["results"]
    assert [r["label"] for r in found] == ["Prénom Responsable 07"]
    everyone = client.get("/recherche/meetings.decision_owners/?format=json&q=prénom").json()
    assert hidden.pk not in [r["value"] for r in everyone["results"]]
    owner = Decision.objects.get(owner__last_name="Responsable 07").owner
    filtered = client.get(f"/decisions/?owner={owner.pk}").content.decode()
    assert filtered.count("<tr") == 2  # the heading and the one decision
    assert "Prénom Responsable 07" in filtered  # the chosen owner is shown in the filter


def test_follow_up_item_of_next_meeting_shows_updated_status(
    client, pilot, tactical_table, tactical_member, meeting
):
    decision = DecisionFactory(
        meeting__table=tactical_table, owner=tactical_member, text="Relancer le bailleur"
    )
    services.decision_update_status(
        decision=decision, actor=tactical_member, status="in_progress", comment="Courrier envoyé"
    )
    client.force_login(pilot)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Relancer le bailleur" in page
    assert "En cours" in page


def test_decision_form_keeps_input_on_error(client, pilot, held):
    client.force_login(pilot)
    response = client.post(
        f"/reunions/{held.pk}/decisions/ajouter/", {"text": "Créer un groupe de travail"}
    )
    assert response.status_code == 200
    assert "Créer un groupe de travail" in response.content.decode()
    assert not Decision.objects.exists()
