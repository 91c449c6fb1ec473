"""The read-only parts of a meeting's page (its agenda, what was taken in it, its decisions, its
attendances) are kept between visits (meetings/views/meeting_parts.py) and are always those of
now: every change of what they show is seen at the next visit, one person never receives
another's, and the page kept is the page computed."""

import re

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from wagtail.documents import get_document_model

from meetings import extensions, selectors, services
from tests.factories import TerritoryPilotFactory, enable_mfa
from tests.meetings.factories import AgendaItemFactory, DecisionFactory
from tests.register.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def _page(client, meeting) -> str:
    response = client.get(f"/reunions/{meeting.pk}/")
    assert response.status_code == 200
    return re.sub(
        r'name="(csrfmiddlewaretoken|submission)" value="[^"]+"',
        r'name="\1" value="X"',
        response.content.decode(),
    )


def test_an_added_then_edited_item_shows_at_the_next_visit(client, pilot, meeting):
    client.force_login(pilot)
    assert "Parcours des aidants" not in _page(client, meeting)
    item = services.agenda_item_add(meeting=meeting, actor=pilot, title="Parcours des aidants")
    assert "Parcours des aidants" in _page(client, meeting)
    assert "Parcours des aidants" in _page(client, meeting)  # kept
    services.agenda_item_update(
        item=item,
        actor=pilot,
        number=None,
        title="Répit des aidants",
        kind=item.kind,
        duration_minutes=item.duration_minutes,
        presenter=None,
        description="",
        decision=None,
        documents=[],
    )
    page = _page(client, meeting)
    assert "Répit des aidants" in page and "Parcours des aidants" not in page


def test_an_earlier_decision_changed_shows_under_the_follow_up_item(
    client, pilot, meeting, tactical_table
):
    earlier = DecisionFactory(meeting__table=tactical_table, text="Rédiger une fiche de liaison")
    client.force_login(pilot)
    assert earlier.text in _page(client, meeting)
    earlier.text = "Écrire la convention de sortie avec le CHU"
    earlier.save()
    assert "Écrire la convention de sortie avec le CHU" in _page(client, meeting)


def test_a_renamed_presenter_shows_at_the_next_visit(client, pilot, meeting, tactical_member):
    AgendaItemFactory(meeting=meeting, number=2, presenter=tactical_member)
    client.force_login(pilot)
    assert tactical_member.get_full_name() in _page(client, meeting)
    tactical_member.first_name, tactical_member.last_name = "Léa", "Rivière"
    tactical_member.save()
    assert "Léa Rivière" in _page(client, meeting)


def test_a_renamed_document_shows_at_the_next_visit(client, pilot, meeting, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = get_document_model().objects.create(
        title="Projet de convention", file=ContentFile(b"Projet", name="convention.txt")
    )
    AgendaItemFactory(meeting=meeting, number=2).documents.add(document)
    client.force_login(pilot)
    assert "Projet de convention" in _page(client, meeting)
    document.title = "Convention signée"
    document.save()
    page = _page(client, meeting)
    assert "Convention signée" in page and "Projet de convention" not in page


def test_a_proposal_on_the_agenda_shows_as_it_now_stands(
    client, pilot, meeting, territory, tactical_table
):
    proposal = ProposalFactory(
        territory=territory, tactical_table=tactical_table, title="Convention SSIAD"
    )
    AgendaItemFactory(meeting=meeting, number=2, subject=proposal)
    client.force_login(pilot)
    assert "Convention SSIAD" in _page(client, meeting)
    proposal.title = "Convention HAD"
    proposal.save()
    page = _page(client, meeting)
    assert "Convention HAD" in page and "Convention SSIAD" not in page


def test_a_decision_recorded_shows_at_the_next_visit(client, pilot, held):
    client.force_login(pilot)
    assert "Confier au CHU la fiche de liaison" not in _page(client, held)
    DecisionFactory(meeting=held, text="Confier au CHU la fiche de liaison")
    assert "Confier au CHU la fiche de liaison" in _page(client, held)


def test_an_answer_to_the_convocation_shows_in_the_forecast(
    client, pilot, meeting, tactical_member
):
    services.meeting_convene(actor=pilot, meeting=meeting)
    client.force_login(pilot)
    assert "Réponses : 0 sur 1 titulaires" in _page(client, meeting)
    attendance = meeting.attendances.get(seat__user=tactical_member)
    services.attendance_answer(actor=tactical_member, attendance=attendance, answer="coming")
    assert "Réponses : 1 sur 1 titulaires" in _page(client, meeting)


def test_one_person_never_receives_anothers_agenda(client, pilot, meeting, tactical_member):
    AgendaItemFactory(meeting=meeting, number=2)
    client.force_login(pilot)
    assert "agenda-actions" in _page(client, meeting)
    client.force_login(tactical_member)
    assert "agenda-actions" not in _page(client, meeting)
    # Made a pilot of the territory, the member may now change the agenda.
    TerritoryPilotFactory(territory=meeting.table.territory, user=tactical_member)
    enable_mfa(tactical_member)
    assert "agenda-actions" in _page(client, meeting)


def test_the_kept_page_is_the_page_computed(client, pilot, meeting, tactical_table):
    DecisionFactory(meeting__table=tactical_table, text="Relancer les bailleurs")
    for number in (2, 3, 4):
        AgendaItemFactory(meeting=meeting, number=number)
    client.force_login(pilot)
    computed = _page(client, meeting)
    assert _page(client, meeting) == computed
    cache.clear()
    assert _page(client, meeting) == computed
    # The items' actions drawn at each visit are the agenda template's.
    items = selectors.agenda_items(meeting)
    agenda = render_to_string(
        "meetings/includes/agenda.html",
        {
            "meeting": meeting,
            "schedule": selectors.agenda_schedule(meeting, items),
            "follow_up": selectors.follow_up_decisions(meeting),
            "follow_up_more": extensions.follow_up_sections(meeting),
            "may_manage": True,
            "editable": True,
            "csrf_token": "X",
        },
    )
    assert agenda.count("agenda-actions") == 4
    assert agenda in computed


def _minutes(client, meeting) -> str:
    response = client.get(f"/reunions/{meeting.pk}/compte-rendu/")
    assert response.status_code == 200
    return re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]+"',
        'name="csrfmiddlewaretoken" value="X"',
        response.content.decode(),
    )


def test_the_minutes_follow_a_new_version_a_decision_and_the_attendance(
    client, pilot, held, tactical_member
):
    services.minutes_save(actor=pilot, meeting=held, summary="Premier jet", texts={})
    client.force_login(pilot)
    assert "Premier jet" in _minutes(client, held)
    services.minutes_save(
        actor=pilot, meeting=held, summary="Les sorties du vendredi sont anticipées", texts={}
    )
    page = _minutes(client, held)
    assert "Les sorties du vendredi sont anticipées" in page
    assert _minutes(client, held) == page  # kept
    DecisionFactory(meeting=held, text="Confier au CHU la fiche de liaison")
    assert "Confier au CHU la fiche de liaison" in _minutes(client, held)
    tactical_member.first_name, tactical_member.last_name = "Léa", "Rivière"
    tactical_member.save()
    assert "Léa Rivière" in _minutes(client, held)


def test_the_kept_minutes_are_the_minutes_computed(client, pilot, held):
    DecisionFactory(meeting=held, text="Relancer les bailleurs")
    services.minutes_save(actor=pilot, meeting=held, summary="Résumé", texts={})
    client.force_login(pilot)
    computed = _minutes(client, held)
    assert _minutes(client, held) == computed
    cache.clear()
    assert _minutes(client, held) == computed
