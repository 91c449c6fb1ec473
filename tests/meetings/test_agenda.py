from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from meetings import services
from meetings.models import AgendaItem, Decision, MeetingStatus
from meetings.selectors import agenda_items, agenda_schedule
from tests.meetings.factories import AgendaItemFactory, DecisionFactory, at


def numbers_and_titles(meeting):
    return [(i.number, i.title) for i in meeting.items.order_by("number")]


def test_planning_a_meeting_generates_the_follow_up_item_first(meeting):
    items = list(meeting.items.all())
    assert len(items) == 1
    assert items[0].number == 1
    assert items[0].is_follow_up
    assert meeting.history.count() == 1


def test_meeting_that_ends_before_it_starts_is_refused_and_nothing_is_saved(pilot, tactical_table):
    with pytest.raises(ValidationError):
        services.meeting_plan(
            actor=pilot, table=tactical_table, starts_at=at(5, 16), ends_at=at(5, 14), place="Tours"
        )
    assert not tactical_table.meetings.exists()


def test_database_refuses_a_meeting_ending_before_start(meeting):
    meeting.ends_at = meeting.starts_at - timedelta(hours=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        meeting.save()


def test_member_cannot_plan_a_meeting(tactical_member, tactical_table):
    with pytest.raises(PermissionDenied):
        services.meeting_plan(
            actor=tactical_member,
            table=tactical_table,
            starts_at=at(5, 14),
            ends_at=at(5, 16),
            place="Tours",
        )


def test_items_are_numbered_in_order_and_start_times_follow_durations(pilot, meeting):
    services.agenda_item_add(
        meeting=meeting,
        actor=pilot,
        title="Sorties d'hôpital",
        kind="decision",
        duration_minutes=30,
    )
    services.agenda_item_add(
        meeting=meeting, actor=pilot, title="Annuaire", kind="information", duration_minutes=10
    )
    items = agenda_items(meeting)
    assert [i.number for i in items] == [1, 2, 3]
    schedule = agenda_schedule(meeting, items)
    assert schedule[0].starts_at == meeting.starts_at
    assert schedule[1].starts_at == meeting.starts_at + timedelta(minutes=15)
    assert schedule[2].starts_at == meeting.starts_at + timedelta(minutes=45)
    assert schedule[2].ends_at == meeting.starts_at + timedelta(minutes=55)


def test_items_move_up_and_down_but_follow_up_stays_first(pilot, meeting):
    a = services.agenda_item_add(meeting=meeting, actor=pilot, title="A")
    b = services.agenda_item_add(meeting=meeting, actor=pilot, title="B")
    services.agenda_item_move(item=b, actor=pilot, direction="up")
    assert [t for _, t in numbers_and_titles(meeting)][1:] == ["B", "A"]
    services.agenda_item_move(item=a, actor=pilot, direction="up")
    assert [t for _, t in numbers_and_titles(meeting)][1:] == ["A", "B"]
    with pytest.raises(ValidationError):
        services.agenda_item_move(item=a, actor=pilot, direction="up")
    follow_up = meeting.items.get(is_follow_up=True)
    with pytest.raises(ValidationError):
        services.agenda_item_move(item=follow_up, actor=pilot, direction="down")
    assert numbers_and_titles(meeting)[0][0] == 1


def test_removing_an_item_renumbers_the_rest(pilot, meeting):
    a = services.agenda_item_add(meeting=meeting, actor=pilot, title="A")
    services.agenda_item_add(meeting=meeting, actor=pilot, title="B")
    services.agenda_item_delete(item=a, actor=pilot)
    assert [n for n, _ in numbers_and_titles(meeting)] == [1, 2]


def test_duplicate_agenda_number_is_refused_with_a_message(pilot, meeting):
    services.agenda_item_add(meeting=meeting, actor=pilot, title="A")
    b = services.agenda_item_add(meeting=meeting, actor=pilot, title="B")
    with pytest.raises(ValidationError) as error:
        services.agenda_item_update(item=b, actor=pilot, number=2, title="B")
    assert "number" in error.value.message_dict
    assert b.__class__.objects.get(pk=b.pk).number == 3


def test_database_refuses_duplicate_agenda_number(meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, number=1, title="Doublon")


def test_agenda_item_links_to_any_subject_and_to_an_earlier_decision(
    pilot, meeting, tactical_table
):
    earlier = DecisionFactory(meeting__table=tactical_table)
    item = services.agenda_item_add(
        meeting=meeting,
        actor=pilot,
        title="Suite",
        kind="decision",
        subject=tactical_table,
        decision=earlier,
    )
    item.refresh_from_db()
    assert item.subject == tactical_table
    assert item.subject_type == ContentType.objects.get_for_model(tactical_table)
    assert item.decision == earlier


def test_follow_up_item_lists_open_decisions_of_the_table(client, pilot, meeting, tactical_table):
    DecisionFactory(meeting__table=tactical_table, text="Relancer l'ARS sur le financement")
    DecisionFactory(
        meeting__table=tactical_table, text="Décision close", status=Decision.Status.DONE
    )
    client.force_login(pilot)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Relancer l&#x27;ARS sur le financement" in page
    assert "Décision close" not in page


def test_items_not_dealt_with_are_carried_over_to_the_next_meeting(
    pilot, tactical_table, tactical_member
):
    held = services.meeting_plan(
        actor=pilot, table=tactical_table, starts_at=at(-7), ends_at=at(-7, 16), place="Tours"
    )
    AgendaItemFactory(meeting=held, number=2, title="Traité", dealt_with=True)
    AgendaItemFactory(meeting=held, number=3, title="Pas traité")
    held.status = MeetingStatus.HELD
    held.save()
    nxt = services.meeting_plan(
        actor=pilot, table=tactical_table, starts_at=at(20), ends_at=at(20, 16), place="Tours"
    )
    created = services.agenda_carry_over(meeting=held, actor=pilot)
    assert [i.title for i in created] == ["Pas traité"]
    assert [t for _, t in numbers_and_titles(nxt)][1:] == ["Pas traité"]
    assert held.items.get(title="Pas traité").carried_over_to == created[0]
    with pytest.raises(ValidationError):
        services.agenda_carry_over(meeting=held, actor=pilot)


def test_carry_over_without_a_next_meeting_says_so(pilot, tactical_table, tactical_member):
    held = services.meeting_plan(
        actor=pilot, table=tactical_table, starts_at=at(-7), ends_at=at(-7, 16), place="Tours"
    )
    AgendaItemFactory(meeting=held, number=2)
    held.status = MeetingStatus.HELD
    held.save()
    with pytest.raises(ValidationError, match="prochaine réunion"):
        services.agenda_carry_over(meeting=held, actor=pilot)


def test_pilot_moves_an_item_through_the_page(client, pilot, meeting):
    services.agenda_item_add(meeting=meeting, actor=pilot, title="A")
    b = services.agenda_item_add(meeting=meeting, actor=pilot, title="B")
    client.force_login(pilot)
    response = client.post(
        f"/reunions/{meeting.pk}/ordre-du-jour/{b.pk}/deplacer/", {"direction": "up"}
    )
    assert response.status_code == 302
    assert [t for _, t in numbers_and_titles(meeting)][1:] == ["B", "A"]


def test_member_cannot_move_items(client, tactical_member, pilot, meeting):
    a = services.agenda_item_add(meeting=meeting, actor=pilot, title="A")
    client.force_login(tactical_member)
    client.post(f"/reunions/{meeting.pk}/ordre-du-jour/{a.pk}/deplacer/", {"direction": "up"})
    assert meeting.items.get(pk=a.pk).number == 2


def test_item_form_rejects_bad_input_and_keeps_what_was_typed(client, pilot, meeting):
    client.force_login(pilot)
    response = client.post(
        f"/reunions/{meeting.pk}/ordre-du-jour/ajouter/",
        {"title": "Parcours des personnes âgées", "kind": "decision", "duration_minutes": "0"},
    )
    assert response.status_code == 200
    assert "Parcours des personnes âgées" in response.content.decode()
    assert meeting.items.count() == 1


def test_pilot_adds_an_item_with_a_document(client, pilot, meeting):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(pilot)
    response = client.post(
        f"/reunions/{meeting.pk}/ordre-du-jour/ajouter/",
        {
            "title": "Convention SSIAD",
            "kind": "decision",
            "duration_minutes": "20",
            "upload": SimpleUploadedFile("convention.txt", b"Projet de convention"),
        },
    )
    assert response.status_code == 302
    item = meeting.items.get(title="Convention SSIAD")
    document = item.documents.get()
    assert (
        document.collection_id
        == meeting.table.__class__.objects.get(pk=meeting.table_id).collection_id
    )


def test_a_refused_item_leaves_no_orphan_document(client, pilot, meeting):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents import get_document_model

    # The meeting was held meanwhile: its agenda can no longer change.
    meeting.__class__.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    before = get_document_model().objects.count()
    client.force_login(pilot)
    response = client.post(
        f"/reunions/{meeting.pk}/ordre-du-jour/ajouter/",
        {
            "title": "Convention SSIAD",
            "kind": "decision",
            "duration_minutes": "20",
            "upload": SimpleUploadedFile("convention.txt", b"Projet de convention"),
        },
    )
    assert response.status_code == 200
    assert not meeting.items.filter(title="Convention SSIAD").exists()
    assert get_document_model().objects.count() == before


def test_table_documents_are_served_only_to_those_who_follow_the_table(
    client, pilot, meeting, tactical_member, partner, settings, tmp_path
):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    # Serving reads the file from disk: store it in a temporary folder for this test.
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    collection = services.table_collection_ensure(table=meeting.table)
    document = get_document_model().objects.create(
        title="Projet de convention",
        file=ContentFile(b"Projet", name="convention.txt"),
        collection=collection,
    )
    services.agenda_item_add(meeting=meeting, actor=pilot, title="Convention", documents=[document])
    client.force_login(tactical_member)
    assert client.get(document.url).status_code == 200
    client.force_login(partner)
    assert client.get(document.url).status_code == 404
    client.logout()
    assert client.get(document.url).status_code in (302, 404)
