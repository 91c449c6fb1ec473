"""From a meeting's page, the pilot links an agenda item to the dysfunction or proposal it is
about (a searched choice, a typed number without the script); a settled dysfunction or
proposal is neither offered nor carried over, and its items on agendas to come are flagged."""

import pytest

from meetings import services as meeting_services
from meetings.models import MeetingStatus
from register.models import DysfunctionState, ProposalState
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, at
from tests.register.factories import DysfunctionFactory, ProposalFactory

S, P = DysfunctionState, ProposalState
FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}


@pytest.fixture
def item(tactical_meeting):
    return AgendaItemFactory(meeting=tactical_meeting, number=2, title="Sorties du vendredi")


@pytest.fixture
def gaps(territory, commune):
    open_gap = DysfunctionFactory(
        territory=territory, commune=commune, state=S.QUALIFIED, title="Sortie sans relais SSIAD"
    )
    closed_gap = DysfunctionFactory(
        territory=territory, commune=commune, state=S.CLOSED, title="Sortie sans relais HAD"
    )
    return open_gap, closed_gap


def _edit(client, item, **subject):
    data = {
        "number": item.number,
        "title": item.title,
        "kind": item.kind,
        "duration_minutes": item.duration_minutes,
        **subject,
    }
    return client.post(f"/reunions/{item.meeting_id}/ordre-du-jour/{item.pk}/modifier/", data, **FR)


def test_the_pilot_links_an_item_to_a_dysfunction_by_its_number(client, pilot, item, gaps):
    open_gap, _closed = gaps
    client.force_login(pilot)
    form = client.get(f"/reunions/{item.meeting_id}/ordre-du-jour/{item.pk}/modifier/", **FR)
    html = form.content.decode()
    assert f"/recherche/register.agenda_dysfunctions/?meeting={item.meeting_id}" in html
    assert f"/recherche/register.agenda_proposals/?meeting={item.meeting_id}" in html
    response = _edit(client, item, subject_dysfunction=open_gap.reference)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.subject == open_gap
    page = client.get(item.meeting.get_absolute_url(), **FR).content.decode()
    assert f'href="{open_gap.get_absolute_url()}"' in page
    # The edit form shows it chosen; emptying the field unlinks the item.
    html = client.get(f"/reunions/{item.meeting_id}/ordre-du-jour/{item.pk}/modifier/").content
    assert open_gap.title in html.decode()
    assert _edit(client, item, subject_dysfunction="").status_code == 302
    item.refresh_from_db()
    assert item.subject is None


def test_a_settled_dysfunction_or_two_subjects_are_refused(
    client, pilot, item, gaps, territory, strategic_table
):
    open_gap, closed_gap = gaps
    proposal = ProposalFactory(
        territory=territory, state=P.SUBMITTED, strategic_table=strategic_table
    )
    client.force_login(pilot)
    refused = _edit(client, item, subject_dysfunction=closed_gap.pk)
    assert refused.status_code == 200
    item.refresh_from_db()
    assert item.subject is None
    both = _edit(client, item, subject_dysfunction=open_gap.pk, subject_proposal=proposal.pk)
    assert "un seul sujet" in both.content.decode()
    assert _edit(client, item, subject_proposal=proposal.pk).status_code == 302
    item.refresh_from_db()
    assert item.subject == proposal


def test_the_searched_choice_offers_what_still_needs_a_table(
    client, pilot, case_manager, item, gaps
):
    open_gap, closed_gap = gaps
    url = f"/recherche/register.agenda_dysfunctions/?meeting={item.meeting_id}&format=json"
    client.force_login(pilot)
    found = client.get(url + "&q=sortie").json()
    assert [r["value"] for r in found["results"]] == [open_gap.pk]
    client.force_login(case_manager)
    assert client.get(url + "&q=sortie").status_code == 404


def test_a_decided_dysfunction_leaves_the_agendas_to_come(
    client, pilot, tactical_table, gaps, territory, commune
):
    open_gap, _closed = gaps
    held = MeetingFactory(table=tactical_table, starts_at=at(-7), status=MeetingStatus.HELD)
    upcoming = MeetingFactory(table=tactical_table, starts_at=at(20))
    decided = DysfunctionFactory(
        territory=territory, commune=commune, state=S.DECIDED, title="Astreinte décidée"
    )
    AgendaItemFactory(meeting=held, number=2, title="Astreinte", subject=decided)
    AgendaItemFactory(meeting=held, number=3, title="Relais SSIAD", subject=open_gap)
    AgendaItemFactory(meeting=upcoming, number=2, title="Astreinte (suite)", subject=decided)
    carried = meeting_services.agenda_carry_over(meeting=held, actor=pilot)
    assert [i.subject for i in carried] == [open_gap]
    client.force_login(pilot)
    page = client.get(upcoming.get_absolute_url(), **FR).content.decode()
    flagged = page.split("Astreinte (suite)", 1)[1].split("</li>", 1)[0]
    assert "Réglé depuis son inscription (Décidé)" in flagged
    relais = page.split("Relais SSIAD", 1)[1].split("</li>", 1)[0]
    assert "Réglé depuis" not in relais
