"""The approval of the minutes says where the table approved them (its next meeting, chosen
on the meeting's page), and a decision's history never reads "Ouverte → Ouverte"."""

import pytest

from meetings import services
from meetings.models import DecisionStatus, MeetingStatus
from tests.meetings.factories import MeetingFactory, at

pytestmark = pytest.mark.django_db
FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}


@pytest.fixture
def drafted(tactical_table):
    return MeetingFactory(
        table=tactical_table, starts_at=at(-40), status=MeetingStatus.MINUTES_DRAFTED
    )


@pytest.fixture
def following(tactical_table):
    return MeetingFactory(
        table=tactical_table,
        title="Table tactique de janvier",
        starts_at=at(-1),
        status=MeetingStatus.HELD,
    )


def test_the_pilot_approves_the_minutes_at_the_next_meeting_and_the_pages_say_so(
    client, pilot, drafted, following
):
    client.force_login(pilot)
    page = client.get(drafted.get_absolute_url(), **FR).content.decode()
    assert "Approuvé lors de la séance" in page
    assert f'<option value="{following.pk}" selected>Table tactique de janvier</option>' in page
    response = client.post(
        f"/reunions/{drafted.pk}/compte-rendu/approuver/", {"at_meeting": following.pk}, **FR
    )
    assert response.status_code == 302
    drafted.refresh_from_db()
    assert drafted.status == MeetingStatus.MINUTES_APPROVED
    assert drafted.minutes_approved_in == following
    for url in (drafted.get_absolute_url(), f"/reunions/{drafted.pk}/compte-rendu/"):
        page = client.get(url, **FR).content.decode()
        approved = page.split("<dt>Compte rendu approuvé</dt>", 1)[1].split("</dd>", 1)[0]
        assert f'href="{following.get_absolute_url()}"' in approved
        assert "Table tactique de janvier" in approved


def test_a_meeting_of_another_table_or_still_to_come_is_refused(
    pilot, drafted, strategic_table, tactical_table
):
    elsewhere = MeetingFactory(table=strategic_table, starts_at=at(-1), status="held")
    to_come = MeetingFactory(table=tactical_table, starts_at=at(10))
    for at_meeting in (elsewhere, to_come):
        with pytest.raises(Exception, match="même table"):
            services.minutes_approve(actor=pilot, meeting=drafted, at_meeting=at_meeting)
    drafted.refresh_from_db()
    assert drafted.status == MeetingStatus.MINUTES_DRAFTED
    services.minutes_approve(actor=pilot, meeting=drafted)
    drafted.refresh_from_db()
    assert drafted.minutes_approved_in is None
    assert drafted.history.latest("pk").reason == "Approuvé par écrit"


def test_a_decision_s_history_never_moves_from_a_status_to_itself(
    client, pilot, tactical_member, following
):
    decision = services.decision_record(
        meeting=following,
        actor=pilot,
        text="Rédiger la charte commune.",
        owner=tactical_member,
        due_date=None,
    )
    client.force_login(tactical_member)
    noted = client.post(
        decision.get_absolute_url(), {"status": "open", "comment": "Premier échange prévu."}
    )
    assert noted.status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.OPEN
    silent = client.post(decision.get_absolute_url(), {"status": "open", "comment": ""}, **FR)
    assert "Indiquez ce qui a changé" in silent.content.decode()
    page = client.get(decision.get_absolute_url(), **FR).content.decode()
    assert "Ouverte → Ouverte" not in page
    assert "enregistrée (Ouverte)" in page
    assert "point d&#x27;avancement" in page or "point d'avancement" in page
    assert "Premier échange prévu." in page
    assert decision.updates.filter(from_state="open", to_state="open").count() == 1
